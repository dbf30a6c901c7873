package e2e_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/postlint/postlint/internal/postfixtest"
)

// TestMain runs the test in private namespaces (see postfixtest.Main),
// killed with every process it started after limit.
func TestMain(m *testing.M) { os.Exit(postfixtest.Main(m, limit+20*time.Second)) }

// The receiver listens on the real ports, which the private network
// namespace makes safe: postlint recognises implicit TLS by the port
// number (465, smtps, submissions), so a test on another port would not
// show what users see.
const (
	portTLS      = 465 // implicit TLS (smtpd_tls_wrappermode = yes)
	portSTARTTLS = 587 // plaintext with STARTTLS
	limit        = 170 * time.Second
)

// TestRelayTLSFix reproduces the two classic SendGrid-style relay
// mistakes against a real Postfix receiver on 127.0.0.1, checks that the
// sender defers the mail with the real TLS error, fixes the sender's
// configuration with "postlint --fix", reloads it, flushes the queue and
// checks that the same message is then sent.
//
// A: relayhost [127.0.0.1]:465 with smtp_tls_wrappermode = no (PL201).
// B: relayhost [127.0.0.1]:587 with smtp_tls_wrappermode = yes (PL202).
// Both fixes are safe: plain --fix repairs them.
func TestRelayTLSFix(t *testing.T) {
	postfixtest.RequireIsolation(t)
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), limit-10*time.Second)
	defer cancel()
	postlint := buildPostlint(ctx, t)
	work := postfixtest.TempDir(t)
	// Valid for a year: postlint probe warns about one that expires
	// within two weeks.
	cert, key, err := postfixtest.SelfSigned(work, "rcv.test", time.Now().Add(-time.Hour), time.Now().Add(365*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}

	rcv := newInstance(t, work, "rcv", "127.0.0.1", fmt.Sprintf(`default_transport = discard
smtpd_tls_cert_file = %s
smtpd_tls_key_file = %s
smtpd_tls_security_level = may
smtpd_starttls_timeout = 3s
`, cert, key), fmt.Sprintf(`127.0.0.1:%d inet n - n - - smtpd
  -o syslog_name=postfixtest-rcv/smtps
  -o smtpd_tls_wrappermode=yes
  -o smtpd_tls_security_level=encrypt
127.0.0.1:%d inet n - n - - smtpd
  -o syslog_name=postfixtest-rcv/submission
`, portTLS, portSTARTTLS))
	startInstance(ctx, t, rcv)
	t.Logf("receiver up after %.1fs", time.Since(start).Seconds())
	checkProbe(ctx, t, postlint, rcv, cert)

	cases := []struct {
		name, relay, wrapper string
		unsafe               bool
		rule                 string // what postlint why blames, on main.cf line 5
		deferred             string // the sender's log, regular expression
		wantChange           []string
	}{
		{"A-465-wrappermode-no", fmt.Sprintf("[127.0.0.1]:%d", portTLS), "no", false, "PL201",
			`lost connection with 127\.0\.0\.1\[127\.0\.0\.1\] while receiving the initial server greeting`,
			[]string{"-smtp_tls_wrappermode = no", "+smtp_tls_wrappermode = yes"}},
		{"B-587-wrappermode-yes", fmt.Sprintf("[127.0.0.1]:%d", portSTARTTLS), "yes", false, "PL202",
			`Cannot start TLS: handshake failure`,
			[]string{"-smtp_tls_wrappermode = yes", "+smtp_tls_wrappermode = no"}},
	}
	for _, c := range cases {
		t0 := time.Now()
		snd := newInstance(t, work, "snd-"+c.name[:1], "127.0.0.1", fmt.Sprintf(`# Relay through a provider, as its documentation shows it.
relayhost = %s
smtp_tls_security_level = encrypt
smtp_tls_wrappermode = %s
smtp_tls_loglevel = 1
`, c.relay, c.wrapper), "")
		startInstance(ctx, t, snd)
		id := fmt.Sprintf("%s.%d@snd.test", c.name, os.Getpid())
		qid, err := snd.Send(ctx, "tester@"+snd.Host(), "rcpt@rcv.example", id, c.name)
		if err != nil {
			t.Fatal(err)
		}
		deferred := regexp.MustCompile(qid + `: to=<rcpt@rcv\.example>.*status=deferred \((` + c.deferred + `)\)`)
		waitLog(ctx, t, snd, deferred, 30*time.Second, false)
		if c.wrapper == "yes" {
			waitLog(ctx, t, snd, regexp.MustCompile(`wrong version number`), 5*time.Second, false)
		}
		t.Logf("%s: %s deferred as expected after %.1fs", c.name, qid, time.Since(t0).Seconds())
		checkWhy(ctx, t, postlint, snd, c.rule, qid)

		before := readFile(t, filepath.Join(snd.ConfigDir, "main.cf"))
		args := []string{"--fix", "--postfix-version", "3.7", "--color", "never"}
		if c.unsafe {
			args = append(args, "--unsafe-fixes")
		}
		diff := runPostlint(ctx, t, postlint, append([]string{"--diff", "--postfix-version", "3.7"}, flagUnsafe(c.unsafe)...), snd.ConfigDir)
		out := runPostlint(ctx, t, postlint, args, snd.ConfigDir)
		t.Logf("%s: postlint --diff:\n%s\npostlint --fix:\n%s", c.name, diff, out)
		after := readFile(t, filepath.Join(snd.ConfigDir, "main.cf"))
		if got := changedLines(diff); strings.Join(got, "\n") != strings.Join(c.wantChange, "\n") {
			t.Fatalf("%s: the diff changes %q, want %q", c.name, got, c.wantChange)
		}
		if got := lineDiff(before, after); strings.Join(got, "\n") != strings.Join(c.wantChange, "\n") {
			t.Fatalf("%s: --fix changed %q, want %q", c.name, got, c.wantChange)
		}
		if _, err := snd.Reload(ctx); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		sent := regexp.MustCompile(qid + `: to=<rcpt@rcv\.example>.*status=sent `)
		waitLog(ctx, t, snd, sent, 40*time.Second, true)
		t.Logf("%s: %s sent after the fix (%.1fs for the case)", c.name, qid, time.Since(t0).Seconds())
		if err := snd.Stop(); err != nil {
			t.Error(err)
		}
	}
	t.Logf("end-to-end test took %.1fs", time.Since(start).Seconds())
}

