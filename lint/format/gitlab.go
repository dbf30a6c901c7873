package format

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"

	"github.com/postlint/postlint/lint"
)

// gitLab prints a GitLab Code Quality report: a JSON array with one
// issue per finding, holding the keys GitLab documents as required
// (description, check_name, fingerprint, severity, location.path and
// location.lines.begin). GitLab compares the fingerprints of a merge
// request's report with those of its target branch to tell new issues
// from fixed ones, so they come from opts.Fingerprints (the baseline key,
// which survives lines inserted above) when the caller has them.
//
// Paths are relative to the working directory, which is the repository
// root in a GitLab job. A finding without a file has no place in the
// report and is left out.
func gitLab(w io.Writer, findings []lint.Finding, opts Options) error {
	type lines struct {
		Begin int `json:"begin"`
		End   int `json:"end,omitempty"`
	}
	type location struct {
		Path  string `json:"path"`
		Lines lines  `json:"lines"`
	}
	type issue struct {
		Type        string   `json:"type"`
		Description string   `json:"description"`
		CheckName   string   `json:"check_name"`
		Fingerprint string   `json:"fingerprint"`
		Severity    string   `json:"severity"`
		Categories  []string `json:"categories"`
		Location    location `json:"location"`
	}
	out := make([]issue, 0, len(findings))
	seen := map[string]int{} // position fingerprints so far, to number repeats
	for i, f := range findings {
		if f.File == "" {
			continue
		}
		var fp string
		if opts.Fingerprints != nil {
			fp = opts.Fingerprints[i]
		} else {
			fp = positionFingerprint(f, seen)
		}
		begin := max(f.Start.Line, 1)
		end := 0
		if f.Stop.Line > begin {
			end = f.Stop.Line
		}
		category := "Bug Risk"
		if score, _ := securitySeverity(f.Rule, f.Severity); score != "" {
			category = "Security"
		}
		out = append(out, issue{
			Type:        "issue",
			Description: f.Message + " [" + f.Rule + "]",
			CheckName:   f.Rule,
			Fingerprint: fp,
			Severity:    gitlabSeverity(f.Severity),
			Categories:  []string{category},
			Location:    location{Path: displayPath(f.File), Lines: lines{Begin: begin, End: end}},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// gitlabSeverity maps a severity onto GitLab's scale (info, minor,
// major, critical, blocker): an error breaks mail, so critical; a
// warning is major; an info stays info. blocker and minor are not used.
func gitlabSeverity(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "critical"
	case lint.Warning:
		return "major"
	}
	return "info"
}

// positionFingerprint identifies a finding by rule, file, position and
// message, for callers without baseline keys; a repeat of an identical
// finding gets its number added, as GitLab shows one issue per
// fingerprint.
func positionFingerprint(f lint.Finding, seen map[string]int) string {
	text := fmt.Sprintf("%s\x00%s\x00%d:%d\x00%s", f.Rule, displayPath(f.File), f.Start.Line, f.Start.Column, f.Message)
	seen[text]++
	if n := seen[text]; n > 1 {
		text += fmt.Sprintf("\x00%d", n)
	}
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}
