package model

import (
	"fmt"
	"strings"

	"github.com/postlint/postlint/lint/postfix"
)

// RestrictionProblem is a word of an smtpd restriction list that smtpd
// cannot use when it gets to it: it answers the client with "451 4.3.5
// Server configuration error" (or, for restriction classes without a
// definition, does not start).
type RestrictionProblem struct {
	Word string
	// Kind is "unknown" (not a restriction of the target release nor a
	// restriction class), "argument" (a restriction without the argument
	// it needs) or "table" (a bare type:table where the list has no
	// default access check: smtpd_data_restrictions and
	// smtpd_end_of_data_restrictions).
	Kind string
	// Log is what smtpd logs; Suggest is a close restriction name, if any.
	Log, Suggest string
	At           Location
	// Fatal reports that smtpd answers "451 4.3.5 Server configuration
	// error" when it gets to the word. Otherwise it skips the restriction
	// with a warning (a DNS list without its domain at the end of the
	// list) or takes the next restriction as the argument, which then is
	// not applied.
	Fatal bool
}

// restrictionLists are the lists smtpd evaluates, and the access check a
// bare type:table stands for in each ("" where a table is an error).
var restrictionLists = map[string]string{
	"smtpd_client_restrictions":      "check_client_access",
	"smtpd_helo_restrictions":        "check_helo_access",
	"smtpd_sender_restrictions":      "check_sender_access",
	"smtpd_relay_restrictions":       "check_recipient_access",
	"smtpd_recipient_restrictions":   "check_recipient_access",
	"smtpd_etrn_restrictions":        "check_etrn_access",
	"smtpd_data_restrictions":        "",
	"smtpd_end_of_data_restrictions": "",
}

// IsRestrictionList reports whether smtpd evaluates the parameter name
// as a restriction list.
func IsRestrictionList(name string) bool {
	_, ok := restrictionLists[name]
	return ok
}

// RestrictionProblems walks a restriction list setting (or a restriction
// class definition) as smtpd's generic_checks does and returns the words
// it would fail on. It stops at a plain permit, reject or defer, after
// which smtpd ignores the rest; "warn_if_reject" is a prefix; words are
// compared without regard to case, class names with it.
func (e Env) RestrictionProblems(p *Param) []RestrictionProblem {
	if e.c == nil || p == nil || p.MacroError || p.Duplicate {
		return nil
	}
	v := p.view(e.c)
	classes := make(map[string]bool)
	for _, c := range SplitList(v.get("smtpd_restriction_classes")) {
		classes[c] = true
	}
	defACL, isList := restrictionLists[p.Name]
	if !isList && !classes[p.Name] {
		return nil
	}
	if p.Name == "smtpd_relay_restrictions" && !e.c.Version.AtLeast(postfix.Version{Major: 2, Minor: 10}) {
		return nil // not read before 2.10
	}
	var out []RestrictionProblem
	items := splitItems(p.Expanded)
	literal := p.Expanded == p.Value
	at := func(it listItem) Location {
		if literal {
			return p.Span(it.start, it.end)
		}
		return p.ValueAt
	}
	for i := 0; i < len(items); i++ {
		w := items[i].text
		lw := strings.ToLower(w)
		switch {
		case lw == "warn_if_reject":
			continue
		case strings.Contains(w, ":"):
			if isList && defACL == "" {
				out = append(out, RestrictionProblem{Word: w, Kind: "table", At: at(items[i]), Fatal: true,
					Log: fmt.Sprintf(`specify one of (check_client_access, check_helo_access, check_sender_access, check_recipient_access, check_etrn_access) before %s restriction "%s"`, strings.TrimSuffix(strings.TrimPrefix(p.Name, "smtpd_"), "_restrictions"), w)})
			}
			continue
		case lw == "permit" || lw == "reject" || lw == "defer":
			return out
		case classes[w]:
			continue
		}
		r, ok := postfix.LookupRestriction(w, e.c.Version)
		if !ok || !r.Known && !r.Maybe {
			out = append(out, RestrictionProblem{Word: w, Kind: "unknown", At: at(items[i]), Fatal: true,
				Log: fmt.Sprintf(`unknown smtpd restriction: "%s"`, w), Suggest: postfix.SuggestRestriction(w, e.c.Version)})
			continue
		}
		for n := 0; n < r.Args; n++ {
			i++
			table := r.Kind == "check-table"
			switch {
			case i >= len(items):
				// Postfix 3.7 names the restriction itself as the bad argument.
				log := fmt.Sprintf("restriction %s requires domain name argument", w)
				if table {
					log = fmt.Sprintf(`restriction %s: bad argument "%s": need maptype:mapname`, w, w)
				}
				out = append(out, RestrictionProblem{Word: w, Kind: "argument", At: at(items[i-1]), Log: log, Fatal: table})
			case table && !strings.Contains(items[i].text, ":"):
				out = append(out, RestrictionProblem{Word: w, Kind: "argument", At: at(items[i-1]),
					Log: fmt.Sprintf(`restriction %s: bad argument "%s": need maptype:mapname`, w, items[i].text), Fatal: true})
				i--
			case !table && looksLikeRestriction(items[i].text, e.c.Version):
				out = append(out, RestrictionProblem{Word: w, Kind: "argument", At: at(items[i-1]),
					Log: fmt.Sprintf("%s takes %s as its argument", w, items[i].text)})
			default:
				continue
			}
			break
		}
	}
	return out
}

// looksLikeRestriction reports a word that is a restriction name, where
// an argument such as a DNS list domain was expected.
func looksLikeRestriction(w string, v postfix.Version) bool {
	r, ok := postfix.LookupRestriction(w, v)
	return ok && r.Known
}

// UndefinedClasses returns the names in smtpd_restriction_classes that have
// no definition: smtpd does not start ("restriction class `x' needs a
// definition").
func (e Env) UndefinedClasses(p *Param) []string {
	if e.c == nil || p == nil || p.Name != "smtpd_restriction_classes" || p.Duplicate {
		return nil
	}
	v := p.view(e.c)
	var out []string
	for _, c := range SplitList(p.Expanded) {
		if strings.TrimSpace(v.get(c)) == "" {
			out = append(out, c)
		}
	}
	return out
}
