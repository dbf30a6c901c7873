package lint

import (
	"fmt"
	"sort"
	"strings"

	"github.com/postlint/postlint/lint/syntax"
)

// Severity orders findings; a run fails when a finding is at or above the
// failure level.
type Severity int

// Severities, from least to most severe.
const (
	Info Severity = iota + 1
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "unknown"
}

// ParseSeverity reads "info", "warning" or "error".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(s) {
	case "info":
		return Info, nil
	case "warning", "warn":
		return Warning, nil
	case "error":
		return Error, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want info, warning or error)", s)
}

// MarshalText makes severities print as words in JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Finding is one problem found in a file.
type Finding struct {
	Rule     string
	Severity Severity
	File     string          // path of the file as given to postlint
	Pos, End syntax.Pos      // byte offsets in File
	Start    syntax.Position // line and column of Pos
	Stop     syntax.Position // line and column of End
	Message  string
	Param    string // the parameter involved, if any
	Fixes    []Fix
}

// String formats the finding as "file:line:col: severity: message [ID]".
func (f Finding) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s [%s]", f.File, f.Start.Line, f.Start.Column, f.Severity, f.Message, f.Rule)
}

// Fix is a proposed change that resolves a finding: a set of text edits
// applied together or not at all.
type Fix struct {
	Title string
	// Safe fixes change nothing beyond what the finding is about;
	// unsafe ones (such as moving a relay to another port) need
	// --unsafe-fixes.
	Safe  bool
	Edits []Edit
}

// Edit replaces Src[Pos:End] of File with New. An insertion has Pos == End.
type Edit struct {
	File     string
	Pos, End syntax.Pos
	New      string
}

// SortFindings orders findings by file, position and rule ID and drops
// exact duplicates. It sorts fs in place.
func SortFindings(fs []Finding) []Finding {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		switch {
		case a.File != b.File:
			return a.File < b.File
		case a.Pos != b.Pos:
			return a.Pos < b.Pos
		case a.Rule != b.Rule:
			return a.Rule < b.Rule
		case a.End != b.End:
			return a.End < b.End
		}
		return a.Message < b.Message
	})
	out := make([]Finding, 0, len(fs))
	for _, f := range fs {
		if len(out) > 0 && sameFinding(f, out[len(out)-1]) {
			continue
		}
		out = append(out, f)
	}
	return out
}

func sameFinding(a, b Finding) bool {
	return a.Rule == b.Rule && a.File == b.File && a.Pos == b.Pos && a.End == b.End &&
		a.Message == b.Message && a.Param == b.Param
}
