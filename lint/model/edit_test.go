package model

import (
	"sort"
	"strings"
	"testing"

	"github.com/postlint/postlint/lint/syntax"
)

// apply applies edits of one file to src.
func apply(t *testing.T, src string, edits []TextEdit) string {
	t.Helper()
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].Pos > edits[j].Pos })
	for _, e := range edits {
		src = src[:e.Pos] + e.New + src[e.End:]
	}
	return src
}

func TestSetMain(t *testing.T) {
	tests := []struct {
		name, src, param, value, want string
	}{
		{"replace value", "a = 1\nsmtp_tls_wrappermode = no\nb = 2\n", "smtp_tls_wrappermode", "yes", "a = 1\nsmtp_tls_wrappermode = yes\nb = 2\n"},
		{"replace continued value", "a = x,\n  y\nb = 2\n", "a", "z", "a = z\nb = 2\n"},
		{"fill empty value", "relayhost =\n", "relayhost", "[r]", "relayhost = [r]\n"},
		{"after related setting", "smtp_tls_security_level = may\nsmtp_tls_loglevel = 1\nsmtpd_banner = x\n", "smtp_tls_wrappermode", "yes",
			"smtp_tls_security_level = may\nsmtp_tls_loglevel = 1\nsmtp_tls_wrappermode = yes\nsmtpd_banner = x\n"},
		{"shorter prefix", "smtp_helo_name = x\nmyhostname = y\n", "smtp_tls_wrappermode", "yes", "smtp_helo_name = x\nsmtp_tls_wrappermode = yes\nmyhostname = y\n"},
		{"at the end", "myhostname = y\n# trailing comment\n", "relayhost", "[r]", "myhostname = y\n# trailing comment\nrelayhost = [r]\n"},
		{"CRLF", "myhostname = y\r\nmydomain = z\r\n", "relayhost", "[r]", "myhostname = y\r\nmydomain = z\r\nrelayhost = [r]\r\n"},
		{"no final newline", "myhostname = y", "relayhost", "[r]", "myhostname = y\nrelayhost = [r]\n"},
		{"related setting on the last line without newline", "smtp_tls_loglevel = 1", "smtp_tls_wrappermode", "yes", "smtp_tls_loglevel = 1\nsmtp_tls_wrappermode = yes\n"},
		{"empty file", "", "relayhost", "[r]", "relayhost = [r]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			main := tt.src
			if main == "" {
				main = "\n" // build skips an empty main; use a blank line instead
			}
			c := build(t, "", main, nil, "")
			edits, ok := c.SetMain(tt.param, tt.value)
			if !ok {
				t.Fatal("not ok")
			}
			want := tt.want
			if tt.src == "" {
				want = "\n" + want
			}
			if got := apply(t, main, edits); got != want {
				t.Errorf("got\n%q\nwant\n%q", got, want)
			}
		})
	}
	c := build(t, "", "a = 1\n", nil, "")
	if edits, ok := c.SetMain("a", "1"); !ok || len(edits) != 0 {
		t.Error("setting the current value should be a no-op")
	}
	if _, ok := Build(Input{}).SetMain("a", "1"); ok {
		t.Error("no main.cf: cannot set")
	}
}

func TestMainDeleteRenameReplace(t *testing.T) {
	src := "a = 1\n# c\nold = x, y x\n  x\nb = 2\nold = last x\n"
	c := build(t, "", src, nil, "")
	edits, _ := c.DeleteMain("old")
	if got := apply(t, src, edits); got != "a = 1\n# c\nb = 2\n" {
		t.Errorf("delete: %q", got)
	}
	edits, _ = c.RenameMain("old", "new")
	if got := apply(t, src, edits); got != "a = 1\n# c\nnew = x, y x\n  x\nb = 2\nnew = last x\n" {
		t.Errorf("rename: %q", got)
	}
	edits, _ = c.ReplaceMain("old", "x", "z")
	if got := apply(t, src, edits); got != "a = 1\n# c\nold = x, y x\n  x\nb = 2\nold = last z\n" {
		t.Errorf("replace: %q", got)
	}
	if _, ok := c.ReplaceMain("old", "nothing", "z"); ok {
		t.Error("replace without occurrence should fail")
	}
	if _, ok := c.RenameMain("nosuch", "z"); ok {
		t.Error("rename of an unset parameter should fail")
	}
	if edits, ok := c.DeleteMain("nosuch"); !ok || len(edits) != 0 {
		t.Error("delete of an unset parameter is a no-op")
	}
}

