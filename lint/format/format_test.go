package format

import (
	"bytes"
	"strings"
	"testing"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/syntax"
)

// pos is a line and column.
func pos(line, col int) syntax.Position { return syntax.Position{Line: line, Column: col} }

// sample is a set of findings that exercises every format.
var sample = []lint.Finding{
	{
		Rule: "PL301", Severity: lint.Error, File: "postfix/master.cf",
		Start: pos(12, 1), Stop: pos(12, 12),
		Message: "service submissions listens on port 465", Param: "smtpd_tls_wrappermode",
		Fixes: []lint.Fix{{Title: "add -o", Safe: true}},
	},
	{
		Rule: "PL101", Severity: lint.Warning, File: "postfix/main.cf",
		Start: pos(3, 5), Stop: pos(4, 2),
		Message: "two lines",
	},
	{
		Rule: "PL900", Severity: lint.Info, File: "postfix/main.cf",
		Start: pos(1, 1), Stop: pos(1, 1),
		Message: "about the whole file",
	},
}

func write(t *testing.T, name string, findings []lint.Finding, opts Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteWith(&b, name, findings, opts); err != nil {
		t.Fatalf("WriteWith(%q): %v", name, err)
	}
	return b.String()
}

func TestTextUnchanged(t *testing.T) {
	want := `postfix/master.cf:12:1: error: service submissions listens on port 465 [PL301]
postfix/main.cf:3:5: warning: two lines [PL101]
postfix/main.cf:1:1: info: about the whole file [PL900]
`
	var b bytes.Buffer
	if err := Write(&b, "text", sample); err != nil {
		t.Fatal(err)
	}
	if b.String() != want {
		t.Errorf("Write text:\n%s\nwant:\n%s", b.String(), want)
	}
	if got := write(t, "text", sample, Options{}); got != want {
		t.Errorf("WriteWith text, no colour:\n%s\nwant:\n%s", got, want)
	}
}

func TestJSONUnchanged(t *testing.T) {
	want := `{
  "findings": [
    {
      "rule": "PL301",
      "severity": "error",
      "file": "postfix/master.cf",
      "line": 12,
      "column": 1,
      "end_line": 12,
      "end_column": 12,
      "message": "service submissions listens on port 465",
      "param": "smtpd_tls_wrappermode",
      "fixable": true
    }
  ]
}
`
	var b bytes.Buffer
	if err := Write(&b, "json", sample[:1]); err != nil {
		t.Fatal(err)
	}
	if b.String() != want {
		t.Errorf("Write json:\n%s\nwant:\n%s", b.String(), want)
	}
	if got := write(t, "json", nil, Options{Color: true}); got != "{\n  \"findings\": []\n}\n" {
		t.Errorf("no findings: %q", got)
	}
}

func TestEveryNameWrites(t *testing.T) {
	for _, name := range Names {
		if out := write(t, name, sample, Options{}); out == "" {
			t.Errorf("%s: no output", name)
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	err := Write(&bytes.Buffer{}, "xml", sample)
	if err == nil || !strings.Contains(err.Error(), `"xml"`) {
		t.Errorf("Write xml: %v, want an unknown format error", err)
	}
}
