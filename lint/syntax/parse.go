package syntax

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// isSpace reports whether c is white space as Postfix's ISSPACE (C locale
// isspace) sees it.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// ParseMain parses main.cf source. It never fails: problems are recorded in
// File.Errors and the tree still covers every byte.
func ParseMain(name string, src []byte) *File { return parse(name, src, MainCF) }

// ParseMaster parses master.cf source. It never fails: problems are
// recorded in File.Errors and the tree still covers every byte.
func ParseMaster(name string, src []byte) *File { return parse(name, src, MasterCF) }

// Parse parses src as the given kind of file.
func Parse(name string, src []byte, kind Kind) *File { return parse(name, src, kind) }

type parser struct {
	f    *File
	text string // the source as a string, so that texts are substrings, not copies
	toks []token

	params   arena[Param]
	services arena[Service]
	comments arena[Comment]
	blanks   arena[Blank]
	logicals arena[logical]
	options  arena[Option]
	settings arena[Setting]
	words    arena[Word]
	wordBuf  []Word    // backing store for Service.Fields and Args
	optBuf   []*Option // backing store for Service.Options
	optTmp   []*Option // options of the entry being parsed
}

// slab returns an empty slice with room for n elements, carved from buf so
// that the many small slices of a file share a few allocations.
func slab[T any](buf *[]T, n int) []T {
	if cap(*buf)-len(*buf) < n {
		*buf = make([]T, 0, max(n, 512))
	}
	start := len(*buf)
	*buf = (*buf)[:start+n]
	return (*buf)[start : start : start+n]
}

func parse(name string, src []byte, kind Kind) *File {
	f := &File{Name: name, Kind: kind, Src: src}
	p := &parser{f: f, text: string(src)}
	lines := splitLines(src)
	f.lines.starts = make([]int, len(lines))
	for i, l := range lines {
		f.lines.starts[i] = int(l.Start)
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		p.errorf(Pos(i), Pos(i+1), ErrNulByte, true, "NUL byte in input (binary file?): Postfix ignores the rest of the logical line")
	}
	if bytes.HasPrefix(src, byteOrderMark) {
		p.errorf(0, Pos(len(byteOrderMark)), ErrByteOrderMark, false,
			"the file starts with a UTF-8 byte-order mark (bytes EF BB BF), which Postfix reads as part of the first line's text")
	}
	if bytes.IndexByte(src, '\r') >= 0 {
		p.bareCRs(lines)
	}
	if !utf8.Valid(src) {
		p.invalidUTF8(lines)
	}
	f.Nodes = make([]Node, 0, len(lines))
	p.group(lines)
	sort.SliceStable(f.Errors, func(i, j int) bool { return f.Errors[i].Pos < f.Errors[j].Pos })
	return f
}

// byteOrderMark is U+FEFF in UTF-8, which some Windows editors write at
// the start of a file.
var byteOrderMark = []byte("\xef\xbb\xbf")

// bareCRs reports, for each physical line, the carriage returns that
// are not the CR of a CRLF line end and have text after them: a file
// saved with old Mac line ends (CR only) is a single line to Postfix,
// which ends lines only at LF. A CR before the LF, or followed by white
// space only, is trailing white space that Postfix ignores. The error
// covers the first such CR to the end of the line's text; its suggestion
// turns the CRs into LFs.
func (p *parser) bareCRs(lines []Line) {
	for _, l := range lines {
		text := p.text[l.Start:l.ContentEnd]
		end := trimSpaceRight(text, 0, len(text))
		first := strings.IndexByte(text[:end], '\r')
		if first < 0 {
			continue
		}
		from, to := l.Start+Pos(first), l.Start+Pos(end)
		p.errorf(from, to, ErrBareCR, false,
			"carriage return without line feed (an old Mac line end): Postfix ends lines only at LF, so the text after it is part of this line, not a line of its own")
		p.lastError().Suggestion = strings.ReplaceAll(text[first:end], "\r", "\n")
	}
}

