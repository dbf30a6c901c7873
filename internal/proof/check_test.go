package proof_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/postlint/postlint/internal/postfixtest"
	"github.com/postlint/postlint/internal/proof"
)

// waitLimit bounds how long an instance check waits for its log lines.
const waitLimit = 30 * time.Second

// check runs one proof's check.
type check struct {
	t     *testing.T
	p     *proof.Proof
	kind  string
	args  []string
	dir   string                // the configuration directory
	dirs  *strings.Replacer     // the test's directories to the usual ones, for Normalise
	vars  *strings.Replacer     // the placeholders, for the check's arguments
	in    *postfixtest.Instance // for instance checks
	files map[string]string     // the proof's files, placeholders replaced
	// qid, once known, is the queue ID of the check's message: lines
	// about other messages (a notice left by an earlier test) are not
	// the check's.
	qid string
	// msgID is the Message-ID of the message a send check submits.
	msgID string
}

func newCheck(t *testing.T, p *proof.Proof) *check {
	return &check{t: t, p: p, kind: p.Check[0], args: p.Check[1:]}
}

func (c *check) onInstance() bool {
	return slices.Contains([]string{"start", "reload", "send", "smtp"}, c.kind)
}

// prepare writes the configuration and returns the files postlint lints
// and the syslog name of the programs that log.
func (c *check) prepare(ctx context.Context) (lintFiles map[string]string, syslogName string) {
	t := c.t
	vars := map[string]string{"public": postfixtest.PublicAddr}
	if !c.onInstance() {
		c.dir = postfixtest.TempDir(t)
		vars["dir"] = c.dir
		c.files = c.p.Expand(vars)
		if err := postfixtest.WriteFiles(c.dir, c.files); err != nil {
			t.Fatal(err)
		}
		c.dirs = strings.NewReplacer(c.dir, "/etc/postfix")
		c.setVars(vars)
		return c.files, ""
	}
	postfixtest.RequireIsolation(t)
	for _, data := range c.p.Files {
		if strings.Contains(data, "{{peer}}") {
			vars["peer"] = postfixtest.Peer(t).Addr
		}
	}
	c.in = postfixtest.Acquire(t)
	vars["dir"], vars["addr"], vars["host"], vars["alias"] = c.in.ConfigDir, c.in.Addr, c.in.Host(), c.in.Alias
	c.dir = c.in.ConfigDir
	c.files = c.p.Expand(vars)
	c.setVars(vars)
	c.dirs = strings.NewReplacer(c.in.ConfigDir, "/etc/postfix", c.in.Root, "/var/spool/postfix",
		c.in.Host(), "{{host}}", c.in.Addr, "{{addr}}", c.in.Alias, "{{alias}}")
	mainCf, masterCf, err := c.in.Configure(c.files["main.cf"], c.files["master.cf"], c.others())
	if err != nil {
		t.Fatal(err)
	}
	lintFiles = c.others()
	lintFiles["main.cf"], lintFiles["master.cf"] = mainCf, masterCf
	return lintFiles, c.in.SyslogName
}

func (c *check) setVars(vars map[string]string) {
	var pairs []string
	for k, v := range vars {
		pairs = append(pairs, "{{"+k+"}}", v)
	}
	c.vars = strings.NewReplacer(pairs...)
}

// others returns the proof's files other than main.cf and master.cf.
func (c *check) others() map[string]string {
	out := map[string]string{}
	for name, data := range c.files {
		if name != "main.cf" && name != "master.cf" {
			out[name] = data
		}
	}
	return out
}

