package fix

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// Snapshot is what was known of a file when it was read: fixes are only
// written over the same content.
type Snapshot struct {
	Path    string
	Content []byte
	Info    os.FileInfo
}

// TakeSnapshot records path's content and metadata. It refuses anything but
// a regular file (a symbolic link is followed to its target, which is
// then the file rewritten).
func TakeSnapshot(path string) (*Snapshot, error) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return nil, err
	}
	info, err := os.Lstat(real)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	b, err := os.ReadFile(real)
	if err != nil {
		return nil, err
	}
	return &Snapshot{Path: real, Content: b, Info: info}, nil
}

// ErrChanged reports that a file changed after postlint read it.
var ErrChanged = errors.New("file changed since it was read; not overwritten (run postlint again)")

// WriteAtomic replaces the snapshot's file with data: it writes a
// temporary file in the same directory with the same mode (and owner, when
// permitted), syncs it, checks that the original is still what was read,
// and renames the temporary file over it. On any error the original is
// left untouched and the temporary file removed.
func WriteAtomic(s *Snapshot, data []byte) error {
	owner, _ := s.Info.Sys().(*syscall.Stat_t)
	return replace(s.Path, data, s.Info.Mode().Perm(), owner, func() error { return unchanged(s) })
}

// replace writes data to a temporary file beside path with mode (and
// owner, if not nil), syncs it, lets check veto the change, and renames
// the temporary file over path.
func replace(path string, data []byte, mode os.FileMode, owner *syscall.Stat_t, check func() error) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".postlint-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Chmod(mode); err != nil {
		return err
	}
	if owner != nil {
		// Keep the owner; only root may give a file away, so an
		// unprivileged user rewriting their own file needs no chown.
		if err = tmp.Chown(int(owner.Uid), int(owner.Gid)); err != nil && !errors.Is(err, os.ErrPermission) {
			return err
		}
		err = nil
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if check != nil {
		if err = check(); err != nil {
			return err
		}
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync() // make the rename durable; not all file systems allow it
		d.Close()
	}
	return nil
}

// unchanged checks that the file still has the content and metadata seen
// when the snapshot was taken.
func unchanged(s *Snapshot) error {
	info, err := os.Lstat(s.Path)
	if err != nil {
		return err
	}
	if info.Size() != s.Info.Size() || !info.ModTime().Equal(s.Info.ModTime()) {
		return fmt.Errorf("%s: %w", s.Path, ErrChanged)
	}
	b, err := os.ReadFile(s.Path)
	if err != nil {
		return err
	}
	if !bytes.Equal(b, s.Content) {
		return fmt.Errorf("%s: %w", s.Path, ErrChanged)
	}
	return nil
}
