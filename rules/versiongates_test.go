package rules_test

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/postlint/postlint/lint/postfix"
)

// A basis says which fact of the real releases makes a rule change its
// behaviour at a release, so that the release can be checked against
// postconf -d of every release in shared/postfix/postconf-d.
type basis struct {
	kind string // param, default-empty, relational-syntax, tls-bounds, restriction-fails, reason
	name string // the parameter or restriction; for reason, why postconf -d cannot show it
}

// gates lists, per rule and per release that the rule names in
// min_version, max_version, AtLeast or Below, the fact behind it. A rule
// that names a release without an entry here fails the test.
var gates = map[string]map[string]basis{
	"PL126": {"3.0": {"relational-syntax", ""}},
	"PL201": {"3.0": {"param", "smtp_tls_wrappermode"}},
	"PL202": {"3.0": {"param", "smtp_tls_wrappermode"}},
	"PL203": {"3.0": {"param", "smtp_tls_wrappermode"}},
	"PL204": {"3.0": {"param", "smtp_tls_wrappermode"}},
	"PL210": {"2.11": {"param", "smtp_dns_support_level"}},
	"PL307": {"3.4": {"param", "smtpd_tls_chain_files"}},
	"PL403": {"3.6": {"tls-bounds", ""}},
	"PL404": {"3.6": {"tls-bounds", ""}},
	"PL405": {"3.8": {"default-empty", "tls_low_cipherlist"}},
	"PL406": {"3.8": {"default-empty", "tls_export_cipherlist"}},
	"PL409": {"3.4": {"param", "smtp_tls_connection_reuse"}},
	"PL509": {
		"3.7": {"reason", "Postfix 3.7 with OpenSSL 3 lets OpenSSL choose DH parameters (FORWARD_SECRECY_README); the parameter and its default are unchanged"},
		"3.9": {"reason", "from 3.9 PL512 reports the setting as deprecated (lint/postfix deprecationWarnings)"},
	},
	"PL512": {"3.9": {"reason", "Postfix 3.9 deprecates the DH/ECDH settings (DEPRECATION_README); postconf -d has no deprecation facts"}},
	"PL604": {"2.10": {"param", "smtpd_relay_restrictions"}},
	"PL605": {"2.10": {"param", "smtpd_relay_restrictions"}},
	"PL609": {"3.9": {"restriction-fails", "check_relay_domains"}},
	"PL610": {"3.9": {"restriction-fails", "check_relay_domains"}},
	"PL707": {"3.4": {"param", "postlog_service_name"}},
	"PL708": {"3.0": {"relational-syntax", ""}},
	"PL709": {"3.0": {"relational-syntax", ""}},
	"PL715": {"3.0": {"param", "compatibility_level"}},
	"PL719": {"3.0": {"relational-syntax", ""}},
}

var versionLiteralRe = regexp.MustCompile(`(?:AtLeast|Below)\("([0-9.]+)"\)|(?:min|max)_version = "([0-9.]+)"`)

// ruleVersions returns, per rule ID, the releases its TOML names.
func ruleVersions(t *testing.T) map[string]map[string]bool {
	files, err := filepath.Glob("*.toml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no rule files: %v", err)
	}
	out := make(map[string]map[string]bool)
	idRe := regexp.MustCompile(`^id = "([A-Z0-9]+)"`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		id := ""
		sc := bufio.NewScanner(strings.NewReader(string(b)))
		sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
		for sc.Scan() {
			if m := idRe.FindStringSubmatch(sc.Text()); m != nil {
				id = m[1]
			}
			for _, m := range versionLiteralRe.FindAllStringSubmatch(sc.Text(), -1) {
				v := m[1] + m[2]
				if out[id] == nil {
					out[id] = make(map[string]bool)
				}
				out[id][v] = true
			}
		}
	}
	return out
}

// TestVersionGates checks every release a rule names against the real
// releases: for a parameter, every postconf -d release from that release
// on prints it and no older one does; likewise for the other kinds of
// fact.
func TestVersionGates(t *testing.T) {
	files, _ := filepath.Glob("../../shared/postfix/postconf-d/*.txt")
	if len(files) == 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("../../shared/postfix/postconf-d is missing")
		}
		t.Skip("../../shared/postfix/postconf-d is missing")
	}
	releases := make(map[postfix.Version]map[string]string)
	for _, f := range files {
		v, err := postfix.ParseVersion(strings.TrimSuffix(filepath.Base(f), ".txt"))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		defs := make(map[string]string)
		for _, line := range strings.Split(string(b), "\n") {
			if name, value, ok := strings.Cut(line, " ="); ok {
				defs[name] = strings.TrimPrefix(value, " ")
			}
		}
		releases[v] = defs
	}
	for id, vs := range ruleVersions(t) {
		for lit := range vs {
			b, ok := gates[id][lit]
			if !ok {
				t.Errorf("%s names release %s: add the fact behind it to gates", id, lit)
				continue
			}
			gate, err := postfix.ParseVersion(lit)
			if err != nil {
				t.Fatal(err)
			}
			checkGate(t, id, gate, b, releases)
		}
	}
	for id, vs := range gates {
		for lit := range vs {
			if !ruleVersions(t)[id][lit] {
				t.Errorf("gates has %s %s, which the rule no longer names", id, lit)
			}
		}
	}
}

func checkGate(t *testing.T, id string, gate postfix.Version, b basis, releases map[postfix.Version]map[string]string) {
	t.Helper()
	for r, defs := range releases {
		after := r.AtLeast(gate)
		var holds bool
		switch b.kind {
		case "param":
			_, holds = defs[b.name]
		case "default-empty":
			def, listed := defs[b.name]
			if !listed {
				continue
			}
			holds = def == ""
		case "relational-syntax":
			for _, def := range defs {
				holds = holds || strings.Contains(def, "${{")
			}
		case "tls-bounds":
			holds = postfix.FromFirsts(postfix.TLSBoundsSince(), r)
		case "restriction-fails":
			rs, _ := postfix.LookupRestriction(b.name, r)
			holds = rs.AlwaysFails
		case "reason":
			return
		default:
			t.Fatalf("%s: unknown basis %q", id, b.kind)
		}
		if holds != after {
			t.Errorf("%s: release %s is on the %s side of %s, but postconf -d of %s says %s %q is %v",
				id, r, side(after), gate, r, b.kind, b.name, holds)
		}
	}
}

func side(after bool) string {
	if after {
		return "new"
	}
	return "old"
}
