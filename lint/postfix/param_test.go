package postfix

import (
	"reflect"
	"sort"
	"testing"
)

// The facts below were read from /work/shared/postfix (postconf.proto of
// Postfix 3.11 and params-history.tsv).

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
	if n := len(params); n != 923 {
		t.Errorf("table has %d parameters, want 923 (921 documented + 2 removed)", n)
	}
	names := Names()
	if !sort.StringsAreSorted(names) || len(names) != len(params) {
		t.Error("Names() not sorted or incomplete")
	}
	types := map[Type]bool{Unknown: true, Bool: true, Int: true, Time: true, List: true, Maps: true, String: true}
	for i, name := range names {
		if i > 0 && names[i-1] == name {
			t.Errorf("duplicate name %s", name)
		}
		p := mustLookup(t, name)
		if len(p.Releases) == 0 {
			t.Errorf("%s: availability does not decode", name)
			continue
		}
		for j := 1; j < len(p.Releases); j++ {
			if !p.Releases[j-1].Less(p.Releases[j]) || p.Releases[j-1].sameSeries(p.Releases[j]) {
				t.Errorf("%s: releases not one per series, ascending: %v", name, p.Releases)
			}
		}
		if last := p.Releases[len(p.Releases)-1]; !last.sameSeries(p.Last) || p.Last.Less(last) {
			t.Errorf("%s: last release %v does not fit releases %v", name, p.Last, p.Releases)
		}
		if !types[p.Type] {
			t.Errorf("%s: bad type %q", name, p.Type)
		}
		if (p.Unit != "") && p.Type != Time {
			t.Errorf("%s: unit %q on a %s parameter", name, p.Unit, p.Type)
		}
		if !p.AvailableIn(p.Since()) || !p.AvailableIn(p.Last) {
			t.Errorf("%s: not available in its own first or last release", name)
		}
	}
	if _, ok := Lookup("no_such_parameter"); ok {
		t.Error("Lookup of an unknown name succeeded")
	}
}

func TestAvailability(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    Version
		want bool
	}{
		// smtp_tls_wrappermode: new in 3.0.
		{"smtp_tls_wrappermode", v(2, 11, 11), false},
		{"smtp_tls_wrappermode", v(3, 0, 0), true},
		{"smtp_tls_wrappermode", v(3, 11, 6), true},
		// smtp_tls_security_level exists since 2.3 (proto) and so in the
		// oldest release of the table.
		{"smtp_tls_security_level", v(2, 6, 0), true},
		{"smtp_tls_security_level", v(2, 5, 6), true}, // treated as 2.6.0
		// Backported: 3.5.20, 3.6.10, 3.7.6, 3.8.1, then 3.9.0 onwards.
		{"smtpd_forbid_unauth_pipelining", v(3, 4, 14), false},
		{"smtpd_forbid_unauth_pipelining", v(3, 5, 19), false},
		{"smtpd_forbid_unauth_pipelining", v(3, 5, 20), true},
		{"smtpd_forbid_unauth_pipelining", v(3, 7, 5), false},
		{"smtpd_forbid_unauth_pipelining", v(3, 7, 6), true},
		{"smtpd_forbid_unauth_pipelining", v(3, 8, 0), false},
		{"smtpd_forbid_unauth_pipelining", v(3, 8, 1), true},
		{"smtpd_forbid_unauth_pipelining", v(3, 9, 0), true},
		// Backported: 3.10.5, 3.11.0.
		{"smtp_tls_enforce_sts_mx_patterns", v(3, 9, 9), false},
		{"smtp_tls_enforce_sts_mx_patterns", v(3, 10, 4), false},
		{"smtp_tls_enforce_sts_mx_patterns", v(3, 10, 5), true},
		{"smtp_tls_enforce_sts_mx_patterns", v(3, 11, 0), true},
		// Backported: 2.6.8, 2.7.2, 2.8.0 onwards.
		{"tls_append_default_CA", v(2, 6, 7), false},
		{"tls_append_default_CA", v(2, 6, 8), true},
		{"tls_append_default_CA", v(2, 7, 1), false},
		{"tls_append_default_CA", v(2, 8, 0), true},
		// Removed: nullmx_reject_code was in 3.0 to 3.6.20.
		{"nullmx_reject_code", v(2, 11, 0), false},
		{"nullmx_reject_code", v(3, 0, 0), true},
		{"nullmx_reject_code", v(3, 6, 20), true},
		{"nullmx_reject_code", v(3, 6, 21), false},
		{"nullmx_reject_code", v(3, 7, 0), false},
		{"nullmx_reject_code", v(3, 11, 0), false},
		// Removed: smtp_connection_cache_reuse_limit was in 2.6 to 2.10.10.
		{"smtp_connection_cache_reuse_limit", v(2, 10, 10), true},
		{"smtp_connection_cache_reuse_limit", v(2, 11, 0), false},
		// Future series keep current parameters, not removed ones.
		{"smtp_tls_wrappermode", v(3, 12, 0), true},
		{"nullmx_reject_code", v(3, 12, 0), false},
	} {
		if got := mustLookup(t, tc.name).AvailableIn(tc.v); got != tc.want {
			t.Errorf("%s.AvailableIn(%v) = %v, want %v", tc.name, tc.v, got, tc.want)
		}
	}
}

