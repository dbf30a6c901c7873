package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"sync"
	"time"

	"go.lsp.dev/jsonrpc2"

	"github.com/postlint/postlint/lint/postfix"
)

// Options configure a server.
type Options struct {
	// Version, when set, is the target release for every file (the
	// --postfix-version flag); otherwise .postlint.toml, the installed
	// Postfix or the newest release decide, per file.
	Version postfix.Version
	// Rules are extra rule files (--rules), beside those .postlint.toml names.
	Rules []string
	// Debounce is how long after the last change a file is checked again.
	Debounce time.Duration
	// HostVersion returns the installed Postfix release; nil means none.
	HostVersion func() (postfix.Version, error)
	// DocsURL is the base address of the rule pages (docs/rules/ of
	// postlint's repository, --docs-url); "" means ruledoc.DefaultBaseURL.
	DocsURL string
	// Log receives the server's own problems (never the protocol).
	Log io.Writer
}

// DefaultDebounce waits for a pause in typing, short enough to feel live.
const DefaultDebounce = 250 * time.Millisecond

// Serve speaks LSP over rwc until the client sends "exit" or closes the
// stream. It returns nil after an orderly shutdown.
func Serve(ctx context.Context, rwc io.ReadWriteCloser, opt Options) error {
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	s := &server{opt: opt, docs: map[DocumentURI]*document{}, ws: newWorkspace(opt), exit: make(chan struct{})}
	s.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(rwc))
	s.conn.Go(ctx, s.handle)
	// Standard input cannot be closed under a blocked read, so "exit"
	// ends the server without waiting for the connection to wind down.
	select {
	case <-s.conn.Done():
	case <-s.exit:
	case <-ctx.Done():
		s.conn.Close()
	}
	s.stopTimers()
	s.mu.Lock()
	orderly := s.exited && s.shutdown
	s.mu.Unlock()
	if orderly {
		return nil
	}
	if err := s.conn.Err(); err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrClosedPipe) {
		return err
	}
	return errors.New("the client closed the connection without shutdown and exit")
}

type server struct {
	conn jsonrpc2.Conn
	opt  Options
	ws   *workspace

	mu       sync.Mutex
	docs     map[DocumentURI]*document
	shutdown bool // "shutdown" was received: refuse further requests
	exited   bool
	exit     chan struct{} // closed on "exit"
}

// document is a file open in the editor.
type document struct {
	uri     DocumentURI
	path    string
	version int32
	text    *text
	timer   *time.Timer // pending check after a change
	// last is the newest check of this document, for code actions.
	last *analysis
}

func (s *server) handle(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) (err error) {
	defer func() {
		// A bug in a rule must not take the editor's server down: answer
		// the request with the error and go on.
		if r := recover(); r != nil {
			fmt.Fprintf(s.opt.Log, "postlint lsp: panic in %s: %v\n%s", req.Method(), r, debug.Stack())
			err = reply(ctx, nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "postlint: internal error in %s: %v", req.Method(), r))
		}
	}()
	s.mu.Lock()
	down := s.shutdown
	s.mu.Unlock()
	if down && req.Method() != methodExit {
		return reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "the server is shutting down"))
	}
	switch req.Method() {
	case methodInitialize:
		return reply(ctx, s.initialize(), nil)
	case methodInitialized, methodDidChangeConfig, methodDidSave:
		return reply(ctx, nil, nil)
	case methodShutdown:
		s.mu.Lock()
		s.shutdown = true
		s.mu.Unlock()
		return reply(ctx, nil, nil)
	case methodExit:
		s.mu.Lock()
		if !s.exited {
			s.exited = true
			close(s.exit)
		}
		s.mu.Unlock()
		return nil
	case methodDidOpen:
		var p DidOpenTextDocumentParams
		if err := decode(req, &p); err != nil {
			return reply(ctx, nil, err)
		}
		s.open(ctx, p.TextDocument)
		return reply(ctx, nil, nil)
	case methodDidChange:
		var p DidChangeTextDocumentParams
		if err := decode(req, &p); err != nil {
			return reply(ctx, nil, err)
		}
		s.change(ctx, p)
		return reply(ctx, nil, nil)
	case methodDidClose:
		var p DidCloseTextDocumentParams
		if err := decode(req, &p); err != nil {
			return reply(ctx, nil, err)
		}
		s.close(ctx, p.TextDocument.URI)
		return reply(ctx, nil, nil)
	case methodHover:
		var p TextDocumentPositionParams
		if err := decode(req, &p); err != nil {
			return reply(ctx, nil, err)
		}
		return reply(ctx, s.hover(p.TextDocument.URI, p.Position), nil)
	case methodCompletion:
		var p TextDocumentPositionParams
		if err := decode(req, &p); err != nil {
			return reply(ctx, nil, err)
		}
		return reply(ctx, s.complete(p.TextDocument.URI, p.Position), nil)
	case methodCodeAction:
		var p CodeActionParams
		if err := decode(req, &p); err != nil {
			return reply(ctx, nil, err)
		}
		return reply(ctx, s.codeActions(p), nil)
	}
	if _, ok := req.(*jsonrpc2.Call); ok {
		return reply(ctx, nil, jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "postlint does not handle %s", req.Method()))
	}
	return nil // notifications we do not use ($/cancelRequest, ...)
}

