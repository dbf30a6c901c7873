package postconf

import (
	"sort"
	"strings"

	"github.com/postlint/postlint/lint/syntax"
)

// logical is one logical line as Postfix's readllines returns it: the text
// lines of a node joined without separator, comment and blank lines left
// out. Postfix then treats the text as a C string, so it ends at the first
// NUL byte.
type logical struct {
	f     *syntax.File
	text  string
	line  int   // number of the first physical line, as readllines reports it
	start []int // offset in text where each text line begins
	pos   []syntax.Pos
}

func newLogical(f *syntax.File, n syntax.Node) *logical {
	ll := &logical{f: f}
	var b strings.Builder
	for _, l := range n.PhysLines() {
		if l.Kind != syntax.TextLine {
			continue
		}
		if ll.line == 0 {
			ll.line = f.Position(l.Start).Line
		}
		ll.start = append(ll.start, b.Len())
		ll.pos = append(ll.pos, l.Start)
		b.Write(f.Src[l.Start:l.ContentEnd])
	}
	ll.text = b.String()
	if i := strings.IndexByte(ll.text, 0); i >= 0 {
		ll.text = ll.text[:i]
	}
	return ll
}

// position returns the file position of byte i of the text.
func (ll *logical) position(i int) syntax.Position {
	k := sort.SearchInts(ll.start, i+1) - 1
	if k < 0 {
		k = 0
	}
	if len(ll.pos) == 0 {
		return ll.f.Position(0)
	}
	return ll.f.Position(ll.pos[k] + syntax.Pos(i-ll.start[k]))
}

// isSpace is Postfix's ISSPACE: ASCII white space.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// leadingSpace reports a logical line that starts with white space, which
// readllines skips with a warning.
func (ll *logical) leadingSpace() bool { return ll.text != "" && isSpace(ll.text[0]) }

// splitNameval splits "name = value" like Postfix's split_nameval. It
// returns the name, the value and the offset of the value in s, or the
// error that split_nameval reports.
func splitNameval(s string) (name, value string, at int, err string) {
	np := 0
	for np < len(s) && isSpace(s[np]) {
		np++
	}
	if np == len(s) {
		return "", "", 0, "missing attribute name"
	}
	ep := np
	for ep < len(s) && !isSpace(s[ep]) && s[ep] != '=' {
		ep++
	}
	cp := ep
	for cp < len(s) && isSpace(s[cp]) {
		cp++
	}
	if cp == len(s) || s[cp] != '=' {
		return "", "", 0, "missing '=' after attribute name"
	}
	if ep == np {
		return "", "", 0, "missing attribute name"
	}
	vp := cp + 1
	for vp < len(s) && isSpace(s[vp]) {
		vp++
	}
	end := len(s)
	for end > vp && isSpace(s[end-1]) {
		end--
	}
	return s[np:ep], s[vp:end], vp, ""
}
