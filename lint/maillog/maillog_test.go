package maillog

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tests := []struct {
		raw                                string
		stamp, host, tag, pid, queue, text string
	}{
		// maillog_file (postlogd), as the test instances write it.
		{"Dec 01 23:43:29 snd postfixtest-snd/smtp[201]: 4F2A31C0D2: to=<a@b>, status=sent", "Dec 01 23:43:29", "snd", "postfixtest-snd/smtp", "201", "4F2A31C0D2", "to=<a@b>, status=sent"},
		// syslog with a space-padded day.
		{"Dec  1 23:43:29 mail postfix/submission/smtpd[7]: connect from x[192.0.2.1]", "Dec  1 23:43:29", "mail", "postfix/submission/smtpd", "7", "", "connect from x[192.0.2.1]"},
		// rsyslog high precision.
		{"2026-12-01T23:43:29.123456+00:00 mail postfix/qmgr[9]: NOQUEUE: reject: x", "2026-12-01T23:43:29.123456+00:00", "mail", "postfix/qmgr", "9", "", "reject: x"},
		// /dev/log without a host name.
		{"Dec  1 23:43:29 postfix/master[1]: daemon started", "Dec  1 23:43:29", "", "postfix/master", "1", "", "daemon started"},
		// standard error of a daemon.
		{`postfix/smtpd: warning: Invalid TLS protocol list "x": disabling TLS support`, "", "", "postfix/smtpd", "", "", `warning: Invalid TLS protocol list "x": disabling TLS support`},
		// long queue IDs.
		{"Dec 01 23:43:29 h postfix/smtp[2]: 4TqXzr2Ml8zQ4: to=<a@b>", "Dec 01 23:43:29", "h", "postfix/smtp", "2", "4TqXzr2Ml8zQ4", "to=<a@b>"},
	}
	for _, tt := range tests {
		l, ok := Parse(tt.raw)
		if !ok {
			t.Errorf("%q: not parsed", tt.raw)
			continue
		}
		got := []string{l.Stamp, l.Host, l.Tag, l.PID, l.QueueID, l.Text}
		want := []string{tt.stamp, tt.host, tt.tag, tt.pid, tt.queue, tt.text}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%q:\n got %q\nwant %q", tt.raw, got, want)
		}
	}
	for _, other := range []string{
		"Dec  1 23:43:29 mail CRON[12]: (root) CMD (x)",
		"Dec  1 23:43:29 mail kernel: [1.0] eth0 up",
		"random text",
		"",
	} {
		if _, ok := Parse(other); ok {
			t.Errorf("%q: parsed as a Postfix line", other)
		}
	}
}

func readAll(t *testing.T, name string, data []byte) ([]Line, error) {
	t.Helper()
	var out []Line
	err := Read(name, bytes.NewReader(data), func(l Line) error { out = append(out, l); return nil })
	return out, err
}

func TestReadGzipAndNumbers(t *testing.T) {
	text := "Dec 01 23:43:29 h cron[1]: x\nDec 01 23:43:30 h postfix/smtp[2]: 4F2A31C0D2: to=<a@b>\r\n"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(text))
	zw.Close()
	for name, data := range map[string][]byte{"plain": []byte(text), "mail.log.2.gz": gz.Bytes()} {
		lines, err := readAll(t, name, data)
		if err != nil {
			t.Fatal(err)
		}
		if len(lines) != 1 || lines[0].Num != 2 || lines[0].File != name || lines[0].Text != "to=<a@b>" {
			t.Errorf("%s: %+v", name, lines)
		}
	}
}

func TestReadErrors(t *testing.T) {
	good := "Dec 01 23:43:29 h postfix/smtp[2]: ok\n"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(strings.Repeat(good, 200)))
	zw.Close()
	truncated := gz.Bytes()[:gz.Len()/2]
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"binary", []byte(good + "ab\x00cd\n"), "log:2: NUL byte: binary data, not a mail log"},
		{"utf8", []byte(good + good + "Dec 01 23:43:29 h postfix/smtp[2]: \xff\xfe\n"), "log:3: invalid UTF-8: not a mail log"},
		{"huge", []byte(good + strings.Repeat("x", MaxLine+10) + "\n"), "log:2: line longer than 65536 bytes: not a mail log"},
		{"gzip header", []byte{0x1f, 0x8b, 0, 0}, "log: gzip: unexpected EOF"},
		{"gzip truncated", truncated, "gzip: unexpected EOF"},
	}
	for _, tt := range tests {
		_, err := readAll(t, "log", tt.data)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
	dir := t.TempDir()
	if err := ReadFile(filepath.Join(dir, "nope"), nil, func(Line) error { return nil }); err == nil || err.Error() != filepath.Join(dir, "nope")+": no such file or directory" {
		t.Errorf("missing file: %v", err)
	}
	if err := ReadFile(dir, nil, func(Line) error { return nil }); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("directory: %v", err)
	}
	if err := ReadFile("-", strings.NewReader(good), func(l Line) error {
		if l.File != "standard input" {
			t.Errorf("file %q", l.File)
		}
		return nil
	}); err != nil {
		t.Error(err)
	}
}

func TestHostLogs(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "maillog")
	old := time.Now().Add(-time.Hour)
	for i, n := range []string{base + ".20261201-120000", base + ".2.gz", base + ".1", base, base + ".bak"} {
		if err := os.WriteFile(n, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(n, old.Add(time.Duration(i)*time.Minute), old.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	got := HostLogs(base)
	want := []string{base + ".20261201-120000", base + ".2.gz", base + ".1", base}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("HostLogs = %q, want %q", got, want)
	}
}

// FuzzParse: any line parses or not, without a panic, and a parsed
// line's parts come from it.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"Dec 01 23:43:29 snd postfix/smtp[201]: 4F2A31C0D2: to=<a@b>",
		"2026-12-01T23:43:29+00:00 h postfix/qmgr[9]: NOQUEUE: x",
		"postfix/smtpd: warning: x",
		"Dec  1 23:43:29 postfix/master[1]: x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, ok := Parse(s)
		if ok && (!strings.Contains(s, l.Tag) || !strings.HasSuffix(s, l.Text)) {
			t.Errorf("%q: %+v", s, l)
		}
	})
}
