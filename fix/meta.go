package fix

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"strconv"
)

// meta is what a rewritten file keeps of the original.
type meta struct {
	uid, gid int
	mode     fs.FileMode // permissions and the setuid, setgid and sticky bits
	xattrs   []xattr
}

// xattr is an extended attribute: an SELinux label (security.selinux),
// an ACL (system.posix_acl_access), user.* attributes.
type xattr struct {
	name  string
	value []byte
}

// readMeta reads what the rewritten file must keep, and refuses files
// whose replacement would lose something: more than one hard link.
func readMeta(s *Snapshot) (*meta, error) {
	st := stat(s.Info)
	if st == nil {
		return nil, fmt.Errorf("%s: no owner information on this system: not rewritten", s.Path)
	}
	if st.Nlink > 1 {
		return nil, fmt.Errorf("%s has %d hard links: replacing it would break them, so postlint leaves it alone (apply the fixes with --diff and patch, or remove the other links)", s.Path, st.Nlink)
	}
	m := &meta{uid: int(st.Uid), gid: int(st.Gid), mode: s.Info.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)}
	var err error
	if m.xattrs, err = listXattrs(s.Path); err != nil {
		return nil, fmt.Errorf("%s: reading its extended attributes: %v: not rewritten", s.Path, err)
	}
	return m, nil
}

// apply gives the temporary file tmp (which replaces path) the metadata:
// owner first, as a change of owner clears the setuid and setgid bits,
// then the mode, then the extended attributes, as an ACL sets the group
// bits of the mode.
func (m *meta) apply(tmp *os.File, path string) error {
	st, err := tmp.Stat()
	if err != nil {
		return err
	}
	if cur := stat(st); cur == nil || int(cur.Uid) != m.uid || int(cur.Gid) != m.gid {
		if err := tmp.Chown(m.uid, m.gid); err != nil {
			if errors.Is(err, fs.ErrPermission) {
				return fmt.Errorf("%s belongs to %s, which postlint running as %s cannot keep: not rewritten (run postlint as root or as the file's owner)",
					path, owner(m.uid, m.gid), owner(os.Geteuid(), os.Getegid()))
			}
			return err
		}
	}
	if err := tmp.Chmod(m.mode); err != nil {
		return err
	}
	for _, x := range m.xattrs {
		if err := setXattr(tmp, x); err != nil {
			return fmt.Errorf("%s: cannot copy its extended attribute %s (%v): not rewritten", path, x.name, err)
		}
	}
	return nil
}

// owner names a user and group, "root:adm", by number when unknown.
func owner(uid, gid int) string {
	u, g := strconv.Itoa(uid), strconv.Itoa(gid)
	if x, err := user.LookupId(u); err == nil {
		u = x.Username
	}
	if x, err := user.LookupGroupId(g); err == nil {
		g = x.Name
	}
	return u + ":" + g
}