// run runs the check and returns the log lines it gave.
func (c *check) run(ctx context.Context) []string {
	t := c.t
	args := make([]string, len(c.args))
	for i, a := range c.args {
		args[i] = c.vars.Replace(a)
	}
	switch c.kind {
	case "daemon":
		if len(args) == 0 {
			t.Fatal("check: daemon needs the daemon's name")
		}
		return c.startup(ctx, args[0], args[1:])
	case "service":
		if len(args) != 2 {
			t.Fatal("check: service needs a master.cf service name and type")
		}
		// The daemon and its arguments as postconf reads them from
		// master.cf, with the -n and -t the master gives every daemon.
		out, err := postfixtest.Postconf(ctx, c.dir, "-Fh", args[0]+"/"+args[1]+"/command")
		if err != nil || out.Exit != 0 || len(strings.Fields(out.Stdout)) == 0 {
			t.Fatalf("postconf -Fh %s/%s/command: %v\n%s", args[0], args[1], err, out)
		}
		cmd := strings.Fields(out.Stdout)
		return c.startup(ctx, cmd[0], append([]string{"-n", args[0], "-t", args[1]}, cmd[1:]...))
	case "postconf":
		out, err := postfixtest.Postconf(ctx, c.dir, args...)
		if err != nil {
			t.Fatal(err)
		}
		return out.Log
	case "postfix-check":
		out, err := postfixtest.Check(ctx, c.dir)
		if err != nil {
			t.Fatal(err)
		}
		return out.Log
	case "start":
		if err := c.in.Stop(); err != nil {
			t.Log(err)
		}
		mark, _, _, err := c.in.Use(ctx, c.files["main.cf"], c.files["master.cf"], c.others())
		t.Logf("postfix start: %v", err)
		return c.wait(ctx, mark)
	case "reload":
		if _, _, _, err := c.in.Use(ctx, "", "", nil); err != nil {
			t.Fatalf("starting the instance with its base configuration: %v", err)
		}
		if _, _, err := c.in.Configure(c.files["main.cf"], c.files["master.cf"], c.others()); err != nil {
			t.Fatal(err)
		}
		mark := c.in.Mark()
		out, err := c.in.Postfix(ctx, "reload")
		t.Logf("postfix reload: exit %d, %v\n%s", out.Exit, err, out)
		return c.wait(ctx, mark)
	case "send":
		if len(args) != 1 {
			t.Fatal("check: send needs one recipient address")
		}
		mark := c.use(ctx)
		c.msgID = fmt.Sprintf("%s.%d@%s", c.p.Name, time.Now().UnixNano(), c.in.Host())
		msg := fmt.Sprintf("From: <sender@%s>\nTo: <%s>\nMessage-ID: <%s>\nSubject: proof %s\n\nhello\n", c.in.Host(), args[0], c.msgID, c.p.Name)
		if err := c.in.Submit(ctx, "sender@"+c.in.Host(), args[0], msg); err != nil {
			t.Fatal(err)
		}
		return c.wait(ctx, mark)
	case "smtp":
		cl, addr, err := parseClient(args)
		if err != nil {
			t.Fatal(err)
		}
		mark := c.use(ctx)
		sctx, cancel := context.WithTimeout(ctx, waitLimit)
		defer cancel()
		transcript := cl.run(sctx, addr)
		t.Logf("SMTP session with %s:\n%s", addr, transcript)
		if m := queuedAs.FindStringSubmatch(transcript); m != nil {
			c.qid = m[1]
		}
		return c.wait(ctx, mark)
	}
	t.Fatalf("unknown check %q", c.kind)
	return nil
}

func (c *check) startup(ctx context.Context, daemon string, args []string) []string {
	out, err := postfixtest.Startup(ctx, c.dir, daemon, args...)
	if err != nil {
		c.t.Fatalf("%v\n%s", err, out)
	}
	return out.Log
}

// use makes the instance run the proof's configuration.
func (c *check) use(ctx context.Context) postfixtest.Mark {
	mark, _, _, err := c.in.Use(ctx, c.files["main.cf"], c.files["master.cf"], c.others())
	if err != nil {
		c.t.Fatal(err)
	}
	return mark
}

// wait waits until the instance's log since mark holds every want, or
// waitLimit passes, and returns the lines since mark.
func (c *check) wait(ctx context.Context, mark postfixtest.Mark) []string {
	ctx, cancel := context.WithTimeout(ctx, waitLimit)
	defer cancel()
	for {
		lines := c.ours(c.in.Lines(mark))
		if c.allWants(lines) || ctx.Err() != nil {
			return lines
		}
		select {
		case <-ctx.Done():
		case <-time.After(100 * time.Millisecond):
		}
	}
}

var queuedAs = regexp.MustCompile(`queued as ([0-9A-F]+)`)

// ours drops the lines about messages other than the check's, once its
// queue ID is known (from the Message-ID of a send check's message).
func (c *check) ours(lines []string) []string {
	if c.qid == "" && c.msgID != "" {
		for _, l := range lines {
			if strings.Contains(l, "message-id=<"+c.msgID+">") {
				c.qid = proof.QueueID(l)
			}
		}
	}
	if c.qid == "" {
		return lines
	}
	var out []string
	for _, l := range lines {
		if id := proof.QueueID(l); id == "" || id == c.qid {
			out = append(out, l)
		}
	}
	return out
}

func (c *check) allWants(lines []string) bool {
	for _, w := range c.p.Want {
		if !slices.ContainsFunc(lines, func(l string) bool { return proof.Match(proof.Normalise(l, c.in.SyslogName, c.dirs), w) }) {
			return false
		}
	}
	return true
}
