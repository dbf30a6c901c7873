package hostcheck

import (
	"bytes"
	"crypto/x509"
	"strings"
	"time"
)

// checkValidity reports certificates that have expired or are not yet
// valid (PL806), or expire within ExpiryWarning (PL807).
func (c *checker) checkValidity(r ref, certs []*pemObject) {
	for _, o := range certs {
		cert, what := o.cert, label(o, len(certs))
		switch {
		case c.now.After(cert.NotAfter):
			c.report(TLSCertExpired, r.at, r.param, r.param+": "+what+" expired on "+day(cert.NotAfter)+
				" ("+days(c.now.Sub(cert.NotAfter))+" ago)")
		case c.now.Before(cert.NotBefore):
			c.report(TLSCertExpired, r.at, r.param, r.param+": "+what+" is not valid before "+day(cert.NotBefore)+
				" (in "+days(cert.NotBefore.Sub(c.now))+")")
		case cert.NotAfter.Sub(c.now) < ExpiryWarning:
			c.report(TLSCertExpiring, r.at, r.param, r.param+": "+what+" expires on "+day(cert.NotAfter)+
				" (in "+days(cert.NotAfter.Sub(c.now))+")")
		}
	}
}

// checkChain checks that each certificate is followed by its issuer
// (PL808) and that the chain does not stop at a certificate whose
// issuer is missing (PL809). certs are the parsed certificates Postfix
// sends, the first one its own.
func (c *checker) checkChain(v view, prefix string, r ref, certs []*pemObject) {
	if len(certs) == 0 {
		return
	}
	order := issuingOrder(certs)
	for i, j := range order {
		if i != j {
			want := make([]*pemObject, 0, len(certs))
			for _, k := range order {
				want = append(want, certs[k])
			}
			for k, o := range certs {
				if !contains(order, k) {
					want = append(want, o)
				}
			}
			c.report(TLSChainOrder, r.at, r.param, r.param+": the certificates in "+files(certs)+
				" are not in issuing order (each must be followed by its issuer): found "+
				subjects(certs)+"; want "+subjects(want))
			break
		}
	}
	end := certs[order[len(order)-1]].cert
	if selfSigned(end) || end.IsCA || c.trusted(end, c.caPool(v, prefix)) || c.trusted(end, c.systemRoots()) {
		return
	}
	c.report(TLSChainIncomplete, r.at, r.param, r.param+": the chain in "+files(certs)+" ends with "+
		subject(end)+", whose issuer "+name(end.Issuer.CommonName, end.Issuer.String())+" is not in the file, in "+
		prefix+"CAfile or among the system's trusted roots: add the intermediate certificate after it")
}

// issuingOrder follows the issuers from the first certificate through
// the list and returns their indexes: the chain as it should be ordered.
func issuingOrder(certs []*pemObject) []int {
	order := []int{0}
	used := map[int]bool{0: true}
	for cur := certs[0].cert; !selfSigned(cur); {
		next := -1
		for j, o := range certs {
			if !used[j] && issued(o.cert, cur) {
				next = j
				break
			}
		}
		if next < 0 {
			break
		}
		order = append(order, next)
		used[next] = true
		cur = certs[next].cert
	}
	return order
}

// issued reports whether parent issued child: the names match and
// parent's key verifies child's signature.
func issued(parent, child *x509.Certificate) bool {
	return bytes.Equal(child.RawIssuer, parent.RawSubject) &&
		parent.CheckSignature(child.SignatureAlgorithm, child.RawTBSCertificate, child.Signature) == nil
}

// selfSigned reports a certificate that issued itself.
func selfSigned(c *x509.Certificate) bool { return issued(c, c) }

// trusted reports whether pool holds an issuer of cert. The check runs
// at a time within cert's validity, so that an expired certificate
// (PL806) is not also reported as having no issuer.
func (c *checker) trusted(cert *x509.Certificate, pool *x509.CertPool) bool {
	if pool == nil {
		return false
	}
	at := cert.NotBefore.Add(cert.NotAfter.Sub(cert.NotBefore) / 2)
	_, err := cert.Verify(x509.VerifyOptions{
		Roots: pool, CurrentTime: at,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	})
	return err == nil
}

func contains(list []int, x int) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}

// subject names a certificate by its common name, else its whole
// subject.
func subject(c *x509.Certificate) string {
	return name(c.Subject.CommonName, c.Subject.String())
}

func name(cn, dn string) string {
	switch {
	case cn != "":
		return "CN=" + cn
	case dn != "":
		return dn
	}
	return "an empty name"
}

// subjects lists the subjects of certificates.
func subjects(certs []*pemObject) string {
	var s []string
	for _, o := range certs {
		s = append(s, subject(o.cert))
	}
	return strings.Join(s, ", ")
}

// files lists the files certificates come from, once each.
func files(certs []*pemObject) string {
	var s []string
	for _, o := range certs {
		if len(s) == 0 || s[len(s)-1] != o.file.path {
			s = append(s, o.file.path)
		}
	}
	return strings.Join(s, ", ")
}

// day formats a date for a message.
func day(t time.Time) string { return t.UTC().Format("2006-01-02") }

// days formats a duration in whole days.
func days(d time.Duration) string {
	n := int(d / (24 * time.Hour))
	if n == 0 {
		return "less than a day"
	}
	return plural(n, "day")
}
