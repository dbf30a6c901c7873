package rules

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/postlint/postlint/internal/tomlkey"
)

// keyEntry is a key (or table header) of a rule file, with the [[rule]]
// it belongs to.
type keyEntry struct {
	plain string // dotted path without indexes: rule.fix.edit.param
	rule  int    // index of the [[rule]] it is in; -1 outside any
	line  int
}

// keyIndex finds the lines of the keys of a rule file. Scanning all the
// keys costs a good part of loading the built-in rules, and only errors
// need them, so the scan waits for the first lookup of another key than
// a rule's own header.
type keyIndex struct {
	src     string
	once    sync.Once
	entries []keyEntry
	headers []int // the lines of the [[rule]] headers, in order
}

// ruleHeader matches a [[rule]] table header line.
var ruleHeader = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[ \t]*\[\[[ \t]*rule[ \t]*\]\][ \t]*(#.*)?$`) })

func newKeyIndex(src string) *keyIndex {
	k := &keyIndex{src: src}
	for n, line := range strings.Split(src, "\n") {
		if strings.Contains(line, "[[") && ruleHeader().MatchString(strings.TrimSuffix(line, "\r")) {
			k.headers = append(k.headers, n+1)
		}
	}
	return k
}

func (k *keyIndex) scan() {
	k.once.Do(func() {
		if k.entries == nil {
			k.entries = scanKeys(k.src).entries
		}
	})
}

// ruleLine returns the line of the header of rule i.
func (k *keyIndex) ruleLine(i, rules int) int {
	if len(k.headers) == rules && i >= 0 && i < rules {
		return k.headers[i]
	}
	return k.find("rule", i)
}

// find returns the line of the first key with the plain path in rule
// (any rule when rule < 0), falling back to the closest enclosing key or
// table; 0 when nothing matches.
func (k *keyIndex) find(plain string, rule int) int {
	k.scan()
	for p := plain; p != ""; {
		for _, e := range k.entries {
			if e.plain == p && (rule < 0 || e.rule == rule) {
				return e.line
			}
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return 0
}

// all returns every entry with the plain path.
func (k *keyIndex) all(plain string) []keyEntry {
	k.scan()
	var out []keyEntry
	for _, e := range k.entries {
		if e.plain == plain {
			out = append(out, e)
		}
	}
	return out
}

// scanKeys indexes the keys of a rule file by path and [[rule]].
func scanKeys(src string) *keyIndex {
	k := &keyIndex{}
	for _, e := range tomlkey.Scan(src) {
		rule := -1
		if rest, ok := strings.CutPrefix(e.Path, "rule["); ok {
			if i := strings.IndexByte(rest, ']'); i > 0 {
				rule, _ = strconv.Atoi(rest[:i])
			}
		}
		k.entries = append(k.entries, keyEntry{plain: tomlkey.Plain(e.Path), rule: rule, line: e.Line})
	}
	return k
}
