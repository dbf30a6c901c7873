package ruledoc

import (
	"strings"
	"testing"

	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/rules"
)

// sample is a rule with every documentation field and two fixes.
var sample = &rules.Rule{
	ID: "PL301", Name: "smtpd-465-without-wrappermode", Severity: "error", Scope: rules.ScopeService,
	Title:      "SMTP server on port 465 without smtpd_tls_wrappermode = yes",
	MinVersion: postfix.Version{Major: 3, Minor: 0},
	Param:      &rules.Template{Source: "smtpd_tls_wrappermode"},
	Builtin:    true,
	Doc: rules.Doc{
		What:    "An smtpd(8) service listens on port 465\nwithout *wrapper mode*.",
		Why:     "Clients start with TLS.",
		Symptom: "The server logs:\n  improper command pipelining after CONNECT\n    from client[198.51.100.7]\nand clients fail.",
		Before:  "# master.cf\nsubmissions inet n - y - - smtpd",
		After:   "# master.cf\nsubmissions inet n - y - - smtpd\n  -o smtpd_tls_wrappermode=yes",
		References: []string{
			"https://www.postfix.org/postconf.5.html#smtpd_tls_wrappermode",
			"https://www.rfc-editor.org/rfc/rfc8314#section-3",
		},
	},
	Fixes: []*rules.Fix{
		{Title: &rules.Template{Source: "Turn on wrapper mode for {{ Service.Name }}"}, Safe: true},
		{Title: &rules.Template{Source: "Move to {{ Version }}"}, Explain: "Move the service to port 587\n  with STARTTLS.", Safe: false},
	},
}

const sampleSections = `
## What it detects

An smtpd(8) service listens on port 465
without \*wrapper mode\*.

## Why it matters

Clients start with TLS.

## Symptom

The server logs:
` + "```" + `
improper command pipelining after CONNECT
  from client[198.51.100.7]
` + "```" + `
and clients fail.

## Example

` + "```" + `
# master.cf
submissions inet n - y - - smtpd
` + "```" + `

## Fixed

` + "```" + `
# master.cf
submissions inet n - y - - smtpd
  -o smtpd_tls_wrappermode=yes
` + "```" + `

## Fixes

- Turn on wrapper mode for the service (safe)
- Move the service to port 587 with STARTTLS. (unsafe: needs ` + "`--unsafe-fixes`" + `)

## References

- <https://www.postfix.org/postconf.5.html#smtpd_tls_wrappermode>
- <https://www.rfc-editor.org/rfc/rfc8314#section-3>
`

const sampleFacts = "- Severity: error\n- Scope: service\n- Postfix releases: 3.0 and later\n- Parameter: `smtpd_tls_wrappermode`\n- Fix: safe\n"

func TestPage(t *testing.T) {
	want := Marker + "\n\n# PL301 smtpd-465-without-wrappermode\n\n" +
		"SMTP server on port 465 without smtpd\\_tls\\_wrappermode = yes\n\n" +
		sampleFacts + sampleSections + "\n[All rules](../rules.md)\n"
	if got := Page(sample); got != want {
		t.Errorf("Page:\n%s\nwant:\n%s", got, want)
	}
}

func TestHelp(t *testing.T) {
	want := "**PL301** SMTP server on port 465 without smtpd\\_tls\\_wrappermode = yes\n\n" + sampleFacts +
		strings.ReplaceAll(sampleSections, "\n## ", "\n### ") +
		"\n[Documentation of PL301](https://example.org/d/PL301.md)\n"
	if got := Help(sample, "https://example.org/d/PL301.md"); got != want {
		t.Errorf("Help:\n%s\nwant:\n%s", got, want)
	}
	bare := &rules.Rule{ID: "X1", Title: "t", Severity: "info"}
	if got, want := Help(bare, ""), "**X1** t\n\n- Severity: info\n- Postfix releases: all releases\n"; got != want {
		t.Errorf("Help without docs = %q, want %q", got, want)
	}
}

func TestURL(t *testing.T) {
	user := &rules.Rule{ID: "SITE1", Doc: rules.Doc{References: []string{"https://wiki.example.org/mail"}}}
	for _, tc := range []struct {
		base string
		r    *rules.Rule
		want string
	}{
		{"", sample, DefaultBaseURL + "PL301.md"},
		{"https://git.example.org/postlint/docs/rules", sample, "https://git.example.org/postlint/docs/rules/PL301.md"},
		{"https://git.example.org/docs/", sample, "https://git.example.org/docs/PL301.md"},
		{"https://git.example.org/docs/", user, "https://wiki.example.org/mail"},
		{"", &rules.Rule{ID: "SITE2"}, ""},
		{"", nil, ""},
	} {
		if got := URL(tc.base, tc.r); got != tc.want {
			t.Errorf("URL(%q, %v) = %q, want %q", tc.base, tc.r, got, tc.want)
		}
	}
}

func TestMarkdownHelpers(t *testing.T) {
	if got, want := CodeBlock("a ``` b"), "````\na ``` b\n````\n"; got != want {
		t.Errorf("CodeBlock = %q, want %q", got, want)
	}
	if got := CodeBlock("\n  \n"); got != "" {
		t.Errorf("CodeBlock of blank text = %q", got)
	}
	if got, want := Code("a`b"), "``a`b``"; got != want {
		t.Errorf("Code = %q, want %q", got, want)
	}
	if got, want := Code("`x"), "`` `x ``"; got != want {
		t.Errorf("Code = %q, want %q", got, want)
	}
	if got, want := Escape("<b>*x*</b> [l](u) | #"), `\<b\>\*x\*\</b\> \[l\](u) \| \#`; got != want {
		t.Errorf("Escape = %q, want %q", got, want)
	}
}

// The index links built-in rules to their pages and leaves other rules
// (site rule files have no page here) unlinked.
func TestIndex(t *testing.T) {
	site := &rules.Rule{ID: "SITE1", Name: "site-rule", Severity: "info", Title: "a | b",
		Fixes: []*rules.Fix{{Safe: false}}}
	want := "| ID | severity | name | title | fix |\n|----|----------|------|-------|-----|\n" +
		"| [PL301](rules/PL301.md) | error | `smtpd-465-without-wrappermode` | SMTP server on port 465 without smtpd_tls_wrappermode = yes | safe |\n" +
		"| SITE1 | info | `site-rule` | a \\| b | unsafe |\n"
	if got := Index([]*rules.Rule{sample, site}); got != want {
		t.Errorf("Index:\n%s\nwant:\n%s", got, want)
	}
}
