package fix

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/postlint/postlint/internal/safefile"
	"github.com/postlint/postlint/lint/load"
)

// What the writer guarantees (docs/fixing.md has the full account):
//
//   - A file is replaced whole or not at all: the new content goes to a
//     temporary file beside it, synced, with the original's owner, group,
//     mode (setuid, setgid and sticky bits included) and extended
//     attributes (SELinux labels, ACLs), and is then swapped in.
//   - It is only written over the content postlint read: the file is
//     compared with it before the swap. The swap is an atomic exchange
//     (renameat2 RENAME_EXCHANGE), so the file that was replaced is still
//     at hand afterwards; if it is not the one postlint read (someone
//     wrote to it or replaced it in between), it is exchanged back and
//     the write fails with ErrChanged. Where the file system cannot
//     exchange, a hard link to the original serves to detect a change
//     made in place, and a replacement of the file in the microseconds
//     between the last check and the rename goes unnoticed.
//   - What cannot be kept is refused before anything is written: an owner
//     the user may not give a file (a non-root user fixing root:adm), an
//     extended attribute that cannot be copied, and a file with more than
//     one hard link (a replacement would break the links).

// Snapshot is what was known of a file when it was read: fixes are only
// written over the same content.
type Snapshot struct {
	Path    string // the file itself, symbolic links resolved
	Content []byte
	Info    fs.FileInfo
}

// TakeSnapshot records path's content and metadata. It refuses anything
// but a regular file, reading without blocking and at most
// load.MaxFileSize bytes (see safefile); a symbolic link is followed to
// its target, which is then the file rewritten.
func TakeSnapshot(path string) (*Snapshot, error) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return nil, err
	}
	b, info, err := safefile.Read(real, load.MaxFileSize)
	if err != nil {
		return nil, err
	}
	return &Snapshot{Path: real, Content: b, Info: info}, nil
}

// ErrChanged reports that a file changed after postlint read it; the
// errors that wrap it say how and when.
var ErrChanged = errors.New("file changed since postlint read it")

// changedError is a file found changed: before the swap (nothing was
// written) or by the check after it (the user's version was put back).
type changedError struct {
	path, how string
	inSwap    bool
}

func (e *changedError) Error() string {
	if e.inSwap {
		return e.path + ": changed while postlint was replacing it (" + e.how + "); your version is back and the fixes were not written: run postlint again"
	}
	return e.path + ": changed since postlint read it (" + e.how + "); not overwritten: run postlint again"
}

func (e *changedError) Unwrap() error { return ErrChanged }

// Hooks for tests: hookBeforeSwap runs after the last check that the file
// is unchanged, just before it is swapped, so that a test can change the
// file in the window; hookWrite can fail the write of a file.
var (
	hookBeforeSwap func(path string)
	hookAfterSwap  func(path string)
	hookWrite      func(path string) error
)

// exchangeNames is exchange; tests replace it to take the path of file
// systems that cannot exchange.
var exchangeNames = exchange

// WriteAtomic replaces the snapshot's file with data, keeping its owner,
// mode and extended attributes, unless it changed since the snapshot
// was taken; on any error the file is left as it was (or put back) and
// the temporary file removed. It returns the snapshot of the file it
// wrote, for a later check that nobody changed it since.
func WriteAtomic(s *Snapshot, data []byte) (*Snapshot, error) {
	m, err := readMeta(s)
	if err != nil {
		return nil, err
	}
	if hookWrite != nil {
		if err := hookWrite(s.Path); err != nil {
			return nil, err
		}
	}
	tmp, info, err := writeTemp(s.Path, data, m)
	if err != nil {
		return nil, err
	}
	keepTmp := false
	defer func() {
		if !keepTmp {
			os.Remove(tmp)
		}
	}()
	if err := unchanged(s); err != nil {
		return nil, err
	}
	if hookBeforeSwap != nil {
		hookBeforeSwap(s.Path)
	}
	if keepTmp, err = swap(s, tmp); err != nil {
		return nil, err
	}
	syncDir(filepath.Dir(s.Path))
	return &Snapshot{Path: s.Path, Content: data, Info: info}, nil
}

