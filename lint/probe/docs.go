package probe

import (
	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/rules"
)

// relay is the start of a delivery status line's server, with captures.
const relay = `relay=(?P<host>[^\[\s,]+)\[(?P<addr>[^\]]*)\]:(?P<port>\d+),.* `

// logLine is a log line of the SMTP client that a check explains when no
// setting does (see why.New); the texts are Postfix's (src/smtp).
func logLine(pattern string) []*rules.LogPattern {
	return []*rules.LogPattern{rules.NewLogPattern("smtp", pattern, "")}
}

// Rule IDs of the probe checks. They are stable: configuration files and
// scripts select and ignore rules by them.
const (
	ImplicitWithoutWrapper = "PL901" // probe-implicit-tls-without-wrappermode
	PlaintextWithWrapper   = "PL902" // probe-plaintext-with-wrappermode
	NoStartTLS             = "PL903" // probe-starttls-not-offered
	NoCommonVersion        = "PL904" // probe-no-common-tls-version
	CertUntrusted          = "PL905" // probe-cert-untrusted
	CertNameMismatch       = "PL906" // probe-cert-name-mismatch
	CertExpired            = "PL907" // probe-cert-expired
	Unreachable            = "PL908" // probe-unreachable
	NoCommonCipher         = "PL909" // probe-no-common-cipher
)

// Scope is the scope "postlint explain" shows for probe checks.
const Scope rules.Scope = "probe"

// Lookup finds a check by ID or name, ignoring case.
func Lookup(idOrName string) (lint.CheckDoc, bool) { return docs.Lookup(idOrName) }

// Rules returns the checks as rules.Rule values for "postlint rules",
// "postlint explain" and SARIF; they must not be given to lint.Run.
func Rules() []*rules.Rule { return docs.Rules(Scope, "lint/probe") }

const (
	refWrapper = "https://www.postfix.org/postconf.5.html#smtp_tls_wrappermode"
	refLevel   = "https://www.postfix.org/postconf.5.html#smtp_tls_security_level"
	refProto   = "https://www.postfix.org/postconf.5.html#smtp_tls_mandatory_protocols"
	refPolicy  = "https://www.postfix.org/postconf.5.html#smtp_tls_policy_maps"
	refCA      = "https://www.postfix.org/postconf.5.html#smtp_tls_CAfile"
	refMatch   = "https://www.postfix.org/postconf.5.html#smtp_tls_verify_cert_match"
	refTLS     = "https://www.postfix.org/TLS_README.html#client_tls"
	refCiphers = "https://www.postfix.org/postconf.5.html#smtp_tls_mandatory_ciphers"
)

