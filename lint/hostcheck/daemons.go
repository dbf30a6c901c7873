package hostcheck

import (
	"fmt"
	"path/filepath"

	"github.com/postlint/postlint/lint/syntax"
)

// daemonDirectories are where the packages of the common systems install
// the Postfix daemons (Debian, Red Hat and the BSDs, the source default).
// They stand in for daemon_directory when main.cf does not set it: its
// default is a build setting that only postconf -d knows.
var daemonDirectories = []string{"/usr/lib/postfix/sbin", "/usr/libexec/postfix", "/usr/lib/postfix", "/usr/local/libexec/postfix"}

// checkDaemons reports master.cf commands that are not in the daemon
// directory of this host. The master runs daemon_directory/command, even
// for a command that starts with '/'. Nothing is reported unless the
// directory holds the master program: then this is the host Postfix runs
// on, and a missing command is certain to fail.
func (c *checker) checkDaemons() {
	dir := c.daemonDirectory()
	if dir == "" {
		return
	}
	for _, s := range c.cfg.Services {
		n := s.SyntaxService()
		if n == nil || len(n.Fields) < syntax.NumFields {
			continue
		}
		cmd := n.Field(syntax.FieldCommand)
		path := dir + "/" + cmd
		if fi, err := c.opt.stat(path); err == nil && fi.Mode().IsRegular() {
			continue
		}
		c.report(DaemonMissing, s.FieldAt(syntax.FieldCommand), "daemon_directory",
			fmt.Sprintf("service %s runs %s, but %s does not exist on this host: the master cannot start it, logs \"fatal: master_spawn: exec %s: No such file or directory\" and throttles the service (\"bad command startup -- throttling\")", s.Name, cmd, filepath.Clean(path), path))
	}
}

// daemonDirectory returns the daemon directory of this host: main.cf's
// daemon_directory, else the first of daemonDirectories; "" unless it
// holds the master program.
func (c *checker) daemonDirectory() string {
	candidates := c.opt.DaemonDirectories
	if p := c.cfg.Main().Param("daemon_directory"); p != nil {
		candidates = []string{c.cfg.Main().Get("daemon_directory")}
	}
	for _, d := range candidates {
		if !filepath.IsAbs(d) {
			continue
		}
		if fi, err := c.opt.stat(filepath.Join(d, "master")); err == nil && fi.Mode().IsRegular() {
			return d
		}
	}
	return ""
}
