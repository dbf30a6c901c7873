package main

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/urfave/cli/v2"

	"github.com/postlint/postlint/lint/postfix"
)

// manPage renders postlint(1) in roff from the command-line definition,
// so that the options and commands it lists are the ones the program has.
// The sections that are not in the definition (exit status, environment,
// files, examples) are written here.
func manPage(app *cli.App) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w(".TH POSTLINT 1 \"\" \"postlint %s\" \"User Commands\"\n", roffEscape(app.Version))
	w(".SH NAME\npostlint \\- %s\n", roffEscape(app.Usage))

	w(".SH SYNOPSIS\n")
	w(".B postlint\n.RI [ options ] \" \" [ PATH ...]\n.br\n")
	for _, c := range app.Commands {
		if c.Hidden {
			continue
		}
		w(".B postlint %s\n", roffEscape(c.Name))
		if args := commandArgs(c); args != "" {
			w(".I %s\n", roffEscape(args))
		}
		w(".br\n")
	}

	w(".SH DESCRIPTION\n")
	w("postlint reads Postfix's main.cf and master.cf and reports the settings that make Postfix fail, lose or defer mail, or weaken its security, as Postfix %s to %s would read them. Each finding has a stable rule ID (PL201), a severity (error, warning or info) and the file, line and column it is about; \\fBpostlint explain\\fR \\fIID\\fR says what the rule checks and why. With \\fB\\-\\-fix\\fR or \\fB\\-\\-diff\\fR it repairs what it can.\n", postfix.Oldest.SeriesString(), postfix.Newest.SeriesString())
	w(".PP\nPATH is a configuration directory, a main.cf or master.cf file, or a tree that is searched for configuration directories (each is checked on its own, in parallel). Without PATH, postlint checks this host's configuration (postconf \\-h config_directory, else /etc/postfix) for this host's Postfix, and also the files the configuration names (\\fB\\-\\-host\\fR).\n")

	w(".SH OPTIONS\n")
	for _, f := range sortedFlags(app.Flags) {
		writeFlag(&b, f)
	}

	w(".SH COMMANDS\n")
	for _, c := range app.Commands {
		if c.Hidden {
			continue
		}
		w(".TP\n.B %s", roffEscape(c.Name))
		if args := commandArgs(c); args != "" {
			w(" \\fI%s\\fR", roffEscape(args))
		}
		w("\n%s.\n", roffEscape(upperFirst(strings.TrimSuffix(c.Usage, "."))))
		for _, f := range sortedFlags(c.Flags) {
			if f.Names()[0] == "help" {
				continue
			}
			w(".RS\n")
			writeFlag(&b, f)
			w(".RE\n")
		}
	}

	w(`.SH EXIT STATUS
.TP
.B 0
No finding at or above the failure level (\fB\-\-fail\-level\fR, default warning); with \fB\-\-fix\fR, nothing at that level is left.
.TP
.B 1
Findings at or above the failure level; with a baseline, only findings that are not in it count, and stale entries only with \fB\-\-fail\-on\-stale\fR; with \fB\-\-diff\fR, there is something to change; for \fBwhy\fR, the log shows a failure postlint knows; for \fBprobe\fR, a finding of severity warning or error.
.TP
.B 2
postlint could not do its job, and says why on standard error: a usage error, a file that is missing, unreadable or not a regular file, a broken rule or settings file, a configuration that Postfix itself refuses to load (with the file and line Postfix names), a baseline that is missing or malformed (with its file and line), an \fB\-\-output\fR file that could not be written, a fix that could not be written or reloaded, or a mail log that is not one (binary data, invalid UTF-8, an overlong line, a damaged gzip stream; with the file and line).
.SH ENVIRONMENT
.TP
.B NO_COLOR
When set (to anything), text output is not coloured unless \fB\-\-color always\fR is given; so is output to a terminal whose \fBTERM\fR is dumb.
.TP
.B POSTLINT_DOCS_URL
The base URL of the rule pages, as \fB\-\-docs\-url\fR.
.TP
.B GOGC
When unset, postlint collects garbage less often than Go's default, which is faster on trees of many configurations.
.SH FILES
.TP
.I .postlint.toml
Settings: the target Postfix version, rules to enable or disable, severities, extra rule files, the baseline. postlint looks for it in PATH and its parent directories unless \fB\-\-no\-config\fR or \fB\-\-config\fR is given.
.TP
.I postlint\-baseline.json
A baseline (any name; \fB\-\-baseline\fR, \fB\-\-write\-baseline\fR or the baseline key of .postlint.toml): JSON, one entry per rule, file (relative to the directory of .postlint.toml, else to the Git work tree, else to the current directory), parameter, setting and hash of its value, with a count. Line numbers are not in it, so lines inserted above a finding keep it matched; changing the value makes the finding new.
.TP
.I main.cf\fR, \fImaster.cf
The Postfix configuration files that are checked. \fB\-\-fix\fR replaces them atomically, keeping their owner and mode, and refuses a file that changed while postlint read it.
.TP
.I /etc/postfix
The configuration directory checked without PATH when postconf is not installed.
.SH EXAMPLES
Check a configuration directory; the exit status is 1 when there are findings:
.PP
.RS
.nf
postlint /etc/postfix
.fi
.RE
.PP
Check a repository of many hosts' configurations for Postfix 3.4 and write SARIF for code scanning:
.PP
.RS
.nf
postlint \-\-postfix\-version 3.4 \-\-format sarif hosts/ > postlint.sarif
.fi
.RE
.PP
In CI, write GitHub annotations to standard output and SARIF to a file, failing only on findings that are not in the baseline (written once with \fB\-\-write\-baseline\fR):
.PP
.RS
.nf
postlint \-\-write\-baseline postlint\-baseline.json hosts/
postlint \-\-baseline postlint\-baseline.json \-\-format github \-\-format sarif \e
  \-\-output \- \-\-output postlint.sarif hosts/
.fi
.RE
.PP
Show the fixes as a patch, then apply them on this host and reload Postfix:
.PP
.RS
.nf
postlint \-\-diff /etc/postfix
postlint \-\-fix \-\-reload
.fi
.RE
.PP
Read what a rule checks:
.PP
.RS
.nf
postlint explain PL201
.fi
.RE
.PP
Trace the failures in the journal to the settings behind them, then check the next hops live:
.PP
.RS
.nf
journalctl \-u postfix | postlint why \-
postlint probe
.fi
.RE
.SH SEE ALSO
.BR postconf (1),
.BR postconf (5),
.BR master (5),
.BR postfix (1)
.PP
The rule list is in docs/rules.md, a page for each rule in docs/rules/, the rule file format in docs/rules-format.md, why and probe in docs/why-probe.md.
`)
	return b.String()
}

