package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// hostConfig is the main.cf of host i of the generated repository: every
// second host relays to port 465 without wrapper mode (PL201), every third offers STARTTLS without a
// certificate (PL307), every seventh sets an obsolete parameter (PL505).
func hostConfig(i int) string {
	s := fmt.Sprintf("compatibility_level = 3.6\nmyhostname = h%03d.example.com\n", i)
	if i%2 == 0 {
		s += "relayhost = [relay.example.net]:465\n"
	}
	if i%3 == 0 {
		s += "smtpd_tls_security_level = may\n"
	}
	if i%7 == 0 {
		s += "smtp_use_tls = yes\n"
	}
	return s
}

// postlint runs postlint in the current directory.
func postlint(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(append([]string{"postlint"}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

func writeFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// gitlabFingerprints maps "file:rule" to the fingerprints of the
// findings of a gitlab report.
func gitlabFingerprints(t *testing.T, report string) map[string][]string {
	t.Helper()
	var issues []struct {
		CheckName   string `json:"check_name"`
		Fingerprint string `json:"fingerprint"`
		Location    struct {
			Path string `json:"path"`
		} `json:"location"`
	}
	if err := json.Unmarshal([]byte(report), &issues); err != nil {
		t.Fatalf("gitlab report: %v\n%s", err, report)
	}
	out := map[string][]string{}
	for _, i := range issues {
		k := i.Location.Path + ":" + i.CheckName
		out[k] = append(out[k], i.Fingerprint)
	}
	return out
}

// TestBaselineEndToEnd adopts postlint on a repository of 200 hosts'
// configurations: the baseline hides today's findings; a new problem in
// one file fails the run, while lines inserted above an old problem in
// another do not; a fixed problem is reported stale, and so is one whose
// value changed, which is new again.
func TestBaselineEndToEnd(t *testing.T) {
	repo := t.TempDir()
	t.Chdir(repo)
	if err := os.Mkdir(".git", 0o755); err != nil { // the repository root
		t.Fatal(err)
	}
	const hosts = 200
	for i := range hosts {
		writeFile(t, fmt.Sprintf("hosts/h%03d/main.cf", i), hostConfig(i))
	}
	flags := []string{"--no-config", "--postfix-version", "3.7"}
	lint := func(args ...string) (int, string, string) {
		return postlint(append(append([]string{}, flags...), append(args, "hosts")...)...)
	}

	code, before, _ := lint()
	all := strings.Count(before, "\n")
	if code != 1 || all < hosts/2 {
		t.Fatalf("without a baseline: exit %d, %d findings; want 1 and at least one per two hosts", code, all)
	}
	code, out, errOut := lint("--write-baseline", "postlint-baseline.json")
	if code != 0 || out != "" || !strings.Contains(errOut, fmt.Sprintf("wrote %d findings to postlint-baseline.json", all)) {
		t.Fatalf("--write-baseline: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, out, errOut = lint("--baseline", "postlint-baseline.json")
	if code != 0 || out != "" || !strings.Contains(errOut, fmt.Sprintf("%d known findings not shown", all)) || strings.Contains(errOut, "no longer found") {
		t.Fatalf("unchanged repository: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	_, report, _ := lint("--format", "gitlab")
	fpBefore := gitlabFingerprints(t, report)

	// h010 relays to port 465 (PL201); lines inserted above it move the
	// finding down without making it new. h011 gets a new problem.
	writeFile(t, "hosts/h010/main.cf", "# managed by config management\n# do not edit\nmydomain = example.com\n"+hostConfig(10))
	writeFile(t, "hosts/h011/main.cf", hostConfig(11)+"smtpd_tls_security_level = may\n")
	code, out, errOut = lint("--baseline", "postlint-baseline.json")
	if code != 1 {
		t.Errorf("new problem: exit %d, want 1; stderr %q", code, errOut)
	}
	if !regexp.MustCompile(`^hosts/h011/main\.cf:3:1: error: .*\[PL307\]\n$`).MatchString(out) {
		t.Errorf("new problem: stdout %q, want only the PL307 finding of h011", out)
	}
	if strings.Contains(errOut, "no longer found") {
		t.Errorf("inserting lines made entries stale: %s", errOut)
	}
	_, report, _ = lint("--format", "gitlab")
	fpAfter := gitlabFingerprints(t, report)
	for _, k := range []string{"hosts/h010/main.cf:PL201"} {
		if len(fpBefore[k]) != 1 || fmt.Sprint(fpBefore[k]) != fmt.Sprint(fpAfter[k]) {
			t.Errorf("gitlab fingerprint of %s: %v before inserting lines, %v after", k, fpBefore[k], fpAfter[k])
		}
	}

	// h020's relayhost goes (PL201 fixed); h030's changes to
	// another bad value: its PL201 is new, its old entry stale.
	writeFile(t, "hosts/h020/main.cf", strings.Replace(hostConfig(20), "relayhost = [relay.example.net]:465\n", "", 1))
	writeFile(t, "hosts/h030/main.cf", strings.Replace(hostConfig(30), "[relay.example.net]:465", "[other.example.net]:465", 1))
	code, out, errOut = lint("--baseline", "postlint-baseline.json")
	if code != 1 {
		t.Errorf("after the fix: exit %d, want 1 (h011's problem is still new)", code)
	}
	gotNew := regexp.MustCompile(`(?m)^(\S+?):\d+:\d+: \w+: .*\[(PL\d+)\]$`).FindAllStringSubmatch(out, -1)
	var news []string
	for _, m := range gotNew {
		news = append(news, m[1]+" "+m[2])
	}
	if got, want := strings.Join(news, ", "), "hosts/h011/main.cf PL307, hosts/h030/main.cf PL201"; got != want {
		t.Errorf("new findings: %s, want %s", got, want)
	}
	for _, stale := range []string{
		"2 findings no longer found",
		"\n  hosts/h020/main.cf: PL201 smtp_tls_wrappermode at relayhost: ",
		"\n  hosts/h030/main.cf: PL201 smtp_tls_wrappermode at relayhost: ",
	} {
		if !strings.Contains(errOut, stale) {
			t.Errorf("stderr lacks %q:\n%s", stale, errOut)
		}
	}
	if strings.Contains(errOut, "h010") {
		t.Errorf("h010 reported stale:\n%s", errOut)
	}

	// JSON with --show-baselined marks every finding and lists the stale
	// entries as absent.
	code, out, _ = lint("--baseline", "postlint-baseline.json", "--show-baselined", "--format", "json")
	var report2 struct {
		Findings []struct {
			File          string `json:"file"`
			Rule          string `json:"rule"`
			BaselineState string `json:"baseline_state"`
		} `json:"findings"`
		Absent []struct {
			File          string `json:"file"`
			Rule          string `json:"rule"`
			BaselineState string `json:"baseline_state"`
		} `json:"absent"`
	}
	if err := json.Unmarshal([]byte(out), &report2); err != nil {
		t.Fatal(err)
	}
	states := map[string]int{}
	for _, f := range report2.Findings {
		states[f.BaselineState]++
	}
	if code != 1 || states["new"] != 2 || states["unchanged"] != all-2 || len(states) != 2 {
		t.Errorf("--show-baselined: exit %d, states %v; want 1, 2 new and %d unchanged", code, states, all-2)
	}
	var absent []string
	for _, f := range report2.Absent {
		absent = append(absent, f.File+" "+f.Rule+" "+f.BaselineState)
	}
	if got, want := strings.Join(absent, ", "), "hosts/h020/main.cf PL201 absent, hosts/h030/main.cf PL201 absent"; got != want {
		t.Errorf("absent: %s, want %s", got, want)
	}

	// Rewriting the baseline drops the stale entries and takes the new
	// findings in; the .postlint.toml key names it from then on.
	if code, _, errOut := lint("--write-baseline", "postlint-baseline.json"); code != 0 {
		t.Fatalf("rewriting the baseline: exit %d: %s", code, errOut)
	}
	writeFile(t, ".postlint.toml", "postfix_version = \"3.7\"\nbaseline = \"postlint-baseline.json\"\n")
	if code, out, errOut := postlint("hosts"); code != 0 || out != "" || strings.Contains(errOut, "no longer found") {
		t.Errorf("baseline from .postlint.toml: exit %d, stdout %q, stderr %q", code, out, errOut)
	}

	// A fixed problem does not fail the run unless --fail-on-stale asks
	// for a baseline that shrinks; rewriting the baseline for one host
	// keeps the entries of the others.
	writeFile(t, "hosts/h040/main.cf", strings.Replace(hostConfig(40), "relayhost = [relay.example.net]:465\n", "", 1))
	if code, _, errOut := postlint("hosts"); code != 0 || !strings.Contains(errOut, "\n  hosts/h040/main.cf: PL201 ") {
		t.Errorf("stale entry: exit %d, want 0; stderr %q", code, errOut)
	}
	if code, _, errOut := postlint("--fail-on-stale", "hosts"); code != 1 || !strings.Contains(errOut, "--fail-on-stale fails the run") {
		t.Errorf("--fail-on-stale: exit %d, want 1; stderr %q", code, errOut)
	}
	if code, _, errOut := postlint("--write-baseline", "postlint-baseline.json", "hosts/h040"); code != 0 || !strings.Contains(errOut, "keeping ") {
		t.Errorf("--write-baseline for one host: exit %d, stderr %q", code, errOut)
	}
	if code, out, errOut := postlint("--fail-on-stale", "hosts"); code != 0 || out != "" || strings.Contains(errOut, "no longer found") {
		t.Errorf("after rewriting h040's entries: exit %d, stdout %q, stderr %q", code, out, errOut)
	}

	// A missing or broken baseline is an error, never "all clear".
	writeFile(t, ".postlint.toml", "postfix_version = \"3.7\"\nbaseline = \"missing.json\"\n")
	if code, out, errOut := postlint("hosts"); code != 2 || out != "" || !strings.Contains(errOut, ".postlint.toml:2: baseline: ") || !strings.Contains(errOut, "missing.json: no such file") {
		t.Errorf("missing baseline: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	writeFile(t, "broken.json", "{\"version\": 1, \"entries\": [\n  {\"rule\": \"PL201\", \"count\": 1}\n]}\n")
	if code, out, errOut := postlint("--baseline", "broken.json", "hosts"); code != 2 || out != "" || !strings.Contains(errOut, "broken.json:2: ") {
		t.Errorf("broken baseline: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
