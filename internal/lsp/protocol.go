package lsp

import (
	"net/url"
	"path/filepath"
	"strings"
)

// The LSP 3.16 messages the server uses, with the specification's JSON
// names; fields it never reads or sends are left out. (A full protocol
// package, go.lsp.dev/protocol, links a logging library and net/http into
// every postlint process: 2 MB of binary and milliseconds of each start,
// for a dozen small structs.)

// LSP method names.
const (
	methodInitialize         = "initialize"
	methodInitialized        = "initialized"
	methodShutdown           = "shutdown"
	methodExit               = "exit"
	methodDidOpen            = "textDocument/didOpen"
	methodDidChange          = "textDocument/didChange"
	methodDidClose           = "textDocument/didClose"
	methodDidSave            = "textDocument/didSave"
	methodDidChangeConfig    = "workspace/didChangeConfiguration"
	methodHover              = "textDocument/hover"
	methodCompletion         = "textDocument/completion"
	methodCodeAction         = "textDocument/codeAction"
	methodPublishDiagnostics = "textDocument/publishDiagnostics"
)

// DocumentURI names a document, a file: URI for files on disk.
type DocumentURI string

type Position struct {
	Line      uint32 `json:"line"`
	Character uint32 `json:"character"` // UTF-16 code units
}

type Range struct {
	Start Position `json:"start"`
	End   Position `json:"end"`
}

type TextDocumentIdentifier struct {
	URI DocumentURI `json:"uri"`
}

type VersionedTextDocumentIdentifier struct {
	URI     DocumentURI `json:"uri"`
	Version int32       `json:"version"`
}

type TextDocumentItem struct {
	URI        DocumentURI `json:"uri"`
	LanguageID string      `json:"languageId"`
	Version    int32       `json:"version"`
	Text       string      `json:"text"`
}

type DidOpenTextDocumentParams struct {
	TextDocument TextDocumentItem `json:"textDocument"`
}

// TextDocumentContentChangeEvent replaces Range with Text, or the whole
// document when Range is nil.
type TextDocumentContentChangeEvent struct {
	Range *Range `json:"range,omitempty"`
	Text  string `json:"text"`
}

type DidChangeTextDocumentParams struct {
	TextDocument   VersionedTextDocumentIdentifier  `json:"textDocument"`
	ContentChanges []TextDocumentContentChangeEvent `json:"contentChanges"`
}

type DidCloseTextDocumentParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
}

// TextDocumentPositionParams are the parameters of hover and completion.
type TextDocumentPositionParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
	Position     Position               `json:"position"`
}

type MarkupContent struct {
	Kind  string `json:"kind"` // "markdown"
	Value string `json:"value"`
}

type Hover struct {
	Contents MarkupContent `json:"contents"`
	Range    *Range        `json:"range,omitempty"`
}

// CompletionItemKind values of the specification.
type CompletionItemKind int

const (
	kindFunction   CompletionItemKind = 3
	kindVariable   CompletionItemKind = 6
	kindClass      CompletionItemKind = 7
	kindModule     CompletionItemKind = 9
	kindProperty   CompletionItemKind = 10
	kindValue      CompletionItemKind = 12
	kindEnum       CompletionItemKind = 13
	kindEnumMember CompletionItemKind = 20
)

// tagDeprecated marks a completion item as deprecated.
const tagDeprecated = 1

type CompletionItem struct {
	Label      string             `json:"label"`
	Kind       CompletionItemKind `json:"kind,omitempty"`
	Tags       []int              `json:"tags,omitempty"`
	Detail     string             `json:"detail,omitempty"`
	SortText   string             `json:"sortText,omitempty"`
	InsertText string             `json:"insertText,omitempty"`
}

type CompletionList struct {
	IsIncomplete bool             `json:"isIncomplete"`
	Items        []CompletionItem `json:"items"`
}

// DiagnosticSeverity values of the specification.
type DiagnosticSeverity int

const (
	severityError       DiagnosticSeverity = 1
	severityWarning     DiagnosticSeverity = 2
	severityInformation DiagnosticSeverity = 3
)

type CodeDescription struct {
	Href string `json:"href"`
}

type Diagnostic struct {
	Range           Range              `json:"range"`
	Severity        DiagnosticSeverity `json:"severity,omitempty"`
	Code            string             `json:"code,omitempty"`
	CodeDescription *CodeDescription   `json:"codeDescription,omitempty"`
	Source          string             `json:"source,omitempty"`
	Message         string             `json:"message"`
}

type PublishDiagnosticsParams struct {
	URI         DocumentURI  `json:"uri"`
	Version     int32        `json:"version,omitempty"`
	Diagnostics []Diagnostic `json:"diagnostics"`
}

type TextEdit struct {
	Range   Range  `json:"range"`
	NewText string `json:"newText"`
}

type WorkspaceEdit struct {
	Changes map[DocumentURI][]TextEdit `json:"changes"`
}

type CodeActionContext struct {
	Diagnostics []Diagnostic `json:"diagnostics"`
}

type CodeActionParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
	Range        Range                  `json:"range"`
	Context      CodeActionContext      `json:"context"`
}

// quickFix is the code action kind of every action the server offers.
const quickFix = "quickfix"

type CodeAction struct {
	Title       string         `json:"title"`
	Kind        string         `json:"kind,omitempty"`
	Diagnostics []Diagnostic   `json:"diagnostics,omitempty"`
	IsPreferred bool           `json:"isPreferred,omitempty"`
	Edit        *WorkspaceEdit `json:"edit,omitempty"`
}

type ServerInfo struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
}

type TextDocumentSyncOptions struct {
	OpenClose bool `json:"openClose"`
	Change    int  `json:"change"` // 1: the whole text, 2: incremental
}

type CompletionOptions struct {
	TriggerCharacters []string `json:"triggerCharacters,omitempty"`
}

type CodeActionOptions struct {
	CodeActionKinds []string `json:"codeActionKinds,omitempty"`
}

type ServerCapabilities struct {
	TextDocumentSync   TextDocumentSyncOptions `json:"textDocumentSync"`
	HoverProvider      bool                    `json:"hoverProvider"`
	CompletionProvider *CompletionOptions      `json:"completionProvider,omitempty"`
	CodeActionProvider *CodeActionOptions      `json:"codeActionProvider,omitempty"`
}

type InitializeResult struct {
	Capabilities ServerCapabilities `json:"capabilities"`
	ServerInfo   *ServerInfo        `json:"serverInfo,omitempty"`
}

// pathOf returns the file a file: URI names, or "" for any other URI
// (an editor's unsaved "untitled:" buffer, for one).
func pathOf(u DocumentURI) string {
	p, err := url.ParseRequestURI(string(u))
	if err != nil || p.Scheme != "file" || p.Path == "" {
		return ""
	}
	return filepath.FromSlash(p.Path)
}

// fileURI is the file: URI of path.
func fileURI(path string) DocumentURI {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path
	}
	return DocumentURI(u.String())
}
