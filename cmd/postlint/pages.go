package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/postlint/postlint/internal/atomicfile"
	"github.com/postlint/postlint/internal/safefile"
	"github.com/postlint/postlint/rules"
	"github.com/postlint/postlint/rules/ruledoc"
)

// maxPageSize bounds the pages read back to compare: a generated page
// is a few kilobytes.
const maxPageSize = 1 << 20

// writePages writes the page of each built-in rule to dir (see
// ruledoc.Page), leaving pages that are current untouched, and removes
// the generated pages (those that start with ruledoc.Marker) of rules
// that no longer exist; other files in dir are left alone.
func writePages(stderr io.Writer, dir string, all []*rules.Rule) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	want := map[string]bool{}
	written := 0
	for _, r := range all {
		if !r.Builtin {
			continue
		}
		name := ruledoc.FileName(r.ID)
		want[name] = true
		page := []byte(ruledoc.Page(r))
		path := filepath.Join(dir, name)
		if old, _, err := safefile.Read(path, maxPageSize); err == nil && bytes.Equal(old, page) {
			continue
		}
		if err := atomicfile.WriteFile(path, page); err != nil {
			return err
		}
		written++
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	removed := 0
	for _, e := range entries {
		if want[e.Name()] || !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".md") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if !generatedPage(path) {
			continue
		}
		if err := os.Remove(path); err != nil {
			return err
		}
		removed++
	}
	fmt.Fprintf(stderr, "postlint: %d rule pages in %s: %d written, %d stale removed\n", len(want), dir, written, removed)
	return nil
}

// generatedPage reports whether the file starts with the marker of the
// pages this program writes.
func generatedPage(path string) bool {
	head, _, err := safefile.ReadAtMost(path, int64(len(ruledoc.Marker)))
	return err == nil && string(head) == ruledoc.Marker
}
