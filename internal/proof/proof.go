package proof

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"golang.org/x/tools/txtar"
)

// Proof is one parsed proof file.
type Proof struct {
	Name   string   // the file name without .txtar, such as PL604-service
	Rule   string   // the rule ID, the name up to the first "-"
	Check  []string // the check and its arguments; nil for a reason
	Want   []string // texts the log must show
	Reason string   // why Postfix cannot show the failure
	About  string   // the comment's free text
	Files  map[string]string
}

// Parse reads a proof file.
func Parse(name string, data []byte) (*Proof, error) {
	base := strings.TrimSuffix(filepath.Base(name), ".txtar")
	p := &Proof{Name: base, Rule: strings.SplitN(base, "-", 2)[0], Files: map[string]string{}}
	ar := txtar.Parse(data)
	var about []string
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		key, value, ok := strings.Cut(line, ":")
		value = strings.TrimSpace(value)
		switch {
		case ok && key == "check":
			if p.Check != nil {
				return nil, fmt.Errorf("%s: more than one check", name)
			}
			p.Check = strings.Fields(value)
		case ok && key == "want":
			p.Want = append(p.Want, value)
		default:
			about = append(about, line)
		}
	}
	p.About = strings.TrimSpace(strings.Join(about, "\n"))
	for _, f := range ar.Files {
		if f.Name == "reason" {
			p.Reason = strings.TrimSpace(string(f.Data))
			continue
		}
		p.Files[f.Name] = string(f.Data)
	}
	switch {
	case p.Reason != "" && (p.Check != nil || len(p.Want) > 0):
		return nil, fmt.Errorf("%s: a reason and a check", name)
	case p.Reason == "" && (len(p.Check) == 0 || len(p.Want) == 0):
		return nil, fmt.Errorf("%s: needs a check and at least one want, or a reason", name)
	case p.Reason == "" && p.Files["main.cf"] == "" && p.Files["master.cf"] == "":
		return nil, fmt.Errorf("%s: no main.cf or master.cf", name)
	}
	return p, nil
}

// Expand replaces the placeholders of the proof's files.
func (p *Proof) Expand(vars map[string]string) map[string]string {
	var pairs []string
	for k, v := range vars {
		pairs = append(pairs, "{{"+k+"}}", v)
	}
	r := strings.NewReplacer(pairs...)
	out := make(map[string]string, len(p.Files))
	for name, data := range p.Files {
		out[name] = r.Replace(data)
	}
	return out
}

// Match reports whether s holds want: want's fragments, separated by
// "...", in this order (white space at the ends of a fragment does not
// count).
func Match(s, want string) bool {
	for _, frag := range strings.Split(want, "...") {
		frag = strings.TrimSpace(frag)
		i := strings.Index(s, frag)
		if i < 0 {
			return false
		}
		s = s[i+len(frag):]
	}
	return true
}

// Squeeze collapses runs of white space into one space, so that a
// wrapped symptom matches a log line.
func Squeeze(s string) string { return strings.Join(strings.Fields(s), " ") }

var (
	// syslogTime starts lines of the mail log and of syslog.
	syslogTime = regexp.MustCompile(`^[A-Z][a-z]{2} [ 0-9]\d \d\d:\d\d:\d\d `)
	// tag is a program's log tag: name, optional [pid], colon.
	tag     = regexp.MustCompile(`^(\S+?)(?:\[\d+\])?: `)
	queueID = regexp.MustCompile(`^[0-9A-F]{6,}: `)
	queued  = regexp.MustCompile(`queued as [0-9A-F]{6,}`)
	delays  = regexp.MustCompile(`delay=[0-9.]+, delays=[0-9./]+`)
	pid     = regexp.MustCompile(`\bpid \d+\b`)
	// binary is data Postfix logs as octal escapes (a TLS ClientHello
	// read as a command): its first bytes are kept, the random rest not.
	binary = regexp.MustCompile(`((?:\\[0-7]{3}){3})\\[0-7]{3}.*$`)
	// The OpenSSL source line in "TLS library problem" errors changes
	// with OpenSSL's patch release: ../crypto/bio/bss_file.c:297.
	sourceLine = regexp.MustCompile(`(\.c):\d+:`)
)

// Normalise makes a log line stable for documentation: no time stamp,
// host name, PID, queue ID, delays or binary data; the instance's syslog
// name becomes "postfix", a program's path its name, and dirs (when not
// nil) replaces the test's directories, addresses and names with the
// usual ones.
func Normalise(line, syslogName string, dirs *strings.Replacer) string {
	if name, msg, ok := split(line); ok {
		if syslogName != "" && (name == syslogName || strings.HasPrefix(name, syslogName+"/")) {
			name = "postfix" + strings.TrimPrefix(name, syslogName)
		}
		if strings.HasPrefix(name, "/") {
			name = filepath.Base(name)
		}
		line = name + ": " + queueID.ReplaceAllString(msg, "QUEUEID: ")
	}
	if dirs != nil {
		line = dirs.Replace(line)
	}
	line = queued.ReplaceAllString(line, "queued as QUEUEID")
	line = pid.ReplaceAllString(line, "pid N")
	line = binary.ReplaceAllString(line, "$1...")
	line = sourceLine.ReplaceAllString(line, "$1:N:")
	return delays.ReplaceAllString(line, "delay=N, delays=N/N/N/N")
}

// QueueID returns the queue ID a log line is about ("4F2A31C0D2: to=..."),
// "" when it is about no message.
func QueueID(line string) string {
	if _, msg, ok := split(line); ok {
		if m := queueID.FindString(msg); m != "" {
			return strings.TrimSuffix(m, ": ")
		}
	}
	return ""
}

// split splits a log line into the program's name (without [pid]) and
// the message, dropping the time stamp and host name of the mail log.
func split(line string) (name, msg string, ok bool) {
	line = syslogTime.ReplaceAllString(line, "")
	if !tag.MatchString(line) {
		// "host tag: ...": the mail log's host name field.
		if host, rest, found := strings.Cut(line, " "); found && tag.MatchString(rest) && !strings.Contains(host, ":") {
			line = rest
		}
	}
	m := tag.FindStringSubmatchIndex(line)
	if m == nil {
		return "", line, false
	}
	return line[m[2]:m[3]], line[m[1]:], true
}
