package postfix

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// The facts below were read from /work/shared/postfix: postconf -d of real
// releases (postconf-d), the code facts (facts/), params-history.tsv and
// postconf.proto.

func v(major, minor, patch int) Version { return Version{major, minor, patch} }

func mustLookup(t *testing.T, name string) *Param {
	t.Helper()
	p, ok := Lookup(name)
	if !ok {
		t.Fatalf("Lookup(%q) failed", name)
	}
	return p
}

func TestTableIntegrity(t *testing.T) {
	names := Names()
	if !sort.StringsAreSorted(names) || len(names) != len(table) {
		t.Error("Names() not sorted or incomplete")
	}
	kinds := map[Kind]bool{KindNone: true, KindBool: true, KindNBool: true, KindInt: true, KindNInt: true,
		KindLong: true, KindTime: true, KindStr: true, KindRaw: true, KindStrFn: true}
	for i, name := range names {
		if i > 0 && names[i-1] == name {
			t.Errorf("duplicate name %s", name)
		}
		p := mustLookup(t, name)
		for j, s := range p.spans {
			if !s.until.IsZero() && !s.from.Less(s.until) {
				t.Errorf("%s: empty span %v", name, s)
			}
			if j > 0 && p.spans[j-1].until.IsZero() || j > 0 && s.from.Less(p.spans[j-1].until) {
				t.Errorf("%s: spans overlap or are unsorted: %v", name, p.spans)
			}
			if !kinds[s.kind] {
				t.Errorf("%s: bad kind %q", name, s.kind)
			}
			if s.unit != 0 && s.kind != KindTime {
				t.Errorf("%s: unit %q on a %s parameter", name, s.unit, s.kind)
			}
		}
		if p.Exists() && !p.AvailableIn(p.Since()) {
			t.Errorf("%s: not available in its own first release", name)
		}
	}
	if _, ok := Lookup("no_such_parameter"); ok {
		t.Error("Lookup of an unknown name succeeded")
	}
}

