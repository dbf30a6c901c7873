package model

import "os"

// caBundles are the system CA bundles postlint knows, in the order
// CABundle tries them: Debian and Ubuntu (ca-certificates), then Fedora,
// RHEL and their relatives (ca-certificates' "tls-ca-bundle").
var caBundles = []string{
	"/etc/ssl/certs/ca-certificates.crt",
	"/etc/pki/tls/certs/ca-bundle.crt",
}

// CABundle returns the path of the system CA bundle of this host, for a
// fix that sets smtp_tls_CAfile. It is "" unless the configuration is
// the host's own (Input.Host) and one of the known bundles exists as a
// non-empty regular file: a repository of configurations may be
// deployed to other systems, so there the path is not known.
func (e Env) CABundle() string {
	if e.c == nil || !e.c.Host {
		return ""
	}
	for _, p := range caBundles {
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Size() > 0 {
			return p
		}
	}
	return ""
}
