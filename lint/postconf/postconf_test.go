package postconf

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/postlint/postlint/lint/syntax"
)

// lookPostconf returns the path of the real postconf(1). Without it the
// differential tests are skipped, except in CI, where they must run.
func lookPostconf(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("postconf"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/sbin/postconf"); err == nil {
		return "/usr/sbin/postconf"
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("postconf(1) not found: install Postfix to run the differential tests")
	}
	t.Skip("postconf(1) not found")
	return ""
}

// caseDirs lists the configuration directories compared with postconf:
// the shared corpus and this package's extra cases.
func caseDirs(t *testing.T) []string {
	var dirs []string
	for _, pattern := range []string{"../../testdata/configs/*", "testdata/extra/*"} {
		matches, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range matches {
			if fi, err := os.Stat(m); err == nil && fi.IsDir() {
				dirs = append(dirs, m)
			}
		}
	}
	if len(dirs) == 0 {
		t.Fatal("no test configurations found")
	}
	return dirs
}

// readCase parses the main.cf and master.cf of dir; a missing file is nil.
func readCase(t *testing.T, dir string) Config {
	var c Config
	for _, name := range []string{"main.cf", "master.cf"} {
		src, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if name == "main.cf" {
			c.Main = syntax.ParseMain(name, src)
		} else {
			c.Master = syntax.ParseMaster(name, src)
		}
	}
	return c
}

// copyCase copies the files of dir to a new directory (see writeCase).
func copyCase(t *testing.T, dir string) string {
	var files [2][]byte
	for i, name := range []string{"main.cf", "master.cf"} {
		src, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		files[i] = src
	}
	return writeCase(t, files[0], files[1])
}

// writeCase writes main.cf and master.cf to a new directory, empty where
// the case has none (postconf -M needs both), and back-dates them:
// postconf reads a main.cf changed within the last second again and again
// until it is older.
func writeCase(t *testing.T, main, master []byte) string {
	dir := t.TempDir()
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for name, src := range map[string][]byte{"main.cf": main, "master.cf": master} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, old, old); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// result is the outcome of one postconf run.
type result struct {
	stdout, stderr []byte
	ok             bool
}

// runPostconf runs "postconf -c dir flag".
func runPostconf(bin, dir, flag string) (result, error) {
	var out, errOut bytes.Buffer
	cmd := exec.Command(bin, "-c", dir, flag)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return result{}, err
	}
	return result{out.Bytes(), errOut.Bytes(), err == nil}, nil
}

// runAll runs postconf -n and -M on all dirs, many at a time: postconf
// sleeps for a second before it exits with a fatal error.
func runAll(t *testing.T, bin string, dirs []string) [][2]result {
	runs := make([][2]result, len(dirs))
	errs := make(chan error, 2*len(dirs))
	sem := make(chan struct{}, 32)
	var wg sync.WaitGroup
	for i, dir := range dirs {
		for j, flag := range []string{"-n", "-M"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				r, err := runPostconf(bin, dir, flag)
				runs[i][j] = r
				errs <- err
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return runs
}

var (
	errPos      = regexp.MustCompile(`^(main|master)\.cf:(\d+):\d+: `)
	postconfPos = regexp.MustCompile(`fatal: .*(?:main|master)\.cf(?:,|:) line (\d+):`)
)

// compare checks ShowMain and ShowMaster of c against postconf's runs in
// dir. Where postconf fails, the error must name file:line:col, with
// postconf's line number when postconf gives one.
func compare(t *testing.T, c Config, dir string, runs [2]result) {
	t.Helper()
	for j, mode := range []struct {
		flag string
		show func() ([]byte, error)
	}{
		{"-n", c.ShowMain},
		{"-M", c.ShowMaster},
	} {
		r := runs[j]
		got, err := mode.show()
		switch {
		case !r.ok && err == nil:
			t.Errorf("postconf %s fails (%s) but got no error; output:\n%s", mode.flag, fatalLine(r.stderr), got)
		case !r.ok:
			m := errPos.FindStringSubmatch(err.Error())
			if m == nil {
				t.Errorf("postconf %s: error %q lacks file:line:col", mode.flag, err)
			} else if pm := postconfPos.FindSubmatch(r.stderr); pm != nil && string(pm[1]) != m[2] {
				t.Errorf("postconf %s: error %q, but postconf says %s", mode.flag, err, fatalLine(r.stderr))
			}
		case err != nil:
			t.Errorf("postconf %s succeeds but got error: %v", mode.flag, err)
		default:
			want := r.stdout
			if mode.flag == "-n" {
				want = bytes.Replace(want, []byte("config_directory = "+dir+"\n"), nil, 1)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("postconf %s differs\n got: %q\nwant: %q", mode.flag, got, want)
			}
		}
	}
}

// TestDifferential compares Main and Master with the real postconf on
// every test configuration.
func TestDifferential(t *testing.T) {
	bin := lookPostconf(t)
	dirs := caseDirs(t)
	copies := make([]string, len(dirs))
	for i, dir := range dirs {
		copies[i] = copyCase(t, dir)
	}
	runs := runAll(t, bin, copies)
	for i, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			compare(t, readCase(t, dir), copies[i], runs[i])
		})
	}
}

