// Package hostcheck checks what Postfix only finds out at run time: the
// files that main.cf and the -o overrides of master.cf name must exist on
// this host and hold what Postfix expects. It is postlint's host mode; the
// rest of postlint reads the configuration text only.
//
// Check (or Run) takes the parsed main.cf and master.cf of one
// configuration directory and inspects:
//
//   - the TLS certificate and key files of the SMTP server (smtpd_tls_*),
//     the SMTP and LMTP clients (smtp_tls_*, lmtp_tls_*) and tlsproxy(8)
//     (tlsproxy_tls_*, tlsproxy_client_*): *_chain_files, *_cert_file and
//     *_key_file, *_dcert_file and *_dkey_file, *_eccert_file and
//     *_eckey_file. Each file must exist and be readable, hold PEM data
//     that Go's crypto/x509 can parse, have an unencrypted private key
//     that matches its certificate and that only root can read, hold
//     certificates that are valid now and do not expire within 30 days,
//     and list its certificate chain in issuing order with no issuer
//     missing;
//   - *_CAfile (exists, holds at least one certificate) and *_CApath
//     (exists, is a directory);
//   - the compiled files of indexed lookup tables (hash:, btree:, lmdb:,
//     cdb:, dbm:, sdbm:) named by any parameter in effect: they must exist
//     and be at least as new as their source file, or postmap was
//     forgotten.
//
// # What counts as "in effect"
//
// Only values written in main.cf or in a master.cf -o override are
// checked: the last main.cf setting of a name, and the last -o of a name
// in each service. Postfix's built-in defaults (alias_maps =
// hash:/etc/aliases on many systems) are not, because there is no line to
// point a finding at. A service's -o is checked in that service's view:
// its own value, with every other parameter taken from main.cf. A file
// is checked where its parameter is set; a check that involves two
// parameters (a key and its certificate) is made wherever either is set,
// and reported at the one set there (the certificate first).
//
// Values are expanded as Postfix on this host would: $config_directory,
// when main.cf does not set it, is the configuration directory being
// checked (Input.Dir). A value that refers to another parameter whose
// default only "postconf -d" knows (queue_directory, data_directory,
// meta_directory, ...) and that main.cf does not set is not checked, since
// postlint cannot know the path.
//
// When *_chain_files is set (Postfix 3.4 and later), Postfix ignores the
// *_cert_file, *_key_file, *_dcert_*, *_eccert_* parameters of the same
// prefix, and so does this package. The key parameters default to their
// certificate parameter ("$smtpd_tls_cert_file"); a certificate file
// that is also the key file must then hold the key as well.
//
// The TLS files are checked whether or not the TLS security level in
// effect loads them: a setting that names a file is meant to be used, and
// TLS can be turned on per service (-o) or per destination
// (smtp_tls_policy_maps).
//
// # Paths
//
// Absolute paths are used as they are. A relative path is resolved
// against the configuration directory (Input.Dir) for the checks, and
// reported by PL813: Postfix daemons run with queue_directory as their
// working directory, so Postfix itself would open it there, while postmap
// run by hand resolves it against the shell's directory.
//
// # Reading files
//
// Certificate and key files are read up to 1 MiB (a larger file is
// reported as not a certificate file), CA files up to 8 MiB. Unreadable,
// binary or huge files never make Check fail or panic; they become
// findings. When postlint does not run as root, a file it may not read
// (a 0600 root key) gives an info finding (PL814) instead of an error,
// because Postfix reads these files as root.
//
// # Rules
//
// The rules are Go code, not TOML rules, because they look at the file
// system. Docs returns their documentation in the shape of the TOML
// rules' (see docs/rules-format.md), for "postlint rules" and "postlint
// explain".
package hostcheck
