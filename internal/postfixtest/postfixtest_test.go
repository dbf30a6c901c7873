package postfixtest_test

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/postlint/postlint/internal/postfixtest"
)

func TestMain(m *testing.M) { os.Exit(postfixtest.Main(m, 3*time.Minute)) }

const minimal = "compatibility_level = 3.6\nlocal_recipient_maps =\nalias_maps =\n"

func TestMergeMaster(t *testing.T) {
	got := postfixtest.MergeMaster("# mine\nsmtp inet n - n - - smtpd\n  -o a=b\nqmgr unix n - n 300 - qmgr\n",
		"qmgr unix n - n 300 1 qmgr\n# the client\nsmtp unix - - n - - smtp\n  -o c=d\n")
	want := "# mine\nsmtp inet n - n - - smtpd\n  -o a=b\nqmgr unix n - n 300 - qmgr\n# the client\nsmtp unix - - n - - smtp\n  -o c=d\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestStartup sees a daemon start fine, and stop with a fatal error.
func TestStartup(t *testing.T) {
	postfixtest.Require(t)
	t.Parallel()
	ctx := t.Context()
	good := postfixtest.ConfigDir(t, postfixtest.Files{"main.cf": minimal})
	out, err := postfixtest.Startup(ctx, good, "smtpd")
	if err != nil || out.Exit != 0 || !strings.HasPrefix(out.Stdout, "220 ") {
		t.Fatalf("smtpd on a good configuration: %v, exit %d, stdout %q, log:\n%s", err, out.Exit, out.Stdout, out)
	}
	bad := postfixtest.ConfigDir(t, postfixtest.Files{"main.cf": minimal + "message_size_limit = 10M\n"})
	out, err = postfixtest.Startup(ctx, bad, "smtpd")
	if err != nil || out.Exit == 0 || !strings.Contains(out.String(), "fatal: bad numerical configuration: message_size_limit = 10M") {
		t.Fatalf("smtpd on a bad configuration: %v, exit %d, log:\n%s", err, out.Exit, out)
	}
}

func TestPostconfAndCheck(t *testing.T) {
	postfixtest.Require(t)
	t.Parallel()
	ctx := t.Context()
	dir := postfixtest.ConfigDir(t, postfixtest.Files{"main.cf": minimal + "myhostname mail.example.com\n"})
	out, err := postfixtest.Postconf(ctx, dir, "-n")
	if err != nil || out.Exit == 0 || !strings.Contains(out.String(), "missing '=' after attribute name") {
		t.Fatalf("postconf -n: %v, exit %d:\n%s", err, out.Exit, out)
	}
	out, err = postfixtest.Check(ctx, dir)
	if err != nil || out.Exit == 0 {
		t.Fatalf("postfix check on a broken main.cf: %v, exit %d:\n%s", err, out.Exit, out)
	}
	// postfix(1) itself logs to syslog only, which Main collects.
	dir = postfixtest.ConfigDir(t, postfixtest.Files{"main.cf": minimal + "inet_interfaces = 192.0.2.1\n", "master.cf": postfixtest.Services})
	out, err = postfixtest.Check(ctx, dir)
	if err != nil || out.Exit == 0 {
		t.Fatalf("postfix check with a foreign inet_interfaces: %v, exit %d:\n%s", err, out.Exit, out)
	}
	if want := "fatal: parameter inet_interfaces: no local interface found for 192.0.2.1"; postfixtest.Isolated() && !strings.Contains(out.String(), want) {
		t.Errorf("postfix check did not report %q:\n%s", want, out)
	}
}

// TestShared sends mail from a pool instance to the peer and checks that
// a second configuration of the same instance sees only its own lines.
func TestShared(t *testing.T) {
	postfixtest.RequireIsolation(t)
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	peer := postfixtest.Peer(t)
	in := postfixtest.Acquire(t)
	mark, _, _, err := in.Use(ctx, "relayhost = ["+postfixtest.PeerAddr+"]:587\nsmtp_tls_security_level = may\n", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	qid, err := in.Send(ctx, "a@"+in.Host(), "b@example.net", "shared-1@test", "one")
	if err != nil {
		t.Fatal(err)
	}
	sent := regexp.MustCompile(qid + `: to=<b@example\.net>, relay=` + regexp.QuoteMeta(postfixtest.PeerAddr) + `.*status=sent`)
	if _, err := in.WaitLog(ctx, mark, sent, 30*time.Second, false); err != nil {
		t.Fatal(err)
	}
	if _, err := peer.WaitLog(ctx, postfixtest.Mark{}, regexp.MustCompile(`to=<b@example\.net>.*status=sent \(example\.net\)`), 10*time.Second, false); err != nil {
		t.Fatal(err)
	}

	// A master.cf the master refuses: its fatal error goes to syslog,
	// before postlogd runs.
	if err := in.Stop(); err != nil {
		t.Fatal(err)
	}
	mark2, _, _, err := in.Use(ctx, "", "inet-private inet y - n - - smtpd\n", nil)
	if err == nil {
		t.Fatal("the master started with an inet service marked private")
	}
	if _, err := in.WaitLog(ctx, mark2, regexp.MustCompile(`/master\[\d+\]: fatal: .*inet service cannot be private`), 10*time.Second, false); err != nil {
		t.Fatal(err)
	}
	for _, l := range in.Lines(mark2) {
		if strings.Contains(l, qid) {
			t.Errorf("line before the mark seen after it: %s", l)
		}
	}
}
