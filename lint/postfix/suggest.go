package postfix

import (
	"sort"
	"strings"
)

// Suggest returns up to three known parameter names close to name, for
// "did you mean" messages: the nearest by edit distance (insertions,
// deletions, substitutions and swaps of adjacent characters), then by
// name. Only names available in v are considered, or all names when v is
// the zero Version; template names (see Param.Template) never are. A
// name's distance must be at most 1 for names of up to 4 characters, 2
// for up to 12 and 3 beyond.
func Suggest(name string, v Version) []string {
	limit := 3
	switch {
	case len(name) <= 4:
		limit = 1
	case len(name) <= 12:
		limit = 2
	}
	type cand struct {
		name string
		dist int
	}
	var cands []cand
	for i := range table {
		p := &table[i] // only names and releases: no deprecation needed
		if p.Name == name || p.Template || !p.Exists() || (!v.IsZero() && !p.AvailableIn(v)) {
			continue
		}
		if d := editDistance(name, p.Name, limit); d <= limit {
			cands = append(cands, cand{p.Name, d})
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].dist != cands[j].dist {
			return cands[i].dist < cands[j].dist
		}
		return cands[i].name < cands[j].name
	})
	var out []string
	for i := 0; i < len(cands) && i < 3; i++ {
		out = append(out, cands[i].name)
	}
	return out
}

// editDistance returns the optimal string alignment distance between a
// and b (Levenshtein plus transpositions of adjacent bytes), or limit+1
// as soon as it must exceed limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	// Three rolling rows: i-2, i-1 and i.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d = min(d, prev2[j-2]+1)
			}
			cur[j] = d
			rowMin = min(rowMin, d)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// SuggestRestriction returns the smtpd restriction word of release v
// closest to word (any case), or "" when none is close.
func SuggestRestriction(word string, v Version) string {
	w := strings.ToLower(word)
	limit := 2
	if len(w) > 12 {
		limit = 3
	}
	best, bestD := "", limit+1
	for _, g := range restrictionTable {
		if known, maybe := tagFact(g.accepted, v); !known && !maybe {
			continue
		}
		if d := editDistance(w, g.name, limit); d < bestD {
			best, bestD = g.name, d
		}
	}
	return best
}
