//go:build unix

// Package precommit_test checks .pre-commit-hooks.yaml with the real
// pre-commit: this repository (as it is in the work tree, committed into a
// scratch git repository) is used as a hook repository by a throwaway
// repository holding broken Postfix configurations, exactly as a user's
// .pre-commit-config.yaml would use it.
//
// It needs pre-commit, git and go on PATH. Without pre-commit it skips,
// except in CI (CI=true), where it fails: .ci/run installs pre-commit.
package precommit_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// timeout bounds the whole test: building postlint through pre-commit takes
// seconds with a warm Go build cache and a minute or two with a cold one.
const timeout = 8 * time.Minute

// brokenMain relays through an implicit-TLS port without wrapper mode: PL201,
// which --fix repairs (wrapper mode on, security level encrypt).
const brokenMain = `# Relay through the provider's implicit-TLS port.
relayhost = [smtp.example.com]:465
smtp_tls_wrappermode = no
compatibility_level = 3.6
`

func TestPreCommitHooks(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the pre-commit end-to-end test")
	}
	for _, tool := range []string{"pre-commit", "git", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s not found on PATH (CI=true; .ci/run installs pre-commit): %v", tool, err)
			}
			t.Skipf("%s not found on PATH: %v", tool, err)
		}
	}

	ctx, cancel := context.WithTimeout(t.Context(), testTimeout(t))
	defer cancel()

	tmp := t.TempDir()
	env := testEnv(ctx, t, tmp)
	root := repoRoot(t)

	// The hook repository: this work tree's tracked and untracked,
	// non-ignored files, committed so that pre-commit can clone a rev.
	hookRepo := filepath.Join(tmp, "hook-repo")
	copyWorkTree(ctx, t, env, root, hookRepo)
	mustRun(ctx, t, env, hookRepo, "git", "init", "-q")
	mustRun(ctx, t, env, hookRepo, "git", "add", "-A")
	mustRun(ctx, t, env, hookRepo, "git", "commit", "-q", "--no-verify", "-m", "postlint under test")
	rev := strings.TrimSpace(mustRun(ctx, t, env, hookRepo, "git", "rev-parse", "HEAD"))

	// The user's repository.
	work := filepath.Join(tmp, "configs")
	writeFile(t, filepath.Join(work, ".pre-commit-config.yaml"), fmt.Sprintf(`repos:
  - repo: %s
    rev: %s
    hooks:
      - id: postlint
      - id: postlint-fix
`, hookRepo, rev))
	writeFile(t, filepath.Join(work, "main.cf"), brokenMain)
	writeFile(t, filepath.Join(work, "hosts", "mx1-main.cf"), brokenMain)
	// Not Postfix configurations: the hooks' files pattern must leave them
	// alone (postlint would exit 2 on virtual-domain.cf: no "=" on a line).
	writeFile(t, filepath.Join(work, "virtual-domain.cf"), "this is a lookup table client file, not main.cf\n")
	writeFile(t, filepath.Join(work, "README.md"), "mail relay configs\n")
	mustRun(ctx, t, env, work, "git", "init", "-q")
	mustRun(ctx, t, env, work, "git", "add", "-A")
	mustRun(ctx, t, env, work, "git", "commit", "-q", "--no-verify", "-m", "broken relay configs")

	// 1. The check hook fails and shows the finding for both files.
	out, code := preCommit(ctx, t, env, work, tmp, "postlint")
	if code != 1 {
		t.Fatalf("pre-commit run postlint: exit %d, want 1 (findings)\n%s", code, out)
	}
	for _, want := range []string{
		"postlint....",
		"Failed",
		"- hook id: postlint",
		"main.cf:2:13: error: relayhost [smtp.example.com]:465 is port 465 (implicit TLS)",
		"hosts/mx1-main.cf:2:13: error: relayhost [smtp.example.com]:465",
		"[PL201]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("pre-commit run postlint: output lacks %q\n%s", want, out)
		}
	}
	if strings.Contains(out, "virtual-domain.cf") || strings.Contains(out, "README.md") {
		t.Errorf("pre-commit run postlint: a file outside the hooks' files pattern was checked\n%s", out)
	}
	if got := readFile(t, filepath.Join(work, "main.cf")); got != brokenMain {
		t.Errorf("the check hook changed main.cf:\n%s", got)
	}

	// 2. The fix hook repairs the files; pre-commit reports the change.
	out, code = preCommit(ctx, t, env, work, tmp, "postlint-fix")
	if code != 1 {
		t.Fatalf("pre-commit run postlint-fix: exit %d, want 1 (files modified)\n%s", code, out)
	}
	for _, want := range []string{"postlint (fix)....", "- hook id: postlint-fix", "- files were modified by this hook"} {
		if !strings.Contains(out, want) {
			t.Errorf("pre-commit run postlint-fix: output lacks %q\n%s", want, out)
		}
	}
	for _, name := range []string{"main.cf", filepath.Join("hosts", "mx1-main.cf")} {
		got := readFile(t, filepath.Join(work, name))
		if !strings.Contains(got, "smtp_tls_wrappermode = yes") || strings.Contains(got, "smtp_tls_wrappermode = no") {
			t.Errorf("%s after postlint-fix has no wrapper mode:\n%s", name, got)
		}
		if !strings.HasPrefix(got, "# Relay through the provider's implicit-TLS port.\nrelayhost = [smtp.example.com]:465\n") {
			t.Errorf("%s after postlint-fix lost its other lines:\n%s", name, got)
		}
	}
	if got := readFile(t, filepath.Join(work, "virtual-domain.cf")); !strings.HasPrefix(got, "this is a lookup") {
		t.Errorf("postlint-fix changed virtual-domain.cf:\n%s", got)
	}

	// 3. The check hook now passes (PL207 is info, below the failure level).
	out, code = preCommit(ctx, t, env, work, tmp, "postlint")
	if code != 0 || !strings.Contains(out, "Passed") {
		t.Fatalf("pre-commit run postlint after the fix: exit %d, want 0 and Passed\n%s", code, out)
	}

	// 4. A second fix run has nothing left to do.
	out, code = preCommit(ctx, t, env, work, tmp, "postlint-fix")
	if code != 0 || !strings.Contains(out, "Passed") {
		t.Fatalf("pre-commit run postlint-fix on fixed files: exit %d, want 0 and Passed\n%s", code, out)
	}
}

