package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Versions are the TLS versions probed, oldest first.
var Versions = []uint16{tls.VersionTLS10, tls.VersionTLS11, tls.VersionTLS12, tls.VersionTLS13}

// VersionName names a TLS version as Postfix's protocol lists do.
func VersionName(v uint16) string {
	switch v {
	case tls.VersionTLS10:
		return "TLSv1"
	case tls.VersionTLS11:
		return "TLSv1.1"
	case tls.VersionTLS12:
		return "TLSv1.2"
	case tls.VersionTLS13:
		return "TLSv1.3"
	}
	return fmt.Sprintf("0x%04x", v)
}

// Options bound a probe.
type Options struct {
	// Timeout bounds each connection attempt and each exchange.
	Timeout time.Duration
	// GreetWait is how long to wait for a plaintext greeting before
	// trying a TLS handshake instead (an implicit-TLS server says
	// nothing until it gets a ClientHello).
	GreetWait time.Duration
	// Helo is the EHLO name.
	Helo string
	// Dial connects; nil uses net.Dialer.
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
}

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.GreetWait <= 0 {
		o.GreetWait = 5 * time.Second
	}
	if o.Helo == "" {
		o.Helo = "localhost"
	}
	if o.Dial == nil {
		d := &net.Dialer{Timeout: o.Timeout}
		o.Dial = d.DialContext
	}
	return o
}

// Server is what a probe learned about one server.
type Server struct {
	Addr string // host:port as dialled
	// Err is why the server could not be reached or spoke no SMTP; the
	// other fields are then empty.
	Err      error
	Implicit bool   // it speaks TLS at once (a ClientHello first)
	Greeting string // the plaintext 220 greeting, "" for implicit TLS
	StartTLS bool   // EHLO offered STARTTLS
	// TLSErr is why no TLS session could be had with every version
	// allowed (nil when one was, or when TLS was not tried).
	TLSErr error
	// Accepted lists the TLS versions a handshake succeeded with.
	Accepted []uint16
	// Chain is the certificate chain the server presented, leaf first.
	Chain []*x509.Certificate
	// Grades says whether a TLSv1.2-or-older session could be had with
	// the cipher suites of an OpenSSL grade ("high", "medium"); absent
	// when not tried (the server accepts no version up to TLSv1.2).
	Grades map[string]bool
}

// gradeSuites are Go's cipher suites for TLSv1.2 and older by the
// OpenSSL grade Postfix names in smtp_tls_ciphers: every AES and
// ChaCha20 suite is HIGH; 3DES and RC4 are MEDIUM. Go has no LOW,
// EXPORT or NULL suites. TLSv1.3 suites are not chosen by grade.
func gradeSuites(grade string) []uint16 {
	var out []uint16
	for _, cs := range append(tls.CipherSuites(), tls.InsecureCipherSuites()...) {
		if !slices.Contains(cs.SupportedVersions, tls.VersionTLS12) && !slices.Contains(cs.SupportedVersions, tls.VersionTLS10) {
			continue // TLSv1.3 only
		}
		medium := strings.Contains(cs.Name, "RC4") || strings.Contains(cs.Name, "3DES")
		if grade == "medium" || !medium {
			out = append(out, cs.ID)
		}
	}
	return out
}

// TLS reports whether a TLS session could be had.
func (s *Server) TLS() bool { return len(s.Chain) > 0 }

