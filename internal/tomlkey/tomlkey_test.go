package tomlkey

import (
	"fmt"
	"testing"
)

func TestScan(t *testing.T) {
	src := `top = 1
[[rule]]
id = "A"
"quoted.key" = 'x'
doc.what = """
a [ { multi-line
"""
[[rule.fix]]
title = "t" # comment with = sign
[[rule.fix.edit]]
list = [
  "a",
  "b",
]
[[rule]]
id = "B"
[severity]
"PL4*" = "info"
`
	want := "[{top 1 1} {rule[0] 2 2} {rule[0].id 3 3} {rule[0].quoted.key 4 4} {rule[0].doc.what 5 7} " +
		"{rule[0].fix[0] 8 8} {rule[0].fix[0].title 9 9} {rule[0].fix[0].edit[0] 10 10} {rule[0].fix[0].edit[0].list 11 14} " +
		"{rule[1] 15 15} {rule[1].id 16 16} {severity 17 17} {severity.PL4* 18 18}]"
	if got := fmt.Sprint(Scan(src)); got != want {
		t.Errorf("Scan:\n got %s\nwant %s", got, want)
	}
	if got := Plain("rule[1].fix[0].edit[2].param"); got != "rule.fix.edit.param" {
		t.Errorf("Plain = %q", got)
	}
}
