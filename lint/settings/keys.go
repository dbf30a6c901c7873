package settings

import (
	"strings"

	"github.com/postlint/postlint/internal/tomlkey"
)

// keyLines finds the lines of the keys of a configuration file.
type keyLines struct {
	entries []tomlkey.Entry
	lines   []string
}

func scanKeys(src string) *keyLines {
	return &keyLines{entries: tomlkey.Scan(src), lines: strings.Split(src, "\n")}
}

// find returns the entry of a key: the first with this path or, failing
// that, a key below it (a dotted key "a.b = 1" for "a"), else the
// closest enclosing key or table. The zero Entry means none.
func (k *keyLines) find(path string) tomlkey.Entry {
	for p := path; p != ""; {
		for _, e := range k.entries {
			if e.Path == p || strings.HasPrefix(e.Path, p+".") {
				return e
			}
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return tomlkey.Entry{}
}

// line returns the line of a key, 0 when unknown.
func (k *keyLines) line(path string) int { return k.find(path).Line }

// elemLine returns the line of the string elem in the array value of the
// key: the first line of the value that holds it quoted, else the key's.
func (k *keyLines) elemLine(path, elem string) int {
	e := k.find(path)
	for n := e.Line; n > 0 && n <= e.Last && n <= len(k.lines); n++ {
		l := k.lines[n-1]
		if strings.Contains(l, `"`+elem+`"`) || strings.Contains(l, `'`+elem+`'`) {
			return n
		}
	}
	return e.Line
}
