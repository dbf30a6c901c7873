package baseline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/postlint/postlint/internal/atomicfile"
	"github.com/postlint/postlint/internal/fileerr"
	"github.com/postlint/postlint/internal/safefile"
)

// Version is the format version this package reads and writes.
const Version = 1

// MaxFileSize bounds a baseline: some hundred bytes an entry, so room
// for several hundred thousand findings.
const MaxFileSize = 64 << 20

// Entry is a key with the number of findings it stands for.
type Entry struct {
	Key
	Count int
	// Message is the message of the first finding, for whoever reads the
	// file; matching ignores it.
	Message string
}

// Baseline is a decoded baseline file.
type Baseline struct {
	File    string
	Entries []Entry // sorted (see Sort), keys unique
}

// Error is a problem in a baseline file, at a line when it is known; Errors is
// every problem found in one file, in file order.
type (
	Error  = fileerr.Error
	Errors = fileerr.List
)

// Read reads and decodes a baseline file. A file that cannot be read is
// a *safefile.Error (which names it), a malformed one Errors.
func Read(path string) (*Baseline, error) {
	src, _, err := safefile.Read(path, MaxFileSize)
	if err != nil {
		return nil, err
	}
	return Parse(path, src)
}

// entryJSON is the shape of an entry in the file; the field order is
// the order written.
type entryJSON struct {
	Rule    string `json:"rule"`
	File    string `json:"file"`
	Param   string `json:"param,omitempty"`
	At      string `json:"at,omitempty"`
	Value   string `json:"value,omitempty"`
	Count   int    `json:"count"`
	Message string `json:"message,omitempty"`
}

var hexValue = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9a-f]{16}$`) })

// Parse decodes the baseline file named file whose content is src.
func Parse(file string, src []byte) (*Baseline, error) {
	p := &parser{file: file, src: src, dec: json.NewDecoder(bytes.NewReader(src))}
	b, err := p.parse()
	if err != nil {
		return nil, err
	}
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return b, nil
}

type parser struct {
	file string
	src  []byte
	dec  *json.Decoder
	errs Errors
}

func (p *parser) errorf(off int64, format string, args ...any) {
	p.errs = append(p.errs, &Error{File: p.file, Line: p.line(off), Msg: fmt.Sprintf(format, args...)})
}

// line returns the line of the first significant byte at or after off.
func (p *parser) line(off int64) int {
	if off < 0 {
		return 0
	}
	o := int(min(off, int64(len(p.src))))
	for o < len(p.src) && strings.IndexByte(" \t\r\n,:", p.src[o]) >= 0 {
		o++
	}
	return 1 + bytes.Count(p.src[:o], []byte("\n"))
}

// syntax turns a decoder error into an Error with the line.
func (p *parser) syntax(err error) *Error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &Error{File: p.file, Line: p.line(int64(len(p.src))), Msg: "unexpected end of file"}
	case errors.As(err, &se):
		return &Error{File: p.file, Line: p.line(se.Offset - 1), Msg: "not JSON: " + se.Error()}
	case errors.As(err, &te):
		return &Error{File: p.file, Line: p.line(te.Offset - 1), Msg: fmt.Sprintf("%s: want %s, not a JSON %s", te.Field, te.Type, te.Value)}
	}
	return &Error{File: p.file, Msg: err.Error()}
}

// expect reads the next token, which must be want.
func (p *parser) expect(want json.Delim, what string) *Error {
	off := p.dec.InputOffset()
	t, err := p.dec.Token()
	if err != nil {
		return p.syntax(err)
	}
	if t != want {
		return &Error{File: p.file, Line: p.line(off), Msg: fmt.Sprintf("want %s, not %s", what, describe(t))}
	}
	return nil
}

// parse decodes the file. A returned error ends it (the rest cannot be
// read); problems that leave the rest readable go to p.errs.
func (p *parser) parse() (*Baseline, error) {
	b := &Baseline{File: p.file}
	fail := func(e *Error) (*Baseline, error) { return nil, append(p.errs, e) }
	if e := p.expect('{', "a JSON object"); e != nil {
		return fail(e)
	}
	version, sawEntries := 0, false
	for p.dec.More() {
		off := p.dec.InputOffset()
		t, err := p.dec.Token()
		if err != nil {
			return fail(p.syntax(err))
		}
		switch key, _ := t.(string); key {
		case "version":
			voff := p.dec.InputOffset()
			t, err := p.dec.Token()
			if err != nil {
				return fail(p.syntax(err))
			}
			n, ok := t.(float64)
			if !ok || n != float64(int(n)) {
				p.errorf(voff, "version: want a number, not %s", describe(t))
				continue
			}
			if version = int(n); version != Version {
				return fail(&Error{File: p.file, Line: p.line(voff),
					Msg: fmt.Sprintf("version %d is not supported: this postlint reads version %d; rewrite the file with --write-baseline", version, Version)})
			}
		case "entries":
			sawEntries = true
			entries, e := p.entries()
			if e != nil {
				return fail(e)
			}
			b.Entries = entries
		default:
			p.errorf(off, "unknown key %q (want version and entries)", key)
			var skip json.RawMessage
			if err := p.dec.Decode(&skip); err != nil {
				return fail(p.syntax(err))
			}
		}
	}
	if e := p.expect('}', "the end of the object"); e != nil {
		return fail(e)
	}
	if _, err := p.dec.Token(); !errors.Is(err, io.EOF) {
		return fail(&Error{File: p.file, Line: p.line(p.dec.InputOffset()), Msg: "text after the JSON object"})
	}
	if version == 0 {
		p.errorf(0, "no version key: not a postlint baseline (write one with --write-baseline)")
	}
	if !sawEntries {
		p.errorf(0, "no entries key: not a postlint baseline (write one with --write-baseline)")
	}
	return b, nil
}

func (p *parser) entries() ([]Entry, *Error) {
	if e := p.expect('[', "an array of entries"); e != nil {
		return nil, e
	}
	var out []Entry
	lines := map[Key]int{}
	for p.dec.More() {
		line := p.line(p.dec.InputOffset())
		var raw json.RawMessage
		if err := p.dec.Decode(&raw); err != nil {
			return nil, p.syntax(err)
		}
		e, msg := decodeEntry(raw)
		if msg != "" {
			p.errs = append(p.errs, &Error{File: p.file, Line: line, Msg: "entry: " + msg})
			continue
		}
		if first, dup := lines[e.Key]; dup {
			p.errs = append(p.errs, &Error{File: p.file, Line: line,
				Msg: fmt.Sprintf("entry: same rule, file, param, at and value as the entry on line %d (add up their counts instead)", first)})
			continue
		}
		lines[e.Key] = line
		out = append(out, e)
	}
	if e := p.expect(']', "the end of the entries"); e != nil {
		return nil, e
	}
	Sort(out)
	return out, nil
}

// decodeEntry decodes and checks one entry; msg says what is wrong.
func decodeEntry(raw json.RawMessage) (e Entry, msg string) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var j entryJSON
	if err := dec.Decode(&j); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return e, fmt.Sprintf("%s: want %s, not a JSON %s", te.Field, te.Type, te.Value)
		}
		return e, strings.TrimPrefix(err.Error(), "json: ")
	}
	switch {
	case j.Rule == "":
		return e, "no rule"
	case j.File == "":
		return e, "no file"
	case j.Count < 1:
		return e, fmt.Sprintf("count %d: want 1 or more", j.Count)
	case j.Value != "" && !hexValue().MatchString(j.Value):
		return e, fmt.Sprintf("value %q: want 16 hex digits as postlint writes them", j.Value)
	}
	return Entry{Key: Key{Rule: j.Rule, File: j.File, Param: j.Param, At: j.At, Value: j.Value}, Count: j.Count, Message: j.Message}, ""
}

func describe(t json.Token) string {
	switch v := t.(type) {
	case json.Delim:
		switch v {
		case '{':
			return "an object"
		case '[':
			return "an array"
		}
		return strconv.Quote(v.String())
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%v", t)
}

// Sort orders entries as they are written: by file, rule, parameter,
// place and value.
func Sort(entries []Entry) {
	sort.Slice(entries, func(i, j int) bool {
		a, b := entries[i].Key, entries[j].Key
		switch {
		case a.File != b.File:
			return a.File < b.File
		case a.Rule != b.Rule:
			return a.Rule < b.Rule
		case a.Param != b.Param:
			return a.Param < b.Param
		case a.At != b.At:
			return a.At < b.At
		}
		return a.Value < b.Value
	})
}

// Encode returns the file's text for entries, sorted.
func Encode(entries []Entry) []byte {
	sorted := append([]Entry(nil), entries...)
	Sort(sorted)
	out := struct {
		Version int         `json:"version"`
		Entries []entryJSON `json:"entries"`
	}{Version: Version, Entries: make([]entryJSON, 0, len(sorted))}
	for _, e := range sorted {
		out.Entries = append(out.Entries, entryJSON{Rule: e.Rule, File: e.File, Param: e.Param, At: e.At, Value: e.Value, Count: e.Count, Message: e.Message})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		panic(err) // strings and numbers only: cannot fail
	}
	return b.Bytes()
}

// Write writes entries to path atomically.
func Write(path string, entries []Entry) error {
	return atomicfile.WriteFile(path, Encode(entries))
}
