package format

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestTextColor(t *testing.T) {
	want := "postfix/master.cf:12:1: \x1b[1;31merror\x1b[0m: service submissions listens on port 465 \x1b[2m[PL301]\x1b[0m\n" +
		"postfix/main.cf:3:5: \x1b[1;33mwarning\x1b[0m: two lines \x1b[2m[PL101]\x1b[0m\n" +
		"postfix/main.cf:1:1: \x1b[1;36minfo\x1b[0m: about the whole file \x1b[2m[PL900]\x1b[0m\n"
	if got := write(t, "text", sample, Options{Color: true}); got != want {
		t.Errorf("coloured text:\n%q\nwant:\n%q", got, want)
	}
	if got := write(t, "text", sample, Options{}); bytes.ContainsRune([]byte(got), '\x1b') {
		t.Errorf("text without colour has escapes: %q", got)
	}
	// Colour is for text only.
	for _, name := range []string{"json", "sarif", "github"} {
		if got := write(t, name, sample, Options{Color: true}); bytes.ContainsRune([]byte(got), '\x1b') {
			t.Errorf("%s has colour escapes", name)
		}
	}
}

func TestColorForNonTerminal(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	t.Setenv("TERM", "xterm-256color")
	if ColorFor(&bytes.Buffer{}) {
		t.Error("ColorFor(buffer) = true")
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if ColorFor(f) {
		t.Error("ColorFor(regular file) = true")
	}
}
