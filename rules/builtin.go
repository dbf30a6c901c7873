package rules

import "strconv"

// Decoding the TOML of the built-in rules took most of the time of
// loading them, at every start. builtin_gen.go holds the decoded form of
// each built-in file, generated from it (go generate ./rules, which runs
// TestBuiltinDecoded with -update-builtin; the test fails when the file is
// stale). A file whose content does not match its checksum there (edited
// since) is decoded from TOML as any other.

// decodedFile is the decoded form of one built-in rules file.
type decodedFile struct {
	name  string
	sum   string // fileSum of the TOML
	lines []int  // the line of each [[rule]] header
	rules []ruleTOML
}

//go:generate go test -run ^TestBuiltin(Decoded|Programs)$ -update-builtin .

// decodedBuiltin returns the decoded form of the built-in file name with
// content src, or nil when there is none for this content.
func decodedBuiltin(name, src string) *decodedFile {
	for i := range builtinDecoded {
		d := &builtinDecoded[i]
		if d.name != name {
			continue
		}
		if fileSum(src) == d.sum {
			return d
		}
		return nil
	}
	return nil
}

// fileSum hashes a file's text, in hex: it tells an edited file from the
// one its decoded form was made of (not a defence against anyone). It
// reads the text in place, 8 bytes at a time (hash.Hash would copy it,
// and a byte at a time cost a quarter of a millisecond): each word is
// xored in and the sum multiplied by FNV's odd prime, a bijection, so a
// change to any one word always changes the sum.
func fileSum(src string) string {
	h := uint64(14695981039346656037)
	i := 0
	for ; i+8 <= len(src); i += 8 {
		w := uint64(src[i]) | uint64(src[i+1])<<8 | uint64(src[i+2])<<16 | uint64(src[i+3])<<24 |
			uint64(src[i+4])<<32 | uint64(src[i+5])<<40 | uint64(src[i+6])<<48 | uint64(src[i+7])<<56
		h = (h ^ w) * 1099511628211
	}
	for ; i < len(src); i++ {
		h = (h ^ uint64(src[i])) * 1099511628211
	}
	return strconv.FormatUint(h, 16)
}

// buildDecoded compiles the rules of a decoded built-in file; its keys
// are only scanned if an error needs their lines.
func buildDecoded(name, src string, d *decodedFile) ([]*Rule, Errors) {
	keys := &keyIndex{src: src, headers: d.lines}
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
