package baseline

import (
	"os"
	"path/filepath"
)

// Root returns the directory that baseline paths are relative to, as an
// absolute path, so that a baseline written on one machine matches on
// another whatever the checkout's location or the working directory:
//
//   - the directory of the settings file in use (.postlint.toml, or the
//     file --config names), when there is one;
//   - else the root of the Git work tree that holds the first path (the
//     nearest directory at or above it with a .git directory or file);
//   - else the current directory.
func Root(settingsFile string, paths []string) (string, error) {
	if settingsFile != "" {
		return filepath.Abs(filepath.Dir(settingsFile))
	}
	if len(paths) > 0 {
		if dir, ok := gitRoot(paths[0]); ok {
			return dir, nil
		}
	}
	return os.Getwd()
}

// gitRoot finds the work tree root at or above path.
func gitRoot(path string) (string, bool) {
	dir, err := filepath.Abs(path)
	if err != nil {
		return "", false
	}
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		dir = filepath.Dir(dir)
	}
	for {
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}
