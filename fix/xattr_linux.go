package fix

import (
	"bytes"
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// listXattrs reads the extended attributes of path; a file system
// without them has none.
func listXattrs(path string) ([]xattr, error) {
	names, err := xattrCall(func(b []byte) (int, error) { return unix.Listxattr(path, b) })
	if errors.Is(err, unix.ENOTSUP) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []xattr
	for _, n := range bytes.Split(names, []byte{0}) {
		if len(n) == 0 {
			continue
		}
		name := string(n)
		v, err := xattrCall(func(b []byte) (int, error) { return unix.Getxattr(path, name, b) })
		if errors.Is(err, unix.ENODATA) {
			continue // removed meanwhile
		}
		if err != nil {
			return nil, err
		}
		out = append(out, xattr{name, v})
	}
	return out, nil
}

// xattrCall calls f with a buffer large enough for its result.
func xattrCall(f func([]byte) (int, error)) ([]byte, error) {
	for size := 256; ; size *= 4 {
		b := make([]byte, size)
		n, err := f(b)
		if errors.Is(err, unix.ERANGE) && size < 1<<20 {
			continue
		}
		if err != nil {
			return nil, err
		}
		return b[:n], nil
	}
}

func setXattr(f *os.File, x xattr) error {
	return unix.Fsetxattr(int(f.Fd()), x.name, x.value, 0)
}
