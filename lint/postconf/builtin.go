package postconf

import (
	"sync"

	"github.com/postlint/postlint/lint/postfix"
)

// release is the Postfix release whose postconf this package emulates:
// the one Debian 12 ships, which the tests compare against.
var release = postfix.Version{Major: 3, Minor: 7, Patch: 11}

// hostStandIns replace the defaults that postconf computes from the host it
// runs on, which the knowledge tables do not have, by fixed values.
var hostStandIns = map[string]string{
	"myhostname": "localhost.localdomain",
	"mydomain":   "localdomain",
	"mynetworks": "127.0.0.0/8 [::1]/128",
	"process_id": "0",
}

// builtinFacts is what postconf knows of a name from its built-in table.
type builtinFacts struct {
	def     string // the default value in release
	builtin bool   // a built-in parameter: def is its default
	raw     bool   // its value is not scanned for $name
	legacy  bool   // an obsolete name still accepted
}

// factsOf returns the built-in facts of name in release, from the
// knowledge tables (package postfix); defaults that describe the build
// machine are empty or a stand-in. Each name is looked up once per
// process and remembered: a table of all thousand names cost more to
// build than checking one configuration needs, and a tree of them asks
// for the same few hundred names again and again.
func factsOf(name string) builtinFacts {
	if f, ok := builtinMemo.Load(name); ok {
		return f.(builtinFacts)
	}
	p, found := postfix.Lookup(name)
	f := factsFor(name, p, found)
	builtinMemo.Store(name, f)
	return f
}

var builtinMemo sync.Map // name → builtinFacts

// factsFor works out the facts of name, whose table entry is p if found.
func factsFor(name string, p *postfix.Param, found bool) builtinFacts {
	var out builtinFacts
	var f postfix.Facts
	in := false
	if found {
		f, in = p.In(release)
	}
	out.legacy = in && f.Legacy
	switch {
	case name == "process_id":
		out.builtin, out.def = true, hostStandIns[name]
	case found && !p.Template && in && !f.Legacy:
		out.builtin, out.def = true, f.Default
		if v, ok := hostStandIns[name]; ok {
			out.def = v
		}
	}
	// The raw table entries of the code (PCF_PARAM_FLAG_RAW), and
	// service_name, which postconf itself sets.
	out.raw = name == "service_name" || out.builtin && in && f.Kind == postfix.KindRaw
	return out
}

// builtinDefault returns the default value of a built-in parameter.
func builtinDefault(name string) (string, bool) {
	f := factsOf(name)
	return f.def, f.builtin
}

// isRaw reports the built-in parameters whose values postconf does not
// scan for $name, because the programs that use them expand them with
// other rules (PCF_PARAM_FLAG_RAW), and service_name, which postconf
// itself sets.
func isRaw(name string) bool { return factsOf(name).raw }

// readonlyParams are built-in parameters that postconf drops, with a
// warning, when main.cf or master.cf assigns them (PCF_PARAM_FLAG_READONLY).
var readonlyParams = setOf("process_id", "process_name")

// isLegacy reports names that release still accepts for backwards
// compatibility because a default refers to them. They are known, so never
// "unused", and postconf -n shows them when main.cf sets them
// (pcf_legacy_str_table).
func isLegacy(name string) bool { return factsOf(name).legacy }

// serviceParam is a suffix that, appended to a master.cf service name,
// makes a parameter whose default is "$" + def.
type serviceParam struct{ suffix, def string }

// deliveryParams are the service-defined parameters of delivery agents
// (pcf_register_service_parameters).
var deliveryParams = []serviceParam{
	{"_recipient_limit", "default_recipient_limit"},
	{"_extra_recipient_limit", "default_extra_recipient_limit"},
	{"_recipient_refill_limit", "default_recipient_refill_limit"},
	{"_recipient_refill_delay", "default_recipient_refill_delay"},
	{"_delivery_slot_cost", "default_delivery_slot_cost"},
	{"_delivery_slot_loan", "default_delivery_slot_loan"},
	{"_delivery_slot_discount", "default_delivery_slot_discount"},
	{"_minimum_delivery_slots", "default_minimum_delivery_slots"},
	{"_initial_destination_concurrency", "initial_destination_concurrency"},
	{"_destination_concurrency_limit", "default_destination_concurrency_limit"},
	{"_destination_recipient_limit", "default_destination_recipient_limit"},
	{"_destination_concurrency_positive_feedback", "default_destination_concurrency_positive_feedback"},
	{"_destination_concurrency_negative_feedback", "default_destination_concurrency_negative_feedback"},
	{"_destination_concurrency_failed_cohort_limit", "default_destination_concurrency_failed_cohort_limit"},
	{"_destination_rate_delay", "default_destination_rate_delay"},
	{"_transport_rate_delay", "default_transport_rate_delay"},
}

var timeLimitParam = serviceParam{"_time_limit", "command_time_limit"}

// serviceParams returns the parameters that a master.cf entry running
// command defines, keyed by the command name in the eighth field.
func serviceParams(command string) []serviceParam {
	switch command {
	case "local", "error", "virtual", "smtp", "lmtp":
		return deliveryParams
	case "pipe":
		return append([]serviceParam{timeLimitParam}, deliveryParams...)
	case "spawn":
		return []serviceParam{timeLimitParam}
	}
	return nil
}

// dbmsSuffixes lists, per database type, the parameter suffixes that the
// legacy "type:prefix" table syntax defines as "prefix_suffix"
// (postconf_dbms.c, as built into Postfix 3.7).
var dbmsSuffixes = map[string][]string{
	"ldap": {
		"bind", "bind_dn", "bind_pw", "cache", "cache_expiry", "cache_size",
		"chase_referrals", "debuglevel", "dereference", "domain",
		"expansion_limit", "leaf_result_attribute", "query_filter",
		"recursion_limit", "result_attribute", "result_filter",
		"result_format", "sasl_authz_id", "sasl_mechs", "sasl_minssf",
		"sasl_realm", "scope", "search_base", "server_host", "server_port",
		"size_limit", "special_result_attribute", "start_tls",
		"terminal_result_attribute", "timeout", "tls_ca_cert_dir",
		"tls_ca_cert_file", "tls_cert", "tls_cipher_suite", "tls_key",
		"tls_random_file", "tls_require_cert", "version",
	},
	"mysql": {
		"additional_conditions", "dbname", "domain", "expansion_limit",
		"hosts", "option_file", "option_group", "password", "query",
		"require_result_set", "result_format", "select_field", "table",
		"tls_CAfile", "tls_CApath", "tls_cert_file", "tls_ciphers",
		"tls_key_file", "tls_verify_cert", "user", "where_field",
	},
	"pgsql": {
		"additional_conditions", "dbname", "domain", "expansion_limit",
		"hosts", "password", "query", "result_format", "select_field",
		"select_function", "table", "user", "where_field",
	},
	"sqlite": {
		"additional_conditions", "dbpath", "domain", "expansion_limit",
		"query", "result_format", "select_field", "table", "where_field",
	},
	"memcache": {
		"backup", "data_size_limit", "domain", "flags", "key_format",
		"line_size_limit", "max_try", "memcache", "retry_pause",
		"timeout", "ttl",
	},
}

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
