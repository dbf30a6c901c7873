package fix

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// reloadTimeout bounds each postfix command that Reload runs.
const reloadTimeout = 60 * time.Second

// Reload makes a running Postfix use fixed files: it runs "postfix -c
// configDir check" and, when that succeeds, "postfix -c configDir
// reload". When the check fails, it first writes back the original
// contents in backups (by file path; a relative path is relative to
// configDir), each atomically, and returns an error that quotes the
// check's output; Postfix keeps running with the configuration it had
// loaded. An error from the reload itself restores nothing: the files
// passed the check.
func Reload(configDir string, backups map[string][]byte) error {
	out, err := runPostfix(configDir, "check")
	if err != nil {
		msg := fmt.Sprintf("postfix -c %s check failed (%v): %s", configDir, err, oneLine(out))
		if rerr := restore(configDir, backups); rerr != nil {
			return fmt.Errorf("%s; restoring the original files failed too: %w", msg, rerr)
		}
		return fmt.Errorf("%s; the original files were restored and Postfix was not reloaded", msg)
	}
	if out, err := runPostfix(configDir, "reload"); err != nil {
		return fmt.Errorf("postfix -c %s reload failed (%v): %s", configDir, err, oneLine(out))
	}
	return nil
}

// runPostfix runs "postfix -c dir args..." with a time limit and returns
// its combined output.
func runPostfix(dir string, args ...string) (string, error) {
	bin := "/usr/sbin/postfix" // cron and sudo may leave /usr/sbin out of PATH
	if p, err := exec.LookPath("postfix"); err == nil {
		bin = p
	}
	ctx, cancel := context.WithTimeout(context.Background(), reloadTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append([]string{"-c", dir}, args...)...)
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		err = fmt.Errorf("timed out after %v", reloadTimeout)
	}
	return string(out), err
}

// oneLine joins the non-empty lines of a command's output with "; ".
func oneLine(out string) string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return "no output"
	}
	return strings.Join(lines, "; ")
}

// restore writes every backup back, atomically, in path order; it tries
// all and reports every failure.
func restore(dir string, backups map[string][]byte) error {
	paths := make([]string, 0, len(backups))
	for p := range backups {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var errs []error
	for _, p := range paths {
		path := p
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, path)
		}
		if err := restoreFile(path, backups[p]); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// restoreFile replaces path with data as WriteAtomic does (a temporary
// file in the same directory, same mode and owner, renamed over it). A
// file that no longer exists is created with mode 0644.
func restoreFile(path string, data []byte) error {
	s, err := TakeSnapshot(path)
	if errors.Is(err, os.ErrNotExist) {
		return createAtomic(path, data)
	}
	if err != nil {
		return err
	}
	return WriteAtomic(s, data)
}

// createAtomic creates path with data (mode 0644) through a temporary
// file renamed into place.
func createAtomic(path string, data []byte) error {
	return replace(path, data, 0o644, nil, nil)
}