func TestSinceAndReleases(t *testing.T) {
	p := mustLookup(t, "smtp_tls_wrappermode")
	if p.Since() != v(3, 0, 0) {
		t.Errorf("smtp_tls_wrappermode.Since() = %v", p.Since())
	}
	p = mustLookup(t, "smtpd_forbid_bare_newline")
	want := []Version{v(3, 5, 23), v(3, 6, 13), v(3, 7, 9), v(3, 8, 4), v(3, 9, 0), v(3, 10, 0), v(3, 11, 0)}
	if !reflect.DeepEqual(p.Releases, want) {
		t.Errorf("smtpd_forbid_bare_newline releases = %v, want %v", p.Releases, want)
	}
	p = mustLookup(t, "nullmx_reject_code")
	if p.Last != v(3, 6, 20) || p.Since() != v(3, 0, 0) {
		t.Errorf("nullmx_reject_code: since %v, last %v", p.Since(), p.Last)
	}
}

func TestDefaultsAndTypes(t *testing.T) {
	for _, tc := range []struct {
		name, def string
		typ       Type
		unit      string
	}{
		{"smtpd_tls_security_level", "", Unknown, ""},
		{"smtp_tls_wrappermode", "no", Bool, ""},
		{"maximal_queue_lifetime", "5d", Time, "d"},
		{"bounce_queue_lifetime", "5d", Time, "d"},
		{"smtp_connect_timeout", "30s", Time, "s"},
		{"message_size_limit", "10240000", Int, ""},
		{"mydestination", "$myhostname, localhost.$mydomain, localhost", List, ""},
		{"smtpd_relay_restrictions", "permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination", List, ""},
		{"alias_maps", `see "postconf -d" output`, Maps, ""},
		{"header_checks", "", Maps, ""},
		{"myorigin", "$myhostname", Unknown, ""}, // myhostname has no literal default
		{"smtpd_banner", "$myhostname ESMTP $mail_name", String, ""},
		{"relay_domains", "Postfix >= 3.0: empty, Postfix < 3.0: $mydestination", List, ""},
		{"append_dot_mydomain", "Postfix >= 3.0: no, Postfix < 3.0: yes", Bool, ""},
		{"smtpd_timeout", "normal: 300s, overload: 10s", Time, "s"},
		{"transport_time_limit", "$command_time_limit", Time, "s"},
		{"lmtp_bind_address_enforce", "", Bool, ""}, // via "LMTP-specific version of smtp_bind_address_enforce"
		// The history writes empty defaults as description text; the proto wins.
		{"tls_config_name", "", Unknown, ""},
		// Removed parameters take the history's default.
		{"nullmx_reject_code", "556", Int, ""},
	} {
		p := mustLookup(t, tc.name)
		if p.Default != tc.def || p.Type != tc.typ || p.Unit != tc.unit {
			t.Errorf("%s: default %q type %s unit %q; want %q %s %q", tc.name, p.Default, p.Type, p.Unit, tc.def, tc.typ, tc.unit)
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
		{"smtp_tls_security_level", v(3, 11, 0), "may", true},
		{"smtp_tls_security_level", v(3, 10, 2), "", true},
		{"relay_domains", v(2, 11, 0), "$mydestination", true},
		{"relay_domains", v(3, 0, 0), "", true},
		{"smtpd_timeout", v(3, 5, 0), "300s", true},
		{"address_verify_map", v(3, 10, 0), "btree:$data_directory/verify_cache", true},
		{"address_verify_map", v(3, 11, 0), "$default_cache_db_type:$data_directory/verify_cache", true},
		{"smtp_tlsrpt_skip_reused_handshakes", v(3, 10, 1), "yes", true},
		{"smtp_tlsrpt_skip_reused_handshakes", v(3, 11, 1), "no", true},
		{"smtpd_forbid_bare_newline", v(3, 9, 0), "normalize", true},
		{"smtpd_forbid_bare_newline", v(3, 8, 4), "", false}, // undocumented before 3.9
		{"mydomain", v(3, 11, 0), "", false},
		{"ipc_idle", v(3, 11, 0), "", false},
	} {
		got, ok := mustLookup(t, tc.name).DefaultIn(tc.v)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s.DefaultIn(%v) = %q, %v; want %q, %v", tc.name, tc.v, got, ok, tc.want, tc.ok)
		}
	}
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
