package main

import (
	"bufio"
	"errors"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
)

// postconf.proto supplies what only the documentation has: which names
// are placeholders for master.cf service names (transport_time_limit),
// deprecations and their replacements, and the documented default of
// names that no release's postconf prints.

// doc is one %PARAM block of postconf.proto.
type doc struct {
	name string
	def  string // default as written, HTML entities decoded
	text string // description as plain text, one paragraph per line
}

// parseProto reads the %PARAM blocks. Text before the first %PARAM or
// %CLASS line is the file's own comment header; %CLASS blocks describe
// parameter groups and are skipped.
func parseProto(r io.Reader) (map[string]*doc, error) {
	docs := make(map[string]*doc)
	var cur *doc
	var body []string
	flush := func() {
		if cur != nil {
			cur.text = plainText(strings.Join(body, "\n"))
		}
		cur, body = nil, nil
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	inComment := false
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "%PARAM"):
			flush()
			fields := strings.Fields(line)
			if len(fields) < 2 {
				return nil, fmt.Errorf("%%PARAM line without name: %q", line)
			}
			name := fields[1]
			if _, dup := docs[name]; dup {
				return nil, fmt.Errorf("duplicate %%PARAM %s", name)
			}
			def := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(line, "%PARAM")), name))
			cur = &doc{name: name, def: decodeEntities(def)}
			docs[name] = cur
		case strings.HasPrefix(line, "%CLASS"):
			flush()
		case cur != nil:
			// "<!--" and "-->" stand on lines of their own (see the proto header).
			switch strings.TrimSpace(line) {
			case "<!--":
				inComment = true
				continue
			case "-->":
				inComment = false
				continue
			}
			if !inComment {
				body = append(body, line)
			}
		}
	}
	flush()
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(docs) == 0 {
		return nil, errors.New("no %PARAM blocks")
	}
	return docs, nil
}

var (
	blockTagRe = regexp.MustCompile(`(?i)</?(?:p|pre|blockquote|dl|dt|dd|ul|ol|li|br)\b[^>]*>`)
	tagRe      = regexp.MustCompile(`<[^>]*>`)
	spaceRe    = regexp.MustCompile(`[ \t\r\n]+`)
	paraRe     = regexp.MustCompile(` *\n[ \n]*`)
)

// decodeEntities turns the proto's HTML escapes into plain text, spelling
// &ge; and &le; as ASCII operators so that defaults stay easy to parse.
func decodeEntities(s string) string {
	s = strings.NewReplacer("&ge;", ">=", "&le;", "<=").Replace(s)
	return html.UnescapeString(s)
}

