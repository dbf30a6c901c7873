package postfixtest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Services is a master.cf with the internal services Postfix needs to
// queue and deliver mail, none chrooted, logging through postlogd.
const Services = `pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
`

// Instance is one private Postfix instance: configuration, queue, data
// directory and mail log under Root. Its methods are bounded in time
// (within their ctx) and return errors rather than failing a test, so an
// instance can outlive the test that started it (see Acquire).
type Instance struct {
	Name string // its myhostname is Name.test
	Addr string // its inet_interfaces
	// Alias, when not "", is another address of the host, outside
	// inet_interfaces: to the instance's own SMTP client a server
	// listening there is another host, where one on Addr is "this
	// host" (mail for it "loops back to myself").
	Alias      string
	Root       string // holds conf/, spool/, data/ and maillog
	ConfigDir  string
	QueueDir   string
	LogFile    string // the mail log, written by postlogd
	SyslogName string
	started    bool
}

// NewInstance makes the directories of an instance under work/name that
// listens on addr. It neither writes its configuration nor starts it.
func NewInstance(work, name, addr string) (*Instance, error) {
	in := &Instance{Name: name, Addr: addr, Root: filepath.Join(work, name), SyslogName: "postfixtest-" + name}
	in.ConfigDir = filepath.Join(in.Root, "conf")
	in.QueueDir = filepath.Join(in.Root, "spool")
	in.LogFile = filepath.Join(in.Root, "maillog")
	for _, d := range []string{in.ConfigDir, in.QueueDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	if err := AddAddr(addr); err != nil {
		return nil, err
	}
	return in, AddHost(in.Host(), addr)
}

// Host returns the instance's host name, Name.test, which resolves to
// Addr through the private /etc/hosts.
func (in *Instance) Host() string { return in.Name + ".test" }

// BaseMain returns the main.cf settings every instance starts with: its
// directories, log, name and addresses. Configure puts the test's own
// settings after them, so a test may override any but these.
func (in *Instance) BaseMain() string {
	return fmt.Sprintf(`compatibility_level = 3.6
myhostname = %[1]s
myorigin = $myhostname
mydestination =
inet_interfaces = %[2]s
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
queue_directory = %[3]s/spool
data_directory = %[3]s/data
mail_owner = postfix
setgid_group = postdrop
syslog_name = %[4]s
maillog_file = %[3]s/maillog
maillog_file_prefixes = %[3]s
alias_maps =
alias_database =
local_recipient_maps =
`, in.Host(), in.Addr, in.Root, in.SyslogName)
}

// Configure writes the configuration: main.cf is BaseMain followed by
// main; master.cf is master followed by the entries of Services that
// master does not define itself (same name and type); files are further
// files of the configuration directory (lookup tables, certificates).
// It returns the main.cf and master.cf written.
func (in *Instance) Configure(main, master string, files Files) (mainCf, masterCf string, err error) {
	mainCf = in.BaseMain() + main
	masterCf = MergeMaster(master, Services)
	all := Files{"main.cf": mainCf, "master.cf": masterCf}
	for name, data := range files {
		all[name] = data
	}
	return mainCf, masterCf, WriteFiles(in.ConfigDir, all)
}

// MergeMaster returns master followed by the entries of base whose name
// and type master does not define.
func MergeMaster(master, base string) string {
	defined := map[string]bool{}
	for _, e := range masterEntries(master) {
		defined[e.key] = true
	}
	var b strings.Builder
	b.WriteString(master)
	if master != "" && !strings.HasSuffix(master, "\n") {
		b.WriteByte('\n')
	}
	for _, e := range masterEntries(base) {
		if !defined[e.key] {
			b.WriteString(e.text)
		}
	}
	return b.String()
}

type masterEntry struct{ key, text string }

// masterEntries splits a master.cf into entries (a line and its
// continuation lines), keyed by name and type; comments go with the
// entry that follows them.
func masterEntries(s string) []masterEntry {
	var out []masterEntry
	var pending strings.Builder
	for _, line := range strings.SplitAfter(s, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case line == "":
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
			pending.WriteString(line)
		case line[0] == ' ' || line[0] == '\t':
			if len(out) > 0 {
				out[len(out)-1].text += pending.String() + line
				pending.Reset()
			}
		default:
			f := strings.Fields(line)
			key := f[0]
			if len(f) > 1 {
				key += " " + f[1]
			}
			out = append(out, masterEntry{key: key, text: pending.String() + line})
			pending.Reset()
		}
	}
	return out
}

