package fix

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// The writer's faults and races, injected with the hooks of write.go and
// a fake postfix command.

func writeFile(t *testing.T, path, data string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil { // past the umask
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// entries lists the names in dir.
func entries(t *testing.T, dir string) string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}

// setHook sets a hook for the test.
func setHook[T any](t *testing.T, hook *T, fn T) {
	t.Helper()
	old := *hook
	*hook = fn
	t.Cleanup(func() { *hook = old })
}

// withoutExchange runs the test on the path for file systems that
// cannot exchange two names.
func withoutExchange(t *testing.T) {
	setHook(t, &exchangeNames, func(string, string) error { return errNoExchange })
}

// TestWriteWindow changes the file between the last check and the swap,
// in place and by replacing it, with and without an atomic exchange: the
// user's version must survive (or, without exchange, at least the
// change in place) and the write fail with ErrChanged.
func TestWriteWindow(t *testing.T) {
	for _, c := range []struct {
		name       string
		noExchange bool
		change     func(path string) error
	}{
		{"in place", false, func(path string) error {
			f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = f.WriteString("user = edit\n")
			return err
		}},
		{"replaced", false, func(path string) error {
			tmp := path + ".editor"
			if err := os.WriteFile(tmp, []byte("a = 1\nuser = edit\n"), 0o644); err != nil {
				return err
			}
			return os.Rename(tmp, path)
		}},
		{"in place, no exchange", true, func(path string) error {
			f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = f.WriteString("user = edit\n")
			return err
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.noExchange {
				withoutExchange(t)
			}
			dir := t.TempDir()
			path := filepath.Join(dir, "main.cf")
			writeFile(t, path, "a = 1\n", 0o644)
			s, err := TakeSnapshot(path)
			if err != nil {
				t.Fatal(err)
			}
			setHook(t, &hookBeforeSwap, func(p string) {
				if err := c.change(p); err != nil {
					t.Fatal(err)
				}
			})
			_, err = WriteAtomic(s, []byte("a = 2\n"))
			if !errors.Is(err, ErrChanged) {
				t.Fatalf("err = %v, want ErrChanged", err)
			}
			t.Log(err)
			if got := readFile(t, path); got != "a = 1\nuser = edit\n" {
				t.Errorf("main.cf is %q, want the user's edit", got)
			}
			if got := entries(t, dir); got != "main.cf" {
				t.Errorf("directory holds %s", got)
			}
		})
	}
}

// TestWriteAfterSwap writes to the original through a descriptor opened
// before the swap (an editor saving in place) after the swap: the check
// after it finds the change and puts the user's version back.
func TestWriteAfterSwap(t *testing.T) {
	for _, noExchange := range []bool{false, true} {
		t.Run(fmt.Sprintf("no exchange %v", noExchange), func(t *testing.T) {
			if noExchange {
				withoutExchange(t)
			}
			dir := t.TempDir()
			path := filepath.Join(dir, "main.cf")
			writeFile(t, path, "a = 1\n", 0o644)
			s, err := TakeSnapshot(path)
			if err != nil {
				t.Fatal(err)
			}
			var editor *os.File
			setHook(t, &hookBeforeSwap, func(p string) {
				if editor, err = os.OpenFile(p, os.O_WRONLY, 0); err != nil {
					t.Fatal(err)
				}
			})
			setHook(t, &hookAfterSwap, func(string) {
				defer editor.Close()
				if _, err := editor.WriteAt([]byte("a = 9\n"), 0); err != nil {
					t.Fatal(err)
				}
			})
			_, err = WriteAtomic(s, []byte("a = 2\n"))
			if !errors.Is(err, ErrChanged) || !strings.Contains(err.Error(), "your version is back") {
				t.Fatalf("err = %v, want ErrChanged saying the version is back", err)
			}
			if got := readFile(t, path); got != "a = 9\n" {
				t.Errorf("main.cf is %q, want the editor's", got)
			}
			if got := entries(t, dir); got != "main.cf" {
				t.Errorf("directory holds %s", got)
			}
		})
	}
}

// TestWriteKeepsMetadata checks mode bits (setgid included), owner and
// extended attributes of a rewritten file.
func TestWriteKeepsMetadata(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "main.cf")
	writeFile(t, path, "a = 1\n", 0o640|os.ModeSetgid)
	xattrs := unix.Setxattr(path, "user.postlint", []byte("label"), 0) == nil
	if !xattrs {
		t.Log("user extended attributes not supported here: not checked")
	}
	root := os.Geteuid() == 0
	if root {
		if err := os.Chown(path, 65534, 4); err != nil { // nobody:adm
			t.Fatal(err)
		}
		if err := os.Chmod(path, 0o640|os.ModeSetgid); err != nil { // chown cleared it
			t.Fatal(err)
		}
	}
	before, _ := os.Stat(path)
	s, err := TakeSnapshot(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := WriteAtomic(s, []byte("a = 2\n")); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(path)
	if after.Mode() != before.Mode() {
		t.Errorf("mode %v, want %v", after.Mode(), before.Mode())
	}
	if b, a := stat(before), stat(after); b.Uid != a.Uid || b.Gid != a.Gid {
		t.Errorf("owner %d:%d, want %d:%d", a.Uid, a.Gid, b.Uid, b.Gid)
	}
	if xattrs {
		buf := make([]byte, 64)
		n, err := unix.Getxattr(path, "user.postlint", buf)
		if err != nil || string(buf[:n]) != "label" {
			t.Errorf("user.postlint = %q, %v; want it copied", buf[:max(n, 0)], err)
		}
	}
}

// TestWriteRefusesHardLinks: a replacement would break the link.
func TestWriteRefusesHardLinks(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "main.cf")
	writeFile(t, path, "a = 1\n", 0o644)
	if err := os.Link(path, filepath.Join(dir, "other.cf")); err != nil {
		t.Fatal(err)
	}
	s, err := TakeSnapshot(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = WriteAtomic(s, []byte("a = 2\n"))
	if err == nil || !strings.Contains(err.Error(), "has 2 hard links") {
		t.Fatalf("err = %v, want a refusal naming the hard links", err)
	}
	if got := readFile(t, filepath.Join(dir, "other.cf")); got != "a = 1\n" {
		t.Errorf("the link holds %q", got)
	}
	if got := entries(t, dir); got != "main.cf other.cf" {
		t.Errorf("directory holds %s", got)
	}
}

// TestWriteNonRootOwner runs the writer as a member of group adm, not
// root, on a root:adm file it may write: it must refuse rather than give
// the file to itself. Needs root to set up (skipped otherwise, outside
// CI).
func TestWriteNonRootOwner(t *testing.T) {
	if os.Getenv("POSTLINT_WRITE_CHILD") != "" {
		return // the helper run below, not a test of its own
	}
	if os.Geteuid() != 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("needs root to run a child as another user")
		}
		t.Skip("needs root to run a child as another user")
	}
	dir, err := os.MkdirTemp("", "postlint-owner-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	// The child must reach the directory: the default temporary
	// directory's parents may be closed to nobody.
	if err := os.Chown(dir, 0, 4); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o775); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "main.cf")
	writeFile(t, path, "a = 1\n", 0o664)
	if err := os.Chown(path, 0, 4); err != nil { // root:adm
		t.Fatal(err)
	}
	// A copy of the test binary the child may run.
	bin := filepath.Join(dir, "fix.test")
	exe, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, exe, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run=^TestWriteNonRootOwnerChild$")
	cmd.Env = append(os.Environ(), "POSTLINT_WRITE_CHILD="+path)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534, Groups: []uint32{4}}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "belongs to root:adm, which postlint running as nobody:") {
		t.Errorf("child's error does not say it cannot keep the owner:\n%s", out)
	}
	info, _ := os.Stat(path)
	if st := stat(info); st.Uid != 0 || st.Gid != 4 || readFile(t, path) != "a = 1\n" {
		t.Errorf("main.cf now %d:%d, %q; want root:adm and unchanged", st.Uid, st.Gid, readFile(t, path))
	}
	if got := entries(t, dir); got != "fix.test main.cf" {
		t.Errorf("directory holds %s", got)
	}
}