func TestAvailability(t *testing.T) {
	for _, tc := range []struct {
		name  string
		v     Version
		want  bool
		maybe bool
	}{
		// smtp_tls_wrappermode: new in 3.0.
		{"smtp_tls_wrappermode", v(2, 11, 11), false, false},
		{"smtp_tls_wrappermode", v(3, 0, 0), true, false},
		{"smtp_tls_wrappermode", v(3, 11, 6), true, false},
		// The code reads lmtp_tls_wrappermode from 3.0, although the
		// documentation has it from 3.7 only.
		{"lmtp_tls_wrappermode", v(2, 11, 11), false, false},
		{"lmtp_tls_wrappermode", v(3, 0, 0), true, false},
		{"lmtp_tls_wrappermode", v(3, 4, 2), true, false},
		// The 3.4-3.6 code reads the undocumented tlsproxy_client_level;
		// from 3.7 it is a legacy name that the new parameter's default
		// refers to.
		{"tlsproxy_client_level", v(3, 3, 22), false, false},
		{"tlsproxy_client_level", v(3, 4, 0), true, false},
		{"tlsproxy_client_level", v(3, 6, 20), true, false},
		{"tlsproxy_client_level", v(3, 7, 0), true, false},
		{"tlsproxy_client_security_level", v(3, 6, 20), false, false},
		{"tlsproxy_client_security_level", v(3, 7, 0), true, false},
		{"lmtp_tlsrpt_enable", v(3, 9, 14), false, false},
		{"lmtp_tlsrpt_enable", v(3, 10, 0), true, false},
		// Referred to by smtpd_client_event_limit_exceptions's default.
		{"smtpd_client_connection_limit_exceptions", v(2, 10, 0), true, false},
		// Documented in 3.0-3.6, never read: unknown everywhere.
		{"nullmx_reject_code", v(3, 0, 0), false, false},
		{"nullmx_reject_code", v(3, 6, 20), false, false},
		{"smtp_tls_cipherlist", v(3, 7, 0), false, false},
		// Backports dated by the release history between two tags.
		{"smtpd_forbid_bare_newline", v(3, 6, 12), false, false},
		{"smtpd_forbid_bare_newline", v(3, 6, 13), true, false},
		{"smtpd_forbid_bare_newline", v(3, 7, 8), false, false},
		{"smtpd_forbid_bare_newline", v(3, 7, 9), true, false},
		{"smtpd_forbid_bare_newline", v(3, 8, 0), false, false},
		{"smtpd_forbid_bare_newline", v(3, 8, 4), true, false},
		{"smtp_tls_enforce_sts_mx_patterns", v(3, 10, 4), false, false},
		{"smtp_tls_enforce_sts_mx_patterns", v(3, 10, 5), true, false},
		// Read at 3.10.13 but not 3.10.0, and the history does not date it.
		{"lmtp_tls_enforce_sts_mx_patterns", v(3, 10, 0), false, false},
		{"lmtp_tls_enforce_sts_mx_patterns", v(3, 10, 5), true, true},
		{"lmtp_tls_enforce_sts_mx_patterns", v(3, 10, 13), true, false},
		// 2.8.0 still read the pre-release names; 2.8.20 does not.
		{"postscreen_whitelist_networks", v(2, 8, 0), true, false},
		{"postscreen_whitelist_networks", v(2, 8, 20), false, false},
		// Removed: smtp_connection_cache_reuse_limit was read up to 2.10.
		{"smtp_connection_cache_reuse_limit", v(2, 10, 10), false, false},
		{"smtp_tls_security_level", v(2, 5, 6), true, false}, // treated as 2.6.0
	} {
		f, got := mustLookup(t, tc.name).In(tc.v)
		if got != tc.want || f.Maybe != tc.maybe {
			t.Errorf("%s.In(%v): available %v, maybe %v; want %v, %v", tc.name, tc.v, got, f.Maybe, tc.want, tc.maybe)
		}
	}
}

func TestKinds(t *testing.T) {
	for _, tc := range []struct {
		name     string
		v        Version
		kind     Kind
		min, max int64
		unit     byte
	}{
		{"smtpd_recipient_limit", v(3, 7, 22), KindInt, 1, 0, 0},
		{"message_size_limit", v(3, 7, 22), KindLong, 0, 0, 0},
		{"message_size_limit", v(2, 6, 0), KindInt, 0, 0, 0},
		{"smtpd_timeout", v(3, 7, 22), KindTime, 1, 0, 's'},
		{"maximal_queue_lifetime", v(3, 7, 22), KindTime, 0, 8640000, 'd'},
		{"smtpd_tls_loglevel", v(3, 7, 22), KindStr, 0, 0, 0},
		{"smtpd_tls_loglevel", v(2, 6, 0), KindInt, 0, 0, 0},
		{"default_destination_concurrency_positive_feedback", v(3, 7, 22), KindStr, 1, 0, 0},
		{"milter_protocol", v(3, 7, 22), KindStr, 1, 0, 0},
		{"append_dot_mydomain", v(2, 11, 0), KindBool, 0, 0, 0},
		{"append_dot_mydomain", v(3, 0, 0), KindNBool, 0, 0, 0},
		{"mail_owner", v(3, 7, 22), KindStr, 1, 0, 0},
		{"smtpd_expansion_filter", v(3, 7, 22), KindRaw, 1, 0, 0},
		// The bound changed inside the 3.7 series: in between, the lenient
		// union applies.
		{"postscreen_dnsbl_threshold", v(3, 7, 0), KindInt, 0, 0, 0},
		{"postscreen_dnsbl_threshold", v(3, 7, 10), KindInt, 0, 0, 0},
		{"postscreen_dnsbl_threshold", v(3, 7, 22), KindInt, 1, 0, 0},
		{"transport_time_limit", v(3, 7, 22), KindTime, 1, 0, 's'},
	} {
		f, ok := mustLookup(t, tc.name).In(tc.v)
		if !ok || f.Kind != tc.kind || f.Min != tc.min || f.Max != tc.max || f.Unit != tc.unit {
			t.Errorf("%s in %v: %v %+v; want kind %s min %d max %d unit %q", tc.name, tc.v, ok, f, tc.kind, tc.min, tc.max, tc.unit)
		}
	}
	if !mustLookup(t, "transport_time_limit").Template || mustLookup(t, "transport_maps").Template {
		t.Error("Template flag wrong for transport_time_limit or transport_maps")
	}
}