// Fragments for TestDifferentialRandom: parameter names of every kind,
// values full of macros, braces, legacy tables and odd white space, and
// master.cf arguments.
var (
	randNames = []string{"myhostname", "mydestination", "relayhost", "alias_maps",
		"smtpd_restriction_classes", "virtual_maps", "u1", "u2", "u3", "foo_server_host",
		"foo_hosts", "bar_user", "process_id", "config_directory", "default_rbl_reply",
		"relay_time_limit", "relay_destination_concurrency_limit", "Z", "x_y"}
	randValues = []string{"", "a", "$u1", "${u2}", "$(u3)", "${u1?x}", "${u2:y}",
		"${u1?{$u2}:{$u3}}", "${{$u1}=={a}?{$u2}:{$u3}}", "ldap:foo", "proxy:mysql:foo",
		"pipemap:{ldap:foo,mysql:bar}", "{pgsql:bar}", "$$", "$", "${", "${a b}", "a,b",
		"  x  y  ", "\tz", "u1, u2", "${{1}<{2}?{$u1}}", "${u1?$u2:x}", "{", "}", "#x",
		"a=b", "\r", "\v", "${ u1 ? {a} : {b} }", "${{a}~{b}?{c}}", "${u1?{a}x}",
		"${u1?${u2?${u3}}}", "${{$u1}=={1}?{ldap:foo}:{mysql:bar}}", "${ }", "${u1 x}",
		"${{$compatibility_level} <level {2} ? {$u1} : {$u2}}", "${{$u1}<=level{3.6}?{x}}", "${{a}<lev{b}?{c}}",
		"$relay_domains", "$mynetworks_style", "$smtpd_relay_restrictions", "$smtputf8_enable"}
	randMasterArgs = []string{"-v", "-o", "-ox=y", "-o smtpd_helo_restrictions=$u1",
		"-o {u1 = $u2}", "-o { smtpd_restriction_classes = u2 }", "-vo relayhost=$u3",
		"-osyslog_name=a", "--", "{a b}", "{c}", "x=y", "{d", "e}", "-o {f", "-", "-D",
		"-o relay_destination_concurrency_limit=ldap:foo", "-o smtpd_milters=${u1?{a}}",
		"-o u1=1", "-o u2=${u1}", "-oo", "{}", "-o{a=b}c", "-o a={b c}", "argv=/bin/x ${recipient}"}
)

