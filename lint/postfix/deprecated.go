package postfix

import "sync"

// manualDeprecations complements and overrides the deprecations that the
// generator finds in postconf.proto. It pins the well-known cases so that
// rewording in a future proto cannot lose them, and covers cases whose
// wording the generator does not (or should not) interpret. Every entry
// was checked against the Postfix 3.11 postconf.proto quoted in Note and
// against params-history.tsv (all names exist in every release 2.6-3.11).
//
// Deliberately absent: smtpd_tls_dh1024_param_file is not deprecated (the
// proto only recommends leaving it empty with OpenSSL 3); its tlsproxy
// twin tlsproxy_tls_dh1024_param_file is ("deprecated as of Postfix 3.9"),
// which the generator picks up.
var manualDeprecations = map[string]Deprecation{
	"smtp_use_tls": {
		Since:       Version{2, 3, 0},
		Replacement: "smtp_tls_security_level",
		Note:        "With Postfix 2.3 and later use smtp_tls_security_level instead.",
	},
	"smtp_enforce_tls": {
		Since:       Version{2, 3, 0},
		Replacement: "smtp_tls_security_level",
		Note:        "With Postfix 2.3 and later use smtp_tls_security_level instead.",
	},
	"smtpd_use_tls": {
		Since:       Version{2, 3, 0},
		Replacement: "smtpd_tls_security_level",
		Note:        "With Postfix 2.3 and later use smtpd_tls_security_level instead. This feature is deprecated as of Postfix 3.9.",
	},
	"smtpd_enforce_tls": {
		Since:       Version{2, 3, 0},
		Replacement: "smtpd_tls_security_level",
		Note:        "With Postfix 2.3 and later use smtpd_tls_security_level instead. This feature is deprecated as of Postfix 3.9.",
	},
	"lmtp_use_tls": {
		Since:       Version{3, 9, 0},
		Replacement: "lmtp_tls_security_level",
		Note:        "This feature is deprecated as of Postfix 3.9. Specify lmtp_tls_security_level instead.",
	},
	"lmtp_enforce_tls": {
		Since:       Version{3, 9, 0},
		Replacement: "lmtp_tls_security_level",
		Note:        "This feature is deprecated as of Postfix 3.9. Specify lmtp_tls_security_level instead.",
	},
	// The proto documents lmtp_tls_enforce_peername only as "the
	// LMTP-specific version of the smtp_tls_enforce_peername configuration
	// parameter", which says "With Postfix 2.3 and later use
	// smtp_tls_security_level instead".
	"lmtp_tls_enforce_peername": {
		Since:       Version{2, 3, 0},
		Replacement: "lmtp_tls_security_level",
		Note:        "The LMTP-specific version of smtp_tls_enforce_peername: with Postfix 2.3 and later use lmtp_tls_security_level instead.",
	},
	"smtp_tls_per_site": {
		Since:       Version{2, 3, 0},
		Replacement: "smtp_tls_policy_maps",
		Note:        "With Postfix 2.3 and later use smtp_tls_policy_maps instead.",
	},
	"lmtp_tls_per_site": {
		Since:       Version{3, 9, 0},
		Replacement: "lmtp_tls_policy_maps",
		Note:        "This feature is deprecated as of Postfix 3.9. Specify lmtp_tls_policy_maps instead.",
	},
	"smtp_tls_cipherlist": {
		Since:       Version{2, 3, 0},
		Replacement: "smtp_tls_mandatory_ciphers",
		Note:        "Obsolete Postfix < 2.3 control for the Postfix SMTP client TLS cipher list. It is not used with Postfix 2.3 and later; use smtp_tls_mandatory_ciphers instead.",
	},
	"smtpd_tls_cipherlist": {
		Since:       Version{2, 3, 0},
		Replacement: "smtpd_tls_mandatory_ciphers",
		Note:        "Obsolete Postfix < 2.3 control for the Postfix SMTP server TLS cipher list. It is not used with Postfix 2.3 and later; use smtpd_tls_mandatory_ciphers instead.",
	},
	// The generator takes the first of the two names the proto gives.
	"virtual_maps": {
		Since:       Version{2, 0, 0},
		Replacement: "virtual_alias_maps",
		Note:        "With Postfix version 2.0 and later, this is replaced by separate controls: virtual_alias_domains and virtual_alias_maps.",
	},
	// The proto documents lmtp_per_record_deadline only as "the
	// LMTP-specific version of smtp_per_record_deadline", which "Postfix
	// 3.7 and later" replace by smtp_per_request_deadline.
	"lmtp_per_record_deadline": {
		Since:       Version{3, 7, 0},
		Replacement: "lmtp_per_request_deadline",
		Note:        "The LMTP-specific version of smtp_per_record_deadline: Postfix 3.7 and later use lmtp_per_request_deadline.",
	},
	// The proto names the replacement as a setting, not as a parameter.
	"sun_mailtool_compatibility": {
		Replacement: "mailbox_delivery_lock",
		Note:        `Obsolete SUN mailtool compatibility feature. Instead, use "mailbox_delivery_lock = dotlock".`,
	},
}

// deprecationWarnings gives, per deprecated parameter, the first release
// that logs a warning when main.cf or master.cf sets it ("support for
// parameter ... will be removed"). Before it Postfix is silent. Sources:
// Postfix 3.9 deprecated the legacy TLS switches, the per-site TLS tables,
// disable_dns_lookups and the DH/ECDH settings (postconf.proto: "This
// feature is deprecated as of Postfix 3.9", DEPRECATION_README); Postfix
// 3.11 warns about the legacy names that a renamed parameter's default
// still reads (postconf's legacy parameter list).
var deprecationWarnings = sync.OnceValue(func() map[string]Version {
	m := make(map[string]Version)
	for _, n := range []string{
		"smtp_use_tls", "smtp_enforce_tls", "smtp_tls_per_site", "smtp_tls_enforce_peername",
		"lmtp_use_tls", "lmtp_enforce_tls", "lmtp_tls_per_site", "lmtp_tls_enforce_peername",
		"smtpd_use_tls", "smtpd_enforce_tls",
		"tlsproxy_use_tls", "tlsproxy_enforce_tls", "tlsproxy_client_use_tls", "tlsproxy_client_enforce_tls", "tlsproxy_client_per_site",
		"disable_dns_lookups",
		"smtpd_tls_dh1024_param_file", "tlsproxy_tls_dh1024_param_file",
		"smtpd_tls_eecdh_grade", "tlsproxy_tls_eecdh_grade",
	} {
		m[n] = Version{3, 9, 0}
	}
	for _, n := range []string{
		"virtual_maps", "fallback_relay", "authorized_verp_clients", "smtpd_client_connection_limit_exceptions",
		"postscreen_dnsbl_ttl", "postscreen_blacklist_action", "postscreen_dnsbl_whitelist_threshold",
		"postscreen_whitelist_interfaces", "lmtp_per_record_deadline", "smtp_per_record_deadline",
		"smtpd_per_record_deadline", "tlsproxy_client_level", "tlsproxy_client_policy",
	} {
		m[n] = Version{3, 11, 0}
	}
	return m
})
