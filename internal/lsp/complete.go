package lsp

import (
	"bytes"
	"sort"
	"strings"

	"github.com/postlint/postlint/lint/load"
	"github.com/postlint/postlint/lint/model"
	"github.com/postlint/postlint/lint/postconf"
	"github.com/postlint/postlint/lint/postfix"
)

// complete offers what may be written at the cursor: parameter names at
// the start of a main.cf line, after "-o " and after "$"; restriction
// names in restriction lists; the words of enumerated parameters; and in
// master.cf the service types, y/n/- fields and daemon names.
func (s *server) complete(u DocumentURI, pos Position) *CompletionList {
	s.mu.Lock()
	snap := s.snapshot(u)
	s.mu.Unlock()
	list := &CompletionList{Items: []CompletionItem{}}
	if snap == nil {
		return list
	}
	cfg, _ := s.ws.model(snap)
	off := snap.text.offset(pos)
	src := snap.text.src
	_, wordStart, _ := wordAt(src, off)
	if wordStart > 0 && (src[wordStart-1] == '$' || wordStart > 1 && src[wordStart-2] == '$' && (src[wordStart-1] == '{' || src[wordStart-1] == '(')) {
		list.Items = paramItems(cfg, "")
		return list
	}
	entry, first := logicalLine(src, off)
	if entry < 0 {
		return list // in a comment
	}
	if load.IsMaster(snap.path) {
		list.Items = masterItems(cfg, src[entry:off], first)
	} else {
		list.Items = mainItems(cfg, src[entry:off])
	}
	return list
}

// logicalLine returns the start of the logical line holding off (a line
// that starts with white space continues the one before it; comment and
// blank lines between them do not count), and whether off is on its
// first physical line; -1 when off is in a comment.
func logicalLine(src []byte, off int) (start int, first bool) {
	start = lineStart(src, off)
	if isCommentOrBlank(src[start:off]) && bytes.IndexByte(src[start:off], '#') >= 0 {
		return -1, false
	}
	first = true
	for start > 0 && start < len(src) && (src[start] == ' ' || src[start] == '\t') {
		prev := lineStart(src, start-1)
		for prev > 0 && isCommentOrBlank(src[prev:start]) {
			prev = lineStart(src, prev-1)
		}
		start, first = prev, false
	}
	return start, first
}

func lineStart(src []byte, off int) int { return bytes.LastIndexByte(src[:off], '\n') + 1 }

func isCommentOrBlank(line []byte) bool {
	t := bytes.TrimLeft(line, " \t\r\n")
	return len(t) == 0 || t[0] == '#'
}

func mainItems(cfg *model.Config, line []byte) []CompletionItem {
	eq := bytes.IndexByte(line, '=')
	if eq < 0 {
		if bytes.ContainsAny(line, " \t") {
			return nil // "name value" is not a setting yet; leave it
		}
		return paramItems(cfg, " = ")
	}
	return valueItems(cfg, strings.TrimSpace(string(line[:eq])))
}

// masterItems completes a field of a master.cf entry: prefix is the
// entry up to the cursor.
func masterItems(cfg *model.Config, prefix []byte, first bool) []CompletionItem {
	fields := strings.Fields(string(prefix))
	current := ""
	if len(prefix) > 0 && !isSpace(prefix[len(prefix)-1]) && len(fields) > 0 {
		current = fields[len(fields)-1]
		fields = fields[:len(fields)-1]
	}
	n := len(fields) // the index of the field being written
	v := cfg.Version
	switch {
	case n == 1 && first:
		return words(postconf.ServiceTypes, kindEnum, "service type")
	case n >= 2 && n <= 4 && first:
		return []CompletionItem{
			{Label: "y", Kind: kindValue, Detail: "yes"},
			{Label: "n", Kind: kindValue, Detail: "no"},
			{Label: "-", Kind: kindValue, Detail: "the default"},
		}
	case (n == 5 || n == 6) && first:
		return []CompletionItem{{Label: "-", Kind: kindValue, Detail: "the default"}}
	case n == 7:
		return words(postfix.DaemonNames(v), kindModule, "Postfix daemon")
	case n > 7 && fields[n-1] == "-o":
		if i := strings.IndexByte(current, '='); i >= 0 {
			return valueItems(cfg, current[:i])
		}
		return paramItems(cfg, "=")
	}
	return nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// valueItems completes the value of parameter name.
func valueItems(cfg *model.Config, name string) []CompletionItem {
	v := cfg.Version
	classes := model.SplitList(cfg.Main().Get("smtpd_restriction_classes"))
	isClass := false
	for _, c := range classes {
		isClass = isClass || c == name
	}
	if model.IsRestrictionList(name) || isClass {
		items := words(postfix.RestrictionNames(v), kindFunction, "restriction")
		return append(items, words(classes, kindClass, "restriction class")...)
	}
	if e, ok := postfix.LookupEnum(name, v); ok {
		return words(e.Words, kindEnumMember, "value")
	}
	if p, ok := postfix.Lookup(name); ok {
		if f, ok := p.In(v); ok && f.Kind.Boolean() {
			return words([]string{"yes", "no"}, kindValue, "boolean")
		}
	}
	return nil
}

func words(ws []string, kind CompletionItemKind, detail string) []CompletionItem {
	out := make([]CompletionItem, 0, len(ws))
	for _, w := range ws {
		out = append(out, CompletionItem{Label: w, Kind: kind, Detail: detail})
	}
	return out
}

// paramItems lists the parameters of the target release, with their
// defaults, and the names main.cf defines itself; suffix is inserted
// after the name (" = " at the start of a main.cf line, "=" after -o).
func paramItems(cfg *model.Config, suffix string) []CompletionItem {
	v := cfg.Version
	var out []CompletionItem
	seen := map[string]bool{}
	for _, name := range postfix.Names() {
		p, _ := postfix.Lookup(name)
		if p.Template || !p.AvailableIn(v) {
			continue
		}
		f, _ := p.In(v)
		item := CompletionItem{Label: name, Kind: kindProperty, InsertText: name + suffix}
		if f.HasDefault {
			item.Detail = "default: " + oneLine(f.Default)
		}
		if p.Deprecated != nil {
			item.Tags = []int{tagDeprecated}
			item.SortText = "~" + name // after the current names
		}
		out = append(out, item)
		seen[name] = true
	}
	var own []string
	for _, p := range cfg.Params {
		if !p.InMaster && !seen[p.Name] {
			own = append(own, p.Name)
			seen[p.Name] = true
		}
	}
	sort.Strings(own)
	for _, name := range own {
		out = append(out, CompletionItem{Label: name, Kind: kindVariable,
			InsertText: name + suffix, Detail: "defined in main.cf"})
	}
	return out
}
