package format

import (
	"os"
	"path/filepath"
	"strings"
)

// relPath returns file as a clean relative path with forward slashes,
// and whether that was possible: a relative path that stays inside the
// working directory is kept, an absolute one inside the working directory
// is made relative to it. Paths outside it ("../x", "/etc/postfix/main.cf"
// run from elsewhere) are not relative.
func relPath(file string) (string, bool) {
	p := filepath.Clean(file)
	if filepath.IsAbs(p) {
		wd, err := os.Getwd()
		if err != nil {
			return "", false
		}
		if p, err = filepath.Rel(wd, p); err != nil {
			return "", false
		}
	}
	p = filepath.ToSlash(p)
	if p == ".." || strings.HasPrefix(p, "../") || filepath.IsAbs(p) {
		return "", false
	}
	return p, true
}

// displayPath is file relative to the working directory where possible,
// else as given, with forward slashes either way.
func displayPath(file string) string {
	if p, ok := relPath(file); ok {
		return p
	}
	return filepath.ToSlash(file)
}
