package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/postlint/postlint/internal/lsp"
	"github.com/postlint/postlint/lint/host"
	"github.com/postlint/postlint/lint/postfix"
)

func lspCommand() *cli.Command {
	return &cli.Command{
		Name:  "lsp",
		Usage: "run the language server for editors (LSP over standard input and output)",
		UsageText: "postlint lsp [--postfix-version VERSION] [--rules FILE]...\n\n" +
			"An editor starts this command and talks to it on standard input and output.\n" +
			"It checks main.cf and master.cf as they are typed, with the rules and .postlint.toml\n" +
			"the command line uses, and offers hover, completion and the fixes as code actions.\n\n" +
			"Example (Neovim):\n  vim.lsp.start_client({ name = \"postlint\", cmd = { \"postlint\", \"lsp\" } })",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "postfix-version", Usage: "target Postfix `VERSION` for every file (default: postfix_version of .postlint.toml, else the installed Postfix, else the newest)"},
			&cli.StringSliceFlag{Name: "rules", Usage: "also load rules from TOML `FILE`"},
			docsURLFlag(),
		},
		Action: func(c *cli.Context) error {
			opt := lsp.Options{
				Rules:       c.StringSlice("rules"),
				Debounce:    lsp.DefaultDebounce,
				HostVersion: host.Version,
				DocsURL:     c.String("docs-url"),
				Log:         c.App.ErrWriter,
			}
			if s := c.String("postfix-version"); s != "" {
				v, err := postfix.ParseTarget(s)
				if err != nil {
					return usageError{"--postfix-version: " + err.Error()}
				}
				opt.Version = v
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return lsp.Serve(ctx, stdio{c.App.Reader, c.App.Writer}, opt)
		},
	}
}

// stdio joins the standard input and output into the one stream LSP
// runs on.
type stdio struct {
	io.Reader
	io.Writer
}

func (stdio) Close() error { return nil }
