package postfixtest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// PoolSize is the number of instances Acquire hands out at the same
// time; further callers wait for one to be released.
const PoolSize = 3

// PeerAddr is the address of the Peer instance.
const PeerAddr = "127.0.0.2"

// shared holds the instances that live as long as the test binary.
var shared struct {
	mu      sync.Mutex
	work    string // their common directory
	free    []*Instance
	all     []*Instance
	sem     chan struct{}
	peer    *Instance
	peerErr error
	once    sync.Once
}

func init() { shared.sem = make(chan struct{}, PoolSize) }

// workDir returns the directory of the shared instances, made when first
// needed.
func workDir() (string, error) {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.work != "" {
		return shared.work, nil
	}
	dir, err := os.MkdirTemp("", "postfixtest-shared-")
	if err == nil {
		err = os.Chmod(dir, 0o755)
	}
	shared.work = dir
	return dir, err
}

// Acquire returns an instance of the shared pool for this test alone,
// released (its queue emptied) when the test ends. The instance is
// started by its first Use. Instance i (from 1) is named s<i>, listens
// on 127.0.0.<10+i> and has the Alias 127.0.0.<30+i>, so tests on
// different instances use the same ports without colliding.
func Acquire(t testing.TB) *Instance {
	t.Helper()
	RequireIsolation(t)
	shared.sem <- struct{}{}
	in, err := take()
	if err != nil {
		<-shared.sem
		t.Fatal(err)
	}
	mark := in.Mark()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if in.started {
			_ = in.Purge(ctx) // the next test must not see this one's mail
		}
		// A daemon that failed leaves its service throttled, also
		// across a reload, and a master that failed may still be on
		// its way out: the next test starts afresh.
		if slices.ContainsFunc(in.Lines(mark), failed) {
			_ = in.Stop()
		}
		shared.mu.Lock()
		shared.free = append(shared.free, in)
		shared.mu.Unlock()
		<-shared.sem
	})
	return in
}

// failed reports whether a log line shows a Postfix program that stopped
// with an error or a service the master throttles.
func failed(line string) bool {
	return strings.Contains(line, " fatal: ") || strings.Contains(line, "-- throttling")
}

// take returns a free instance of the pool, or a new one.
func take() (*Instance, error) {
	work, err := workDir()
	if err != nil {
		return nil, err
	}
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if n := len(shared.free); n > 0 {
		in := shared.free[n-1]
		shared.free = shared.free[:n-1]
		return in, nil
	}
	i := len(shared.all) + 1
	in, err := NewInstance(work, fmt.Sprintf("s%d", i), fmt.Sprintf("127.0.0.%d", 10+i))
	if err != nil {
		return nil, err
	}
	in.Alias = fmt.Sprintf("127.0.0.%d", 30+i)
	if err := AddAddr(in.Alias); err != nil {
		return nil, err
	}
	shared.all = append(shared.all, in)
	return in, nil
}

// Use configures the instance (see Configure) and makes it run with that
// configuration: a reload when it runs, else a start. It returns the mark
// taken before, and the main.cf and master.cf written. The error of a
// configuration the master refuses is returned too; the next Use starts
// the instance again.
func (in *Instance) Use(ctx context.Context, main, master string, files Files) (mark Mark, mainCf, masterCf string, err error) {
	if in.started && !in.Running(ctx) {
		_ = in.Stop()
	}
	if in.started {
		_ = in.Purge(ctx) // mail an earlier user's notices may have queued since
	}
	mainCf, masterCf, err = in.Configure(main, master, files)
	if err != nil {
		return in.Mark(), mainCf, masterCf, err
	}
	if in.started {
		mark, err = in.Reload(ctx)
		if err == nil || in.Running(ctx) {
			return mark, mainCf, masterCf, err
		}
		_ = in.Stop() // the master was on its way out: start afresh
	}
	mark = in.Mark()
	return mark, mainCf, masterCf, in.Start(ctx)
}

// Peer returns the shared peer instance, started on first use: at
// PeerAddr (host name peer.test) it runs SMTP servers on port 25 and 587
// (STARTTLS offered) and 465 (implicit TLS), with a self-signed
// certificate for peer.test, that accept mail from 127.0.0.0/8 for any
// destination and discard it. Its TLS servers give up on a client that
// does not complete a handshake after 3 seconds. Tests must not change it.
func Peer(t testing.TB) *Instance {
	t.Helper()
	RequireIsolation(t)
	shared.once.Do(func() { shared.peer, shared.peerErr = startPeer() })
	if shared.peerErr != nil {
		t.Fatalf("starting the peer instance: %v", shared.peerErr)
	}
	return shared.peer
}

func startPeer() (*Instance, error) {
	work, err := workDir()
	if err != nil {
		return nil, err
	}
	in, err := NewInstance(work, "peer", PeerAddr)
	if err != nil {
		return nil, err
	}
	cert, key, err := SelfSigned(in.Root, in.Host(), time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour))
	if err != nil {
		return nil, err
	}
	main := fmt.Sprintf(`default_transport = discard
relay_transport = discard
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
smtpd_tls_cert_file = %s
smtpd_tls_key_file = %s
smtpd_tls_security_level = may
smtpd_starttls_timeout = 3s
`, cert, key)
	master := fmt.Sprintf(`smtp      inet  n       -       n       -       -       smtpd
submission inet n       -       n       -       -       smtpd
  -o syslog_name=%[1]s/submission
submissions inet n      -       n       -       -       smtpd
  -o syslog_name=%[1]s/submissions
  -o smtpd_tls_wrappermode=yes
  -o smtpd_tls_security_level=encrypt
`, in.SyslogName)
	if _, _, err := in.Configure(main, master, nil); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return in, in.Start(ctx)
}

// stopShared stops the shared instances and removes their directory.
func stopShared() {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	all := shared.all
	if shared.peer != nil {
		all = append(all, shared.peer)
	}
	for _, in := range all {
		_ = in.Stop()
	}
	if shared.work != "" && os.Getenv("POSTFIXTEST_KEEP") == "" {
		os.RemoveAll(shared.work)
	} else if shared.work != "" {
		fmt.Fprintf(os.Stderr, "postfixtest: kept %s\n", filepath.Clean(shared.work))
	}
}
