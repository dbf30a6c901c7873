package hostcheck

import (
	"bytes"
	"crypto/rand"
	"encoding/pem"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/postlint/postlint/internal/safefile"
)

func TestNotPEM(t *testing.T) {
	e := newEnv(t)
	p := newPKI(t)
	e.opt.Roots = p.roots()
	write(t, e.dir, "cert.der", 0o644, p.leaf.der)
	write(t, e.dir, "empty.pem", 0o644)
	write(t, e.dir, "huge.pem", 0o644, bytes.Repeat([]byte("A"), maxPEM+1))
	write(t, e.dir, "cert.pem", 0o644, certPEM(p.leaf, p.inter))
	write(t, e.dir, "key.pem", 0o600, keyPEM(t, p.leaf.key))
	broken := append(certPEM(p.leaf), []byte("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n")...)
	write(t, e.dir, "broken.pem", 0o644, broken, certPEM(p.inter))
	garbage := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte("not DER")})
	write(t, e.dir, "garbage.pem", 0o644, certPEM(p.leaf), garbage)
	badKey := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: []byte{0x30, 0x03, 0x02, 0x01, 0x01}})
	write(t, e.dir, "bad-key.pem", 0o600, badKey)
	e.expect(e.run(`smtpd_tls_cert_file = $DIR/cert.der
smtpd_tls_key_file = $DIR/key.pem
smtp_tls_cert_file = $DIR/empty.pem
smtp_tls_key_file = $DIR/huge.pem
lmtp_tls_cert_file = $DIR/cert.pem
lmtp_tls_eccert_file = $DIR/broken.pem
lmtp_tls_eckey_file = $DIR/key.pem
tlsproxy_tls_cert_file = $DIR/key.pem
tlsproxy_tls_key_file = $DIR/cert.pem
tlsproxy_client_cert_file = $DIR/garbage.pem
tlsproxy_client_key_file = $DIR/bad-key.pem
`, ""),
		"main.cf:1:23: error: smtpd_tls_cert_file: $DIR/cert.der holds no PEM data (it looks like binary DER; Postfix reads PEM only) [PL802]",
		"main.cf:3:22: error: smtp_tls_cert_file: $DIR/empty.pem holds no PEM data [PL802]",
		"main.cf:4:21: error: smtp_tls_key_file: $DIR/huge.pem is larger than 1 MiB: not a PEM certificate or key file [PL802]",
		"main.cf:5:22: error: lmtp_tls_cert_file: $DIR/cert.pem holds no PEM private key (the key parameter is not set, so Postfix reads the key from the certificate file) [PL802]",
		"main.cf:6:24: error: lmtp_tls_eccert_file: $DIR/broken.pem has 1 PEM block that cannot be decoded [PL802]",
		"main.cf:8:26: error: tlsproxy_tls_cert_file: $DIR/key.pem holds no PEM certificate [PL802]",
		"main.cf:9:25: error: tlsproxy_tls_key_file: $DIR/cert.pem holds no PEM private key [PL802]",
		"main.cf:10:29: error: tlsproxy_client_cert_file: certificate 2 (PEM object 2) of $DIR/garbage.pem cannot be parsed: x509: malformed certificate [PL802]",
		"main.cf:11:28: error: tlsproxy_client_key_file: the private key (PEM object 1) in $DIR/bad-key.pem cannot be parsed: x509: failed to parse EC private key: asn1: syntax error: sequence truncated [PL802]",
	)
}

// Random and binary content never makes the check fail.
func TestBinaryContent(t *testing.T) {
	e := newEnv(t)
	for i := range 20 {
		b := make([]byte, 1+i*97)
		rand.Read(b)
		if i%2 == 0 {
			b = append([]byte("-----BEGIN CERTIFICATE-----\n"), b...)
		}
		write(t, e.dir, "x.pem", 0o600, b)
		for _, f := range e.run("smtpd_tls_cert_file = $DIR/x.pem\nsmtpd_tls_chain_files = $DIR/x.pem\n", "") {
			if !strings.Contains(f, "[PL802]") {
				t.Errorf("unexpected finding %s", f)
			}
		}
	}
}

