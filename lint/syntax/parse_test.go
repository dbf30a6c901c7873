package syntax

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// summary renders the top-level nodes compactly for comparisons.
func summary(f *File) string {
	var b strings.Builder
	for _, n := range f.Nodes {
		switch n := n.(type) {
		case *Comment:
			fmt.Fprintf(&b, "comment %q\n", n.Text)
		case *Blank:
			b.WriteString("blank\n")
		case *Param:
			fmt.Fprintf(&b, "param %q=%q lines=%d\n", n.Name.Text, n.Value.Text, len(n.Lines))
		case *BadLine:
			fmt.Fprintf(&b, "bad %s %q\n", n.Err.Code, n.Text)
		case *Service:
			var fs []string
			for _, w := range n.Fields {
				fs = append(fs, w.Text)
			}
			fmt.Fprintf(&b, "service %q", fs)
			for _, o := range n.Options {
				fmt.Fprintf(&b, " -%c", o.Flag)
				if o.Setting != nil {
					fmt.Fprintf(&b, "[%s=%s braced=%v]", o.Setting.Name.Text, o.Setting.Value.Text, o.Setting.Braced)
				} else if o.Arg != nil {
					fmt.Fprintf(&b, "(%s)", o.Arg.Text)
				}
			}
			for _, a := range n.Args {
				fmt.Fprintf(&b, " %q", a.Text)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

func TestParseMain(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"simple", "a = b\n", "param \"a\"=\"b\" lines=1\n"},
		{"no spaces", "a=b", "param \"a\"=\"b\" lines=1\n"},
		{"empty value", "a =\n", "param \"a\"=\"\" lines=1\n"},
		{"hash in value", "a = b # c\n", "param \"a\"=\"b # c\" lines=1\n"},
		{"continuation keeps leading white space",
			"a = b,\n\tc\n", "param \"a\"=\"b,\\tc\" lines=2\n"},
		{"comment inside continuation is skipped",
			"a = b\n# note\n  c\nd = e\n", "param \"a\"=\"b  c\" lines=3\nparam \"d\"=\"e\" lines=1\n"},
		{"indented comment inside continuation",
			"a = b\n   # note\n  c\n", "param \"a\"=\"b  c\" lines=3\n"},
		{"blank line inside continuation",
			"a = b\n\n  c\n", "param \"a\"=\"b  c\" lines=3\n"},
		{"trailing comment lines are top level",
			"a = b\n\n# next\nc = d\n", "param \"a\"=\"b\" lines=1\nblank\ncomment \"# next\"\nparam \"c\"=\"d\" lines=1\n"},
		{"setting hidden in a continuation",
			"a = b\n# x\n  c = d\n", "param \"a\"=\"b  c = d\" lines=3\n"},
		{"crlf", "a = b\r\nc = d\r\n", "param \"a\"=\"b\" lines=1\nparam \"c\"=\"d\" lines=1\n"},
		{"crlf continuation", "a = b\r\n  c\r\n", "param \"a\"=\"b\\r  c\" lines=2\n"},
		{"leading white space first line", "  a = b\nc = d\n", "bad leading-whitespace \"  a = b\"\nparam \"c\"=\"d\" lines=1\n"},
		{"comment then indented line", "# x\n  a = b\n", "comment \"# x\"\nbad leading-whitespace \"  a = b\"\n"},
		{"missing equals", "foo bar\n", "bad missing-equals \"foo bar\"\n"},
		{"missing name", "= x\n", "bad missing-name \"= x\"\n"},
		{"equals in value", "a = b=c\n", "param \"a\"=\"b=c\" lines=1\n"},
		{"vertical tab and form feed are white space", "a\v=\fb\v\n", "param \"a\"=\"b\" lines=1\n"},
		{"whitespace only line", "   \t\n", "blank\n"},
		{"NUL in a name ends the line", "bi\x00ff = no\n", "bad missing-equals \"bi\"\n"},
		{"NUL in a value truncates it", "a = b\x00c\n", "param \"a\"=\"b\" lines=1\n"},
		{"NUL first", "\x00a = b\n", "bad missing-name \"\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := ParseMain("main.cf", []byte(tt.src))
			if got := summary(f); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			if got := string(f.Bytes()); got != tt.src {
				t.Errorf("round trip: got %q want %q", got, tt.src)
			}
		})
	}
}

func TestInvalidUTF8(t *testing.T) {
	f := ParseMain("main.cf", []byte("a = caf\xc3\xa9\nb = caf\xe9 \xff\n"))
	if len(f.Errors) != 1 || f.Errors[0].Error() != "main.cf:2:8: byte 0xe9 is not UTF-8 text: check the file's encoding" || f.Errors[0].Fatal {
		t.Fatalf("errors: %v", f.Errors)
	}
	if got := f.Params()[1].Value.Text; got != "caf\xe9 \xff" {
		t.Errorf("value %q", got)
	}
}

func TestPositions(t *testing.T) {
	src := "# c\nname = one,\n    two\nbad line\n"
	f := ParseMain("x/main.cf", []byte(src))
	p := f.Params()[0]
	if got := f.Position(p.Name.Pos).String(); got != "x/main.cf:2:1" {
		t.Errorf("name at %s", got)
	}
	if got := src[p.Value.Pos:p.Value.End]; got != "one,\n    two" {
		t.Errorf("value span %q", got)
	}
	// Byte 5 of "one,    two" is in the continuation line.
	if got := f.Position(p.Value.Offset(5)).String(); got != "x/main.cf:3:2" {
		t.Errorf("offset 5 at %s", got)
	}
	if len(f.Errors) != 1 || f.Errors[0].Error() != "x/main.cf:4:1: missing '=' after parameter name \"bad\"" {
		t.Fatalf("errors: %v", f.Errors)
	}
	if !f.Errors[0].Fatal {
		t.Error("missing '=' must be fatal, as in postconf")
	}
}

func TestParseMaster(t *testing.T) {
	tests := []struct {
		name, src, want string
		errs            []string
	}{
		{"plain", "smtp inet n - y - - smtpd\n",
			"service [\"smtp\" \"inet\" \"n\" \"-\" \"y\" \"-\" \"-\" \"smtpd\"]\n", nil},
		{"options on continuation lines",
			"submission inet n - y - - smtpd\n  -o syslog_name=postfix/submission\n  -o smtpd_tls_security_level=encrypt\n",
			"service [\"submission\" \"inet\" \"n\" \"-\" \"y\" \"-\" \"-\" \"smtpd\"] -o[syslog_name=postfix/submission braced=false] -o[smtpd_tls_security_level=encrypt braced=false]\n", nil},
		{"joined option and flags",
			"relay unix - - n - - smtp -v -oa=b -D\n",
			"service [\"relay\" \"unix\" \"-\" \"-\" \"n\" \"-\" \"-\" \"smtp\"] -v -o[a=b braced=false] -D\n", nil},
		{"braced setting spanning lines",
			"x unix - - n - - smtp\n  -o { a = b c,\n     d }\n",
			"service [\"x\" \"unix\" \"-\" \"-\" \"n\" \"-\" \"-\" \"smtp\"] -o[a=b c,     d braced=true]\n", nil},
		{"options stop at the first argument",
			"maildrop unix - n n - - pipe\n  flags=DRXhu user=vmail argv=/usr/bin/maildrop -d ${recipient}\n",
			"service [\"maildrop\" \"unix\" \"-\" \"n\" \"n\" \"-\" \"-\" \"pipe\"] \"flags=DRXhu\" \"user=vmail\" \"argv=/usr/bin/maildrop\" \"-d\" \"${recipient}\"\n", nil},
		{"vertical tab is not a field separator", "smtp\vinet inet n - n - - smtpd x\n",
			"service [\"smtp\\vinet\" \"inet\" \"n\" \"-\" \"n\" \"-\" \"-\" \"smtpd\"] \"x\"\n", nil},
		{"ipv6 and host:port names", "[::1]:10025 inet n - n - - smtpd\n127.0.0.1:smtp inet n - n - - smtpd\n",
			"service [\"[::1]:10025\" \"inet\" \"n\" \"-\" \"n\" \"-\" \"-\" \"smtpd\"]\nservice [\"127.0.0.1:smtp\" \"inet\" \"n\" \"-\" \"n\" \"-\" \"-\" \"smtpd\"]\n", nil},
		{"too few fields", "smtp inet n - y\n", "service [\"smtp\" \"inet\" \"n\" \"-\" \"y\"]\n",
			[]string{"master.cf:1:1: master.cf entry has 5 fields, want at least 8 (name type private unpriv chroot wakeup maxproc command)"}},
		{"spaced -o", "s inet n - n - - smtpd -o a = b\n",
			"service [\"s\" \"inet\" \"n\" \"-\" \"n\" \"-\" \"-\" \"smtpd\"] -o(a) \"=\" \"b\"\n",
			[]string{"master.cf:1:27: -o a = b is three arguments, not a setting: write -o a=b without spaces, or -o { name = value } (Postfix 3.0 and later)"}},
		{"spaced -o, value glued to =", "s inet n - n - - smtpd -o a =b\n",
			"service [\"s\" \"inet\" \"n\" \"-\" \"n\" \"-\" \"-\" \"smtpd\"] -o(a) \"=b\"\n",
			[]string{"master.cf:1:27: -o a =b is two arguments, not a setting: write -o a=b without spaces, or -o { name = value } (Postfix 3.0 and later)"}},
		{"NUL ends the line", "s inet n - n - - smtpd -o a=b\x00c d\n",
			"service [\"s\" \"inet\" \"n\" \"-\" \"n\" \"-\" \"-\" \"smtpd\"] -o[a=b braced=false]\n",
			[]string{"master.cf:1:30: NUL byte in input (binary file?): Postfix ignores the rest of the logical line"}},
		{"unbalanced brace", "s inet n - n - - smtpd -o {a=b\n",
			"service [\"s\" \"inet\" \"n\" \"-\" \"n\" \"-\" \"-\" \"smtpd\"] -o({a=b)\n",
			[]string{"master.cf:1:27: missing '}' for this '{'"}},
		{"option without value", "s inet n - n - - smtpd -o\n",
			"service [\"s\" \"inet\" \"n\" \"-\" \"n\" \"-\" \"-\" \"smtpd\"] -o\n",
			[]string{"master.cf:1:24: option -o needs a value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := ParseMaster("master.cf", []byte(tt.src))
			got := summary(f)
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			var errs []string
			for _, e := range f.Errors {
				errs = append(errs, e.Error())
			}
			if fmt.Sprint(errs) != fmt.Sprint(tt.errs) {
				t.Errorf("errors\n got %q\nwant %q", errs, tt.errs)
			}
			if !bytes.Equal(f.Bytes(), []byte(tt.src)) {
				t.Error("round trip differs")
			}
		})
	}
}
