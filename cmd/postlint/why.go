package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/format"
	"github.com/postlint/postlint/lint/host"
	"github.com/postlint/postlint/lint/load"
	"github.com/postlint/postlint/lint/maillog"
	"github.com/postlint/postlint/lint/model"
	"github.com/postlint/postlint/lint/probe"
	"github.com/postlint/postlint/lint/why"
	"github.com/postlint/postlint/rules"
)

// stdin is what "-" reads; tests replace it.
var stdin io.Reader = os.Stdin

func whyCommand() *cli.Command {
	return &cli.Command{
		Name:  "why",
		Usage: "read the mail log and name the configuration line behind each failure",
		UsageText: "postlint why [--config-dir DIR] [LOG...]\n\n" +
			"LOG is a mail log file, plain or gzipped, or - for standard input. Without LOG, the host's\n" +
			"log: maillog_file, else /var/log/mail.log or /var/log/maillog, with their rotations.\n" +
			"Exit status 1 when the log shows a failure postlint knows.\n\n" +
			"Examples:\n  postlint why\n  journalctl -u postfix | postlint why -\n  postlint why --config-dir case-1234/etc/postfix case-1234/mail.log.1.gz",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "config-dir", Usage: "the configuration `DIR` the log was written with (default: this host's; e.g. --config-dir support/etc/postfix)"},
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output `FORMAT`: text or json"},
			&cli.StringFlag{Name: "postfix-version", Usage: "the `VERSION` of the Postfix that wrote the log (default: the host's when reading the host's configuration, else the newest)"},
			&cli.StringSliceFlag{Name: "rules", Usage: "also load rules (and their [[rule.log]] lines) from TOML `FILE`"},
		},
		Action: whyAction,
	}
}

func whyAction(c *cli.Context) error {
	if f := c.String("format"); f != "text" && f != "json" {
		return usageError{fmt.Sprintf("--format: unknown format %q for why (want text or json)", f)}
	}
	dir := c.String("config-dir")
	onHost := dir == ""
	if onHost {
		dir = host.ConfigDir()
	}
	cfg, err := load.Dir(dir)
	if err != nil {
		return err
	}
	target, err := targetVersion(c, nil, onHost)
	if err != nil {
		return err
	}
	set, err := rules.Load(true, c.StringSlice("rules")...)
	if err != nil {
		return err
	}
	in := lint.Input{Dir: cfg.Dir, Main: cfg.Main, Master: cfg.Master, Version: target, Host: onHost}
	logs := c.Args().Slice()
	if len(logs) == 0 {
		mc := model.Build(model.Input{Dir: cfg.Dir, Main: cfg.Main, Master: cfg.Master, Version: target})
		logs = maillog.HostLogs(mc.Main().Get("maillog_file"))
		if len(logs) == 0 {
			return fmt.Errorf("no mail log found (maillog_file, /var/log/mail.log, /var/log/maillog): name one, or pipe one in: journalctl -u postfix | postlint why -")
		}
	}
	a := why.New(set, probe.Rules()...)
	for _, name := range logs {
		if err := maillog.ReadFile(name, stdin, func(l maillog.Line) error { a.Add(l); return nil }); err != nil {
			return err
		}
	}
	causes, err := a.Causes(in, set)
	if err != nil {
		return err
	}
	if c.String("format") == "json" {
		err = whyJSON(c.App.Writer, causes)
	} else {
		err = whyText(c.App.Writer, causes)
	}
	if err != nil {
		return err
	}
	if len(causes) > 0 {
		return exitCode(exitFindings)
	}
	return nil
}

// next says what to check when the configuration explains nothing.
func next(c *why.Cause) string {
	if s := c.Server(); s != "" && (c.Captures["port"] != "" || c.Captures["hop"] != "") {
		return "postlint probe " + s
	}
	return "postlint explain " + c.Rule.ID
}

func whyText(w io.Writer, causes []*why.Cause) error {
	var b strings.Builder
	for i, c := range causes {
		if i > 0 {
			b.WriteString("\n")
		}
		about := ""
		if s := c.Server(); s != "" {
			about = " about " + s
		}
		times := ""
		if c.First.Stamp != "" {
			times = ", " + c.First.Stamp
		}
		if c.Last.Stamp != c.First.Stamp {
			times += " to " + c.Last.Stamp
		}
		fmt.Fprintf(&b, "%s %s: %d %s from %s%s%s\n", c.Rule.ID, c.Rule.Name, c.Count, plural("line", c.Count), format.Escape(c.Tag), format.Escape(about), format.Escape(times))
		if len(c.QueueIDs) > 0 {
			fmt.Fprintf(&b, "  messages: %s\n", strings.Join(c.QueueIDs, " "))
		}
		fmt.Fprintf(&b, "  log: %s:%d: %s\n", format.Escape(c.First.File), c.First.Num, format.Escape(c.First.Raw))
		if len(c.Findings) == 0 {
			if strings.HasPrefix(next(c), "postlint probe") {
				fmt.Fprintf(&b, "  no setting here explains it; check the server: %s\n", next(c))
			} else {
				fmt.Fprintf(&b, "  no setting here explains it; %s lists its causes\n", next(c))
			}
			continue
		}
		for _, f := range c.Findings {
			fmt.Fprintf(&b, "  cause: %s\n", format.Escape(f.String()))
			for _, fx := range f.Fixes {
				how := "postlint --fix applies it"
				if !fx.Safe {
					how = "needs --unsafe-fixes"
				}
				fmt.Fprintf(&b, "  fix: %s (%s)\n", format.Escape(fx.Title), how)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func plural(word string, n int) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

type jsonCause struct {
	Rule     string            `json:"rule"`
	Name     string            `json:"name"`
	Title    string            `json:"title"`
	Tag      string            `json:"tag"`
	Server   string            `json:"server,omitempty"`
	Captures map[string]string `json:"captures"`
	Count    int               `json:"count"`
	First    string            `json:"first"`
	Last     string            `json:"last"`
	Log      jsonLogLine       `json:"log"`
	QueueIDs []string          `json:"queue_ids"`
	Findings json.RawMessage   `json:"findings"`
	Next     string            `json:"next,omitempty"`
}

type jsonLogLine struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Text string `json:"text"`
}

// whyJSON prints {"causes":[...]}; findings have the shape of the json
// format of lint.
func whyJSON(w io.Writer, causes []*why.Cause) error {
	out := struct {
		Causes []jsonCause `json:"causes"`
	}{Causes: []jsonCause{}}
	for _, c := range causes {
		var buf bytes.Buffer
		if err := format.JSON(&buf, c.Findings); err != nil {
			return err
		}
		var fs struct {
			Findings json.RawMessage `json:"findings"`
		}
		if err := json.Unmarshal(buf.Bytes(), &fs); err != nil {
			return err
		}
		jc := jsonCause{Rule: c.Rule.ID, Name: c.Rule.Name, Title: c.Rule.Title, Tag: c.Tag, Server: c.Server(),
			Captures: c.Captures, Count: c.Count, First: c.First.Stamp, Last: c.Last.Stamp,
			Log:      jsonLogLine{File: c.First.File, Line: c.First.Num, Text: c.First.Raw},
			QueueIDs: append([]string{}, c.QueueIDs...), Findings: fs.Findings}
		if len(c.Findings) == 0 {
			jc.Next = next(c)
		}
		out.Causes = append(out.Causes, jc)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
