//go:build !unix

package hostcheck

import "io/fs"

// fileOwner does not know owners outside Unix: the owner is not checked.
func fileOwner(string, fs.FileInfo) (int, bool) { return 0, false }
