package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"sort"

	"github.com/urfave/cli/v2"

	"github.com/postlint/postlint/lint/checks"
	"github.com/postlint/postlint/lint/host"
	"github.com/postlint/postlint/lint/load"
	"github.com/postlint/postlint/lint/postconf"
	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/ruledoc"
)

func configCommand() *cli.Command {
	return &cli.Command{
		Name:      "config",
		Usage:     "print the configuration as postconf -n (or -M) would, without Postfix",
		UsageText: "postlint config [-M] [DIR]\n\nWithout DIR, the configuration directory of this host's Postfix, like postconf.\n\nExamples:\n  postlint config /etc/postfix      # like postconf -c /etc/postfix -n\n  postlint config -M /etc/postfix   # like postconf -c /etc/postfix -M\n  postlint config                   # like postconf -n",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "M", Usage: "print master.cf services, like postconf -M"},
		},
		Action: func(c *cli.Context) error {
			if c.Args().Len() > 1 {
				return usageError{"config: want at most one configuration directory"}
			}
			dir := c.Args().First()
			if dir == "" {
				dir = host.ConfigDir()
			}
			name := "main.cf"
			if c.Bool("M") {
				name = "master.cf"
			}
			cfg, err := load.Dir(dir)
			if err != nil {
				return err
			}
			pc := postconf.Config{Main: cfg.Main, Master: cfg.Master}
			var out []byte
			if c.Bool("M") {
				if cfg.Master == nil {
					return &load.Error{Path: filepath.Join(dir, name), Err: errors.New("no such file")}
				}
				out, err = pc.ShowMaster()
			} else {
				if cfg.Main == nil {
					return &load.Error{Path: filepath.Join(dir, name), Err: errors.New("no such file")}
				}
				out, err = pc.ShowMain()
			}
			if err != nil {
				return err
			}
			_, err = c.App.Writer.Write(out)
			return err
		},
	}
}

func rulesCommand() *cli.Command {
	return &cli.Command{
		Name:      "rules",
		Usage:     "list the rules",
		UsageText: "postlint rules [--rules FILE]... [--markdown] [--pages DIR]\n\nExamples:\n  postlint rules --rules site.toml\n  postlint rules --pages docs/rules",
		Flags: []cli.Flag{
			&cli.StringSliceFlag{Name: "rules", Usage: "also load rules from TOML `FILE`"},
			&cli.BoolFlag{Name: "markdown", Usage: "print a Markdown table, as in docs/rules.md, linking each built-in rule to its page"},
			&cli.StringFlag{Name: "pages", Usage: "write a Markdown page for each built-in rule to `DIR`, as docs/rules/, and remove the generated pages of rules that are gone"},
		},
		Action: func(c *cli.Context) error {
			set, err := rules.Load(true, c.StringSlice("rules")...)
			if err != nil {
				return err
			}
			all := checks.All(set)
			sort.SliceStable(all, func(i, j int) bool { return all[i].ID < all[j].ID })
			if dir := c.String("pages"); dir != "" {
				if c.Bool("markdown") {
					return usageError{"rules: --markdown and --pages exclude each other"}
				}
				return writePages(c.App.ErrWriter, dir, all)
			}
			list := rules.ListText(all)
			if c.Bool("markdown") {
				list = ruledoc.Index(all)
			}
			_, err = fmt.Fprint(c.App.Writer, list)
			return err
		},
	}
}

func explainCommand() *cli.Command {
	return &cli.Command{
		Name:      "explain",
		Usage:     "print a rule's documentation",
		UsageText: "postlint explain ID|NAME\n\nExample:\n  postlint explain PL201",
		Flags: []cli.Flag{
			&cli.StringSliceFlag{Name: "rules", Usage: "also load rules from TOML `FILE`"},
			docsURLFlag(),
		},
		Action: func(c *cli.Context) error {
			if c.Args().Len() != 1 {
				return usageError{"explain: want exactly one rule ID or name"}
			}
			set, err := rules.Load(true, c.StringSlice("rules")...)
			if err != nil {
				return err
			}
			r := rules.Find(checks.All(set), c.Args().First())
			if r == nil {
				return usageError{fmt.Sprintf("explain: no rule %q (postlint rules lists them)", c.Args().First())}
			}
			text := r.Explain()
			if r.Builtin {
				// Site rules have their references, printed above.
				text += "\nDocumentation\n  " + ruledoc.URL(c.String("docs-url"), r) + "\n"
			}
			_, err = fmt.Fprint(c.App.Writer, text)
			return err
		},
	}
}

// docsURLFlag is the base URL of the rule pages, for the links that
// point at them.
func docsURLFlag() cli.Flag {
	return &cli.StringFlag{
		Name: "docs-url", EnvVars: []string{"POSTLINT_DOCS_URL"},
		Usage:       "base `URL` of the rule pages (docs/rules/ of postlint's repository), for SARIF helpUri, --show-url and explain (e.g. --docs-url https://git.example.org/postlint/blob/main/docs/rules/)",
		DefaultText: ruledoc.DefaultBaseURL,
	}
}

func versionCommand() *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print postlint's version and the Postfix versions it knows",
		Action: func(c *cli.Context) error {
			_, err := fmt.Fprint(c.App.Writer, versionText())
			return err
		},
	}
}

// versionText is what "postlint version" and "postlint --version" print.
func versionText() string {
	return fmt.Sprintf("postlint %s\nPostfix knowledge: %s to %s\n", version(), postfix.Oldest, postfix.Newest)
}

func init() {
	cli.VersionPrinter = func(c *cli.Context) { fmt.Fprint(c.App.Writer, versionText()) }
}

// version is the module version when installed with go install, else
// "devel".
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
