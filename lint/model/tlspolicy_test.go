package model

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The log texts were checked against real Postfix 3.7.11: an instance
// that relays through a peer with each entry as its policy.
func TestTLSPolicyProblems(t *testing.T) {
	for _, tc := range []struct {
		version, entry  string
		word, log, hint string
	}{
		{"3.7.11", "encrypt protocols=>=TLSv1.2 ciphers=high", "", "", ""},
		{"3.7.11", "may protocols=!SSLv2:!SSLv3", "", "", ""},
		{"3.7.11", "secure match=nexthop:dot-nexthop servername=mx.example.net", "", "", ""},
		{"3.7.11", "FINGERPRINT match=AA:BB|CC:DD", "", "", ""},
		{"3.7.11", "required", "required", `invalid security level "required"`, "the entry starts with a level: none, may, encrypt, fingerprint, dane, dane-only, verify, secure"},
		{"2.10.10", "dane", "dane", `invalid security level "dane"`, "the entry starts with a level: none, may, encrypt, fingerprint, verify, secure"},
		{"3.7.11", "may protocols=!SSLv2,!SSLv3", "!SSLv3", `malformed attribute/value pair "!SSLv3": missing '=' after attribute name`, "commas and blanks separate attributes: separate the items of one value with ':'"},
		{"3.7.11", "secure match=nexthop,dot-nexthop", "dot-nexthop", `malformed attribute/value pair "dot-nexthop": missing '=' after attribute name`, "commas and blanks separate attributes: separate the items of one value with ':'"},
		{"3.7.11", "encrypt protocols = TLSv1.2", "protocols", `malformed attribute/value pair "protocols": missing '=' after attribute name`, "write name=value without blanks around '='"},
		{"3.7.11", "encrypt protocols= TLSv1.2", "TLSv1.2", `malformed attribute/value pair "TLSv1.2": missing '=' after attribute name`, "write name=value without blanks around '='"},
		{"3.7.11", "encrypt foo=bar", "foo=bar", `invalid attribute name: "foo"`, "known attributes: ciphers, connection_reuse, exclude, match, protocols, servername, tafile"},
		{"3.3.22", "encrypt connection_reuse=yes", "connection_reuse=yes", `invalid attribute name: "connection_reuse"`, "connection_reuse needs Postfix 3.4 or later"},
		{"3.7.11", "encrypt protocols=TLSv9", "protocols=TLSv9", `Invalid TLS protocol list "TLSv9": aborting TLS session`, ""},
		{"3.5.27", "encrypt protocols=>=TLSv1.2", "protocols=>=TLSv1.2", `Invalid TLS protocol list ">=TLSv1.2": aborting TLS session`, ""},
		{"3.7.11", "encrypt ciphers=bogus", "ciphers=bogus", `invalid cipher grade: "bogus"`, "grades: high, medium, low, export, null"},
		{"3.7.11", "encrypt match=nexthop", "match=nexthop", `attribute "match" invalid at security level "encrypt"`, "match= applies to the fingerprint, verify and secure levels"},
		{"3.7.11", "verify match=", "match=", `attribute "match" has empty value`, ""},
		{"3.7.11", "encrypt protocols=TLSv1.2 Protocols=TLSv1.3", "Protocols=TLSv1.3", `attribute "protocols" is specified multiple times`, ""},
		{"3.7.11", "encrypt connection_reuse=true", "connection_reuse=true", `attribute "connection_reuse" has bad value: "true"`, "yes or no"},
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "tls_policy"), []byte("# table\n[mx.example.net]:25\t"+tc.entry+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		c := build(t, dir, "smtp_tls_policy_maps = hash:/etc/postfix/tls_policy\n", nil, tc.version)
		ps := c.Env().TLSPolicyProblems(c.Main().Param("smtp_tls_policy_maps"))
		if tc.word == "" {
			if len(ps) != 0 {
				t.Errorf("%s %q: %+v, want none", tc.version, tc.entry, ps)
			}
			continue
		}
		if len(ps) != 1 {
			t.Errorf("%s %q: %d problems, want 1", tc.version, tc.entry, len(ps))
			continue
		}
		p := ps[0]
		if p.Key != "[mx.example.net]:25" || p.Word != tc.word || p.Log != tc.log || p.Hint != tc.hint {
			t.Errorf("%s %q: %+v\nwant word %q, log %q, hint %q", tc.version, tc.entry, p, tc.word, tc.log, tc.hint)
		}
		if p.At.File != "tls_policy" || p.At.Start.Line != 2 ||
			!strings.HasPrefix(tc.entry[p.At.Start.Column-len("[mx.example.net]:25\t")-1:], tc.word) {
			t.Errorf("%s %q: at %+v", tc.version, tc.entry, p.At)
		}
	}
}

// Keys are looked up as the next hop is written.
func TestTLSPolicyUnmatched(t *testing.T) {
	for _, tc := range []struct {
		main, key, want string
	}{
		{"relayhost = [smtp.example.com]:587", "smtp.example.com", "[smtp.example.com]:587"},
		{"relayhost = [smtp.example.com]:587", "[smtp.example.com]", "[smtp.example.com]:587"},
		{"relayhost = [smtp.example.com]:587", "[SMTP.example.com]:587", ""},
		{"relayhost = [smtp.example.com]:587", ".example.com", ""},
		{"relayhost = [smtp.example.com]:587", "[other.example.com]:587", ""},
		{"relayhost = smtp.example.com", "[smtp.example.com]", "smtp.example.com"},
		// With MX delivery a plain name may be a recipient domain.
		{"transport_maps = inline:{ a.example=smtp:[smtp.example.com] }", "smtp.example.com", ""},
		{"transport_maps = inline:{ a.example=smtp:[smtp.example.com] }", "[smtp.example.com]:25", "[smtp.example.com]"},
	} {
		main := tc.main + "\nsmtp_tls_policy_maps = inline:{ {" + tc.key + " = encrypt} }\n"
		c := build(t, "", main, nil, "3.7.11")
		ks := c.Env().TLSPolicyUnmatched(c.Main().Param("smtp_tls_policy_maps"))
		got := ""
		if len(ks) > 0 {
			got = ks[0].Hop
			if ks[0].Key != tc.key {
				t.Errorf("%s, key %s: reported key %q", tc.main, tc.key, ks[0].Key)
			}
		}
		if got != tc.want {
			t.Errorf("%s, key %s: %q, want %q", tc.main, tc.key, got, tc.want)
		}
	}
}
