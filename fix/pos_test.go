package fix

import "github.com/postlint/postlint/lint/syntax"

func lintPos(i int) syntax.Pos { return syntax.Pos(i) }