func TestDefaultIn(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    Version
		want string
		ok   bool
	}{
		{"smtp_tls_wrappermode", v(3, 0, 0), "no", true},
		{"smtpd_tls_security_level", v(3, 11, 0), "", true},
		{"smtp_tls_security_level", v(3, 11, 0), "${{$compatibility_level} <level {3.11} ? {} : {may}}", true},
		{"smtp_tls_security_level", v(3, 10, 2), "", true},
		{"relay_domains", v(2, 11, 0), "$mydestination", true},
		{"relay_domains", v(3, 7, 11), "${{$compatibility_level} <level {2} ? {$mydestination} : {}}", true},
		{"smtpd_recipient_restrictions", v(2, 9, 2), "permit_mynetworks, reject_unauth_destination", true},
		{"smtpd_recipient_restrictions", v(2, 10, 0), "", true},
		{"smtpd_relay_restrictions", v(3, 2, 13), "permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination", true},
		{"smtpd_tls_ciphers", v(3, 0, 0), "export", true},
		{"smtpd_tls_ciphers", v(3, 4, 0), "medium", true},
		// Changed inside the series (overlay.tsv).
		{"milter_default_action", v(3, 6, 20), "tempfail", true},
		{"milter_default_action", v(3, 7, 19), "tempfail", true},
		{"milter_default_action", v(3, 7, 20), "shutdown", true},
		{"milter_default_action", v(3, 8, 14), "tempfail", true},
		{"milter_default_action", v(3, 8, 15), "shutdown", true},
		{"milter_default_action", v(3, 11, 0), "shutdown", true},
		{"smtpd_forbid_bare_newline", v(3, 9, 0), "normalize", true},
		{"smtpd_forbid_bare_newline", v(3, 8, 4), "no", true},
		{"smtpd_forbid_bare_newline", v(3, 8, 3), "", false},
		{"virtual_maps", v(3, 7, 0), "", true}, // a legacy name
		// Defaults that describe the build machine are not facts.
		{"mydomain", v(3, 11, 0), "", false},
		{"queue_directory", v(3, 11, 0), "", false},
	} {
		got, ok := mustLookup(t, tc.name).DefaultIn(tc.v)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s.DefaultIn(%v) = %q, %v; want %q, %v", tc.name, tc.v, got, ok, tc.want, tc.ok)
		}
	}
}

// sharedPostconfD is postconf-d of the shared facts, seen from this
// directory.
const sharedPostconfD = "../../../shared/postfix/postconf-d"

