package lsp

import (
	"testing"
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
