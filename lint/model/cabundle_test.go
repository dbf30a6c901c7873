package model

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/postlint/postlint/lint/syntax"
)

// TestCABundle checks the order of the known bundles, that only existing
// non-empty files count, and that CABundle is "" outside host mode.
func TestCABundle(t *testing.T) {
	dir := t.TempDir()
	debian := filepath.Join(dir, "ca-certificates.crt")
	fedora := filepath.Join(dir, "ca-bundle.crt")
	empty := filepath.Join(dir, "empty.crt")
	for path, data := range map[string]string{fedora: "PEM", empty: ""} {
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	saved := caBundles
	t.Cleanup(func() { caBundles = saved })
	main := syntax.ParseMain("main.cf", []byte("relayhost = [r]:587\n"))
	env := func(host bool) Env { return Build(Input{Main: main, Host: host}).Env() }

	caBundles = []string{debian, empty, fedora}
	if got := env(true).CABundle(); got != fedora {
		t.Errorf("only the Fedora bundle exists: got %q, want %q", got, fedora)
	}
	if got := env(false).CABundle(); got != "" {
		t.Errorf("not host mode: got %q, want \"\"", got)
	}
	if err := os.WriteFile(debian, []byte("PEM"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := env(true).CABundle(); got != debian {
		t.Errorf("both exist: got %q, want the Debian bundle %q", got, debian)
	}
	caBundles = []string{empty, dir}
	if got := env(true).CABundle(); got != "" {
		t.Errorf("empty file and directory: got %q, want \"\"", got)
	}
	if got := (Env{}).CABundle(); got != "" {
		t.Errorf("zero Env: got %q", got)
	}
}
