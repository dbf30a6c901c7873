package postfix

import (
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/postlint/postlint/internal/brackets"
)

// Besides the built-in parameters of the table, postconf(1) accepts three
// kinds of names that it derives at run time from main.cf and master.cf.
// The rules below follow the Postfix sources (src/postconf):
//
//   - postconf_service.c, pcf_register_service_parameters: per-service
//     names <service>_<suffix> for master.cf services that run certain
//     delivery programs (DerivedServiceParam).
//   - postconf_user.c, pcf_register_user_parameters: user-defined names
//     that are referenced as $name or listed in smtpd_restriction_classes
//     (UserDefinedNames).
//   - postconf_dbms.c, pcf_register_dbms_parameters: legacy database
//     client settings <table>_<setting> in main.cf for tables such as
//     ldap:name whose name is not a file (DBTables, DerivedDBParam).

// ServiceSuffix is a suffix that forms a per-service parameter name
// <service>_<suffix> from a master.cf service name.
type ServiceSuffix struct {
	Suffix string // including the leading "_", e.g. "_destination_concurrency_limit"
	// Default is the built-in parameter whose value is the default.
	Default string
	// Commands are the master.cf command names (the first word of the
	// command field) for whose services postconf accepts the name.
	Commands []string
}

// Since returns the first release with the suffix: the Since of the
// table's documentation placeholder "transport<suffix>".
func (s ServiceSuffix) Since() Version {
	if p, ok := Lookup("transport" + s.Suffix); ok {
		return p.Since()
	}
	return Version{}
}

// The delivery programs of postconf_service.c. The queue manager reads the
// scheduler parameters by transport name; postconf registers them for
// services running these programs. _time_limit is read by pipe(8) and
// spawn(8) only.
var (
	schedulerCommands = []string{"local", "error", "virtual", "smtp", "lmtp", "pipe"}
	timeLimitCommands = []string{"pipe", "spawn"}
)

// serviceSuffixes mirrors the pipe_params/spawn_params tables of
// postconf_service.c (Postfix 3.1 added _transport_rate_delay); the suffix
// strings are the _XXX macros of mail_params.h.
var serviceSuffixes = []ServiceSuffix{
	{"_time_limit", "command_time_limit", timeLimitCommands},
	{"_recipient_limit", "default_recipient_limit", schedulerCommands},
	{"_extra_recipient_limit", "default_extra_recipient_limit", schedulerCommands},
	{"_recipient_refill_limit", "default_recipient_refill_limit", schedulerCommands},
	{"_recipient_refill_delay", "default_recipient_refill_delay", schedulerCommands},
	{"_delivery_slot_cost", "default_delivery_slot_cost", schedulerCommands},
	{"_delivery_slot_loan", "default_delivery_slot_loan", schedulerCommands},
	{"_delivery_slot_discount", "default_delivery_slot_discount", schedulerCommands},
	{"_minimum_delivery_slots", "default_minimum_delivery_slots", schedulerCommands},
	{"_initial_destination_concurrency", "initial_destination_concurrency", schedulerCommands},
	{"_destination_concurrency_limit", "default_destination_concurrency_limit", schedulerCommands},
	{"_destination_recipient_limit", "default_destination_recipient_limit", schedulerCommands},
	{"_destination_concurrency_positive_feedback", "default_destination_concurrency_positive_feedback", schedulerCommands},
	{"_destination_concurrency_negative_feedback", "default_destination_concurrency_negative_feedback", schedulerCommands},
	{"_destination_concurrency_failed_cohort_limit", "default_destination_concurrency_failed_cohort_limit", schedulerCommands},
	{"_destination_rate_delay", "default_destination_rate_delay", schedulerCommands},
	{"_transport_rate_delay", "default_transport_rate_delay", schedulerCommands},
}

// suffixesLongestFirst orders the suffixes so that the longest match wins
// ("_destination_recipient_limit" before "_recipient_limit").
var suffixesLongestFirst = sync.OnceValue(func() []ServiceSuffix {
	s := append([]ServiceSuffix(nil), serviceSuffixes...)
	sort.SliceStable(s, func(i, j int) bool { return len(s[i].Suffix) > len(s[j].Suffix) })
	return s
})

// ServiceSuffixes returns the per-service suffixes. The slice is shared
// (the model walks it for every service): do not modify it.
func ServiceSuffixes() []ServiceSuffix { return serviceSuffixes }