func decode(req jsonrpc2.Request, v any) error {
	if err := json.Unmarshal(req.Params(), v); err != nil {
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: %v", req.Method(), err)
	}
	return nil
}

func (s *server) initialize() *InitializeResult {
	return &InitializeResult{
		ServerInfo: &ServerInfo{Name: "postlint"},
		Capabilities: ServerCapabilities{
			TextDocumentSync: TextDocumentSyncOptions{
				OpenClose: true,
				Change:    1,
			},
			HoverProvider: true,
			CompletionProvider: &CompletionOptions{
				// "$" starts a reference, "-o " an override, "," and " "
				// the next word of a list.
				TriggerCharacters: []string{"$", " ", ",", "=", "{"},
			},
			CodeActionProvider: &CodeActionOptions{
				CodeActionKinds: []string{quickFix},
			},
		},
	}
}

func (s *server) open(ctx context.Context, item TextDocumentItem) {
	s.mu.Lock()
	d := &document{uri: item.URI, path: pathOf(item.URI), version: item.Version, text: newText([]byte(item.Text))}
	s.docs[item.URI] = d
	s.mu.Unlock()
	s.check(ctx, item.URI)
	s.checkSibling(ctx, d.path)
}

func (s *server) change(ctx context.Context, p DidChangeTextDocumentParams) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[p.TextDocument.URI]
	if d == nil || len(p.ContentChanges) == 0 {
		return
	}
	// The server asks for whole texts; a change with a range (from a
	// client that sends them anyway) is applied where it says.
	for _, ch := range p.ContentChanges {
		if ch.Range == nil {
			d.text = newText([]byte(ch.Text))
			continue
		}
		lo, hi := d.text.offset(ch.Range.Start), d.text.offset(ch.Range.End)
		hi = max(lo, hi)
		src := make([]byte, 0, len(d.text.src)-(hi-lo)+len(ch.Text))
		src = append(append(append(src, d.text.src[:lo]...), ch.Text...), d.text.src[hi:]...)
		d.text = newText(src)
	}
	d.version = p.TextDocument.Version
	if d.timer != nil {
		d.timer.Stop()
	}
	delay := s.opt.Debounce
	d.timer = time.AfterFunc(delay, func() {
		s.check(ctx, d.uri)
		s.checkSibling(ctx, d.path)
	})
}

func (s *server) close(ctx context.Context, u DocumentURI) {
	s.mu.Lock()
	d := s.docs[u]
	if d != nil && d.timer != nil {
		d.timer.Stop()
	}
	delete(s.docs, u)
	s.mu.Unlock()
	// Diagnostics of a closed file go away with it.
	s.publish(ctx, u, 0, []Diagnostic{})
	if d != nil {
		s.checkSibling(ctx, d.path) // it is read from disk again
	}
}

func (s *server) stopTimers() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.docs {
		if d.timer != nil {
			d.timer.Stop()
		}
	}
}

// check lints the document and publishes its diagnostics, unless the
// text changed meanwhile (a newer check follows).
func (s *server) check(ctx context.Context, u DocumentURI) {
	s.mu.Lock()
	snap := s.snapshot(u)
	s.mu.Unlock()
	if snap == nil {
		return
	}
	a := s.ws.analyse(snap)
	s.mu.Lock()
	d := s.docs[u]
	if d == nil || d.version != snap.version {
		s.mu.Unlock()
		return
	}
	d.last = a
	s.mu.Unlock()
	s.publish(ctx, u, snap.version, a.diagnostics(s.opt.DocsURL))
}

// checkSibling checks the open sibling of path again: its context changed.
func (s *server) checkSibling(ctx context.Context, path string) {
	s.mu.Lock()
	var sib DocumentURI
	for u, d := range s.docs {
		if d.path != path && sameFile(siblingOf(d.path), path) {
			sib = u
		}
	}
	s.mu.Unlock()
	if sib != "" {
		s.check(ctx, sib)
	}
}

func (s *server) publish(ctx context.Context, u DocumentURI, version int32, diags []Diagnostic) {
	p := &PublishDiagnosticsParams{URI: u, Version: max(version, 0), Diagnostics: diags}
	if err := s.conn.Notify(ctx, methodPublishDiagnostics, p); err != nil {
		fmt.Fprintf(s.opt.Log, "postlint lsp: publishing diagnostics: %v\n", err)
	}
}
