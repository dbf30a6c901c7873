package model

import (
	"strings"

	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/syntax"
)

// stockMasterCF is the service part of the master.cf that Postfix 3.x
// installs. Without a master.cf, transports resolve against it.
const stockMasterCF = `smtp      inet  n       -       n       -       -       smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
        -o syslog_name=postfix/$service_name
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
`

// stockMaster returns the default master.cf of release v. Before 3.0 the
// relay service turned off the fallback relay to avoid mail loops when
// acting as backup MX.
func stockMaster(v postfix.Version) *syntax.File {
	src := stockMasterCF
	if v.Less(postfix.Version{Major: 3}) {
		src = strings.Replace(src, "-o syslog_name=postfix/$service_name", "-o smtp_fallback_relay=", 1)
	}
	return syntax.ParseMaster("", []byte(src))
}
