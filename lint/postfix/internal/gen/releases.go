package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// The facts of real releases: what postconf -d of 16 builds printed
// (postconf-d/VERSION.txt) and what the code of 36 release tags reads
// (facts/*.tsv). See the READMEs beside them.

// hostDependent are the postconf -d values that describe the build
// machine or the build options rather than the release (postconf-d's
// README): they are not release facts, so the table has no default for
// them.
func hostDependent(name string) bool {
	switch name {
	case "myhostname", "mydomain", "mynetworks", "process_name", "process_id", "service_name",
		"mail_version", "default_database_type":
		return true
	}
	return strings.HasSuffix(name, "_directory") || strings.HasSuffix(name, "_path")
}

// readPostconfD reads every VERSION.txt of dir: release → name → default.
func readPostconfD(dir string) (map[version]map[string]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	out := make(map[version]map[string]string)
	for _, f := range files {
		v, err := parseVersion(strings.TrimSuffix(filepath.Base(f), ".txt"))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		r, err := os.Open(f)
		if err != nil {
			return nil, err
		}
		defs, err := parsePostconfD(r)
		r.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		out[v] = defs
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no VERSION.txt files", dir)
	}
	return out, nil
}

// parsePostconfD reads "name = value" lines (an empty value is written
// "name =").
func parsePostconfD(r io.Reader) (map[string]string, error) {
	defs := make(map[string]string)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if line == "" {
			continue
		}
		name, value, ok := strings.Cut(line, " =")
		if !ok || name == "" {
			return nil, fmt.Errorf("line %d: not name = value", n)
		}
		defs[name] = strings.TrimPrefix(value, " ")
	}
	return defs, sc.Err()
}

