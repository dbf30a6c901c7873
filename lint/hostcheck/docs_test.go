package hostcheck

import (
	"regexp"
	"strings"
	"testing"
)

func TestDocs(t *testing.T) {
	ids := []string{TLSFileMissing, TLSFileNotPEM, TLSKeyEncrypted, TLSKeyPermissions, TLSKeyMismatch,
		TLSCertExpired, TLSCertExpiring, TLSChainOrder, TLSChainIncomplete, TLSCAInvalid,
		MapNotCompiled, MapStale, RelativePath, FileNotChecked, DaemonMissing}
	ds := Docs()
	if len(ds) != len(ids) {
		t.Fatalf("%d docs for %d IDs", len(ds), len(ids))
	}
	name := regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*$`)
	seen := map[string]bool{}
	for i, d := range ds {
		if d.ID != ids[i] {
			t.Errorf("doc %d is %s, want %s (ID order)", i, d.ID, ids[i])
		}
		if !name.MatchString(d.Name) || seen[d.Name] || seen[d.ID] {
			t.Errorf("%s: bad or duplicate name %q", d.ID, d.Name)
		}
		seen[d.Name], seen[d.ID] = true, true
		for field, v := range map[string]string{"title": d.Title, "what": d.What, "why": d.Why,
			"symptom": d.Symptom, "before": d.Before, "after": d.After} {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: empty %s", d.ID, field)
			}
		}
		if d.Severity == 0 {
			t.Errorf("%s: no severity", d.ID)
		}
		if got, ok := Lookup(strings.ToUpper(d.Name)); !ok || got.ID != d.ID {
			t.Errorf("Lookup(%q) = %v, %v", d.Name, got.ID, ok)
		}
		if Rules()[i].ID != d.ID {
			t.Errorf("Rules()[%d] is %s", i, Rules()[i].ID)
		}
		ex := d.Rule(Scope, "lint/hostcheck").Explain()
		if !strings.HasPrefix(ex, d.ID+" "+d.Name+"\n"+d.Title+"\n") || !strings.Contains(ex, "Symptom") {
			t.Errorf("%s: explain:\n%s", d.ID, ex)
		}
	}
	ds[0].Title = "changed"
	if docs[0].Title == "changed" {
		t.Error("Docs returns the shared table")
	}
}
