//go:build !linux

package postfixtest

import (
	"testing"
	"time"
)

// PublicAddr is an address outside 127.0.0.0/8 for test clients; only
// the namespaces of Main on Linux put it on the loopback interface.
const PublicAddr = "198.51.100.7"

// Main runs the tests of m in this process: the namespaces it sets up on
// Linux do not exist here, so RequireIsolation skips (or fails in CI).
func Main(m *testing.M, _ time.Duration) int { return runTests(m) }

// AddHost does nothing outside the namespaces of Main.
func AddHost(_, _ string) error { return nil }

func syslogFile() string { return "" }

// AddAddr does nothing outside the namespaces of Main.
func AddAddr(string) error { return nil }