// DerivedServiceParam reports whether name is a per-service parameter
// <service>_<suffix> such as relay_destination_concurrency_limit or
// mytransport_time_limit, and returns its suffix. services maps each
// master.cf service name to its command name (the first word of the
// command field, e.g. "smtp" or "pipe"); a directory part of the command
// is ignored. Callers should try Lookup first: postconf prefers a built-in
// definition such as local_destination_concurrency_limit. Use
// ServiceSuffix.Since for the version check.
func DerivedServiceParam(name string, services map[string]string) (suffix string, ok bool) {
	for _, s := range suffixesLongestFirst() {
		service, found := strings.CutSuffix(name, s.Suffix)
		if !found || service == "" {
			continue
		}
		cmd, ok := services[service]
		if !ok {
			continue
		}
		cmd = path.Base(cmd)
		for _, c := range s.Commands {
			if c == cmd {
				return s.Suffix, true
			}
		}
	}
	return "", false
}

// DefaultRef is a parameter whose default refers to other names.
type DefaultRef struct {
	Param *Param
	Refs  []string // References of the default
}

// DefaultRefs returns the parameters (templates included) whose default
// in release v refers to names, in name order. It depends only on v and
// is computed once per release: every configuration asks, and scanning
// a thousand defaults each time was a large part of checking one.
func DefaultRefs(v Version) []DefaultRef {
	defaultRefsMu.Lock()
	defer defaultRefsMu.Unlock()
	if refs, ok := defaultRefsCache[v]; ok {
		return refs
	}
	var refs []DefaultRef
	All(func(p *Param) {
		if def, ok := p.DefaultIn(v); ok && strings.Contains(def, "$") {
			if names := References(def); len(names) > 0 {
				refs = append(refs, DefaultRef{p, names})
			}
		}
	})
	defaultRefsCache[v] = refs
	return refs
}

var (
	defaultRefsMu    sync.Mutex
	defaultRefsCache = map[Version][]DefaultRef{}
)

// References returns the parameter names that value refers to, in order
// of appearance and without duplicates. It understands the forms that
// postconf scans (mac_expand): $name, ${name}, $(name), ${name?text},
// ${name:text}, ${name?{text}:{text}} and ${{text} op {text}?{...}:{...}},
// looking inside the nested texts too; $$ is a literal dollar.
func References(value string) []string {
	var out []string
	seen := make(map[string]bool)
	scanRefs(value, func(name string) {
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	})
	return out
}

func isNameByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// scanRefs calls add for each name that s refers to. It walks the
// nested texts of ${name?text} and the like in one pass, with an
// explicit stack of where each text ends, instead of a scan for the
// closing bracket and a recursive call per level: a hostile value nests
// thousands of levels.
func scanRefs(s string, add func(string)) {
	var m *brackets.Matcher // built on the first bracket
	end := len(s)           // of the text being scanned
	var outer []int         // ends of the enclosing texts
	for i := 0; ; i++ {
		if i >= end {
			// This text is done: go on after it in the enclosing one.
			if len(outer) == 0 {
				return
			}
			i, end = end, outer[len(outer)-1]
			outer = outer[:len(outer)-1]
			continue
		}
		if s[i] != '$' || i+1 >= end {
			continue
		}
		i++
		switch c := s[i]; {
		case c == '$':
			// Literal dollar.
		case c == '{' || c == '(':
			if m == nil {
				m = brackets.New(s)
			}
			close := m.Close(i)
			if close < 0 || close >= end {
				// Unbalanced: postconf reports a syntax error; the
				// rest of this text is not scanned.
				i = end - 1
				continue
			}
			n := 0
			for i+1+n < close && isNameByte(s[i+1+n]) {
				n++
			}
			if n > 0 {
				add(s[i+1 : i+1+n])
			}
			// Scan the text inside the brackets after the name.
			outer = append(outer, end)
			end = close
			i += n
		case isNameByte(c):
			j := i
			for j < end && isNameByte(s[j]) {
				j++
			}
			add(s[i:j])
			i = j - 1
		}
	}
}

// UserDefinedNames returns the names in settings (main.cf name = value
// pairs; merge master.cf -o settings in to cover those too) that are not
// built-in but that postconf accepts as user-defined parameters: the name
// is listed in smtpd_restriction_classes, or some value refers to it as
// $name (see References). Values scanned are those of settings plus the
// defaults in release v of built-in parameters that settings leaves unset, as postconf
// does so that legacy names in defaults stay valid. Unlike postconf, the
// values of "raw" parameters (expanded only at delivery time, such as
// forward_path) are scanned too, which errs on the side of acceptance.
func UserDefinedNames(settings map[string]string, v Version) map[string]bool {
	referenced := make(map[string]bool)
	mark := func(name string) { referenced[name] = true }
	for _, val := range settings {
		scanRefs(val, mark)
	}
	for _, d := range DefaultRefs(v) {
		if _, set := settings[d.Param.Name]; !set {
			for _, name := range d.Refs {
				mark(name)
			}
		}
	}
	for _, name := range strings.FieldsFunc(settings["smtpd_restriction_classes"], isListSep) {
		mark(name)
	}
	valid := make(map[string]bool)
	for name := range settings {
		if _, builtin := Lookup(name); !builtin && referenced[name] {
			valid[name] = true
		}
	}
	return valid
}

