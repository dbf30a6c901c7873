package model

import (
	"reflect"
	"strings"
	"testing"

	"github.com/postlint/postlint/lint/postfix"
)

func TestProtocolList(t *testing.T) {
	all := []string{"SSLv2", "SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"}
	tests := []struct {
		in, version string
		want        ProtocolSpec
	}{
		{"", "3.7", ProtocolSpec{Valid: true, Enabled: all, Min: "SSLv2", Max: "TLSv1.3", Legacy: []string{"SSLv2", "SSLv3"}}},
		{"", "2.6.6", ProtocolSpec{Valid: true, Enabled: all[:3], Min: "SSLv2", Max: "TLSv1", Legacy: []string{"SSLv2", "SSLv3"}}},
		{"!SSLv2, !SSLv3, !TLSv1.1", "3.7", ProtocolSpec{Valid: true, Enabled: []string{"TLSv1"}, Min: "TLSv1", Max: "TLSv1", Hole: []string{"TLSv1.2", "TLSv1.3"}}},
		// 3.0.0 accepts TLSv1.3 but cannot turn it off: it follows the hole too.
		{"!SSLv2, !SSLv3, !TLSv1.1", "3.0.0", ProtocolSpec{Valid: true, Enabled: []string{"TLSv1"}, Min: "TLSv1", Max: "TLSv1", Hole: []string{"TLSv1.2", "TLSv1.3"}}},
		{"!SSLv2, !SSLv3, !TLSv1.1", "2.11.0", ProtocolSpec{Valid: true, Enabled: []string{"TLSv1"}, Min: "TLSv1", Max: "TLSv1", Hole: []string{"TLSv1.2"}}},
		{">=TLSv1.2", "3.5.9", ProtocolSpec{Invalid: []string{">=TLSv1.2"}, InvalidSince: []string{"3.6"}, Enabled: all, Min: "SSLv2", Max: "TLSv1.3", Legacy: []string{"SSLv2", "SSLv3"}, Rewrite: "!SSLv2, !SSLv3, !TLSv1, !TLSv1.1", RewriteExact: true}},
		{">=TLSv1.2", "3.7", ProtocolSpec{Valid: true, Enabled: all[4:], Min: "TLSv1.2", Max: "TLSv1.3"}},
		{">=TLSv1 <=0x0303 !SSLv3", "3.7", ProtocolSpec{Valid: true, Enabled: all[2:5], Min: "TLSv1", Max: "TLSv1.2"}},
		{"TLSv1 TLSv1.1 TLSv1.2", "3.4", ProtocolSpec{Valid: true, Enabled: all[2:5], Min: "TLSv1", Max: "TLSv1.2", Omitted: []string{"TLSv1.3"}}},
		{"TLSv1 TLSv1.1 TLSv1.2", "2.10", ProtocolSpec{Valid: true, Enabled: all[2:5], Min: "TLSv1", Max: "TLSv1.2"}},
		{"TLSv1.0:tlsv1.2", "3.7", ProtocolSpec{Invalid: []string{"TLSv1.0"}, InvalidSince: []string{""}, Enabled: all[4:5], Min: "TLSv1.2", Max: "TLSv1.2", Omitted: []string{"TLSv1.3"}}},
		{"TLSv1.1", "2.6.6", ProtocolSpec{Invalid: []string{"TLSv1.1"}, InvalidSince: []string{"2.6.15, 2.7.9, 2.8.10, 2.9.2 or 2.10"}, Enabled: all[:3], Min: "SSLv2", Max: "TLSv1", Legacy: []string{"SSLv2", "SSLv3"}, Rewrite: "!SSLv2, !SSLv3"}},
		{"TLSv1 TLSv1.1 TLSv1.2", "2.6.6", ProtocolSpec{Invalid: []string{"TLSv1.1", "TLSv1.2"}, InvalidSince: []string{"2.6.15, 2.7.9, 2.8.10, 2.9.2 or 2.10", "2.6.15, 2.7.9, 2.8.10, 2.9.2 or 2.10"}, Enabled: all[2:3], Min: "TLSv1", Max: "TLSv1", Rewrite: "!SSLv2, !SSLv3", RewriteExact: true}},
		{"TLSv1.2 TLSv1.3", "2.11.0", ProtocolSpec{Invalid: []string{"TLSv1.3"}, InvalidSince: []string{"3.0"}, Enabled: all[4:5], Min: "TLSv1.2", Max: "TLSv1.2", Rewrite: "!SSLv2, !SSLv3, !TLSv1, !TLSv1.1", RewriteExact: true}},
		{"TLSv1 TLSv1.2 TLSv1.x", "2.6.6", ProtocolSpec{Invalid: []string{"TLSv1.2", "TLSv1.x"}, InvalidSince: []string{"2.6.15, 2.7.9, 2.8.10, 2.9.2 or 2.10", ""}, Enabled: all[2:3], Min: "TLSv1", Max: "TLSv1"}},
		// Accepted from 3.0.0, but it takes effect only in 3.3.2: TLS 1.3 stays on.
		{"!TLSv1.3", "3.3.1", ProtocolSpec{Valid: true, Enabled: all, Min: "SSLv2", Max: "TLSv1.3", Legacy: []string{"SSLv2", "SSLv3"}, Ineffective: []string{"!TLSv1.3"}, IneffectiveSince: "3.3.2"}},
		{"!TLSv1.3", "3.3.2", ProtocolSpec{Valid: true, Enabled: all[:5], Min: "SSLv2", Max: "TLSv1.2", Legacy: []string{"SSLv2", "SSLv3"}}},
		{"TLSv1.2, TLSv1.3", "3.0.0", ProtocolSpec{Valid: true, Enabled: all[4:], Min: "TLSv1.2", Max: "TLSv1.3", Ineffective: []string{"TLSv1.3"}, IneffectiveSince: "3.0.14"}},
		// Bounds: any hexadecimal version, None; SSLv2 is not in the version table.
		{">=0x0200", "3.6.0", ProtocolSpec{Valid: true, Enabled: all[1:], Min: "SSLv3", Max: "TLSv1.3", Legacy: []string{"SSLv3"}}},
		{">=None <=TLSv1.2", "3.7", ProtocolSpec{Valid: true, Enabled: all[:5], Min: "SSLv2", Max: "TLSv1.2", Legacy: []string{"SSLv2", "SSLv3"}}},
		{">=SSLv2", "3.7", ProtocolSpec{Invalid: []string{">=SSLv2"}, InvalidSince: []string{""}, Enabled: all, Min: "SSLv2", Max: "TLSv1.3", Legacy: []string{"SSLv2", "SSLv3"}}},
		{">=0xzz", "3.7", ProtocolSpec{Invalid: []string{">=0xzz"}, InvalidSince: []string{""}, Enabled: all, Min: "SSLv2", Max: "TLSv1.3", Legacy: []string{"SSLv2", "SSLv3"}}},
		{">=TLSv1.4", "3.7", ProtocolSpec{Invalid: []string{">=TLSv1.4"}, InvalidSince: []string{""}, Enabled: all, Min: "SSLv2", Max: "TLSv1.3", Legacy: []string{"SSLv2", "SSLv3"}}},
		{"!0x0301", "3.7", ProtocolSpec{Invalid: []string{"!0x0301"}, InvalidSince: []string{""}, Enabled: all, Min: "SSLv2", Max: "TLSv1.3", Legacy: []string{"SSLv2", "SSLv3"}}},
		{">=TLSv1.3 <=TLSv1.2", "3.7", ProtocolSpec{Valid: true}},
	}
	for _, tt := range tests {
		v, _ := postfix.ParseVersion(tt.version)
		got := ProtocolList(tt.in, v)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ProtocolList(%q, %s) =\n%+v\nwant\n%+v", tt.in, tt.version, got, tt.want)
		}
	}
	spec := ProtocolList("!SSLv3", postfix.Newest)
	if !spec.Allows("tlsv1.2") || spec.Allows("SSLv3") {
		t.Error("Allows")
	}
}

