package model

import (
	"fmt"
	"math"
	"path"
	"strconv"
	"strings"

	"github.com/postlint/postlint/lint/postfix"
)

// ValueCheck is what the target release's code does with the value of a
// setting, as its configuration tables read it (see Env.Check).
type ValueCheck struct {
	// Kind is how the release reads the parameter (postfix.Kind): "bool",
	// "int", "long", "time", "str", ...; "" when it does not read it with
	// a typed table entry, or does not read it at all.
	Kind string
	// Read reports that the release reads the parameter.
	Read bool
	// Bad reports that the value cannot be converted: every program that
	// reads the parameter stops with Problem.
	Bad bool
	// OutOfRange reports a converted value outside the bounds of the
	// release's table entry: the programs that read it stop with Problem.
	OutOfRange bool
	// Problem is Postfix's fatal message, e.g. `bad numerical
	// configuration: smtpd_recipient_limit = 10k`.
	Problem string
	// Ignored is the text that a time value has after its unit letter:
	// Postfix 3.1 and later ignore it, so "1h30m" means one hour.
	Ignored string
	// Number is the converted value (seconds for a time).
	Number int64
	// BadWords are the words of a value that takes words from a fixed set
	// (see postfix.Enum) that the release does not know; EnumOnBad says
	// what Postfix does then ("fatal", "tls-off" or "ignored") and
	// Allowed lists the words it knows. WarnWords are words it accepts
	// only with a warning, treating them as another.
	BadWords, WarnWords, Allowed []string
	EnumOnBad                    string
	// Runs reports that a program that reads the parameter runs in this
	// configuration: every process reads it, or master.cf (the stock one
	// without a master.cf) has a service whose daemon reads it; for a -o
	// override, that service's daemon. Where none runs, a bad value breaks
	// nothing yet.
	Runs bool
}

// Check tells how the target release reads a setting's expanded value.
// Values that refer to undefined or looping macros are not checked (other
// rules report those), nor values postlint cannot expand.
func (e Env) Check(p *Param) ValueCheck {
	if e.c == nil || p == nil {
		return ValueCheck{}
	}
	return e.c.check(p.Name, p.Value, p.Expanded, p.Service)
}

// readerRuns reports whether a daemon that reads parameter p runs: for an
// override of service svc, svc's daemon, else any service's.
func (c *Config) readerRuns(p *postfix.Param, svc *Service) bool {
	if p.ReadByAll {
		return true
	}
	services := c.ServicesOrStock()
	if svc != nil {
		services = []*Service{svc}
	}
	for _, s := range services {
		cmd := path.Base(s.Command)
		for _, r := range p.Readers {
			if cmd == r {
				return true
			}
		}
	}
	return false
}

func (c *Config) check(name, raw, value string, svc *Service) ValueCheck {
	pp, ok := postfix.Lookup(name)
	if !ok {
		if s, derived := c.serviceSuffix(name); derived {
			pp, ok = postfix.Lookup("transport" + s.Suffix)
		}
	}
	if !ok {
		return ValueCheck{}
	}
	f, in := pp.In(c.Version)
	if !in {
		return ValueCheck{}
	}
	vc := ValueCheck{Kind: string(f.Kind), Read: true, Runs: c.readerRuns(pp, svc)}
	switch {
	case f.Kind.Boolean():
		if !strings.EqualFold(value, "yes") && !strings.EqualFold(value, "no") {
			vc.Bad, vc.Problem = true, fmt.Sprintf("bad boolean configuration: %s = %s", name, value)
		}
	case f.Kind.Numeric():
		bits := 32
		if f.Kind == postfix.KindLong {
			bits = 64
		}
		n, ok := parseCInt(value, bits)
		if !ok {
			vc.Bad, vc.Problem = true, fmt.Sprintf("bad numerical configuration: %s = %s", name, value)
			break
		}
		vc.Number = n
		switch {
		case f.Min != 0 && n < f.Min:
			vc.OutOfRange, vc.Problem = true, fmt.Sprintf("invalid %s parameter value %d < %d", name, n, f.Min)
		case f.Max != 0 && n > f.Max:
			vc.OutOfRange, vc.Problem = true, fmt.Sprintf("invalid %s parameter value %d > %d", name, n, f.Max)
		}
	case f.Kind == postfix.KindTime:
		secs, rest, ok := convTime(value, f.Unit, c.Version)
		if !ok {
			vc.Bad, vc.Problem = true, fmt.Sprintf("parameter %s: bad time value or unit: %s", name, value)
			break
		}
		vc.Number, vc.Ignored = secs, rest
		switch {
		case f.Min != 0 && secs < f.Min:
			vc.OutOfRange, vc.Problem = true, fmt.Sprintf("invalid %s: %d (min %d)", name, secs, f.Min)
		case f.Max != 0 && secs > f.Max:
			vc.OutOfRange, vc.Problem = true, fmt.Sprintf("invalid %s: %d (max %d)", name, secs, f.Max)
		}
	case f.Kind == postfix.KindStr || f.Kind == postfix.KindRaw || f.Kind == postfix.KindStrFn:
		vc.checkEnum(pp.Name, name, value, c.Version)
		if strings.Contains(raw, "$") && f.Kind != postfix.KindRaw {
			// The expansion may use values postlint does not know
			// (myhostname): judge the length of literal values only.
			break
		}
		n := int64(len(value))
		format := "bad string length %d %s %d: %s = %s"
		if f.Kind == postfix.KindRaw {
			format = "bad string length (%d %s %d): %s = %s"
		}
		switch {
		case f.Min != 0 && n < f.Min:
			vc.OutOfRange, vc.Problem = true, fmt.Sprintf(format, n, "<", f.Min, name, value)
		case f.Max != 0 && n > f.Max:
			vc.OutOfRange, vc.Problem = true, fmt.Sprintf(format, n, ">", f.Max, name, value)
		}
	}
	return vc
}

