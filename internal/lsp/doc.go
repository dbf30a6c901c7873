// Package lsp is postlint's language server ("postlint lsp"): JSON-RPC
// over stdio, speaking the Language Server Protocol to an editor.
//
// It handles main.cf and master.cf, also under the names the pre-commit
// hook matches (mx1-main.cf, prod.master.cf): a name containing "master"
// is a master.cf, as on the command line, and the other file of the same
// directory (load.Sibling: master.cf for a main.cf, main.cf for a
// master.cf) is the context, open in the editor or else read from
// disk. It offers:
//
//   - diagnostics on open and on change (debounced), from the same rules,
//     settings (.postlint.toml) and suppression comments as the command
//     line, with the rule ID as code;
//   - hover on a parameter name or a $name reference: what postlint knows
//     of it for the target release (type, default, first and last
//     release, deprecation) and its effective value here, after macros
//     and, in master.cf, the service's -o overrides;
//   - completion of parameter names (main.cf, and after "-o " in
//     master.cf), restriction names in restriction lists, service types
//     and the y/n/- fields of master.cf;
//   - code actions: each fix of a finding (safe ones preferred) and a
//     suppression comment for it.
//
// The target release is postfix_version from .postlint.toml, else the
// installed Postfix, else the newest release postlint knows, as for the
// command line.
//
// The transport is go.lsp.dev/jsonrpc2: JSON-RPC 2.0 with the
// protocol's Content-Length framing, the part worth taking from a library.
// The few LSP messages the server uses are structs of its own
// (protocol.go): go.lsp.dev/protocol would link a logging library and
// net/http into every postlint process, lint runs included. The server
// dispatches the methods it answers itself, so every other request gets
// "method not found".
package lsp
