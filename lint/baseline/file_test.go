package baseline

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/postlint/postlint/internal/safefile"
)

var sampleEntries = []Entry{
	{Key: Key{Rule: "PL201", File: "hosts/mx2/main.cf", Param: "smtp_tls_wrappermode", At: "relayhost", Value: "0123456789abcdef"}, Count: 1, Message: `relayhost <x> & "y"`},
	{Key: Key{Rule: "PL125", File: "hosts/mx1/main.cf", At: "smtpd_banner", Value: "fedcba9876543210"}, Count: 2, Message: "undefined"},
	{Key: Key{Rule: "PL604", File: "hosts/mx1/main.cf"}, Count: 1},
}

func TestEncodeIsStableAndSorted(t *testing.T) {
	want := `{
  "version": 1,
  "entries": [
    {
      "rule": "PL125",
      "file": "hosts/mx1/main.cf",
      "at": "smtpd_banner",
      "value": "fedcba9876543210",
      "count": 2,
      "message": "undefined"
    },
    {
      "rule": "PL604",
      "file": "hosts/mx1/main.cf",
      "count": 1
    },
    {
      "rule": "PL201",
      "file": "hosts/mx2/main.cf",
      "param": "smtp_tls_wrappermode",
      "at": "relayhost",
      "value": "0123456789abcdef",
      "count": 1,
      "message": "relayhost <x> & \"y\""
    }
  ]
}
`
	if got := string(Encode(sampleEntries)); got != want {
		t.Errorf("Encode:\n%s\nwant:\n%s", got, want)
	}
	reversed := []Entry{sampleEntries[2], sampleEntries[1], sampleEntries[0]}
	if string(Encode(reversed)) != want {
		t.Errorf("Encode depends on the order of its input")
	}
	if got := string(Encode(nil)); got != "{\n  \"version\": 1,\n  \"entries\": []\n}\n" {
		t.Errorf("Encode(nil) = %q", got)
	}
}

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "baseline.json")
	if err := Write(path, sampleEntries); err != nil {
		t.Fatal(err)
	}
	b, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	want := append([]Entry(nil), sampleEntries...)
	Sort(want)
	if !reflect.DeepEqual(b.Entries, want) {
		t.Errorf("read back %+v\nwant %+v", b.Entries, want)
	}
}

func TestReadMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.json")
	_, err := Read(path)
	var se *safefile.Error
	if !errors.As(err, &se) || !errors.Is(err, os.ErrNotExist) || !strings.HasPrefix(err.Error(), path+": ") {
		t.Errorf("Read of a missing file: %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"empty", "", "b.json:1: unexpected end of file"},
		{"not an object", "[]", "b.json:1: want a JSON object, not an array"},
		{"truncated", "{\n  \"version\": 1,\n  \"entries\": [\n    {\"rule\": \"PL1\"", "b.json:4: unexpected end of file"},
		{"syntax", "{\n  \"version\": 1,\n  \"entries\": [,]\n}", "b.json:3: not JSON: invalid character ',' looking for beginning of value"},
		{"no version", `{"entries": []}`, "b.json:1: no version key: not a postlint baseline (write one with --write-baseline)"},
		{"no entries", `{"version": 1}`, "b.json:1: no entries key: not a postlint baseline (write one with --write-baseline)"},
		{"future version", "{\n \"version\": 2,\n \"entries\": []}", "b.json:2: version 2 is not supported: this postlint reads version 1; rewrite the file with --write-baseline"},
		{"version not a number", "{\"version\": \"1\", \"entries\": []}", "b.json:1: version: want a number, not a string\nb.json:1: no version key: not a postlint baseline (write one with --write-baseline)"},
		{"unknown top key", "{\n\"version\": 1,\n\"entries\": [],\n\"extra\": {\"a\": [1]}\n}", "b.json:4: unknown key \"extra\" (want version and entries)"},
		{"trailing text", "{\"version\": 1, \"entries\": []}\n{}", "b.json:2: text after the JSON object"},
		{"entries not an array", "{\"version\": 1,\n\"entries\": {}}", "b.json:2: want an array of entries, not an object"},
		{"entry problems", `{
  "version": 1,
  "entries": [
    {"rule": "PL201", "file": "a/main.cf", "count": 1},
    {"rule": "PL201", "file": "a/main.cf", "count": 0},
    {"file": "a/main.cf", "count": 1},
    {"rule": "PL1", "count": 1},
    {"rule": "PL1", "file": "x", "count": 1, "line": 3},
    {"rule": "PL1", "file": "x", "count": "2"},
    {"rule": "PL1", "file": "x", "count": 1, "value": "XYZ"},
    {"rule": "PL201", "file": "a/main.cf", "count": 3}
  ]
}`, `b.json:5: entry: count 0: want 1 or more
b.json:6: entry: no rule
b.json:7: entry: no file
b.json:8: entry: unknown field "line"
b.json:9: entry: count: want int, not a JSON string
b.json:10: entry: value "XYZ": want 16 hex digits as postlint writes them
b.json:11: entry: same rule, file, param, at and value as the entry on line 4 (add up their counts instead)`},
	} {
		_, err := Parse("b.json", []byte(tc.src))
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if got := err.Error(); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}
