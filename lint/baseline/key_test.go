package baseline

import (
	"strings"
	"testing"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/syntax"
)

const root = "/repo"

// at returns a finding of rule about param at the first occurrence of
// mark in the file's source, spanning mark.
func at(t *testing.T, f *syntax.File, rule, param, mark string) lint.Finding {
	t.Helper()
	i := strings.Index(string(f.Src), mark)
	if i < 0 {
		t.Fatalf("%q not in %s", mark, f.Name)
	}
	pos, end := syntax.Pos(i), syntax.Pos(i+len(mark))
	return lint.Finding{Rule: rule, File: f.Name, Pos: pos, End: end, Start: f.Position(pos), Stop: f.Position(end), Param: param, Message: "m"}
}

func keyOf(t *testing.T, mainCF, masterCF string, find func(main, master *syntax.File) lint.Finding) Key {
	t.Helper()
	var files []*syntax.File
	main := syntax.ParseMain("/repo/hosts/mx1/main.cf", []byte(mainCF))
	files = append(files, main)
	var master *syntax.File
	if masterCF != "" {
		master = syntax.ParseMaster("/repo/hosts/mx1/master.cf", []byte(masterCF))
		files = append(files, master)
	}
	return NewLocator(root, files).Key(find(main, master))
}

func TestKeyIgnoresLinesAbove(t *testing.T) {
	finding := func(m, _ *syntax.File) lint.Finding {
		return at(t, m, "PL201", "smtp_tls_wrappermode", "[smtp.example.net]:465")
	}
	base := "relayhost = [smtp.example.net]:465\nsmtp_tls_wrappermode = no\n"
	k := keyOf(t, base, "", finding)
	want := Key{Rule: "PL201", File: "hosts/mx1/main.cf", Param: "smtp_tls_wrappermode", At: "relayhost"}
	if k.Value == "" || k.Rule != want.Rule || k.File != want.File || k.Param != want.Param || k.At != want.At {
		t.Fatalf("key %+v, want %+v with a value", k, want)
	}
	for name, text := range map[string]string{
		"lines inserted above":     "# a comment\nmyhostname = mx1\n\nbiff = no\n" + base,
		"continuation and spacing": "relayhost =\n    [smtp.example.net]:465\nsmtp_tls_wrappermode   =   no\n",
		"other settings changed":   "biff = yes\n" + base + "mynetworks = 127.0.0.0/8\n",
	} {
		if got := keyOf(t, text, "", finding); got != k {
			t.Errorf("%s: key %+v, want %+v", name, got, k)
		}
	}
	for name, text := range map[string]string{
		"the setting's value changed":   "relayhost = [smtp.example.org]:465\nsmtp_tls_wrappermode = no\n",
		"the parameter's value changed": "relayhost = [smtp.example.net]:465\nsmtp_tls_wrappermode = false\n",
	} {
		var mark = "[smtp.example.net]:465"
		if strings.Contains(text, "example.org") {
			mark = "[smtp.example.org]:465"
		}
		got := keyOf(t, text, "", func(m, _ *syntax.File) lint.Finding { return at(t, m, "PL201", "smtp_tls_wrappermode", mark) })
		if got == k || got.Value == k.Value {
			t.Errorf("%s: key unchanged: %+v", name, got)
		}
	}
}

func TestKeyNormalisesLists(t *testing.T) {
	f := func(m, _ *syntax.File) lint.Finding { return at(t, m, "PL606", "", "smtpd_relay_restrictions") }
	a := keyOf(t, "smtpd_relay_restrictions = permit_mynetworks, permit, reject_unauth_destination\n", "", f)
	b := keyOf(t, "smtpd_relay_restrictions = permit_mynetworks,permit ,\n\treject_unauth_destination\n", "", f)
	c := keyOf(t, "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n", "", f)
	if a != b {
		t.Errorf("spacing changed the key: %+v, %+v", a, b)
	}
	if a == c {
		t.Errorf("a different list gave the same key")
	}
	if a.At != "smtpd_relay_restrictions" || a.Param != "" {
		t.Errorf("key %+v", a)
	}
}

