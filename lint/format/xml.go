package format

import (
	"sort"

	"github.com/postlint/postlint/lint"
)

// XML 1.0 cannot hold most control characters even as character
// references (encoding/xml writes U+FFFD for them), so the checkstyle
// and junit formats escape them first the way the text format does
// (escape.go): "\x1b" stays readable. Line ends and tabs are kept.
func xmlText(s string) string { return escapeControls(s, "\n\t") }

// fileGroup is the findings of one file, in their order.
type fileGroup struct {
	name     string // as displayed (displayPath)
	findings []lint.Finding
	index    []int // of each finding in the run's list
}

// byFile groups findings by file, with the checked files that have none,
// sorted by name. Findings without a file are left out: both XML formats
// are organised by file.
func byFile(findings []lint.Finding, checked []string) []*fileGroup {
	groups := map[string]*fileGroup{}
	get := func(file string) *fileGroup {
		name := displayPath(file)
		g := groups[name]
		if g == nil {
			g = &fileGroup{name: name}
			groups[name] = g
		}
		return g
	}
	for _, c := range checked {
		get(c)
	}
	for i, f := range findings {
		if f.File == "" {
			continue
		}
		g := get(f.File)
		g.findings = append(g.findings, f)
		g.index = append(g.index, i)
	}
	out := make([]*fileGroup, 0, len(groups))
	for _, g := range groups {
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}
