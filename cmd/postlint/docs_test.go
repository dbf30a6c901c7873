package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestRulesDoc keeps docs/rules.md in step with the rules: its table must
// be what "postlint rules --markdown" prints.
func TestRulesDoc(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"postlint", "rules", "--markdown"}, &out, &errOut); code != 0 {
		t.Fatalf("postlint rules --markdown: exit %d: %s", code, errOut.String())
	}
	doc, err := os.ReadFile("../../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(string(doc), out.String()) {
		t.Errorf("docs/rules.md is out of date: regenerate its table with \"postlint rules --markdown\"")
	}
}
