package postconf

import (
	"slices"
	"strings"

	"github.com/postlint/postlint/lint/syntax"
)

// masterBlanks separates master.cf fields (PCF_MASTER_BLANKS). Unlike
// ISSPACE it leaves out '\v' and '\f'.
const masterBlanks = " \t\r\n"

// Master.cf field indexes.
const (
	fieldName = iota
	fieldType
	fieldPrivate
	fieldUnpriv
	fieldChroot
	fieldWakeup
	fieldMaxproc
	fieldCommand
	numFields
)

// fieldNames are the names postconf uses for the fields in messages.
var fieldNames = [numFields]string{"service", "type", "private", "unprivileged", "chroot", "wakeup", "process_limit", "command"}

// arg is one master.cf word and where it came from.
type arg struct {
	text string
	pos  syntax.Position
}

// entry is one master.cf service as postconf holds it: its words after
// pcf_normalize_daemon_args.
type entry struct {
	args []arg
	ll   *logical
}

func (e *entry) field(i int) string { return e.args[i].text }

// namespace is the key of the entry's "-o" parameter dictionary. Entries
// with the same name and type share one dictionary.
func (e *entry) namespace() string { return e.field(fieldName) + "/" + e.field(fieldType) }

// readMaster reads master.cf like pcf_read_master. Entries that start with
// white space are skipped; the first broken entry is a fatal error.
func readMaster(f *syntax.File) ([]*entry, error) {
	if f == nil {
		return nil, nil
	}
	var entries []*entry
	for _, n := range f.Nodes {
		switch n.(type) {
		case *syntax.Comment, *syntax.Blank:
			continue
		}
		ll := newLogical(f, n)
		if ll.leadingSpace() {
			continue
		}
		e := &entry{ll: ll}
		for _, t := range splitQuoted(ll.text, masterBlanks) {
			e.args = append(e.args, arg{ll.text[t.start:t.end], ll.position(t.start)})
		}
		if len(e.args) < numFields {
			return nil, fail(ll.position(0), "bad field count")
		}
		if err := e.check(); err != nil {
			return nil, err
		}
		e.normalize()
		entries = append(entries, e)
	}
	return entries, nil
}

// span is a token as offsets into a string.
type span struct{ start, end int }

// splitQuoted splits s at bytes in sep, except inside {} (argv_splitq and
// mystrtokq): a '{' opens a level, a '}' closes one, and an unmatched '}'
// is ordinary text.
func splitQuoted(s, sep string) []span {
	var toks []span
	i := 0
	for {
		for i < len(s) && strings.IndexByte(sep, s[i]) >= 0 {
			i++
		}
		if i == len(s) {
			return toks
		}
		start, level := i, 0
		for ; i < len(s); i++ {
			c := s[i]
			if c == '{' {
				level++
			} else if c == '}' && level > 0 {
				level--
			} else if level == 0 && strings.IndexByte(sep, c) >= 0 {
				break
			}
		}
		toks = append(toks, span{start, i})
	}
}

// ServiceTypes are the service types postconf accepts in the type field.
var ServiceTypes = []string{"inet", "unix", "fifo", "pass", "unix-dgram"}

// check validates the fixed fields like pcf_check_master_entry.
func (e *entry) check() error {
	invalid := func(i int) error {
		return fail(e.args[i].pos, "invalid "+fieldNames[i]+" field \""+e.field(i)+"\" in \""+e.ll.text+"\"")
	}
	if !slices.Contains(ServiceTypes, e.field(fieldType)) {
		return invalid(fieldType)
	}
	for i := fieldPrivate; i <= fieldChroot; i++ {
		if v := e.field(i); len(v) != 1 || strings.IndexByte("yn-", v[0]) < 0 {
			return invalid(i)
		}
	}
	// wakeup: "-" or digits, either optionally followed by '?'.
	w := e.field(fieldWakeup)
	n := len(strings.TrimSuffix(w, "?"))
	if !(w[0] == '-' && n == 1) && len(w)-len(strings.TrimLeft(w, "0123456789")) != n {
		return invalid(fieldWakeup)
	}
	if p := e.field(fieldMaxproc); p != "-" && strings.TrimLeft(p, "0123456789") != "" {
		return invalid(fieldMaxproc)
	}
	return nil
}

