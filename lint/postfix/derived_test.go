package postfix

import (
	"reflect"
	"strings"
	"testing"
)

func TestDerivedServiceParam(t *testing.T) {
	services := map[string]string{
		"smtp":     "smtp",
		"relay":    "smtp",
		"dovecot":  "pipe",
		"retry":    "error",
		"policy":   "spawn",
		"lmtpx":    "/usr/libexec/postfix/lmtp",
		"pickup":   "pickup",
		"cleanup":  "cleanup",
		"submitxx": "smtpd",
	}
	for _, tc := range []struct {
		name, suffix string
	}{
		{"relay_destination_concurrency_limit", "_destination_concurrency_limit"},
		{"relay_destination_recipient_limit", "_destination_recipient_limit"}, // not _recipient_limit
		{"smtp_destination_rate_delay", "_destination_rate_delay"},
		{"relay_transport_rate_delay", "_transport_rate_delay"},
		{"dovecot_time_limit", "_time_limit"},
		{"dovecot_delivery_slot_cost", "_delivery_slot_cost"},
		{"dovecot_destination_concurrency_failed_cohort_limit", "_destination_concurrency_failed_cohort_limit"},
		{"retry_initial_destination_concurrency", "_initial_destination_concurrency"},
		{"policy_time_limit", "_time_limit"},
		{"lmtpx_extra_recipient_limit", "_extra_recipient_limit"},
	} {
		got, ok := DerivedServiceParam(tc.name, services)
		if !ok || got != tc.suffix {
			t.Errorf("DerivedServiceParam(%q) = %q, %v; want %q", tc.name, got, ok, tc.suffix)
		}
	}
	for _, name := range []string{
		"relay_time_limit",                     // smtp(8) has no _time_limit
		"policy_destination_concurrency_limit", // spawn(8) only has _time_limit
		"pickup_destination_concurrency_limit", // not a delivery agent
		"submitxx_destination_concurrency_limit",
		"nosuch_destination_concurrency_limit",
		"_destination_concurrency_limit",
		"relay_destination_concurrency",
		"relay",
	} {
		if s, ok := DerivedServiceParam(name, services); ok {
			t.Errorf("DerivedServiceParam(%q) = %q, want no match", name, s)
		}
	}
}

// The suffixes must agree with the proto's transport_<suffix> placeholders:
// one placeholder per suffix, whose default is $<Default>.
func TestServiceSuffixesMatchProto(t *testing.T) {
	seen := make(map[string]bool)
	for _, s := range ServiceSuffixes() {
		p, ok := Lookup("transport" + s.Suffix)
		if !ok || !p.Template {
			t.Errorf("no template transport%s in the table", s.Suffix)
			continue
		}
		seen[p.Name] = true
		if def, _ := p.DefaultIn(Newest); def != "$"+s.Default {
			t.Errorf("transport%s default %q, want $%s", s.Suffix, def, s.Default)
		}
		if _, ok := Lookup(s.Default); !ok {
			t.Errorf("%s: default parameter %s unknown", s.Suffix, s.Default)
		}
		want := v(2, 6, 0)
		if s.Suffix == "_transport_rate_delay" {
			want = v(3, 1, 0)
		}
		if s.Since() != want {
			t.Errorf("%s: Since() = %v, want %v", s.Suffix, s.Since(), want)
		}
	}
	for _, name := range Names() {
		if p := mustLookup(t, name); p.Template && !seen[name] {
			t.Errorf("template %s has no service suffix", name)
		}
	}
}

func TestReferences(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"$myhostname, localhost.$mydomain, localhost", []string{"myhostname", "mydomain"}},
		{"${a?{$b}:{c}} $(d) $$e ${f:x$g} $h$h", []string{"a", "b", "d", "f", "g", "h"}},
		{"${{$compatibility_level} <level {3.6} ? {md5} : {sha256}}", []string{"compatibility_level"}},
		{"${postscreen_dnsbl_ttl?{$postscreen_dnsbl_ttl}:{1}}h", []string{"postscreen_dnsbl_ttl"}},
		{"cost $5 and $", []string{"5"}},
		{"${unbalanced", nil},
	} {
		if got := References(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("References(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestUserDefinedNames(t *testing.T) {
	settings := map[string]string{
		"foo":                       "yes",
		"bar":                       "$foo",
		"always_bcc":                "$bar",
		"unused":                    "1",
		"smtpd_restriction_classes": "cls1, cls2",
		"cls1":                      "check_sender_access hash:/etc/postfix/x",
		"myhostname":                "mx.example.com", // built-in
		"in_braces":                 "x",
		"smtpd_banner":              "${in_braces?{yes}}",
	}
	got := UserDefinedNames(settings, Newest)
	want := map[string]bool{"foo": true, "bar": true, "cls1": true, "in_braces": true}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("UserDefinedNames = %v, want %v", got, want)
	}
}

func TestDBTables(t *testing.T) {
	value := "proxy:ldap:ldapsource, ldap:/etc/postfix/ldap.cf mysql:mysqlsrc hash:/etc/aliases " +
		"pcre:{{/^x/ memcache:notme}} inline:{ {a=b}, sqlite:inl } memcache:./rel.cf debug:pgsql:pg " +
		"mongodb:mongo unix:passwd.byname"
	got := DBTables(value)
	want := map[string]string{"ldapsource": "ldap", "mysqlsrc": "mysql", "inl": "sqlite", "pg": "pgsql", "mongo": "mongodb"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DBTables = %v, want %v", got, want)
	}
	for _, tc := range []struct {
		name, setting string
		ok            bool
	}{
		{"ldapsource_server_host", "server_host", true},
		{"ldapsource_domain", "domain", true},
		{"ldapsource_hosts", "", false},
		{"mysqlsrc_hosts", "hosts", true},
		{"mysqlsrc_where_field", "where_field", true},
		{"mysqlsrc_server_host", "", false},
		{"pg_select_function", "select_function", true},
		{"mongo_uri", "uri", true},
		{"other_uri", "", false},
	} {
		s, ok := DerivedDBParam(tc.name, got)
		if s != tc.setting || ok != tc.ok {
			t.Errorf("DerivedDBParam(%q) = %q, %v; want %q, %v", tc.name, s, ok, tc.setting, tc.ok)
		}
	}
	for typ, list := range dbSuffixes {
		for i := 1; i < len(list); i++ {
			if strings.Compare(list[i-1], list[i]) >= 0 {
				t.Errorf("dbSuffixes[%s] not sorted at %s", typ, list[i])
			}
		}
	}
}
