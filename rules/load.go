package rules

import (
	_ "embed" // the built-in rules files
	"sort"
	"strings"

	"github.com/postlint/postlint/internal/safefile"
)

// MaxFileSize bounds a rules file: the built-in rules together are a
// few hundred kilobytes.
const MaxFileSize = 16 << 20

// The built-in rules files, each embedded as a string: reading them from
// an embed.FS copied all of them at every start. TestBuiltinFiles checks
// that builtinFiles lists every rules/*.toml.
var (
	//go:embed master.toml
	masterRules string
	//go:embed names.toml
	namesRules string
	//go:embed obsolete.toml
	obsoleteRules string
	//go:embed relay.toml
	relayRules string
	//go:embed syntax.toml
	syntaxRules string
	//go:embed tls_client.toml
	tlsClientRules string
	//go:embed tls_protocols.toml
	tlsProtocolsRules string
	//go:embed tls_server.toml
	tlsServerRules string
)

// builtinFiles are the built-in rules files in name order, named
// rules/FILE.
func builtinFiles() []text {
	return []text{
		{"rules/master.toml", masterRules, true},
		{"rules/names.toml", namesRules, true},
		{"rules/obsolete.toml", obsoleteRules, true},
		{"rules/relay.toml", relayRules, true},
		{"rules/syntax.toml", syntaxRules, true},
		{"rules/tls_client.toml", tlsClientRules, true},
		{"rules/tls_protocols.toml", tlsProtocolsRules, true},
		{"rules/tls_server.toml", tlsServerRules, true},
	}
}

// text is a rules file to load.
type text struct {
	name, src string
	builtin   bool
}

// Source is a rules file to load.
type Source struct {
	Name    string // the file name that errors print
	Data    []byte
	Builtin bool // built-in rules have PL IDs and full documentation
}

// Set is a loaded, compiled rule set. It is read-only and safe for
// concurrent use.
type Set struct {
	rules []*Rule
	index map[string]*Rule // by ID and by name
}

// Rules returns the rules sorted by ID.
func (s *Set) Rules() []*Rule { return s.rules }

// Lookup finds a rule by ID (any case) or name; nil if there is none.
func (s *Set) Lookup(idOrName string) *Rule {
	if r, ok := s.index[idOrName]; ok {
		return r
	}
	return s.index[strings.ToUpper(idOrName)]
}

// Load loads the built-in rules (when builtin is set) and the rules files
// named by extra. Every problem is reported, as Errors.
func Load(builtin bool, extra ...string) (*Set, error) {
	var files []text
	if builtin {
		files = builtinFiles()
	}
	for _, name := range extra {
		data, _, err := safefile.Read(name, MaxFileSize)
		if err != nil {
			return nil, err
		}
		files = append(files, text{name, string(data), false})
	}
	return loadTexts(files)
}

// LoadSources compiles rules files. IDs and names must be unique across
// all of them.
func LoadSources(srcs ...Source) (*Set, error) {
	files := make([]text, len(srcs))
	for i, src := range srcs {
		files[i] = text{src.Name, string(src.Data), src.Builtin}
	}
	return loadTexts(files)
}

func loadTexts(files []text) (*Set, error) {
	s := &Set{index: make(map[string]*Rule)}
	var errs Errors
	for _, f := range files {
		rules, ferrs := parseFile(f.name, f.src, f.builtin)
		errs = append(errs, ferrs...)
		for _, r := range rules {
			if prev := s.clash(r); prev != nil {
				errs = append(errs, &LoadError{File: r.File, Line: r.Line, Rule: r.ID,
					Msg: "duplicate rule ID or name; first defined at " + prev.File + ":" + itoa(prev.Line)})
				continue
			}
			s.index[r.ID] = r
			s.index[r.Name] = r
			s.rules = append(s.rules, r)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	sort.Slice(s.rules, func(i, j int) bool { return s.rules[i].ID < s.rules[j].ID })
	return s, nil
}

// clash returns a loaded rule whose ID or name r reuses (IDs compare
// without case, as Lookup does).
func (s *Set) clash(r *Rule) *Rule {
	for _, k := range []string{r.ID, strings.ToUpper(r.ID), r.Name} {
		if prev, ok := s.index[k]; ok {
			return prev
		}
	}
	for _, prev := range s.rules {
		if strings.EqualFold(prev.ID, r.ID) {
			return prev
		}
	}
	return nil
}
