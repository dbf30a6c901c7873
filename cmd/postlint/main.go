// Command postlint lints and fixes Postfix main.cf and master.cf files.
//
// Exit status: 0 when nothing at or above the failure level was found,
// 1 when something was, 2 for usage errors, unreadable files, broken rule
// files and configurations Postfix itself refuses to load.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/urfave/cli/v2"

	"github.com/postlint/postlint/lint/format"
)

// Exit codes.
const (
	exitClean    = 0
	exitFindings = 1
	exitError    = 2
)

// softMemoryLimit is the heap size above which the garbage collector
// runs more often than GOGC says (see runtime/debug.SetMemoryLimit).
const softMemoryLimit = 2 << 30

// exitCode carries the process status out of a command.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	if os.Getenv("GOGC") == "" {
		// postlint is a short-lived batch run whose live heap stays small
		// while each configuration leaves about a megabyte of garbage:
		// collecting less often saves a third of the time on a tree of
		// a thousand configurations (docs/benchmarks.md).
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// With GOGC at 400 the heap may grow to five times what is live:
		// on a file of millions of lines that is gigabytes. A soft limit
		// makes the collector work harder instead as the heap nears it.
		debug.SetMemoryLimit(softMemoryLimit)
	}
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}

// run executes postlint with args and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	err := app.Run(args)
	var code exitCode
	switch {
	case err == nil:
		return exitClean
	case errors.As(err, &code):
		return int(code)
	default:
		fmt.Fprintln(stderr, "postlint: "+format.Escape(err.Error()))
		return exitError
	}
}

func newApp(stdout, stderr io.Writer) *cli.App {
	return &cli.App{
		Name:      "postlint",
		Usage:     "find and fix mistakes in Postfix main.cf and master.cf",
		UsageText: "postlint [flags] [PATH...]\n\nPATH is a configuration directory, a main.cf or master.cf file, or a tree searched for configuration directories.\nWithout PATH, postlint checks this host's Postfix configuration.\n\nExamples:\n  postlint /etc/postfix\n  postlint --postfix-version 3.4 --format json hosts/\n  postlint explain PL201",
		Version:   version(),
		Writer:    stdout,
		ErrWriter: stderr,
		Flags:     lintFlags(),
		Action:    lintAction,
		// Errors are reported by run, with the right exit code.
		ExitErrHandler:  func(*cli.Context, error) {},
		HideHelpCommand: true,
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return usageError{err.Error()}
		},
		Commands: []*cli.Command{
			configCommand(),
			rulesCommand(),
			explainCommand(),
			versionCommand(),
			manCommand(),
			completionCommand(),
		},
	}
}