// writeTemp writes data to a new temporary file beside path with the
// metadata m, synced, and returns its name and metadata.
func writeTemp(path string, data []byte, m *meta) (name string, info fs.FileInfo, err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".postlint-*")
	if err != nil {
		return "", nil, err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return "", nil, err
	}
	if err = m.apply(tmp, path); err != nil {
		return "", nil, err
	}
	if err = tmp.Sync(); err != nil {
		return "", nil, err
	}
	if info, err = tmp.Stat(); err != nil {
		return "", nil, err
	}
	if err = tmp.Close(); err != nil {
		return "", nil, err
	}
	return tmp.Name(), info, nil
}

// swap puts the temporary file tmp in place of the snapshot's file and
// makes sure the file it replaced is the one of the snapshot; keepTmp
// reports that tmp now holds the user's version and must stay.
func swap(s *Snapshot, tmp string) (keepTmp bool, err error) {
	err = exchangeNames(tmp, s.Path)
	if errors.Is(err, errNoExchange) {
		return false, replaceLinked(s, tmp)
	}
	if err != nil {
		return false, err
	}
	if hookAfterSwap != nil {
		hookAfterSwap(s.Path)
	}
	// tmp now names the file that was at s.Path.
	if cerr := sameAs(tmp, s); cerr != nil {
		if xerr := exchangeNames(tmp, s.Path); xerr != nil {
			return true, fmt.Errorf("%s changed while postlint replaced it (%v), and putting it back failed (%v): your version is in %s", s.Path, cerr, xerr, tmp)
		}
		return false, &changedError{s.Path, cerr.Error(), true}
	}
	return false, nil
}

// replaceLinked is swap for file systems that cannot exchange two names:
// a hard link keeps the original at hand, so that a change made to it in
// place before the rename is detected and undone.
func replaceLinked(s *Snapshot, tmp string) error {
	old := tmp + ".orig"
	linked := os.Link(s.Path, old) == nil
	if linked {
		defer os.Remove(old)
		if err := sameAs(old, s); err != nil {
			return &changedError{s.Path, err.Error(), false}
		}
	}
	if err := os.Rename(tmp, s.Path); err != nil {
		return err
	}
	if hookAfterSwap != nil {
		hookAfterSwap(s.Path)
	}
	if !linked {
		return nil
	}
	if err := sameAs(old, s); err != nil {
		if rerr := os.Rename(old, s.Path); rerr != nil {
			return fmt.Errorf("%s changed while postlint replaced it (%v), and putting it back failed (%v): your version is in %s", s.Path, err, rerr, old)
		}
		return &changedError{s.Path, err.Error(), true}
	}
	return nil
}

// unchanged checks that the snapshot's file is still the one read: the
// same file (not replaced), size, modification time and content.
func unchanged(s *Snapshot) error {
	if err := sameAs(s.Path, s); err != nil {
		return &changedError{s.Path, err.Error(), false}
	}
	return nil
}

// sameAs reports how the file at name differs from the snapshot's, or
// nil when it does not.
func sameAs(name string, s *Snapshot) error {
	info, err := os.Lstat(name)
	if err != nil {
		return err
	}
	switch {
	case !os.SameFile(info, s.Info):
		return errors.New("it was replaced by another file")
	case info.Size() != int64(len(s.Content)) || !info.ModTime().Equal(s.Info.ModTime()):
		return errors.New("it was modified")
	}
	b, _, err := safefile.Read(name, int64(len(s.Content)))
	if err != nil {
		return err
	}
	if !bytes.Equal(b, s.Content) {
		return errors.New("its content differs")
	}
	return nil
}

// syncDir makes a rename durable; not every file system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// stat returns the system's stat data of info.
func stat(info fs.FileInfo) *syscall.Stat_t {
	st, _ := info.Sys().(*syscall.Stat_t)
	return st
}
