package fix

import (
	"fmt"
	"strings"
)

// contextLines is the number of unchanged lines around each hunk, as in
// diff -u.
const contextLines = 3

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
	// oldLine and newLine are the line numbers of ops[at].
	at, oldLine, newLine := 0, 1, 1
	advance := func(to int) {
		for ; at < to; at++ {
			if ops[at].kind != '+' {
				oldLine++
			}
			if ops[at].kind != '-' {
				newLine++
			}
		}
	}
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
		advance(lo)
		writeHunk(&b, ops[lo:hi], oldLine, newLine)
		start = hi
	}
	return b.String()
}

// writeHunk prints ops as one hunk with its @@ header; the first op is
// at line oldStart of the old text and newStart of the new.
func writeHunk(b *strings.Builder, ops []lineOp, oldStart, newStart int) {
	oldN, newN := 0, 0
	for _, op := range ops {
		if op.kind != '+' {
			oldN++
		}
		if op.kind != '-' {
			newN++
		}
	}
	fmt.Fprintf(b, "@@ -%s +%s @@\n", hunkRange(oldStart, oldN), hunkRange(newStart, newN))
	for _, op := range ops {
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
