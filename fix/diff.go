package fix

import (
	"fmt"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// contextLines is the number of unchanged lines around each hunk, as in
// diff -u.
const contextLines = 3

// lineOp is one line of a line diff.
type lineOp struct {
	kind byte // ' ', '-' or '+'
	text string
}

// lineDiff diffs two texts line by line with go-diff.
func lineDiff(a, b string) []lineOp {
	dmp := diffmatchpatch.New()
	ra, rb, lines := dmp.DiffLinesToRunes(a, b)
	diffs := dmp.DiffCharsToLines(dmp.DiffMainRunes(ra, rb, false), lines)
	var ops []lineOp
	for _, d := range diffs {
		kind := byte(' ')
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			kind = '-'
		case diffmatchpatch.DiffInsert:
			kind = '+'
		}
		for _, l := range splitLinesKeep(d.Text) {
			ops = append(ops, lineOp{kind, l})
		}
	}
	return ops
}

// splitLinesKeep splits s after each "\n"; a last line without one is kept.
func splitLinesKeep(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			return append(out, s)
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// Unified returns a unified diff from old to new, with "--- a/NAME" and
// "+++ b/NAME" headers, or "" when the texts are equal. It applies with
// patch -p1 and git apply.
func Unified(name string, old, new []byte) string {
	if string(old) == string(new) {
		return ""
	}
	ops := lineDiff(string(old), string(new))
	var b strings.Builder
	fmt.Fprintf(&b, "--- a/%s\n+++ b/%s\n", name, name)
	for start := 0; start < len(ops); {
		// Find the next change.
		first := start
		for first < len(ops) && ops[first].kind == ' ' {
			first++
		}
		if first == len(ops) {
			break
		}
		// Extend the hunk while changes are within 2*context lines.
		end := first
		for i := first; i < len(ops); i++ {
			if ops[i].kind != ' ' {
				end = i + 1
				continue
			}
			if i-end >= 2*contextLines {
				break
			}
		}
		lo := max(first-contextLines, start)
		hi := min(end+contextLines, len(ops))
		writeHunk(&b, ops, lo, hi)
		start = hi
	}
	return b.String()
}

// writeHunk prints ops[lo:hi] as one hunk with its @@ header.
func writeHunk(b *strings.Builder, ops []lineOp, lo, hi int) {
	oldStart, newStart := 1, 1
	for _, op := range ops[:lo] {
		if op.kind != '+' {
			oldStart++
		}
		if op.kind != '-' {
			newStart++
		}
	}
	oldN, newN := 0, 0
	for _, op := range ops[lo:hi] {
		if op.kind != '+' {
			oldN++
		}
		if op.kind != '-' {
			newN++
		}
	}
	fmt.Fprintf(b, "@@ -%s +%s @@\n", hunkRange(oldStart, oldN), hunkRange(newStart, newN))
	for _, op := range ops[lo:hi] {
		b.WriteByte(op.kind)
		b.WriteString(op.text)
		if !strings.HasSuffix(op.text, "\n") {
			b.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

// hunkRange formats "start,count" the way diff -u does: an empty range
// names the line before it, and a count of 1 is left out.
func hunkRange(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start-1)
	case 1:
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, n)
}
