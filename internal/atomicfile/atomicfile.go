package atomicfile

import (
	"bufio"
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// Mode is the permission a new file is created with, less the umask:
// output files are read by other tools and other users, like files a
// shell redirection creates.
const Mode fs.FileMode = 0o644

// Error is a failed write; it names the target file, not the temporary
// one, since that is the file the user asked for.
type Error struct {
	Path string
	Err  error
}

func (e *Error) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// File is an output file being written. Write buffers; Commit makes the
// content visible under the target name.
type File struct {
	path string // the target
	tmp  *os.File
	w    *bufio.Writer
	err  error // the first write error
	done bool
}

// Create starts writing path. An existing file keeps its permission
// bits; a symbolic link is followed, so that the file it points to is
// replaced rather than the link.
func Create(path string) (*File, error) {
	target := path
	if real, err := filepath.EvalSymlinks(path); err == nil {
		target = real
	}
	keep := fs.FileMode(0) // the permission of the file replaced
	switch st, err := os.Stat(target); {
	case err == nil && !st.Mode().IsRegular():
		return nil, &Error{path, errors.New("not a regular file")}
	case err == nil:
		keep = st.Mode().Perm()
	case !errors.Is(err, fs.ErrNotExist):
		return nil, &Error{path, unwrap(err)}
	}
	tmp, err := createTemp(target)
	if err != nil {
		return nil, &Error{path, unwrap(err)}
	}
	if keep != 0 {
		if err := tmp.Chmod(keep); err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			return nil, &Error{path, unwrap(err)}
		}
	}
	return &File{path: target, tmp: tmp, w: bufio.NewWriterSize(tmp, 64<<10)}, nil
}

// createTemp creates a new file beside target with permission Mode (less
// the umask, unlike os.CreateTemp's 0600).
func createTemp(target string) (*os.File, error) {
	dir, base := filepath.Dir(target), filepath.Base(target)
	for i := 0; ; i++ {
		name := filepath.Join(dir, "."+base+".tmp"+strconv.FormatUint(rand.Uint64(), 36))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, Mode)
		if err == nil || !errors.Is(err, fs.ErrExist) || i == 100 {
			return f, err
		}
	}
}

// Write buffers p. After the first error every write fails with it, and
// Commit reports it.
func (f *File) Write(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	n, err := f.w.Write(p)
	if err != nil {
		f.err = &Error{f.path, unwrap(err)}
	}
	return n, f.err
}

// Commit flushes, syncs and renames the temporary file over the target.
// On any error the target is left as it was and the temporary file is
// removed.
func (f *File) Commit() error {
	if f.done {
		return f.err
	}
	f.done = true
	err := f.err
	if err == nil {
		if e := f.w.Flush(); e != nil {
			err = e
		} else if e := f.tmp.Sync(); e != nil {
			err = e
		}
	}
	if e := f.tmp.Close(); err == nil && e != nil {
		err = e
	}
	if err == nil {
		err = os.Rename(f.tmp.Name(), f.path)
	}
	if err != nil {
		os.Remove(f.tmp.Name())
		var ae *Error
		if !errors.As(err, &ae) {
			err = &Error{f.path, unwrap(err)}
		}
		f.err = err
		return err
	}
	syncDir(filepath.Dir(f.path))
	return nil
}

// Abort drops what was written; the target is left as it was. It may
// be called after Commit, when it does nothing.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.tmp.Close()
	os.Remove(f.tmp.Name())
}

// WriteFile writes data to path atomically.
func WriteFile(path string, data []byte) error {
	f, err := Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

// syncDir makes the rename durable; file systems that cannot sync a
// directory are not an error, the rename itself has happened.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// unwrap drops the *fs.PathError wrapper, whose message would name the
// temporary file.
func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