// parseCInt reads a number as Postfix's configuration code does (sscanf
// "%d%c" or "%ld%c"): optional leading white space and sign, decimal
// digits, nothing after them, within the range of a C int or long.
func parseCInt(s string, bits int) (int64, bool) {
	t := strings.TrimLeft(s, " \t\n\r\f\v")
	digits := strings.TrimLeft(t, "+-")
	if len(t)-len(digits) > 1 || !allDigits(digits) {
		return 0, false
	}
	n, err := strconv.ParseInt(t, 10, bits)
	return n, err == nil
}

// Time unit sizes, and the limits of conv_time: a value must stay below
// INT_MAX after conversion.
const (
	minute = 60
	hour   = 60 * minute
	day    = 24 * hour
	week   = 7 * day
)

// convTime converts a time value as conv_time of release v does: strtol
// (leading white space, sign, decimal digits; no digits reads as 0), then
// one unit letter s, m, h, d or w, or none for the parameter's default
// unit. Postfix 3.1 and later ignore what follows the unit letter (it is
// returned as rest); older releases reject it. Negative values, values
// beyond a C int and lower- or upper-case letters other than the five
// units are bad.
func convTime(s string, defUnit byte, v postfix.Version) (secs int64, rest string, ok bool) {
	if s == "" {
		return 0, "", false
	}
	t := strings.TrimLeft(s, " \t\n\r\f\v")
	i := 0
	if i < len(t) && (t[i] == '+' || t[i] == '-') {
		i++
	}
	j := i
	for j < len(t) && t[j] >= '0' && t[j] <= '9' {
		j++
	}
	var n int64
	end := s // strtol leaves end at the start when there are no digits
	if j > i {
		var err error
		if n, err = strconv.ParseInt(t[:j], 10, 64); err != nil || n > math.MaxInt32 || n < 0 {
			return 0, "", false
		}
		end = t[j:]
	}
	unit := defUnit
	if end != "" {
		unit = end[0]
		rest = end[1:]
	}
	if rest != "" && v.Less(postfix.Version{Major: 3, Minor: 1}) {
		return 0, "", false
	}
	var size int64
	switch unit {
	case 's':
		return n, rest, true
	case 'm':
		size = minute
	case 'h':
		size = hour
	case 'd':
		size = day
	case 'w':
		size = week
	default:
		return 0, "", false
	}
	if n >= math.MaxInt32/size {
		return 0, "", false
	}
	return n * size, rest, true
}

// checkEnum looks at the words of a value that takes words from a fixed
// set; an empty value is left to the bounds.
func (vc *ValueCheck) checkEnum(table, name, value string, v postfix.Version) {
	e, ok := postfix.LookupEnum(table, v)
	if !ok || strings.TrimSpace(value) == "" {
		return
	}
	words := []string{strings.TrimSpace(value)}
	if e.List {
		words = strings.FieldsFunc(value, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
	}
	for _, w := range words {
		switch {
		case !e.Accepts(w):
			vc.BadWords = append(vc.BadWords, w)
		case e.Warns(w):
			vc.WarnWords = append(vc.WarnWords, w)
		}
	}
	vc.Allowed, vc.EnumOnBad = e.Words, e.OnBad
	if len(vc.BadWords) > 0 && vc.Problem == "" {
		msg, _, _ := strings.Cut(e.Message, " | ") // the first of the messages the facts list
		for _, prefix := range []string{"fatal: ", "warning: ", "warn: "} {
			msg = strings.TrimPrefix(msg, prefix)
		}
		vc.Problem = strings.NewReplacer("<word>", vc.BadWords[0], "<value>", value, "%s", name).Replace(msg)
	}
}
