package probe

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
)

// conn is one SMTP connection with a deadline for every exchange.
type conn struct {
	c       net.Conn
	r       *bufio.Reader
	timeout time.Duration
}

func newConn(c net.Conn, timeout time.Duration) *conn {
	return &conn{c: c, r: bufio.NewReaderSize(c, maxLine), timeout: timeout}
}

// maxReply bounds the lines of one reply, and maxLine their length: a
// server that sends endless ones is not worth reading.
const (
	maxReply = 100
	maxLine  = 4096
)

// reply reads one (possibly multi-line) reply.
func (s *conn) reply() (code int, lines []string, err error) {
	if err := s.c.SetReadDeadline(time.Now().Add(s.timeout)); err != nil {
		return 0, nil, err
	}
	for len(lines) < maxReply {
		b, err := s.r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			return 0, lines, fmt.Errorf("reply line longer than %d bytes", maxLine)
		}
		if err != nil {
			return 0, lines, err
		}
		line := strings.TrimRight(string(b), "\r\n")
		if len(line) < 3 {
			return 0, lines, fmt.Errorf("malformed reply %q", line)
		}
		n, err := strconv.Atoi(line[:3])
		if err != nil {
			return 0, lines, fmt.Errorf("malformed reply %q", line)
		}
		code = n
		lines = append(lines, line)
		if len(line) == 3 || line[3] != '-' {
			return code, lines, nil
		}
	}
	return 0, lines, errors.New("reply of more than 100 lines")
}

// cmd sends a command and reads the reply.
func (s *conn) cmd(line string) (int, []string, error) {
	if err := s.c.SetWriteDeadline(time.Now().Add(s.timeout)); err != nil {
		return 0, nil, err
	}
	if _, err := s.c.Write([]byte(line + "\r\n")); err != nil {
		return 0, nil, err
	}
	return s.reply()
}

// quit ends the session politely, ignoring the answer.
func (s *conn) quit() {
	_, _, _ = s.cmd("QUIT")
	s.c.Close()
}

// ehlo says EHLO and reports whether STARTTLS is offered.
func (s *conn) ehlo(helo string) (starttls bool, err error) {
	code, lines, err := s.cmd("EHLO " + helo)
	if err != nil {
		return false, fmt.Errorf("EHLO: %w", err)
	}
	if code != 250 {
		return false, fmt.Errorf("EHLO: %s", strings.Join(lines, " "))
	}
	for _, l := range lines[1:] {
		if f := strings.Fields(l[min(4, len(l)):]); len(f) > 0 && strings.EqualFold(f[0], "STARTTLS") {
			return true, nil
		}
	}
	return false, nil
}

// startTLS asks for STARTTLS and runs the handshake.
func (s *conn) startTLS(ctx context.Context, cfg *tls.Config) (*tls.Conn, error) {
	code, lines, err := s.cmd("STARTTLS")
	if err != nil {
		return nil, fmt.Errorf("STARTTLS: %w", err)
	}
	if code != 220 {
		return nil, fmt.Errorf("STARTTLS: %s", strings.Join(lines, " "))
	}
	return handshake(ctx, s.c, cfg, s.timeout)
}

func handshake(ctx context.Context, c net.Conn, cfg *tls.Config, timeout time.Duration) (*tls.Conn, error) {
	tc := tls.Client(c, cfg)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := tc.HandshakeContext(ctx); err != nil {
		return nil, err
	}
	return tc, nil
}
