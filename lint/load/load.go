package load

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/postlint/postlint/internal/safefile"
	"github.com/postlint/postlint/lint/syntax"
)

// MaxFileSize bounds what postlint reads: real main.cf files are a few
// kilobytes, and a larger file is almost certainly not a configuration.
const MaxFileSize = 64 << 20

// Config is one configuration directory: main.cf and master.cf, either of
// which may be missing.
type Config struct {
	Dir    string
	Main   *syntax.File
	Master *syntax.File
	// Only, when set, limits findings to this file (a file was named on
	// the command line rather than its directory).
	Only string
}

// Files returns the parsed files present.
func (c *Config) Files() []*syntax.File {
	var fs []*syntax.File
	for _, f := range []*syntax.File{c.Main, c.Master} {
		if f != nil {
			fs = append(fs, f)
		}
	}
	return fs
}

// Error is an I/O problem with a named file.
type Error struct {
	Path string
	Err  error
}

func (e *Error) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// ReadFile reads a file for parsing, refusing directories, devices,
// FIFOs, kernel pseudo-files and files above MaxFileSize (see safefile)
// with an error naming the path.
func ReadFile(path string) ([]byte, error) {
	b, _, err := safefile.Read(path, MaxFileSize)
	var se *safefile.Error
	if errors.As(err, &se) {
		return nil, &Error{se.Path, se.Err}
	}
	return b, err
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

// Dir reads main.cf and master.cf from dir. At least one must exist.
func Dir(dir string) (*Config, error) {
	c := &Config{Dir: dir}
	found := false
	for _, name := range []string{"main.cf", "master.cf"} {
		path := filepath.Join(dir, name)
		if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		src, err := ReadFile(path)
		if err != nil {
			return nil, err
		}
		found = true
		if name == "main.cf" {
			c.Main = syntax.ParseMain(path, src)
		} else {
			c.Master = syntax.ParseMaster(path, src)
		}
	}
	if !found {
		return nil, &Error{dir, errors.New("no main.cf or master.cf in this directory")}
	}
	return c, nil
}

// File reads the configuration around one named file. A file named
// master.cf (or *master*.cf) is read as master.cf, anything else as
// main.cf; its sibling is read for context when present, but findings are
// limited to the named file.
func File(path string) (*Config, error) {
	src, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	c := &Config{Dir: filepath.Dir(path), Only: path}
	if IsMaster(path) {
		c.Master = syntax.ParseMaster(path, src)
	} else {
		c.Main = syntax.ParseMain(path, src)
	}
	sibling := Sibling(path)
	if sibling == path {
		return c, nil
	}
	if b, err := ReadFile(sibling); err == nil {
		if c.Main == nil {
			c.Main = syntax.ParseMain(sibling, b)
		} else {
			c.Master = syntax.ParseMaster(sibling, b)
		}
	}
	return c, nil
}

// IsMaster reports whether postlint reads the file at path as master.cf:
// its name contains "master" (master.cf, mx1-master.cf); any other name
// is read as main.cf.
func IsMaster(path string) bool {
	base := filepath.Base(path)
	ok, _ := filepath.Match("*master*.cf", base)
	return ok
}

// IsConfigName reports whether a file's name marks it as a Postfix
// configuration file: main.cf or master.cf, or a per-host copy whose name
// ends in one of them after a separator (mx1-main.cf, relay_master.cf,
// a.main.cf), the names the pre-commit hooks match. domain.cf or
// somain.cf are not.
func IsConfigName(path string) bool {
	base := filepath.Base(path)
	for _, name := range []string{"main.cf", "master.cf"} {
		if base == name {
			return true
		}
		if rest, ok := strings.CutSuffix(base, name); ok && strings.ContainsAny(rest[len(rest)-1:], "._-") {
			return true
		}
	}
	return false
}

// Sibling is the file whose settings complete the one at path: master.cf
// of the same directory for a main.cf, main.cf for a master.cf (which may
// be path itself).
func Sibling(path string) string {
	if IsMaster(path) {
		return filepath.Join(filepath.Dir(path), "main.cf")
	}
	return filepath.Join(filepath.Dir(path), "master.cf")
}

// Find expands command-line paths into configuration directories: a file
// stands for itself, a directory holding main.cf or master.cf is one
// configuration, and any other directory is searched recursively (without
// following symbolic links to directories). Results keep argument order;
// directories found by a search are sorted.
func Find(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, &Error{p, unwrapPathError(err)}
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		if IsConfigDir(p) {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return &Error{path, unwrapPathError(err)}
			}
			if d.IsDir() && IsConfigDir(path) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, &Error{p, errors.New("no main.cf or master.cf found in this directory tree")}
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// IsConfigDir reports whether dir directly holds main.cf or master.cf.
func IsConfigDir(dir string) bool {
	for _, name := range []string{"main.cf", "master.cf"} {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			return true
		}
	}
	return false
}

// Path reads one command-line path found by Find.
func Path(p string) (*Config, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, &Error{p, unwrapPathError(err)}
	}
	if st.IsDir() {
		return Dir(p)
	}
	return File(p)
}
