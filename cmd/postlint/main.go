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
	"sync"

	"github.com/urfave/cli/v2"

	"github.com/postlint/postlint/lint/format"
)

// Exit codes.
const (
	exitClean    = 0
	exitFindings = 1
	exitError    = 2
)

// tuneGC reports that postlint chose the garbage collector's settings
// (the environment did not).
var tuneGC bool

// largeInput is the size of a configuration beyond which the live heap
// is large too (a file of a million lines yields gigabytes of findings):
// then a heap five times the live one costs more memory than collecting
// less often saves, and postlint goes back to Go's default GOGC.
const largeInput = 4 << 20

var defaultGC sync.Once

// sawInput adjusts the garbage collector to a configuration of size
// bytes.
func sawInput(size int) {
	if tuneGC && size > largeInput {
		defaultGC.Do(func() { debug.SetGCPercent(100) })
	}
}

// exitCode carries the process status out of a command.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		// postlint is a short-lived batch run whose live heap stays small
		// while each configuration leaves about a megabyte of garbage:
		// collecting less often saves a third of the time on a tree of
		// a thousand configurations (docs/benchmarks.md). See largeInput
		// for the other case.
		debug.SetGCPercent(400)
		tuneGC = true
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
			whyCommand(),
			probeCommand(),
			versionCommand(),
			manCommand(),
			completionCommand(),
			lspCommand(),
		},
	}
}