// tsv reads a tab-separated file with a header line into rows of named
// columns; lines starting with # are comments.
func tsv(path string) ([]map[string]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		if !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	if len(lines) < 2 {
		return nil, fmt.Errorf("%s: no rows", path)
	}
	head := strings.Split(lines[0], "\t")
	var rows []map[string]string
	for i, line := range lines[1:] {
		f := strings.Split(line, "\t")
		if len(f) != len(head) {
			return nil, fmt.Errorf("%s:%d: %d fields, want %d", path, i+2, len(f), len(head))
		}
		row := make(map[string]string, len(head))
		for j, h := range head {
			row[h] = f[j]
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// kindFacts is how one release's code reads a parameter.
type kindFacts struct {
	kind     string // int, long, bool, nbool, time, nint, str, raw, str_fn; "" for untyped reads
	min, max int64  // 0 means no bound
	unit     string // default time unit of a time parameter
}

// strictness orders kinds from "any text" to "a number": when two daemons
// of one release read a name differently, the stricter reading decides
// whether some daemon fails.
var strictness = map[string]int{"": 0, "raw": 1, "str": 1, "str_fn": 1, "nbool": 2, "bool": 2, "time": 3, "nint": 3, "int": 3, "long": 3}

// stricter combines two readings of one name in one release: the
// stricter kind with the tighter bounds.
func stricter(a, b kindFacts) kindFacts {
	if strictness[b.kind] > strictness[a.kind] {
		a, b = b, a
	}
	if a.kind == b.kind {
		a.min = max(a.min, b.min)
		if a.max == 0 || (b.max != 0 && b.max < a.max) {
			a.max = b.max
		}
	}
	return a
}

// lenient combines the readings at two releases when a release between
// them is asked for and it is not known where the change happened: the
// result accepts every value that either accepts.
func lenient(a, b kindFacts) kindFacts {
	if a == b {
		return a
	}
	if a.kind != b.kind {
		return kindFacts{}
	}
	out := kindFacts{kind: a.kind, unit: a.unit, min: min(a.min, b.min)}
	if a.max != 0 && b.max != 0 {
		out.max = max(a.max, b.max)
	}
	return out
}

// codeFacts is what facts/param-types.tsv and param-untyped-reads.tsv say
// per release tag: tag → name → reading.
type codeFacts struct {
	tags  []version
	reads map[version]map[string]kindFacts
	// files lists, per name, the source files whose tables read it (any
	// release).
	files map[string]map[string]bool
}

// templateName turns the facts' pattern names into the documentation's
// placeholder names: <transport>_x and <service>_x become transport_x.
func templateName(name string) string {
	for _, p := range []string{"<transport>_", "<service>_"} {
		if rest, ok := strings.CutPrefix(name, p); ok {
			return "transport_" + rest
		}
	}
	return name
}

func readCodeFacts(dir string) (*codeFacts, error) {
	cf := &codeFacts{reads: make(map[version]map[string]kindFacts), files: make(map[string]map[string]bool)}
	add := func(tag version, name string, k kindFacts) {
		m := cf.reads[tag]
		if m == nil {
			m = make(map[string]kindFacts)
			cf.reads[tag] = m
		}
		if old, dup := m[name]; dup {
			k = stricter(old, k)
		}
		m[name] = k
	}
	types, err := tsv(filepath.Join(dir, "param-types.tsv"))
	if err != nil {
		return nil, err
	}
	for _, row := range types {
		k := kindFacts{kind: row["type"], unit: row["time_default_unit"]}
		if k.min, err = parseBound(row["min"]); err != nil {
			return nil, fmt.Errorf("param-types.tsv: %s: %w", row["name"], err)
		}
		if k.max, err = parseBound(row["max"]); err != nil {
			return nil, fmt.Errorf("param-types.tsv: %s: %w", row["name"], err)
		}
		tags, err := parseVersions(row["releases"])
		if err != nil {
			return nil, fmt.Errorf("param-types.tsv: %s: %w", row["name"], err)
		}
		name := templateName(row["name"])
		for _, t := range tags {
			add(t, name, k)
		}
		if cf.files[name] == nil {
			cf.files[name] = make(map[string]bool)
		}
		for _, f := range splitComma(row["files"]) {
			cf.files[name][f] = true
		}
	}
	untyped, err := tsv(filepath.Join(dir, "param-untyped-reads.tsv"))
	if err != nil {
		return nil, err
	}
	for _, row := range untyped {
		tags, err := parseVersions(row["releases"])
		if err != nil {
			return nil, fmt.Errorf("param-untyped-reads.tsv: %s: %w", row["name"], err)
		}
		for _, t := range tags {
			if _, typed := cf.reads[t][row["name"]]; !typed {
				add(t, row["name"], kindFacts{})
			}
		}
	}
	for t := range cf.reads {
		cf.tags = append(cf.tags, t)
	}
	sort.Slice(cf.tags, func(i, j int) bool { return cf.tags[i].less(cf.tags[j]) })
	return cf, nil
}

func parseBound(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	return strconv.ParseInt(s, 10, 64)
}

func splitComma(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// apply sets the "reads-as" facts of the overlay at their tags.
func (cf *codeFacts) apply(ov []overlayRow) error {
	for _, o := range ov {
		if o.what != "reads-as" {
			continue
		}
		for _, t := range o.releases {
			r, ok := cf.reads[t][o.name]
			if !ok || r.kind != o.oldValue {
				return fmt.Errorf("overlay.tsv: %s at %s: the code facts say %q, not %q", o.name, t, r.kind, o.oldValue)
			}
			r.kind = o.newValue
			cf.reads[t][o.name] = r
		}
	}
	return nil
}

// fileDaemons maps the source files of parameter tables to the master.cf
// commands whose processes read them; "*" stands for every process
// (mail_params.c, read by all of them, and the commands postfix(1),
// sendmail(1) and the like, whose failure stops the mail system or mail
// submission).
var fileDaemons = map[string][]string{
	"mail_params.c": {"*"}, "postfix.c": {"*"}, "master_vars.c": {"*"}, "postmulti.c": {"*"},
	"postdrop.c": {"*"}, "sendmail.c": {"*"}, "postqueue.c": {"*"}, "postlock.c": {"*"},
	"posttls-finger.c": {"posttls-finger"},
	"smtpd.c":          {"smtpd"}, "smtp_params.c": {"smtp"}, "lmtp_params.c": {"lmtp"},
	"tlsproxy.c": {"tlsproxy"}, "postscreen.c": {"postscreen"}, "cleanup_init.c": {"cleanup"},
	"qmgr.c": {"qmgr", "oqmgr"}, "qmgr_transport.c": {"qmgr", "oqmgr"},
	"trivial-rewrite.c": {"trivial-rewrite"}, "local.c": {"local"},
	"tls_misc.c": {"smtpd", "smtp", "lmtp", "tlsproxy", "postscreen", "tlsmgr"},
	"proxymap.c": {"proxymap"}, "tlsmgr.c": {"tlsmgr"}, "virtual.c": {"virtual"},
	"bounce.c": {"bounce"}, "verify.c": {"verify"}, "qmqpd.c": {"qmqpd"}, "pipe.c": {"pipe"},
	"spawn.c": {"spawn"}, "showq.c": {"showq"}, "scache.c": {"scache"}, "pickup.c": {"pickup"},
	"nbdb_reindexd.c": {"nbdb_reindexd"}, "flush.c": {"flush"}, "anvil.c": {"anvil"},
	"postlogd.c": {"postlogd"}, "dnsblog.c": {"dnsblog"},
}

// readers returns the master.cf commands that read name, sorted, or "*".
func (cf *codeFacts) readers(name string) (string, error) {
	set := make(map[string]bool)
	for f := range cf.files[name] {
		ds, ok := fileDaemons[f]
		if !ok {
			return "", fmt.Errorf("param-types.tsv: %s: no daemon known for source file %s", name, f)
		}
		for _, d := range ds {
			if d == "*" {
				return "*", nil
			}
			set[d] = true
		}
	}
	var out []string
	for d := range set {
		out = append(out, d)
	}
	sort.Strings(out)
	return strings.Join(out, " "), nil
}
