package hostcheck

import "strconv"

// prefixes are the TLS parameter families: the SMTP server, the SMTP and
// LMTP clients, and tlsproxy(8) as a server and as a client.
var prefixes = []string{"smtpd_tls_", "smtp_tls_", "lmtp_tls_", "tlsproxy_tls_", "tlsproxy_client_"}

// pairs are the legacy certificate and key parameters of a prefix.
var pairs = []struct{ cert, key string }{
	{"cert_file", "key_file"},
	{"dcert_file", "dkey_file"},
	{"eccert_file", "eckey_file"},
}

// checkTLS checks the TLS files of every prefix that the view sets.
func (c *checker) checkTLS(v view) {
	for _, prefix := range prefixes {
		chain := prefix + "chain_files"
		if files, ok := c.value(v, chain); c.cfg.Known(chain) && (files != "" || !ok) {
			// Postfix 3.4+: chain_files overrides the legacy pairs.
			if p := v.param(chain); p != nil && ok {
				c.checkChainFiles(v, prefix, p)
			}
		} else {
			for _, pr := range pairs {
				c.checkPair(v, prefix, prefix+pr.cert, prefix+pr.key)
			}
		}
		c.checkCA(v, prefix)
	}
}

// checkPair checks a certificate file and its key file, which defaults to
// the certificate file. Each file is checked where its parameter is set
// in the view; the match of key and certificate wherever either is, at
// the certificate's setting when the view sets it.
func (c *checker) checkPair(v view, prefix, certName, keyName string) {
	certP, keyP := v.param(certName), v.param(keyName)
	certPath, ok := c.value(v, certName)
	if certP == nil && keyP == nil || !ok || certPath == "" || !c.cfg.Known(certName) {
		return
	}
	keyPath := certPath
	if c.cfg.Known(keyName) {
		k, ok := c.value(v, keyName)
		if !ok {
			return
		}
		if k != "" {
			keyPath = k
		}
	}
	keyDefault := keyP == nil && c.cfg.Main().Param(keyName) == nil
	certFile, keyFile := c.loadPEM(c.resolve(certPath)), c.loadPEM(c.resolve(keyPath))
	mixed := certFile == keyFile

	var at ref
	if certP != nil {
		at = c.newRef(certP, certPath)
		c.checkCertFile(v, prefix, at, certFile, mixed, keyDefault)
	}
	if keyP != nil {
		r := c.newRef(keyP, keyPath)
		switch {
		case !mixed:
			c.checkKeyFile(r, keyFile, false)
		case certP == nil:
			c.checkCertFile(v, prefix, r, keyFile, true, false)
		}
		if certP == nil {
			at = r
		}
	}
	c.matchPair(at, certFile, keyFile)
}

// matchPair reports a key that does not match the first certificate
// (PL805). Files with problems of their own are skipped silently: those
// are reported where their parameters are set.
func (c *checker) matchPair(at ref, certFile, keyFile *pemFile) {
	certs, keys := certFile.certs(), keyFile.keys()
	if len(certs) == 0 || len(keys) == 0 || certs[0].cert == nil || keys[0].pub == nil {
		return
	}
	leaf, key := certs[0], keys[0]
	if samePublicKey(leaf.cert.PublicKey, key.pub) {
		return
	}
	msg := at.param + ": the private key in " + keyFile.path + " does not match " + label(leaf, len(certs))
	for _, o := range certs[1:] {
		if o.cert != nil && samePublicKey(o.cert.PublicKey, key.pub) {
			msg += "; it matches " + label(o, len(certs)) + ": the file must start with the certificate of the key"
			break
		}
	}
	c.report(TLSKeyMismatch, at.at, at.param, msg)
}

// checkCertFile checks a certificate file: readable PEM with at least one
// certificate, all of them parsable, valid now and in issuing order. When
// the file is also the key file (mixed) its key is checked as well;
// keyDefault says the key parameter was left at its default.
func (c *checker) checkCertFile(v view, prefix string, r ref, f *pemFile, mixed, keyDefault bool) {
	if mixed {
		c.checkKeyFile(r, f, keyDefault)
	}
	if !c.contentOK(r, f) {
		return
	}
	certs := f.certs()
	if len(certs) == 0 {
		c.report(TLSFileNotPEM, r.at, r.param, r.param+": "+f.path+" holds no PEM certificate")
		return
	}
	parsed := c.parsedCerts(r, certs)
	c.checkValidity(r, parsed)
	if len(parsed) == len(certs) {
		c.checkChain(v, prefix, r, parsed)
	}
}

