// Package probe checks the next hops a configuration routes mail to,
// live: it connects to each server on the port the route uses, reads the
// greeting, says EHLO, starts TLS (STARTTLS, or at once for implicit
// TLS) and QUITs, never sending mail. It learns whether the port speaks
// implicit TLS, whether STARTTLS is offered, which TLS versions the
// server accepts (one handshake per version) and the certificate chain,
// and compares them with the transport's effective settings: wrapper
// mode, security level, protocol lists, CA files and name matching.
// What does not fit becomes a finding of a check documented like the
// other Go checks (see docs.go), at the setting responsible.
//
// Time is bounded: every connection has a deadline, the greeting wait
// is short (a server that says nothing may be waiting for a TLS
// ClientHello), and targets are probed a few at a time.
package probe