// docs is the documentation of every probe check, in ID order.
var docs = lint.CheckDocs{
	{
		ID: ImplicitWithoutWrapper, Name: "probe-implicit-tls-without-wrappermode", Severity: lint.Error,
		Title: "The next hop speaks implicit TLS, but the transport has wrapper mode off",
		Param: "smtp_tls_wrappermode",
		What: `postlint probe connected to the next hop: it sent no greeting, and
a TLS handshake succeeded on a new connection, so the port speaks implicit
TLS (SMTPS, usually port 465). The transport that delivers there has
smtp_tls_wrappermode = no. PL201 finds this statically for port 465; the
probe also finds it on other ports.`,
		Why: `The SMTP client waits for a plaintext greeting while the server waits
for a TLS ClientHello: every delivery times out and the mail is deferred
until it bounces.`,
		Symptom:    `status=deferred (lost connection with smtp.example.com[192.0.2.10] while receiving the initial server greeting)`,
		Before:     "relayhost = [smtp.example.com]:2465\nsmtp_tls_security_level = encrypt\n",
		After:      "relayhost = [smtp.example.com]:2465\nsmtp_tls_security_level = encrypt\nsmtp_tls_wrappermode = yes\n",
		References: []string{refWrapper, refTLS},
		Log:        logLine(relay + `status=deferred \((?:lost connection with|conversation with) \S+ (?:timed out )?while receiving the initial server greeting\)`),
	},
	{
		ID: PlaintextWithWrapper, Name: "probe-plaintext-with-wrappermode", Severity: lint.Error,
		Title: "The next hop greets in plaintext, but the transport has wrapper mode on",
		Param: "smtp_tls_wrappermode",
		What: `postlint probe connected to the next hop and got a plaintext "220"
greeting, but the transport that delivers there has smtp_tls_wrappermode
= yes and starts with a TLS handshake. PL202 finds this statically for
ports 25 and 587.`,
		Why:        `The server answers the ClientHello with its greeting; the handshake fails and every delivery is deferred.`,
		Symptom:    `SSL_connect error to smtp.example.com[192.0.2.10]:587: -1, TLS library problem: ...wrong version number, then status=deferred (Cannot start TLS: handshake failure)`,
		Before:     "relayhost = [smtp.example.com]:2587\nsmtp_tls_wrappermode = yes\nsmtp_tls_security_level = encrypt\n",
		After:      "relayhost = [smtp.example.com]:2587\nsmtp_tls_security_level = encrypt\n",
		References: []string{refWrapper, refTLS},
	},
	{
		ID: NoStartTLS, Name: "probe-starttls-not-offered", Severity: lint.Error,
		Title: "The next hop does not offer STARTTLS, but the transport requires TLS",
		Param: "smtp_tls_security_level",
		What: `postlint probe said EHLO to the next hop and STARTTLS was not in
the reply, while the transport's security level (or the policy table
entry for the hop) is encrypt or stronger.`,
		Why: `With mandatory TLS the SMTP client does not send mail in plaintext:
every delivery to the hop is deferred. Either the server lost its TLS
configuration, something in between strips STARTTLS, or the level is
wrong for this hop. Where plaintext to that one hop is acceptable, the
unsafe fix (--unsafe-fixes) writes a policy entry with level may for it
alone.`,
		Symptom:    `status=deferred (TLS is required, but was not offered by host smtp.example.com[192.0.2.10])`,
		Before:     "relayhost = [legacy.example.com]\nsmtp_tls_security_level = encrypt\n",
		After:      "relayhost = [legacy.example.com]\nsmtp_tls_security_level = encrypt\n# ask the operator of legacy.example.com to enable STARTTLS\n",
		References: []string{refLevel, refTLS},
		Log:        logLine(relay + `status=deferred \(TLS is required, but was not offered by host `),
	},
	{
		ID: NoCommonVersion, Name: "probe-no-common-tls-version", Severity: lint.Error,
		Title: "The next hop accepts no TLS version the transport allows",
		Param: "smtp_tls_mandatory_protocols, smtp_tls_protocols",
		What: `postlint probe tried a TLS handshake with each version from TLSv1
to TLSv1.3 and none that the server accepted is allowed by the
transport's protocol list at its level (smtp_tls_mandatory_protocols for
encrypt and stronger, smtp_tls_protocols for may, or the protocols=
attribute of the hop's smtp_tls_policy_maps entry). Typical: an old
Exchange server that only speaks TLSv1 against ">=TLSv1.2". An error at
mandatory levels, a warning at may.`,
		Why: `The handshake fails on every attempt. The fix is on one side or the
other: upgrade the server, or allow its version for that destination
only with a policy table entry, not by lowering the protocols for every
destination; the unsafe fix (--unsafe-fixes) writes that entry. Note that the system's OpenSSL may refuse old versions
whatever Postfix allows (Debian sets MinProtocol = TLSv1.2).`,
		Symptom:    `status=deferred (Cannot start TLS: handshake failure)`,
		Before:     "relayhost = [exchange.example.com]\nsmtp_tls_security_level = encrypt\nsmtp_tls_mandatory_protocols = >=TLSv1.2\n",
		After:      "relayhost = [exchange.example.com]\nsmtp_tls_security_level = encrypt\nsmtp_tls_mandatory_protocols = >=TLSv1.2\nsmtp_tls_policy_maps = inline:{ {[exchange.example.com] = encrypt protocols=>=TLSv1} }\n",
		References: []string{refProto, refPolicy},
		Log:        logLine(relay + `status=deferred \(Cannot start TLS: handshake failure\)`),
	},
	{
		ID: CertUntrusted, Name: "probe-cert-untrusted", Severity: lint.Error,
		Title: "The next hop's certificate does not verify against the transport's CAs",
		Param: "smtp_tls_CAfile, smtp_tls_CApath, tls_append_default_CA",
		What: `The certificate chain the next hop presented does not verify
against the CAs the transport trusts: smtp_tls_CAfile, smtp_tls_CApath,
and the system's CAs only with tls_append_default_CA = yes. A self-signed
certificate, a missing intermediate or an empty CA setting all show here.
An error at levels verify and secure, information below.`,
		Why: `At verify and secure every delivery is deferred; at may and encrypt
mail goes, logged as untrusted. postlint predicts this before mail is
queued.`,
		Symptom:    `status=deferred (Server certificate not verified), or at lower levels: Untrusted TLS connection established to smtp.example.com[192.0.2.10]:25`,
		Before:     "relayhost = [smtp.example.com]:587\nsmtp_tls_security_level = secure\n",
		After:      "relayhost = [smtp.example.com]:587\nsmtp_tls_security_level = secure\nsmtp_tls_CAfile = /etc/ssl/certs/ca-certificates.crt\n",
		References: []string{refCA, refTLS},
		Log:        logLine(relay + `status=deferred \(Server certificate not verified\)`),
	},
	{
		ID: CertNameMismatch, Name: "probe-cert-name-mismatch", Severity: lint.Error,
		Title: "The next hop's certificate is for another name",
		Param: "smtp_tls_verify_cert_match, smtp_tls_secure_cert_match",
		What: `The chain verifies, but the certificate names none of the names
the level requires: smtp_tls_verify_cert_match (default hostname) at
verify, smtp_tls_secure_cert_match (default nexthop, dot-nexthop) at
secure, or the match= attribute of the hop's policy entry. An error at
verify and secure, information below.`,
		Why:        `The SMTP client treats the certificate as unverified: at verify and secure every delivery is deferred.`,
		Symptom:    `status=deferred (Server certificate not verified)`,
		Before:     "relayhost = [relay.example.com]:587\nsmtp_tls_security_level = secure\n",
		After:      "relayhost = [relay.example.com]:587\nsmtp_tls_security_level = secure\nsmtp_tls_secure_cert_match = nexthop, dot-nexthop, .provider.example\n",
		References: []string{refMatch, refTLS},
	},
	{
		ID: CertExpired, Name: "probe-cert-expired", Severity: lint.Error,
		Title: "The next hop's certificate has expired or expires soon",
		What: `The leaf certificate the next hop presented has expired, or
expires within 14 days. An error at verify and secure, a warning below.`,
		Why:        `An expired certificate does not verify: at verify and secure deliveries are deferred.`,
		Symptom:    `server certificate verification failed for smtp.example.com[192.0.2.10]:25: certificate has expired`,
		Before:     "relayhost = [smtp.example.com]\nsmtp_tls_security_level = verify\n",
		Log:        logLine(`^server certificate verification failed for (?P<host>[^\[\s]+)\[(?P<addr>[^\]]*)\]:(?P<port>\d+): certificate has expired`),
		After:      "# the server's operator renews its certificate\n",
		References: []string{refTLS},
	},
	{
		ID: Unreachable, Name: "probe-unreachable", Severity: lint.Error,
		Title: "The next hop cannot be probed",
		What: `postlint probe could not resolve the next hop's name, connect to
it, or got no SMTP greeting and no TLS handshake.`,
		Why:        `What stops the probe usually stops the SMTP client too: mail to the hop is deferred.`,
		Symptom:    `status=deferred (connect to smtp.example.com[192.0.2.10]:587: Connection refused)`,
		Before:     "relayhost = [smtp.example.com]:2525\n",
		After:      "relayhost = [smtp.example.com]:587\n",
		References: []string{refTLS},
	},
	{
		ID: NoCommonCipher, Name: "probe-no-common-cipher", Severity: lint.Error,
		Title: "The next hop accepts no cipher suite of the transport's grade",
		Param: "smtp_tls_mandatory_ciphers, smtp_tls_ciphers",
		What: `The server and the transport share a TLS version, but only TLSv1.2
or older, and the server accepts none of the cipher suites of the grade
the transport uses at its level (smtp_tls_mandatory_ciphers for encrypt
and stronger, smtp_tls_ciphers for may, or the ciphers= attribute of the
hop's policy entry): typically an old server with only 3DES or RC4 against
grade high. postlint knows the grades high and medium (AES and ChaCha20
are high, 3DES and RC4 medium); TLSv1.3 suites do not depend on the grade.
An error at mandatory levels, a warning at may.`,
		Why: `The handshake fails on every attempt. Allow the weaker grade for that
destination only, with a policy table entry, rather than for all (the
unsafe fix, --unsafe-fixes, writes it). Note that the system's OpenSSL may
not offer 3DES or RC4 at all.`,
		Symptom:    `status=deferred (Cannot start TLS: handshake failure)`,
		Before:     "relayhost = [old.example.com]\nsmtp_tls_security_level = encrypt\nsmtp_tls_mandatory_ciphers = high\n",
		After:      "relayhost = [old.example.com]\nsmtp_tls_security_level = encrypt\nsmtp_tls_mandatory_ciphers = high\nsmtp_tls_policy_maps = inline:{ {[old.example.com] = encrypt ciphers=medium} }\n",
		References: []string{refCiphers, refPolicy},
	},
}
