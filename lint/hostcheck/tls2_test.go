package hostcheck

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"testing"
)

func TestEncryptedKeys(t *testing.T) {
	e := newEnv(t)
	p := newPKI(t)
	e.opt.Roots = p.roots()
	rsaLeaf := newCert(t, certOpts{cn: "rsa.example.com", key: rsaKey(t)}, p.inter)
	//nolint:staticcheck // SA1019: legacy PEM encryption is what PL803 detects
	block, err := x509.EncryptPEMBlock(rand.Reader, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rsaLeaf.key.(*rsa.PrivateKey)), []byte("secret"), x509.PEMCipherAES256)
	if err != nil {
		t.Fatal(err)
	}
	write(t, e.dir, "rsa.pem", 0o644, certPEM(rsaLeaf, p.inter))
	write(t, e.dir, "rsa-key.pem", 0o600, pem.EncodeToMemory(block))
	write(t, e.dir, "ec.pem", 0o644, certPEM(p.leaf, p.inter))
	write(t, e.dir, "ec-key.pem", 0o600, pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: []byte{0x30, 0}}))
	e.expect(e.run(`smtpd_tls_cert_file = $DIR/rsa.pem
smtpd_tls_key_file = $DIR/rsa-key.pem
smtpd_tls_eccert_file = $DIR/ec.pem
smtpd_tls_eckey_file = $DIR/ec-key.pem
`, ""),
		"main.cf:2:22: error: smtpd_tls_key_file: the private key (PEM object 1) in $DIR/rsa-key.pem is encrypted with a passphrase (Proc-Type: 4,ENCRYPTED), which Postfix cannot ask for [PL803]",
		"main.cf:4:24: error: smtpd_tls_eckey_file: the private key (PEM object 1) in $DIR/ec-key.pem is encrypted with a passphrase (ENCRYPTED PRIVATE KEY), which Postfix cannot ask for [PL803]",
	)
}

func TestKeyPermissions(t *testing.T) {
	e := newEnv(t)
	p := newPKI(t)
	e.opt.Roots = p.roots()
	write(t, e.dir, "cert.pem", 0o644, certPEM(p.leaf, p.inter))
	write(t, e.dir, "key-0644.pem", 0o644, keyPEM(t, p.leaf.key))
	write(t, e.dir, "key-0640.pem", 0o640, keyPEM(t, p.leaf.key))
	write(t, e.dir, "key-user.pem", 0o600, keyPEM(t, p.leaf.key))
	write(t, e.dir, "combined.pem", 0o604, keyPEM(t, p.leaf.key), certPEM(p.leaf, p.inter))
	write(t, e.dir, "key-0400.pem", 0o400, keyPEM(t, p.leaf.key))
	e.uids["key-user.pem"] = 1000
	e.uids["cert.pem"] = 1000 // certificates may belong to anyone
	e.expect(e.run(`smtpd_tls_cert_file = $DIR/cert.pem
smtpd_tls_key_file = $DIR/key-0644.pem
smtp_tls_cert_file = $DIR/cert.pem
smtp_tls_key_file = $DIR/key-0640.pem
lmtp_tls_cert_file = $DIR/cert.pem
lmtp_tls_key_file = $DIR/key-user.pem
tlsproxy_tls_cert_file = $DIR/combined.pem
tlsproxy_tls_key_file = $DIR/combined.pem
tlsproxy_client_cert_file = $DIR/cert.pem
tlsproxy_client_key_file = $DIR/key-0400.pem
`, ""),
		"main.cf:2:22: warning: smtpd_tls_key_file: private key file $DIR/key-0644.pem has mode 0644 (other users have access): only root should have access to it [PL804]",
		"main.cf:6:21: warning: lmtp_tls_key_file: private key file $DIR/key-user.pem is owned by uid 1000, not root: only root should have access to it [PL804]",
		"main.cf:7:26: warning: tlsproxy_tls_cert_file: private key file $DIR/combined.pem has mode 0604 (other users have access): only root should have access to it [PL804]",
	)
}

