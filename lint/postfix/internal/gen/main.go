// Command gen writes the generated knowledge of package postfix from the
// facts kept beside the repository in shared/postfix:
//
//   - postconf-d/VERSION.txt: postconf -d of 16 real releases, built from
//     their source: the names each release knows and their defaults;
//   - facts/param-types.tsv and facts/param-untyped-reads.tsv: how the
//     code of 36 release tags reads each parameter (type, bounds, default
//     time unit);
//   - facts/tls-protocol-names.tsv: TLS protocol names per release;
//   - facts/smtpd-restrictions.tsv: the smtpd restriction words per release;
//   - facts/enum-values.tsv: the words of parameters with a fixed set;
//   - params-history.tsv: the first release of each series that documents
//     a parameter, which dates backports between two tags;
//   - postconf.proto: deprecations, replacements and the placeholder
//     names of per-transport parameters.
//
// overlay.tsv, committed here, adds the few facts that change inside a
// release series at a patch release no table records, with their source.
//
// Run it with "go generate" in lint/postfix; the default paths are
// relative to that directory. The output is deterministic, and a test
// fails when the committed files are stale.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	shared := flag.String("shared", "../../../shared/postfix", "`directory` holding postconf.proto, params-history.tsv, postconf-d/ and facts/")
	overlay := flag.String("overlay", "internal/gen/overlay.tsv", "overlay.tsv `file`")
	out := flag.String("out", ".", "output `directory`")
	flag.Parse()

	files, err := generate(*shared, *overlay)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(*out, name), src, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
}

// generate reads every input and returns the generated files by name.
func generate(shared, overlayPath string) (map[string][]byte, error) {
	pf, err := os.Open(filepath.Join(shared, "postconf.proto"))
	if err != nil {
		return nil, err
	}
	docs, err := parseProto(pf)
	pf.Close()
	if err != nil {
		return nil, fmt.Errorf("postconf.proto: %w", err)
	}
	hf, err := os.Open(filepath.Join(shared, "params-history.tsv"))
	if err != nil {
		return nil, err
	}
	hist, err := parseHistory(hf)
	hf.Close()
	if err != nil {
		return nil, fmt.Errorf("params-history.tsv: %w", err)
	}
	pconf, err := readPostconfD(filepath.Join(shared, "postconf-d"))
	if err != nil {
		return nil, err
	}
	code, err := readCodeFacts(filepath.Join(shared, "facts"))
	if err != nil {
		return nil, err
	}
	ov, err := readOverlay(overlayPath)
	if err != nil {
		return nil, err
	}
	if err := code.apply(ov); err != nil {
		return nil, err
	}
	k := newKnowledge(docs, hist, pconf, code, ov)
	params, err := renderParams(k)
	if err != nil {
		return nil, err
	}
	tls, err := renderTLS(filepath.Join(shared, "facts", "tls-protocol-names.tsv"), ov)
	if err != nil {
		return nil, err
	}
	restr, tags, err := renderRestrictions(filepath.Join(shared, "facts", "smtpd-restrictions.tsv"))
	if err != nil {
		return nil, err
	}
	enums, err := renderEnums(filepath.Join(shared, "facts", "enum-values.tsv"), tags)
	if err != nil {
		return nil, err
	}
	return map[string][]byte{"params_gen.go": params, "tls_gen.go": tls, "restrictions_gen.go": restr, "enums_gen.go": enums}, nil
}
