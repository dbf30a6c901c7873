package fix

import (
	"errors"

	"golang.org/x/sys/unix"
)

// errNoExchange reports a file system that cannot exchange two names.
var errNoExchange = errors.New("atomic exchange not supported")

// exchange swaps the files named a and b in one step (renameat2 with
// RENAME_EXCHANGE, Linux 3.15 and later on most local file systems).
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.ENOTSUP) {
		return errNoExchange
	}
	return err
}
