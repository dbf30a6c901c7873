package hostcheck

import "github.com/postlint/postlint/lint"

const (
	refCert    = "https://www.postfix.org/postconf.5.html#smtpd_tls_cert_file"
	refKey     = "https://www.postfix.org/postconf.5.html#smtpd_tls_key_file"
	refChain   = "https://www.postfix.org/postconf.5.html#smtpd_tls_chain_files"
	refCA      = "https://www.postfix.org/postconf.5.html#smtp_tls_CAfile"
	refCApath  = "https://www.postfix.org/postconf.5.html#smtp_tls_CApath"
	refTLS     = "https://www.postfix.org/TLS_README.html#server_cert_key"
	refPostmap = "https://www.postfix.org/postmap.1.html"
	refDBTypes = "https://www.postfix.org/DATABASE_README.html#types"
	refQueue   = "https://www.postfix.org/postconf.5.html#queue_directory"

	tlsParams = "*_tls_chain_files, *_tls_cert_file, *_tls_key_file, *_tls_dcert_file, *_tls_dkey_file, *_tls_eccert_file, *_tls_eckey_file"
)

// docs is the documentation of every host check, in ID order.
var docs = lint.CheckDocs{
	{
		ID: TLSFileMissing, Name: "tls-file-missing", Severity: lint.Error,
		Title: "TLS certificate, key or CA file does not exist or cannot be read",
		Param: tlsParams + ", *_tls_CAfile, *_tls_CApath",
		What: `A TLS certificate, key, chain or CA file named in main.cf or in a
master.cf -o override (smtpd_tls_*, smtp_tls_*, lmtp_tls_*, tlsproxy_tls_*,
tlsproxy_client_*) does not exist, is not a regular file, or cannot be
opened; or a *_tls_CApath directory does not exist. When postlint runs as
root, "permission denied" is reported here; otherwise see PL814. Relative
paths are looked up in the configuration directory (see PL813).`,
		Why: `Postfix loads these files when a TLS session is set up. A missing
server certificate disables STARTTLS for every client; a missing client
certificate or CAfile disables TLS for the deliveries that use it, and
mail to destinations that require TLS is deferred.`,
		Symptom: `Postfix starts without complaint; the first TLS connection logs

    postfix/smtpd[1234]: warning: cannot get RSA certificate from file "/etc/postfix/cert.pem": disabling TLS support
    postfix/smtpd[1234]: warning: TLS library problem: error:80000002:system library::No such file or directory

or, with *_tls_chain_files, "warning: error opening chain file:
/etc/postfix/chain.pem: No such file or directory", or, for a CA file,
"cannot load Certification Authority data, CAfile="/etc/postfix/ca.pem":
disabling TLS support".`,
		Before: `smtpd_tls_cert_file = /etc/postfix/cert.pem
smtpd_tls_key_file = /etc/postfix/key.pem
# /etc/postfix/cert.pem does not exist`,
		After: `smtpd_tls_cert_file = /etc/letsencrypt/live/mx.example.com/fullchain.pem
smtpd_tls_key_file = /etc/letsencrypt/live/mx.example.com/privkey.pem`,
		References: []string{refCert, refChain, refTLS},
	},
	{
		ID: TLSFileNotPEM, Name: "tls-file-not-pem", Severity: lint.Error,
		Title: "TLS certificate or key file does not hold what Postfix expects",
		Param: tlsParams,
		What: `A certificate or key file is not PEM (DER, PKCS#12 or other binary
data), is larger than 1 MiB, has a PEM block that cannot be decoded, holds
no certificate (a certificate parameter) or no private key (a key
parameter, or a certificate file that is also the key file because the
key parameter is not set), or holds a certificate or key that Go's
crypto/x509 cannot parse. In *_tls_chain_files, each key must come
before its certificate and each key must be followed by a certificate.
Keys of algorithms Go does not read (DSA, some curves) are not reported.`,
		Why: `Postfix reads certificates and keys with OpenSSL's PEM functions only.
Anything else fails when the first TLS session is set up, and TLS is
disabled for the service.`,
		Symptom: `The first TLS connection logs

    postfix/smtpd[1234]: warning: cannot get RSA certificate from file "/etc/postfix/cert.der": disabling TLS support
    postfix/smtpd[1234]: warning: TLS library problem: error:0480006C:PEM routines::no start line

or, with *_tls_chain_files, "warning: error loading chain from
/etc/postfix/chain.pem: key not first" or "warning: No PEM data in
/etc/postfix/chain.pem".`,
		Before: `smtpd_tls_cert_file = /etc/postfix/cert.der
# cert.der is DER (binary)`,
		After: `# openssl x509 -inform der -in cert.der -out cert.pem
smtpd_tls_cert_file = /etc/postfix/cert.pem`,
		References: []string{refCert, refChain},
	},
	{
		ID: TLSKeyEncrypted, Name: "tls-key-encrypted", Severity: lint.Error,
		Title: "TLS private key is encrypted with a passphrase",
		Param: "*_tls_key_file, *_tls_dkey_file, *_tls_eckey_file, *_tls_chain_files",
		What: `A private key is encrypted: a legacy PEM key with the header
"Proc-Type: 4,ENCRYPTED", or a PKCS#8 "ENCRYPTED PRIVATE KEY".`,
		Why: `Postfix daemons run without a terminal and cannot ask for the
passphrase, so the key cannot be loaded and TLS is disabled. postconf(5):
"The private key must be accessible without a pass-phrase, i.e. it must
not be encrypted."`,
		Symptom: `The first TLS connection logs

    postfix/smtpd[1234]: warning: cannot get RSA private key from file "/etc/postfix/key.pem": disabling TLS support

followed by a "TLS library problem" line about a bad decrypt or a
missing password.`,
		Before: `smtpd_tls_key_file = /etc/postfix/key.pem
# key.pem: -----BEGIN ENCRYPTED PRIVATE KEY-----`,
		After: `# openssl pkey -in key.pem -out key.plain.pem  (asks for the passphrase once)
smtpd_tls_key_file = /etc/postfix/key.plain.pem`,
		References: []string{refKey},
	},
	{
		ID: TLSKeyPermissions, Name: "tls-key-permissions", Severity: lint.Warning,
		Title: "TLS private key file is accessible to others than root",
		Param: "*_tls_key_file, *_tls_dkey_file, *_tls_eckey_file, *_tls_chain_files",
		What: `A file that Postfix reads a private key from (a key parameter, a
certificate file that is also the key file, or a chain file) gives other
users any access, gives its group write access (mode & 027 != 0, such as
0644 or 0660), or is not owned by root (uid 0). Group read access alone
(0640) is accepted: Debian and Ubuntu give keys that mode with the
ssl-cert group on purpose. Symbolic links are followed: the file they
point to is checked.`,
		Why: `postconf(5): "File permissions should grant read-only access to the
system superuser account ("root"), and no access to anyone else."
Postfix reads keys as root before it drops privileges, so nobody else
needs access; any other user who can read the key can impersonate the
server, and a key owned by another user can be replaced by that user.`,
		Symptom: `Postfix logs nothing: it loads a readable key whatever its mode. The
exposure shows only in "ls -l", for example
"-rw-r--r-- 1 root root 1704 key.pem".`,
		Before: `smtpd_tls_key_file = /etc/postfix/key.pem
# -rw-r--r-- root root /etc/postfix/key.pem`,
		After: `smtpd_tls_key_file = /etc/postfix/key.pem
# chown root:root /etc/postfix/key.pem && chmod 600 /etc/postfix/key.pem`,
		References: []string{refKey},
	},
	{
		ID: TLSKeyMismatch, Name: "tls-key-mismatch", Severity: lint.Error,
		Title: "TLS private key does not match its certificate",
		Param: tlsParams,
		What: `The public key of a certificate differs from the public key of the
private key Postfix pairs it with: *_tls_key_file with the first
certificate of *_tls_cert_file (likewise dkey/dcert and eckey/eccert),
or, in *_tls_chain_files, each key with the certificate after it. RSA,
ECDSA and Ed25519 keys are compared.`,
		Why: `OpenSSL refuses a key that does not belong to the certificate, and
Postfix disables TLS. It usually means a renewed certificate was
installed with the old key, or the certificate file starts with an
intermediate instead of the server's own certificate.`,
		Symptom: `The first TLS connection logs, depending on the OpenSSL release,

    postfix/smtpd[1234]: warning: RSA private key in /etc/postfix/key.pem does not match public key in /etc/postfix/cert.pem: disabling TLS support

or "warning: cannot get RSA private key from file
"/etc/postfix/key.pem": disabling TLS support" with a "TLS library
problem: ... key values mismatch" line. With *_tls_chain_files: "warning:
key at index 1 in /etc/postfix/chain.pem does not match next
certificate".`,
		Before: `smtpd_tls_cert_file = /etc/postfix/new-cert.pem
smtpd_tls_key_file = /etc/postfix/old-key.pem`,
		After: `smtpd_tls_cert_file = /etc/postfix/new-cert.pem
smtpd_tls_key_file = /etc/postfix/new-key.pem`,
		References: []string{refCert, refChain},
	},
	{
		ID: TLSCertExpired, Name: "tls-cert-expired", Severity: lint.Error,
		Title: "TLS certificate has expired or is not yet valid",
		Param: tlsParams,
		What: `A certificate that Postfix presents (the server or client
certificate, or an intermediate in the same file or chain) is past its
notAfter date, or before its notBefore date, at the time of the check.`,
		Why: `Postfix presents the certificate anyway, but peers that verify
certificates reject it: mail to and from them is deferred or falls back
to plaintext.`,
		Symptom: `Nothing in this server's log. A verifying Postfix peer logs

    postfix/smtp[1234]: server certificate verification failed for mx.example.com[192.0.2.1]:25: certificate has expired

and, when it requires a verified peer, defers the mail.`,
		Before: `smtpd_tls_cert_file = /etc/postfix/cert.pem
# notAfter=Jan  1 00:00:00 2024 GMT`,
		After: `# renew the certificate (certbot renew) and point at the renewed file
smtpd_tls_cert_file = /etc/letsencrypt/live/mx.example.com/fullchain.pem`,
		References: []string{refCert},
	},
	{
		ID: TLSCertExpiring, Name: "tls-cert-expiring", Severity: lint.Warning,
		Title: "TLS certificate expires within 30 days",
		Param: tlsParams,
		What: `A certificate that Postfix presents expires within 30 days of the
time of the check.`,
		Why: `Once it has expired, verifying peers reject it (see PL806). An
automated renewal normally replaces a certificate 30 days before it
expires, so one this close to expiry suggests the renewal is failing, or
Postfix points at a copy that the renewal does not update.`,
		Symptom: `Nothing yet. After the expiry date a verifying Postfix peer logs
"server certificate verification failed for mx.example.com[192.0.2.1]:25:
certificate has expired".`,
		Before: `smtpd_tls_cert_file = /etc/postfix/cert.pem
# a copy made by hand, expires in 10 days`,
		After:      `smtpd_tls_cert_file = /etc/letsencrypt/live/mx.example.com/fullchain.pem`,
		References: []string{refCert},
	},
	{
		ID: TLSChainOrder, Name: "tls-chain-order", Severity: lint.Warning,
		Title: "Certificates in a certificate file are not in issuing order",
		Param: tlsParams,
		What: `In a certificate file (or after a key in a chain file) the first
certificate is the server's or client's own, and each following
certificate must be the issuer of the one before it: its subject equals
the previous certificate's issuer and its key verifies the previous
certificate's signature. This check fires when the certificates that
belong to the chain appear in another order; the message gives the order
found and the order wanted. Extra certificates after the complete chain
are not reported.`,
		Why: `Postfix sends the certificates in file order. TLS 1.2 (RFC 5246)
requires each certificate to certify the one before it; OpenSSL-based
peers (including Postfix) reorder, but stricter clients fail to build the
chain and reject the certificate.`,
		Symptom: `Nothing in this server's log. A strict peer fails the handshake;
OpenSSL peers, Postfix among them, verify normally.`,
		Before: `smtpd_tls_cert_file = /etc/postfix/fullchain.pem
# fullchain.pem: leaf, root, intermediate`,
		After: `smtpd_tls_cert_file = /etc/postfix/fullchain.pem
# fullchain.pem: leaf, intermediate (root optional)`,
		References: []string{refCert, refChain},
	},
	{
		ID: TLSChainIncomplete, Name: "tls-chain-incomplete", Severity: lint.Warning,
		Title: "Certificate chain is missing an intermediate certificate",
		Param: tlsParams,
		What: `The chain Postfix presents stops at a certificate whose issuer it
does not contain: a certificate that is not a CA (the server's own) and
not self-signed, whose issuer is neither the next certificate in the
file nor a CA in the same prefix's *_tls_CAfile or the system's trusted
roots; or a certificate followed by one that did not issue it, with the
issuer nowhere in the file. A chain that ends with an intermediate CA
certificate is complete (the root is not sent), and so is a self-signed
certificate. A certificate issued directly by a private root that is in
neither place is reported too; add the root to the file to silence it.`,
		Why: `Peers have root certificates, not intermediates. Without the
intermediate, verifying peers cannot connect the certificate to a root
and reject it. This usually means cert.pem was configured where
fullchain.pem was meant.`,
		Symptom: `Nothing in this server's log. A verifying Postfix peer logs

    postfix/smtp[1234]: certificate verification failed for mx.example.com[192.0.2.1]:25: untrusted issuer /C=US/O=Let's Encrypt/CN=R3`,
		Before:     `smtpd_tls_cert_file = /etc/letsencrypt/live/mx.example.com/cert.pem`,
		After:      `smtpd_tls_cert_file = /etc/letsencrypt/live/mx.example.com/fullchain.pem`,
		References: []string{refCert, refTLS},
	},
	{
		ID: TLSCAInvalid, Name: "tls-ca-invalid", Severity: lint.Error,
		Title: "CAfile holds no certificate, or CApath is not a directory",
		Param: "*_tls_CAfile, *_tls_CApath",
		What: `A *_tls_CAfile exists but holds no PEM certificate, or a
*_tls_CApath exists but is not a directory. (A CAfile or CApath that does
not exist is PL801.)`,
		Why: `Postfix loads the CA data with every TLS context; when OpenSSL
cannot use it, Postfix disables TLS for the service.`,
		Symptom: `The first TLS connection logs

    postfix/smtp[1234]: cannot load Certification Authority data, CAfile="/etc/postfix/ca.pem": disabling TLS support`,
		Before: `smtp_tls_CAfile = /etc/postfix/ca.pem
# ca.pem is empty`,
		After:      `smtp_tls_CAfile = /etc/ssl/certs/ca-certificates.crt`,
		References: []string{refCA, refCApath},
	},
	{
		ID: MapNotCompiled, Name: "map-not-compiled", Severity: lint.Error,
		Title: "Indexed lookup table has no compiled database file",
		Param: "any parameter that names a hash:, btree:, lmdb:, cdb:, dbm: or sdbm: table",
		What: `A parameter in effect names an indexed table (hash:, btree:,
lmdb:, cdb:, dbm:, sdbm:, also inside proxy:, unionmap:{...} and
pipemap:{...}) whose compiled file does not exist: name.db for hash and
btree, name.lmdb, name.cdb, name.dir and name.pag for dbm and sdbm. The
message says whether the source file exists. Postfix's own caches
(address_verify_map, postscreen_cache_map, *_tls_session_cache_database,
*_sasl_auth_cache_name), which Postfix creates itself, are skipped.`,
		Why: `Postfix reads only the compiled file. Without it every lookup in
the table fails: the daemon that uses it logs an error and defers or
rejects mail.`,
		Symptom: `When the table is first used:

    postfix/trivial-rewrite[1234]: error: open database /etc/postfix/transport.db: No such file or directory

(older releases: "fatal: open database /etc/postfix/transport.db: No such
file or directory"), followed by "warning: hash:/etc/postfix/transport
is unavailable" and deferred mail.`,
		Before: `transport_maps = hash:/etc/postfix/transport
# /etc/postfix/transport exists, /etc/postfix/transport.db does not`,
		After: `transport_maps = hash:/etc/postfix/transport
# postmap hash:/etc/postfix/transport  (postalias or newaliases for alias tables)`,
		References: []string{refPostmap, refDBTypes},
	},
	{
		ID: MapStale, Name: "map-stale", Severity: lint.Warning,
		Title: "Compiled lookup table is older than its source file",
		Param: "any parameter that names a hash:, btree:, lmdb:, cdb:, dbm: or sdbm: table",
		What: `The source file of an indexed table was modified after its compiled
file, and more than 100 seconds before the check: the test Postfix
itself makes when it opens the table.`,
		Why: `Postfix uses the compiled file, so the edits since the last postmap
(or postalias) have no effect.`,
		Symptom: `When the table is opened:

    postfix/smtpd[1234]: warning: database /etc/postfix/transport.db is older than source file /etc/postfix/transport`,
		Before: `transport_maps = hash:/etc/postfix/transport
# transport edited after the last postmap`,
		After: `transport_maps = hash:/etc/postfix/transport
# postmap hash:/etc/postfix/transport`,
		References: []string{refPostmap},
	},
	{
		ID: RelativePath, Name: "relative-path", Severity: lint.Warning,
		Title: "File path is relative",
		Param: tlsParams + ", *_tls_CAfile, *_tls_CApath, indexed tables",
		What: `A TLS file or an indexed table is named by a relative path.
postlint checks the file relative to the configuration directory; this
finding says so.`,
		Why: `Postfix daemons run with queue_directory (usually
/var/spool/postfix) as their working directory, so they look for the file
there, while postmap run by hand in /etc/postfix resolves it against the
shell's directory. The file Postfix opens is rarely the one that was
meant.`,
		Symptom: `Postfix looks in the queue directory, for example

    postfix/trivial-rewrite[1234]: error: open database transport.db: No such file or directory`,
		Before:     `transport_maps = hash:transport`,
		After:      `transport_maps = hash:/etc/postfix/transport`,
		References: []string{refQueue, refDBTypes},
	},
	{
		ID: FileNotChecked, Name: "file-not-checked", Severity: lint.Info,
		Title: "File could not be checked: postlint may not read it",
		Param: tlsParams + ", *_tls_CAfile",
		What: `postlint runs as a user other than root and may not read a TLS file
(typically a private key with mode 0600), so its contents were not
checked. Existence, owner and mode are still checked.`,
		Why: `Postfix reads these files as root, so this is not a problem for
Postfix; run postlint as root to check the contents as well.`,
		Symptom: `None: this is about postlint, not Postfix.`,
		Before: `smtpd_tls_key_file = /etc/ssl/private/mx.key
# postlint run as an ordinary user`,
		After: `# sudo postlint --host`,
	},
	{
		ID: DaemonMissing, Name: "daemon-missing", Severity: lint.Error,
		Title: "master.cf command is not in the daemon directory of this host",
		Param: "master.cf command field, daemon_directory",
		What: `The command of a master.cf service does not exist in daemon_directory
on this host. The master runs daemon_directory/command for every service,
also for a command that starts with '/'. The check runs only when the
directory (main.cf's daemon_directory, else where the common packages
install the daemons) holds the master program, so that it is the
directory Postfix uses here. A program that is not a Postfix daemon
(PL721) must be installed there, or run through pipe(8) or spawn(8).`,
		Why: `The master cannot start the service: each attempt fails, the master
throttles the service, and whatever depends on it (a port, a transport, a
content filter) stops working.`,
		Symptom: `postfix/master[1234]: fatal: master_spawn: exec /usr/lib/postfix/sbin/smtpd2: No such file or directory
postfix/master[1234]: warning: /usr/lib/postfix/sbin/smtpd2: bad command startup -- throttling`,
		Before:     `submission inet n - n - - smtpd2`,
		After:      `submission inet n - n - - smtpd`,
		References: []string{"https://www.postfix.org/master.5.html"},
	},
}
