// Package e2e runs private instances of the real Postfix for end-to-end
// tests: each instance has its own configuration directory, queue, data
// directory and log file under a temporary directory, listens only on
// loopback addresses, and runs no service chrooted.
//
// The gotchas it handles: Postfix reads a main.cf or master.cf changed
// within the last seconds again and again ("hot" files), so files are
// back-dated after every change; the instance directory must be
// traversable by the postfix user; the log goes to a file through
// postlogd (maillog_file, Postfix 3.4 and later) instead of syslog; and
// every process is ended when a test finishes, also on failure or
// timeout (see Isolated).
package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// innerEnv marks the child process that Isolated starts.
const innerEnv = "POSTLINT_E2E_INNER"

// Require skips the test when Postfix is not installed or the test does
// not run as root (Postfix instances need root to start), except in CI
// (CI=true), where it fails.
func Require(t testing.TB) {
	t.Helper()
	var missing string
	switch {
	case os.Geteuid() != 0:
		missing = "not running as root"
	case lookPostfix("postfix") == "":
		missing = "postfix(1) not found"
	case lookPostfix("openssl") == "":
		missing = "openssl(1) not found"
	}
	if missing == "" {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s: the end-to-end tests with real Postfix must run in CI", missing)
	}
	t.Skip(missing)
}

// lookPostfix finds a Postfix command, also in /usr/sbin when PATH lacks
// it.
func lookPostfix(name string) string {
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, dir := range []string{"/usr/sbin", "/usr/local/sbin", "/usr/bin"} {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

// Isolated runs the calling top-level test again in a child process in
// a new PID namespace (unshare --pid --fork --kill-child), bounded by
// limit: when the child ends or is killed, the kernel kills every
// process left in the namespace, Postfix daemons included. It returns
// true in that child, which then does the work; in the parent it
// reports the child's output and outcome and returns false. Where
// unshare is not permitted it returns true at once: the test then runs
// in this process and relies on Instance cleanup alone.
func Isolated(t *testing.T, limit time.Duration) bool {
	t.Helper()
	if os.Getenv(innerEnv) != "" {
		return true
	}
	unshare := lookPostfix("unshare")
	if unshare == "" || exec.Command(unshare, "--pid", "--fork", "--kill-child", "true").Run() != nil {
		t.Log("unshare --pid not permitted: running without a PID namespace")
		return true
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, unshare, "--pid", "--fork", "--kill-child",
		os.Args[0], "-test.run=^"+regexp.QuoteMeta(t.Name())+"$", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), innerEnv+"=1")
	cmd.WaitDelay = 5 * time.Second
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("child in a PID namespace (%.1fs):\n%s", time.Since(start).Seconds(), out)
	switch {
	case ctx.Err() != nil:
		t.Fatalf("timed out after %v; every process of the test was killed", limit)
	case err != nil:
		t.Fatalf("child failed: %v", err)
	case bytes.Contains(out, []byte("--- SKIP: "+t.Name())):
		t.Skip("skipped in the child")
	}
	return false
}

// Workdir returns a new directory for instances that the postfix user can
// traverse (t.TempDir's are private), removed at the end of the test.
func Workdir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "postlint-e2e-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if os.Getenv("POSTLINT_E2E_KEEP") != "" {
			t.Logf("kept %s", dir)
			return
		}
		os.RemoveAll(dir)
	})
	return dir
}

// PortFree fails the test when something already listens on
// 127.0.0.1:port.
func PortFree(t testing.TB, port int) {
	t.Helper()
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		t.Fatalf("127.0.0.1:%d is not free (%v): stop what listens there to run this test", port, err)
	}
	l.Close()
}

// SelfSignedCert writes a self-signed certificate for CN=name and its key
// to dir and returns their paths.
func SelfSignedCert(t testing.TB, dir, name string) (cert, key string) {
	t.Helper()
	cert, key = filepath.Join(dir, name+".crt"), filepath.Join(dir, name+".key")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, lookPostfix("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes",
		"-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN="+name).CombinedOutput()
	if err != nil {
		t.Fatalf("openssl req: %v\n%s", err, out)
	}
	return cert, key
}

// Services is a master.cf with the internal services Postfix needs to
// queue and deliver mail, none chrooted, logging through postlogd.
const Services = `pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
`

// Instance is one private Postfix instance.
type Instance struct {
	Name      string // also its myhostname, NAME.test
	Root      string // holds conf/, spool/, data/ and maillog
	ConfigDir string
	Log       string // the mail log file
	t         testing.TB
	stopped   bool
}