// TestMatchesRealReleases compares the table with postconf -d of every
// real release in shared/postfix/postconf-d: each release knows exactly
// the names postconf printed (besides placeholders, names postconf knows
// from its own table, and legacy names that defaults refer to) with the
// defaults it printed, except for the values that describe the build
// machine. Without the folder the test is skipped, except in CI.
func TestMatchesRealReleases(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(sharedPostconfD, "*.txt"))
	if len(files) == 0 {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no postconf -d files in %s", sharedPostconfD)
		}
		t.Skipf("no postconf -d files in %s", sharedPostconfD)
	}
	refRe := regexp.MustCompile(`\$[{(]?([A-Za-z0-9_]+)`)
	for _, f := range files {
		rel, err := ParseVersion(strings.TrimSuffix(filepath.Base(f), ".txt"))
		if err != nil {
			t.Fatal(err)
		}
		defs := readDefaults(t, f)
		for name, def := range defs {
			p, ok := Lookup(name)
			if !ok {
				if _, derived := DerivedServiceParam(name, map[string]string{strings.SplitN(name, "_", 2)[0]: "smtp"}); derived {
					continue // per-service names of the stock services
				}
				t.Errorf("%s: %s is not in the table", rel, name)
				continue
			}
			got, hasDef := p.DefaultIn(rel)
			switch {
			case !p.DefinitelyIn(rel):
				t.Errorf("%s: %s is not available", rel, name)
			case hasDef && got != def:
				t.Errorf("%s: %s default %q, postconf -d says %q", rel, name, got, def)
			case !hasDef && !hostSpecific(name):
				t.Errorf("%s: %s has no default, postconf -d says %q", rel, name, def)
			}
		}
		legacy := make(map[string]bool)
		for name, def := range defs {
			if p, ok := Lookup(name); ok {
				if f, _ := p.In(rel); f.Kind == KindRaw {
					continue
				}
			}
			for _, m := range refRe.FindAllStringSubmatch(def, -1) {
				legacy[m[1]] = true
			}
		}
		for _, name := range Names() {
			p := mustLookup(t, name)
			if _, printed := defs[name]; printed || p.Template || !p.DefinitelyIn(rel) || legacy[name] {
				continue
			}
			switch name {
			case "process_id", "process_name", "service_name", "config_directory":
				continue // postconf's own entries, not all releases print them
			case "debugger_command":
				continue // looked up by name (mail_conf_lookup); postconf 2.6 does not list it
			}
			t.Errorf("%s: %s is in the table, but postconf -d does not print it", rel, name)
		}
	}
}

func hostSpecific(name string) bool {
	switch name {
	case "myhostname", "mydomain", "mynetworks", "process_name", "process_id", "service_name", "mail_version", "default_database_type":
		return true
	}
	return strings.HasSuffix(name, "_directory") || strings.HasSuffix(name, "_path")
}

func readDefaults(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	defs := make(map[string]string)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		name, value, _ := strings.Cut(sc.Text(), " =")
		defs[name] = strings.TrimPrefix(value, " ")
	}
	return defs
}

func TestRequires(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    Version
		want string
	}{
		{"smtpd_forbid_bare_newline", v(3, 6, 4), "3.6.13 or later on the 3.6 branch"},
		{"smtpd_forbid_bare_newline", v(3, 4, 1), "3.5.23 or later on the 3.5 branch, 3.6.13 on 3.6, 3.7.9 on 3.7, 3.8.4 on 3.8, or 3.9 or later"},
		{"smtp_tls_wrappermode", v(2, 11, 0), "3.0 or later"},
		{"smtp_tls_wrappermode", v(3, 7, 0), ""},
	} {
		if got := mustLookup(t, tc.name).Requires(tc.v); got != tc.want {
			t.Errorf("%s.Requires(%v) = %q, want %q", tc.name, tc.v, got, tc.want)
		}
	}
	if got := mustLookup(t, "postscreen_whitelist_networks").LastRelease(); got != "2.8.0" {
		t.Errorf("LastRelease = %q", got)
	}
	if got := mustLookup(t, "tlsproxy_client_security_level").LastRelease(); got != "" {
		t.Errorf("LastRelease of a current parameter = %q", got)
	}
}