// TestWriteNonRootOwnerChild is the child of TestWriteNonRootOwner.
func TestWriteNonRootOwnerChild(t *testing.T) {
	path := os.Getenv("POSTLINT_WRITE_CHILD")
	if path == "" {
		t.Skip("helper of TestWriteNonRootOwner")
	}
	s, err := TakeSnapshot(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = WriteAtomic(s, []byte("a = 2\n"))
	if err == nil {
		t.Fatal("WriteAtomic succeeded")
	}
	fmt.Println("error:", err)
}

// config is a main.cf and a master.cf in a directory of their own.
type config struct {
	dir, main, master string
}

func newConfig(t *testing.T) config {
	dir := t.TempDir()
	c := config{dir, filepath.Join(dir, "main.cf"), filepath.Join(dir, "master.cf")}
	writeFile(t, c.main, "a = 1\n", 0o644)
	writeFile(t, c.master, "smtp inet n - n - - smtpd\n", 0o644)
	return c
}

func (c config) changes() []Change {
	return []Change{
		{Path: c.main, Before: []byte("a = 1\n"), After: []byte("a = 2\n")},
		{Path: c.master, Before: []byte("smtp inet n - n - - smtpd\n"), After: []byte("smtp inet n - n - - smtpd -v\n")},
	}
}

// fakePostfix replaces the postfix command: check runs onCheck, reload
// fails with reloadErr.
func fakePostfix(t *testing.T, onCheck func() error, reloadErr error) *[]string {
	var calls []string
	setHook(t, &runPostfix, func(dir string, args ...string) (string, error) {
		calls = append(calls, strings.Join(args, " "))
		switch args[0] {
		case "check":
			if onCheck != nil {
				if err := onCheck(); err != nil {
					return "postfix: fatal: bad", err
				}
			}
		case "reload":
			return "", reloadErr
		}
		return "", nil
	})
	return &calls
}

func TestCommit(t *testing.T) {
	c := newConfig(t)
	if err := Commit(c.changes(), CommitOptions{}); err != nil {
		t.Fatal(err)
	}
	if readFile(t, c.main) != "a = 2\n" || readFile(t, c.master) != "smtp inet n - n - - smtpd -v\n" {
		t.Error("files not written")
	}
	if got := entries(t, c.dir); got != "main.cf master.cf" {
		t.Errorf("directory holds %s", got)
	}
}

// TestCommitAllOrNothing fails the second write: the first file is put
// back.
func TestCommitAllOrNothing(t *testing.T) {
	c := newConfig(t)
	setHook(t, &hookWrite, func(path string) error {
		if path == c.master {
			return errors.New("no space left on device")
		}
		return nil
	})
	err := Commit(c.changes(), CommitOptions{})
	if err == nil || !strings.Contains(err.Error(), "no space left") || !strings.Contains(err.Error(), c.main+" was put back as it was") {
		t.Fatalf("err = %v", err)
	}
	if readFile(t, c.main) != "a = 1\n" || readFile(t, c.master) != "smtp inet n - n - - smtpd\n" {
		t.Error("a file changed")
	}
	if got := entries(t, c.dir); got != "main.cf master.cf" {
		t.Errorf("directory holds %s", got)
	}
}

// TestCommitStale refuses a file that changed since it was read: nothing
// is written.
func TestCommitStale(t *testing.T) {
	c := newConfig(t)
	writeFile(t, c.master, "edited\n", 0o644)
	if err := Commit(c.changes(), CommitOptions{}); !errors.Is(err, ErrChanged) {
		t.Fatalf("err = %v, want ErrChanged", err)
	}
	if readFile(t, c.main) != "a = 1\n" {
		t.Error("main.cf written although master.cf changed")
	}
}

// TestCommitLeftoverBackup stops at a saved original of an earlier run.
func TestCommitLeftoverBackup(t *testing.T) {
	c := newConfig(t)
	writeFile(t, c.master+backupSuffix, "the only copy\n", 0o600)
	err := Commit(c.changes(), CommitOptions{})
	if err == nil || !strings.Contains(err.Error(), "master.cf.postlint-orig exists, left by an earlier postlint run") {
		t.Fatalf("err = %v", err)
	}
	if readFile(t, c.main) != "a = 1\n" || readFile(t, c.master+backupSuffix) != "the only copy\n" {
		t.Error("a file changed")
	}
	if got := entries(t, c.dir); got != "main.cf master.cf master.cf.postlint-orig" {
		t.Errorf("directory holds %s", got)
	}
}

// TestCommitReload: postfix check runs on the files as written, then
// reload; the saved originals go.
func TestCommitReload(t *testing.T) {
	c := newConfig(t)
	calls := fakePostfix(t, func() error {
		// The check sees the new files and their saved originals.
		if readFile(t, c.main) != "a = 2\n" || readFile(t, c.main+backupSuffix) != "a = 1\n" {
			t.Error("postfix check does not see the written files")
		}
		if info, err := os.Stat(c.main + backupSuffix); err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("saved original: %v, %v; want mode 0600", info, err)
		}
		return nil
	}, nil)
	if err := Commit(c.changes(), CommitOptions{Reload: true, ConfigDir: c.dir}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(*calls, ", "); got != "check, reload" {
		t.Errorf("postfix %s", got)
	}
	if got := entries(t, c.dir); got != "main.cf master.cf" {
		t.Errorf("directory holds %s", got)
	}
}

// TestCommitCheckFails puts both files back and does not reload.
func TestCommitCheckFails(t *testing.T) {
	c := newConfig(t)
	calls := fakePostfix(t, func() error { return errors.New("exit status 1") }, nil)
	err := Commit(c.changes(), CommitOptions{Reload: true, ConfigDir: c.dir})
	if err == nil || !strings.Contains(err.Error(), "were put back as they were (Postfix was not reloaded)") {
		t.Fatalf("err = %v", err)
	}
	if readFile(t, c.main) != "a = 1\n" || readFile(t, c.master) != "smtp inet n - n - - smtpd\n" {
		t.Error("files not put back")
	}
	if got := strings.Join(*calls, ", "); got != "check" {
		t.Errorf("postfix %s", got)
	}
	if got := entries(t, c.dir); got != "main.cf master.cf" {
		t.Errorf("directory holds %s", got)
	}
}

// TestCommitEditDuringCheck: someone edits main.cf while postfix check
// runs, and the check fails. Their edit stays, master.cf goes back, and
// main.cf's original is kept and named.
func TestCommitEditDuringCheck(t *testing.T) {
	c := newConfig(t)
	fakePostfix(t, func() error {
		writeFile(t, c.main, "a = 3 # by hand\n", 0o644)
		return errors.New("exit status 1")
	}, nil)
	err := Commit(c.changes(), CommitOptions{Reload: true, ConfigDir: c.dir})
	if err == nil || !strings.Contains(err.Error(), c.main+" was changed by someone else after postlint wrote it, so it was left as it is") ||
		!strings.Contains(err.Error(), "the original content is saved in "+c.main+backupSuffix) {
		t.Fatalf("err = %v", err)
	}
	if readFile(t, c.main) != "a = 3 # by hand\n" || readFile(t, c.master) != "smtp inet n - n - - smtpd\n" {
		t.Error("the edit was overwritten, or master.cf not put back")
	}
	if readFile(t, c.main+backupSuffix) != "a = 1\n" {
		t.Error("main.cf's original not saved")
	}
}

// TestCommitRestoreFails: the check fails and so does putting main.cf
// back; its original stays on disk, named in the error.
func TestCommitRestoreFails(t *testing.T) {
	c := newConfig(t)
	fakePostfix(t, func() error {
		setHook(t, &hookWrite, func(path string) error {
			if path == c.main {
				return errors.New("read-only file system")
			}
			return nil
		})
		return errors.New("exit status 1")
	}, nil)
	err := Commit(c.changes(), CommitOptions{Reload: true, ConfigDir: c.dir})
	if err == nil || !strings.Contains(err.Error(), "putting back "+c.main+" failed: read-only file system") ||
		!strings.Contains(err.Error(), "the original content is saved in "+c.main+backupSuffix) {
		t.Fatalf("err = %v", err)
	}
	if readFile(t, c.main+backupSuffix) != "a = 1\n" {
		t.Error("main.cf's original lost")
	}
	if _, err := os.Stat(c.master + backupSuffix); !errors.Is(err, os.ErrNotExist) {
		t.Error("master.cf was put back, but its saved original stays")
	}
}

// TestCommitReloadFails: the files passed the check and stay; the saved
// originals stay too, named in the error, until a reload succeeds.
func TestCommitReloadFails(t *testing.T) {
	c := newConfig(t)
	fakePostfix(t, nil, errors.New("exit status 1"))
	err := Commit(c.changes(), CommitOptions{Reload: true, ConfigDir: c.dir})
	if err == nil || !strings.Contains(err.Error(), "reload failed") || !strings.Contains(err.Error(), c.main+backupSuffix+" and "+c.master+backupSuffix) {
		t.Fatalf("err = %v", err)
	}
	if readFile(t, c.main) != "a = 2\n" {
		t.Error("fixed main.cf not kept")
	}
	var re *ReloadError
	if !errors.As(err, &re) || !re.Written {
		t.Errorf("err = %#v, want a ReloadError with the files written", err)
	}
}

// With Postfix stopped, "postfix reload" fails without a word: Commit
// says that Postfix is not running and that the fixed files stay.
func TestCommitReloadNotRunning(t *testing.T) {
	c := newConfig(t)
	setHook(t, &runPostfix, func(dir string, args ...string) (string, error) {
		switch args[0] {
		case "reload", "status":
			return "", errors.New("exit status 1")
		}
		return "", nil
	})
	err := Commit(c.changes(), CommitOptions{Reload: true, ConfigDir: c.dir})
	for _, want := range []string{"Postfix is not running", "postfix -c " + c.dir + " start", "the fixed files passed postfix check and stay", c.main + backupSuffix} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want it to say %q", err, want)
		}
	}
	if readFile(t, c.main) != "a = 2\n" {
		t.Error("fixed main.cf not kept")
	}
}
