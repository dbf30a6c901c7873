package hostcheck

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// touch creates dir/name (unless it exists) with modification time
// now+offset.
func touch(t *testing.T, dir, name string, offset time.Duration) {
	t.Helper()
	path := filepath.Join(dir, name)
	if _, err := os.Stat(path); err != nil {
		write(t, dir, name, 0o644, []byte("key value\n"))
	}
	at := now.Add(offset)
	if err := os.Chtimes(path, at, at); err != nil {
		t.Fatal(err)
	}
}

func TestMaps(t *testing.T) {
	e := newEnv(t)
	touch(t, e.dir, "transport", -time.Hour)
	touch(t, e.dir, "virtual", -time.Hour)
	touch(t, e.dir, "virtual.lmdb", -3*time.Hour)
	touch(t, e.dir, "canonical", -30*time.Second) // edited just now: Postfix does not warn yet
	touch(t, e.dir, "canonical.cdb", -time.Hour)
	touch(t, e.dir, "sasl_passwd", -2*time.Hour)
	touch(t, e.dir, "sasl_passwd.db", -time.Hour)
	touch(t, e.dir, "relocated", -2*time.Hour)
	touch(t, e.dir, "relocated.dir", -time.Hour)
	touch(t, e.dir, "aliases", -2*time.Hour)
	touch(t, e.dir, "u1", -2*time.Hour)
	touch(t, e.dir, "canon", -2*time.Hour)
	touch(t, e.dir, "sender_access", -2*time.Hour)
	e.expect(e.run(`transport_maps = hash:$DIR/transport
virtual_alias_maps = lmdb:$DIR/virtual
sender_canonical_maps = cdb:$DIR/canonical
smtp_sasl_password_maps = proxy:btree:$DIR/sasl_passwd
relocated_maps = dbm:$DIR/relocated
alias_maps = hash:$DIR/aliases
smtpd_recipient_restrictions = permit_mynetworks,
    check_recipient_access hash:$DIR/access, reject_unauth_destination
address_verify_map = btree:$DIR/verify_cache
header_checks = regexp:$DIR/header_checks
local_recipient_maps = unionmap:{hash:$DIR/u1, texthash:$DIR/u2}
maps_dir = $DIR
canonical_maps = hash:${maps_dir}/canon
mydestination = $myhostname, localhost
`, `smtp      inet  n       -       y       -       -       smtpd
  -o smtpd_sender_restrictions=check_sender_access,hash:$DIR/sender_access
`),
		"main.cf:1:18: error: transport_maps: hash:$DIR/transport is not compiled: $DIR/transport.db does not exist; run postmap hash:$DIR/transport [PL811]",
		"main.cf:2:22: warning: virtual_alias_maps: database $DIR/virtual.lmdb is older than source file $DIR/virtual (by 2 hours); run postmap lmdb:$DIR/virtual [PL812]",
		"main.cf:5:18: error: relocated_maps: dbm:$DIR/relocated is not compiled: $DIR/relocated.pag does not exist; run postmap dbm:$DIR/relocated [PL811]",
		"main.cf:6:14: error: alias_maps: hash:$DIR/aliases is not compiled: $DIR/aliases.db does not exist; run postalias hash:$DIR/aliases (or newaliases) [PL811]",
		"main.cf:8:28: error: smtpd_recipient_restrictions: hash:$DIR/access: neither the source file $DIR/access nor $DIR/access.db exists [PL811]",
		"main.cf:11:34: error: local_recipient_maps: hash:$DIR/u1 is not compiled: $DIR/u1.db does not exist; run postmap hash:$DIR/u1 [PL811]",
		"main.cf:13:18: error: canonical_maps: hash:$DIR/canon is not compiled: $DIR/canon.db does not exist; run postmap hash:$DIR/canon [PL811]",
		"master.cf:2:52: error: smtpd_sender_restrictions: hash:$DIR/sender_access is not compiled: $DIR/sender_access.db does not exist; run postmap hash:$DIR/sender_access [PL811]",
	)
}

func TestMapRelative(t *testing.T) {
	e := newEnv(t)
	touch(t, e.dir, "transport", -time.Hour)
	e.expect(e.run(`transport_maps = hash:transport
`, ""),
		"main.cf:1:18: error: transport_maps: hash:transport is not compiled: $DIR/transport.db does not exist; run postmap hash:transport [PL811]",
		"main.cf:1:18: warning: transport_maps: transport is a relative path: Postfix daemons resolve it against queue_directory (usually /var/spool/postfix), not the configuration directory; postlint checked $DIR/transport; use an absolute path [PL813]",
	)
}

// Rules can be turned off.
func TestEnabled(t *testing.T) {
	e := newEnv(t)
	e.opt.Enabled = func(id string) bool { return id != MapNotCompiled }
	touch(t, e.dir, "transport", -time.Hour)
	e.expect(e.run("transport_maps = hash:$DIR/transport\nsmtpd_tls_cert_file = $DIR/none.pem\n", ""),
		"main.cf:2:23: error: smtpd_tls_cert_file: $DIR/none.pem does not exist [PL801]",
	)
}