// parsedCerts reports certificates that do not parse (PL802) and
// returns the others.
func (c *checker) parsedCerts(r ref, certs []*pemObject) []*pemObject {
	var out []*pemObject
	for _, o := range certs {
		if o.err != nil {
			c.report(TLSFileNotPEM, r.at, r.param, r.param+": certificate "+strconv.Itoa(o.index)+
				" (PEM object "+strconv.Itoa(o.n)+") of "+o.file.path+" cannot be parsed: "+o.err.Error())
			continue
		}
		out = append(out, o)
	}
	return out
}

// checkKeyFile checks a key file: owner and mode, then a readable PEM
// file whose first private key is unencrypted and parsable. keyDefault
// says the file is a certificate file that Postfix reads the key from
// because the key parameter is not set.
func (c *checker) checkKeyFile(r ref, f *pemFile, keyDefault bool) {
	c.checkKeyPerms(r, f)
	if !c.contentOK(r, f) {
		return
	}
	keys := f.keys()
	if len(keys) == 0 {
		msg := r.param + ": " + f.path + " holds no PEM private key"
		if keyDefault {
			msg += " (the key parameter is not set, so Postfix reads the key from the certificate file)"
		}
		c.report(TLSFileNotPEM, r.at, r.param, msg)
		return
	}
	c.checkKey(r, keys[0])
}

// checkKey reports an encrypted (PL803) or unparsable (PL802) key.
func (c *checker) checkKey(r ref, k *pemObject) {
	switch {
	case k.encrypted:
		how := "with a passphrase (Proc-Type: 4,ENCRYPTED)"
		if k.typ == "ENCRYPTED PRIVATE KEY" {
			how = "with a passphrase (ENCRYPTED PRIVATE KEY)"
		}
		c.report(TLSKeyEncrypted, r.at, r.param, r.param+": the private key (PEM object "+strconv.Itoa(k.n)+
			") in "+k.file.path+" is encrypted "+how+", which Postfix cannot ask for")
	case k.err != nil:
		c.report(TLSFileNotPEM, r.at, r.param, r.param+": the private key (PEM object "+strconv.Itoa(k.n)+
			") in "+k.file.path+" cannot be parsed: "+k.err.Error())
	}
}

// contentOK reports a file that cannot be read or is not PEM, and tells
// whether its PEM objects can be looked at.
func (c *checker) contentOK(r ref, f *pemFile) bool {
	switch {
	case !f.readable():
		c.unreadable(r, f.access, f.denied)
		return false
	case f.tooBig:
		c.report(TLSFileNotPEM, r.at, r.param, r.param+": "+f.path+" is larger than 1 MiB: not a PEM certificate or key file")
		return false
	case f.notPEM:
		msg := r.param + ": " + f.path + " holds no PEM data"
		if f.der {
			msg += " (it looks like binary DER; Postfix reads PEM only)"
		}
		c.report(TLSFileNotPEM, r.at, r.param, msg)
		return false
	case f.broken > 0:
		c.report(TLSFileNotPEM, r.at, r.param, r.param+": "+f.path+" has "+plural(f.broken, "PEM block")+" that cannot be decoded")
	}
	return true
}

// unreadable reports a file that cannot be read: PL801, or PL814 when
// only postlint, not running as root, may not read it.
func (c *checker) unreadable(r ref, access string, denied bool) {
	if uid := c.opt.Euid(); denied && uid != 0 {
		c.report(FileNotChecked, r.at, r.param, r.param+": postlint (uid "+strconv.Itoa(uid)+") may not read "+r.path+
			", so its contents were not checked; Postfix reads it as root: run postlint as root")
		return
	}
	c.report(TLSFileMissing, r.at, r.param, r.param+": "+r.path+" "+access)
}

// label names a certificate for a message; n is the number of
// certificates it is one of.
func label(o *pemObject, n int) string {
	if n == 1 {
		return "the certificate in " + o.file.path + " (" + subject(o.cert) + ")"
	}
	return "certificate " + strconv.Itoa(o.index) + " of " + o.file.path + " (" + subject(o.cert) + ")"
}

// plural formats a count with a noun.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