// Postfix runs "postfix -c CONFIG_DIR args...".
func (in *Instance) Postfix(ctx context.Context, args ...string) (Output, error) {
	return runOutput(ctx, Bin("postfix"), append([]string{"-c", in.ConfigDir}, args...)...)
}

// Start starts the instance ("postfix start"). The error holds the
// command's output and the log.
func (in *Instance) Start(ctx context.Context) error {
	in.started = true
	out, err := in.Postfix(ctx, "start")
	if err == nil && out.Exit != 0 {
		err = fmt.Errorf("postfix start: exit status %d", out.Exit)
	}
	if err != nil {
		return fmt.Errorf("%s: %w\n%s\n--- log:\n%s", in.Name, err, out, strings.Join(in.Lines(Mark{}), "\n"))
	}
	return nil
}

// Running reports whether the instance's master runs ("postfix status").
func (in *Instance) Running(ctx context.Context) bool {
	out, err := in.Postfix(ctx, "status")
	return err == nil && out.Exit == 0
}

// Reload makes the running master read its configuration again ("postfix
// reload") and waits until it has logged so. It returns the mark taken
// before: the lines since include those the reload caused.
func (in *Instance) Reload(ctx context.Context) (Mark, error) {
	if err := Cool(in.ConfigDir); err != nil {
		return Mark{}, err
	}
	mark := in.Mark()
	out, err := in.Postfix(ctx, "reload")
	if err == nil && out.Exit != 0 {
		err = fmt.Errorf("postfix reload: exit status %d\n%s", out.Exit, out)
	}
	if err != nil {
		return mark, err
	}
	_, err = in.WaitLog(ctx, mark, reloaded, 15*time.Second, false)
	return mark, err
}

var reloaded = regexp.MustCompile(`/master\[\d+\]: reload -- version `)

// masterPID returns the PID in the instance's master.pid, or 0.
func (in *Instance) masterPID() int {
	b, err := os.ReadFile(filepath.Join(in.QueueDir, "pid", "master.pid"))
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return pid
}

// Stop stops the instance: "postfix stop", then, when "postfix status"
// still finds the master, SIGKILL for the master's process group (the
// master is a session leader, so its group holds the daemons it started).
func (in *Instance) Stop() error {
	if !in.started {
		return nil
	}
	in.started = false
	pid := in.masterPID()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := in.Postfix(ctx, "stop")
	// A stopped master can linger as a zombie (in a PID namespace the
	// test is its parent): "postfix status" tests the master's lock,
	// which a zombie no longer holds, where kill -0 would still succeed.
	if in.Running(ctx) && pid > 0 {
		_ = syscall.Kill(-pid, syscall.SIGKILL)
		_ = syscall.Kill(pid, syscall.SIGKILL)
		return fmt.Errorf("%s: master %d still running after postfix stop (%v): killed its process group", in.Name, pid, err)
	}
	return nil
}

// Mark is a position in an instance's log: Lines and WaitLog return only
// the lines written after it.
type Mark struct{ maillog, syslog int64 }

// Mark returns the current end of the log.
func (in *Instance) Mark() Mark {
	return Mark{maillog: size(in.LogFile), syslog: size(syslogFile())}
}

