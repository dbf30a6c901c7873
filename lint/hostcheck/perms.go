package hostcheck

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

// checkKeyPerms reports a key file that other users may access in any
// way, that its group may write (mode & 027 != 0), or that root does not
// own (PL804). Group read access alone is allowed: Debian and Ubuntu give
// keys mode 0640 and the ssl-cert group on purpose. A file
// that postlint may read is checked only when it holds a private key; one
// it may not read is checked for what it is named as.
func (c *checker) checkKeyPerms(r ref, f *pemFile) {
	if f.fi == nil || !f.fi.Mode().IsRegular() {
		return
	}
	if f.readable() && len(f.keys()) == 0 {
		return // not a key file after all: PL802
	}
	var problems []string
	mode := f.fi.Mode().Perm()
	if who := access(mode); who != "" {
		problems = append(problems, fmt.Sprintf("has mode %04o (%s)", uint32(mode), who))
	}
	if uid, ok := c.opt.Owner(f.path, f.fi); ok && uid != 0 {
		problems = append(problems, "is owned by uid "+strconv.Itoa(uid)+", not root")
	}
	if len(problems) == 0 {
		return
	}
	c.report(TLSKeyPermissions, r.at, r.param, r.param+": private key file "+f.path+" "+
		strings.Join(problems, " and ")+": only root should have access to it")
}

// access says who besides the owner and a reading group has access under
// mode, or "".
func access(mode fs.FileMode) string {
	g, o := mode&0o020 != 0, mode&0o007 != 0
	switch {
	case g && o:
		return "group can write and other users have access"
	case g:
		return "group can write"
	case o:
		return "other users have access"
	}
	return ""
}
