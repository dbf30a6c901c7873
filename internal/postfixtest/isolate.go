package postfixtest

import "testing"

// innerEnv marks the child process that Main starts in the namespaces.
const innerEnv = "POSTFIXTEST_INNER"

// inside is set in the child, once the namespaces are ready.
var inside bool

// Isolated reports whether the tests run in the namespaces of Main.
func Isolated() bool { return inside }

// runTests runs the tests and then stops the shared instances.
func runTests(m *testing.M) int {
	code := m.Run()
	stopShared()
	return code
}