// invalidUTF8 reports the first byte that is not UTF-8 on each line.
func (p *parser) invalidUTF8(lines []Line) {
	for _, l := range lines {
		text := p.f.Src[l.Start:l.ContentEnd]
		for i := 0; i < len(text); {
			r, n := utf8.DecodeRune(text[i:])
			if r == utf8.RuneError && n <= 1 {
				at := l.Start + Pos(i)
				p.errorf(at, at+1, ErrInvalidUTF8, false, fmt.Sprintf("byte 0x%02x is not UTF-8 text: check the file's encoding", text[i]))
				break
			}
			i += n
		}
	}
}

// errorf records a syntax error.
func (p *parser) errorf(pos, end Pos, code string, fatal bool, msg string) {
	p.f.Errors = append(p.f.Errors, &Error{Position: p.f.Position(pos), Pos: pos, End: end, Code: code, Msg: msg, Fatal: fatal})
}

// lastError is the error recorded last.
func (p *parser) lastError() *Error { return p.f.Errors[len(p.f.Errors)-1] }

// splitLines cuts src into physical lines and classifies them.
func splitLines(src []byte) []Line {
	lines := make([]Line, 0, bytes.Count(src, []byte{'\n'})+1)
	for start := 0; start < len(src); {
		end := len(src)
		contentEnd := end
		if i := bytes.IndexByte(src[start:], '\n'); i >= 0 {
			contentEnd = start + i
			end = contentEnd + 1
		}
		lines = append(lines, Line{
			Start:      Pos(start),
			ContentEnd: Pos(contentEnd),
			End:        Pos(end),
			Kind:       classify(src[start:contentEnd]),
		})
		start = end
	}
	return lines
}

func classify(text []byte) LineKind {
	for _, c := range text {
		if c == '#' {
			return CommentLine
		}
		if !isSpace(c) {
			return TextLine
		}
	}
	return BlankLine
}

// continues reports whether a physical line continues the current logical
// line. Like Postfix's readlline it looks only at the first byte: white
// space (an empty line's first byte is its "\n") or '#'.
func continues(src []byte, l Line) bool {
	if l.Start == l.End {
		return false
	}
	c := src[l.Start]
	return isSpace(c) || c == '#'
}

// group assembles physical lines into logical lines, mirroring Postfix's
// readlline: a text line starts a logical line, and every following line
// that begins with white space or '#' belongs to it; comment and blank
// lines inside it are skipped. Comment and blank lines after its last text
// line become top-level nodes of their own.
func (p *parser) group(lines []Line) {
	src := p.f.Src
	for i := 0; i < len(lines); {
		l := lines[i]
		switch l.Kind {
		case CommentLine:
			c := p.comments.alloc()
			*c = Comment{Line: l, Text: p.text[l.Start:l.ContentEnd]}
			p.f.Nodes = append(p.f.Nodes, c)
			i++
			continue
		case BlankLine:
			b := p.blanks.alloc()
			b.Line = l
			p.f.Nodes = append(p.f.Nodes, b)
			i++
			continue
		}
		last := i
		j := i + 1
		for ; j < len(lines) && continues(src, lines[j]); j++ {
			if lines[j].Kind == TextLine {
				last = j
			}
		}
		p.logicalLine(lines[i : last+1 : last+1])
		i = last + 1
	}
}

// logical is the text of a logical line as Postfix sees it, with a map
// back to file offsets.
type logical struct {
	text string
	segs []segment
	one  [1]segment // backing store for the common single-line case
}

// segment maps a run of logical text starting at log to file offset file.
type segment struct {
	log  int
	file Pos
}

func (p *parser) newLogical(lines []Line) *logical {
	ll := p.logicals.alloc()
	if len(lines) == 1 {
		l := lines[0]
		ll.text = p.text[l.Start:l.ContentEnd]
		ll.one[0] = segment{log: 0, file: l.Start}
		ll.segs = ll.one[:]
		return ll
	}
	n, size := 0, 0
	for _, l := range lines {
		if l.Kind == TextLine {
			n++
			size += int(l.ContentEnd - l.Start)
		}
	}
	ll.segs = make([]segment, 0, n)
	var b strings.Builder
	b.Grow(size)
	for _, l := range lines {
		if l.Kind != TextLine {
			continue
		}
		ll.segs = append(ll.segs, segment{log: b.Len(), file: l.Start})
		b.WriteString(p.text[l.Start:l.ContentEnd])
	}
	ll.text = b.String()
	return ll
}

