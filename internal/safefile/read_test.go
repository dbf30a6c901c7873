package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// readSoon calls Read and fails the test if it does not return within
// seconds: the files under test used to block forever.
func readSoon(t *testing.T, path string, limit int64) ([]byte, error) {
	t.Helper()
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, _, err := Read(path, limit)
		done <- result{b, err}
	}()
	select {
	case r := <-done:
		return r.b, r.err
	case <-time.After(10 * time.Second):
		t.Fatalf("Read(%s) still blocks after 10s", path)
		return nil, nil
	}
}

func TestReadRegular(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "main.cf")
	if err := os.WriteFile(path, []byte("a = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, info, err := Read(path, 100)
	if err != nil || string(b) != "a = 1\n" || info.Size() != 6 {
		t.Fatalf("Read = %q, %v, %v", b, info, err)
	}
	link := filepath.Join(dir, "link.cf")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	if b, _, err := Read(link, 100); err != nil || string(b) != "a = 1\n" {
		t.Errorf("through a symbolic link: %q, %v", b, err)
	}
	empty := filepath.Join(dir, "empty.cf")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if b, _, err := Read(empty, 100); err != nil || len(b) != 0 {
		t.Errorf("empty file: %q, %v", b, err)
	}
}

func TestReadLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.cf")
	if err := os.WriteFile(path, []byte(strings.Repeat("x", 101)), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, _, err := Read(path, 101); err != nil || len(b) != 101 {
		t.Errorf("at the limit: %d bytes, %v", len(b), err)
	}
	_, err := readSoon(t, path, 100)
	if !errors.Is(err, ErrTooLarge) || !strings.HasPrefix(err.Error(), path+": ") {
		t.Errorf("above the limit: %v, want ErrTooLarge naming the file", err)
	}
}

// TestReadRefuses checks the files that crashed or hung postlint: each
// fails at once with an error that names it.
func TestReadRefuses(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := unix.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		dir:                           "not a regular file (a directory)",
		fifo:                          "not a regular file (a FIFO)",
		"/dev/zero":                   "not a regular file (a character device)",
		filepath.Join(dir, "missing"): "no such file or directory",
	}
	if runtime.GOOS == "linux" {
		cases["/proc/self/pagemap"] = "a kernel interface"
		cases["/proc/self/status"] = "a kernel interface"
		if _, err := os.Stat("/proc/kmsg"); err == nil {
			cases["/proc/kmsg"] = "a kernel interface"
		}
	}
	for path, want := range cases {
		_, err := readSoon(t, path, 1<<20)
		if err == nil || !strings.HasPrefix(err.Error(), path+": ") || !strings.Contains(err.Error(), want) {
			t.Errorf("Read(%s): %v, want an error naming it and saying %q", path, err, want)
		}
	}
	if _, err := readSoon(t, filepath.Join(dir, "missing"), 10); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
}
