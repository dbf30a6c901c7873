package safefile

import (
	"errors"

	"golang.org/x/sys/unix"
)

// notPseudo refuses files of the kernel's pseudo file systems: /proc and
// /sys files report size 0, some are endless (/proc/self/pagemap), some
// block or consume what they return (/proc/kmsg). A path through /proc
// to a real file (/proc/PID/root/etc/postfix/main.cf) is fine: statfs
// follows it to the file system the file is on.
func notPseudo(path string) error {
	var fs unix.Statfs_t
	if err := unix.Statfs(path, &fs); err != nil {
		return nil // the open reports the problem
	}
	switch int64(fs.Type) {
	case unix.PROC_SUPER_MAGIC, unix.SYSFS_MAGIC, unix.DEBUGFS_MAGIC, unix.TRACEFS_MAGIC, unix.SECURITYFS_MAGIC, unix.CGROUP_SUPER_MAGIC, unix.CGROUP2_SUPER_MAGIC:
		return errors.New("a kernel interface (/proc, /sys), not a file")
	}
	return nil
}
