package hostcheck

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// now is the time every test checks at.
var now = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// cert is a generated certificate with its key.
type cert struct {
	x509 *x509.Certificate
	der  []byte
	key  crypto.Signer
}

// certOpts describe a certificate to generate.
type certOpts struct {
	cn        string
	ca        bool
	notBefore time.Time // zero: a year before now
	notAfter  time.Time // zero: a year after now
	key       crypto.Signer
}

var serial int64

// newCert makes a certificate signed by parent, or self-signed when
// parent is nil.
func newCert(t *testing.T, o certOpts, parent *cert) *cert {
	t.Helper()
	if o.notBefore.IsZero() {
		o.notBefore = now.AddDate(-1, 0, 0)
	}
	if o.notAfter.IsZero() {
		o.notAfter = now.AddDate(1, 0, 0)
	}
	key := o.key
	if key == nil {
		key = ecKey(t)
	}
	serial++
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(serial),
		Subject:               pkix.Name{CommonName: o.cn, Organization: []string{"Example"}},
		NotBefore:             o.notBefore,
		NotAfter:              o.notAfter,
		BasicConstraintsValid: true,
		IsCA:                  o.ca,
		KeyUsage:              x509.KeyUsageDigitalSignature,
	}
	if o.ca {
		tmpl.KeyUsage |= x509.KeyUsageCertSign
	} else {
		tmpl.DNSNames = []string{o.cn}
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	}
	signer, issuer := key, tmpl
	if parent != nil {
		signer, issuer = parent.key, parent.x509
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, issuer, key.Public(), signer)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &cert{x509: c, der: der, key: key}
}

func ecKey(t *testing.T) crypto.Signer {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func rsaKey(t *testing.T) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func edKey(t *testing.T) crypto.Signer {
	t.Helper()
	_, k, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// pki is a root, an intermediate and a leaf it issued.
type pki struct {
	root, inter, leaf *cert
}

func newPKI(t *testing.T) *pki {
	t.Helper()
	root := newCert(t, certOpts{cn: "Test Root", ca: true, notAfter: now.AddDate(10, 0, 0)}, nil)
	inter := newCert(t, certOpts{cn: "Test Intermediate", ca: true, notAfter: now.AddDate(5, 0, 0)}, root)
	leaf := newCert(t, certOpts{cn: "mx.example.com"}, inter)
	return &pki{root: root, inter: inter, leaf: leaf}
}

// roots returns a pool with the root, standing in for the system's.
func (p *pki) roots() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(p.root.x509)
	return pool
}

// certPEM encodes certificates.
func certPEM(certs ...*cert) []byte {
	var out []byte
	for _, c := range certs {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.der})...)
	}
	return out
}

// keyPEM encodes a key as PKCS#8 "PRIVATE KEY".
func keyPEM(t *testing.T, k crypto.Signer) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

// write creates dir/name with the data and mode, and returns the path.
func write(t *testing.T, dir, name string, mode os.FileMode, data ...[]byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	var all []byte
	for _, d := range data {
		all = append(all, d...)
	}
	if err := os.WriteFile(path, all, mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil { // umask
		t.Fatal(err)
	}
	return path
}