func TestTLSProtocols(t *testing.T) {
	for _, tc := range []struct {
		name                string
		v                   Version
		accepted, effective bool
	}{
		{"TLSv1.3", v(2, 11, 11), false, false},
		{"TLSv1.3", v(3, 0, 0), true, false},
		{"TLSv1.3", v(3, 0, 14), true, true},
		{"TLSv1.3", v(3, 3, 1), true, false},
		{"TLSv1.3", v(3, 3, 2), true, true},
		{"TLSv1.3", v(3, 4, 0), true, true},
		{"tlsv1.2", v(2, 9, 1), false, false},
		{"TLSv1.2", v(2, 9, 2), true, true},
		{"SSLv3", v(3, 11, 6), true, true},
	} {
		p, ok := LookupTLSProtocol(tc.name, tc.v)
		if !ok || p.Accepted != tc.accepted || p.Effective != tc.effective {
			t.Errorf("%s in %v: %+v", tc.name, tc.v, p)
		}
	}
	if FromFirsts(TLSBoundsSince(), v(3, 5, 27)) || !FromFirsts(TLSBoundsSince(), v(3, 6, 0)) {
		t.Error("bounds since 3.6")
	}
}

func TestParseTarget(t *testing.T) {
	if got, err := ParseTarget("3.7"); err != nil || got != v(3, 7, 22) {
		t.Errorf("ParseTarget(3.7) = %v, %v", got, err)
	}
	if got, err := ParseTarget("3.7.11"); err != nil || got != v(3, 7, 11) {
		t.Errorf("ParseTarget(3.7.11) = %v, %v", got, err)
	}
	if _, err := ParseTarget("3.12"); err == nil {
		t.Error("ParseTarget(3.12) succeeded")
	}
	_ = reflect.DeepEqual
}

func TestDeprecations(t *testing.T) {
	for _, tc := range []struct {
		name, repl string
		since      Version
	}{
		{"smtp_use_tls", "smtp_tls_security_level", v(2, 3, 0)},
		{"smtp_enforce_tls", "smtp_tls_security_level", v(2, 3, 0)},
		{"smtpd_use_tls", "smtpd_tls_security_level", v(2, 3, 0)},
		{"smtpd_enforce_tls", "smtpd_tls_security_level", v(2, 3, 0)},
		{"lmtp_use_tls", "lmtp_tls_security_level", v(3, 9, 0)},
		{"lmtp_enforce_tls", "lmtp_tls_security_level", v(3, 9, 0)},
		{"smtp_tls_per_site", "smtp_tls_policy_maps", v(2, 3, 0)},
		{"lmtp_tls_per_site", "lmtp_tls_policy_maps", v(3, 9, 0)},
		{"smtp_tls_cipherlist", "smtp_tls_mandatory_ciphers", v(2, 3, 0)},
		{"smtpd_tls_cipherlist", "smtpd_tls_mandatory_ciphers", v(2, 3, 0)},
		{"virtual_maps", "virtual_alias_maps", v(2, 0, 0)},
		{"disable_dns_lookups", "smtp_dns_support_level", v(2, 11, 0)},
		{"fallback_relay", "smtp_fallback_relay", v(2, 3, 0)},
		{"postscreen_blacklist_action", "postscreen_denylist_action", v(3, 6, 0)},
		{"postscreen_dnsbl_ttl", "postscreen_dnsbl_max_ttl", v(3, 1, 0)},
		{"tlsproxy_client_level", "tlsproxy_client_security_level", v(3, 7, 0)},
		{"smtpd_tls_dh512_param_file", "", v(3, 6, 0)},
		{"tlsproxy_tls_dh1024_param_file", "", v(3, 9, 0)},
		{"smtp_cname_overrides_servername", "", v(3, 11, 0)},
		{"sun_mailtool_compatibility", "mailbox_delivery_lock", Version{}},
	} {
		d := mustLookup(t, tc.name).Deprecated
		if d == nil {
			t.Errorf("%s is not deprecated", tc.name)
			continue
		}
		if d.Replacement != tc.repl || d.Since != tc.since || d.Note == "" {
			t.Errorf("%s: deprecated %+v; want replacement %q since %v", tc.name, *d, tc.repl, tc.since)
		}
	}
	for _, name := range []string{"smtpd_tls_dh1024_param_file", "smtp_tls_security_level", "smtp_tls_policy_maps"} {
		if d := mustLookup(t, name).Deprecated; d != nil {
			t.Errorf("%s is deprecated: %+v", name, *d)
		}
	}
	// Every replacement is a current parameter that differs from the
	// deprecated one and is not itself deprecated.
	for _, name := range Names() {
		p := mustLookup(t, name)
		if p.Deprecated == nil || p.Deprecated.Replacement == "" {
			continue
		}
		r, ok := Lookup(p.Deprecated.Replacement)
		if !ok || r.Name == name || r.Deprecated != nil || !r.AvailableIn(Newest) {
			t.Errorf("%s: bad replacement %q", name, p.Deprecated.Replacement)
		}
	}
	for name := range manualDeprecations {
		if _, ok := Lookup(name); !ok {
			t.Errorf("manual deprecation for unknown parameter %s", name)
		}
	}
}

