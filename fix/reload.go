package fix

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// reloadTimeout bounds each postfix command that Commit runs.
const reloadTimeout = 60 * time.Second

// runPostfix runs "postfix -c dir args..." with a time limit and returns
// its combined output. Tests replace it.
var runPostfix = postfixCommand

func postfixCommand(dir string, args ...string) (string, error) {
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

// ReloadError is a failed reload after the fixed files were written and
// passed postfix check: they stay in place (Written), and the caller can
// say what was fixed as well as why Postfix did not take it.
type ReloadError struct {
	Written bool
	msg     string
}

func (e *ReloadError) Error() string { return e.msg }

// oneLine joins the non-empty lines of a command's output with "; ",
// each distinct line once (postconf repeats its warnings).
func oneLine(out string) string {
	var lines []string
	seen := make(map[string]bool)
	for _, l := range strings.Split(out, "\n") {
		if l = strings.TrimSpace(l); l != "" && !seen[l] {
			seen[l] = true
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return "no output"
	}
	return strings.Join(lines, "; ")
}