func randomMain(r *rand.Rand) string {
	var b strings.Builder
	for n := r.Intn(8); n > 0; n-- {
		switch r.Intn(12) {
		case 0:
			b.WriteString("# comment\n")
		case 1:
			b.WriteString("  " + pick(r, randValues) + "\n")
		case 2:
			b.WriteString("\n")
		default:
			b.WriteString(pick(r, randNames) + pick(r, []string{" = ", "=", "\t=\t"}) + pick(r, randValues))
			if r.Intn(4) == 0 {
				b.WriteString("\n " + pick(r, randValues))
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

func randomMaster(r *rand.Rand) string {
	var b strings.Builder
	for n := r.Intn(4); n > 0; n-- {
		fields := []string{
			pick(r, []string{"smtp", "relay", "u1", "127.0.0.1:25"}),
			pick(r, []string{"inet", "unix", "unix-dgram", "fifo", "pass"}),
			pick(r, []string{"-", "n", "y"}), pick(r, []string{"-", "n"}), pick(r, []string{"-", "y"}),
			pick(r, []string{"-", "60", "0?", "-?"}), pick(r, []string{"-", "1", "100"}),
			pick(r, []string{"smtpd", "smtp", "pipe", "spawn", "local", "discard"}),
		}
		b.WriteString(strings.Join(fields, pick(r, []string{" ", "\t", "  "})))
		for k := r.Intn(4); k > 0; k-- {
			if r.Intn(3) == 0 {
				b.WriteString("\n ")
			}
			b.WriteString(" " + pick(r, randMasterArgs))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func pick(r *rand.Rand, a []string) string { return a[r.Intn(len(a))] }

// TestDifferentialRandom compares Main and Master with the real postconf
// on configurations assembled at random (with a fixed seed) from tricky
// fragments.
func TestDifferentialRandom(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	bin := lookPostconf(t)
	r := rand.New(rand.NewSource(1))
	configs := make([][2]string, 300)
	dirs := make([]string, len(configs))
	for i := range configs {
		configs[i] = [2]string{randomMain(r), randomMaster(r)}
		dirs[i] = writeCase(t, []byte(configs[i][0]), []byte(configs[i][1]))
	}
	runs := runAll(t, bin, dirs)
	for i, cfg := range configs {
		c := Config{syntax.ParseMain("main.cf", []byte(cfg[0])), syntax.ParseMaster("master.cf", []byte(cfg[1]))}
		if !t.Run(strconv.Itoa(i), func(t *testing.T) { compare(t, c, dirs[i], runs[i]) }) {
			t.Logf("main.cf: %q\nmaster.cf: %q", cfg[0], cfg[1])
		}
	}
}

// fatalLine returns postconf's "fatal:" message, or its first line.
func fatalLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	for _, l := range lines {
		if strings.Contains(l, "fatal:") {
			return l
		}
	}
	return lines[0]
}

// hostileMains are main.cf files at the limits of macro expansion, built
// here rather than committed: nesting at mac_expand's limit of 100 levels
// and one beyond, chains of references as long, values that double at
// each step, and a value of 10^6 references. postconf takes well under a
// second for each; the expander must give its verdict as fast.
func hostileMains() map[string]string {
	nest := func(n int) string {
		s := "x"
		for i := 0; i < n; i++ {
			s = "${a:" + s + "}"
		}
		return "a =\nsmtpd_banner = " + s + "\n"
	}
	chain := func(n int) string {
		var b strings.Builder
		b.WriteString("myhostname = $a1\n")
		for i := 1; i < n; i++ {
			fmt.Fprintf(&b, "a%d = $a%d\n", i, i+1)
		}
		fmt.Fprintf(&b, "a%d = host.example\n", n)
		return b.String()
	}
	bomb := func(n int) string {
		var b strings.Builder
		b.WriteString("b0 = x\n")
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "b%d = $b%d $b%d\n", i, i-1, i-1)
		}
		fmt.Fprintf(&b, "smtpd_banner = $b%d\n", n)
		return b.String()
	}
	return map[string]string{
		"nest-100":   nest(100),
		"nest-101":   nest(101),
		"chain-100":  chain(100),
		"chain-101":  chain(101),
		"bomb-20":    bomb(20),
		"refs-10^6":  "a = x\nmyhostname = " + strings.Repeat("$a ", 1000000) + "\n",
		"refs-10^6b": "a = x\nmyhostname = " + strings.Repeat("$a", 1000000) + "\n",
	}
}

// TestDifferentialHostile compares the hostile configurations with the
// real postconf.
func TestDifferentialHostile(t *testing.T) {
	bin := lookPostconf(t)
	cases := hostileMains()
	names := slices.Sorted(maps.Keys(cases))
	dirs := make([]string, len(names))
	for i, name := range names {
		dirs[i] = writeCase(t, []byte(cases[name]), nil)
	}
	runs := runAll(t, bin, dirs)
	for i, name := range names {
		t.Run(name, func(t *testing.T) {
			c := Config{Main: syntax.ParseMain("main.cf", []byte(cases[name])), Master: syntax.ParseMaster("master.cf", nil)}
			compare(t, c, dirs[i], runs[i])
		})
	}
}

// BenchmarkHostile shows that the expander's cost on the hostile
// configurations is linear in their size.
func BenchmarkHostile(b *testing.B) {
	for name, src := range hostileMains() {
		b.Run(name, func(b *testing.B) {
			c := Config{Main: syntax.ParseMain("main.cf", []byte(src))}
			for b.Loop() {
				_, _ = c.ShowMain()
			}
		})
	}
}
