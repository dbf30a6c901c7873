package proof_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"net"
	"net/textproto"
	"strings"
	"time"
)

// client is the SMTP client of a "check: smtp" proof: it connects to an
// instance and tries to hand over one message, and stops at the first
// reply that is not what a successful transaction gets, since the proofs
// are about what the server logs when it fails.
type client struct {
	from     string // local address to connect from
	tls      bool   // implicit TLS from the start (port 465)
	starttls bool
	cert     string // client certificate and key files, for TLS
	key      string
	sender   string
	rcpt     string
	greeting time.Duration // how long to wait for the greeting
}

func parseClient(args []string) (*client, string, error) {
	c := &client{}
	fs := flag.NewFlagSet("smtp", flag.ContinueOnError)
	fs.StringVar(&c.from, "from", "", "local address to connect from")
	fs.BoolVar(&c.tls, "tls", false, "implicit TLS")
	fs.BoolVar(&c.starttls, "starttls", false, "STARTTLS after EHLO")
	fs.StringVar(&c.cert, "cert", "", "client certificate file")
	fs.StringVar(&c.key, "key", "", "client key file")
	fs.StringVar(&c.sender, "sender", "sender@client.example", "envelope sender")
	fs.StringVar(&c.rcpt, "rcpt", "rcpt@example.net", "envelope recipient")
	fs.DurationVar(&c.greeting, "greeting", 10*time.Second, "how long to wait for the greeting")
	if err := fs.Parse(args); err != nil {
		return nil, "", err
	}
	if fs.NArg() != 1 {
		return nil, "", fmt.Errorf("smtp: want one HOST:PORT, got %q", fs.Args())
	}
	return c, fs.Arg(0), nil
}

// run holds one session with addr and returns its transcript.
func (c *client) run(ctx context.Context, addr string) string {
	var log strings.Builder
	say := func(format string, args ...any) { fmt.Fprintf(&log, format+"\n", args...) }
	d := net.Dialer{Timeout: 10 * time.Second}
	if c.from != "" {
		d.LocalAddr = &net.TCPAddr{IP: net.ParseIP(c.from)}
	}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		say("connect: %v", err)
		return log.String()
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	cfg := &tls.Config{InsecureSkipVerify: true} //nolint:gosec // the peer's certificate does not matter here
	if c.cert != "" {
		pair, err := tls.LoadX509KeyPair(c.cert, c.key)
		if err != nil {
			say("client certificate: %v", err)
			return log.String()
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	if c.tls {
		tc := tls.Client(conn, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			say("TLS handshake: %v", err)
			return log.String()
		}
		conn = tc
	}
	_ = conn.SetReadDeadline(time.Now().Add(c.greeting))
	text := textproto.NewConn(conn)
	if _, msg, err := text.ReadResponse(220); err != nil {
		say("greeting: %v %s", err, msg)
		return log.String()
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	step := func(cmd string, code int) bool {
		if err := text.PrintfLine("%s", cmd); err != nil {
			say("%s: %v", cmd, err)
			return false
		}
		got, msg, err := text.ReadResponse(code)
		say("%s: %d %s", cmd, got, msg)
		return err == nil
	}
	if !step("EHLO client.example", 250) {
		return log.String()
	}
	if c.starttls {
		if !step("STARTTLS", 220) {
			return log.String()
		}
		tc := tls.Client(conn, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			say("TLS handshake: %v", err)
			return log.String()
		}
		text = textproto.NewConn(tc)
		if !step("EHLO client.example", 250) {
			return log.String()
		}
	}
	if !step("MAIL FROM:<"+c.sender+">", 250) || !step("RCPT TO:<"+c.rcpt+">", 250) || !step("DATA", 354) {
		return log.String()
	}
	w := text.DotWriter()
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "From: <%s>\r\nTo: <%s>\r\nSubject: postlint proof\r\n\r\nhello\r\n", c.sender, c.rcpt)
	if err := b.Flush(); err != nil || w.Close() != nil {
		say("message: %v", err)
		return log.String()
	}
	got, msg, err := text.ReadResponse(250)
	say("end of data: %d %s %v", got, msg, err)
	step("QUIT", 221)
	return log.String()
}
