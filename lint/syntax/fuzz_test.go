package syntax

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParsePrint checks that parsing never panics, that printing the tree
// gives back the input, and that every position lies inside the node that
// owns it. Seeds come from testdata/fuzz and the shared config corpus.
func FuzzParsePrint(f *testing.F) {
	for _, pattern := range []string{"../../testdata/configs/*/main.cf", "../../testdata/configs/*/master.cf"} {
		files, _ := filepath.Glob(pattern)
		for _, name := range files {
			src, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(src, filepath.Base(name) == "master.cf")
		}
	}
	f.Add([]byte("a = b\n  c\n# x\n\td ${e?{f}:{g}}\r\n"), false)
	f.Add([]byte("s inet n - n - - smtpd -o { a = b }\n  -oc=d x\n"), true)
	f.Fuzz(func(t *testing.T, src []byte, master bool) {
		kind := MainCF
		if master {
			kind = MasterCF
		}
		file := Parse("fuzz.cf", src, kind)
		if got := file.Bytes(); !bytes.Equal(got, src) {
			t.Fatalf("round trip differs:\n in %q\nout %q", src, got)
		}
		checkTree(t, file)
	})
}

// checkTree verifies the structural invariants of a parsed file.
func checkTree(t *testing.T, f *File) {
	t.Helper()
	var at Pos
	inside := func(n Node, what string, pos, end Pos) {
		if pos < n.Pos() || end > n.End() || pos > end {
			t.Fatalf("%s [%d,%d) outside node [%d,%d)", what, pos, end, n.Pos(), n.End())
		}
	}
	for _, n := range f.Nodes {
		if n.Pos() != at {
			t.Fatalf("node starts at %d, want %d", n.Pos(), at)
		}
		at = n.End()
		switch n := n.(type) {
		case *Param:
			inside(n, "name", n.Name.Pos, n.Name.End)
			inside(n, "value", n.Value.Pos, n.Value.End)
			parts, errs := f.Macros(n.Value)
			for _, p := range parts {
				inside(n, "macro part", p.Pos(), p.End())
			}
			for _, e := range errs {
				inside(n, "macro error", e.Pos, e.End)
			}
		case *Service:
			for _, w := range n.Fields {
				inside(n, "field", w.Pos, w.End)
			}
			for _, o := range n.Options {
				inside(n, "option", o.Pos, o.End)
				if o.Setting != nil {
					inside(n, "setting value", o.Setting.Value.Pos, o.Setting.Value.End)
				}
			}
		}
	}
	if int(at) != len(f.Src) {
		t.Fatalf("nodes end at %d, source has %d bytes", at, len(f.Src))
	}
	for _, e := range f.Errors {
		if e.Pos < 0 || int(e.End) > len(f.Src) || e.Line < 1 || e.Column < 1 {
			t.Fatalf("bad error position %+v", e)
		}
	}
}
