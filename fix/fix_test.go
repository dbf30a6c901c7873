package fix

import (
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/syntax"
	"github.com/postlint/postlint/rules"
)

func edit(pos, end int, s string) lint.Edit {
	return lint.Edit{File: "main.cf", Pos: lintPos(pos), End: lintPos(end), New: s}
}

func TestApply(t *testing.T) {
	src := []byte("a = 1\nb = 2\n")
	got, err := Apply(src, []lint.Edit{edit(10, 11, "3"), edit(4, 5, "yes"), edit(12, 12, "c = 4\n"), edit(4, 5, "yes"), edit(12, 12, "d = 5\n")})
	if err != nil {
		t.Fatal(err)
	}
	if want := "a = yes\nb = 3\nc = 4\nd = 5\n"; string(got) != want {
		t.Errorf("got %q want %q", got, want)
	}
	for _, bad := range [][]lint.Edit{
		{edit(0, 3, "x"), edit(2, 4, "y")}, // overlapping ranges
		{edit(0, 4, "x"), edit(2, 2, "y")}, // insertion inside a replaced range
		{edit(5, 99, "x")},                 // past the end
	} {
		if _, err := Apply(src, bad); err == nil {
			t.Errorf("Apply(%v) succeeded, want error", bad)
		}
	}
}

func TestChooseDropsConflicts(t *testing.T) {
	safe := func(e ...lint.Edit) []lint.Fix { return []lint.Fix{{Title: "f", Safe: true, Edits: e}} }
	findings := []lint.Finding{
		{Rule: "A", Fixes: safe(edit(0, 5, "x"))},
		{Rule: "B", Fixes: safe(edit(3, 8, "y"))},                                                      // overlaps A: dropped
		{Rule: "C", Fixes: safe(edit(0, 5, "x"))},                                                      // same edit as A: fine
		{Rule: "D", Fixes: []lint.Fix{{Title: "u", Safe: false, Edits: []lint.Edit{edit(9, 9, "z")}}}}, // unsafe
		{Rule: "E"},
		{Rule: "F", Fixes: safe(edit(9, 9, "w"), edit(9, 9, "v"))}, // two insertions of one fix: fine
		{Rule: "G", Fixes: safe(edit(9, 9, "u"))},                  // meets F's insertion: dropped
	}
	p := Choose(findings, false)
	if len(p.Applied) != 3 || p.Applied[0].Rule != "A" || p.Applied[1].Rule != "C" || p.Applied[2].Rule != "F" {
		t.Errorf("applied %v", p.Applied)
	}
	if len(p.Conflicts) != 2 || p.Conflicts[0].Rule != "B" || p.Conflicts[1].Rule != "G" {
		t.Errorf("conflicts %v", p.Conflicts)
	}
	if len(p.Unsafe) != 1 || p.Unsafe[0].Rule != "D" {
		t.Errorf("unsafe %v", p.Unsafe)
	}
	// With unsafe fixes D's insertion comes first, and F's meets it.
	if p := Choose(findings, true); len(p.Applied) != 3 || p.Applied[2].Rule != "D" {
		t.Errorf("with unsafe fixes: applied %v", p.Applied)
	}
}

func TestUnifiedFormat(t *testing.T) {
	old := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n"
	new := strings.Replace(strings.Replace(old, "2\n", "two\n", 1), "14\n", "", 1)
	want := `--- a/main.cf
+++ b/main.cf
@@ -1,5 +1,5 @@
 1
-2
+two
 3
 4
 5
@@ -11,5 +11,4 @@
 11
 12
 13
-14
 15
`
	if got := Unified("main.cf", []byte(old), []byte(new)); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := Unified("main.cf", []byte(old), []byte(old)); got != "" {
		t.Errorf("equal texts gave %q", got)
	}
	got := Unified("main.cf", []byte("a\nb"), []byte("a\nc"))
	want = "--- a/main.cf\n+++ b/main.cf\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"
	if got != want {
		t.Errorf("no final newline:\n%s\nwant\n%s", got, want)
	}
}

// TestUnifiedApplies checks the diffs with the real patch and git apply.
func TestUnifiedApplies(t *testing.T) {
	cases := []struct{ old, new string }{
		{"a = 1\nb = 2\n", "a = 1\nb = 3\n"},
		{"a = 1\r\nb = 2\r\n", "a = 1\r\nb = 2\r\nc = 3\r\n"},
		{"x = 1", "x = 2"},
		{"x = 1", "x = 1\n"},
		{"", "a = 1\n"},
		{"a = 1\n", ""},
		{strings.Repeat("# c\n", 20) + "p = 1\n" + strings.Repeat("# d\n", 20) + "q = 1\n", strings.Repeat("# c\n", 20) + "p = 2\n" + strings.Repeat("# d\n", 20) + "q = 2\n"},
	}
	for _, tool := range [][]string{{"patch", "-p1", "--quiet"}, {"git", "apply"}} {
		if _, err := exec.LookPath(tool[0]); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s not installed", tool[0])
			}
			t.Skipf("%s not installed", tool[0])
		}
		for _, c := range cases {
			dir := t.TempDir()
			path := filepath.Join(dir, "main.cf")
			if err := os.WriteFile(path, []byte(c.old), 0o644); err != nil {
				t.Fatal(err)
			}
			d := Unified("main.cf", []byte(c.old), []byte(c.new))
			cmd := exec.Command(tool[0], tool[1:]...)
			cmd.Dir = dir
			cmd.Stdin = strings.NewReader(d)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s failed on\n%s\n%s: %v", tool[0], d, out, err)
			}
			got, _ := os.ReadFile(path)
			if string(got) != c.new {
				t.Errorf("%s: got %q want %q\n%s", tool[0], got, c.new, d)
			}
		}
	}
}