// Probe connects to host:port. wrapper says to try implicit TLS first
// (the transport has wrapper mode on); otherwise a server that sends no
// greeting within GreetWait is tried with TLS. serverName is sent as SNI
// when it is a name.
func Probe(ctx context.Context, host string, port int, wrapper bool, serverName string, opt Options) *Server {
	opt = opt.withDefaults()
	s := &Server{Addr: net.JoinHostPort(host, strconv.Itoa(port))}
	cfg := func(v uint16) *tls.Config {
		// Every suite Go has, old ones too: the probe is to find out
		// what the server accepts.
		c := &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS13, CipherSuites: gradeSuites("medium")} // #nosec G402 -- the chain is verified by the checks, against the transport's CAs
		if v != 0 {
			c.MinVersion, c.MaxVersion = v, v
		}
		if net.ParseIP(serverName) == nil {
			c.ServerName = serverName
		}
		return c
	}
	if wrapper {
		tc, err := s.dialTLS(ctx, cfg(0), opt)
		var rh tls.RecordHeaderError
		switch {
		case err == nil:
			s.Implicit = true
			s.sawTLS(tc)
			tc.Close()
		case errors.As(err, &rh) && smtpReply(rh.RecordHeader[:]):
			// A plaintext greeting ("220 ...", or a refusal) where
			// the ClientHello's answer should be: fall through to the
			// plaintext probe, which reads it.
		default:
			s.Err = err
			return s
		}
	}
	if !s.Implicit {
		implicit, err := s.plain(ctx, cfg(0), opt)
		if err != nil {
			s.Err = err
			return s
		}
		if implicit {
			tc, err := s.dialTLS(ctx, cfg(0), opt)
			if err != nil {
				s.Err = fmt.Errorf("no greeting within %v, and no TLS either: %w", opt.GreetWait, err)
				return s
			}
			s.Implicit = true
			s.sawTLS(tc)
			tc.Close()
		}
	}
	if !s.Implicit && !s.StartTLS {
		return s
	}
	for _, v := range Versions {
		if s.try(ctx, cfg(v), opt) {
			s.Accepted = append(s.Accepted, v)
		}
	}
	if len(s.Accepted) > 0 && s.Accepted[0] <= tls.VersionTLS12 {
		s.Grades = map[string]bool{}
		for _, g := range []string{"high", "medium"} {
			c := cfg(0)
			c.MaxVersion, c.CipherSuites = tls.VersionTLS12, gradeSuites(g)
			s.Grades[g] = s.try(ctx, c, opt)
		}
	}
	return s
}

// smtpReply reports whether b starts like an SMTP reply: three digits.
func smtpReply(b []byte) bool {
	return len(b) >= 3 && '2' <= b[0] && b[0] <= '5' && '0' <= b[1] && b[1] <= '9' && '0' <= b[2] && b[2] <= '9'
}

func (s *Server) dial(ctx context.Context, opt Options) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	c, err := opt.Dial(ctx, "tcp", s.Addr)
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return nil, fmt.Errorf("DNS: %s: %s", dns.Name, dns.Err)
	}
	return c, err
}

func (s *Server) dialTLS(ctx context.Context, cfg *tls.Config, opt Options) (*tls.Conn, error) {
	c, err := s.dial(ctx, opt)
	if err != nil {
		return nil, err
	}
	tc, err := handshake(ctx, c, cfg, opt.Timeout)
	if err != nil {
		c.Close()
		return nil, err
	}
	return tc, nil
}

func (s *Server) sawTLS(tc *tls.Conn) {
	s.Chain = tc.ConnectionState().PeerCertificates
}

// plain runs the plaintext session: greeting, EHLO, STARTTLS when
// offered, QUIT. silent reports a server that sent nothing within
// GreetWait.
func (s *Server) plain(ctx context.Context, cfg *tls.Config, opt Options) (silent bool, err error) {
	c, err := s.dial(ctx, opt)
	if err != nil {
		return false, err
	}
	sc := newConn(c, opt.GreetWait)
	code, lines, err := sc.reply()
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() && len(lines) == 0 {
		c.Close()
		return true, nil
	}
	if err != nil {
		c.Close()
		return false, fmt.Errorf("greeting: %w", err)
	}
	sc.timeout = opt.Timeout
	if code != 220 {
		c.Close()
		return false, fmt.Errorf("greeting: %s", lines[0])
	}
	s.Greeting = lines[0]
	if s.StartTLS, err = sc.ehlo(opt.Helo); err != nil {
		c.Close()
		return false, err
	}
	if !s.StartTLS {
		sc.quit()
		return false, nil
	}
	tc, err := sc.startTLS(ctx, cfg)
	if err != nil {
		s.TLSErr = err
		c.Close()
		return false, nil
	}
	s.sawTLS(tc)
	newConn(tc, opt.Timeout).quit()
	return false, nil
}

// try reports whether a TLS session with cfg can be had, the way the
// server offers TLS.
func (s *Server) try(ctx context.Context, cfg *tls.Config, opt Options) bool {
	if s.Implicit {
		tc, err := s.dialTLS(ctx, cfg, opt)
		if err != nil {
			return false
		}
		newConn(tc, opt.Timeout).quit()
		return true
	}
	c, err := s.dial(ctx, opt)
	if err != nil {
		return false
	}
	defer c.Close()
	sc := newConn(c, opt.Timeout)
	if code, _, err := sc.reply(); err != nil || code != 220 {
		return false
	}
	if ok, err := sc.ehlo(opt.Helo); err != nil || !ok {
		return false
	}
	tc, err := sc.startTLS(ctx, cfg)
	if err != nil {
		return false
	}
	newConn(tc, opt.Timeout).quit()
	return true
}
