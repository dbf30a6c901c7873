package format

import (
	"testing"

	"github.com/postlint/postlint/lint"
)

func TestGitHubEscaping(t *testing.T) {
	for _, tc := range []struct{ in, data, prop string }{
		{"plain text", "plain text", "plain text"},
		{"100%", "100%25", "100%25"},
		{"%0A is not a newline", "%250A is not a newline", "%250A is not a newline"},
		{"a\nb", "a%0Ab", "a%0Ab"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"a:b,c", "a:b,c", "a%3Ab%2Cc"},
		{"::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"},
		{"C:\\x,y%", "C:\\x,y%25", "C%3A\\x%2Cy%25"},
	} {
		if got := escapeData(tc.in); got != tc.data {
			t.Errorf("escapeData(%q) = %q, want %q", tc.in, got, tc.data)
		}
		if got := escapeProperty(tc.in); got != tc.prop {
			t.Errorf("escapeProperty(%q) = %q, want %q", tc.in, got, tc.prop)
		}
	}
}

func TestGitHubCommands(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    lint.Finding
		want string
	}{
		{
			"one line",
			lint.Finding{Rule: "PL301", Severity: lint.Error, File: "postfix/master.cf", Start: pos(12, 1), Stop: pos(12, 12), Message: "port 465"},
			"::error file=postfix/master.cf,line=12,col=1,endLine=12,endColumn=11,title=PL301::port 465",
		},
		{
			"several lines: no columns",
			lint.Finding{Rule: "PL101", Severity: lint.Warning, File: "main.cf", Start: pos(3, 5), Stop: pos(4, 2), Message: "m"},
			"::warning file=main.cf,line=3,endLine=4,title=PL101::m",
		},
		{
			"empty span: one column",
			lint.Finding{Rule: "PL900", Severity: lint.Info, File: "main.cf", Start: pos(1, 1), Stop: pos(1, 1), Message: "m"},
			"::notice file=main.cf,line=1,col=1,endLine=1,endColumn=1,title=PL900::m",
		},
		{
			"no end",
			lint.Finding{Rule: "PL900", Severity: lint.Info, File: "main.cf", Start: pos(7, 3), Message: "m"},
			"::notice file=main.cf,line=7,col=3,endLine=7,endColumn=3,title=PL900::m",
		},
		{
			"no position",
			lint.Finding{Rule: "PL001", Severity: lint.Error, File: "main.cf", Message: "m"},
			"::error file=main.cf,title=PL001::m",
		},
		{
			"no file",
			lint.Finding{Rule: "PL001", Severity: lint.Error, Message: "m"},
			"::error title=PL001::m",
		},
		{
			"escaped",
			lint.Finding{Rule: "X:1,2", Severity: lint.Warning, File: "a,b:c%/main.cf", Start: pos(2, 1), Stop: pos(2, 5),
				Message: "100% broken:\nsee, \"here\"\r\n"},
			"::warning file=a%2Cb%3Ac%25/main.cf,line=2,col=1,endLine=2,endColumn=4,title=X%3A1%2C2::100%25 broken:%0Asee, \"here\"%0D%0A",
		},
	} {
		if got := githubCommand(tc.f, tc.f.Rule, nil); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

func TestGitHubWrite(t *testing.T) {
	want := "::error file=postfix/master.cf,line=12,col=1,endLine=12,endColumn=11,title=PL301::service submissions listens on port 465\n" +
		"::warning file=postfix/main.cf,line=3,endLine=4,title=PL101::two lines\n" +
		"::notice file=postfix/main.cf,line=1,col=1,endLine=1,endColumn=1,title=PL900::about the whole file\n"
	if got := write(t, "github", sample, Options{}); got != want {
		t.Errorf("github:\n%s\nwant:\n%s", got, want)
	}
}