func TestOptionEdits(t *testing.T) {
	master := "smtp inet n - n - - smtpd\nsubmission inet n - n - - smtpd\n  -o syslog_name=postfix/submission\n  -o smtpd_tls_security_level=may -o smtpd_sasl_auth_enable=yes\n# comment\nrelay unix - - n - - smtp"
	c := build(t, "", "a = 1\n", &master, "")
	sub := c.ServiceByName("submission", "")
	relay := c.ServiceByName("relay", "")

	edits, _ := c.SetOption(sub, "smtpd_tls_security_level", "encrypt")
	if got := apply(t, master, edits); got != "smtp inet n - n - - smtpd\nsubmission inet n - n - - smtpd\n  -o syslog_name=postfix/submission\n  -o smtpd_tls_security_level=encrypt -o smtpd_sasl_auth_enable=yes\n# comment\nrelay unix - - n - - smtp" {
		t.Errorf("set existing: %q", got)
	}
	edits, _ = c.SetOption(sub, "smtpd_client_restrictions", "permit_sasl_authenticated, reject")
	if got := apply(t, master, edits); got != "smtp inet n - n - - smtpd\nsubmission inet n - n - - smtpd\n  -o syslog_name=postfix/submission\n  -o smtpd_tls_security_level=may -o smtpd_sasl_auth_enable=yes\n  -o { smtpd_client_restrictions = permit_sasl_authenticated, reject }\n# comment\nrelay unix - - n - - smtp" {
		t.Errorf("set new: %q", got)
	}
	edits, _ = c.SetOption(relay, "smtp_tls_wrappermode", "yes")
	if got := apply(t, master, edits); got != master+"\n  -o smtp_tls_wrappermode=yes\n" {
		t.Errorf("set new at EOF: %q", got)
	}
	edits, _ = c.DeleteOption(sub, "syslog_name")
	if got := apply(t, master, edits); got != "smtp inet n - n - - smtpd\nsubmission inet n - n - - smtpd\n  -o smtpd_tls_security_level=may -o smtpd_sasl_auth_enable=yes\n# comment\nrelay unix - - n - - smtp" {
		t.Errorf("delete line: %q", got)
	}
	edits, _ = c.DeleteOption(sub, "smtpd_sasl_auth_enable")
	if got := apply(t, master, edits); got != "smtp inet n - n - - smtpd\nsubmission inet n - n - - smtpd\n  -o syslog_name=postfix/submission\n  -o smtpd_tls_security_level=may\n# comment\nrelay unix - - n - - smtp" {
		t.Errorf("delete option: %q", got)
	}
	edits, _ = c.RenameOption(sub, "syslog_name", "x_name")
	edits2, _ := c.ReplaceOption(sub, "syslog_name", "submission", "sub")
	if got := apply(t, master, append(edits, edits2...)); got != "smtp inet n - n - - smtpd\nsubmission inet n - n - - smtpd\n  -o x_name=postfix/sub\n  -o smtpd_tls_security_level=may -o smtpd_sasl_auth_enable=yes\n# comment\nrelay unix - - n - - smtp" {
		t.Errorf("rename+replace: %q", got)
	}
	stock := build(t, "", "a = 1\n", nil, "")
	if _, ok := stock.SetOption(stock.ServiceByName("relay", ""), "x", "y"); ok {
		t.Error("stock services cannot be edited")
	}
}

func TestSetMainEmptyFile(t *testing.T) {
	c := Build(Input{Main: syntax.ParseMain("main.cf", nil)})
	edits, ok := c.SetMain("relayhost", "[r]")
	if !ok || apply(t, "", edits) != "relayhost = [r]\n" {
		t.Errorf("edits %+v", edits)
	}
}