// plainText removes the markup of a description. Block elements become
// line breaks, so that one line holds one paragraph (or list item, or
// example); other whitespace is collapsed to single spaces.
func plainText(raw string) string {
	s := blockTagRe.ReplaceAllString(raw, "\x00")
	s = tagRe.ReplaceAllString(s, " ")
	s = spaceRe.ReplaceAllString(s, " ")
	s = strings.ReplaceAll(s, "\x00", "\n")
	s = paraRe.ReplaceAllString(s, "\n")
	s = decodeEntities(s)
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// isTemplate reports whether d documents the per-transport form
// "transport_xxx", where "transport" stands for a master.cf service name.
func isTemplate(d *doc) bool {
	return strings.HasPrefix(d.name, "transport_") &&
		(strings.Contains(d.text, "where transport is the master.cf name") ||
			strings.Contains(d.text, "where the initial transport in the parameter name is the master.cf name"))
}

// Deprecation sentences of postconf.proto, as they are actually worded.
// Each pattern names its version and replacement groups ("v", "repl").
var deprecationRes = []*regexp.Regexp{
	regexp.MustCompile(`(?i)renamed to (?P<repl>\w+) in Postfix (?:version )?(?P<v>\d+\.\d+(?:\.\d+)?)`),
	regexp.MustCompile(`With Postfix (?P<v>\d+\.\d+(?:\.\d+)?) this parameter is renamed to (?P<repl>\w+)`),
	regexp.MustCompile(`version (?P<v>\d+\.\d+(?:\.\d+)?) renamed this parameter to (?P<repl>\w+)`),
	regexp.MustCompile(`With Postfix (?P<v>\d+\.\d+(?:\.\d+)?) it was renamed to (?P<repl>\w+)`),
	regexp.MustCompile(`replaced by (?P<repl>\w+) in Postfix (?:version )?(?P<v>\d+\.\d+(?:\.\d+)?)`),
	regexp.MustCompile(`With Postfix (?P<v>\d+\.\d+(?:\.\d+)?) and later,? use (?P<repl>\w+) instead`),
	regexp.MustCompile(`not used with Postfix (?P<v>\d+\.\d+(?:\.\d+)?) and later; use (?P<repl>\w+) instead`),
	regexp.MustCompile(`deprecated as of Postfix (?P<v>\d+\.\d+(?:\.\d+)?)\. Specify (?P<repl>\w+) instead`),
	regexp.MustCompile(`As of Postfix (?P<v>\d+\.\d+(?:\.\d+)?), this parameter is deprecated; use (?P<repl>\w+) instead`),
	regexp.MustCompile(`deprecated as of Postfix (?P<v>\d+\.\d+(?:\.\d+)?)`),
	regexp.MustCompile(`has had no effect since Postfix (?P<v>\d+\.\d+(?:\.\d+)?)`),
	regexp.MustCompile(`is ignored in Postfix (?P<v>\d+\.\d+(?:\.\d+)?) and later`),
	regexp.MustCompile(`With Postfix >= (?P<v>\d+\.\d+(?:\.\d+)?) [^.\n]*this parameter is silently ignored`),
	regexp.MustCompile(`With Postfix (?:version )?(?P<v>\d+\.\d+(?:\.\d+)?) and later, this is replaced by separate controls: (?P<repl>\w+)`),
	regexp.MustCompile(`Postfix (?P<v>\d+\.\d+(?:\.\d+)?) and later use (?P<repl>\w+)\.`),
	regexp.MustCompile(`^Obsolete `),
}

// findDeprecation applies deprecationRes to the text of d. The earliest
// version wins, and the first replacement that names a known parameter.
// A replacement that is not a parameter (e.g. a restriction name) is not
// recorded. The note is the first matching sentence.
func findDeprecation(d *doc, known func(string) bool) *deprecation {
	var dep *deprecation
	for _, re := range deprecationRes {
		loc := re.FindStringSubmatchIndex(d.text)
		if loc == nil {
			continue
		}
		var v version
		var repl string
		for i, name := range re.SubexpNames() {
			if loc[2*i] < 0 {
				continue
			}
			s := d.text[loc[2*i]:loc[2*i+1]]
			switch name {
			case "v":
				v, _ = parseVersion(s)
			case "repl":
				if known(s) && s != d.name {
					repl = s
				}
			}
		}
		if dep == nil {
			dep = &deprecation{since: v, note: sentence(d.text, loc[0], loc[1])}
			dep.replacement = repl
			continue
		}
		if v != (version{}) && (dep.since == (version{}) || v.less(dep.since)) {
			dep.since = v
		}
		if dep.replacement == "" {
			dep.replacement = repl
		}
	}
	return dep
}

type deprecation struct {
	since       version
	replacement string
	note        string
}

// sentence returns text[i:j] extended to whole sentences: back to the
// previous ". " or line break, and forward to the next ". " or line break.
func sentence(text string, i, j int) string {
	start := 0
	if k := strings.LastIndex(text[:i], "\n"); k >= 0 {
		start = k + 1
	}
	if k := strings.LastIndex(text[:i], ". "); k >= 0 && k+2 > start {
		start = k + 2
	}
	end := len(text)
	if k := strings.IndexAny(text[j:], "\n"); k >= 0 {
		end = j + k
	}
	if k := strings.Index(text[j:], ". "); k >= 0 && j+k+1 < end {
		end = j + k + 1
	}
	return strings.TrimSpace(text[start:end])
}
