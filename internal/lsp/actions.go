package lsp

import (
	"fmt"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/suppress"
	"github.com/postlint/postlint/lint/syntax"
)

// current returns the newest check of the document, checking it now when
// the text changed since the last one (a code action must match the
// text the editor shows).
func (s *server) current(u DocumentURI) *analysis {
	s.mu.Lock()
	d := s.docs[u]
	if d == nil {
		s.mu.Unlock()
		return nil
	}
	if d.last != nil && d.last.snap.version == d.version && d.last.snap.text == d.text {
		a := d.last
		s.mu.Unlock()
		return a
	}
	snap := s.snapshot(u)
	s.mu.Unlock()
	return s.ws.analyse(snap)
}

// codeActions offers, for each finding in the requested range, its fixes
// (the safe ones first and preferred) and a suppression comment.
func (s *server) codeActions(p CodeActionParams) []CodeAction {
	a := s.current(p.TextDocument.URI)
	out := []CodeAction{}
	if a == nil || a.err != nil {
		return out
	}
	lo, hi := a.snap.text.offset(p.Range.Start), a.snap.text.offset(p.Range.End)
	diags := a.diagnostics(s.opt.DocsURL)
	for i, f := range a.findings {
		if int(f.Pos) > hi || int(f.End) < lo {
			continue
		}
		diag := []Diagnostic{diags[i]}
		preferred := false
		for _, safe := range []bool{true, false} {
			for _, fx := range f.Fixes {
				if fx.Safe != safe {
					continue
				}
				edit := a.workspaceEdit(fx.Edits)
				if edit == nil {
					continue
				}
				title := fx.Title
				if !fx.Safe {
					title += " (unsafe: review the change)"
				}
				out = append(out, CodeAction{Title: title, Kind: quickFix, Diagnostics: diag,
					IsPreferred: safe && !preferred, Edit: edit})
				preferred = preferred || safe
			}
		}
		if act, ok := a.suppression(f, diag); ok {
			out = append(out, act)
		}
	}
	return out
}

// workspaceEdit converts a fix's edits, which may touch the sibling file
// too; nil when an edit is in a file the snapshot does not hold.
func (a *analysis) workspaceEdit(edits []lint.Edit) *WorkspaceEdit {
	var sibling *text
	if a.snap.siblingSrc != nil {
		sibling = newText(a.snap.siblingSrc)
	}
	changes := map[DocumentURI][]TextEdit{}
	for _, e := range edits {
		t, u := a.snap.text, a.snap.uri
		switch e.File {
		case a.snap.path:
		case a.snap.sibling:
			if sibling == nil {
				return nil
			}
			t, u = sibling, a.snap.siblingURI
		default:
			return nil
		}
		changes[u] = append(changes[u], TextEdit{Range: t.span(int(e.Pos), int(e.End)), NewText: e.New})
	}
	return &WorkspaceEdit{Changes: changes}
}

// suppression offers the comment that silences f: "# postlint: ignore ID"
// above the setting or service it is in, else "ignore-file" at the top.
// The reason is left for the user to write after the ID; until then
// PL001 reminds them.
func (a *analysis) suppression(f lint.Finding, diag []Diagnostic) (CodeAction, bool) {
	if _, ok := suppress.Lookup(f.Rule); ok {
		return CodeAction{}, false // the suppression diagnostics cannot be suppressed by a comment
	}
	file := a.input.Main
	if a.input.Master != nil && a.input.Master.Name == a.snap.path {
		file = a.input.Master
	}
	at, verb := 0, "ignore-file"
	for _, n := range file.Nodes {
		switch n.(type) {
		case *syntax.Param, *syntax.Service:
			if n.Pos() <= f.Pos && f.Pos < n.End() {
				at, verb = int(n.Pos()), "ignore"
			}
		}
	}
	// Keep the file's line ending style.
	eol := "\n"
	if line := a.snap.text.lineEnd(int(a.snap.text.position(at).Line)); line+1 < len(a.snap.text.src) && a.snap.text.src[line] == '\r' {
		eol = "\r\n"
	}
	comment := fmt.Sprintf("# postlint: %s %s", verb, f.Rule)
	title := fmt.Sprintf("Suppress %s on this setting (write the reason after the ID)", f.Rule)
	if verb == "ignore-file" {
		title = fmt.Sprintf("Suppress %s in this file (write the reason after the ID)", f.Rule)
	}
	pos := a.snap.text.position(at)
	edit := TextEdit{Range: Range{Start: pos, End: pos}, NewText: comment + eol}
	return CodeAction{Title: title, Kind: quickFix, Diagnostics: diag,
		Edit: &WorkspaceEdit{Changes: map[DocumentURI][]TextEdit{a.snap.uri: {edit}}}}, true
}