func TestParamEdits(t *testing.T) {
	main := "a = 1\na = 2\n"
	master := "smtp unix - - n - - smtp\n  -o { smtp_helo_name = a b }\n  -o smtp_bind_address=1.2.3.4\n"
	c := build(t, "", main, &master, "")
	first := c.MainDefs("a")[0]
	edits, _ := c.DeleteParam(first)
	if got := apply(t, main, edits); got != "a = 2\n" {
		t.Errorf("delete first: %q", got)
	}
	edits, _ = c.SetParam(first, "x")
	if got := apply(t, main, edits); got != "a = x\na = 2\n" {
		t.Errorf("set first: %q", got)
	}
	s := c.ServiceByName("smtp", "unix")
	helo, bind := s.Params[0], s.Params[1]
	if !helo.Braced || helo.Value != "a b" {
		t.Fatalf("braced -o: %+v", helo)
	}
	edits, _ = c.SetParam(helo, "c d")
	if got := apply(t, master, edits); got != strings.Replace(master, "a b", "c d", 1) {
		t.Errorf("set braced: %q", got)
	}
	edits, _ = c.SetParam(bind, "5.6.7.8 9.9.9.9")
	if got := apply(t, master, edits); got != strings.Replace(master, "smtp_bind_address=1.2.3.4", "{ smtp_bind_address = 5.6.7.8 9.9.9.9 }", 1) {
		t.Errorf("set with spaces: %q", got)
	}
	edits, _ = c.DeleteParam(helo)
	if got := apply(t, master, edits); got != "smtp unix - - n - - smtp\n  -o smtp_bind_address=1.2.3.4\n" {
		t.Errorf("delete -o: %q", got)
	}
}