func TestUnreadable(t *testing.T) {
	e := newEnv(t)
	p := newPKI(t)
	e.opt.Roots = p.roots()
	write(t, e.dir, "cert.pem", 0o644, certPEM(p.leaf, p.inter))
	write(t, e.dir, "key.pem", 0o600, keyPEM(t, p.leaf.key))
	write(t, e.dir, "ca.pem", 0o600, certPEM(p.root))
	// Root reads every file, so permission errors are simulated.
	e.opt.read = func(path string, n int64) ([]byte, fs.FileInfo, error) {
		if strings.HasSuffix(path, "key.pem") || strings.HasSuffix(path, "ca.pem") {
			return nil, nil, &fs.PathError{Op: "open", Path: path, Err: fs.ErrPermission}
		}
		return safefile.ReadAtMost(path, n)
	}
	const mainCF = `smtpd_tls_cert_file = $DIR/cert.pem
smtpd_tls_key_file = $DIR/key.pem
smtpd_tls_CAfile = $DIR/ca.pem
`
	e.expect(e.run(mainCF, ""),
		"main.cf:2:22: error: smtpd_tls_key_file: $DIR/key.pem cannot be read: permission denied [PL801]",
		"main.cf:3:20: error: smtpd_tls_CAfile: $DIR/ca.pem cannot be read: permission denied [PL801]",
	)
	e.opt.Euid = func() int { return 1000 }
	e.expect(e.run(mainCF, ""),
		"main.cf:2:22: info: smtpd_tls_key_file: postlint (uid 1000) may not read $DIR/key.pem, so its contents were not checked; Postfix reads it as root: run postlint as root [PL814]",
		"main.cf:3:20: info: smtpd_tls_CAfile: postlint (uid 1000) may not read $DIR/ca.pem, so its contents were not checked; Postfix reads it as root: run postlint as root [PL814]",
	)
}

func TestCA(t *testing.T) {
	e := newEnv(t)
	p := newPKI(t)
	write(t, e.dir, "empty.pem", 0o644)
	write(t, e.dir, "key-only.pem", 0o600, keyPEM(t, p.leaf.key))
	write(t, e.dir, "ca.pem", 0o644, certPEM(p.root))
	e.expect(e.run(`smtp_tls_CAfile = $DIR/empty.pem
smtp_tls_CApath = $DIR/ca.pem
smtpd_tls_CAfile = $DIR/key-only.pem
smtpd_tls_CApath = $DIR
lmtp_tls_CAfile = $DIR/ca.pem
`, ""),
		"main.cf:1:19: error: smtp_tls_CAfile: $DIR/empty.pem holds no PEM certificate [PL810]",
		"main.cf:2:19: error: smtp_tls_CApath: $DIR/ca.pem is not a directory [PL810]",
		"main.cf:3:20: error: smtpd_tls_CAfile: $DIR/key-only.pem holds no PEM certificate [PL810]",
	)
}

func TestRelativePaths(t *testing.T) {
	e := newEnv(t)
	p := newPKI(t)
	e.opt.Roots = p.roots()
	write(t, e.dir, "cert.pem", 0o644, certPEM(p.leaf, p.inter))
	write(t, e.dir, "key.pem", 0o600, keyPEM(t, p.leaf.key))
	e.expect(e.run(`queue_directory = /var/spool/postfix
smtpd_tls_cert_file = cert.pem
smtpd_tls_key_file = key.pem
smtp_tls_cert_file = missing.pem
`, ""),
		"main.cf:2:23: warning: smtpd_tls_cert_file: cert.pem is a relative path: Postfix daemons resolve it against queue_directory (/var/spool/postfix), not the configuration directory; postlint checked $DIR/cert.pem; use an absolute path [PL813]",
		"main.cf:3:22: warning: smtpd_tls_key_file: key.pem is a relative path: Postfix daemons resolve it against queue_directory (/var/spool/postfix), not the configuration directory; postlint checked $DIR/key.pem; use an absolute path [PL813]",
		"main.cf:4:22: error: smtp_tls_cert_file: $DIR/missing.pem does not exist [PL801]",
		"main.cf:4:22: warning: smtp_tls_cert_file: missing.pem is a relative path: Postfix daemons resolve it against queue_directory (/var/spool/postfix), not the configuration directory; postlint checked $DIR/missing.pem; use an absolute path [PL813]",
	)
}

// $config_directory is the directory being checked; other directories
// whose defaults only "postconf -d" knows make the path unknown, and the
// file is not checked.
func TestHostDirectories(t *testing.T) {
	e := newEnv(t)
	touch(t, e.dir, "transport", -time.Hour)
	e.expect(e.run(`smtpd_tls_cert_file = $config_directory/cert.pem
smtp_tls_cert_file = ${data_directory}/cert.pem
smtp_tls_CAfile = $meta_directory/ca.pem
transport_maps = hash:${config_directory}/transport
sender_canonical_maps = hash:$queue_directory/canonical
`, ""),
		"main.cf:1:23: error: smtpd_tls_cert_file: $DIR/cert.pem does not exist [PL801]",
		"main.cf:4:18: error: transport_maps: hash:$DIR/transport is not compiled: $DIR/transport.db does not exist; run postmap hash:$DIR/transport [PL811]",
	)
	// Set in main.cf, they are used.
	e.expect(e.run(`data_directory = $DIR/data
smtp_tls_cert_file = ${data_directory}/cert.pem
`, ""),
		"main.cf:2:22: error: smtp_tls_cert_file: $DIR/data/cert.pem does not exist [PL801]",
	)
}
