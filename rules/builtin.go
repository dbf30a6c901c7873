package rules

import (
	"crypto/sha256"
	"encoding/hex"
)

// Decoding the TOML of the built-in rules took most of the time of
// loading them, at every start. builtin_gen.go holds the decoded form of
// each built-in file, generated from it (go generate ./rules, which runs
// TestBuiltinDecoded with -update-builtin; the test fails when the file is
// stale). A file whose content does not match its checksum there (edited
// since) is decoded from TOML as any other.

// decodedFile is the decoded form of one built-in rules file.
type decodedFile struct {
	name  string
	sum   string // SHA-256 of the TOML, hex
	lines []int  // the line of each [[rule]] header
	rules []ruleTOML
}

//go:generate go test -run ^TestBuiltin(Decoded|Programs)$ -update-builtin .

// decodedBuiltin returns the decoded form of the built-in file name with
// content src, or nil when there is none for this content.
func decodedBuiltin(name string, src []byte) *decodedFile {
	for i := range builtinDecoded {
		d := &builtinDecoded[i]
		if d.name != name {
			continue
		}
		sum := sha256.Sum256(src)
		if hex.EncodeToString(sum[:]) == d.sum {
			return d
		}
		return nil
	}
	return nil
}

// buildDecoded compiles the rules of a decoded built-in file; its keys
// are only scanned if an error needs their lines.
func buildDecoded(name string, src []byte, d *decodedFile) ([]*Rule, Errors) {
	keys := &keyIndex{src: string(src), headers: d.lines}
	var errs Errors
	var rules []*Rule
	for i := range d.rules {
		b := &ruleBuilder{file: name, index: i, keys: keys, builtin: true, rules: len(d.rules)}
		if r := b.build(&d.rules[i]); len(b.errs) == 0 {
			rules = append(rules, r)
		}
		errs = append(errs, b.errs...)
	}
	return rules, errs
}
