package hostcheck

import (
	"strconv"

	"github.com/postlint/postlint/lint/model"
)

// keyChain is one (key, certificate, [chain]) sequence of
// *_tls_chain_files.
type keyChain struct {
	key   *pemObject
	certs []*pemObject
}

// checkChainFiles checks *_tls_chain_files (Postfix 3.4+): every file
// readable PEM, and the objects of all files, in order, a sequence of
// private keys each followed by its certificate and that certificate's
// chain, as Postfix's load_chain_files reads them.
func (c *checker) checkChainFiles(v view, prefix string, p *model.Param) {
	refs := make(map[*pemFile]ref)
	var objs []*pemObject
	ok := true
	files, _ := c.value(v, p.Name)
	for _, tok := range model.SplitList(files) {
		r := c.newRef(p, tok)
		f := c.loadPEM(r.path)
		if _, dup := refs[f]; !dup {
			refs[f] = r
		}
		if f.readable() && len(f.keys()) > 0 {
			c.checkKeyPerms(r, f)
		}
		if !c.contentOK(r, f) {
			ok = false
			continue
		}
		for _, o := range f.objs {
			if o.kind != objOther {
				objs = append(objs, o)
			}
		}
	}
	if !ok {
		return
	}
	chains, bad := c.sequence(p.Name, refs, objs)
	if bad {
		return
	}
	for _, ch := range chains {
		kr := refs[ch.key.file]
		c.checkKey(kr, ch.key)
		cr := refs[ch.certs[0].file]
		parsed := c.parsedCerts(cr, ch.certs)
		leaf := ch.certs[0]
		if leaf.cert == nil {
			continue
		}
		if ch.key.pub != nil && !samePublicKey(leaf.cert.PublicKey, ch.key.pub) {
			c.report(TLSKeyMismatch, kr.at, kr.param, kr.param+": the private key (PEM object "+strconv.Itoa(ch.key.n)+
				" of "+ch.key.file.path+") does not match "+label(leaf, len(ch.certs))+", the certificate after it")
		}
		c.checkValidity(cr, parsed)
		if len(parsed) == len(ch.certs) {
			c.checkChain(v, prefix, cr, parsed)
		}
	}
}

// sequence splits the objects into key chains, reporting (PL802) the
// orders Postfix rejects; bad means one was found.
func (c *checker) sequence(param string, refs map[*pemFile]ref, objs []*pemObject) (chains []*keyChain, bad bool) {
	var cur *keyChain
	for _, o := range objs {
		r := refs[o.file]
		switch o.kind {
		case objKey:
			if cur != nil && len(cur.certs) == 0 {
				c.noCert(r, cur.key)
				return nil, true
			}
			cur = &keyChain{key: o}
			chains = append(chains, cur)
		case objCert:
			if cur == nil {
				c.report(TLSFileNotPEM, r.at, param, param+": "+o.file.path+" starts with a certificate (PEM object "+
					strconv.Itoa(o.n)+"), but each private key must come before its certificate (Postfix: \"key not first\")")
				return nil, true
			}
			cur.certs = append(cur.certs, o)
		}
	}
	switch {
	case cur == nil:
		r := refs[firstFile(refs)]
		c.report(TLSFileNotPEM, r.at, param, param+": the files hold no PEM private key or certificate")
		return nil, true
	case len(cur.certs) == 0:
		c.noCert(refs[cur.key.file], cur.key)
		return nil, true
	}
	return chains, false
}

// noCert reports a key without a certificate after it.
func (c *checker) noCert(r ref, key *pemObject) {
	c.report(TLSFileNotPEM, r.at, r.param, r.param+": the private key (PEM object "+strconv.Itoa(key.n)+
		" of "+key.file.path+") is not followed by a certificate")
}

// firstFile returns any file of refs (there is one per reference).
func firstFile(refs map[*pemFile]ref) *pemFile {
	var first *pemFile
	for f, r := range refs {
		if first == nil || r.at.Pos < refs[first].at.Pos {
			first = f
		}
	}
	return first
}
