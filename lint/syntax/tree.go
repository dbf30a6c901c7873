package syntax

// Kind tells which configuration file format a File holds.
type Kind uint8

// File kinds.
const (
	MainCF Kind = iota + 1
	MasterCF
)

func (k Kind) String() string {
	switch k {
	case MainCF:
		return "main.cf"
	case MasterCF:
		return "master.cf"
	}
	return "unknown"
}

// File is the syntax tree of one main.cf or master.cf. Its top-level
// nodes cover the source without gap or overlap, in order, so printing
// them gives back Src byte for byte.
type File struct {
	Name   string
	Kind   Kind
	Src    []byte
	Nodes  []Node
	Errors []*Error // syntax problems, in source order
	lines  lineIndex
}

// Position converts an offset into a file:line:col position.
func (f *File) Position(p Pos) Position { return f.lines.position(f.Name, int(p)) }

// Params returns the main.cf parameter settings in file order.
func (f *File) Params() []*Param {
	var ps []*Param
	for _, n := range f.Nodes {
		if p, ok := n.(*Param); ok {
			ps = append(ps, p)
		}
	}
	return ps
}

// Services returns the master.cf service entries in file order.
func (f *File) Services() []*Service {
	var ss []*Service
	for _, n := range f.Nodes {
		if s, ok := n.(*Service); ok {
			ss = append(ss, s)
		}
	}
	return ss
}

// Node is a top-level element: *Comment, *Blank, *Param, *Service or
// *BadLine. Each covers whole physical lines, line terminators included.
type Node interface {
	Pos() Pos
	End() Pos
	// PhysLines returns the physical lines the node spans.
	PhysLines() []Line
}

// LineKind classifies a physical line the way Postfix's readlline does.
type LineKind uint8

// Physical line kinds.
const (
	TextLine    LineKind = iota + 1
	CommentLine          // first non-blank character is '#'
	BlankLine            // empty or whitespace only
)

// Line is one physical line. Src[Start:ContentEnd] is its text without
// the "\n" terminator (a "\r" before it stays part of the text, as in
// Postfix); Src[Start:End] includes the terminator, if any.
type Line struct {
	Start, ContentEnd, End Pos
	Kind                   LineKind
}

// Word is a token of the logical line: Text is what Postfix sees, and
// Src[Pos:End] is where it stands in the file. The two differ only when a
// token spans continuation lines.
type Word struct {
	Text     string
	Pos, End Pos
}

// Comment is a line whose first non-blank character is '#'. In main.cf and
// master.cf a '#' elsewhere is ordinary text.
type Comment struct {
	Line Line
	Text string // the line without its terminator
}

// Blank is an empty or whitespace-only line.
type Blank struct{ Line Line }

// Param is a main.cf setting "name = value", possibly continued on lines
// that start with whitespace. Lines holds every physical line of the
// logical line, including comment and blank lines inside it, which Postfix
// skips.
type Param struct {
	Lines []Line
	Name  Word
	Equal Pos // offset of '='
	Value Value
}

// Service is a master.cf entry: eight fields, then the command's options
// and arguments. A Service with fewer than eight fields is recorded with an
// ErrFieldCount error; its Fields then has fewer elements.
type Service struct {
	Lines   []Line
	Fields  []Word
	Options []*Option // daemon options, before the first non-option argument
	Args    []Word    // the remaining command arguments
}

// Master.cf field indexes.
const (
	FieldName = iota
	FieldType
	FieldPrivate
	FieldUnpriv
	FieldChroot
	FieldWakeup
	FieldMaxProc
	FieldCommand
	NumFields
)

// Field returns the text of field i, or "" when the entry is short.
func (s *Service) Field(i int) string {
	if i < len(s.Fields) {
		return s.Fields[i].Text
	}
	return ""
}

// Option is a daemon command-line option such as "-v" or "-o name=value".
type Option struct {
	Pos, End Pos
	Flag     byte  // the option letter
	Arg      *Word // the option's argument, joined ("-oa=b") or the next token
	// Setting is the parsed "name=value" of a -o option; nil for other
	// options or when the argument is not a setting.
	Setting *Setting
}

// Setting is a parameter override "-o name=value" or, since Postfix 3.0,
// "-o { name = value }".
type Setting struct {
	Name   Word
	Value  Value
	Braced bool
}

// BadLine is a logical line Postfix cannot use: a main.cf line without
// '=', or a logical line that begins with whitespace.
type BadLine struct {
	Lines []Line
	Text  string // the logical line as Postfix reads it
	Err   *Error
}

// Value is the text of a parameter value as Postfix reads it: continuation
// lines joined (the newline removed, the next line's leading whitespace
// kept), comment lines dropped, and surrounding whitespace trimmed.
type Value struct {
	Text     string
	Pos, End Pos
	ll       *logical
	off      int // offset of Text within ll.text
}

// Offset returns the file offset of byte i of v.Text; i == len(v.Text)
// gives the offset just past the value.
func (v Value) Offset(i int) Pos {
	if v.ll == nil {
		return v.Pos + Pos(i)
	}
	return v.ll.pos(v.off + i)
}

func (c *Comment) Pos() Pos          { return c.Line.Start }
func (c *Comment) End() Pos          { return c.Line.End }
func (c *Comment) PhysLines() []Line { return []Line{c.Line} }
func (b *Blank) Pos() Pos            { return b.Line.Start }
func (b *Blank) End() Pos            { return b.Line.End }
func (b *Blank) PhysLines() []Line   { return []Line{b.Line} }
func (p *Param) Pos() Pos            { return p.Lines[0].Start }
func (p *Param) End() Pos            { return p.Lines[len(p.Lines)-1].End }
func (p *Param) PhysLines() []Line   { return p.Lines }
func (s *Service) Pos() Pos          { return s.Lines[0].Start }
func (s *Service) End() Pos          { return s.Lines[len(s.Lines)-1].End }
func (s *Service) PhysLines() []Line { return s.Lines }
func (b *BadLine) Pos() Pos          { return b.Lines[0].Start }
func (b *BadLine) End() Pos          { return b.Lines[len(b.Lines)-1].End }
func (b *BadLine) PhysLines() []Line { return b.Lines }
