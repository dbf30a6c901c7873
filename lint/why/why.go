package why

import (
	"regexp/syntax"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/maillog"
	"github.com/postlint/postlint/lint/model"
	"github.com/postlint/postlint/rules"
)

// Cause is one symptom: the lines of one log pattern of one rule, from
// one syslog tag, about one server or value.
type Cause struct {
	Rule     *rules.Rule
	Pattern  *rules.LogPattern
	Tag      string            // the syslog tag of the lines: postfix/smtp
	Captures map[string]string // the pattern's named captures
	Count    int
	First    maillog.Line
	Last     maillog.Line
	// QueueIDs are the messages the lines are about, in the order first
	// seen.
	QueueIDs []string
	// Findings are the configuration lines responsible; empty when the
	// configuration does not explain the lines.
	Findings []lint.Finding

	matched []maillog.Line // every line, to tell who explains it
}

// Server is the host and port the lines name ("" when they name none),
// as "host:port" or "[addr]:port", for postlint probe.
func (c *Cause) Server() string {
	host := c.Captures["host"]
	if host == "" || host == "none" {
		host = c.Captures["addr"]
	}
	if host == "" {
		return c.Captures["hop"]
	}
	if p := c.Captures["port"]; p != "" {
		return "[" + host + "]:" + p
	}
	return host
}

// contextLines bounds what is kept per process for context patterns.
const contextLines = 32

// Analyzer collects the symptoms of a log.
type Analyzer struct {
	pats []pattern
	// sessions holds, by tag[pid], the lines since the process's last
	// delivery status that some context pattern matches: only those,
	// so that a large log does not stay in memory.
	sessions map[string][]string
	causes   map[string]*Cause
	order    []*Cause
}

type pattern struct {
	rule *rules.Rule
	log  *rules.LogPattern
	lit  string // a literal every match contains, to skip lines fast
}

// New returns an analyzer for the log patterns of the rules in set, and
// of hints: checks that no configuration setting explains (the live
// checks of postlint probe), whose lines are shown where no rule of set
// explains them.
func New(set *rules.Set, hints ...*rules.Rule) *Analyzer {
	a := &Analyzer{sessions: map[string][]string{}, causes: map[string]*Cause{}}
	for _, r := range append(slices.Clone(set.Rules()), hints...) {
		for _, l := range r.Log {
			a.pats = append(a.pats, pattern{rule: r, log: l, lit: literal(l.Source)})
		}
	}
	return a
}

// Add looks at one log line; lines must come in log order.
func (a *Analyzer) Add(l maillog.Line) {
	session := l.Tag + "[" + l.PID + "]"
	prog := l.Program()
	for _, p := range a.pats {
		if p.log.Program != "" && p.log.Program != prog || p.lit != "" && !strings.Contains(l.Text, p.lit) {
			continue
		}
		m := p.log.Pattern().FindStringSubmatch(l.Text)
		if m == nil {
			continue
		}
		if p.log.Context() != nil && !slices.ContainsFunc(a.sessions[session], p.log.Context().MatchString) {
			continue
		}
		a.record(p, l, m)
	}
	if strings.Contains(l.Text, "status=") {
		delete(a.sessions, session)
		return
	}
	if !a.isContext(prog, l.Text) {
		return
	}
	a.sessions[session] = append(a.sessions[session], l.Text)
	if s := a.sessions[session]; len(s) > contextLines {
		a.sessions[session] = s[1:]
	}
}

// isContext reports whether a context pattern for the program matches.
func (a *Analyzer) isContext(prog, text string) bool {
	for _, p := range a.pats {
		if p.log.Context() != nil && (p.log.Program == "" || p.log.Program == prog) && p.log.Context().MatchString(text) {
			return true
		}
	}
	return false
}

func (a *Analyzer) record(p pattern, l maillog.Line, m []string) {
	caps := map[string]string{}
	for i, name := range p.log.Pattern().SubexpNames() {
		if name != "" && m[i] != "" {
			caps[name] = m[i]
		}
	}
	key := p.rule.ID + "\x00" + p.log.String() + "\x00" + l.Tag
	names := make([]string, 0, len(caps))
	for k := range caps {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		key += "\x00" + k + "=" + caps[k]
	}
	c := a.causes[key]
	if c == nil {
		c = &Cause{Rule: p.rule, Pattern: p.log, Tag: l.Tag, Captures: caps, First: l}
		a.causes[key] = c
		a.order = append(a.order, c)
	}
	c.matched = append(c.matched, l)
}

// tally sets the counts, times and queue IDs from lines.
func (c *Cause) tally(lines []maillog.Line) {
	c.Count, c.QueueIDs = len(lines), nil
	c.First, c.Last = lines[0], lines[len(lines)-1]
	seen := map[string]bool{}
	for _, l := range lines {
		if l.QueueID != "" && !seen[l.QueueID] {
			seen[l.QueueID] = true
			c.QueueIDs = append(c.QueueIDs, l.QueueID)
		}
	}
}