// takesValue reports whether a daemon option takes a value. Of the options
// postconf knows (pcf_daemon_options_expecting_value) only -o does, but
// postconf tests the byte after the '-', so a lone "-" matches too.
func takesValue(opt string) bool { return len(opt) < 2 || opt[1] == 'o' }

// normalize brings the arguments into the form postconf prints
// (pcf_normalize_daemon_args). While arguments are options (they start
// with '-' and are not "--"): an option is split before its first 'o'
// after the option letter, "-vo x" becoming "-v" "-o" "x", even when the
// 'o' is part of a value ("-osyslog_name=x" becomes "-o" "sysl" "-o"
// "g_name=x"); "-oname=value" becomes "-o" "name=value"; a value in
// "{...}" loses its braces and surrounding blanks, and after -o a
// "{ name = value }" becomes "name=value". Later arguments in "{...}"
// lose their braces and surrounding blanks too.
func (e *entry) normalize() {
	a := e.args
	i := numFields
	for ; i < len(a); i++ {
		s := a[i].text
		if s[0] != '-' || s == "--" {
			break
		}
		if k := strings.IndexByte(s[min(2, len(s)):], 'o'); k >= 0 {
			a = insert(a, i+1, arg{"-" + s[2+k:], a[i].pos})
			a[i].text = s[:2+k]
			s = a[i].text
		}
		if !takesValue(s) {
			continue
		}
		switch {
		case len(s) > 2:
			a = insert(a, i+1, arg{s[2:], a[i].pos})
			a[i].text = s[:2]
		case i+1 < len(a):
		default:
			continue
		}
		i++
		if a[i].text[0] == '{' {
			a[i].text = extractBraced(a[i].text, true)
			if a[i-1].text == "-o" {
				if name, value, _, err := splitNameval(a[i].text); err == "" {
					a[i].text = name + "=" + value
				}
			}
		}
	}
	for ; i < len(a); i++ {
		if a[i].text[0] == '{' {
			a[i].text = extractBraced(a[i].text, true)
		}
	}
	e.args = a
}

func insert(a []arg, i int, v arg) []arg {
	a = append(a, arg{})
	copy(a[i+1:], a[i:])
	a[i] = v
	return a
}

// extractBraced returns the text inside the "{...}" that s starts with,
// like Postfix's extpar: without the closing '}' the rest of s is used,
// and text after the '}' is dropped (postconf warns about both). With
// strip, surrounding white space is removed.
func extractBraced(s string, strip bool) string {
	level := 0
	inner := s[1:]
	for i := 0; i < len(s); i++ {
		if s[i] == '{' {
			level++
		} else if s[i] == '}' {
			if level--; level == 0 {
				inner = s[1:i]
				break
			}
		}
	}
	if strip {
		inner = strings.TrimLeft(strings.TrimRight(inner, "\t\n\v\f\r "), "\t\n\v\f\r ")
	}
	return inner
}

// columns are the positions where postconf -M starts the eight fields.
var columns = [numFields]int{0, 11, 17, 25, 33, 41, 49, 57}

// format prints the entry like pcf_print_master_entry without line
// folding: the fields at their columns (at least one space apart), then
// the arguments separated by one space, "-o" and its value as a pair.
// A value or argument with white space is put in braces, except the
// first argument after the options, which postconf leaves bare.
func (e *entry) format(b *strings.Builder) {
	start := b.Len()
	for i := 0; i < numFields; i++ {
		if i > 0 {
			for b.WriteByte(' '); b.Len()-start < columns[i]; {
				b.WriteByte(' ')
			}
		}
		b.WriteString(e.field(i))
	}
	options := true
	for i := numFields; i < len(e.args); i++ {
		s := e.args[i].text
		braces := false
		value, hasValue := "", false
		if options {
			if s == "" || s[0] != '-' || s == "--" {
				options = false
			} else if takesValue(s) && i+1 < len(e.args) {
				value, hasValue = e.args[i+1].text, true
				braces = strings.ContainsAny(value, masterBlanks)
			}
		} else {
			braces = strings.ContainsAny(s, masterBlanks)
		}
		b.WriteByte(' ')
		if !options && braces {
			s = "{" + s + "}"
		}
		b.WriteString(s)
		if hasValue {
			if braces {
				value = "{" + value + "}"
			}
			b.WriteString(" " + value)
			i++
		}
	}
	b.WriteByte('\n')
}
