package hostcheck

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/postlint/postlint/lint/model"
)

// compiled gives the files postmap writes for each indexed table type.
var compiled = map[string][]string{
	"hash":  {".db"},
	"btree": {".db"},
	"lmdb":  {".lmdb"},
	"cdb":   {".cdb"},
	"dbm":   {".dir", ".pag"},
	"sdbm":  {".dir", ".pag"},
}

// staleGrace is how recent a source change Postfix forgives: it warns
// only about sources modified more than 100 seconds ago (dict_db.c).
const staleGrace = 100 * time.Second

// mapRef is one indexed table named in a value.
type mapRef struct {
	typ, path string
	loc       string // the text of the value to point at
}

// checkMaps checks the compiled files of every indexed table that a
// setting in effect names.
func (c *checker) checkMaps() {
	for _, p := range c.cfg.Params {
		if p.Duplicate || p.Cycle || !c.cfg.Known(p.Name) || runtimeDB(p.Name) {
			continue
		}
		v := view{cfg: c.cfg, svc: p.Service}
		var refs []mapRef
		for _, tok := range model.SplitList(p.Value) {
			refs = c.appendMapRefs(refs, v, tok, tok, 0)
		}
		for _, m := range refs {
			c.checkMap(p, m)
		}
	}
}

// runtimeDB reports the parameters whose tables Postfix creates and
// updates itself: there is no source file and no postmap.
func runtimeDB(name string) bool {
	return name == "address_verify_map" || name == "postscreen_cache_map" ||
		strings.HasSuffix(name, "_tls_session_cache_database") ||
		strings.HasSuffix(name, "_sasl_auth_cache_name")
}

// appendMapRefs adds the indexed tables named by one list item: "type:name",
// with proxy: and debug: prefixes, and the tables inside unionmap:{...}
// and pipemap:{...}. A bare macro ($name) is skipped: the setting of
// name is checked itself. loc is the written text to point at.
func (c *checker) appendMapRefs(out []mapRef, v view, tok, loc string, depth int) []mapRef {
	if depth > 10 || isMacro(tok) {
		return out
	}
	if strings.Contains(tok, "$") {
		x, st := c.expand(v, tok, 0)
		if st != expandOK {
			return out
		}
		tok = x
	}
	for {
		rest, ok := strings.CutPrefix(tok, "proxy:")
		if !ok {
			rest, ok = strings.CutPrefix(tok, "debug:")
		}
		if !ok {
			break
		}
		tok = rest
	}
	typ, name, ok := strings.Cut(tok, ":")
	switch {
	case !ok || name == "":
	case (typ == "unionmap" || typ == "pipemap") && strings.HasPrefix(name, "{") && strings.HasSuffix(name, "}"):
		for _, in := range model.SplitList(name[1 : len(name)-1]) {
			l := in
			if !strings.Contains(loc, in) {
				l = loc
			}
			out = c.appendMapRefs(out, v, in, l, depth+1)
		}
	case compiled[typ] != nil:
		out = append(out, mapRef{typ: typ, path: name, loc: loc})
	}
	return out
}

// checkMap reports a table whose compiled file is missing (PL811) or
// older than its source (PL812).
func (c *checker) checkMap(p *model.Param, m mapRef) {
	r := ref{param: p.Name, at: valueLoc(p, m.loc), raw: m.path, path: c.resolve(m.path)}
	if !filepath.IsAbs(m.path) {
		c.relative(r)
	}
	table := m.typ + ":" + m.path
	cmd := "postmap " + table
	if p.Name == "alias_maps" || p.Name == "alias_database" {
		cmd = "postalias " + table + " (or newaliases)"
	}
	src, srcErr := c.opt.stat(r.path)
	var db fs.FileInfo
	var dbPath string
	for _, suffix := range compiled[m.typ] {
		path := r.path + suffix
		fi, err := c.opt.stat(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			msg := p.Name + ": " + table + " is not compiled: " + path + " does not exist; run " + cmd
			if errors.Is(srcErr, fs.ErrNotExist) {
				msg = p.Name + ": " + table + ": neither the source file " + r.path + " nor " + path + " exists"
			}
			c.report(MapNotCompiled, r.at, r.param, msg)
			return
		case err != nil:
			access, denied := describeErr(err)
			c.unreadable(ref{param: r.param, at: r.at, raw: path, path: path}, access, denied)
			return
		}
		if db == nil || fi.ModTime().Before(db.ModTime()) {
			db, dbPath = fi, path
		}
	}
	if srcErr != nil || db == nil {
		return
	}
	if src.ModTime().After(db.ModTime()) && src.ModTime().Before(c.now.Add(-staleGrace)) {
		c.report(MapStale, r.at, r.param, p.Name+": database "+dbPath+" is older than source file "+r.path+
			" (by "+age(src.ModTime().Sub(db.ModTime()))+"); run "+cmd)
	}
}

// age formats a positive duration roughly: seconds, minutes, hours or
// days.
func age(d time.Duration) string {
	switch {
	case d < time.Minute:
		return plural(int(d/time.Second), "second")
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute")
	case d < 48*time.Hour:
		return plural(int(d/time.Hour), "hour")
	}
	return plural(int(d/(24*time.Hour)), "day")
}
