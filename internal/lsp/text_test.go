package lsp

import (
	"testing"
	"unicode/utf8"
)

func TestTextPositions(t *testing.T) {
	// "é" is two bytes and one UTF-16 unit, "😀" four bytes and two
	// units; \r\n and a lone \r end lines as \n does.
	src := "a = é😀x\r\nb = 1\rc\n\xffd"
	tx := newText([]byte(src))
	cases := []struct {
		off  int
		want Position
	}{
		{0, Position{Line: 0, Character: 0}},
		{4, Position{Line: 0, Character: 4}},  // é
		{6, Position{Line: 0, Character: 5}},  // 😀
		{10, Position{Line: 0, Character: 7}}, // x
		{11, Position{Line: 0, Character: 8}}, // \r
		{13, Position{Line: 1, Character: 0}}, // b
		{19, Position{Line: 2, Character: 0}}, // c
		{22, Position{Line: 3, Character: 1}}, // d after an invalid byte
	}
	for _, c := range cases {
		if got := tx.position(c.off); got != c.want {
			t.Errorf("position(%d) = %v, want %v", c.off, got, c.want)
		}
		if c.off == 11 {
			continue // inside the line terminator: no position maps back there
		}
		if got := tx.offset(c.want); got != c.off {
			t.Errorf("offset(%v) = %d, want %d", c.want, got, c.off)
		}
	}
	// Past the end of a line or the file, clamped.
	if got := tx.offset(Position{Line: 1, Character: 99}); got != 18 {
		t.Errorf("offset past line end = %d, want 18", got)
	}
	if got := tx.offset(Position{Line: 99}); got != len(src) {
		t.Errorf("offset past the file = %d, want %d", got, len(src))
	}
}

// FuzzTextPositions: conversions never panic, stay in the text, and a
// position maps to an offset that maps back to the same position.
func FuzzTextPositions(f *testing.F) {
	f.Add([]byte("a = é😀x\r\nb = 1\rc\n\xffd"), 7, uint32(1), uint32(3))
	f.Add([]byte(""), 0, uint32(0), uint32(0))
	f.Fuzz(func(t *testing.T, src []byte, off int, line, char uint32) {
		tx := newText(src)
		for _, o := range []int{off, -off, len(src)} {
			p := tx.position(o)
			back := tx.offset(p)
			if back < 0 || back > len(src) {
				t.Fatalf("offset(%v) = %d outside 0..%d", p, back, len(src))
			}
			if again := tx.position(back); again != p && o >= 0 && o <= len(src) && isBoundary(src, o) {
				t.Fatalf("position(%d) = %v, offset of it %d, position of that %v", o, p, back, again)
			}
		}
		if o := tx.offset(Position{Line: line, Character: char}); o < 0 || o > len(src) {
			t.Fatalf("offset(%d:%d) = %d outside 0..%d", line, char, o, len(src))
		}
	})
}

// isBoundary reports whether off starts a rune and is not inside a line
// terminator (where no position can point back).
func isBoundary(src []byte, off int) bool {
	if off == len(src) {
		return true
	}
	if !utf8.RuneStart(src[off]) || src[off] == '\n' && off > 0 && src[off-1] == '\r' {
		return false
	}
	// Offsets inside a rune that is not valid UTF-8 start a rune too.
	return true
}
