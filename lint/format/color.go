package format

import (
	"fmt"
	"io"
	"os"

	"golang.org/x/term"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/baseline"
)

// ANSI escape sequences used by the coloured text format.
const (
	ansiReset  = "\x1b[0m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[1;33m"
	ansiCyan   = "\x1b[1;36m"
)

// ColorFor reports whether text written to w should be coloured: w must
// be a terminal, NO_COLOR must be unset or empty (https://no-color.org)
// and TERM must not be "dumb". It is the default for a --color=auto
// flag; an explicit request for colour or for none overrides it.
func ColorFor(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	return IsTerminal(w)
}

// IsTerminal reports whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(f.Fd()))
}

// text prints one line per finding, as Finding.String does; with color
// the severity is coloured and the rule ID dimmed. A finding that is in
// the baseline ends with "(in baseline)", and with ShowURL the line
// ends with the rule's documentation URL. File names, messages and rule IDs are printed with their control
// characters escaped (escape.go): a finding is one line, and the
// configuration it quotes cannot drive the terminal.
func text(w io.Writer, findings []lint.Finding, opts Options) error {
	var urls map[string]string // rule ID → documentation URL, with ShowURL
	if opts.ShowURL {
		urls = docURLs(opts)
	}
	for i, f := range findings {
		f.File = escapeControls(f.File, "")
		f.Message = escapeControls(f.Message, "")
		f.Rule = escapeControls(f.Rule, "")
		line := f.String()
		if opts.Color {
			line = fmt.Sprintf("%s:%d:%d: %s: %s %s",
				f.File, f.Start.Line, f.Start.Column,
				paint(severityColor(f.Severity), f.Severity.String()),
				f.Message, paint(ansiDim, "["+f.Rule+"]"))
		}
		if opts.state(i) == baseline.Unchanged {
			line += " (in baseline)"
		}
		if u := urls[findings[i].Rule]; u != "" {
			line += " " + escapeControls(u, "")
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	return nil
}

// severityColor is the colour a severity is printed in.
func severityColor(s lint.Severity) string {
	switch s {
	case lint.Error:
		return ansiRed
	case lint.Warning:
		return ansiYellow
	}
	return ansiCyan
}

// paint wraps s in an ANSI style and a reset.
func paint(style, s string) string { return style + s + ansiReset }
