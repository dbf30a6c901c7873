// Command startfloor is the start-up floor of any postlint under its
// fixed design: it links the libraries the design prescribes (urfave/cli,
// expr, BurntSushi/toml), runs their package initialisation, and prints
// one line, as "postlint version" does. scripts/bench-postconf.sh single
// times it beside postlint: no postlint command can start in less.
package main

import (
	"os"

	_ "github.com/BurntSushi/toml"
	_ "github.com/expr-lang/expr"
	_ "github.com/urfave/cli/v2"
)

func main() { os.Stdout.WriteString("startfloor\n") }
