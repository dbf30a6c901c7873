package postfixtest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Files is the content of a configuration directory: file name (relative,
// may contain directories) to content.
type Files map[string]string

// TempDir returns a new directory that the postfix user can traverse
// (t.TempDir's are private), removed at the end of the test unless
// POSTFIXTEST_KEEP is set.
func TempDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "postfixtest-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if os.Getenv("POSTFIXTEST_KEEP") != "" {
			t.Logf("kept %s", dir)
			return
		}
		os.RemoveAll(dir)
	})
	return dir
}

// WriteFiles writes files into dir, creating directories as needed, and
// back-dates main.cf and master.cf (see Cool).
func WriteFiles(dir string, files Files) error {
	for name, data := range files {
		if filepath.IsAbs(name) || strings.Contains(name, "..") {
			return fmt.Errorf("file name %q must be relative and stay in %s", name, dir)
		}
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			return err
		}
	}
	return Cool(dir)
}

// ConfigDir writes files into a new directory (TempDir) and returns it.
func ConfigDir(t testing.TB, files Files) string {
	t.Helper()
	dir := TempDir(t)
	if err := WriteFiles(dir, files); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Cool back-dates main.cf and master.cf of dir by a minute: Postfix
// programs read a configuration file changed within the last seconds
// again and again until it is older, which slows every command down.
func Cool(dir string) error {
	old := time.Now().Add(-time.Minute)
	for _, name := range []string{"main.cf", "master.cf"} {
		err := os.Chtimes(filepath.Join(dir, name), old, old)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}
