package syntax

import (
	"fmt"
	"sort"
)

// Pos is a byte offset into a file's source. Ranges are half-open:
// a node covers Src[Pos:End].
type Pos int32

// Position is a human-readable location: 1-based line and 1-based byte
// column, as editors and compilers print them.
type Position struct {
	Filename string
	Offset   int
	Line     int
	Column   int
}

func (p Position) String() string {
	name := p.Filename
	if name == "" {
		name = "<input>"
	}
	return fmt.Sprintf("%s:%d:%d", name, p.Line, p.Column)
}

// lineIndex maps offsets to line and column numbers.
type lineIndex struct {
	starts []int // offset of the first byte of each physical line
}

func (x *lineIndex) position(name string, off int) Position {
	i := sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	start := 0
	if len(x.starts) > 0 {
		start = x.starts[i]
	}
	return Position{Filename: name, Offset: off, Line: i + 1, Column: off - start + 1}
}

// Error is a syntax problem found while parsing. It prints as
// "file:line:col: message". Code is a stable identifier for the kind of
// problem; the linter turns errors into findings by Code.
type Error struct {
	Position
	Pos, End Pos
	Code     string
	Msg      string
	// Fatal reports whether Postfix itself refuses the file (postconf
	// exits with "fatal:"), or, for a NUL byte, that the file is binary.
	// Non-fatal errors are input that postconf warns about or silently
	// ignores, though a daemon may still fail on it at run time.
	Fatal bool
	// Suggestion, when set, is replacement text for Src[Pos:End] that
	// resolves the error.
	Suggestion string
}

func (e *Error) Error() string { return e.Position.String() + ": " + e.Msg }

// Error codes reported by the parser.
const (
	ErrNulByte            = "nul-byte"             // NUL byte: Postfix truncates the line there
	ErrInvalidUTF8        = "invalid-utf8"         // bytes that are not UTF-8
	ErrBareCR             = "bare-cr"              // CR not followed by LF, with text after it: one line to Postfix
	ErrByteOrderMark      = "byte-order-mark"      // UTF-8 BOM at the start: part of the first name to Postfix
	ErrLeadingWhitespace  = "leading-whitespace"   // logical line starts with whitespace: Postfix ignores it
	ErrMissingEquals      = "missing-equals"       // main.cf line without "=": postconf is fatal
	ErrMissingName        = "missing-name"         // main.cf line starting with "="
	ErrFieldCount         = "field-count"          // master.cf entry with fewer than 8 fields
	ErrUnbalancedBrace    = "unbalanced-brace"     // "{" without "}" in master.cf
	ErrOptionValue        = "option-value"         // master.cf option that needs a value has none
	ErrOptionSyntax       = "option-syntax"        // master.cf -o without name=value
	ErrOptionSpaces       = "option-spaces"        // master.cf "-o name = value": three arguments
	ErrMacroTruncated     = "macro-truncated"      // "${" or "$(" without its closing brace
	ErrMacroEmptyName     = "macro-empty-name"     // "$" not followed by a name
	ErrMacroSyntax        = "macro-syntax"         // malformed ${name?...} or relational form
	ErrMacroRelationalOp  = "macro-relational-op"  // unknown operator in ${{a} op {b}...}
	ErrMacroTrailingInput = "macro-trailing-input" // text after a complete conditional
)
