package hostcheck

import (
	"os"
	"path/filepath"
	"testing"
)

// PL815 checks commands against the daemon directory of this host, and
// only where that directory holds the master.
func TestDaemons(t *testing.T) {
	e := newEnv(t)
	sbin := filepath.Join(e.dir, "sbin")
	if err := os.Mkdir(sbin, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"master", "smtpd", "pipe"} {
		write(t, sbin, name, 0o755, []byte("#!/bin/sh\n"))
	}
	master := `smtp      inet  n       -       n       -       -       smtpd
submission inet n       -       n       -       -       smtpd2
filter    unix  -       n       n       -       -       pipe flags=R user=nobody argv=/bin/cat
abs       unix  -       n       n       -       -       /usr/bin/true
`
	e.opt.DaemonDirectories = []string{filepath.Join(e.dir, "none"), sbin}
	e.expect(e.run("compatibility_level = 3.6\n", master),
		"master.cf:2:57: error: service submission runs smtpd2, but $DIR/sbin/smtpd2 does not exist on this host: the master cannot start it, logs \"fatal: master_spawn: exec $DIR/sbin/smtpd2: No such file or directory\" and throttles the service (\"bad command startup -- throttling\") [PL815]",
		"master.cf:4:57: error: service abs runs /usr/bin/true, but $DIR/sbin/usr/bin/true does not exist on this host: the master cannot start it, logs \"fatal: master_spawn: exec $DIR/sbin//usr/bin/true: No such file or directory\" and throttles the service (\"bad command startup -- throttling\") [PL815]",
	)
	// main.cf's daemon_directory wins over the usual places.
	e.expect(e.run("daemon_directory = $DIR/elsewhere\n", master))
	// Without the master program the directory is not this host's.
	if err := os.Remove(filepath.Join(sbin, "master")); err != nil {
		t.Fatal(err)
	}
	e.expect(e.run("compatibility_level = 3.6\n", master))
}
