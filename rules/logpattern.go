package rules

import (
	"fmt"
	"regexp"
	"strings"
)

// LogPattern is one [[rule.log]] entry: a mail log line that shows the
// rule's failure. "postlint why" matches it against each line's message
// (the text after "program[pid]: " and the queue ID) and blames the
// rule's findings whose subject agrees with the named captures.
type LogPattern struct {
	// Program is the daemon that logs the line (smtp, smtpd, qmgr),
	// the last part of the syslog tag; "" for any.
	Program string
	Pattern *regexp.Regexp
	// Context, when set, must match an earlier line of the same
	// process since its previous delivery status line: it tells apart
	// failures that end in the same status ("Cannot start TLS:
	// handshake failure" after "wrong version number" or after a
	// missing tlsproxy).
	Context *regexp.Regexp
}

// LogCaptures are the capture names a pattern may use; each narrows the
// findings a log line blames (see docs/rules-format.md).
var LogCaptures = []string{"host", "addr", "port", "hop", "service", "value"}

func (b *ruleBuilder) logPattern(lt *logTOML) *LogPattern {
	l := &LogPattern{Program: lt.Program}
	if strings.TrimSpace(lt.Pattern) == "" {
		b.errorf("rule.log", "log: missing pattern")
		return nil
	}
	var err error
	if l.Pattern, err = regexp.Compile(lt.Pattern); err != nil {
		b.errorf("rule.log.pattern", "log: pattern: %v", err)
		return nil
	}
	for _, name := range l.Pattern.SubexpNames()[1:] {
		if name != "" && !contains(LogCaptures, name) {
			b.errorf("rule.log.pattern", "log: pattern: unknown capture %q (want one of %s)", name, strings.Join(LogCaptures, ", "))
			return nil
		}
	}
	if lt.Context != "" {
		if l.Context, err = regexp.Compile(lt.Context); err != nil {
			b.errorf("rule.log.context", "log: context: %v", err)
			return nil
		}
	}
	if lt.Program != "" && !programRe.MatchString(lt.Program) {
		b.errorf("rule.log.program", "log: program %q: want a daemon name such as smtp or smtpd", lt.Program)
		return nil
	}
	return l
}

var programRe = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// String describes the pattern for explain.
func (l *LogPattern) String() string {
	s := l.Pattern.String()
	if l.Program != "" {
		s = l.Program + ": " + s
	}
	if l.Context != nil {
		s += fmt.Sprintf(" (after %s)", l.Context)
	}
	return s
}