// TestSetMainPlacement checks where a new main.cf setting goes: after
// the last setting with the longest common "_" prefix, past its
// continuation lines, in the file's line ending.
func TestSetMainPlacement(t *testing.T) {
	tests := []struct {
		name, src, param, want string
	}{
		{"after a continued related setting",
			"smtp_tls_mandatory_protocols = !SSLv2,\n  !SSLv3\nmyhostname = y\n", "smtp_tls_wrappermode",
			"smtp_tls_mandatory_protocols = !SSLv2,\n  !SSLv3\nsmtp_tls_wrappermode = yes\nmyhostname = y\n"},
		{"longest prefix wins over a later shorter one",
			"smtp_tls_loglevel = 1\nsmtp_helo_name = x\nmyhostname = y\n", "smtp_tls_wrappermode",
			"smtp_tls_loglevel = 1\nsmtp_tls_wrappermode = yes\nsmtp_helo_name = x\nmyhostname = y\n"},
		{"smtpd_ is not smtp_",
			"smtpd_tls_loglevel = 1\nmyhostname = y\nsmtp_helo_name = x\n", "smtp_tls_wrappermode",
			"smtpd_tls_loglevel = 1\nmyhostname = y\nsmtp_helo_name = x\nsmtp_tls_wrappermode = yes\n"},
		{"before a comment that follows the related setting",
			"smtp_tls_loglevel = 1\n# server side\nsmtpd_banner = x\n", "smtp_tls_wrappermode",
			"smtp_tls_loglevel = 1\nsmtp_tls_wrappermode = yes\n# server side\nsmtpd_banner = x\n"},
		{"CRLF after a related setting",
			"smtp_tls_loglevel = 1\r\nmyhostname = y\r\n", "smtp_tls_wrappermode",
			"smtp_tls_loglevel = 1\r\nsmtp_tls_wrappermode = yes\r\nmyhostname = y\r\n"},
		{"CRLF after a continued related setting",
			"smtp_tls_protocols = !SSLv2,\r\n  !SSLv3\r\nmyhostname = y\r\n", "smtp_tls_wrappermode",
			"smtp_tls_protocols = !SSLv2,\r\n  !SSLv3\r\nsmtp_tls_wrappermode = yes\r\nmyhostname = y\r\n"},
		{"CRLF without final newline",
			"myhostname = y\r\nsmtp_tls_loglevel = 1", "smtp_tls_wrappermode",
			"myhostname = y\r\nsmtp_tls_loglevel = 1\r\nsmtp_tls_wrappermode = yes\r\n"},
		{"CRLF in place",
			"smtp_tls_wrappermode = no\r\nmyhostname = y\r\n", "smtp_tls_wrappermode",
			"smtp_tls_wrappermode = yes\r\nmyhostname = y\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := build(t, "", tt.src, nil, "")
			edits, ok := c.SetMain(tt.param, "yes")
			if !ok {
				t.Fatal("not ok")
			}
			if got := apply(t, tt.src, edits); got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

// TestSetOptionPlacement checks that a new -o goes after the service's
// last line and keeps the indentation of the service's own -o lines, and
// the file's line ending.
func TestSetOptionPlacement(t *testing.T) {
	tests := []struct {
		name, master, want string
	}{
		{"two spaces by default, no -o yet",
			"relay unix - - n - - smtp\nsmtp inet n - n - - smtpd\n",
			"relay unix - - n - - smtp\n  -o smtp_tls_wrappermode=yes\nsmtp inet n - n - - smtpd\n"},
		{"tab-indented -o lines",
			"relay unix - - n - - smtp\n\t-o smtp_helo_name=x\n\t-o smtp_bind_address=1.2.3.4\nsmtp inet n - n - - smtpd\n",
			"relay unix - - n - - smtp\n\t-o smtp_helo_name=x\n\t-o smtp_bind_address=1.2.3.4\n\t-o smtp_tls_wrappermode=yes\nsmtp inet n - n - - smtpd\n"},
		{"deep indentation (Debian's master.cf style)",
			"relay unix - - n - - smtp\n     -o smtp_helo_name=x\nsmtp inet n - n - - smtpd\n",
			"relay unix - - n - - smtp\n     -o smtp_helo_name=x\n     -o smtp_tls_wrappermode=yes\nsmtp inet n - n - - smtpd\n"},
		{"-o on the command line only: default indentation",
			"relay unix - - n - - smtp -o smtp_helo_name=x\n",
			"relay unix - - n - - smtp -o smtp_helo_name=x\n  -o smtp_tls_wrappermode=yes\n"},
		{"indentation of the last -o line",
			"relay unix - - n - - smtp\n\t-o smtp_helo_name=x\n    -o smtp_bind_address=1.2.3.4\n",
			"relay unix - - n - - smtp\n\t-o smtp_helo_name=x\n    -o smtp_bind_address=1.2.3.4\n    -o smtp_tls_wrappermode=yes\n"},
		{"other services' style does not count",
			"smtp inet n - n - - smtpd\n\t-o smtpd_helo_required=yes\nrelay unix - - n - - smtp\n",
			"smtp inet n - n - - smtpd\n\t-o smtpd_helo_required=yes\nrelay unix - - n - - smtp\n  -o smtp_tls_wrappermode=yes\n"},
		{"CRLF",
			"relay unix - - n - - smtp\r\n  -o smtp_helo_name=x\r\nsmtp inet n - n - - smtpd\r\n",
			"relay unix - - n - - smtp\r\n  -o smtp_helo_name=x\r\n  -o smtp_tls_wrappermode=yes\r\nsmtp inet n - n - - smtpd\r\n"},
		{"CRLF, last service without final newline",
			"smtp inet n - n - - smtpd\r\nrelay unix - - n - - smtp",
			"smtp inet n - n - - smtpd\r\nrelay unix - - n - - smtp\r\n  -o smtp_tls_wrappermode=yes\r\n"},
		{"CRLF in place",
			"relay unix - - n - - smtp\r\n  -o smtp_tls_wrappermode=no\r\n",
			"relay unix - - n - - smtp\r\n  -o smtp_tls_wrappermode=yes\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			master := tt.master
			c := build(t, "", "a = 1\n", &master, "")
			edits, ok := c.SetOption(c.ServiceByName("relay", "unix"), "smtp_tls_wrappermode", "yes")
			if !ok {
				t.Fatal("not ok")
			}
			if got := apply(t, master, edits); got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

// TestDeleteKeepsCRLF checks that deleting settings keeps CRLF lines
// whole.
func TestDeleteKeepsCRLF(t *testing.T) {
	main := "a = 1\r\nold = x,\r\n  y\r\nb = 2\r\n"
	master := "relay unix - - n - - smtp\r\n  -o smtp_helo_name=x\r\n  -o smtp_bind_address=1.2.3.4 -o smtp_tls_wrappermode=yes\r\n"
	c := build(t, "", main, &master, "")
	edits, _ := c.DeleteMain("old")
	if got := apply(t, main, edits); got != "a = 1\r\nb = 2\r\n" {
		t.Errorf("delete main.cf: %q", got)
	}
	relay := c.ServiceByName("relay", "unix")
	edits, _ = c.DeleteOption(relay, "smtp_helo_name")
	if got := apply(t, master, edits); got != "relay unix - - n - - smtp\r\n  -o smtp_bind_address=1.2.3.4 -o smtp_tls_wrappermode=yes\r\n" {
		t.Errorf("delete -o line: %q", got)
	}
	edits, _ = c.DeleteOption(relay, "smtp_tls_wrappermode")
	if got := apply(t, master, edits); got != "relay unix - - n - - smtp\r\n  -o smtp_helo_name=x\r\n  -o smtp_bind_address=1.2.3.4\r\n" {
		t.Errorf("delete -o at line end: %q", got)
	}
}
