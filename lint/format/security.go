package format

import (
	"strconv"

	"github.com/postlint/postlint/lint"
)

// GitHub code scanning ranks alerts of rules that have
// properties.security-severity (a score from 0.0 to 10.0, written as a
// string) and the tag "security" as critical (9.0 and above), high (7.0
// to 8.9), medium (4.0 to 6.9) or low (0.1 to 3.9), rather than by
// level. postlint scores the rules whose mistakes weaken the security of
// mail, by family and severity:
//
//	family                                    error  warning  info
//	relay safety (PL6xx)                       9.0     6.0     3.0
//	TLS client, server, protocols and ciphers
//	(PL2xx, PL3xx, PL4xx) and the certificate
//	and key checks of the host (PL801-PL810)   7.5     5.0     2.0
//
// An error of relay safety is an open relay or a server without relay
// control, which spammers find within hours: critical. A TLS error
// sends mail or passwords in clear, trusts no one, or stops delivery:
// high. Warnings and notes are weaker forms of the same. The other
// families (suppressions, syntax, obsolete parameters, master.cf, maps)
// are about correctness, not security, and have no score.

// securitySeverity returns the score of a rule ID at a severity and the
// family tag that goes with it ("relay", "tls"); "" for rules without a
// score.
func securitySeverity(id string, sev lint.Severity) (score, family string) {
	var scores [3]float64 // info, warning, error
	switch {
	case ruleNumber(id, 600, 699):
		scores, family = [3]float64{3.0, 6.0, 9.0}, "relay"
	case ruleNumber(id, 200, 499), ruleNumber(id, 801, 810):
		scores, family = [3]float64{2.0, 5.0, 7.5}, "tls"
	default:
		return "", ""
	}
	if sev < lint.Info || sev > lint.Error {
		return "", ""
	}
	return strconv.FormatFloat(scores[sev-lint.Info], 'f', 1, 64), family
}

// ruleNumber reports whether id is a built-in ID "PLnnn" with nnn in
// [lo, hi].
func ruleNumber(id string, lo, hi int) bool {
	if len(id) != 5 || id[:2] != "PL" {
		return false
	}
	n, err := strconv.Atoi(id[2:])
	return err == nil && n >= lo && n <= hi
}
