package settings

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// FileName is the name of the configuration file that Find looks for.
const FileName = ".postlint.toml"

// Find returns the configuration file that applies to path (a
// configuration directory, a main.cf or master.cf, or a tree of
// configuration directories), or "" when there is none.
//
// It looks for FileName in the directory of path (path itself when it is
// a directory), then in each parent directory, and returns the first one
// found. The search stops after the root of a Git work tree (a directory
// holding .git, a directory or a file) or at the root of the file system,
// so a repository's configuration never picks up a file from outside it.
// Configuration files in subdirectories of path are not used.
//
// The result is relative to the current directory when path is relative,
// else absolute.
func Find(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	dir := abs
	if st, err := os.Stat(abs); err != nil {
		return "", err
	} else if !st.IsDir() {
		dir = filepath.Dir(abs)
	}
	for {
		cand := filepath.Join(dir, FileName)
		st, err := os.Stat(cand)
		switch {
		case err == nil && st.Mode().IsRegular():
			return display(path, cand), nil
		case err == nil:
			return "", fmt.Errorf("%s: not a regular file", display(path, cand))
		case !errors.Is(err, fs.ErrNotExist):
			return "", err
		}
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return "", nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// display returns found relative to the current directory when the path
// it was found for is relative.
func display(path, found string) string {
	if filepath.IsAbs(path) {
		return found
	}
	wd, err := os.Getwd()
	if err != nil {
		return found
	}
	rel, err := filepath.Rel(wd, found)
	if err != nil {
		return found
	}
	return rel
}

// FindFor returns the one configuration file that applies to all of
// paths (see Find), or "" when none applies to any. postlint runs with one
// configuration, so paths governed by different files, or some by a file
// and some by none, are an error that asks for --config.
func FindFor(paths []string) (string, error) {
	found, first := "", ""
	for i, p := range paths {
		f, err := Find(p)
		if err != nil {
			return "", err
		}
		if i == 0 {
			found, first = f, p
			continue
		}
		if !samePath(f, found) {
			return "", fmt.Errorf("%s and %s use different configuration files (%s and %s); name one with --config",
				first, p, orNone(found), orNone(f))
		}
	}
	return found, nil
}

func samePath(a, b string) bool {
	if a == "" || b == "" {
		return a == b
	}
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}

func orNone(f string) string {
	if f == "" {
		return "none"
	}
	return f
}
