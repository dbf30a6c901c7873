package postfixtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Require skips the test when Postfix is not installed or the test does
// not run as root (instances and most daemons need root), except in CI
// (CI=true), where it fails.
func Require(t testing.TB) {
	t.Helper()
	if missing := missing(); missing != "" {
		skipOrFail(t, missing)
	}
}

// RequireIsolation is Require, and also needs the namespaces Main sets
// up: instances listen on fixed loopback addresses and ports that only a
// private network namespace makes safe.
func RequireIsolation(t testing.TB) {
	t.Helper()
	Require(t)
	if !Isolated() {
		skipOrFail(t, "not running in the namespaces of postfixtest.Main (call it from TestMain; unshare must be permitted)")
	}
}

func skipOrFail(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s: tests with the real Postfix must run in CI", why)
	}
	t.Skip(why)
}

// missing says why Postfix cannot be run here; "" when it can.
func missing() string {
	switch {
	case os.Geteuid() != 0:
		return "not running as root"
	case Bin("postfix") == "" || Bin("postconf") == "":
		return "postfix(1) or postconf(1) not found"
	case DaemonDir() == "":
		return "Postfix daemon directory not found"
	}
	return ""
}

// Bin finds a command, also in the sbin directories when PATH lacks them;
// "" if there is none.
func Bin(name string) string {
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, dir := range []string{"/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/bin"} {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

var daemonDir = sync.OnceValue(func() string {
	if pc := Bin("postconf"); pc != "" {
		// -d: the compiled-in default, whatever /etc/postfix says.
		if out, err := exec.Command(pc, "-d", "-h", "daemon_directory").Output(); err == nil {
			if dir := strings.TrimSpace(string(out)); dir != "" {
				return dir
			}
		}
	}
	for _, dir := range []string{"/usr/lib/postfix/sbin", "/usr/libexec/postfix", "/usr/lib/postfix"} {
		if _, err := os.Stat(filepath.Join(dir, "master")); err == nil {
			return dir
		}
	}
	return ""
})

// DaemonDir returns the directory of the Postfix daemons (master, smtpd,
// ...); "" if it cannot be found.
func DaemonDir() string { return daemonDir() }

var version = sync.OnceValue(func() string {
	out, err := exec.Command(Bin("postconf"), "-d", "-h", "mail_version").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
})

// Version returns the installed Postfix release, such as "3.7.11"; "" if
// postconf cannot tell.
func Version() string {
	if Bin("postconf") == "" {
		return ""
	}
	return version()
}