// NewInstance writes the configuration of an instance under work/name:
// main.cf is the settings every instance needs followed by main, and
// master.cf is master followed by Services. It does not start it.
func NewInstance(t testing.TB, work, name, main, master string) *Instance {
	t.Helper()
	in := &Instance{Name: name, Root: filepath.Join(work, name), t: t}
	in.ConfigDir = filepath.Join(in.Root, "conf")
	in.Log = filepath.Join(in.Root, "maillog")
	for _, d := range []string{in.ConfigDir, filepath.Join(in.Root, "spool")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	base := fmt.Sprintf(`compatibility_level = 3.6
myhostname = %[1]s.test
myorigin = $myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
queue_directory = %[2]s/spool
data_directory = %[2]s/data
mail_owner = postfix
setgid_group = postdrop
syslog_name = postlint-e2e-%[1]s
maillog_file = %[2]s/maillog
maillog_file_prefixes = %[2]s
alias_maps =
alias_database =
`, name, in.Root)
	in.WriteFile("main.cf", base+main)
	in.WriteFile("master.cf", master+Services)
	return in
}

// WriteFile writes a file of the configuration directory and back-dates
// it (see Cool).
func (in *Instance) WriteFile(name, data string) {
	in.t.Helper()
	if err := os.WriteFile(filepath.Join(in.ConfigDir, name), []byte(data), 0o644); err != nil {
		in.t.Fatal(err)
	}
	in.Cool()
}

// Cool back-dates main.cf and master.cf by a minute: Postfix programs
// read a configuration file changed within the last seconds again and
// again until it is older, which slows every command down.
func (in *Instance) Cool() {
	in.t.Helper()
	old := time.Now().Add(-time.Minute)
	for _, name := range []string{"main.cf", "master.cf"} {
		p := filepath.Join(in.ConfigDir, name)
		if _, err := os.Stat(p); errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err := os.Chtimes(p, old, old); err != nil {
			in.t.Fatal(err)
		}
	}
}

// Postfix runs "postfix -c CONFIG_DIR args..." with a time limit and
// returns its combined output.
func (in *Instance) Postfix(ctx context.Context, args ...string) (string, error) {
	return run(ctx, lookPostfix("postfix"), append([]string{"-c", in.ConfigDir}, args...)...)
}

// run runs a command with a 60-second limit inside ctx.
func run(ctx context.Context, bin string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("%s %s: %w\n%s", filepath.Base(bin), strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

// Start starts the instance and registers its Stop as a cleanup.
func (in *Instance) Start(ctx context.Context) {
	in.t.Helper()
	in.t.Cleanup(in.Stop)
	if _, err := in.Postfix(ctx, "start"); err != nil {
		in.t.Fatalf("%s: %v\n%s", in.Name, err, in.ReadLog())
	}
}

// masterPID returns the PID in the instance's master.pid, or 0.
func (in *Instance) masterPID() int {
	b, err := os.ReadFile(filepath.Join(in.Root, "spool", "pid", "master.pid"))
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid
}

// Stop stops the instance: "postfix stop", then, when "postfix status"
// still finds the master, SIGKILL for the master's process group (the
// master is a session leader, so its group holds the daemons it
// started). Only the first call does anything.
func (in *Instance) Stop() {
	if in.stopped {
		return
	}
	in.stopped = true
	pid := in.masterPID()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := in.Postfix(ctx, "stop"); err != nil {
		in.t.Logf("%s: %v", in.Name, err)
	}
	// A stopped master can linger as a zombie (in a PID namespace the
	// test is its parent): "postfix status" tests the master's lock, which
	// a zombie no longer holds, where kill -0 would still succeed.
	if _, err := in.Postfix(ctx, "status"); err == nil && pid > 0 {
		in.t.Logf("%s: master %d still running after postfix stop: killing its process group", in.Name, pid)
		_ = syscall.Kill(-pid, syscall.SIGKILL)
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
	if in.t.Failed() {
		in.t.Logf("--- %s mail log:\n%s", in.Name, in.ReadLog())
	}
}

// ReadLog returns the mail log.
func (in *Instance) ReadLog() string {
	b, _ := os.ReadFile(in.Log)
	return string(b)
}

// Send submits a message with the instance's sendmail and returns its
// queue ID, read from the log.
func (in *Instance) Send(ctx context.Context, from, to, msgID, subject string) string {
	in.t.Helper()
	msg := fmt.Sprintf("From: %s\nTo: %s\nMessage-ID: <%s>\nSubject: %s\n\nhello from postlint's end-to-end test\n", from, to, msgID, subject)
	ctx2, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx2, lookPostfix("sendmail"), "-C", in.ConfigDir, "-f", from, to)
	cmd.Stdin = strings.NewReader(msg)
	if out, err := cmd.CombinedOutput(); err != nil {
		in.t.Fatalf("sendmail: %v\n%s", err, out)
	}
	re := regexp.MustCompile(`cleanup\[\d+\]: ([0-9A-F]+): message-id=<` + regexp.QuoteMeta(msgID) + `>`)
	m := in.WaitLog(ctx, re, 15*time.Second, false)
	return m[1]
}

// WaitLog waits until the mail log has a line matching re and returns
// the submatches of the first such line. With flush it runs
// "postqueue -f" every second meanwhile. It fails the test after limit.
func (in *Instance) WaitLog(ctx context.Context, re *regexp.Regexp, limit time.Duration, flush bool) []string {
	in.t.Helper()
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	lastFlush := time.Time{}
	for {
		if m := re.FindStringSubmatch(in.ReadLog()); m != nil {
			return m
		}
		if flush && time.Since(lastFlush) >= time.Second {
			in.Flush(ctx)
			lastFlush = time.Now()
		}
		select {
		case <-ctx.Done():
			in.t.Fatalf("%s: no log line matching %q within %v", in.Name, re, limit)
		case <-tick.C:
		}
	}
}

// Flush asks the queue manager to retry deferred mail (postqueue -f).
func (in *Instance) Flush(ctx context.Context) {
	in.t.Helper()
	if out, err := run(ctx, lookPostfix("postqueue"), "-c", in.ConfigDir, "-f"); err != nil {
		in.t.Logf("%s: postqueue -f: %v\n%s", in.Name, err, out)
	}
}