func TestChainOrder(t *testing.T) {
	e := newEnv(t)
	p := newPKI(t)
	e.opt.Roots = p.roots()
	write(t, e.dir, "key.pem", 0o600, keyPEM(t, p.leaf.key))
	write(t, e.dir, "unordered.pem", 0o644, certPEM(p.leaf, p.root, p.inter))
	write(t, e.dir, "leaf-only.pem", 0o644, certPEM(p.leaf))
	write(t, e.dir, "leaf-root.pem", 0o644, certPEM(p.leaf, p.root))
	e.expect(e.run(`smtpd_tls_cert_file = $DIR/unordered.pem
smtpd_tls_key_file = $DIR/key.pem
smtp_tls_cert_file = $DIR/leaf-only.pem
smtp_tls_key_file = $DIR/key.pem
lmtp_tls_cert_file = $DIR/leaf-root.pem
lmtp_tls_key_file = $DIR/key.pem
`, ""),
		"main.cf:1:23: warning: smtpd_tls_cert_file: the certificates in $DIR/unordered.pem are not in issuing order (each must be followed by its issuer): found CN=mx.example.com, CN=Test Root, CN=Test Intermediate; want CN=mx.example.com, CN=Test Intermediate, CN=Test Root [PL808]",
		"main.cf:3:22: warning: smtp_tls_cert_file: the chain in $DIR/leaf-only.pem ends with CN=mx.example.com, whose issuer CN=Test Intermediate is not in the file, in smtp_tls_CAfile or among the system's trusted roots: add the intermediate certificate after it [PL809]",
		"main.cf:5:22: warning: lmtp_tls_cert_file: the chain in $DIR/leaf-root.pem ends with CN=mx.example.com, whose issuer CN=Test Intermediate is not in the file, in lmtp_tls_CAfile or among the system's trusted roots: add the intermediate certificate after it [PL809]",
	)
}

// A leaf issued by a CA that the CAfile or the system trusts, and a
// self-signed certificate, need no chain.
func TestChainTrusted(t *testing.T) {
	e := newEnv(t)
	p := newPKI(t)
	direct := newCert(t, certOpts{cn: "direct.example.com"}, p.root)
	self := newCert(t, certOpts{cn: "self.example.com"}, nil)
	write(t, e.dir, "direct.pem", 0o600, keyPEM(t, direct.key), certPEM(direct))
	write(t, e.dir, "leaf.pem", 0o600, keyPEM(t, p.leaf.key), certPEM(p.leaf))
	write(t, e.dir, "self.pem", 0o600, keyPEM(t, self.key), certPEM(self))
	write(t, e.dir, "ca.pem", 0o644, certPEM(p.inter))
	e.opt.Roots = p.roots()
	e.expect(e.run(`smtpd_tls_cert_file = $DIR/direct.pem
smtp_tls_cert_file = $DIR/leaf.pem
smtp_tls_CAfile = $DIR/ca.pem
lmtp_tls_cert_file = $DIR/self.pem
`, ""))
}

// TestKeyGroupWritable: group read access is Debian's ssl-cert convention
// and fine; group write access is not.
func TestKeyGroupWritable(t *testing.T) {
	e := newEnv(t)
	p := newPKI(t)
	e.opt.Roots = p.roots()
	write(t, e.dir, "cert.pem", 0o644, certPEM(p.leaf, p.inter))
	write(t, e.dir, "key-0660.pem", 0o660, keyPEM(t, p.leaf.key))
	write(t, e.dir, "key-0640.pem", 0o640, keyPEM(t, p.leaf.key))
	e.expect(e.run(`smtpd_tls_cert_file = $DIR/cert.pem
smtpd_tls_key_file = $DIR/key-0660.pem
smtp_tls_cert_file = $DIR/cert.pem
smtp_tls_key_file = $DIR/key-0640.pem
`, ""),
		"main.cf:2:22: warning: smtpd_tls_key_file: private key file $DIR/key-0660.pem has mode 0660 (group can write): only root should have access to it [PL804]",
	)
}