// Causes returns the symptoms seen, in the order first seen, each with
// the findings of its rule that the lines point at in the configuration
// in. A line several patterns match is shown with the causes that have
// findings; when none has, with the first hint, else the first cause.
func (a *Analyzer) Causes(in lint.Input, set *rules.Set) ([]*Cause, error) {
	for _, c := range a.order {
		id := c.Rule.ID
		if set.Lookup(id) == nil {
			continue // a hint
		}
		fs, err := lint.Run(in, set, lint.Options{
			Enabled: func(rid string) bool { return rid == id },
			Subject: c.accepts,
		})
		if err != nil {
			return nil, err
		}
		c.Findings = fs
	}
	type lineKey struct {
		file string
		num  int
	}
	owners := map[lineKey][]*Cause{}
	for _, c := range a.order {
		for _, l := range c.matched {
			k := lineKey{l.File, l.Num}
			owners[k] = append(owners[k], c)
		}
	}
	owned := map[*Cause]map[lineKey]bool{}
	own := func(c *Cause, k lineKey) {
		if owned[c] == nil {
			owned[c] = map[lineKey]bool{}
		}
		owned[c][k] = true
	}
	for k, cs := range owners {
		var explained []*Cause
		for _, c := range cs {
			if len(c.Findings) > 0 {
				explained = append(explained, c)
			}
		}
		switch {
		case len(explained) > 0:
			for _, c := range explained {
				own(c, k)
			}
		default:
			owner := cs[0]
			for _, c := range cs {
				if set.Lookup(c.Rule.ID) == nil {
					owner = c
					break
				}
			}
			own(owner, k)
		}
	}
	var out []*Cause
	for _, c := range a.order {
		var lines []maillog.Line
		for _, l := range c.matched {
			if owned[c][lineKey{l.File, l.Num}] {
				lines = append(lines, l)
			}
		}
		if len(lines) > 0 {
			c.tally(lines)
			out = append(out, c)
		}
	}
	return out, nil
}

// accepts reports whether the lines of c point at the subject of env.
func (c *Cause) accepts(env model.Env) bool {
	tagged := c.taggedServices(env)
	switch {
	case env.Route != nil:
		return c.acceptsRoute(env.Route, tagged)
	case env.Param != nil:
		return c.acceptsParam(env.Param, tagged)
	case env.Service != nil:
		s := env.Service
		if svc := c.Captures["service"]; svc != "" && s.Name != svc {
			return false
		}
		return len(tagged) == 0 || slices.Contains(tagged, s)
	}
	return true
}

// taggedServices returns the services that log with the lines' syslog
// tag (syslog_name/daemon), nil when none does: a log from a host whose
// syslog names differ from this configuration's.
func (c *Cause) taggedServices(env model.Env) []*model.Service {
	var all []*model.Service
	all = append(all, env.Services...)
	for _, r := range env.Routes {
		if !slices.Contains(all, r.Service) {
			all = append(all, r.Service)
		}
	}
	var out []*model.Service
	for _, s := range all {
		if s != nil && s.Get("syslog_name")+"/"+s.Command == c.Tag {
			out = append(out, s)
		}
	}
	return out
}

func (c *Cause) acceptsRoute(r *model.Route, tagged []*model.Service) bool {
	prog := c.First.Program()
	if (prog == "smtp" || prog == "lmtp") && r.Service.Command != prog {
		return false
	}
	if len(tagged) > 0 && !slices.Contains(tagged, r.Service) {
		return false
	}
	if svc := c.Captures["service"]; svc != "" && r.Transport != svc {
		return false
	}
	if p := c.Captures["port"]; p != "" && strconv.Itoa(r.Port) != p {
		return false
	}
	if hop := c.Captures["hop"]; hop != "" && !strings.EqualFold(hop, r.Hop) {
		return false
	}
	host, addr := c.Captures["host"], c.Captures["addr"]
	if host == "" && addr == "" || r.MX || !r.Bracketed {
		// Without brackets the server's name comes from DNS (MX or A
		// records): only the port can be compared.
		return true
	}
	return strings.EqualFold(r.Host, host) || strings.EqualFold(r.Host, addr) ||
		strings.EqualFold(r.Host, "ipv6:"+addr)
}

func (c *Cause) acceptsParam(p *model.Param, tagged []*model.Service) bool {
	// smtpd_* settings are not what an smtp client line is about, and
	// so on; unprefixed (tls_*) ones are shared.
	prefix, _, _ := strings.Cut(p.Name, "_")
	if slices.Contains(daemons, prefix) && slices.Contains(daemons, c.First.Program()) && prefix != c.First.Program() {
		return false
	}
	if v, ok := c.Captures["value"]; ok && squeeze(p.Expanded) != squeeze(v) {
		return false
	}
	if svc := c.Captures["service"]; svc != "" {
		if p.InMaster && p.Service.Name != svc {
			return false
		}
		if !p.InMaster && !strings.Contains(p.Expanded, svc) && !strings.Contains(p.Expanded, "/") {
			return false
		}
	}
	if len(tagged) == 0 {
		return true
	}
	if p.InMaster {
		return slices.Contains(tagged, p.Service)
	}
	// A main.cf setting that every service logging so overrides with
	// its own -o is not what they used.
	for _, s := range tagged {
		if !s.Overrides(p.Name) {
			return true
		}
	}
	return false
}

// daemons are the programs whose settings carry their name as prefix.
var daemons = []string{"smtp", "smtpd", "lmtp", "tlsproxy", "postscreen"}

func squeeze(s string) string { return strings.Join(strings.Fields(s), " ") }

// literal returns the longest literal text every match of the regular
// expression contains, "" when there is none worth checking.
func literal(expr string) string {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return ""
	}
	re = re.Simplify()
	best := ""
	var subs []*syntax.Regexp
	switch re.Op {
	case syntax.OpConcat:
		subs = re.Sub
	case syntax.OpLiteral:
		subs = []*syntax.Regexp{re}
	}
	for _, s := range subs {
		if s.Op == syntax.OpLiteral && s.Flags&syntax.FoldCase == 0 && len(s.Rune) > len([]rune(best)) {
			best = string(s.Rune)
		}
	}
	if len(best) < 4 {
		return ""
	}
	return best
}
