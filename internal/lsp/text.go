package lsp

import (
	"unicode/utf16"
	"unicode/utf8"
)

// text is a document's content with the start offsets of its lines, to
// convert between postlint's byte offsets and LSP positions (line and
// UTF-16 code unit, as every client supports).
type text struct {
	src   []byte
	lines []int // byte offset of each line start
}

func newText(src []byte) *text {
	t := &text{src: src, lines: []int{0}}
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\n':
			t.lines = append(t.lines, i+1)
		case '\r':
			// LSP ends lines at \n, \r\n and a lone \r alike.
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			t.lines = append(t.lines, i+1)
		}
	}
	return t
}

// lineEnd is the offset of the end of line i, before its terminator.
func (t *text) lineEnd(i int) int {
	if i+1 >= len(t.lines) {
		return len(t.src)
	}
	end := t.lines[i+1]
	for end > t.lines[i] && (t.src[end-1] == '\n' || t.src[end-1] == '\r') {
		end--
	}
	return end
}

// position converts a byte offset to an LSP position.
func (t *text) position(off int) Position {
	off = max(0, min(off, len(t.src)))
	// Binary search for the last line starting at or before off.
	lo, hi := 0, len(t.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if t.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	units := 0
	for b := t.src[t.lines[lo]:min(off, t.lineEnd(lo))]; len(b) > 0; {
		r, n := utf8.DecodeRune(b)
		units += utf16.RuneLen(r)
		b = b[n:]
	}
	if off > t.lineEnd(lo) {
		units += off - t.lineEnd(lo) // inside the terminator: count bytes
	}
	return Position{Line: uint32(lo), Character: uint32(units)}
}

// offset converts an LSP position to a byte offset, clamping a position
// past the end of its line to the line's end, as the specification asks.
func (t *text) offset(p Position) int {
	if int(p.Line) >= len(t.lines) {
		return len(t.src)
	}
	i, end := t.lines[p.Line], t.lineEnd(int(p.Line))
	for units := 0; i < end && units < int(p.Character); {
		r, n := utf8.DecodeRune(t.src[i:end])
		units += utf16.RuneLen(r)
		i += n
	}
	return i
}

func (t *text) span(pos, end int) Range {
	return Range{Start: t.position(pos), End: t.position(end)}
}