func TestKeyMasterCF(t *testing.T) {
	master := "smtp      inet  n       -       y       -       -       smtpd\n" +
		"submission inet n       -       y       -       -       smtpd\n" +
		"  -o smtpd_tls_wrappermode=yes\n  -o syslog_name=postfix/submission\n"
	opt := keyOf(t, "", master, func(_, s *syntax.File) lint.Finding {
		return at(t, s, "PL302", "smtpd_tls_wrappermode", "smtpd_tls_wrappermode=yes")
	})
	if opt.At != "submission/inet -o smtpd_tls_wrappermode" || opt.File != "hosts/mx1/master.cf" || opt.Value == "" {
		t.Errorf("-o key %+v", opt)
	}
	svc := keyOf(t, "", master, func(_, s *syntax.File) lint.Finding { return at(t, s, "PL306", "", "submission") })
	if svc.At != "submission/inet" || svc.Value == "" {
		t.Errorf("service key %+v", svc)
	}
	// Another -o of the service changes neither; the option's value
	// changes the -o key only.
	other := strings.Replace(master, "postfix/submission", "postfix/sub", 1)
	if k := keyOf(t, "", other, func(_, s *syntax.File) lint.Finding { return at(t, s, "PL306", "", "submission") }); k != svc {
		t.Errorf("another -o changed the service key: %+v", k)
	}
	changed := strings.Replace(master, "wrappermode=yes", "wrappermode=no", 1)
	if k := keyOf(t, "", changed, func(_, s *syntax.File) lint.Finding {
		return at(t, s, "PL302", "smtpd_tls_wrappermode", "smtpd_tls_wrappermode=no")
	}); k == opt {
		t.Errorf("a changed -o value kept its key")
	}
	// Moving the service down keeps both.
	moved := "# services\n\n" + master
	if k := keyOf(t, "", moved, func(_, s *syntax.File) lint.Finding {
		return at(t, s, "PL302", "smtpd_tls_wrappermode", "smtpd_tls_wrappermode=yes")
	}); k != opt {
		t.Errorf("moving the service changed the -o key: %+v", k)
	}
	// A changed field of the service changes its key.
	chroot := strings.Replace(master, "submission inet n       -       y", "submission inet n       -       n", 1)
	if k := keyOf(t, "", chroot, func(_, s *syntax.File) lint.Finding { return at(t, s, "PL306", "", "submission") }); k == svc {
		t.Errorf("a changed chroot field kept the service key")
	}
}

func TestKeyWholeFileAndComments(t *testing.T) {
	whole := func(m, _ *syntax.File) lint.Finding {
		return lint.Finding{Rule: "PL604", File: m.Name, Start: m.Position(0), Stop: m.Position(0)}
	}
	a := keyOf(t, "myhostname = a\n", "", whole)
	b := keyOf(t, "# header\nbiff = no\n", "", whole)
	if a != b || a.At != "" || a.Value != "" {
		t.Errorf("whole-file keys %+v and %+v, want equal and without value", a, b)
	}
	c1 := keyOf(t, "# postlint: ignore PL201\nrelayhost = x\n", "", func(m, _ *syntax.File) lint.Finding {
		return at(t, m, "PL001", "", "# postlint: ignore PL201")
	})
	c2 := keyOf(t, "biff = no\n\n# postlint:   ignore PL201\nrelayhost = x\n", "", func(m, _ *syntax.File) lint.Finding {
		return at(t, m, "PL001", "", "# postlint:   ignore PL201")
	})
	if c1 != c2 || c1.Value == "" {
		t.Errorf("comment keys %+v and %+v", c1, c2)
	}
}

func TestKeyOtherFiles(t *testing.T) {
	l := NewLocator(root, nil)
	a := l.Key(lint.Finding{Rule: "PL717", File: "/repo/hosts/mx1/transport", Start: syntax.Position{Line: 3}, Message: `"slow" is not defined`})
	b := l.Key(lint.Finding{Rule: "PL717", File: "/repo/hosts/mx1/transport", Start: syntax.Position{Line: 9}, Message: `"slow" is not defined`})
	c := l.Key(lint.Finding{Rule: "PL717", File: "/repo/hosts/mx1/transport", Message: `"fast" is not defined`})
	if a != b || a == c || a.File != "hosts/mx1/transport" {
		t.Errorf("keys %+v %+v %+v", a, b, c)
	}
}

func TestFingerprints(t *testing.T) {
	k := Key{Rule: "PL201", File: "a/main.cf", At: "relayhost", Value: "0123456789abcdef"}
	other := k
	other.File = "b/main.cf"
	fps := Fingerprints([]Key{k, other, k})
	if len(fps[0]) != 64 || fps[0] == fps[1] || fps[0] == fps[2] || fps[1] == fps[2] {
		t.Errorf("fingerprints %q", fps)
	}
	if again := Fingerprints([]Key{k, other, k}); again[2] != fps[2] {
		t.Errorf("fingerprints differ between calls")
	}
	if fps[0] != k.Fingerprint(1) || fps[2] != k.Fingerprint(2) {
		t.Errorf("Fingerprints does not number repeated keys from 1")
	}
}

func TestRel(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"/repo/hosts/mx1/main.cf", "hosts/mx1/main.cf"},
		{"/repo/./hosts//mx1/../mx2/master.cf", "hosts/mx2/master.cf"},
		{"/elsewhere/main.cf", "../elsewhere/main.cf"},
	} {
		if got := Rel(root, tc.file); got != tc.want {
			t.Errorf("Rel(%q) = %q, want %q", tc.file, got, tc.want)
		}
	}
}
