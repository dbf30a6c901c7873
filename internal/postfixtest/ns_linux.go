package postfixtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// PublicAddr is an address outside 127.0.0.0/8 (TEST-NET-2, RFC 5737) on
// the private loopback interface, for test clients that must not look
// local to Postfix: connect from it with a net.Dialer whose LocalAddr is
// PublicAddr.
const PublicAddr = "198.51.100.7"

// Main runs the tests of m and returns the exit code for os.Exit; call it
// from TestMain. When Postfix can run here and unshare is permitted, the
// tests run in a child process in new mount, PID and network namespaces
// (see the package documentation), killed with every process it started
// after limit; otherwise they run in this process. Shared instances are
// stopped when the tests end.
func Main(m *testing.M, limit time.Duration) int {
	if os.Getenv(innerEnv) != "" {
		if err := setupNamespaces(); err != nil {
			fmt.Fprintf(os.Stderr, "postfixtest: setting up the namespaces: %v\n", err)
			return 1
		}
		inside = true
		defer teardownNamespaces()
		return runTests(m)
	}
	unshare := Bin("unshare")
	if missing() != "" || unshare == "" || !canUnshare(unshare) {
		return runTests(m)
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	args := append([]string{"--mount", "--propagation", "private", "--pid", "--net", "--fork", "--kill-child", os.Args[0]}, os.Args[1:]...)
	cmd := exec.CommandContext(ctx, unshare, args...)
	cmd.Env = append(os.Environ(), innerEnv+"=1")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	// If this process dies first (go test's own timeout), unshare goes
	// too, and with it (--kill-child) the namespace.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	cmd.WaitDelay = 10 * time.Second
	err := cmd.Run()
	if ctx.Err() != nil {
		fmt.Fprintf(os.Stderr, "postfixtest: the tests timed out after %v; every process they started was killed\n", limit)
		return 1
	}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return exit.ExitCode()
	case err != nil:
		fmt.Fprintf(os.Stderr, "postfixtest: %v\n", err)
		return 1
	}
	return 0
}

func canUnshare(unshare string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return exec.CommandContext(ctx, unshare, "--mount", "--pid", "--net", "--fork", "--kill-child", "true").Run() == nil
}

var hostsMu sync.Mutex

// syslogFile returns the file the syslog messages go to; "" outside the
// namespaces of Main.
func syslogFile() string {
	if ns.log == nil {
		return ""
	}
	return ns.log.file
}

// ns holds what setupNamespaces made, for teardownNamespaces and AddHost.
var ns struct {
	tmp   string // holds the syslog file and the hosts file
	hosts string
	log   *syslog
}

// setupNamespaces prepares the private namespaces of Main's child: the
// loopback interface up with PublicAddr, a private /dev with a /dev/log
// socket read into a file, a private /etc/hosts.
func setupNamespaces() error {
	if err := loopbackUp(); err != nil {
		return fmt.Errorf("loopback: %w", err)
	}
	tmp, err := os.MkdirTemp("", "postfixtest-ns-")
	if err != nil {
		return err
	}
	ns.tmp = tmp
	if err := privateDev(); err != nil {
		return fmt.Errorf("private /dev: %w", err)
	}
	ns.log, err = startSyslog("/dev/log", filepath.Join(tmp, "syslog"))
	if err != nil {
		return err
	}
	ns.hosts = filepath.Join(tmp, "hosts")
	if err := os.WriteFile(ns.hosts, []byte("127.0.0.1\tlocalhost\n"), 0o644); err != nil {
		return err
	}
	if err := unix.Mount(ns.hosts, "/etc/hosts", "", unix.MS_BIND, ""); err != nil {
		return fmt.Errorf("private /etc/hosts: %w", err)
	}
	return nil
}

func teardownNamespaces() {
	if ns.log != nil {
		ns.log.close()
	}
	// The mounts go with the mount namespace; only the files remain.
	os.RemoveAll(ns.tmp)
}

// loopbackUp brings lo up and gives it PublicAddr as well.
func loopbackUp() error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	if err := ifUp(fd, "lo"); err != nil {
		return err
	}
	return addAddr(PublicAddr)
}

