package postfix

// Daemon is a program of Postfix's daemon_directory that master.cf can
// run.
type Daemon struct {
	Name string
	// Since is the first release that ships it.
	Since Version
	// Arguments says what the daemon does with command arguments after
	// its options: ArgsNone daemons refuse any ("unexpected command-line
	// argument", or "unknown attribute name" in smtp and lmtp), ArgsAttributes
	// daemons read name=value attributes (pipe, spawn).
	Arguments DaemonArgs
}

// DaemonArgs says what a daemon does with command arguments.
type DaemonArgs int

const (
	ArgsNone DaemonArgs = iota
	ArgsAttributes
)

// daemons are the master.cf commands of Postfix 2.6 and later: the
// programs that postfix-files installs in daemon_directory, minus master
// and the scripts. Every one of them except pipe and spawn stops at the
// first command argument (3.7.11: each run stand-alone with a stray
// argument; the check is in each daemon's service routine, unchanged since
// before 2.6). postscreen, dnsblog and tlsproxy came with 2.8, postlogd
// with 3.4; nqmgr is the old name of qmgr, still installed.
var daemons = []Daemon{
	{Name: "anvil"}, {Name: "bounce"}, {Name: "cleanup"}, {Name: "discard"},
	{Name: "dnsblog", Since: Version{2, 8, 0}}, {Name: "error"}, {Name: "flush"},
	{Name: "lmtp"}, {Name: "local"}, {Name: "nqmgr"}, {Name: "oqmgr"}, {Name: "pickup"},
	{Name: "pipe", Arguments: ArgsAttributes}, {Name: "postlogd", Since: Version{3, 4, 0}},
	{Name: "postscreen", Since: Version{2, 8, 0}}, {Name: "proxymap"}, {Name: "qmgr"},
	{Name: "qmqpd"}, {Name: "scache"}, {Name: "showq"}, {Name: "smtp"}, {Name: "smtpd"},
	{Name: "spawn", Arguments: ArgsAttributes}, {Name: "tlsmgr"},
	{Name: "tlsproxy", Since: Version{2, 8, 0}}, {Name: "trivial-rewrite"},
	{Name: "verify"}, {Name: "virtual"},
}

// LookupDaemon returns the daemon called name that release v ships.
func LookupDaemon(name string, v Version) (Daemon, bool) {
	for _, d := range daemons {
		if d.Name == name && !v.Less(d.Since) {
			return d, true
		}
	}
	return Daemon{}, false
}

// DaemonNames returns the names of the daemons that release v ships.
func DaemonNames(v Version) []string {
	var out []string
	for _, d := range daemons {
		if !v.Less(d.Since) {
			out = append(out, d.Name)
		}
	}
	return out
}

// SuggestDaemon returns the daemon of release v nearest to name (edit
// distance at most 2), or "".
func SuggestDaemon(name string, v Version) string {
	best, bestD := "", 3
	for _, d := range daemons {
		if v.Less(d.Since) {
			continue
		}
		if k := editDistance(name, d.Name, 2); k < bestD {
			best, bestD = d.Name, k
		}
	}
	return best
}

// DaemonSince returns the first release that ships the daemon called
// name, and false when no release does.
func DaemonSince(name string) (Version, bool) {
	for _, d := range daemons {
		if d.Name == name {
			return d.Since, true
		}
	}
	return Version{}, false
}
