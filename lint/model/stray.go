package model

import (
	"strings"

	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/syntax"
)

// StrayArgs are command arguments given to a Postfix daemon that takes
// none. The usual cause is a blank inside an -o value: master.cf splits
// "-o name=a, b" into "-o", "name=a," and "b", and getopt stops at "b",
// so "b" and everything after it are arguments.
type StrayArgs struct {
	// Text is the first stray word, and At covers all of them; Text is ""
	// when the service has none.
	Text string
	At   Location
	// Option is the -o parameter whose value the first stray word
	// continues (the value ends in ','), or "".
	Option string
	// Fix covers the option value and the stray words that continue it,
	// and Old and New are their text before and after joining them
	// without blanks. Old is "" when no safe join exists: the value does
	// not end in ',', or a comment line sits in between.
	Fix      Location
	Old, New string
}

// StrayArgs returns the stray arguments of service s, if any.
func (e Env) StrayArgs(s *Service) StrayArgs {
	if s == nil || e.c == nil || s.Stock || s.node == nil || len(s.node.Args) == 0 {
		return StrayArgs{}
	}
	n := s.node
	args := n.Args
	d, ok := postfix.LookupDaemon(s.Command, e.c.Version)
	switch {
	case !ok:
		return StrayArgs{}
	case d.Arguments == postfix.ArgsAttributes:
		// pipe and spawn read name=value attributes up to argv=, which
		// takes the rest; a word without '=' before it is "unknown
		// attribute name" to them.
		k := 0
		for k < len(args) && strings.Contains(args[k].Text, "=") && !strings.HasPrefix(args[k].Text, "argv=") {
			k++
		}
		if k == len(args) || strings.Contains(args[k].Text, "=") {
			return StrayArgs{}
		}
		if k > 0 {
			// Not the continuation of an -o value.
			return StrayArgs{Text: args[k].Text, At: locate(s.src, args[k].Pos, args[k].End)}
		}
		args = args[:1]
	}
	var last *optionArg
	if k := len(n.Options); k > 0 {
		o := n.Options[k-1]
		if o.Flag == 'o' && o.Setting == nil {
			return StrayArgs{} // "-o name = value": the parser reports it
		}
		if o.Flag == 'o' && o.Arg != nil && !o.Setting.Braced {
			last = &optionArg{name: o.Setting.Name.Text, pos: int(o.Arg.Pos), end: int(o.Arg.End)}
		}
	}
	sa := StrayArgs{
		Text: args[0].Text,
		At:   locate(s.src, args[0].Pos, args[len(args)-1].End),
	}
	f := e.c.MasterFile
	if last == nil || f == nil || !strings.HasSuffix(string(f.Src[last.pos:last.end]), ",") {
		return sa
	}
	sa.Option = last.name
	// Join the words that continue the list: each one after a word that
	// ends in ','. Only blanks and line breaks may sit in between.
	joined := string(f.Src[last.pos:last.end])
	end := last.end
	for _, w := range args {
		gap := string(f.Src[end:w.Pos])
		if !strings.HasSuffix(joined, ",") || strings.Trim(gap, " \t\r\n") != "" {
			break
		}
		joined += w.Text
		end = int(w.End)
	}
	if end == last.end {
		return sa
	}
	sa.Fix = locate(s.src, syntax.Pos(last.pos), syntax.Pos(end))
	sa.Old = string(f.Src[last.pos:end])
	sa.New = joined
	return sa
}

type optionArg struct {
	name     string
	pos, end int
}

// DaemonCheck says whether a master.cf command is a daemon of the target
// release.
type DaemonCheck struct {
	Known bool   // a daemon of the target release
	Since string // the first release that has it, when a later one does
	Near  string // a daemon of the release with a similar name
}

// Daemon checks the command name of a master.cf service (its base name).
func (e Env) Daemon(name string) DaemonCheck {
	if e.c == nil {
		return DaemonCheck{Known: true}
	}
	if _, ok := postfix.LookupDaemon(name, e.c.Version); ok {
		return DaemonCheck{Known: true}
	}
	dc := DaemonCheck{Near: postfix.SuggestDaemon(name, e.c.Version)}
	if v, ok := postfix.DaemonSince(name); ok {
		dc.Since = v.String()
		dc.Near = ""
	}
	return dc
}