func ifUp(fd int, name string) error {
	ifr, err := unix.NewIfreq(name)
	if err != nil {
		return err
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFFLAGS, ifr); err != nil {
		return err
	}
	ifr.SetUint16(ifr.Uint16() | unix.IFF_UP)
	return unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifr)
}

// aliases counts the addresses addAddr gave lo, for their labels.
var aliases struct {
	sync.Mutex
	n    int
	done map[string]bool
}

// addAddr gives the loopback interface one more IPv4 address (label
// lo:N), as Postfix accepts only interface addresses in inet_interfaces.
// It is a no-op outside the namespaces of Main and for an address added
// before.
func addAddr(addr string) error {
	ip := net.ParseIP(addr).To4()
	if ip == nil {
		return fmt.Errorf("%q is not an IPv4 address", addr)
	}
	aliases.Lock()
	defer aliases.Unlock()
	if aliases.done[addr] || addr == "127.0.0.1" {
		return nil
	}
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	label := fmt.Sprintf("lo:%d", aliases.n+1)
	for _, step := range []struct {
		req uint
		ip  net.IP
	}{{unix.SIOCSIFADDR, ip}, {unix.SIOCSIFNETMASK, net.IPv4(255, 255, 255, 255).To4()}} {
		ifr, err := unix.NewIfreq(label)
		if err != nil {
			return err
		}
		if err := ifr.SetInet4Addr(step.ip); err != nil {
			return err
		}
		if err := unix.IoctlIfreq(fd, step.req, ifr); err != nil {
			return fmt.Errorf("%s %s: %w", label, addr, err)
		}
	}
	if err := ifUp(fd, label); err != nil {
		return err
	}
	aliases.n++
	if aliases.done == nil {
		aliases.done = map[string]bool{}
	}
	aliases.done[addr] = true
	return nil
}

// privateDev mounts a tmpfs on /dev holding the device nodes daemons and
// tests use, bind-mounted from the real /dev, so that /dev/log can be a
// socket of our own without touching the host's /dev.
func privateDev() error {
	old, err := os.MkdirTemp(ns.tmp, "dev-")
	if err != nil {
		return err
	}
	if err := unix.Mount("/dev", old, "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
		return err
	}
	defer func() {
		_ = unix.Unmount(old, unix.MNT_DETACH)
		_ = os.Remove(old)
	}()
	if err := unix.Mount("postfixtest-dev", "/dev", "tmpfs", unix.MS_NOSUID, "mode=755,size=1m"); err != nil {
		return err
	}
	for _, n := range []string{"null", "zero", "full", "random", "urandom", "tty"} {
		if err := os.WriteFile(filepath.Join("/dev", n), nil, 0o666); err != nil {
			return err
		}
		if err := unix.Mount(filepath.Join(old, n), filepath.Join("/dev", n), "", unix.MS_BIND, ""); err != nil {
			return err
		}
	}
	for _, d := range []string{"pts", "shm"} {
		if err := os.Mkdir(filepath.Join("/dev", d), 0o755); err != nil {
			return err
		}
	}
	if err := unix.Mount(filepath.Join(old, "pts"), "/dev/pts", "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
		return err
	}
	if err := unix.Mount("postfixtest-shm", "/dev/shm", "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "mode=1777,size=16m"); err != nil {
		return err
	}
	links := map[string]string{"fd": "/proc/self/fd", "stdin": "/proc/self/fd/0", "stdout": "/proc/self/fd/1",
		"stderr": "/proc/self/fd/2", "ptmx": "pts/ptmx"}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join("/dev", name)); err != nil && !errors.Is(err, os.ErrExist) {
			return err
		}
	}
	return nil
}

// AddAddr puts addr on the private loopback interface, so that Postfix
// can listen on it (inet_interfaces must name interface addresses);
// NewInstance does this for the instance's address. It is a no-op
// outside the namespaces of Main.
func AddAddr(addr string) error {
	if !inside {
		return nil
	}
	return addAddr(addr)
}

// AddHost makes name resolve to addr through the private /etc/hosts (for
// Postfix lookups with smtp_host_lookup = native). It is a no-op outside
// the namespaces of Main.
func AddHost(name, addr string) error {
	if !inside {
		return nil
	}
	hostsMu.Lock()
	defer hostsMu.Unlock()
	f, err := os.OpenFile(ns.hosts, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(f, "%s\t%s\n", addr, name)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
