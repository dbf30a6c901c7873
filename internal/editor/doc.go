// Package editor holds end-to-end tests of "postlint lsp" with real
// editors: Neovim (from Debian's neovim package) opens a configuration,
// receives postlint's diagnostics and applies a code action, as a user's
// editor would. The package has no code of its own.
package editor
