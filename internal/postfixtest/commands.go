package postfixtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// StartupLimit bounds a stand-alone daemon run: a daemon that stops with
// a fatal error sleeps a few seconds before it exits, one that starts
// fine reads "QUIT" and ends.
const StartupLimit = 20 * time.Second

// Output is what a Postfix program printed.
type Output struct {
	// Log holds the lines the program logged to standard error (a
	// daemon's "postfix/smtpd: fatal: ..."), or all its output for
	// commands that print their results there too.
	Log    []string
	Stdout string // a stand-alone daemon's protocol output ("220 ...")
	// Exit is the exit status; -1 when the program was killed.
	Exit int
}

// String returns the log lines, one per line.
func (o Output) String() string { return strings.Join(o.Log, "\n") }

// Startup runs one daemon (smtpd, smtp, cleanup, qmgr, postscreen, ...)
// with -V -S: stand-alone mode, talking on standard input and output and
// logging to standard error, reading main.cf from config dir dir. Its
// input is "QUIT", so a daemon that starts fine ends at once. args are
// passed on, such as the -o overrides of a master.cf entry. The run is
// bounded by StartupLimit within ctx; an error means the daemon could not
// be run or was killed, not that it failed.
func Startup(ctx context.Context, dir, daemon string, args ...string) (Output, error) {
	bin := filepath.Join(DaemonDir(), daemon)
	ctx, cancel := context.WithTimeout(ctx, StartupLimit)
	defer cancel()
	cmd := command(ctx, bin, append([]string{"-V", "-S"}, args...)...)
	cmd.Env = append(os.Environ(), "MAIL_CONFIG="+dir)
	cmd.Stdin = strings.NewReader("QUIT\r\n")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	out := Output{Log: lines(stderr.String()), Stdout: stdout.String(), Exit: exitCode(err)}
	if ctx.Err() != nil {
		return out, fmt.Errorf("%s -V -S %s: killed after %v", daemon, strings.Join(args, " "), StartupLimit)
	}
	if out.Exit == -1 {
		return out, fmt.Errorf("%s: %w", daemon, err)
	}
	return out, nil
}

// Postconf runs "postconf -c dir args..." and returns its output, standard
// error (warnings, fatals) first, then standard output.
func Postconf(ctx context.Context, dir string, args ...string) (Output, error) {
	return runOutput(ctx, Bin("postconf"), append([]string{"-c", dir}, args...)...)
}

// Check runs "postfix -c dir check", the checks "postfix start" makes
// before it starts the master. postfix(1) and postfix-script report their
// errors only to syslog (and to a terminal): in the namespaces of Main,
// the syslog lines they wrote meanwhile are added to the output's Log.
// postfix-script logs through postlog(1) processes of their own, so its
// lines are told apart by the syslog_name only: a concurrent Check of a
// configuration with the same syslog_name may add its lines too.
func Check(ctx context.Context, dir string) (Output, error) {
	bin := Bin("postfix")
	if bin == "" {
		return Output{Exit: -1}, errors.New("postfix(1) not found")
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	tag := "postfix"
	if pc, err := runOutput(ctx, Bin("postconf"), "-c", dir, "-h", "syslog_name"); err == nil && pc.Exit == 0 {
		tag = strings.TrimSpace(pc.Stdout)
	}
	from := size(syslogFile())
	cmd := command(ctx, bin, "-c", dir, "check")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	out := Output{Log: append(lines(stderr.String()), lines(stdout.String())...), Stdout: stdout.String(), Exit: exitCode(err)}
	if cmd.Process != nil {
		// postfix(1) execs postfix-script, which logs with the same PID.
		own := fmt.Sprintf("[%d]: ", cmd.Process.Pid)
		script := " " + tag + "/postfix-script["
		out.Log = readLines(syslogFile(), from, func(l string) bool {
			return strings.Contains(l, own) || strings.Contains(l, script)
		}, out.Log...)
	}
	if out.Exit == -1 {
		return out, fmt.Errorf("postfix -c %s check: %w", dir, err)
	}
	return out, nil
}

// runOutput runs a command bounded by a minute; a non-zero exit status is
// in Output.Exit, not an error.
func runOutput(ctx context.Context, bin string, args ...string) (Output, error) {
	if bin == "" {
		return Output{Exit: -1}, errors.New("command not found")
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	cmd := command(ctx, bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	out := Output{Log: append(lines(stderr.String()), lines(stdout.String())...), Stdout: stdout.String(), Exit: exitCode(err)}
	if out.Exit == -1 {
		return out, fmt.Errorf("%s %s: %w", filepath.Base(bin), strings.Join(args, " "), err)
	}
	return out, nil
}

// command is exec.CommandContext in a process group of its own that is
// killed as a whole when ctx ends, so that no child it forked survives.
func command(ctx context.Context, bin string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

func exitCode(err error) int {
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit) && exit.ExitCode() >= 0:
		return exit.ExitCode()
	}
	return -1
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimRight(l, "\r"); l != "" {
			out = append(out, l)
		}
	}
	return out
}
