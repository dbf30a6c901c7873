package hostcheck

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/postlint/postlint/internal/safefile"
)

// maxPEM bounds the certificate and key files postlint reads; real ones
// are a few kilobytes.
const maxPEM = 1 << 20

// objKind is what a PEM object holds.
type objKind int

const (
	objOther objKind = iota
	objCert
	objKey
)

// pemObject is one PEM block of a file.
type pemObject struct {
	file *pemFile
	n    int // 1-based PEM object number in the file, as Postfix counts
	// index is the 1-based number of a certificate among the file's
	// certificates.
	index int
	typ   string // the PEM type, such as "CERTIFICATE"
	kind  objKind

	cert *x509.Certificate // objCert, when it parses

	// For objKey: the public half of the key when it parses, whether
	// it is encrypted, or whether Go cannot read its algorithm.
	pub         crypto.PublicKey
	encrypted   bool
	unsupported bool

	err error // the certificate or key does not parse
}

// pemFile is a certificate or key file as read from disk.
type pemFile struct {
	path string
	fi   fs.FileInfo // nil when stat failed
	// access is why the file cannot be read ("" when it can);
	// denied marks "permission denied".
	access string
	denied bool
	// tooBig, notPEM and der describe content that is not PEM; broken
	// counts PEM blocks that do not decode.
	tooBig, notPEM, der bool
	broken              int
	objs                []*pemObject
}

// readable reports whether the contents were read.
func (f *pemFile) readable() bool { return f.access == "" }

// certs returns the certificate objects in file order.
func (f *pemFile) certs() []*pemObject { return f.kind(objCert) }

// keys returns the private key objects in file order.
func (f *pemFile) keys() []*pemObject { return f.kind(objKey) }

func (f *pemFile) kind(k objKind) []*pemObject {
	var out []*pemObject
	for _, o := range f.objs {
		if o.kind == k {
			out = append(out, o)
		}
	}
	return out
}

// loadPEM reads and parses a certificate or key file once per check.
func (c *checker) loadPEM(path string) *pemFile {
	if f, ok := c.files[path]; ok {
		return f
	}
	f := &pemFile{path: path}
	c.files[path] = f
	data, fi, access, denied := c.read(path, maxPEM)
	f.fi, f.access, f.denied = fi, access, denied
	if access != "" {
		return f
	}
	if len(data) > maxPEM {
		f.tooBig = true
		return f
	}
	f.parse(data)
	return f
}

// read reads at most limit+1 bytes of a regular file, without blocking
// (see safefile). access describes why it cannot be read, for a message
// "PATH " + access.
func (c *checker) read(path string, limit int64) (data []byte, fi fs.FileInfo, access string, denied bool) {
	fi, err := c.opt.stat(path)
	if err != nil {
		access, denied = describeErr(err)
		return nil, nil, access, denied
	}
	if fi.IsDir() {
		return nil, fi, "is a directory, not a file", false
	}
	if !fi.Mode().IsRegular() {
		return nil, fi, fmt.Sprintf("is not a regular file (%s)", fi.Mode().Type()), false
	}
	data, _, err = c.opt.read(path, limit+1)
	if err != nil {
		access, denied = describeErr(err)
		return nil, fi, access, denied
	}
	return data, fi, "", false
}

// describeErr turns a file system error into the end of a message.
func describeErr(err error) (string, bool) {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "does not exist", false
	case errors.Is(err, fs.ErrPermission):
		return "cannot be read: permission denied", true
	}
	var pe *fs.PathError
	var se *safefile.Error
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &se):
		err = se.Err
	}
	return "cannot be read: " + err.Error(), false
}

// parse splits data into PEM objects and parses certificates and keys.
func (f *pemFile) parse(data []byte) {
	begins := bytes.Count(data, []byte("-----BEGIN "))
	rest, certs := data, 0
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		o := &pemObject{file: f, n: len(f.objs) + 1, typ: b.Type}
		o.parse(b)
		if o.kind == objCert {
			certs++
			o.index = certs
		}
		f.objs = append(f.objs, o)
	}
	f.broken = max(begins-len(f.objs), 0)
	if len(f.objs) == 0 && f.broken == 0 {
		f.notPEM = true
		f.der = len(data) > 0 && data[0] == 0x30 // an ASN.1 SEQUENCE
	}
}

// parse reads one PEM block, as OpenSSL's PEM reader in Postfix would
// take it.
func (o *pemObject) parse(b *pem.Block) {
	switch b.Type {
	case "CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE":
		o.kind = objCert
		der := b.Bytes
		if b.Type == "TRUSTED CERTIFICATE" {
			// OpenSSL appends trust settings after the certificate.
			var raw asn1.RawValue
			if _, err := asn1.Unmarshal(der, &raw); err == nil {
				der = raw.FullBytes
			}
		}
		o.cert, o.err = x509.ParseCertificate(der)
	case "ENCRYPTED PRIVATE KEY":
		o.kind, o.encrypted = objKey, true
	case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY":
		o.kind = objKey
		if strings.Contains(b.Headers["Proc-Type"], "ENCRYPTED") {
			o.encrypted = true
			return
		}
		o.pub, o.unsupported, o.err = parseKey(b.Type, b.Bytes)
	}
}

// parseKey returns the public half of a private key. Keys of algorithms
// Go does not read (DSA, Ed448, X25519, unusual curves) are unsupported,
// not errors: OpenSSL may well read them.
func parseKey(typ string, der []byte) (crypto.PublicKey, bool, error) {
	var (
		key any
		err error
	)
	switch typ {
	case "DSA PRIVATE KEY":
		return nil, true, nil
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(der)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(der)
	default:
		key, err = x509.ParsePKCS8PrivateKey(der)
	}
	if err != nil {
		if msg := err.Error(); strings.Contains(msg, "unknown") || strings.Contains(msg, "unsupported") {
			return nil, true, nil
		}
		return nil, false, err
	}
	s, ok := key.(crypto.Signer)
	if !ok {
		return nil, true, nil
	}
	return s.Public(), false, nil
}

// samePublicKey reports whether two public keys are equal; false when
// either cannot be compared.
func samePublicKey(a, b crypto.PublicKey) bool {
	k, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	return ok && b != nil && k.Equal(b)
}
