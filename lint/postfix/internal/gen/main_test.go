package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Paths as seen from this directory (lint/postfix/internal/gen).
const (
	sharedDir    = "../../../../../shared/postfix"
	committedDir = "../.."
)

// TestGeneratedFilesAreCurrent regenerates the files in memory and
// compares them with the committed ones. Without the shared inputs the
// test is skipped, except in CI (CI=true), where that is an error.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	if _, err := os.Stat(filepath.Join(sharedDir, "postconf.proto")); errors.Is(err, fs.ErrNotExist) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("generator inputs in %s are missing", sharedDir)
		}
		t.Skipf("generator inputs in %s are missing", sharedDir)
	}
	got, err := generate(sharedDir, "overlay.tsv")
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range got {
		want, err := os.ReadFile(filepath.Join(committedDir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(src, want) {
			t.Errorf("%s is stale: run go generate ./lint/postfix", name)
		}
	}
	again, err := generate(sharedDir, "overlay.tsv")
	if err != nil {
		t.Fatal(err)
	}
	for name := range got {
		if !bytes.Equal(got[name], again[name]) {
			t.Errorf("%s: generator output is not deterministic", name)
		}
	}
}

// TestInterpolation checks the rules for releases between two data
// points on a small made-up history.
func TestInterpolation(t *testing.T) {
	v := func(s string) version {
		x, err := parseVersion(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	code := &codeFacts{
		tags: []version{v("3.7.0"), v("3.7.22")},
		reads: map[version]map[string]kindFacts{
			v("3.7.0"):  {"old": {kind: "int", min: 0}, "gone": {kind: "str"}, "bounded": {kind: "int", min: 0}},
			v("3.7.22"): {"old": {kind: "int", min: 0}, "new": {kind: "bool"}, "dated": {kind: "str"}, "bounded": {kind: "int", min: 1}},
		},
	}
	pconf := map[version]map[string]string{
		v("3.7.22"): {"old": "1", "new": "no", "dated": "x", "bounded": "2"},
	}
	h := &history{rows: map[string]historyRow{
		"dated": {firsts: []version{v("3.7.9")}, last: v("3.7.22")},
	}, series: []version{v("3.7.0")}}
	k := newKnowledge(map[string]*doc{}, h, pconf, code, nil)
	for _, tc := range []struct {
		name string
		at   string
		want presence
		kind kindFacts
	}{
		{"old", "3.7.5", present, kindFacts{kind: "int"}},
		{"new", "3.7.0", absent, kindFacts{}},
		{"new", "3.7.5", uncertain, kindFacts{kind: "bool"}},
		{"new", "3.7.22", present, kindFacts{kind: "bool"}},
		{"new", "3.7.30", present, kindFacts{kind: "bool"}},
		{"dated", "3.7.8", absent, kindFacts{}},
		{"dated", "3.7.9", present, kindFacts{kind: "str"}},
		{"gone", "3.7.5", uncertain, kindFacts{kind: "str"}},
		{"bounded", "3.7.0", present, kindFacts{kind: "int"}},
		{"bounded", "3.7.10", present, kindFacts{kind: "int"}},
		{"bounded", "3.7.22", present, kindFacts{kind: "int", min: 1}},
	} {
		f := k.at(tc.name, v(tc.at))
		if f.presence != tc.want || f.kindFacts != tc.kind {
			t.Errorf("%s at %s: %+v; want presence %v, %+v", tc.name, tc.at, f, tc.want, tc.kind)
		}
	}
	if f := k.at("old", v("3.7.5")); f.def != "1" || !f.hasDef {
		t.Errorf("default of old at 3.7.5: %+v", f)
	}
}

func TestParseProto(t *testing.T) {
	const proto = `# header comment
%CLASS x Some class

<p> Class text. </p>

%PARAM alpha Postfix &ge; 3.0: no, Postfix &lt; 3.0: yes

<p> Alpha. With Postfix 2.3 and later use beta
instead. </p>

<!--
<p> hidden </p>
-->

%PARAM beta

<p> Beta is a list, separated by commas and/or whitespace. </p>
`
	docs, err := parseProto(strings.NewReader(proto))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 {
		t.Fatalf("parsed %d params, want 2", len(docs))
	}
	a := docs["alpha"]
	if a.def != "Postfix >= 3.0: no, Postfix < 3.0: yes" {
		t.Errorf("alpha default %q", a.def)
	}
	if a.text != "Alpha. With Postfix 2.3 and later use beta instead." {
		t.Errorf("alpha text %q", a.text)
	}
	if docs["beta"].def != "" {
		t.Errorf("beta default %q", docs["beta"].def)
	}
	known := func(n string) bool { return n == "alpha" || n == "beta" }
	d := findDeprecation(a, known)
	if d == nil || d.replacement != "beta" || d.since != (version{2, 3, 0}) ||
		d.note != "With Postfix 2.3 and later use beta instead." {
		t.Errorf("deprecation %+v", d)
	}
	if findDeprecation(docs["beta"], known) != nil {
		t.Error("beta deprecated")
	}
}

func TestParseHistoryErrors(t *testing.T) {
	for _, in := range []string{
		"a\t2.6.0\t2.6.1",                        // 3 fields
		"a\t2.7.0,2.6.0\t2.7.1\tx",               // not ascending
		"a\t2.6.0,2.6.5\t2.6.9\tx",               // two releases of one series
		"a\t2.6.0\t2.5.0\tx",                     // last before first
		"a\t2.6.x\t2.6.1\tx",                     // bad version
		"a\t2.6.0\t2.6.1\tx\na\t2.6.0\t2.6.1\tx", // duplicate
		"# only a comment",
	} {
		if _, err := parseHistory(strings.NewReader(in)); err == nil {
			t.Errorf("parseHistory(%q) succeeded", in)
		}
	}
}
