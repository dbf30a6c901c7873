package rules_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/load"
	"github.com/postlint/postlint/lint/postfix"
)

// noAlarmVersions are the target releases the stock configurations are
// checked against: the newest release and the one Debian 12 ships, for
// which the Debian files were written.
var noAlarmVersions = []string{postfix.Newest.String(), "3.7.11"}

// installPlaceholders are the settings that the Postfix source tree's
// conf/main.cf leaves empty for postfix-install to fill in; as they stand,
// Postfix refuses them (PL136), so they are not false alarms.
var installPlaceholders = map[string]bool{
	"sendmail_path": true, "newaliases_path": true, "mailq_path": true, "setgid_group": true,
	"html_directory": true, "manpage_directory": true, "sample_directory": true, "readme_directory": true,
}

// TestNoAlarm lints the real-world configurations that Postfix and Debian
// ship (testdata/configs/debian-default and testdata/configs/dist*) and
// fails on any warning or error: a finding there is a false alarm. Info
// findings are allowed and logged.
func TestNoAlarm(t *testing.T) {
	root := filepath.Join("..", "testdata", "configs")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	set := loadBuiltin(t)
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && (e.Name() == "debian-default" || strings.HasPrefix(e.Name(), "dist")) {
			dirs = append(dirs, e.Name())
		}
	}
	if len(dirs) == 0 {
		t.Fatalf("no debian-default or dist* configuration under %s", root)
	}
	for _, name := range dirs {
		for _, v := range noAlarmVersions {
			t.Run(name+"@"+v, func(t *testing.T) {
				version, err := postfix.ParseVersion(v)
				if err != nil {
					t.Fatal(err)
				}
				cfg, err := load.Dir(filepath.Join(root, name))
				if err != nil {
					t.Fatal(err)
				}
				if cfg.Main == nil || cfg.Master == nil {
					t.Fatalf("%s: want both main.cf and master.cf", name)
				}
				found, err := lint.Run(lint.Input{Dir: cfg.Dir, Main: cfg.Main, Master: cfg.Master, Version: version}, set, lint.Options{})
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range found {
					if strings.HasPrefix(name, "dist") && f.Rule == "PL136" && installPlaceholders[f.Param] {
						t.Logf("install-time placeholder: %s", f)
						continue
					}
					if f.Severity >= lint.Warning {
						t.Errorf("false alarm: %s", f)
					} else {
						t.Logf("info: %s", f)
					}
				}
			})
		}
	}
}
