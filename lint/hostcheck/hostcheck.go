package hostcheck

import (
	"crypto/x509"
	"io/fs"
	"os"
	"time"

	"github.com/postlint/postlint/internal/safefile"
	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/model"
)

// Options tune a check.
type Options struct {
	// Now is the time certificates are checked at and map files are
	// compared with; zero means time.Now().
	Now time.Time
	// Enabled reports whether the rule with this ID runs; nil runs all.
	Enabled func(id string) bool
	// Roots are the trusted root certificates PL809 looks for issuers
	// in, besides the *_tls_CAfile of the same prefix; nil means the
	// system's pool (x509.SystemCertPool), loaded when first needed.
	Roots *x509.CertPool
	// Owner returns the user ID that owns a file; nil reads it from
	// the file's stat data (Unix). When it returns ok == false the
	// owner is not checked.
	Owner func(path string, fi fs.FileInfo) (uid int, ok bool)
	// Euid is the effective user ID postlint runs as; nil means
	// os.Geteuid. It decides whether "permission denied" is Postfix's
	// problem (as root: PL801) or only postlint's (PL814).
	Euid func() int

	// DaemonDirectories are where PL815 looks for the daemon directory
	// when main.cf does not set daemon_directory; nil means the places
	// the common packages use (see daemonDirectories), empty means none.
	DaemonDirectories []string

	// read and stat default to safefile.ReadAtMost and os.Stat; tests
	// replace them to simulate files that root cannot read.
	read func(path string, n int64) ([]byte, fs.FileInfo, error)
	stat func(string) (fs.FileInfo, error)
}

// Run checks the files that the configuration names, at time now, with
// the system's trusted roots and the real file owners. It is
// Check(in, Options{Now: now}).
func Run(in lint.Input, now time.Time) []lint.Finding {
	return Check(in, Options{Now: now})
}

// Check checks the files that the configuration of in names (see the
// package documentation) and returns the findings sorted by file,
// position and rule ID. It never fails: problems with the files are
// findings, and a configuration without main.cf and master.cf gives none.
func Check(in lint.Input, opt Options) []lint.Finding {
	cfg := model.Build(model.Input{Dir: in.Dir, Main: in.Main, Master: in.Master, Version: in.Version})
	c := newChecker(cfg, in.Dir, opt)
	for _, v := range c.views() {
		c.checkTLS(v)
	}
	c.checkMaps()
	c.checkDaemons()
	return lint.SortFindings(c.out)
}

// checker holds the state of one Check.
type checker struct {
	cfg   *model.Config
	dir   string // the configuration directory relative paths resolve against
	opt   Options
	now   time.Time
	files map[string]*pemFile // by resolved path
	cas   map[string]*caFile  // by resolved path
	roots *x509.CertPool      // nil until loaded
	out   []lint.Finding
}

func newChecker(cfg *model.Config, dir string, opt Options) *checker {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.Owner == nil {
		opt.Owner = fileOwner
	}
	if opt.Euid == nil {
		opt.Euid = os.Geteuid
	}
	if opt.DaemonDirectories == nil {
		opt.DaemonDirectories = daemonDirectories
	}
	if opt.read == nil {
		opt.read = safefile.ReadAtMost
	}
	if opt.stat == nil {
		opt.stat = os.Stat
	}
	return &checker{
		cfg: cfg, dir: dir, opt: opt, now: opt.Now,
		files: make(map[string]*pemFile),
		cas:   make(map[string]*caFile),
	}
}

// report adds a finding of rule id at loc about parameter param.
func (c *checker) report(id string, loc model.Location, param, msg string) {
	if c.opt.Enabled != nil && !c.opt.Enabled(id) {
		return
	}
	c.out = append(c.out, lint.Finding{
		Rule: id, Severity: severity(id),
		File: loc.File, Pos: loc.Pos, End: loc.End, Start: loc.Start, Stop: loc.Stop,
		Message: msg, Param: param,
	})
}

// systemRoots returns Options.Roots, else the system's pool (empty when
// it cannot be loaded).
func (c *checker) systemRoots() *x509.CertPool {
	if c.roots == nil {
		c.roots = c.opt.Roots
		if c.roots == nil {
			if p, err := x509.SystemCertPool(); err == nil {
				c.roots = p
			} else {
				c.roots = x509.NewCertPool()
			}
		}
	}
	return c.roots
}
