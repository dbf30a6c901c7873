package maillog

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// MaxLine is the longest line accepted. Postfix's own lines stay far
// below it (syslog truncates at a few KiB); a longer one is not a mail
// log.
const MaxLine = 64 << 10

// Line is one Postfix log line.
type Line struct {
	File    string // as given to Read
	Num     int    // line number in File, from 1
	Stamp   string // the time stamp as written
	Host    string // "" when the line has none (syslog from /dev/log)
	Tag     string // syslog tag without [pid]: postfix/submission/smtpd
	PID     string
	QueueID string // "" when the line is about no message
	Text    string // the message after the tag and the queue ID
	Raw     string // the whole line
}

// Program is the daemon that logged the line: the tag's last part
// (smtp in postfix/relay/smtp).
func (l Line) Program() string {
	if i := strings.LastIndexByte(l.Tag, '/'); i >= 0 {
		return l.Tag[i+1:]
	}
	return l.Tag
}

// Error is input that is not a readable log.
type Error struct {
	File string
	Line int // 0 when the problem is not on a line
	Err  error
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

var (
	// "Dec  1 23:43:29", "Dec 01 23:43:29.123456"
	bsdStamp = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Z][a-z]{2} [ 0-9]?\d \d\d:\d\d:\d\d(?:\.\d+)? `) })
	// "2026-12-01T23:43:29.123456+00:00", "2026-12-01T23:43:29+0000"
	isoStamp = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)? `)
	})
	tagRe   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([^\s\[\]:]+)(?:\[(\d+)\])?: `) })
	queueRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^([0-9A-F]{6,}|[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{10,}z[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]+|NOQUEUE): `)
	})
)

// Parse splits one line; ok is false for a line that is not a Postfix
// program's (another program, or no syslog shape).
func Parse(raw string) (l Line, ok bool) {
	l.Raw = raw
	rest := raw
	if m := bsdStamp().FindString(rest); m != "" {
		l.Stamp, rest = strings.TrimSpace(m), rest[len(m):]
	} else if m := isoStamp().FindString(rest); m != "" {
		l.Stamp, rest = strings.TrimSpace(m), rest[len(m):]
	}
	// Without a time stamp: what Postfix programs print on standard
	// error ("postfix/smtpd: warning: ..."), which has no host either.
	if l.Stamp != "" && !tagRe().MatchString(rest) {
		host, after, found := strings.Cut(rest, " ")
		if !found {
			return l, false
		}
		l.Host, rest = host, after
	}
	m := tagRe().FindStringSubmatch(rest)
	if m == nil {
		return l, false
	}
	l.Tag, l.PID, rest = m[1], m[2], rest[len(m[0]):]
	// Postfix tags are syslog_name/process_name; syslog_name itself may
	// hold slashes (postfix/submission).
	if !strings.Contains(l.Tag, "/") {
		return l, false
	}
	if q := queueRe().FindStringSubmatch(rest); q != nil {
		if q[1] != "NOQUEUE" {
			l.QueueID = q[1]
		}
		rest = rest[len(q[0]):]
	}
	l.Text = rest
	return l, true
}

// Read calls fn for every Postfix line of r, named name in errors, in
// order. It stops at the first error of the input or of fn.
func Read(name string, r io.Reader, fn func(Line) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(2)
	if len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return &Error{File: name, Err: fmt.Errorf("gzip: %w", err)}
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLine+1)
	n := 0
	for sc.Scan() {
		n++
		b := bytes.TrimSuffix(sc.Bytes(), []byte("\r"))
		if err := check(b); err != nil {
			return &Error{File: name, Line: n, Err: err}
		}
		l, ok := Parse(string(b))
		if !ok {
			continue
		}
		l.File, l.Num = name, n
		if err := fn(l); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("line longer than %d bytes: not a mail log", MaxLine)
		} else if errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.Is(err, io.ErrUnexpectedEOF) {
			err = fmt.Errorf("gzip: %w", err)
		}
		return &Error{File: name, Line: n + 1, Err: err}
	}
	return nil
}

func check(b []byte) error {
	if bytes.IndexByte(b, 0) >= 0 {
		return errors.New("NUL byte: binary data, not a mail log")
	}
	if !utf8.Valid(b) {
		return errors.New("invalid UTF-8: not a mail log")
	}
	return nil
}

// ReadFile reads the named file ("-" for standard input, given as
// stdin).
func ReadFile(path string, stdin io.Reader, fn func(Line) error) error {
	if path == "-" {
		return Read("standard input", stdin, fn)
	}
	// Stat before opening: opening a FIFO waits for a writer, and
	// kernel files such as /proc/kmsg block when read.
	fi, err := os.Stat(path)
	if err != nil {
		return &Error{File: path, Err: unwrapPath(err)}
	}
	switch {
	case fi.IsDir():
		return &Error{File: path, Err: errors.New("is a directory, not a mail log")}
	case !fi.Mode().IsRegular():
		return &Error{File: path, Err: errors.New("not a regular file: pipe it in as - instead")}
	case kernelFile(path):
		return &Error{File: path, Err: errors.New("a kernel interface (/proc, /sys), not a mail log")}
	}
	f, err := os.Open(path)
	if err != nil {
		return &Error{File: path, Err: unwrapPath(err)}
	}
	defer f.Close()
	return Read(path, f, fn)
}

func kernelFile(path string) bool {
	if p, err := filepath.EvalSymlinks(path); err == nil {
		path = p
	}
	if p, err := filepath.Abs(path); err == nil {
		path = p
	}
	return strings.HasPrefix(path, "/proc/") || strings.HasPrefix(path, "/sys/")
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// HostLogs returns the host's usual mail logs that exist, oldest first:
// maillog_file (when set), else /var/log/mail.log, else /var/log/maillog,
// each after its rotations (name.1, name.2.gz, and maillog_file's
// name.20261201-120000 from postfix logrotate).
func HostLogs(maillogFile string) []string {
	for _, base := range []string{maillogFile, "/var/log/mail.log", "/var/log/maillog"} {
		if base == "" || !isFile(base) {
			continue
		}
		matches, _ := filepath.Glob(base + ".*")
		type rotated struct {
			name string
			mod  time.Time
		}
		var rs []rotated
		for _, m := range matches {
			if fi, err := os.Stat(m); err == nil && fi.Mode().IsRegular() && rotation().MatchString(strings.TrimPrefix(m, base)) {
				rs = append(rs, rotated{m, fi.ModTime()})
			}
		}
		sort.SliceStable(rs, func(i, j int) bool {
			if !rs[i].mod.Equal(rs[j].mod) {
				return rs[i].mod.Before(rs[j].mod)
			}
			return rs[i].name > rs[j].name // mail.log.2 before mail.log.1
		})
		var out []string
		for _, r := range rs {
			out = append(out, r.name)
		}
		return append(out, base)
	}
	return nil
}

// rotation is the suffix of a rotated log.
var rotation = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\.(\d+|\d{8}-\d{6})(\.gz)?$`) })

func isFile(name string) bool {
	fi, err := os.Stat(name)
	return err == nil && fi.Mode().IsRegular()
}