// testTimeout is timeout, or less when go test's -timeout ends sooner.
func testTimeout(t *testing.T) time.Duration {
	d := timeout
	if deadline, ok := t.Deadline(); ok {
		if left := time.Until(deadline) - 30*time.Second; left < d {
			d = left
		}
	}
	if d <= 0 {
		t.Skip("not enough time left before go test's -timeout")
	}
	return d
}

// testEnv is the environment for git and pre-commit: the caller's (PATH,
// GOPROXY, GOFLAGS, ...), without variables that steer git or pre-commit
// from outside (this test may itself run inside a git hook), with git
// isolated from the user's configuration, and with pre-commit's store in tmp.
// The Go module and build caches are named explicitly: pre-commit sets
// GOPATH to its environment directory, which would otherwise move the module
// cache there and download every dependency again.
func testEnv(ctx context.Context, t *testing.T, tmp string) []string {
	t.Helper()
	goEnv := strings.Fields(mustRun(ctx, t, os.Environ(), "", "go", "env", "GOMODCACHE", "GOCACHE"))
	if len(goEnv) != 2 {
		t.Fatalf("go env GOMODCACHE GOCACHE: %q", goEnv)
	}
	gitConfig := filepath.Join(tmp, "gitconfig")
	writeFile(t, gitConfig, "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n")

	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "GIT_") || strings.HasPrefix(name, "PRE_COMMIT") || name == "SKIP" {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"GOMODCACHE="+goEnv[0],
		"GOCACHE="+goEnv[1],
		"PRE_COMMIT_HOME="+filepath.Join(tmp, "pre-commit-home"),
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL="+gitConfig,
		"GIT_AUTHOR_NAME=postlint test",
		"GIT_AUTHOR_EMAIL=test@example.com",
		"GIT_COMMITTER_NAME=postlint test",
		"GIT_COMMITTER_EMAIL=test@example.com",
		"GIT_TERMINAL_PROMPT=0",
		"NO_COLOR=1",
	)
}

