package hostcheck

import (
	"testing"
	"time"
)

func TestGoodFiles(t *testing.T) {
	e := newEnv(t)
	p := newPKI(t)
	e.opt.Roots = p.roots()
	write(t, e.dir, "fullchain.pem", 0o644, certPEM(p.leaf, p.inter))
	write(t, e.dir, "key.pem", 0o600, keyPEM(t, p.leaf.key))
	write(t, e.dir, "combined.pem", 0o600, keyPEM(t, p.leaf.key), certPEM(p.leaf, p.inter, p.root))
	write(t, e.dir, "ca.pem", 0o644, certPEM(p.root))
	e.expect(e.run(`smtpd_tls_cert_file = $DIR/fullchain.pem
smtpd_tls_key_file = $DIR/key.pem
smtp_tls_cert_file = $DIR/combined.pem
smtp_tls_CAfile = $DIR/ca.pem
smtp_tls_CApath = $DIR
`, ""))
}

func TestMissingFiles(t *testing.T) {
	e := newEnv(t)
	e.expect(e.run(`smtpd_tls_cert_file = $DIR/cert.pem
smtpd_tls_key_file = $DIR/key.pem
smtpd_tls_CAfile = $DIR/ca.pem
smtpd_tls_CApath = $DIR/certs
smtp_tls_cert_file = $DIR
`, ""),
		"main.cf:1:23: error: smtpd_tls_cert_file: $DIR/cert.pem does not exist [PL801]",
		"main.cf:2:22: error: smtpd_tls_key_file: $DIR/key.pem does not exist [PL801]",
		"main.cf:3:20: error: smtpd_tls_CAfile: $DIR/ca.pem does not exist [PL801]",
		"main.cf:4:20: error: smtpd_tls_CApath: $DIR/certs does not exist [PL801]",
		"main.cf:5:22: error: smtp_tls_cert_file: $DIR is a directory, not a file [PL801]",
	)
}

func TestExpiry(t *testing.T) {
	e := newEnv(t)
	expired := newCert(t, certOpts{cn: "old.example.com", notBefore: now.AddDate(-1, 0, 0), notAfter: now.Add(-12 * 24 * time.Hour)}, nil)
	soon := newCert(t, certOpts{cn: "soon.example.com", notAfter: now.Add(10*24*time.Hour + time.Hour)}, nil)
	future := newCert(t, certOpts{cn: "new.example.com", notBefore: now.Add(36 * time.Hour)}, nil)
	write(t, e.dir, "old.pem", 0o600, keyPEM(t, expired.key), certPEM(expired))
	write(t, e.dir, "soon.pem", 0o600, keyPEM(t, soon.key), certPEM(soon))
	write(t, e.dir, "new.pem", 0o600, keyPEM(t, future.key), certPEM(future))
	e.expect(e.run(`smtpd_tls_cert_file = $DIR/old.pem
smtpd_tls_eccert_file = $DIR/soon.pem
smtp_tls_cert_file = $DIR/new.pem
`, ""),
		"main.cf:1:23: error: smtpd_tls_cert_file: the certificate in $DIR/old.pem (CN=old.example.com) expired on 2025-05-20 (12 days ago) [PL806]",
		"main.cf:2:25: warning: smtpd_tls_eccert_file: the certificate in $DIR/soon.pem (CN=soon.example.com) expires on 2025-06-11 (in 10 days) [PL807]",
		"main.cf:3:22: error: smtp_tls_cert_file: the certificate in $DIR/new.pem (CN=new.example.com) is not valid before 2025-06-03 (in 1 day) [PL806]",
	)
}

func TestKeyMismatch(t *testing.T) {
	e := newEnv(t)
	p := newPKI(t)
	e.opt.Roots = p.roots()
	ed := newCert(t, certOpts{cn: "ed.example.com", key: edKey(t)}, p.inter)
	write(t, e.dir, "cert.pem", 0o644, certPEM(p.leaf, p.inter))
	write(t, e.dir, "other-key.pem", 0o600, keyPEM(t, ecKey(t)))
	write(t, e.dir, "ed.pem", 0o644, certPEM(ed, p.inter))
	write(t, e.dir, "ed-key.pem", 0o600, keyPEM(t, ed.key))
	// The intermediate first: the key matches the second certificate.
	write(t, e.dir, "swapped.pem", 0o644, certPEM(p.inter, p.leaf))
	write(t, e.dir, "key.pem", 0o600, keyPEM(t, p.leaf.key))
	e.expect(e.run(`smtpd_tls_cert_file = $DIR/cert.pem
smtpd_tls_key_file = $DIR/other-key.pem
smtp_tls_cert_file = $DIR/ed.pem
smtp_tls_key_file = $DIR/ed-key.pem
lmtp_tls_cert_file = $DIR/swapped.pem
lmtp_tls_key_file = $DIR/key.pem
`, ""),
		"main.cf:1:23: error: smtpd_tls_cert_file: the private key in $DIR/other-key.pem does not match certificate 1 of $DIR/cert.pem (CN=mx.example.com) [PL805]",
		"main.cf:5:22: error: lmtp_tls_cert_file: the private key in $DIR/key.pem does not match certificate 1 of $DIR/swapped.pem (CN=Test Intermediate); it matches certificate 2 of $DIR/swapped.pem (CN=mx.example.com): the file must start with the certificate of the key [PL805]",
	)
}
