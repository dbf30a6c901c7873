package model

import (
	"reflect"
	"testing"

	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/syntax"
)

// build parses main and master (nil: no file) and builds the model for
// version v ("" for the newest).
func build(t *testing.T, dir, main string, master *string, v string) *Config {
	t.Helper()
	in := Input{Dir: dir}
	if main != "" {
		in.Main = syntax.ParseMain("main.cf", []byte(main))
	}
	if master != nil {
		in.Master = syntax.ParseMaster("master.cf", []byte(*master))
	}
	if v != "" {
		pv, err := postfix.ParseVersion(v)
		if err != nil {
			t.Fatal(err)
		}
		in.Version = pv
	}
	return Build(in)
}

func ptr(s string) *string { return &s }

// text of a location in src.
func at(src string, l Location) string {
	if l.IsZero() {
		return "<none>"
	}
	return src[l.Pos:l.End]
}

func TestPort(t *testing.T) {
	for in, want := range map[any]int{
		25: 25, "25": 25, "smtp": 25, "SMTP": 25, "submission": 587, "smtps": 465,
		"submissions": 465, "lmtp": 24, "": 0, "imap": 0, "99999": 0, 3.5: 0,
	} {
		if got := Port(in); got != want {
			t.Errorf("Port(%v) = %d, want %d", in, got, want)
		}
	}
}

func TestSplitList(t *testing.T) {
	got := SplitList(" a, b\tc,,inline:{ x=y, {z = w} } d ")
	want := []string{"a", "b", "c", "inline:{ x=y, {z = w} }", "d"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SplitList = %q, want %q", got, want)
	}
	if !ListHas("a, B c", "b") || ListHas("a b", "c") || !ListHas([]string{"x"}, "X") {
		t.Error("ListHas")
	}
}

func TestCIDRWide(t *testing.T) {
	for in, want := range map[string]bool{
		"0.0.0.0/0":                 true,
		"127.0.0.0/8, 10.0.0.0/8":   false,
		"127.0.0.0/8 0.0.0.0/1":     true,
		"[::]/0":                    true,
		"[::1]/128 [fe80::]/10":     false,
		"hash:/etc/postfix/network": false,
		"192.168.1.0/24":            false,
	} {
		if got := CIDRWide(in); got != want {
			t.Errorf("CIDRWide(%q) = %v, want %v", in, got, want)
		}
	}
}
