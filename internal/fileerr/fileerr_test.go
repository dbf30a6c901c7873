package fileerr

import "testing"

func TestError(t *testing.T) {
	l := List{{File: "a.toml", Line: 3, Msg: "bad"}, {File: "a.toml", Msg: "unreadable"}}
	if got, want := l.Error(), "a.toml:3: bad\na.toml: unreadable"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
