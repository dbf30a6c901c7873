package hostcheck

import (
	"crypto/x509"
	"encoding/pem"
	"io/fs"
)

// maxCAFile bounds the CA files postlint reads; system bundles are a few
// hundred kilobytes. Only the first maxCAFile bytes of a larger file are
// looked at.
const maxCAFile = 8 << 20

// caFile is a *_tls_CAfile as read from disk.
type caFile struct {
	fi     fs.FileInfo
	access string // why it cannot be read; "" when it can
	denied bool
	count  int            // certificate PEM blocks
	pool   *x509.CertPool // the certificates Go can parse
}

// loadCA reads a CA file once per check.
func (c *checker) loadCA(path string) *caFile {
	if f, ok := c.cas[path]; ok {
		return f
	}
	f := &caFile{pool: x509.NewCertPool()}
	c.cas[path] = f
	data, fi, access, denied := c.read(path, maxCAFile)
	f.fi, f.access, f.denied = fi, access, denied
	for rest := data; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		o := &pemObject{}
		o.parse(b)
		if o.kind != objCert {
			continue
		}
		f.count++
		if o.cert != nil {
			f.pool.AddCert(o.cert)
		}
	}
	return f
}

// caPool returns the CA certificates of the view's CAfile of a prefix,
// or nil.
func (c *checker) caPool(v view, prefix string) *x509.CertPool {
	name := prefix + "CAfile"
	if !c.cfg.Known(name) {
		return nil
	}
	path, ok := c.value(v, name)
	if !ok || path == "" {
		return nil
	}
	return c.loadCA(c.resolve(path)).pool
}

// checkCA checks the *_tls_CAfile and *_tls_CApath of a prefix that the
// view sets.
func (c *checker) checkCA(v view, prefix string) {
	if p := v.param(prefix + "CAfile"); p != nil {
		if path, ok := c.value(v, p.Name); ok && path != "" {
			r := c.newRef(p, path)
			f := c.loadCA(r.path)
			switch {
			case f.access != "":
				c.unreadable(r, f.access, f.denied)
			case f.count == 0:
				c.report(TLSCAInvalid, r.at, r.param, r.param+": "+r.path+" holds no PEM certificate")
			}
		}
	}
	if p := v.param(prefix + "CApath"); p != nil {
		if path, ok := c.value(v, p.Name); ok && path != "" {
			r := c.newRef(p, path)
			fi, err := c.opt.stat(r.path)
			switch {
			case err != nil:
				access, denied := describeErr(err)
				c.unreadable(r, access, denied)
			case !fi.IsDir():
				c.report(TLSCAInvalid, r.at, r.param, r.param+": "+r.path+" is not a directory")
			}
		}
	}
}
