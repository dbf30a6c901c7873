package load

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// The pre-commit hooks and IsConfigName must agree on which files are
// configurations.
func TestIsConfigNameMatchesHooks(t *testing.T) {
	hooks, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*files:\s*(\S+)\s*$`).FindSubmatch(hooks)
	if m == nil {
		t.Fatal("no files: pattern in .pre-commit-hooks.yaml")
	}
	pattern := regexp.MustCompile(string(m[1]))
	for _, name := range []string{
		"main.cf", "master.cf", "etc/postfix/main.cf", "hosts/mx1-main.cf", "relay_master.cf",
		"hosts/a.main.cf", "x-master.cf", "domain.cf", "somain.cf", "main.cf.orig", "main.cfg",
		"mastermain.cf", "-main.cf", "main.cf/", "a/b", "master.cf.proto", "my.master.cf",
	} {
		want := pattern.MatchString(name)
		if got := IsConfigName(name); got != want && !strings.HasSuffix(name, "/") {
			t.Errorf("IsConfigName(%q) = %v, the hooks' pattern says %v", name, got, want)
		}
	}
}
