package main

import (
	"testing"

	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/rules"
)

// BenchmarkLintDebianDefault measures linting one configuration directory
// end to end (read, parse, model, rules, postconf check), the unit of work
// when postlint walks a tree of many hosts' configurations.
func BenchmarkLintDebianDefault(b *testing.B) {
	set, err := rules.Load(true)
	if err != nil {
		b.Fatal(err)
	}
	m := mode{version: postfix.Newest}
	b.ReportAllocs()
	for b.Loop() {
		r := lintOne("../../testdata/configs/debian-default", set, m)
		if r.err != nil {
			b.Fatal(r.err)
		}
	}
}
