package format

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/syntax"
)

// hostileFinding quotes configuration text that would drive a terminal:
// a title change, a screen clear, an 8-bit CSI, a right-to-left override
// and a bare CR.
var hostileFinding = lint.Finding{
	Rule: "PL120", Severity: lint.Warning, File: "conf\x1b[31m/main.cf",
	Start: pos(1, 1), Stop: pos(1, 5),
	Message: "unknown parameter my\x1b]0;pwned\x07\x1b[2Jhost\u202eevil \x9b1m\rend",
}

func TestTextEscapesControls(t *testing.T) {
	want := `conf\x1b[31m/main.cf:1:1: warning: unknown parameter my\x1b]0;pwned\x07\x1b[2Jhost\u202eevil \x9b1m\rend [PL120]` + "\n"
	for _, color := range []bool{false, true} {
		got := write(t, "text", []lint.Finding{hostileFinding}, Options{Color: color})
		if !color && got != want {
			t.Errorf("text:\n got %s\nwant %s", got, want)
		}
		if color {
			got = strings.NewReplacer(ansiReset, "", ansiDim, "", ansiYellow, "").Replace(got)
		}
		for _, c := range got[:len(got)-1] {
			if c < 0x20 || c >= 0x7f && c <= 0x9f || c == 0x202e {
				t.Errorf("color=%v: output holds %U: %q", color, c, got)
				break
			}
		}
	}
	// Plain text passes unchanged.
	if got := escapeControls("smtpd_banner = $myhostname ESMTP café\t(ok)", "\t"); got != "smtpd_banner = $myhostname ESMTP café\t(ok)" {
		t.Errorf("plain text changed: %q", got)
	}
}

func TestGitHubEscapesControls(t *testing.T) {
	got := githubCommand(hostileFinding, hostileFinding.Rule, nil)
	want := `::warning file=conf\x1b[31m/main.cf,line=1,col=1,endLine=1,endColumn=4,title=PL120::unknown parameter my\x1b]0;pwned\x07\x1b[2Jhost\u202eevil \x9b1m%0Dend`
	if got != want {
		t.Errorf("github:\n got %s\nwant %s", got, want)
	}
}

// TestColumnsUTF16 checks the columns of a finding after non-ASCII text
// in the SARIF and GitHub formats: UTF-16 code units, counted in the
// file's text; text and JSON keep byte columns.
func TestColumnsUTF16(t *testing.T) {
	src := "a = 1\nsmtpd_banner = café 😀 x\n"
	f := syntax.ParseMain("main.cf", []byte(src))
	start := strings.Index(src, "x")
	fd := lint.Finding{Rule: "PL900", Severity: lint.Info, File: "main.cf",
		Start: f.Position(syntax.Pos(start)), Stop: f.Position(syntax.Pos(start + 1)), Message: "m"}
	// "smtpd_banner = café 😀 " is 22 characters and 26 bytes: é is two
	// bytes and one unit, 😀 four bytes and two units, so x is at byte
	// column 27 and UTF-16 column 24.
	if fd.Start.Column != 27 {
		t.Fatalf("byte column %d, want 27", fd.Start.Column)
	}
	opts := Options{Source: func(name string) []byte {
		if name == "main.cf" {
			return []byte(src)
		}
		return nil
	}}
	var log struct {
		Runs []struct {
			ColumnKind string `json:"columnKind"`
			Results    []struct {
				Locations []struct {
					PhysicalLocation struct {
						Region map[string]int `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(write(t, "sarif", []lint.Finding{fd}, opts)), &log); err != nil {
		t.Fatal(err)
	}
	region := log.Runs[0].Results[0].Locations[0].PhysicalLocation.Region
	if log.Runs[0].ColumnKind != "utf16CodeUnits" || region["startColumn"] != 24 || region["endColumn"] != 25 {
		t.Errorf("sarif: columnKind %q, region %v; want utf16CodeUnits, columns 24 to 25", log.Runs[0].ColumnKind, region)
	}
	if got := write(t, "github", []lint.Finding{fd}, opts); !strings.Contains(got, ",line=2,col=24,endLine=2,endColumn=24,") {
		t.Errorf("github: %s", got)
	}
	if got := write(t, "text", []lint.Finding{fd}, opts); !strings.HasPrefix(got, "main.cf:2:27: ") {
		t.Errorf("text: %s", got)
	}
	// Without the file's text, SARIF gives the line only and GitHub
	// no columns: better no column than a wrong one.
	none := Options{Source: func(string) []byte { return nil }}
	if got := write(t, "github", []lint.Finding{fd}, none); !strings.Contains(got, "file=main.cf,line=2,endLine=2,title") {
		t.Errorf("github without source: %s", got)
	}
	if got := write(t, "sarif", []lint.Finding{fd}, none); strings.Contains(got, "startColumn") {
		t.Errorf("sarif without source has a column:\n%s", got)
	}
}

// TestColumnsLongLine converts the columns of many findings on one long
// line in one pass (a quadratic conversion would take minutes).
func TestColumnsLongLine(t *testing.T) {
	line := []byte(strings.Repeat("é", 1<<20))
	c := newColumns(Options{Source: func(string) []byte { return line }})
	for i := 0; i < len(line); i += 2 * 64 {
		got, ok := c.utf16("f", syntax.Position{Offset: i, Line: 1, Column: i + 1})
		if !ok || got != i/2+1 {
			t.Fatalf("offset %d: column %d, %v; want %d", i, got, ok, i/2+1)
		}
	}
}

func TestEscape(t *testing.T) {
	if got, want := Escape("main.cf:1:1: \x1b[2J\n"), `main.cf:1:1: \x1b[2J\n`; got != want {
		t.Errorf("Escape = %q, want %q", got, want)
	}
}
