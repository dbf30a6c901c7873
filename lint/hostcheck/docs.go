package hostcheck

import (
	"time"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/rules"
)

// Rule IDs of the host checks. They are stable: configuration files and
// scripts select and ignore rules by them.
const (
	TLSFileMissing     = "PL801" // tls-file-missing
	TLSFileNotPEM      = "PL802" // tls-file-not-pem
	TLSKeyEncrypted    = "PL803" // tls-key-encrypted
	TLSKeyPermissions  = "PL804" // tls-key-permissions
	TLSKeyMismatch     = "PL805" // tls-key-mismatch
	TLSCertExpired     = "PL806" // tls-cert-expired
	TLSCertExpiring    = "PL807" // tls-cert-expiring
	TLSChainOrder      = "PL808" // tls-chain-order
	TLSChainIncomplete = "PL809" // tls-chain-incomplete
	TLSCAInvalid       = "PL810" // tls-ca-invalid
	MapNotCompiled     = "PL811" // map-not-compiled
	MapStale           = "PL812" // map-stale
	RelativePath       = "PL813" // relative-path
	FileNotChecked     = "PL814" // file-not-checked
	DaemonMissing      = "PL815" // daemon-missing
)

// ExpiryWarning is how long before a certificate expires PL807 warns.
const ExpiryWarning = 30 * 24 * time.Hour

// Doc is the documentation of one check (see lint.CheckDoc).
type Doc = lint.CheckDoc

// Scope is the scope "postlint explain" shows for host checks.
const Scope rules.Scope = "host"

// Docs returns the documentation of every check, in ID order. The slice
// is a copy; callers may modify it.
func Docs() []Doc { return docs.Copy() }

// Lookup finds a check by ID or name, ignoring case.
func Lookup(idOrName string) (Doc, bool) { return docs.Lookup(idOrName) }

// Rules returns the checks as rules.Rule values for "postlint rules",
// "postlint explain" and SARIF; they must not be given to lint.Run.
func Rules() []*rules.Rule { return docs.Rules(Scope, "lint/hostcheck") }

// severity returns the severity of a check's ID.
func severity(id string) lint.Severity { return docs.Severity(id) }
