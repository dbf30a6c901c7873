package editor_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// brokenMain relays through port 465 without wrapper mode (PL201 on
// line 3); its preferred fix turns wrapper mode on.
const brokenMain = `# relay through the provider's implicit-TLS port
myhostname = mail.example.com
relayhost = [smtp.example.net]:465
smtp_tls_security_level = encrypt
smtp_tls_wrappermode = no
`

func TestNeovim(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the Neovim end-to-end test")
	}
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("nvim not found (CI=true; .ci/run installs Debian's neovim): %v", err)
		}
		t.Skipf("nvim not found: %v", err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 4*time.Minute)
	defer cancel()
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "postlint")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/postlint/postlint/cmd/postlint")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := filepath.Join(tmp, "etc")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	mainCF := filepath.Join(dir, "main.cf")
	if err := os.WriteFile(mainCF, []byte(brokenMain), 0o644); err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs("testdata/neovim.lua")
	if err != nil {
		t.Fatal(err)
	}
	resultFile := filepath.Join(tmp, "result.json")
	runCtx, stop := context.WithTimeout(ctx, 90*time.Second)
	defer stop()
	cmd := exec.CommandContext(runCtx, nvim, "--headless", "--clean", "-n", "-i", "NONE", "-u", script, mainCF)
	cmd.Dir = dir
	// A home of its own: no user configuration, state or swap files.
	cmd.Env = append(os.Environ(), "HOME="+tmp, "XDG_CONFIG_HOME="+tmp, "XDG_DATA_HOME="+tmp, "XDG_STATE_HOME="+tmp,
		"POSTLINT_BIN="+bin, "POSTLINT_RESULT="+resultFile)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("nvim: %v\n%s", err, out)
	}
	data, err := os.ReadFile(resultFile)
	if err != nil {
		t.Fatalf("nvim wrote no result (%v); its output:\n%s", err, out)
	}
	var res struct {
		Status     string
		Diagnostic struct {
			Line, Col, Severity int
			Message             string
		}
		Actions []string
		Hover   string
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatalf("result %s: %v", data, err)
	}
	if res.Status != "ok" {
		t.Fatalf("Neovim: %s (actions %q)\n%s", res.Status, res.Actions, out)
	}
	// Line 3, the value after "relayhost = ", error severity (1).
	if d := res.Diagnostic; d.Line != 2 || d.Col != 12 || d.Severity != 1 || !strings.Contains(d.Message, "smtp_tls_wrappermode = no") {
		t.Errorf("PL201 as Neovim shows it: %+v", d)
	}
	fixed, err := os.ReadFile(mainCF)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(fixed), "smtp_tls_wrappermode = yes") {
		t.Errorf("main.cf written by Neovim after the code action:\n%s", fixed)
	}
	if !strings.Contains(res.Hover, "**myhostname**") || !strings.Contains(res.Hover, "mail.example.com") {
		t.Errorf("hover on myhostname: %q", res.Hover)
	}
}
