package rules

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// LogPattern is one [[rule.log]] entry: a mail log line that shows the
// rule's failure. "postlint why" matches it against each line's message
// (the text after "program[pid]: " and the queue ID) and blames the
// rule's findings whose subject agrees with the named captures.
//
// The expressions compile on first use: only "postlint why" matches
// them, and compiling every built-in pattern cost a few milliseconds of
// every run. User rules are compiled and checked when they load.
type LogPattern struct {
	// Program is the daemon that logs the line (smtp, smtpd, qmgr),
	// the last part of the syslog tag; "" for any.
	Program string
	// Source is the pattern's regular expression.
	Source string
	// ContextSource, when set, is an expression that must match an
	// earlier line of the same process since its previous delivery
	// status line: it tells apart failures that end in the same status
	// ("Cannot start TLS: handshake failure" after "wrong version
	// number" or after a missing tlsproxy).
	ContextSource string

	once             sync.Once
	pattern, context *regexp.Regexp
}

// NewLogPattern returns a pattern compiled on first use; the sources must
// compile (built-in tables, checked by their tests).
func NewLogPattern(program, pattern, context string) *LogPattern {
	return &LogPattern{Program: program, Source: pattern, ContextSource: context}
}

// Pattern returns the compiled pattern.
func (l *LogPattern) Pattern() *regexp.Regexp { l.compile(); return l.pattern }

// Context returns the compiled context pattern, nil when there is none.
func (l *LogPattern) Context() *regexp.Regexp { l.compile(); return l.context }

func (l *LogPattern) compile() {
	l.once.Do(func() {
		l.pattern = regexp.MustCompile(l.Source)
		if l.ContextSource != "" {
			l.context = regexp.MustCompile(l.ContextSource)
		}
	})
}

// Check compiles the pattern and reports what is wrong with it: a
// syntax error, a capture name "why" does not know, a bad program name.
func (l *LogPattern) Check() (key string, err error) {
	p, err := regexp.Compile(l.Source)
	if err != nil {
		return "rule.log.pattern", fmt.Errorf("log: pattern: %v", err)
	}
	for _, name := range p.SubexpNames()[1:] {
		if name != "" && !contains(LogCaptures, name) {
			return "rule.log.pattern", fmt.Errorf("log: pattern: unknown capture %q (want one of %s)", name, strings.Join(LogCaptures, ", "))
		}
	}
	var c *regexp.Regexp
	if l.ContextSource != "" {
		if c, err = regexp.Compile(l.ContextSource); err != nil {
			return "rule.log.context", fmt.Errorf("log: context: %v", err)
		}
	}
	if l.Program != "" && !programRe().MatchString(l.Program) {
		return "rule.log.program", fmt.Errorf("log: program %q: want a daemon name such as smtp or smtpd", l.Program)
	}
	l.once.Do(func() { l.pattern, l.context = p, c })
	return "", nil
}

// CheckLogPatterns checks the log patterns of rs, which for built-in
// tables compile only when first used, and returns how many there are.
func CheckLogPatterns(rs []*Rule) (int, error) {
	n := 0
	for _, r := range rs {
		for _, l := range r.Log {
			n++
			if _, err := l.Check(); err != nil {
				return n, fmt.Errorf("%s: %w", r.ID, err)
			}
		}
	}
	return n, nil
}

// LogCaptures are the capture names a pattern may use; each narrows the
// findings a log line blames (see docs/rules-format.md).
var LogCaptures = []string{"host", "addr", "port", "hop", "service", "value"}

// logPattern builds a [[rule.log]] entry. Built-in patterns compile when
// "why" first uses them (TestBuiltinLogPatterns checks them all); user
// patterns are checked now, so that a mistake is reported at load.
func (b *ruleBuilder) logPattern(lt *logTOML) *LogPattern {
	if strings.TrimSpace(lt.Pattern) == "" {
		b.errorf("rule.log", "log: missing pattern")
		return nil
	}
	l := NewLogPattern(lt.Program, lt.Pattern, lt.Context)
	if b.builtin {
		return l
	}
	if key, err := l.Check(); err != nil {
		b.errorf(key, "%v", err)
		return nil
	}
	return l
}

var programRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z][a-z0-9-]*$`) })

// String describes the pattern for explain.
func (l *LogPattern) String() string {
	s := l.Source
	if l.Program != "" {
		s = l.Program + ": " + s
	}
	if l.ContextSource != "" {
		s += fmt.Sprintf(" (after %s)", l.ContextSource)
	}
	return s
}