// pos maps offset i of the logical text to a file offset. The end of the
// text maps to just past the last byte.
func (ll *logical) pos(i int) Pos {
	if len(ll.segs) == 1 && i < len(ll.text) {
		return ll.segs[0].file + Pos(i) // the common single-line case
	}
	return ll.posSlow(i)
}

func (ll *logical) posSlow(i int) Pos {
	end := false
	if i >= len(ll.text) && len(ll.text) > 0 {
		i, end = len(ll.text)-1, true
	}
	// Most logical lines have few segments, where a backward scan beats a
	// search; a hostile one has a million.
	k := len(ll.segs) - 1
	if k > 8 {
		k = sort.Search(len(ll.segs), func(k int) bool { return ll.segs[k].log > i }) - 1
	}
	for k > 0 && ll.segs[k].log > i {
		k--
	}
	s := ll.segs[k]
	p := s.file + Pos(i-s.log)
	if end {
		p++
	}
	return p
}

// word makes a Word for ll.text[start:end].
func (ll *logical) word(start, end int) Word {
	w := Word{Text: ll.text[start:end], Pos: ll.pos(start)}
	if end > start {
		w.End = ll.pos(end-1) + 1
	} else {
		w.End = w.Pos
	}
	return w
}

// value makes a Value for ll.text[start:end].
func (ll *logical) value(start, end int) Value {
	w := ll.word(start, end)
	return Value{Text: w.Text, Pos: w.Pos, End: w.End, ll: ll, off: start}
}

func (p *parser) logicalLine(lines []Line) {
	ll := p.newLogical(lines)
	if i := strings.IndexByte(ll.text, 0); i >= 0 {
		// Postfix handles lines as C strings: a NUL ends the line.
		ll.text = ll.text[:i]
	}
	if ll.text != "" && isSpace(ll.text[0]) {
		p.errorf(ll.pos(0), ll.pos(trimSpaceRight(ll.text, 0, len(ll.text))), ErrLeadingWhitespace, false,
			"line starts with white space but continues nothing: Postfix ignores it")
		p.f.Nodes = append(p.f.Nodes, &BadLine{Lines: lines, Text: ll.text, Err: p.lastError()})
		return
	}
	if p.f.Kind == MasterCF {
		p.service(lines, ll)
		return
	}
	p.param(lines, ll)
}

func skipSpace(s string, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

// trimSpaceRight returns the end of s[start:end] without trailing spaces.
func trimSpaceRight(s string, start, end int) int {
	for end > start && isSpace(s[end-1]) {
		end--
	}
	return end
}

// param splits "name = value" like Postfix's split_nameval.
func (p *parser) param(lines []Line, ll *logical) {
	t := ll.text
	nameEnd := 0
	for nameEnd < len(t) && !isSpace(t[nameEnd]) && t[nameEnd] != '=' {
		nameEnd++
	}
	eq := skipSpace(t, nameEnd)
	if t == "" {
		// Only possible after a NUL cut the line short.
		p.errorf(ll.pos(0), ll.pos(0)+1, ErrMissingName, true, "missing parameter name (the line starts with a NUL byte)")
		p.f.Nodes = append(p.f.Nodes, &BadLine{Lines: lines, Text: t, Err: p.lastError()})
		return
	}
	if eq >= len(t) || t[eq] != '=' {
		p.errorf(ll.pos(0), ll.pos(trimSpaceRight(t, 0, len(t))), ErrMissingEquals, true,
			"missing '=' after parameter name \""+t[:nameEnd]+"\"")
		p.f.Nodes = append(p.f.Nodes, &BadLine{Lines: lines, Text: t, Err: p.lastError()})
		return
	}
	if nameEnd == 0 {
		p.errorf(ll.pos(0), ll.pos(eq+1), ErrMissingName, true, "missing parameter name before '='")
		p.f.Nodes = append(p.f.Nodes, &BadLine{Lines: lines, Text: t, Err: p.lastError()})
		return
	}
	vs := skipSpace(t, eq+1)
	ve := trimSpaceRight(t, vs, len(t))
	pm := p.params.alloc()
	*pm = Param{
		Lines: lines,
		Name:  ll.word(0, nameEnd),
		Equal: ll.pos(eq),
		Value: ll.value(vs, ve),
	}
	p.f.Nodes = append(p.f.Nodes, pm)
}
