package hostcheck

import (
	"strings"
	"time"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/rules"
)

// Rule IDs of the host checks. They are stable: configuration files and
// scripts select and ignore rules by them.
const (
	TLSFileMissing     = "PL801" // tls-file-missing
	TLSFileNotPEM      = "PL802" // tls-file-not-pem
	TLSKeyEncrypted    = "PL803" // tls-key-encrypted
	TLSKeyPermissions  = "PL804" // tls-key-permissions
	TLSKeyMismatch     = "PL805" // tls-key-mismatch
	TLSCertExpired     = "PL806" // tls-cert-expired
	TLSCertExpiring    = "PL807" // tls-cert-expiring
	TLSChainOrder      = "PL808" // tls-chain-order
	TLSChainIncomplete = "PL809" // tls-chain-incomplete
	TLSCAInvalid       = "PL810" // tls-ca-invalid
	MapNotCompiled     = "PL811" // map-not-compiled
	MapStale           = "PL812" // map-stale
	RelativePath       = "PL813" // relative-path
	FileNotChecked     = "PL814" // file-not-checked
)

// ExpiryWarning is how long before a certificate expires PL807 warns.
const ExpiryWarning = 30 * 24 * time.Hour

// Doc is the documentation of one host check, in the shape of a TOML
// rule's (docs/rules-format.md): "postlint rules" lists ID, Severity,
// Name and Title; "postlint explain" prints the rest.
type Doc struct {
	ID, Name, Title string
	Severity        lint.Severity
	// Param names the parameters the check looks at, for the
	// "Parameter:" line of explain.
	Param      string
	What, Why  string
	Symptom    string // the failure as the admin sees it, with Postfix's log line
	Before     string // a configuration (and file state) that triggers the check
	After      string // the same, fixed
	References []string
}

// Docs returns the documentation of every host check, in ID order. The
// slice is a copy; callers may modify it.
func Docs() []Doc {
	out := make([]Doc, len(docs))
	copy(out, docs)
	for i := range out {
		out[i].References = append([]string(nil), docs[i].References...)
	}
	return out
}

// Lookup finds a host check by ID ("PL801") or name ("tls-file-missing"),
// ignoring case.
func Lookup(idOrName string) (Doc, bool) {
	for _, d := range docs {
		if strings.EqualFold(d.ID, idOrName) || strings.EqualFold(d.Name, idOrName) {
			return d, true
		}
	}
	return Doc{}, false
}

// severity returns the severity of a rule ID.
func severity(id string) lint.Severity {
	for _, d := range docs {
		if d.ID == id {
			return d.Severity
		}
	}
	return lint.Error
}

// Scope is the scope "postlint explain" shows for host checks.
const Scope rules.Scope = "host"

// Rule returns the documentation as a rules.Rule, so that "postlint
// explain" can print it with Rule.Explain like a TOML rule's. The rule
// has no condition: it is for listing and explaining only and must not
// be given to the engine (lint.Run), which cannot evaluate it.
func (d Doc) Rule() *rules.Rule {
	return &rules.Rule{
		ID: d.ID, Name: d.Name, Title: d.Title,
		Severity: d.Severity.String(),
		Scope:    Scope,
		Param:    &rules.Template{Source: d.Param},
		Doc: rules.Doc{
			What: d.What, Why: d.Why, Symptom: d.Symptom,
			Before: d.Before, After: d.After,
			References: append([]string(nil), d.References...),
		},
		File:    "lint/hostcheck",
		Builtin: true,
	}
}

// Rules returns Docs as rules.Rule values (see Doc.Rule), in ID order:
// for "postlint rules", "postlint explain" and the rule metadata of the
// SARIF output (format.Options.Rules).
func Rules() []*rules.Rule {
	out := make([]*rules.Rule, len(docs))
	for i, d := range docs {
		out[i] = d.Rule()
	}
	return out
}
