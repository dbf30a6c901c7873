package postfix

import (
	"reflect"
	"testing"
)

func TestRestrictions(t *testing.T) {
	for _, tc := range []struct {
		name                      string
		v                         Version
		known, maybe, warns, fail bool
		relay                     bool
	}{
		{"reject_unauth_destination", v(2, 6, 0), true, false, false, false, true},
		{"REJECT_UNAUTH_DESTINATION", v(3, 7, 11), true, false, false, false, true},
		{"defer_unauth_destination", v(2, 9, 15), false, false, false, false, false},
		{"defer_unauth_destination", v(2, 10, 0), true, false, false, false, true},
		{"check_relay_domains", v(3, 8, 20), true, false, true, false, true},
		{"check_relay_domains", v(3, 9, 0), true, false, true, true, true},
		{"permit_mynetworks", v(3, 7, 11), true, false, false, false, false},
		{"check_client_a_access", v(2, 11, 11), false, false, false, false, false},
		{"check_client_a_access", v(3, 0, 0), true, false, false, false, false},
	} {
		r, ok := LookupRestriction(tc.name, tc.v)
		if !ok || r.Known != tc.known || r.Maybe != tc.maybe || r.WarnsDeprecated != tc.warns || r.AlwaysFails != tc.fail || r.RelayBlocking != tc.relay {
			t.Errorf("%s in %v: %+v", tc.name, tc.v, r)
		}
	}
	if _, ok := LookupRestriction("reject_unauth_destinations", Newest); ok {
		t.Error("a misspelt restriction is known")
	}
	if r, _ := LookupRestriction("check_client_access", Newest); r.Kind != "check-table" || r.Args != 1 {
		t.Errorf("check_client_access: %+v", r)
	}
	want := []string{"reject_unauth_destination", "reject", "defer", "defer_if_permit", "check_relay_domains"}
	if got := RelayBlocking(v(2, 9, 0)); !reflect.DeepEqual(got, want) {
		t.Errorf("RelayBlocking(2.9) = %v", got)
	}
	if got := RelayBlocking(v(3, 7, 11)); len(got) != 6 {
		t.Errorf("RelayBlocking(3.7) = %v", got)
	}
}