// commandArgs returns the argument part of a command's usage text: its
// first line without "postlint NAME" and the options.
func commandArgs(c *cli.Command) string {
	first, _, _ := strings.Cut(c.UsageText, "\n")
	first, _, _ = strings.Cut(first, ">") // an example redirection
	first = optionGroup().ReplaceAllString(first, "")
	f := strings.Fields(first)
	if len(f) < 2 || f[0] != "postlint" || f[1] != c.Name {
		return ""
	}
	return strings.Join(f[2:], " ")
}

// optionGroup matches the bracketed options of a usage line: "[-M]",
// "[--rules FILE]...".
var optionGroup = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\[-[^\]]*\](\.\.\.)?`) })

func sortedFlags(flags []cli.Flag) []cli.Flag {
	out := append([]cli.Flag(nil), flags...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Names()[0] < out[j].Names()[0] })
	return out
}

// writeFlag writes one option as a tagged paragraph: its names, its
// argument (the `NAME` of its usage text), its usage and its default.
func writeFlag(b *strings.Builder, f cli.Flag) {
	df, ok := f.(cli.DocGenerationFlag)
	if !ok {
		return
	}
	var names []string
	for _, n := range f.Names() {
		dash := "\\-\\-"
		if len(n) == 1 {
			dash = "\\-"
		}
		names = append(names, "\\fB"+dash+roffEscape(n)+"\\fR")
	}
	arg, usage := unquoteUsage(df.GetUsage())
	head := strings.Join(names, ", ")
	if df.TakesValue() {
		if arg == "" {
			arg = "value"
		}
		head += " \\fI" + roffEscape(arg) + "\\fR"
	}
	fmt.Fprintf(b, ".TP\n%s\n%s", head, roffEscape(upperFirst(usage)))
	if d := flagDefault(df); d != "" {
		fmt.Fprintf(b, " (default: %s)", roffEscape(d))
	}
	b.WriteString(".\n")
}

// flagDefault returns a flag's default as the user would write it, or ""
// when it has none worth stating.
func flagDefault(f cli.DocGenerationFlag) string {
	if !f.TakesValue() {
		return ""
	}
	if d := f.GetDefaultText(); d != "" && d != `""` {
		return strings.Trim(d, `"`)
	}
	return ""
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// roffEscape makes text safe in a roff line: backslashes and hyphens are
// escaped, and a line must not start with a dot or an apostrophe.
func roffEscape(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	s = strings.ReplaceAll(s, "-", `\-`)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}

// unquoteUsage splits a flag's usage into the name of its argument (the
// first `quoted` word) and the text without the quotes, as cli's help
// does.
func unquoteUsage(usage string) (arg, text string) {
	i := strings.IndexByte(usage, '`')
	if i < 0 {
		return "", usage
	}
	j := strings.IndexByte(usage[i+1:], '`')
	if j < 0 {
		return "", usage
	}
	arg = usage[i+1 : i+1+j]
	return arg, usage[:i] + arg + usage[i+2+j:]
}
