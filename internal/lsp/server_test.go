package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"

	"github.com/postlint/postlint/lint/postfix"
)

// client is the editor's side of a connection to a server under test.
type client struct {
	t     *testing.T
	conn  jsonrpc2.Conn
	diags chan PublishDiagnosticsParams
	done  chan error // Serve's result
}

func startServer(t *testing.T, opt Options) *client {
	t.Helper()
	if opt.Version.IsZero() && opt.HostVersion == nil {
		opt.Version = mustVersion(t, "3.7.11")
	}
	if opt.Debounce == 0 {
		opt.Debounce = 20 * time.Millisecond
	}
	opt.DocsURL = "https://example.org/rules/"
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	serverEnd, clientEnd := net.Pipe()
	c := &client{t: t, diags: make(chan PublishDiagnosticsParams, 100), done: make(chan error, 1)}
	go func() { c.done <- Serve(ctx, serverEnd, opt) }()
	c.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(clientEnd))
	c.conn.Go(ctx, func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		if req.Method() == methodPublishDiagnostics {
			var p PublishDiagnosticsParams
			if err := json.Unmarshal(req.Params(), &p); err != nil {
				t.Errorf("publishDiagnostics: %v", err)
			}
			c.diags <- p
		}
		return reply(ctx, nil, nil)
	})
	var res InitializeResult
	c.call(methodInitialize, map[string]any{"capabilities": map[string]any{}}, &res)
	if res.ServerInfo == nil || res.ServerInfo.Name != "postlint" || !res.Capabilities.HoverProvider {
		t.Fatalf("initialize: %+v", res)
	}
	c.notify(methodInitialized, map[string]any{})
	return c
}

