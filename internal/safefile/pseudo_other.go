//go:build !linux

package safefile

// notPseudo accepts every file: only Linux has the pseudo file systems
// that notPseudo refuses there.
func notPseudo(string) error { return nil }
