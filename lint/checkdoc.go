package lint

import (
	"strings"

	"github.com/postlint/postlint/rules"
)

// CheckDoc documents a check written in Go rather than TOML (the host
// checks, the suppression diagnostics) in the shape of a TOML rule's
// documentation, so that "postlint rules", "postlint explain" and SARIF
// show it like any other rule.
type CheckDoc struct {
	ID, Name, Title string
	Severity        Severity
	// Param names the parameters the check looks at, for the
	// "Parameter:" line of explain; "" for none.
	Param      string
	What, Why  string
	Symptom    string // the failure as the admin sees it, with the log line
	Before     string // a configuration that triggers the check
	After      string // the same, fixed
	References []string
	// Log lists log lines the check explains, for postlint why (a
	// check with no static cause: why points at postlint probe).
	Log []*rules.LogPattern
}

// Rule returns the documentation as a rules.Rule of scope, defined in
// file, so that it prints with Rule.Explain like a TOML rule. The rule has
// no condition: it is for listing and explaining only and must not be
// given to Run, which cannot evaluate it.
func (d CheckDoc) Rule(scope rules.Scope, file string) *rules.Rule {
	r := &rules.Rule{
		ID: d.ID, Name: d.Name, Title: d.Title,
		Severity: d.Severity.String(),
		Scope:    scope,
		Doc: rules.Doc{
			What: d.What, Why: d.Why, Symptom: d.Symptom,
			Before: d.Before, After: d.After,
			References: append([]string(nil), d.References...),
		},
		Log:     d.Log,
		File:    file,
		Builtin: true,
	}
	if d.Param != "" {
		r.Param = &rules.Template{Source: d.Param}
	}
	return r
}

// CheckDocs is a table of Go checks in ID order.
type CheckDocs []CheckDoc

// Copy returns a deep copy, so callers cannot change the table.
func (ds CheckDocs) Copy() CheckDocs {
	out := make(CheckDocs, len(ds))
	copy(out, ds)
	for i := range out {
		out[i].References = append([]string(nil), ds[i].References...)
	}
	return out
}

// Lookup finds a check by ID or name, ignoring case.
func (ds CheckDocs) Lookup(idOrName string) (CheckDoc, bool) {
	for _, d := range ds {
		if strings.EqualFold(d.ID, idOrName) || strings.EqualFold(d.Name, idOrName) {
			return d, true
		}
	}
	return CheckDoc{}, false
}

// Severity returns the severity of the check with this ID; Error for an
// unknown ID.
func (ds CheckDocs) Severity(id string) Severity {
	if d, ok := ds.Lookup(id); ok {
		return d.Severity
	}
	return Error
}

// Rules returns the table as rules (see CheckDoc.Rule), for "postlint
// rules", "postlint explain" and the rule metadata of SARIF output.
func (ds CheckDocs) Rules(scope rules.Scope, file string) []*rules.Rule {
	out := make([]*rules.Rule, len(ds))
	for i, d := range ds {
		out[i] = d.Rule(scope, file)
	}
	return out
}