func mustVersion(t *testing.T, s string) postfix.Version {
	v, err := postfix.ParseVersion(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func (c *client) call(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := c.conn.Call(ctx, method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// open sends didOpen and returns the document's URI.
func (c *client) open(path, text string) DocumentURI {
	u := fileURI(path)
	c.notify(methodDidOpen, &DidOpenTextDocumentParams{
		TextDocument: TextDocumentItem{URI: u, LanguageID: "postfix", Version: 1, Text: text}})
	return u
}

func (c *client) change(u DocumentURI, version int32, text string) {
	c.notify(methodDidChange, &DidChangeTextDocumentParams{
		TextDocument:   VersionedTextDocumentIdentifier{URI: u, Version: version},
		ContentChanges: []TextDocumentContentChangeEvent{{Text: text}}})
}

// waitDiags returns the next diagnostics published for u.
func (c *client) waitDiags(u DocumentURI) PublishDiagnosticsParams {
	c.t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case p := <-c.diags:
			if p.URI == u {
				return p
			}
		case <-timeout:
			c.t.Fatalf("no diagnostics for %s", u)
		}
	}
}

func (c *client) shutdown() {
	c.t.Helper()
	c.call(methodShutdown, nil, nil)
	c.notify(methodExit, nil)
	select {
	case err := <-c.done:
		if err != nil {
			c.t.Fatalf("Serve after shutdown and exit: %v", err)
		}
	case <-time.After(10 * time.Second):
		c.t.Fatal("Serve did not return after exit")
	}
}

func codes(p PublishDiagnosticsParams) []string {
	var out []string
	for _, d := range p.Diagnostics {
		code := d.Code
		if code == "" {
			code = "(" + d.Message + ")"
		}
		out = append(out, code)
	}
	sort.Strings(out)
	return out
}

func find(p PublishDiagnosticsParams, code string) *Diagnostic {
	for i, d := range p.Diagnostics {
		if d.Code == code {
			return &p.Diagnostics[i]
		}
	}
	return nil
}

// apply applies edits of one document to its text, as an editor does.
func apply(t *testing.T, src string, edits []TextEdit) string {
	t.Helper()
	tx := newText([]byte(src))
	sort.SliceStable(edits, func(i, j int) bool {
		return tx.offset(edits[i].Range.Start) > tx.offset(edits[j].Range.Start)
	})
	for _, e := range edits {
		lo, hi := tx.offset(e.Range.Start), tx.offset(e.Range.End)
		src = src[:lo] + e.NewText + src[hi:]
	}
	return src
}

const relay465 = `# a relay on port 465
myhostname = mail.example.com
relayhost = [smtp.example.net]:465
smtp_tls_security_level = encrypt
smtp_tls_wrappermode = no
`

func tempDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestDiagnosticsAndFix(t *testing.T) {
	dir := tempDir(t, nil)
	c := startServer(t, Options{})
	u := c.open(filepath.Join(dir, "main.cf"), relay465)
	p := c.waitDiags(u)
	d := find(p, "PL201")
	if d == nil {
		t.Fatalf("no PL201 on open: %v", codes(p))
	}
	// relayhost's value on line 3 (0-based 2), columns 12 to 34.
	want := Range{Start: Position{Line: 2, Character: 12}, End: Position{Line: 2, Character: 34}}
	if d.Range != want || d.Severity != severityError || d.Source != "postlint" {
		t.Errorf("PL201 diagnostic: range %v severity %v source %q", d.Range, d.Severity, d.Source)
	}
	if d.CodeDescription == nil || d.CodeDescription.Href != "https://example.org/rules/PL201.md" {
		t.Errorf("PL201 has no link to its page: %+v", d.CodeDescription)
	}
	if !strings.Contains(d.Message, "smtp_tls_wrappermode = no") {
		t.Errorf("message: %s", d.Message)
	}

	var actions []CodeAction
	c.call(methodCodeAction, &CodeActionParams{
		TextDocument: TextDocumentIdentifier{URI: u}, Range: d.Range,
		Context: CodeActionContext{Diagnostics: []Diagnostic{*d}}}, &actions)
	var fix, suppress *CodeAction
	for i, a := range actions {
		if len(a.Diagnostics) != 1 || a.Diagnostics[0].Code != "PL201" {
			continue
		}
		switch {
		case a.IsPreferred:
			fix = &actions[i]
		case strings.HasPrefix(a.Title, "Suppress PL201"):
			suppress = &actions[i]
		}
	}
	if fix == nil || suppress == nil {
		t.Fatalf("want a preferred fix and a suppression for PL201, got %+v", actions)
	}
	if fix.Kind != quickFix || len(fix.Edit.Changes) != 1 {
		t.Fatalf("fix: %+v", fix)
	}
	fixed := apply(t, relay465, fix.Edit.Changes[u])
	if !strings.Contains(fixed, "smtp_tls_wrappermode = yes") {
		t.Fatalf("the fix did not turn wrapper mode on:\n%s", fixed)
	}
	c.change(u, 2, fixed)
	p = c.waitDiags(u)
	if p.Version != 2 || find(p, "PL201") != nil {
		t.Errorf("after the fix (version %d): %v", p.Version, codes(p))
	}

	// The suppression comment silences the finding; without a reason
	// PL001 asks for one.
	suppressed := apply(t, relay465, suppress.Edit.Changes[u])
	if !strings.Contains(suppressed, "# postlint: ignore PL201\nrelayhost =") {
		t.Fatalf("suppression not above relayhost:\n%s", suppressed)
	}
	c.change(u, 3, suppressed)
	p = c.waitDiags(u)
	if find(p, "PL201") != nil || find(p, "PL001") == nil {
		t.Errorf("after the suppression: %v", codes(p))
	}
	c.shutdown()
}

func TestDebounce(t *testing.T) {
	dir := tempDir(t, nil)
	c := startServer(t, Options{Debounce: 300 * time.Millisecond})
	u := c.open(filepath.Join(dir, "main.cf"), relay465)
	c.waitDiags(u)
	// Typing: three versions in quick succession are checked once, at
	// the last.
	broken := strings.Replace(relay465, "smtp_tls_wrappermode = no", "smtp_tls_wrappermode = yes", 1)
	c.change(u, 2, relay465+"a")
	c.change(u, 3, relay465+"ab")
	c.change(u, 4, broken)
	p := c.waitDiags(u)
	if p.Version != 4 || find(p, "PL201") != nil {
		t.Fatalf("first check after typing: version %d, %v", p.Version, codes(p))
	}
	select {
	case p := <-c.diags:
		t.Errorf("another check after the debounced one: version %d", p.Version)
	case <-time.After(500 * time.Millisecond):
	}
	c.shutdown()
}

func TestSettingsAndSibling(t *testing.T) {
	dir := tempDir(t, map[string]string{
		".postlint.toml": "postfix_version = \"2.11\"\ndisable = [\"PL207\"]\n",
		"master.cf":      "smtp inet n - n - - smtpd\n  -o smtpd_relay_restrictions=$site_relay\n",
	})
	// postfix_version of .postlint.toml wins over the installed Postfix.
	c := startServer(t, Options{HostVersion: func() (postfix.Version, error) { return mustVersion(t, "3.7.11"), nil }})
	c.open(filepath.Join(dir, "main.cf"), relay465)
	mu := c.open(filepath.Join(dir, "master.cf"), "smtp inet n - n - - smtpd\n  -o smtpd_relay_restrictions=$site_relay\n")
	p := c.waitDiags(mu)
	if find(p, "PL125") == nil {
		t.Fatalf("master.cf: undefined $site_relay not reported: %v", codes(p))
	}
	// Completion is for 2.11 (postfix_version): no smtp_tls_wrappermode.
	var list CompletionList
	mainURI := fileURI(filepath.Join(dir, "main.cf"))
	c.call(methodCompletion, &TextDocumentPositionParams{TextDocument: TextDocumentIdentifier{URI: mainURI}, Position: Position{Line: 5, Character: 0}}, &list)
	if labels(list)["lmtp_tls_wrappermode"] || !labels(list)["smtp_tls_security_level"] {
		t.Errorf("completion for 2.11 offers lmtp_tls_wrappermode (3.0) or misses smtp_tls_security_level: %d items", len(list.Items))
	}
	// Defining the name in the unsaved main.cf clears master.cf's finding.
	c.change(mainURI, 2, relay465+"site_relay = permit_mynetworks, reject_unauth_destination\n")
	for {
		p = c.waitDiags(mu)
		if find(p, "PL125") == nil {
			break
		}
	}
	c.shutdown()
}

func TestOnlyConfigurationFiles(t *testing.T) {
	dir := tempDir(t, nil)
	c := startServer(t, Options{})
	// Checks run in the order the files open: diagnostics for the other
	// file would arrive first.
	c.open(filepath.Join(dir, "app.properties"), relay465)
	u := c.open(filepath.Join(dir, "mx1-main.cf"), relay465)
	if p := <-c.diags; p.URI != u || find(p, "PL201") == nil {
		t.Errorf("first diagnostics for %s: %v", p.URI, codes(p))
	}
	c.shutdown()
}

func TestBrokenSettings(t *testing.T) {
	dir := tempDir(t, map[string]string{".postlint.toml": "disable = [\"PL9999\"]\n"})
	c := startServer(t, Options{})
	u := c.open(filepath.Join(dir, "main.cf"), relay465)
	p := c.waitDiags(u)
	if len(p.Diagnostics) != 1 || !strings.Contains(p.Diagnostics[0].Message, ".postlint.toml:1") {
		t.Fatalf("want one diagnostic naming .postlint.toml:1, got %+v", p.Diagnostics)
	}
	c.shutdown()
}

func hoverText(c *client, u DocumentURI, line, char uint32) string {
	var h *Hover
	c.call(methodHover, &TextDocumentPositionParams{TextDocument: TextDocumentIdentifier{URI: u}, Position: Position{Line: line, Character: char}}, &h)
	if h == nil {
		return ""
	}
	return h.Contents.Value
}

func TestHover(t *testing.T) {
	dir := tempDir(t, nil)
	c := startServer(t, Options{})
	mainText := relay465 + "smtpd_banner = $myhostname ESMTP\n"
	u := c.open(filepath.Join(dir, "main.cf"), mainText)
	mu := c.open(filepath.Join(dir, "master.cf"), "smtps inet n - n - - smtpd\n  -o smtpd_tls_wrappermode=yes\n  -o myhostname=smtps.example.com\n")

	h := hoverText(c, u, 4, 3) // smtp_tls_wrappermode
	for _, want := range []string{"**smtp_tls_wrappermode** — [postconf(5)](https://www.postfix.org/postconf.5.html#smtp_tls_wrappermode)", "boolean", "Default in 3.7.11: `no`", "Releases: from 3.0", "Value here (main.cf, line 5): `no`"} {
		if !strings.Contains(h, want) {
			t.Errorf("hover on smtp_tls_wrappermode lacks %q:\n%s", want, h)
		}
	}
	h = hoverText(c, u, 5, 18) // $myhostname in smtpd_banner
	if !strings.Contains(h, "**myhostname**") || !strings.Contains(h, "Value here (main.cf, line 2): `mail.example.com`") {
		t.Errorf("hover on $myhostname:\n%s", h)
	}
	// In master.cf the value is the service's, after its -o.
	h = hoverText(c, mu, 2, 8)
	if !strings.Contains(h, "Value here (-o of service smtps/inet, as service smtps/inet sees it): `smtps.example.com`") {
		t.Errorf("hover on -o myhostname:\n%s", h)
	}
	ru := c.open(filepath.Join(dir, "other", "main.cf"), "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n")
	// A file in a directory not made yet is checked all the same.
	if p := c.waitDiags(ru); len(p.Diagnostics) > 0 && p.Diagnostics[0].Code == "" {
		t.Errorf("new directory: %s", p.Diagnostics[0].Message)
	}
	h = hoverText(c, ru, 0, 50)
	if !strings.Contains(h, "**reject_unauth_destination** — smtpd restriction") || !strings.Contains(h, "Counts as relay control") {
		t.Errorf("hover on a restriction:\n%s", h)
	}
	if h := hoverText(c, u, 0, 3); h != "" {
		t.Errorf("hover on a comment word: %q", h)
	}
	c.shutdown()
}

func labels(l CompletionList) map[string]bool {
	m := map[string]bool{}
	for _, it := range l.Items {
		m[it.Label] = true
	}
	return m
}

func TestCompletion(t *testing.T) {
	dir := tempDir(t, nil)
	c := startServer(t, Options{})
	mainText := "smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_d\nsmtp_tls_security_level = \nsmtpd_banner = $my\nsmtp_tls_w\n"
	u := c.open(filepath.Join(dir, "main.cf"), mainText)
	masterText := "smtp      i\nsubmission inet n - y - - smtpd\n  -o \nx unix - - n - - \n"
	mu := c.open(filepath.Join(dir, "master.cf"), masterText)
	complete := func(u DocumentURI, line, char uint32) CompletionList {
		var l CompletionList
		c.call(methodCompletion, &TextDocumentPositionParams{TextDocument: TextDocumentIdentifier{URI: u}, Position: Position{Line: line, Character: char}}, &l)
		return l
	}
	cases := []struct {
		name       string
		uri        DocumentURI
		line, char uint32
		want, not  string
		insert     string // the insert text of want, when it matters
	}{
		{"restriction", u, 0, 65, "reject_unauth_destination", "smtpd_banner", ""},
		{"enum value", u, 1, 26, "encrypt", "reject_unauth_destination", ""},
		{"$ reference", u, 2, 18, "myhostname", "encrypt", "myhostname"},
		{"name at line start", u, 3, 10, "smtp_tls_wrappermode", "encrypt", "smtp_tls_wrappermode = "},
		{"service type", mu, 0, 11, "inet", "smtpd", ""},
		{"after -o", mu, 2, 5, "smtpd_tls_security_level", "inet", "smtpd_tls_security_level="},
		{"daemon", mu, 3, 17, "smtpd", "inet", ""},
	}
	for _, tc := range cases {
		l := complete(tc.uri, tc.line, tc.char)
		got := labels(l)
		if !got[tc.want] || got[tc.not] {
			t.Errorf("%s: want %q and not %q among %d items", tc.name, tc.want, tc.not, len(l.Items))
			continue
		}
		if tc.insert != "" {
			for _, it := range l.Items {
				if it.Label == tc.want && it.InsertText != tc.insert {
					t.Errorf("%s: %s inserts %q, want %q", tc.name, tc.want, it.InsertText, tc.insert)
				}
			}
		}
	}
	c.shutdown()
}

func TestUnknownMethodAndExitWithoutShutdown(t *testing.T) {
	c := startServer(t, Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := c.conn.Call(ctx, "textDocument/rename", map[string]any{}, nil)
	var rpcErr *jsonrpc2.Error
	if !errors.As(err, &rpcErr) || rpcErr.Code != jsonrpc2.MethodNotFound {
		t.Errorf("unknown method: %v", err)
	}
	c.notify(methodExit, nil)
	select {
	case err := <-c.done:
		if err == nil {
			t.Error("exit without shutdown returned nil")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after exit")
	}
}

func TestURIsAndIncrementalChanges(t *testing.T) {
	dir := tempDir(t, nil)
	c := startServer(t, Options{})
	// An unsaved buffer has no file: nothing to check, and no crash.
	c.notify(methodDidOpen, &DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: "untitled:Untitled-1", Version: 1, Text: relay465}})
	// A directory with a space: the URI is escaped.
	sub := filepath.Join(dir, "etc postfix")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	u := fileURI(filepath.Join(sub, "main.cf"))
	if !strings.Contains(string(u), "etc%20postfix/main.cf") || pathOf(u) != filepath.Join(sub, "main.cf") {
		t.Fatalf("fileURI/pathOf: %s, %s", u, pathOf(u))
	}
	c.open(filepath.Join(sub, "main.cf"), relay465)
	p := c.waitDiags(u)
	d := find(p, "PL201")
	if d == nil {
		t.Fatalf("no PL201: %v", codes(p))
	}
	// A client that sends ranges: replace "no" on line 5 by "yes".
	line := Position{Line: 4, Character: uint32(len("smtp_tls_wrappermode = "))}
	end := Position{Line: 4, Character: line.Character + 2}
	c.notify(methodDidChange, &DidChangeTextDocumentParams{
		TextDocument:   VersionedTextDocumentIdentifier{URI: u, Version: 2},
		ContentChanges: []TextDocumentContentChangeEvent{{Range: &Range{Start: line, End: end}, Text: "yes"}}})
	p = c.waitDiags(u)
	if p.Version != 2 || find(p, "PL201") != nil {
		t.Errorf("after the ranged change: version %d, %v", p.Version, codes(p))
	}
	c.shutdown()
}

// The editor knows every check the command line knows: a suppression of
// a probe check (which lint never runs) is neither unknown (PL003) nor
// unused (PL002), as on the command line.
func TestSuppressionsOfOtherChecks(t *testing.T) {
	dir := tempDir(t, nil)
	c := startServer(t, Options{})
	u := c.open(filepath.Join(dir, "main.cf"), "# postlint: ignore PL901 the relay speaks TLS on 465, probed by hand\n"+
		"relayhost = [smtp.example.com]:465\nsmtp_tls_wrappermode = yes\nsmtp_tls_security_level = encrypt\n")
	p := c.waitDiags(u)
	if find(p, "PL003") != nil || find(p, "PL002") != nil {
		t.Errorf("a probe check's suppression: %v", codes(p))
	}
	c.shutdown()
}
