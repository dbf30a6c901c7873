package postfix

import (
	"sort"
	"strings"
)

// policyAttributes are the attribute names of smtp_tls_policy_maps
// entries (smtp_tls_policy.c), each with the main.cf parameter that came
// with it: a release has the attribute when it has that parameter. The
// first four are as old as the policy table (2.3).
var policyAttributes = map[string]string{
	"ciphers": "", "protocols": "", "match": "", "exclude": "",
	"tafile":           "smtp_tls_trust_anchor_file",
	"servername":       "smtp_tls_servername",
	"connection_reuse": "smtp_tls_connection_reuse",
	"enable_rpk":       "smtp_tls_enable_rpk",
	// TLSRPT, for policies that an MTA-STS or DANE policy server returns.
	"policy_ttl": "smtp_tlsrpt_enable", "policy_type": "smtp_tlsrpt_enable",
	"policy_domain": "smtp_tlsrpt_enable", "policy_string": "smtp_tlsrpt_enable",
	"mx_host_pattern": "smtp_tlsrpt_enable", "policy_failure": "smtp_tlsrpt_enable",
}

// TLSPolicyAttribute reports whether name (any case) is an attribute of
// TLS policy table entries in release v, and, when it is one of a later
// release, the first release that has it.
func TLSPolicyAttribute(name string, v Version) (ok bool, since Version) {
	param, known := policyAttributes[strings.ToLower(name)]
	if !known {
		return false, Version{}
	}
	if param == "" {
		return true, Version{}
	}
	p, found := Lookup(param)
	if !found || p.AvailableIn(v) {
		return true, Version{}
	}
	return false, p.Since()
}

// TLSPolicyAttributes returns the attribute names of release v, sorted.
func TLSPolicyAttributes(v Version) []string {
	var out []string
	for name := range policyAttributes {
		if ok, _ := TLSPolicyAttribute(name, v); ok {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}
