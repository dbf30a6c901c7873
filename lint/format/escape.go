package format

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Messages quote configuration text, and a configuration can hold any
// byte: printed raw, an escape sequence would clear the screen, set the
// terminal's title or hide text, and a bidirectional override would show
// text in another order than it is. The text and github formats print
// such characters as Go-style escapes (\x1b, \u202e); JSON and SARIF keep
// the exact text, escaped as JSON requires.

// Escape returns s with control characters, bidirectional formatting
// characters and bytes that are not UTF-8 escaped, for a terminal: the
// CLI's messages on standard error quote file names and configuration
// text too.
func Escape(s string) string { return escapeControls(s, "") }

// escapeControls returns s with control characters, bidirectional
// formatting characters, line separators and bytes that are not UTF-8
// replaced by escapes; keep lists the characters left as they are.
func escapeControls(s, keep string) string {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unsafeRune(r, n) && !strings.ContainsRune(keep, r) {
			break
		}
		i += n
	}
	if i == len(s) {
		return s // the common case: nothing to escape
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case !unsafeRune(r, n) || strings.ContainsRune(keep, r):
			b.WriteString(s[i : i+n])
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += n
	}
	return b.String()
}

// unsafeRune reports the characters escapeControls escapes: C0 and C1
// controls and DEL, U+2028 and U+2029, the bidirectional embeddings,
// overrides and isolates, and (r, n) == (RuneError, 1) for a byte that
// is not UTF-8.
func unsafeRune(r rune, n int) bool {
	switch {
	case r == utf8.RuneError && n == 1:
		return true
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r == 0x2028, r == 0x2029, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}