func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "main.cf")
	if err := os.WriteFile(path, []byte("a = 1\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	s, err := TakeSnapshot(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := WriteAtomic(s, []byte("a = 2\n")); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	info, _ := os.Stat(path)
	if string(got) != "a = 2\n" || info.Mode().Perm() != 0o640 {
		t.Errorf("content %q mode %v", got, info.Mode())
	}
	// The snapshot is now stale: the file changed since it was read.
	_, err = WriteAtomic(s, []byte("a = 3\n"))
	if !errors.Is(err, ErrChanged) {
		t.Errorf("stale snapshot: err = %v, want ErrChanged", err)
	}
	got, _ = os.ReadFile(path)
	if string(got) != "a = 2\n" {
		t.Errorf("file overwritten despite the change: %q", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestSnapshotRefusesNonRegular(t *testing.T) {
	if _, err := TakeSnapshot(t.TempDir()); err == nil {
		t.Error("snapshot of a directory succeeded")
	}
}

// TestChooseMatchesPairwise compares Choose with the definition, every
// candidate edit checked against every chosen one, on random valid fixes.
func TestChooseMatchesPairwise(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for range 2000 {
		var findings []lint.Finding
		for n := rng.Intn(12); n > 0; n-- {
			var edits []lint.Edit
			for m := 1 + rng.Intn(2); m > 0; m-- {
				pos := rng.Intn(20)
				end := pos
				if rng.Intn(2) == 0 {
					end += rng.Intn(4)
				}
				e := edit(pos, end, string(rune('a'+rng.Intn(2))))
				valid := true // Apply refuses a fix whose own edits overlap
				for _, o := range edits {
					valid = valid && (o.Pos == o.End && e.Pos == e.End || !overlaps(o, e))
				}
				if valid {
					edits = append(edits, e)
				}
			}
			findings = append(findings, lint.Finding{Rule: "R", Fixes: []lint.Fix{{Title: "f", Safe: true, Edits: edits}}})
		}
		var want []int
		var taken []lint.Edit
		for i, f := range findings {
			clash := false
			for _, e := range f.Fixes[0].Edits {
				for _, h := range taken {
					clash = clash || h != e && overlaps(h, e)
				}
			}
			if !clash {
				taken = append(taken, f.Fixes[0].Edits...)
				want = append(want, i)
			}
		}
		p := Choose(findings, false)
		same := len(p.Applied) == len(want)
		for k := 0; same && k < len(want); k++ {
			same = fmt.Sprint(p.Applied[k].Fixes) == fmt.Sprint(findings[want[k]].Fixes)
		}
		if !same {
			var desc []string
			for _, f := range findings {
				desc = append(desc, fmt.Sprint(f.Fixes[0].Edits))
			}
			t.Fatalf("%s: Choose applies %d fixes, the pairwise check %d (%v)", strings.Join(desc, " "), len(p.Applied), len(want), want)
		}
	}
}

// TestRunRefusesWorse: removing the byte-order mark (a safe fix) would
// switch on "mynetworks = 0.0.0.0/0", an open relay that Postfix now
// ignores. Run leaves that fix out and says why.
func TestRunRefusesWorse(t *testing.T) {
	set, err := rules.Load(true)
	if err != nil {
		t.Fatal(err)
	}
	src := "\xef\xbb\xbfmynetworks = 0.0.0.0/0\nsmtp_tls_security_level = may\nsmtp_tls_security_level = may\ncompatibility_level = 3.6\n"
	in := lint.Input{Main: syntax.ParseMain("main.cf", []byte(src))}
	res, err := Run(in, set, lint.Options{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Refused) != 1 || res.Refused[0].Finding.Rule != "PL117" || !strings.Contains(strings.Join(res.Refused[0].Errors, "\n"), "[PL601]") {
		t.Fatalf("refused %+v, want the PL117 fix for adding PL601", res.Refused)
	}
	// The other fix (the duplicate setting) is still applied.
	want := "\xef\xbb\xbfmynetworks = 0.0.0.0/0\nsmtp_tls_security_level = may\ncompatibility_level = 3.6\n"
	if got := string(res.Files[0].After); got != want {
		t.Errorf("fixed main.cf %q, want %q", got, want)
	}
}

// TestRunRefusesBroken: in "\r0" as master.cf, turning the CR into a line
// feed (unsafe) leaves an entry of one field, which Postfix refuses. Run
// leaves that fix out instead of failing (found by fuzzing).
func TestRunRefusesBroken(t *testing.T) {
	set, err := rules.Load(true)
	if err != nil {
		t.Fatal(err)
	}
	in := lint.Input{Main: syntax.ParseMain("main.cf", []byte("0")), Master: syntax.ParseMaster("master.cf", []byte("\r0"))}
	res, err := Run(in, set, lint.Options{}, Options{Unsafe: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Refused) != 1 || res.Refused[0].Finding.Rule != "PL116" || !strings.Contains(res.Refused[0].Errors[0], "Postfix refuses") {
		t.Fatalf("refused %+v, want the PL116 fix", res.Refused)
	}
}
