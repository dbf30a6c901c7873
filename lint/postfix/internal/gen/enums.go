package main

import (
	"bytes"
	"fmt"
	"go/format"
	"sort"
	"strings"
)

// Parameters that take words from a fixed set, per release tag, from
// facts/enum-values.tsv. Only the forms a linter can check statically are
// kept: one word, or a list of words; the release masks use the tags of
// the restriction facts.

type enumRow struct {
	name, words, warnWords, form, onBad, message string
	fold                                         bool
	tags                                         []version
}

// enumForms maps the value_form column to what package postfix checks.
var enumForms = map[string]string{
	"single word":          "word",
	"single word or empty": "word",
	"list (any combination; separators comma/space)": "list",
}

// enumSeverity maps the on_bad_word column: fatal words stop the programs
// that read the parameter; the others are logged, ignored or turn a
// feature off. "" drops the row (nothing happens).
func enumSeverity(onBad string) string {
	switch {
	case strings.HasPrefix(onBad, "fatal"), onBad == "warning then fatal":
		return "fatal"
	case strings.HasPrefix(onBad, "warning; TLS disabled"):
		return "tls-off"
	case strings.HasPrefix(onBad, "warning"), onBad == "ignored silently":
		return "ignored"
	}
	return ""
}

func readEnums(path string) ([]enumRow, error) {
	rows, err := tsv(path)
	if err != nil {
		return nil, err
	}
	var out []enumRow
	for _, row := range rows {
		form, ok := enumForms[row["value_form"]]
		sev := enumSeverity(row["on_bad_word"])
		if !ok || sev == "" {
			continue
		}
		tags, err := parseVersions(row["releases"])
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", path, row["name"], err)
		}
		var words, warn []string
		for _, w := range strings.Fields(row["allowed_words"]) {
			if w == "(empty)" {
				continue
			}
			// word[if:COND] exists only in some builds: accept it.
			if i := strings.Index(w, "[if:"); i > 0 {
				w = w[:i]
			}
			if base, ok := strings.CutSuffix(w, "(warn)"); ok {
				warn = append(warn, base)
				w = base
			}
			if i := strings.Index(w, "(="); i > 0 {
				w = w[:i]
			}
			words = append(words, w)
		}
		out = append(out, enumRow{
			name: row["name"], words: strings.Join(words, " "), warnWords: strings.Join(warn, " "),
			form: form, onBad: sev, message: row["message"], tags: tags,
			fold: row["case"] == "case-insensitive",
		})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, nil
}

// renderEnums writes enums_gen.go; tags is the tag list of the masks.
func renderEnums(path string, tags []version) ([]byte, error) {
	rows, err := readEnums(path)
	if err != nil {
		return nil, err
	}
	bit := make(map[version]uint64)
	for i, t := range tags {
		bit[t] = 1 << i
	}
	var b bytes.Buffer
	b.WriteString(header)
	b.WriteString("// enumTable lists the parameters that take words from a fixed set, one entry\n// per set of release tags (a mask over restrictionTags), sorted by name.\nvar enumTable = []genEnum{\n")
	for _, r := range rows {
		var m uint64
		for _, t := range r.tags {
			if bit[t] == 0 {
				return nil, fmt.Errorf("%s: %s: release %s is not a known tag", path, r.name, t)
			}
			m |= bit[t]
		}
		fmt.Fprintf(&b, "{name: %q, tags: %#x, form: %q, words: %q", r.name, m, r.form, r.words)
		if r.warnWords != "" {
			fmt.Fprintf(&b, ", warn: %q", r.warnWords)
		}
		if r.fold {
			b.WriteString(", fold: true")
		}
		fmt.Fprintf(&b, ", onBad: %q, message: %q},\n", r.onBad, r.message)
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}