func isListSep(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' }

// dbSuffixes lists the settings of the database clients that support
// legacy main.cf configuration (postconf_dbms.c). postconf builds these
// lists from the cfg_get_str/int/bool calls in src/global/dict_*.c
// (extract_cfg.sh), adding "domain" for all of them and the old SQL query
// settings for the SQL tables; see also ldap_table(5), mysql_table(5),
// pgsql_table(5), sqlite_table(5), memcache_table(5), mongodb_table(5).
var dbSuffixes = map[string][]string{
	"ldap": {"bind", "bind_dn", "bind_pw", "cache", "cache_expiry", "cache_size",
		"chase_referrals", "debuglevel", "dereference", "domain", "expansion_limit",
		"leaf_result_attribute", "query", "query_filter", "recursion_limit",
		"result_attribute", "result_filter", "result_format", "sasl_authz_id",
		"sasl_mechs", "sasl_minssf", "sasl_realm", "scope", "search_base",
		"server_host", "server_port", "size_limit", "special_result_attribute",
		"start_tls", "terminal_result_attribute", "timeout", "tls_ca_cert_dir",
		"tls_ca_cert_file", "tls_cert", "tls_cipher_suite", "tls_key",
		"tls_random_file", "tls_require_cert", "version"},
	"mysql": {"additional_conditions", "charset", "dbname", "domain", "expansion_limit",
		"hosts", "idle_interval", "option_file", "option_group", "password", "query",
		"require_result_set", "result_format", "retry_interval", "select_field",
		"table", "tls_CAfile", "tls_CApath", "tls_cert_file", "tls_ciphers",
		"tls_key_file", "tls_verify_cert", "user", "where_field"},
	"pgsql": {"additional_conditions", "dbname", "domain", "expansion_limit", "hosts",
		"password", "query", "result_format", "select_field", "select_function",
		"table", "user", "where_field"},
	"sqlite": {"additional_conditions", "dbpath", "domain", "expansion_limit", "query",
		"result_format", "select_field", "table", "where_field"},
	"memcache": {"backup", "data_size_limit", "domain", "flags", "key_digest",
		"key_format", "line_size_limit", "max_try", "memcache", "retry_pause",
		"timeout", "ttl"},
	"mongodb": {"collection", "dbname", "domain", "expansion_limit", "projection",
		"query_filter", "result_attribute", "result_format", "uri"},
}

// DBTables returns the database tables in value whose settings may live in
// main.cf: each "type:name" (possibly wrapped as proxy:type:name) with a
// type of dbSuffixes and a name that is not a pathname (not starting with
// "/" or "."). The result maps name to type. Pass the value after $name
// expansion, as postconf does. Inline tables ({...}) are searched too,
// except the patterns of inline regexp: and pcre: tables.
func DBTables(value string) map[string]string {
	tables := make(map[string]string)
	scanTables(value, tables)
	return tables
}

func scanTables(value string, tables map[string]string) {
	for _, tok := range splitTopLevel(value) {
		if strings.HasPrefix(tok, "{") {
			scanTables(strings.TrimSuffix(tok[1:], "}"), tables)
			continue
		}
		typ, name, ok := strings.Cut(tok, ":")
		for ok && (typ == "proxy" || typ == "debug") {
			typ, name, ok = strings.Cut(name, ":")
		}
		if !ok || name == "" {
			continue
		}
		switch name[0] {
		case '{':
			if typ != "regexp" && typ != "pcre" {
				scanTables(strings.TrimSuffix(name[1:], "}"), tables)
			}
		case '/', '.':
			// A client configuration file, not main.cf settings.
		default:
			if _, known := dbSuffixes[typ]; known {
				tables[name] = typ
			}
		}
	}
}

// splitTopLevel splits s at commas and whitespace outside {} groups.
func splitTopLevel(s string) []string {
	var out []string
	depth, start := 0, -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '{':
			depth++
		case c == '}':
			if depth > 0 {
				depth--
			}
		case depth == 0 && (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// DerivedDBParam reports whether name is a legacy database client setting
// <table>_<setting> for one of tables (as returned by DBTables), such as
// ldapsource_server_host for ldap:ldapsource, and returns the setting.
func DerivedDBParam(name string, tables map[string]string) (setting string, ok bool) {
	// Longest table name first, so the result does not depend on map order.
	names := make([]string, 0, len(tables))
	for t := range tables {
		names = append(names, t)
	}
	sort.Slice(names, func(i, j int) bool {
		if len(names[i]) != len(names[j]) {
			return len(names[i]) > len(names[j])
		}
		return names[i] < names[j]
	})
	for _, t := range names {
		rest, found := strings.CutPrefix(name, t+"_")
		if !found {
			continue
		}
		for _, s := range dbSuffixes[tables[t]] {
			if s == rest {
				return s, true
			}
		}
	}
	return "", false
}
