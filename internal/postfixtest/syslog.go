//go:build linux

package postfixtest

import (
	"bytes"
	"net"
	"os"
	"regexp"
)

// syslog reads datagrams from a Unix socket (/dev/log) and appends each,
// without its <priority>, as a line to a file.
type syslog struct {
	conn *net.UnixConn
	file string
	done chan struct{}
}

func startSyslog(socket, file string) (*syslog, error) {
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: socket, Net: "unixgram"})
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(socket, 0o666); err != nil {
		conn.Close()
		return nil, err
	}
	f, err := os.OpenFile(file, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		conn.Close()
		return nil, err
	}
	s := &syslog{conn: conn, file: file, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		defer f.Close()
		buf := make([]byte, 64<<10)
		for {
			n, err := conn.Read(buf)
			if err != nil {
				return
			}
			msg := bytes.TrimRight(priority.ReplaceAll(buf[:n], nil), "\n\x00")
			_, _ = f.Write(append(msg, '\n'))
		}
	}()
	return s, nil
}

var priority = regexp.MustCompile(`^<\d+>`)

func (s *syslog) close() {
	s.conn.Close()
	<-s.done
}
