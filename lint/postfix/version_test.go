package postfix

import (
	"strings"
	"testing"
)

func TestParseVersion(t *testing.T) {
	good := []struct {
		in   string
		want Version
	}{
		{"3.7", Version{3, 7, 0}},
		{"3.7.2", Version{3, 7, 2}},
		{"2.6.6", Version{2, 6, 6}},
		{"3.7.11", Version{3, 7, 11}},
		{"3.10.1", Version{3, 10, 1}},
		{" 3.11.0\n", Version{3, 11, 0}},
		{"3.9-20231012", Version{3, 9, 0}}, // snapshot mail_version
		{"3.8.0-RC1", Version{3, 8, 0}},
	}
	for _, tc := range good {
		got, err := ParseVersion(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseVersion(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	bad := []string{"", "3", "3.", ".7", "3..1", "3.x", "3.7.2.1", "v3.7", "-1.2", "3.-1",
		"3.7-", "3.7-a b", "3.7 .1", "abc", "1234567.1", "3,7", "+3.7"}
	for _, in := range bad {
		v, err := ParseVersion(in)
		if err == nil {
			t.Errorf("ParseVersion(%q) = %v, want error", in, v)
		} else if !strings.Contains(err.Error(), "invalid Postfix version") {
			t.Errorf("ParseVersion(%q) error %q is not descriptive", in, err)
		}
	}
}

func TestVersionCompare(t *testing.T) {
	v := func(s string) Version {
		t.Helper()
		x, err := ParseVersion(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	ordered := []string{"2.6.0", "2.6.19", "2.7.0", "2.10.0", "2.11.11", "3.0.0", "3.9.2", "3.10.0", "3.10.5", "3.11.6"}
	for i := range ordered {
		for j := range ordered {
			a, b := v(ordered[i]), v(ordered[j])
			want := sign(i - j)
			if got := a.Compare(b); got != want {
				t.Errorf("%s.Compare(%s) = %d, want %d", a, b, got, want)
			}
			if a.Less(b) != (i < j) || a.AtLeast(b) != (i >= j) {
				t.Errorf("Less/AtLeast disagree with order for %s, %s", a, b)
			}
		}
	}
	if s := v("3.7").String(); s != "3.7.0" {
		t.Errorf("String() = %q, want 3.7.0", s)
	}
	if !(Version{}).IsZero() || Oldest.IsZero() {
		t.Error("IsZero")
	}
}

func TestOldestNewest(t *testing.T) {
	if Oldest != (Version{2, 6, 0}) {
		t.Errorf("Oldest = %v", Oldest)
	}
	// Newest is the newest release the facts describe: 3.11.6 in the
	// current shared/postfix; it must bound every parameter's releases.
	if Newest != (Version{3, 11, 6}) {
		t.Errorf("Newest = %v, want 3.11.6 (update this test with the facts)", Newest)
	}
	for i := range table {
		p := param(i)
		if Newest.Less(p.Gone()) {
			t.Errorf("%s: gone in %v, newer than Newest", p.Name, p.Gone())
		}
		if p.Exists() && p.Since().Less(Oldest) {
			t.Errorf("%s: first release %v is older than Oldest", p.Name, p.Since())
		}
	}
}

func TestSupported(t *testing.T) {
	for _, tc := range []struct {
		v  Version
		ok bool
	}{
		{Version{2, 5, 13}, false},
		{Version{1, 1, 0}, false},
		{Version{2, 6, 0}, true},
		{Version{3, 4, 14}, true},
		{Version{3, 11, 6}, true},
		{Version{3, 11, 99}, true},
		{Version{3, 12, 0}, false},
		{Version{4, 0, 0}, false},
	} {
		err := tc.v.Supported()
		if (err == nil) != tc.ok {
			t.Errorf("%v.Supported() = %v, want ok=%v", tc.v, err, tc.ok)
		}
		if err != nil && !strings.Contains(err.Error(), tc.v.String()) {
			t.Errorf("error %q does not name the version", err)
		}
	}
}
