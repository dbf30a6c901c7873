//go:build unix

package hostcheck

import (
	"io/fs"
	"syscall"
)

// fileOwner reads the owner's user ID from the stat data.
func fileOwner(_ string, fi fs.FileInfo) (int, bool) {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return int(st.Uid), true
	}
	return 0, false
}