func TestSuggest(t *testing.T) {
	for _, tc := range []struct {
		name  string
		v     Version
		first string
	}{
		{"smtp_tls_wrapermode", v(3, 11, 0), "smtp_tls_wrappermode"},
		{"smtpd_tls_securty_level", v(3, 11, 0), "smtpd_tls_security_level"},
		{"smtpd_tls_securiyt_level", Version{}, "smtpd_tls_security_level"}, // swap
		{"mynetwork", v(3, 11, 0), "mynetworks"},
		{"smtpd_recipient_restriction", v(3, 11, 0), "smtpd_recipient_restrictions"},
		{"virtual_alias_map", v(3, 11, 0), "virtual_alias_maps"},
	} {
		got := Suggest(tc.name, tc.v)
		if len(got) == 0 || got[0] != tc.first || len(got) > 3 {
			t.Errorf("Suggest(%q, %v) = %v, want %q first", tc.name, tc.v, got, tc.first)
		}
		if again := Suggest(tc.name, tc.v); !reflect.DeepEqual(again, got) {
			t.Errorf("Suggest(%q) not deterministic", tc.name)
		}
	}
	// Not available in 2.11: smtp_tls_wrappermode is new in 3.0.
	for _, s := range Suggest("smtp_tls_wrapermode", v(2, 11, 0)) {
		if s == "smtp_tls_wrappermode" {
			t.Error("Suggest offered a parameter that 2.11 does not have")
		}
	}
	if got := Suggest("xyzzy_frobnicate", Version{}); got != nil {
		t.Errorf("Suggest(garbage) = %v", got)
	}
	if got := Suggest("transport_time_limt", Version{}); len(got) != 0 {
		t.Errorf("Suggest offered a template: %v", got)
	}
	for _, s := range Suggest("mynetworks", Version{}) {
		if s == "mynetworks" {
			t.Error("Suggest offered the name itself")
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"abc", "abc", 0},
		{"abc", "acb", 1},
		{"abc", "ab", 1},
		{"kitten", "sitting", 3},
		{"smtp_tls_wrapermode", "smtp_tls_wrappermode", 1},
	} {
		if got := editDistance(tc.a, tc.b, 10); got != tc.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	if got := editDistance("abcdef", "uvwxyz", 2); got != 3 {
		t.Errorf("cut-off distance = %d, want 3", got)
	}
}

// TestTableSorted checks the order Lookup's binary search relies on.
func TestTableSorted(t *testing.T) {
	for i := 1; i < len(table); i++ {
		if table[i-1].Name >= table[i].Name {
			t.Fatalf("table not sorted at %q, %q", table[i-1].Name, table[i].Name)
		}
	}
	for _, p := range table {
		if q, ok := Lookup(p.Name); !ok || q.Name != p.Name {
			t.Fatalf("Lookup(%q) = %v, %v", p.Name, q, ok)
		}
	}
	if _, ok := Lookup("no_such_parameter"); ok {
		t.Error("Lookup found no_such_parameter")
	}
}