func TestParseCIDR(t *testing.T) {
	tests := map[string]CIDRInfo{
		"0.0.0.0/0":        {Valid: true, Prefix: 0, Net: "0.0.0.0/0", Public: true},
		"10.1.2.3/8":       {Valid: true, Prefix: 8, Net: "10.0.0.0/8"},
		"[::]/0":           {Valid: true, V6: true, Prefix: 0, Net: "::/0", Public: true},
		"[fe80::]/10":      {Valid: true, V6: true, Prefix: 10, Net: "fe80::/10"},
		"[::1]":            {Valid: true, V6: true, Prefix: 128, Net: "::1/128"},
		"198.51.0.0/16":    {Valid: true, Prefix: 16, Net: "198.51.0.0/16", Public: true},
		"127.0.0.1":        {Valid: true, Prefix: 32, Net: "127.0.0.1/32"},
		"hash:/etc/x":      {},
		"!192.0.2.0/24":    {},
		"192.0.2.0/33":     {},
		"mail.example.com": {},
	}
	for in, want := range tests {
		if got := ParseCIDR(in); got != want {
			t.Errorf("ParseCIDR(%q) = %+v, want %+v", in, got, want)
		}
	}
}

func TestProtocolsFrom(t *testing.T) {
	for _, c := range []struct {
		lowest, version, sep, want string
		ok                         bool
	}{
		{"TLSv1", "3.7.11", ":", ">=TLSv1", true},
		{"TLSv1.1", "3.5.25", ":", "!SSLv2:!SSLv3:!TLSv1", true},
		{"TLSv1.2", "3.4.0", ", ", "!SSLv2, !SSLv3, !TLSv1, !TLSv1.1", true},
		// 2.6.0 does not know TLSv1.1 and TLSv1.2.
		{"TLSv1.2", "2.6.0", ":", "", false},
		{"TLSv1", "2.6.0", ":", "!SSLv2:!SSLv3", true},
		{"TLSv9", "3.7.11", ":", "", false},
	} {
		v, err := postfix.ParseVersion(c.version)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := ProtocolsFrom(c.lowest, v, c.sep)
		if got != c.want || ok != c.ok {
			t.Errorf("ProtocolsFrom(%s, %s) = %q, %v; want %q, %v", c.lowest, c.version, got, ok, c.want, c.ok)
		}
		// What it writes must mean what it says for that release.
		if ok {
			spec := ProtocolList(strings.ReplaceAll(got, ":", ", "), v)
			if !spec.Valid || spec.Enabled[0] != c.lowest {
				t.Errorf("%s for %s: valid %v, enabled %v", got, c.version, spec.Valid, spec.Enabled)
			}
		}
	}
}
