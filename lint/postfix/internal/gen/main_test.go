package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"
)

// Paths as seen from this directory (lint/postfix/internal/gen).
const (
	protoPath     = "../../../../../shared/postfix/postconf.proto"
	historyPath   = "../../../../../shared/postfix/params-history.tsv"
	committedPath = "../../params_gen.go"
)

// TestGeneratedFileIsCurrent regenerates the table in memory and compares
// it with the committed params_gen.go. Without the shared inputs the test
// is skipped, except in CI (CI=true), where that is an error.
func TestGeneratedFileIsCurrent(t *testing.T) {
	for _, p := range []string{protoPath, historyPath} {
		if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
			if os.Getenv("CI") == "true" {
				t.Fatalf("generator input %s is missing", p)
			}
			t.Skipf("generator input %s is missing", p)
		}
	}
	got, err := generate(protoPath, historyPath)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(committedPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("params_gen.go is stale: run go generate ./lint/postfix")
	}
	again, err := generate(protoPath, historyPath)
	if err != nil || !bytes.Equal(got, again) {
		t.Fatal("generator output is not deterministic")
	}
}

func TestCompactAvail(t *testing.T) {
	series := []version{{2, 6, 0}, {2, 7, 0}, {2, 8, 0}, {2, 9, 0}, {2, 10, 0}, {2, 11, 0}, {3, 0, 0}, {3, 1, 0}}
	for _, tc := range []struct {
		firsts []version
		last   version
		want   string
	}{
		{[]version{{2, 6, 0}, {2, 7, 0}, {2, 8, 0}, {2, 9, 0}, {2, 10, 0}, {2, 11, 0}, {3, 0, 0}, {3, 1, 0}}, version{3, 1, 4}, "2.6.0+"},
		{[]version{{2, 6, 8}, {2, 7, 2}, {2, 8, 0}, {2, 9, 0}, {2, 10, 0}, {2, 11, 0}, {3, 0, 0}, {3, 1, 0}}, version{3, 1, 4}, "2.6.8,2.7.2,2.8.0+"},
		{[]version{{3, 0, 5}, {3, 1, 0}}, version{3, 1, 4}, "3.0.5,3.1.0"},
		{[]version{{3, 1, 0}}, version{3, 1, 4}, "3.1.0"},
		{[]version{{2, 6, 0}, {2, 7, 0}}, version{2, 7, 9}, "2.6.0+"},
		// A gap in the series must not be collapsed.
		{[]version{{2, 6, 0}, {2, 8, 0}}, version{2, 8, 1}, "2.6.0,2.8.0"},
	} {
		got, err := compactAvail(tc.firsts, tc.last, series)
		if err != nil || got != tc.want {
			t.Errorf("compactAvail(%v) = %q, %v; want %q", tc.firsts, got, err, tc.want)
			continue
		}
		back, err := expandAvail(got, tc.last, series)
		if err != nil || !reflect.DeepEqual(back, tc.firsts) {
			t.Errorf("expandAvail(%q) = %v, %v", got, back, err)
		}
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
	params := map[string]*param{"alpha": {name: "alpha", def: a.def}, "beta": {name: "beta"}}
	classify(params, docs)
	if params["alpha"].typ != "Bool" || params["beta"].typ != "List" {
		t.Errorf("types alpha=%s beta=%s", params["alpha"].typ, params["beta"].typ)
	}
	d := findDeprecation(a, params)
	if d == nil || d.replacement != "beta" || d.since != (version{2, 3, 0}) ||
		d.note != "With Postfix 2.3 and later use beta instead." {
		t.Errorf("deprecation %+v", d)
	}
	if findDeprecation(docs["beta"], params) != nil {
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
