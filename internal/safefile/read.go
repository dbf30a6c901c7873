package safefile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// Error is a file that could not be read; it prints as "PATH: reason".
type Error struct {
	Path string
	Err  error
}

func (e *Error) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// ErrTooLarge is wrapped by the error for a file above the size bound.
var ErrTooLarge = errors.New("file too large")

// ErrNotRegular is wrapped by the error for anything but a regular file.
var ErrNotRegular = errors.New("not a regular file")

// Read returns the content of the regular file at path (a symbolic link
// is followed) and its metadata as read from the open file. It fails
// with an *Error for a missing or unreadable file, for anything but a
// regular file (directories, devices, FIFOs, sockets), for kernel
// pseudo-files, for a file that would block, and for a file of more than
// limit bytes (a size the file reports or the bytes actually read,
// whichever shows it first: /proc files report size 0).
func Read(path string, limit int64) ([]byte, fs.FileInfo, error) {
	return read(path, limit, false)
}

// ReadAtMost is Read for callers that look at the start of a larger file
// themselves: it returns at most n bytes and no error for a larger file.
func ReadAtMost(path string, n int64) ([]byte, fs.FileInfo, error) {
	return read(path, n, true)
}

func read(path string, limit int64, prefix bool) ([]byte, fs.FileInfo, error) {
	// Stat first: opening a device or a FIFO can block or have side
	// effects (a tape rewinds, a FIFO waits for a writer).
	st, err := os.Stat(path)
	if err != nil {
		return nil, nil, &Error{path, unwrapPathError(err)}
	}
	if err := regular(st); err != nil {
		return nil, nil, &Error{path, err}
	}
	if err := notPseudo(path); err != nil {
		return nil, nil, &Error{path, err}
	}
	if st.Size() > limit && !prefix {
		return nil, nil, &Error{path, tooLarge(st.Size(), limit)}
	}
	// Raw system calls rather than os.File: the Go runtime would put a
	// pollable file into its poller and wait on EAGAIN, blocking where
	// O_NONBLOCK is meant to fail.
	fd, err := openNonblock(path)
	if err != nil {
		return nil, nil, &Error{path, err}
	}
	defer unix.Close(fd)
	var fst unix.Stat_t
	if err := unix.Fstat(fd, &fst); err != nil {
		return nil, nil, &Error{path, err}
	}
	// The path may have been replaced between the stat and the open.
	if fst.Mode&unix.S_IFMT != unix.S_IFREG {
		return nil, nil, &Error{path, fmt.Errorf("%w (it was replaced while being opened)", ErrNotRegular)}
	}
	if sys, ok := st.Sys().(*syscall.Stat_t); ok && (uint64(sys.Dev) != uint64(fst.Dev) || uint64(sys.Ino) != uint64(fst.Ino)) {
		return nil, nil, &Error{path, errors.New("file was replaced while being opened; try again")}
	}
	if fst.Size > limit && !prefix {
		return nil, nil, &Error{path, tooLarge(fst.Size, limit)}
	}
	data, err := readAll(fd, fst.Size, limit, prefix)
	if err != nil {
		return nil, nil, &Error{path, err}
	}
	return data, st, nil
}

// regular refuses everything but a regular file.
func regular(st fs.FileInfo) error {
	if st.Mode().IsRegular() {
		return nil
	}
	return fmt.Errorf("%w (%s)", ErrNotRegular, describe(st.Mode()))
}

// describe names a file type for an error message.
func describe(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "type " + m.Type().String()
}

func tooLarge(size, limit int64) error {
	return fmt.Errorf("%w: %d bytes or more, more than the %d bytes postlint reads from such a file", ErrTooLarge, size, limit)
}

func openNonblock(path string) (int, error) {
	for {
		fd, err := unix.Open(path, unix.O_RDONLY|unix.O_NONBLOCK|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return -1, errnoError(err)
		}
		return fd, nil
	}
}

// readAll reads up to limit bytes; when there is more it fails, or with
// prefix returns the first limit bytes.
func readAll(fd int, size, limit int64, prefix bool) ([]byte, error) {
	buf := make([]byte, 0, min(size, limit)+1)
	for {
		if int64(len(buf)) > limit {
			if prefix {
				return buf[:limit], nil
			}
			return nil, tooLarge(int64(len(buf)), limit)
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := unix.Read(fd, buf[len(buf):min(cap(buf), int(limit)+1)])
		switch {
		case err == unix.EINTR:
			continue
		case err == unix.EAGAIN:
			return nil, errors.New("reading would block: not an ordinary file")
		case err != nil:
			return nil, errnoError(err)
		case n == 0:
			return buf, nil
		}
		buf = buf[:len(buf)+n]
	}
}

// errnoError turns an errno into the error the os package would give,
// so that errors.Is(err, fs.ErrNotExist) and friends work.
func errnoError(err error) error {
	var errno unix.Errno
	if errors.As(err, &errno) {
		switch {
		case errno.Is(fs.ErrNotExist):
			return fs.ErrNotExist
		case errno.Is(fs.ErrPermission):
			return fs.ErrPermission
		}
	}
	return err
}

// unwrapPathError drops the *fs.PathError wrapper, whose message repeats
// the path that Error already prints.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