// checkWhy runs postlint why on the sender's real mail log and
// configuration: it must blame the rule on the relayhost line (PL201)
// or the smtp_tls_wrappermode line (PL202), and nothing else, and list
// the deferred message.
func checkWhy(ctx context.Context, t *testing.T, bin string, snd *postfixtest.Instance, rule, qid string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "why", "--postfix-version", "3.7", "--config-dir", snd.ConfigDir, snd.LogFile).CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("postlint why: %v (want exit status 1)\n%s", err, out)
	}
	t.Logf("postlint why:\n%s", out)
	setting := map[string]string{"PL201": "relayhost = ", "PL202": "smtp_tls_wrappermode = "}[rule]
	line := 0
	for i, l := range strings.Split(readFile(t, filepath.Join(snd.ConfigDir, "main.cf")), "\n") {
		if strings.HasPrefix(l, setting) {
			line = i + 1
		}
	}
	cause := regexp.MustCompile(`(?m)^  cause: ` + regexp.QuoteMeta(filepath.Join(snd.ConfigDir, "main.cf")) + fmt.Sprintf(`:%d:\d+: error: .*\[%s\]$`, line, rule))
	if !cause.Match(out) || !regexp.MustCompile(`(?m)^  messages: .*\b`+qid+`\b`).Match(out) {
		t.Fatalf("postlint why does not blame %s on main.cf:%d for %s", rule, line, qid)
	}
	if n := strings.Count(string(out), "  cause: "); n != 1 {
		t.Fatalf("postlint why blames %d lines, want 1", n)
	}
}

// newInstance configures a private instance under work; it is stopped at
// the end of the test, and its log shown when the test failed.
func newInstance(t *testing.T, work, name, addr, main, master string) *postfixtest.Instance {
	t.Helper()
	in, err := postfixtest.NewInstance(work, name, addr)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := in.Configure(main, master, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := in.Stop(); err != nil {
			t.Error(err)
		}
		if t.Failed() {
			t.Logf("--- %s log:\n%s", name, strings.Join(in.Lines(postfixtest.Mark{}), "\n"))
		}
	})
	return in
}

func startInstance(ctx context.Context, t *testing.T, in *postfixtest.Instance) {
	t.Helper()
	if err := in.Start(ctx); err != nil {
		t.Fatal(err)
	}
}

// waitLog waits for a line of the instance's whole log.
func waitLog(ctx context.Context, t *testing.T, in *postfixtest.Instance, re *regexp.Regexp, limit time.Duration, flush bool) {
	t.Helper()
	if _, err := in.WaitLog(ctx, postfixtest.Mark{}, re, limit, flush); err != nil {
		t.Fatal(err)
	}
}

func flagUnsafe(unsafe bool) []string {
	if unsafe {
		return []string{"--unsafe-fixes"}
	}
	return nil
}

// buildPostlint builds the postlint command into a temporary directory.
func buildPostlint(ctx context.Context, t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "postlint")
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go not found: %v", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, goCmd, "build", "-o", bin, "github.com/postlint/postlint/cmd/postlint")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runPostlint runs postlint on dir; exit status 1 (findings left) is
// fine, 2 is not.
func runPostlint(ctx context.Context, t *testing.T, bin string, args []string, dir string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, append(args, dir)...).CombinedOutput()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Fatalf("postlint %s %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return string(out)
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// changedLines returns the removed and added lines of a unified diff,
// removed ones first.
func changedLines(diff string) []string {
	var minus, plus []string
	for _, l := range strings.Split(diff, "\n") {
		switch {
		case strings.HasPrefix(l, "---") || strings.HasPrefix(l, "+++"):
		case strings.HasPrefix(l, "-"):
			minus = append(minus, l)
		case strings.HasPrefix(l, "+"):
			plus = append(plus, l)
		}
	}
	return append(minus, plus...)
}

// lineDiff returns the lines only in a ("-line") and only in b
// ("+line"), each sorted.
func lineDiff(a, b string) []string {
	count := map[string]int{}
	for _, l := range strings.Split(a, "\n") {
		count[l]++
	}
	var plus []string
	for _, l := range strings.Split(b, "\n") {
		if count[l] > 0 {
			count[l]--
			continue
		}
		plus = append(plus, "+"+l)
	}
	var minus []string
	for l, n := range count {
		for ; n > 0; n-- {
			minus = append(minus, "-"+l)
		}
	}
	sort.Strings(minus)
	sort.Strings(plus)
	return append(minus, plus...)
}