// repoRoot is the directory holding this module's go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(b, []byte("module github.com/postlint/postlint\n")) {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod of github.com/postlint/postlint not found above the test's directory")
		}
		dir = parent
	}
}

// copyWorkTree copies the files git knows or would add (tracked plus
// untracked, not ignored) from the work tree at root to dst, keeping file
// modes and symbolic links. Files deleted from the work tree are left out.
func copyWorkTree(ctx context.Context, t *testing.T, env []string, root, dst string) {
	t.Helper()
	cmd := exec.CommandContext(ctx, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = root
	cmd.Env = env
	list, err := cmd.Output()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("git ls-files in %s: %v", root, err)
		}
		t.Skipf("%s is not a git work tree (git ls-files: %v)", root, err)
	}
	n := 0
	for name := range strings.SplitSeq(strings.TrimSuffix(string(list), "\x00"), "\x00") {
		if name == "" {
			continue
		}
		src := filepath.Join(root, name)
		st, err := os.Lstat(src)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		to := filepath.Join(dst, name)
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		switch {
		case st.Mode()&os.ModeSymlink != 0:
			target, err := os.Readlink(src)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, to); err != nil {
				t.Fatal(err)
			}
		case st.Mode().IsRegular():
			if err := copyFile(src, to, st.Mode().Perm()); err != nil {
				t.Fatal(err)
			}
		default:
			continue // a submodule or something else git lists as a path
		}
		n++
	}
	for _, need := range []string{"go.mod", ".pre-commit-hooks.yaml", "cmd/postlint"} {
		if _, err := os.Stat(filepath.Join(dst, need)); err != nil {
			t.Fatalf("copy of the work tree (%d files) lacks %s: %v", n, need, err)
		}
	}
}

func copyFile(src, dst string, perm os.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// preCommit runs `pre-commit run HOOK --all-files` in dir and returns its
// combined output and exit code. When pre-commit fails for its own reasons
// (exit 3: installing the hook environment, i.e. `go install ./...`, failed)
// its log is added to the output.
func preCommit(ctx context.Context, t *testing.T, env []string, dir, tmp, hook string) (string, int) {
	t.Helper()
	out, code, err := run(ctx, env, dir, "pre-commit", "run", hook, "--all-files", "--color=never", "--show-diff-on-failure")
	if err != nil {
		t.Fatalf("pre-commit run %s: %v\n%s", hook, err, out)
	}
	t.Logf("pre-commit run %s --all-files: exit %d\n%s", hook, code, out)
	if code != 0 && code != 1 {
		log, _ := os.ReadFile(filepath.Join(tmp, "pre-commit-home", "pre-commit.log"))
		t.Fatalf("pre-commit run %s: exit %d\n%s\npre-commit.log:\n%s", hook, code, out, log)
	}
	return out, code
}

// mustRun runs a command that must succeed and returns its standard output.
func mustRun(ctx context.Context, t *testing.T, env []string, dir, name string, args ...string) string {
	t.Helper()
	cmd := command(ctx, env, dir, name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out, stderr.Bytes())
	}
	return string(out)
}

// run runs a command and returns its combined output and exit code; err is
// set only when it could not be run or was stopped (timeout).
func run(ctx context.Context, env []string, dir, name string, args ...string) (string, int, error) {
	cmd := command(ctx, env, dir, name, args...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	if ctx.Err() != nil {
		return out.String(), -1, fmt.Errorf("stopped after the test's time limit: %w", ctx.Err())
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.Exited() {
		return out.String(), exit.ExitCode(), nil
	}
	if err != nil {
		return out.String(), -1, err
	}
	return out.String(), 0, nil
}

// command makes a command in its own process group, so that a timeout stops
// pre-commit together with the go and git processes it started.
func command(ctx context.Context, env []string, dir, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdin = nil
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	cmd.WaitDelay = 10 * time.Second
	return cmd
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