func size(path string) int64 {
	if path == "" {
		return 0
	}
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// Lines returns the log lines written since mark: those of the mail log,
// then those the instance's programs sent to syslog (the master before
// postlogd runs; see the package documentation). Mark{} is the start.
func (in *Instance) Lines(since Mark) []string {
	out := readLines(in.LogFile, since.maillog, nil)
	tag := " " + in.SyslogName + "/"
	return readLines(syslogFile(), since.syslog, func(l string) bool { return strings.Contains(l, tag) }, out...)
}

// readLines appends the complete lines of path after offset that keep
// accepts (all when nil) to out.
func readLines(path string, offset int64, keep func(string) bool, out ...string) []string {
	if path == "" {
		return out
	}
	f, err := os.Open(path)
	if err != nil {
		return out
	}
	defer f.Close()
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return out
	}
	r := bufio.NewReader(f)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return out // a partial last line is read next time
		}
		line = strings.TrimRight(line, "\n")
		if keep == nil || keep(line) {
			out = append(out, line)
		}
	}
}

// WaitLog waits until a log line written since mark matches re and
// returns its submatches. With flush it runs "postqueue -f" every second
// meanwhile, so deferred mail is retried. It gives up after limit (or
// when ctx ends) with an error that holds the lines it saw.
func (in *Instance) WaitLog(ctx context.Context, since Mark, re *regexp.Regexp, limit time.Duration, flush bool) ([]string, error) {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	var lastFlush time.Time
	for {
		lines := in.Lines(since)
		for _, l := range lines {
			if m := re.FindStringSubmatch(l); m != nil {
				return m, nil
			}
		}
		if flush && time.Since(lastFlush) >= time.Second {
			_, _ = runOutput(ctx, Bin("postqueue"), "-c", in.ConfigDir, "-f")
			lastFlush = time.Now()
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%s: no log line matching %q within %v; the lines since the mark:\n%s",
				in.Name, re, limit, strings.Join(lines, "\n"))
		case <-tick.C:
		}
	}
}

// Submit hands a message to the instance's sendmail(1).
func (in *Instance) Submit(ctx context.Context, from, to, message string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := command(ctx, Bin("sendmail"), "-C", in.ConfigDir, "-f", from, to)
	cmd.Stdin = strings.NewReader(message)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s: sendmail: %w\n%s", in.Name, err, out)
	}
	return nil
}

// Send submits a message with the given Message-ID and subject and
// returns its queue ID, read from the log.
func (in *Instance) Send(ctx context.Context, from, to, msgID, subject string) (string, error) {
	mark := in.Mark()
	msg := fmt.Sprintf("From: %s\nTo: %s\nMessage-ID: <%s>\nSubject: %s\n\nhello from a postlint test\n", from, to, msgID, subject)
	if err := in.Submit(ctx, from, to, msg); err != nil {
		return "", err
	}
	re := regexp.MustCompile(`cleanup\[\d+\]: ([0-9A-F]+): message-id=<` + regexp.QuoteMeta(msgID) + `>`)
	m, err := in.WaitLog(ctx, mark, re, 20*time.Second, false)
	if err != nil {
		return "", err
	}
	return m[1], nil
}

// Flush asks the queue manager to retry deferred mail (postqueue -f).
func (in *Instance) Flush(ctx context.Context) error {
	out, err := runOutput(ctx, Bin("postqueue"), "-c", in.ConfigDir, "-f")
	if err == nil && out.Exit != 0 {
		err = fmt.Errorf("postqueue -f: exit status %d\n%s", out.Exit, out)
	}
	return err
}

// Purge deletes every message in the queue (postsuper -d ALL).
func (in *Instance) Purge(ctx context.Context) error {
	out, err := runOutput(ctx, Bin("postsuper"), "-c", in.ConfigDir, "-d", "ALL")
	if err == nil && out.Exit != 0 {
		err = errors.New(out.String())
	}
	return err
}
