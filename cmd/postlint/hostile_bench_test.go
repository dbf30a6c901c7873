package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postlint/postlint/fix"
	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/rules"
)

// Hostile shapes: small, plausible inputs that used to take quadratic
// time or memory. Each benchmark runs at n and 10n; linear cost shows as
// a ten times larger ns/op (and B/op) for the larger size. Compare with
//
//	go test ./cmd/postlint -run '^$' -bench Hostile -benchtime 1x
//
// Timings are not asserted: the machine decides them.

// hostileShapes generate a configuration directory's files of size n.
var hostileShapes = []struct {
	name  string
	n     int
	files func(n int) map[string]string
}{
	// Many services: PL718 compared every service with every other.
	{"services", 2000, func(n int) map[string]string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "svc%d unix - - n - - smtp\n", i)
		}
		return map[string]string{"main.cf": "compatibility_level = 3.6\n", "master.cf": b.String()}
	}},
	// Many comment lines: each suppression lookup scanned all that follow.
	{"comments", 100000, func(n int) map[string]string {
		return map[string]string{"main.cf": strings.Repeat("# comment\n", n) + "myhostname = mail.example.com\n"}
	}},
	// One master.cf entry continued on many lines.
	{"continuations", 20000, func(n int) map[string]string {
		return map[string]string{"main.cf": "compatibility_level = 3.6\n",
			"master.cf": "smtp inet n - n - - smtpd\n" + strings.Repeat("  -o a=b\n", n)}
	}},
	// Deeply nested ${name?...}: each level searched for its closing brace.
	{"macro-nesting", 2000, func(n int) map[string]string {
		return map[string]string{"main.cf": "myhostname = " + strings.Repeat("${a?", n) + "x" + strings.Repeat("}", n) + "\n"}
	}},
}

func writeShape(b *testing.B, files map[string]string) string {
	b.Helper()
	dir := b.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

func BenchmarkHostile(b *testing.B) {
	set, err := rules.Load(true)
	if err != nil {
		b.Fatal(err)
	}
	m := mode{version: postfix.Newest}
	for _, sh := range hostileShapes {
		for _, n := range []int{sh.n, 10 * sh.n} {
			b.Run(fmt.Sprintf("%s/n=%d", sh.name, n), func(b *testing.B) {
				dir := writeShape(b, sh.files(n))
				b.ReportAllocs()
				for b.Loop() {
					if r := lintOne(dir, set, m); r.err != nil {
						b.Fatal(r.err)
					}
				}
			})
		}
	}
}

// BenchmarkHostileDiff renders the diff of a large file with changes
// spread over it: n lines, one in a hundred changed.
func BenchmarkHostileDiff(b *testing.B) {
	for _, n := range []int{50000, 500000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			var old, new bytes.Buffer
			for i := range n {
				fmt.Fprintf(&old, "# comment line %d of a large file\n", i)
				if i%100 == 0 {
					fmt.Fprintf(&new, "# changed line %d\n", i)
				} else {
					fmt.Fprintf(&new, "# comment line %d of a large file\n", i)
				}
			}
			b.SetBytes(int64(old.Len()))
			b.ReportAllocs()
			for b.Loop() {
				if fix.Unified("main.cf", old.Bytes(), new.Bytes()) == "" {
					b.Fatal("no diff")
				}
			}
		})
	}
}
