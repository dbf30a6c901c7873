package hostcheck

import "testing"

func TestChainFiles(t *testing.T) {
	e := newEnv(t)
	p := newPKI(t)
	e.opt.Roots = p.roots()
	rsaLeaf := newCert(t, certOpts{cn: "rsa.example.com", key: rsaKey(t)}, p.inter)
	write(t, e.dir, "ec.pem", 0o600, keyPEM(t, p.leaf.key), certPEM(p.leaf, p.inter))
	write(t, e.dir, "rsa-key.pem", 0o600, keyPEM(t, rsaLeaf.key))
	write(t, e.dir, "rsa-chain.pem", 0o644, certPEM(rsaLeaf, p.inter))
	// Two (key, cert, chain) sequences, the second over two files.
	e.expect(e.run(`smtpd_tls_chain_files = $DIR/ec.pem, $DIR/rsa-key.pem $DIR/rsa-chain.pem
# ignored: chain_files overrides the legacy parameters
smtpd_tls_cert_file = $DIR/missing.pem
`, ""))

	write(t, e.dir, "cert-first.pem", 0o600, certPEM(p.leaf), keyPEM(t, p.leaf.key))
	write(t, e.dir, "two-keys.pem", 0o600, keyPEM(t, p.leaf.key), keyPEM(t, rsaLeaf.key), certPEM(rsaLeaf))
	write(t, e.dir, "key-last.pem", 0o600, keyPEM(t, p.leaf.key), certPEM(p.leaf, p.inter), keyPEM(t, rsaLeaf.key))
	write(t, e.dir, "mismatch.pem", 0o600, keyPEM(t, rsaLeaf.key), certPEM(p.leaf, p.inter))
	write(t, e.dir, "unordered.pem", 0o640, keyPEM(t, p.leaf.key), certPEM(p.leaf, p.root, p.inter))
	write(t, e.dir, "certs.pem", 0o644, certPEM(p.leaf, p.inter))
	e.expect(e.run(`smtpd_tls_chain_files = $DIR/cert-first.pem
smtp_tls_chain_files = $DIR/two-keys.pem
lmtp_tls_chain_files = $DIR/key-last.pem
tlsproxy_tls_chain_files = $DIR/mismatch.pem
tlsproxy_client_chain_files = $DIR/unordered.pem, $DIR/certs.pem, $DIR/missing.pem
`, ""),
		`main.cf:1:25: error: smtpd_tls_chain_files: $DIR/cert-first.pem starts with a certificate (PEM object 1), but each private key must come before its certificate (Postfix: "key not first") [PL802]`,
		"main.cf:2:24: error: smtp_tls_chain_files: the private key (PEM object 1 of $DIR/two-keys.pem) is not followed by a certificate [PL802]",
		"main.cf:3:24: error: lmtp_tls_chain_files: the private key (PEM object 4 of $DIR/key-last.pem) is not followed by a certificate [PL802]",
		"main.cf:4:28: error: tlsproxy_tls_chain_files: the private key (PEM object 1 of $DIR/mismatch.pem) does not match certificate 1 of $DIR/mismatch.pem (CN=mx.example.com), the certificate after it [PL805]",
		"main.cf:5:67: error: tlsproxy_client_chain_files: $DIR/missing.pem does not exist [PL801]",
	)
	e.expect(e.run(`tlsproxy_client_chain_files = $DIR/unordered.pem`, ""),
		"main.cf:1:31: warning: tlsproxy_client_chain_files: the certificates in $DIR/unordered.pem are not in issuing order (each must be followed by its issuer): found CN=mx.example.com, CN=Test Root, CN=Test Intermediate; want CN=mx.example.com, CN=Test Intermediate, CN=Test Root [PL808]",
	)
}

// Before Postfix 3.4 there is no chain_files parameter: the legacy ones
// are in effect.
func TestChainFilesVersion(t *testing.T) {
	e := newEnv(t)
	e.ver = "3.3.0"
	e.expect(e.run(`smtpd_tls_chain_files = $DIR/chain.pem
smtpd_tls_cert_file = $DIR/cert.pem
`, ""),
		"main.cf:2:23: error: smtpd_tls_cert_file: $DIR/cert.pem does not exist [PL801]",
	)
}

func TestMasterOverrides(t *testing.T) {
	e := newEnv(t)
	p := newPKI(t)
	e.opt.Roots = p.roots()
	other := newCert(t, certOpts{cn: "submit.example.com"}, p.inter)
	write(t, e.dir, "cert.pem", 0o644, certPEM(p.leaf, p.inter))
	write(t, e.dir, "key.pem", 0o600, keyPEM(t, p.leaf.key))
	write(t, e.dir, "submit.pem", 0o644, certPEM(other, p.inter))
	e.expect(e.run(`smtpd_tls_cert_file = $DIR/cert.pem
smtpd_tls_key_file = $DIR/key.pem
`, `smtp      inet  n       -       y       -       -       smtpd
submission inet n       -       y       -       -       smtpd
  -o smtpd_tls_cert_file=$DIR/submit.pem
smtps     inet  n       -       y       -       -       smtpd
  -o smtpd_tls_wrappermode=yes
  -o smtpd_tls_key_file=$DIR/missing-key.pem
relay     unix  -       -       n       -       -       smtp
  -o smtp_tls_CAfile=$DIR/ca.pem
`),
		// submission: its own certificate with main.cf's key.
		"master.cf:3:26: error: smtpd_tls_cert_file: the private key in $DIR/key.pem does not match certificate 1 of $DIR/submit.pem (CN=submit.example.com) [PL805]",
		"master.cf:6:25: error: smtpd_tls_key_file: $DIR/missing-key.pem does not exist [PL801]",
		"master.cf:8:22: error: smtp_tls_CAfile: $DIR/ca.pem does not exist [PL801]",
	)
}
