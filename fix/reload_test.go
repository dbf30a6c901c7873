package fix_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/postlint/postlint/fix"
	"github.com/postlint/postlint/internal/postfixtest"
)

// TestMain runs the tests in private namespaces (postfixtest.Main), so
// that TestReload's Postfix instance and every process it starts end with
// them.
// TestWriteNonRootOwner's child runs as nobody, who may not make
// namespaces, and needs none.
func TestMain(m *testing.M) {
	if os.Getenv("POSTLINT_WRITE_CHILD") != "" {
		os.Exit(m.Run())
	}
	os.Exit(postfixtest.Main(m, 4*time.Minute))
}

// TestReload runs Commit with Reload against a private, running Postfix
// instance: a valid change is checked and reloaded; an invalid master.cf
// fails the check, the originals are put back and Postfix is not
// reloaded.
func TestReload(t *testing.T) {
	postfixtest.RequireIsolation(t)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Second)
	defer cancel()
	inst, err := postfixtest.NewInstance(postfixtest.TempDir(t), "reload", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := inst.Configure("", "", nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := inst.Stop(); err != nil {
			t.Error(err)
		}
	})
	if err := inst.Start(ctx); err != nil {
		t.Fatal(err)
	}
	mainPath := filepath.Join(inst.ConfigDir, "main.cf")
	masterPath := filepath.Join(inst.ConfigDir, "master.cf")
	read := func(path string) []byte {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	reloads := regexp.MustCompile(`(?m)/master\[\d+\]: reload -- version`)
	count := func() int {
		return len(reloads.FindAllString(strings.Join(inst.Lines(postfixtest.Mark{}), "\n"), -1))
	}

	// A valid change: written, checked, then reloaded.
	origMain := read(mainPath)
	fixedMain := string(origMain) + "smtp_helo_name = reloaded.test\n"
	err = fix.Commit([]fix.Change{{Path: mainPath, Before: origMain, After: []byte(fixedMain)}},
		fix.CommitOptions{Reload: true, ConfigDir: inst.ConfigDir})
	if err != nil {
		t.Fatalf("Commit with reload of a valid configuration: %v", err)
	}
	if _, err := inst.WaitLog(ctx, postfixtest.Mark{}, reloads, 20*time.Second, false); err != nil {
		t.Fatal(err)
	}
	if got := string(read(mainPath)); got != fixedMain {
		t.Errorf("a successful reload changed main.cf:\n%s", got)
	}

	// An invalid master.cf: the check fails and both files are put back.
	goodMain, goodMaster := read(mainPath), read(masterPath)
	if err := os.Chmod(masterPath, 0o640); err != nil {
		t.Fatal(err)
	}
	before := count()
	err = fix.Commit([]fix.Change{
		// A changed value, not a second setting: Postfix 3.7's postlogd
		// logs "overriding earlier entry" through its own socket when it
		// reads main.cf again, and blocks on itself.
		{Path: mainPath, Before: goodMain, After: []byte(strings.Replace(string(goodMain), "reloaded.test", "broken.test", 1))},
		{Path: masterPath, Before: goodMaster, After: []byte(string(goodMaster) + "bogus inet n - n - -\n")},
	}, fix.CommitOptions{Reload: true, ConfigDir: inst.ConfigDir})
	if err == nil {
		t.Fatal("Commit with an invalid master.cf succeeded")
	}
	t.Logf("error: %v", err)
	for _, want := range []string{"check failed", "bad field count", "were put back as they were"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if got := read(mainPath); string(got) != string(goodMain) {
		t.Errorf("main.cf not restored:\n%s", got)
	}
	if got := read(masterPath); string(got) != string(goodMaster) {
		t.Errorf("master.cf not restored:\n%s", got)
	}
	if fi, err := os.Stat(masterPath); err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("restored master.cf: mode %v (%v), want the file's 0640 kept", fi.Mode(), err)
	}
	entries, _ := os.ReadDir(inst.ConfigDir)
	if len(entries) != 2 {
		t.Errorf("configuration directory holds %d entries, want main.cf and master.cf only", len(entries))
	}
	if err := postfixtest.Cool(inst.ConfigDir); err != nil {
		t.Fatal(err)
	}
	if !inst.Running(ctx) {
		t.Errorf("Postfix no longer runs after the failed check")
	}
	time.Sleep(time.Second)
	if after := count(); after != before {
		t.Errorf("Postfix was reloaded %d times after the failed check", after-before)
	}

	// A restored configuration passes the check again.
	cur := read(mainPath)
	if err := fix.Commit([]fix.Change{{Path: mainPath, Before: cur, After: cur}}, fix.CommitOptions{Reload: true, ConfigDir: inst.ConfigDir}); err != nil {
		t.Errorf("Commit with reload of the restored configuration: %v", err)
	}
}
