package hostcheck

import (
	"path/filepath"
	"strings"

	"github.com/postlint/postlint/lint/model"
)

// view is where parameter values come from: main.cf alone, or one
// master.cf service (its -o overrides, then main.cf).
type view struct {
	cfg *model.Config
	svc *model.Service // nil for main.cf
}

// views returns main.cf, then every master.cf service with -o overrides.
func (c *checker) views() []view {
	out := []view{{cfg: c.cfg}}
	for _, s := range c.cfg.Services {
		if len(s.Params) > 0 {
			out = append(out, view{cfg: c.cfg, svc: s})
		}
	}
	return out
}

// get returns the effective value of name in the view, expanded.
func (v view) get(name string) string {
	if v.svc != nil {
		return strings.TrimSpace(v.svc.Get(name))
	}
	return strings.TrimSpace(v.cfg.Main().Get(name))
}

// raw returns the effective value of name in the view, unexpanded.
func (v view) raw(name string) string {
	if v.svc != nil {
		return v.svc.Raw(name)
	}
	return v.cfg.Main().Raw(name)
}

// scopeSets reports whether main.cf, or for a service its -o, or else
// main.cf, sets name.
func (v view) scopeSets(name string) bool {
	return v.svc != nil && v.svc.Overrides(name) || v.cfg.Main().Param(name) != nil
}

// param returns the setting of name made in this view's own scope: the
// effective main.cf setting, or the service's last -o. It is nil when
// the scope does not set name or the name is not a parameter of the
// target release.
func (v view) param(name string) *model.Param {
	if !v.cfg.Known(name) {
		return nil
	}
	if v.svc == nil {
		return v.cfg.Main().Param(name)
	}
	for i := len(v.svc.Params) - 1; i >= 0; i-- {
		if p := v.svc.Params[i]; p.Name == name {
			return p
		}
	}
	return nil
}

// ref is one file named by a setting.
type ref struct {
	param string         // the parameter that names the file
	at    model.Location // where the file is named
	raw   string         // the path as the value gives it
	path  string         // the path resolved against the configuration directory
}

// newRef makes the reference to file raw named by p: its location is
// raw's place in the written value when it appears there literally, else
// the whole value. A relative path is reported (PL813) and resolved
// against the configuration directory.
func (c *checker) newRef(p *model.Param, raw string) ref {
	r := ref{param: p.Name, at: valueLoc(p, raw), raw: raw, path: raw}
	if !filepath.IsAbs(raw) {
		r.path = filepath.Join(c.dir, raw)
		c.relative(r)
	}
	return r
}

// valueLoc locates text inside the value of p, falling back to the
// whole value, then to the name.
func valueLoc(p *model.Param, text string) model.Location {
	if text != "" {
		if i := strings.Index(p.Value, text); i >= 0 {
			return p.Span(i, i+len(text))
		}
	}
	if !p.ValueAt.IsZero() {
		return p.ValueAt
	}
	return p.At
}

// relative reports a relative path (PL813).
func (c *checker) relative(r ref) {
	qd := c.cfg.Main().Get("queue_directory")
	if qd == "" {
		qd = "usually /var/spool/postfix"
	}
	c.report(RelativePath, r.at, r.param, r.param+": "+r.raw+
		" is a relative path: Postfix daemons resolve it against queue_directory ("+qd+
		"), not the configuration directory; postlint checked "+r.path+"; use an absolute path")
}

// resolve returns raw, or raw joined to the configuration directory when
// it is relative.
func (c *checker) resolve(raw string) string {
	if filepath.IsAbs(raw) {
		return raw
	}
	return filepath.Join(c.dir, raw)
}
