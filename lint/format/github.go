package format

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/baseline"
)

// GitHub prints one GitHub Actions workflow command per finding, such as
//
//	::error file=main.cf,line=3,col=1,endLine=3,endColumn=20,title=PL301::message
//
// which the Actions runner turns into an annotation on the file. Errors
// give ::error, warnings ::warning and infos ::notice. Columns are sent
// only when the finding starts and ends on the same line, as the runner
// requires; endColumn is the finding's last column (inclusive). GitHub
// writes the log and its annotations in its web interface, so control
// characters of the message are escaped (see escape.go), except line
// ends, which the workflow command encodes.
func GitHub(w io.Writer, findings []lint.Finding) error {
	return gitHub(w, findings, nil, nil)
}

// gitHub writes the commands; states (nil without a baseline) marks the
// title of findings that are in the baseline.
func gitHub(w io.Writer, findings []lint.Finding, cols *columns, states []baseline.State) error {
	for i, f := range findings {
		title := f.Rule
		if states != nil && states[i] == baseline.Unchanged {
			title += " (in baseline)"
		}
		if _, err := fmt.Fprintln(w, githubCommand(f, title, cols)); err != nil {
			return err
		}
	}
	return nil
}

// githubCommand formats one finding as a workflow command, with columns
// converted by cols (nil: byte columns).
func githubCommand(f lint.Finding, title string, cols *columns) string {
	var props []string
	prop := func(name, value string) {
		props = append(props, name+"="+escapeProperty(escapeControls(value, "")))
	}
	num := func(name string, n int) { prop(name, strconv.Itoa(n)) }

	if f.File != "" {
		prop("file", displayPath(f.File))
	}
	if start, stop := f.Start, f.Stop; start.Line > 0 {
		endLine := max(stop.Line, start.Line)
		col, ok := cols.utf16(f.File, start)
		end := col
		if stop.Line == start.Line && stop.Column > start.Column {
			var endOK bool
			end, endOK = cols.utf16(f.File, stop)
			ok = ok && endOK
		}
		columns := endLine == start.Line && ok
		num("line", start.Line)
		if columns {
			num("col", col)
		}
		num("endLine", endLine)
		if columns {
			// Stop is the column after the finding; the runner wants the
			// last column of it.
			num("endColumn", max(end-1, col))
		}
	}
	prop("title", title)
	return "::" + githubLevel(f.Severity) + " " + strings.Join(props, ",") + "::" + escapeData(escapeControls(f.Message, "\r\n"))
}

// githubLevel is the workflow command for a severity.
func githubLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "notice"
}

// Escaping as done by the Actions toolkit (@actions/core): data, the part
// after "::", escapes %, CR and LF; property values also escape ":" and
// ",", which delimit them.
var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

func escapeData(s string) string     { return dataEscaper.Replace(s) }
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }
