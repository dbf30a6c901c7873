package postconf

import (
	"sort"
	"strings"

	"github.com/postlint/postlint/lint/syntax"
)

// Error is a problem that makes postconf fail instead of printing the
// configuration. Msg is what postconf says, such as "postconf: fatal:
// bad field count", without the file name and line number that Pos
// carries.
type Error struct {
	Pos syntax.Position
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// fail makes the Error for a "fatal:" message. Like Postfix's msg_fatal,
// it shows bytes other than printable ASCII as '?'.
func fail(pos syntax.Position, msg string) *Error {
	b := []byte(msg)
	for i, c := range b {
		if c < ' ' || c > '~' {
			b[i] = '?'
		}
	}
	return &Error{Pos: pos, Msg: "postconf: fatal: " + string(b)}
}

// Config is a configuration directory as postconf reads it: main.cf and
// master.cf. A nil file stands for an empty (or, for master.cf, missing)
// file.
type Config struct {
	Main, Master *syntax.File
}

// Main returns what "postconf -n" prints for main.cf f alone (with an
// empty master.cf), without the "config_directory = DIR" line that
// "postconf -c DIR" adds.
func Main(f *syntax.File) ([]byte, error) { return Config{Main: f}.ShowMain() }

// Master returns what "postconf -M" prints for master.cf f (with an empty
// main.cf).
func Master(f *syntax.File) ([]byte, error) { return Config{Master: f}.ShowMaster() }

// ShowMain returns what "postconf -n" prints: the main.cf parameters that
// postconf knows, sorted by name (byte order), one "name = value" line
// each. When a parameter is set more than once the last setting wins.
// Values are printed as written, $name unexpanded, with each run of
// blanks (space, tab, CR, newline) turned into a single space: joined
// continuation lines therefore read as one line. Values are not folded.
//
// postconf prints a setting only if it knows the name: a built-in
// parameter, a legacy name such as virtual_maps, a parameter defined by a
// master.cf service ("relay_destination_concurrency_limit" for a service
// "relay" running smtp), or a user-defined name that some other setting
// uses as $name, lists in smtpd_restriction_classes, or references as a
// legacy "ldap:name" style table. It warns about and leaves out the rest,
// and drops settings of the read-only process_id and process_name.
//
// "postconf -c DIR" also prints config_directory; ShowMain leaves that line
// out unless main.cf itself sets config_directory.
func (c Config) ShowMain() ([]byte, error) {
	s, err := c.load(false)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, name := range s.main.names {
		_, set := s.main.values[name] // false if postconf dropped it
		if _, known := s.class(name); set && known {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	for _, name := range names {
		b.WriteString(normalizeSpace(name + " = " + s.main.values[name]))
		b.WriteByte('\n')
	}
	return []byte(b.String()), nil
}

// ShowMaster returns what "postconf -M" prints: every master.cf entry in
// file order (duplicates included), the eight fields at fixed columns and
// the command arguments normalized as described at entry.normalize and
// entry.format. Although it prints only master.cf, postconf also reads
// main.cf and fails on the same problems as "postconf -n".
func (c Config) ShowMaster() ([]byte, error) {
	s, err := c.load(true)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	for _, e := range s.entries {
		e.format(&b)
	}
	return []byte(b.String()), nil
}

// normalizeSpace joins the words of s, separated by blanks (space, tab,
// CR, newline; not '\v' or '\f'), with single spaces, as pcf_print_line
// does.
// Check reports, without printing anything, whether postconf would fail
// on the configuration: it returns the error ShowMain or ShowMaster would.
func (c Config) Check() error {
	_, err := c.load(false)
	return err
}

func normalizeSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\r' || r == '\n'
	}), " ")
}
