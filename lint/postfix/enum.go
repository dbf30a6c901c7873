package postfix

import (
	"sort"
	"strings"
)

// genEnum is the generated form of one enum-values.tsv row (enums_gen.go).
type genEnum struct {
	name           string
	tags           uint64 // a mask over restrictionTags
	form           string // "word" or "list"
	words, warn    string // space-separated
	fold           bool
	onBad, message string
}

// Enum is what one release accepts as the value of a parameter that takes
// words from a fixed set (facts/enum-values.tsv).
type Enum struct {
	// List reports a list of words (commas or white space between them,
	// any combination); otherwise the value is one word or empty.
	List bool
	// Words are the accepted words, Warn those accepted with a warning
	// (smtpd treats TLS level verify as encrypt). Fold reports that case
	// does not matter.
	Words, Warn []string
	Fold        bool
	// OnBad is what an unknown word does: "fatal" (the programs that read
	// the parameter stop), "tls-off" (TLS is off for that context) or
	// "ignored" (logged, or silently dropped).
	OnBad string
	// Message is Postfix's message for an unknown word, with <word> and
	// <value> for the word and the value.
	Message string
}

// Accepts reports whether word is one of the enum's words.
func (e Enum) Accepts(word string) bool { return contains(e.Words, word, e.Fold) }

// Warns reports whether word is accepted with a warning only.
func (e Enum) Warns(word string) bool { return contains(e.Warn, word, e.Fold) }

func contains(list []string, w string, fold bool) bool {
	for _, x := range list {
		if x == w || fold && strings.EqualFold(x, w) {
			return true
		}
	}
	return false
}

// LookupEnum returns the enum of parameter name in release v. Between two
// releases whose sets differ it accepts the words of both (and the milder
// reaction), so that a word of either is never called unknown.
func LookupEnum(name string, v Version) (Enum, bool) {
	i := sort.Search(len(enumTable), func(i int) bool { return enumTable[i].name >= name })
	lo, hi, exact := tagRange(v)
	if lo < 0 {
		return Enum{}, false
	}
	var at, next *genEnum
	for j := i; j < len(enumTable) && enumTable[j].name == name; j++ {
		g := &enumTable[j]
		if g.tags&(1<<lo) != 0 {
			at = g
		}
		if hi >= 0 && g.tags&(1<<hi) != 0 {
			next = g
		}
	}
	if at == nil {
		return Enum{}, false
	}
	e := enumOf(at)
	if next != nil && next != at && !exact {
		n := enumOf(next)
		for _, w := range n.Words {
			if !e.Accepts(w) {
				e.Words = append(e.Words, w)
			}
		}
		if n.OnBad != e.OnBad {
			e.OnBad = "ignored"
		}
	}
	return e, true
}

func enumOf(g *genEnum) Enum {
	return Enum{List: g.form == "list", Words: strings.Fields(g.words), Warn: strings.Fields(g.warn),
		Fold: g.fold, OnBad: g.onBad, Message: g.message}
}
