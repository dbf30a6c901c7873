package probe

import (
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/model"
	"github.com/postlint/postlint/lint/postfix"
)

// ExpiryWarning is how long before its end a certificate is reported.
const ExpiryWarning = 14 * 24 * time.Hour

// checker turns what one probe learned into findings.
type checker struct {
	t   *Target
	s   *Server
	now time.Time
	out []lint.Finding
}

// Check returns the findings for the server s of target t at time now.
func Check(t *Target, s *Server, now time.Time) []lint.Finding {
	c := &checker{t: t, s: s, now: now}
	c.check()
	return c.out
}

// at returns where the transport's value of param is set, else where the
// hop is named, else the start of main.cf.
func (c *checker) at(param string) model.Location {
	if param != "" {
		if l := c.t.Service.ParamAt(param); !l.IsZero() {
			return l
		}
	}
	if !c.t.At.IsZero() {
		return c.t.At
	}
	for _, f := range c.t.Config.Files() {
		p := f.Position(0)
		return model.Location{File: f.Name, Start: p, Stop: p}
	}
	return model.Location{}
}

func (c *checker) report(id string, sev lint.Severity, param, msg string, fixes ...lint.Fix) {
	loc := c.at(param)
	c.out = append(c.out, lint.Finding{
		Rule: id, Severity: sev, File: loc.File, Pos: loc.Pos, End: loc.End, Start: loc.Start, Stop: loc.Stop,
		Message: c.t.Hop + ": " + msg, Param: param, Fixes: fixes,
	})
}

func (c *checker) check() {
	t, s := c.t, c.s
	if s.Err != nil {
		c.report(Unreachable, lint.Error, "", fmt.Sprintf("cannot probe %s: %v", s.Addr, s.Err))
		return
	}
	wrapper := t.Service.Bool("smtp_tls_wrappermode")
	level := t.Level()
	known := t.PolicyKnown()
	switch {
	case s.Implicit && !wrapper:
		c.report(ImplicitWithoutWrapper, lint.Error, "smtp_tls_wrappermode",
			fmt.Sprintf("%s speaks implicit TLS (no greeting until a TLS handshake), but transport %s has smtp_tls_wrappermode = no: it waits for a greeting that never comes and defers the mail (\"lost connection ... while receiving the initial server greeting\")", s.Addr, t.Service.Name),
			c.setFix("smtp_tls_wrappermode", "yes", "Turn on wrapper mode for transport "+t.Service.Name)...)
	case !s.Implicit && wrapper:
		c.report(PlaintextWithWrapper, lint.Error, "smtp_tls_wrappermode",
			fmt.Sprintf("%s greets in plaintext (%q), but transport %s has smtp_tls_wrappermode = yes: the TLS handshake fails (\"wrong version number\") and the mail is deferred", s.Addr, s.Greeting, t.Service.Name),
			c.setFix("smtp_tls_wrappermode", "no", "Use STARTTLS (smtp_tls_wrappermode = no) for transport "+t.Service.Name)...)
		return
	}
	if !s.Implicit && !s.StartTLS {
		if known && Mandatory(level) {
			c.report(NoStartTLS, lint.Error, "smtp_tls_security_level",
				fmt.Sprintf("%s does not offer STARTTLS, but transport %s requires TLS (level %s): every delivery is deferred (\"TLS is required, but was not offered by host\")", s.Addr, t.Service.Name, level),
				c.policyFix(fmt.Sprintf("Send to %s without requiring TLS (a TLS policy entry with level may; only if plaintext to it is acceptable)", policyKey(t)), "may")...)
		}
		return
	}
	if level == "none" || !known && !s.TLS() {
		return
	}
	c.versions(level, known)
	if s.TLS() {
		c.certificate(level, known)
	}
}

// versions compares the versions the server accepts with those the
// transport allows at its level.
func (c *checker) versions(level string, known bool) {
	t, s := c.t, c.s
	if !known || len(s.Accepted) == 0 {
		if s.TLSErr != nil && known && Mandatory(level) {
			c.report(NoCommonVersion, lint.Error, "", fmt.Sprintf("no TLS session with %s with any version from TLSv1 to TLSv1.3 (%v): deliveries at %s fail", s.Addr, s.TLSErr, level))
		}
		return
	}
	param, value := t.ProtocolParam()
	spec := model.ProtocolList(value, t.Config.Version)
	if !spec.Valid {
		return // PL401 reports the list itself
	}
	var common []string
	for _, v := range s.Accepted {
		if spec.Allows(VersionName(v)) {
			common = append(common, VersionName(v))
		}
	}
	if len(common) > 0 {
		c.ciphers(level, common)
		return
	}
	var accepted []string
	for _, v := range s.Accepted {
		accepted = append(accepted, VersionName(v))
	}
	sev, outcome, where := handshakeFailure(level, param)
	newest := accepted[len(accepted)-1]
	protocols, ok := model.ProtocolsFrom(newest, t.Config.Version, ":")
	if !ok {
		protocols = ">=" + newest
	}
	c.report(NoCommonVersion, sev, where, fmt.Sprintf(
		"the server only accepts %s, and %s = %q allows %s: %s; if the server cannot be upgraded, allow its version for this destination only, with an smtp_tls_policy_maps entry such as \"%s %s protocols=%s\", instead of lowering %s for every destination",
		strings.Join(accepted, ", "), param, value, strings.Join(spec.Enabled, ", "), outcome,
		policyKey(t), level, protocols, param),
		c.policyFix(fmt.Sprintf("Allow %s and newer for %s only (a TLS policy entry)", newest, policyKey(t)), "protocols="+protocols)...)
}

// ciphers checks that the grade of the level leaves a cipher suite the
// server accepts, when the session cannot be TLSv1.3.
func (c *checker) ciphers(level string, common []string) {
	t, s := c.t, c.s
	if slices.Contains(common, "TLSv1.3") || s.Grades == nil {
		return
	}
	param := "smtp_tls_ciphers"
	if Mandatory(level) {
		param = "smtp_tls_mandatory_ciphers"
	}
	grade := strings.ToLower(t.Get(param))
	if v, ok := t.policyAttr("ciphers"); ok {
		grade, param = strings.ToLower(v), "smtp_tls_policy_maps ciphers="
	}
	ok, known := s.Grades[grade]
	// Without any session by grade, something else is wrong: no
	// finding rather than a guess.
	if !known || ok || !s.anyCipher() {
		return
	}
	sev, outcome, where := handshakeFailure(level, param)
	c.report(NoCommonCipher, sev, where, fmt.Sprintf(
		"over %s the server accepts no cipher suite of grade %s (%s): %s; if it cannot be upgraded, allow more for this destination only, with an smtp_tls_policy_maps entry such as \"%s %s ciphers=medium\"",
		strings.Join(common, ", "), grade, param, outcome, policyKey(t), level),
		c.policyFix(fmt.Sprintf("Allow medium-grade ciphers for %s only (a TLS policy entry)", policyKey(t)), "ciphers=medium")...)
}

// handshakeFailure says what a handshake that cannot succeed does at
// level: at may Postfix retries without TLS (a warning), at mandatory
// levels the mail is deferred (an error); and which setting param, the
// one that excludes the server, is: a policy attribute is reported at
// smtp_tls_policy_maps.
func handshakeFailure(level, param string) (sev lint.Severity, outcome, where string) {
	sev, outcome = lint.Warning, "at level may the TLS handshake fails and Postfix retries without TLS"
	if Mandatory(level) {
		sev, outcome = lint.Error, fmt.Sprintf("deliveries at %s fail with \"Cannot start TLS: handshake failure\"", level)
	}
	where = param
	if strings.HasPrefix(param, "smtp_tls_policy_maps") {
		where = "smtp_tls_policy_maps"
	}
	return sev, outcome, where
}

// anyCipher reports whether some grade worked.
func (s *Server) anyCipher() bool {
	for _, ok := range s.Grades {
		if ok {
			return true
		}
	}
	return false
}

func policyKey(t *Target) string {
	if t.Route != nil && t.Route.Hop != "" {
		return t.Route.Hop
	}
	return fmt.Sprintf("[%s]:%d", t.Host, t.Port)
}

// certificate checks the chain against the transport's CAs, names and
// the clock.
func (c *checker) certificate(level string, known bool) {
	s := c.s
	leaf := s.Chain[0]
	verifies := known && Verifies(level)
	switch {
	case c.now.After(leaf.NotAfter):
		sev := lint.Warning
		if verifies {
			sev = lint.Error
		}
		c.report(CertExpired, sev, "", fmt.Sprintf("the server's certificate (%s) expired on %s%s", subject(leaf), leaf.NotAfter.UTC().Format(time.DateOnly), consequence(verifies, level, "certificate has expired")))
	case c.now.Add(ExpiryWarning).After(leaf.NotAfter):
		c.report(CertExpired, lint.Warning, "", fmt.Sprintf("the server's certificate (%s) expires on %s: once it has, %s", subject(leaf), leaf.NotAfter.UTC().Format(time.DateOnly), strings.TrimPrefix(consequence(verifies, level, "certificate has expired"), ": ")))
	}
	// Expiry is reported above: verify at a time the chain is valid.
	when := c.now
	if when.After(leaf.NotAfter) {
		when = leaf.NotAfter.Add(-time.Second)
	}
	roots, caDesc, caParam := c.roots()
	inter := x509.NewCertPool()
	for _, ca := range s.Chain[1:] {
		inter.AddCert(ca)
	}
	if _, err := leaf.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: when, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}); err != nil {
		sev := lint.Info
		if verifies {
			sev = lint.Error
		}
		c.report(CertUntrusted, sev, caParam, fmt.Sprintf("the server's certificate chain (%s) does not verify against %s: %v%s", subject(leaf), caDesc, shortErr(err), consequence(verifies, level, "Server certificate not verified")))
		return
	}
	names, matchParam := c.matchNames(level)
	if !matches(leaf, names) {
		sev := lint.Info
		if verifies {
			sev = lint.Error
		}
		c.report(CertNameMismatch, sev, matchParam, fmt.Sprintf("the server's certificate is for %s, not %s (%s)%s", strings.Join(certNames(leaf), ", "), strings.Join(names, ", "), matchParam, consequence(verifies, level, "Server certificate not verified")))
	}
}

// consequence says what the problem does at the level.
func consequence(verifies bool, level, log string) string {
	if verifies {
		return fmt.Sprintf(": at level %s every delivery is deferred (%q)", level, log)
	}
	return fmt.Sprintf(": at level %s mail still goes (logged as \"Untrusted TLS connection established\"), but level verify or secure would defer it", level)
}

// roots returns the CAs the transport trusts, a description for
// messages and the setting to point at.
func (c *checker) roots() (*x509.CertPool, string, string) {
	t := c.t
	pool := x509.NewCertPool()
	var desc []string
	param := ""
	if f := t.Get("smtp_tls_CAfile"); f != "" {
		param = "smtp_tls_CAfile"
		desc = append(desc, "smtp_tls_CAfile "+f)
		if data, err := os.ReadFile(f); err == nil {
			pool.AppendCertsFromPEM(data)
		}
	}
	if d := t.Get("smtp_tls_CApath"); d != "" {
		if param == "" {
			param = "smtp_tls_CApath"
		}
		desc = append(desc, "smtp_tls_CApath "+d)
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			if data, err := os.ReadFile(filepath.Join(d, e.Name())); err == nil {
				pool.AppendCertsFromPEM(data)
			}
		}
	}
	if t.Service.Bool("tls_append_default_CA") {
		if sys, err := x509.SystemCertPool(); err == nil {
			// The system roots join the configured ones: verify
			// against each pool in turn is not the same, so the
			// system pool gets the configured certificates.
			for _, f := range []string{t.Get("smtp_tls_CAfile")} {
				if data, err := os.ReadFile(f); err == nil && f != "" {
					sys.AppendCertsFromPEM(data)
				}
			}
			pool = sys
		}
		desc = append(desc, "the system CAs (tls_append_default_CA = yes)")
	}
	if len(desc) == 0 {
		return pool, "no CA at all (smtp_tls_CAfile and smtp_tls_CApath are empty)", "smtp_tls_CAfile"
	}
	return pool, strings.Join(desc, " and "), param
}

// matchNames returns the names the certificate must match at the level,
// and the setting that says so.
func (c *checker) matchNames(level string) ([]string, string) {
	t := c.t
	param := "smtp_tls_verify_cert_match"
	if level == "secure" {
		param = "smtp_tls_secure_cert_match"
	}
	list := t.Get(param)
	if v, ok := t.policyAttr("match"); ok {
		list, param = strings.ReplaceAll(v, ":", " "), "smtp_tls_policy_maps match="
	}
	var names []string
	for _, w := range model.SplitList(list) {
		switch strings.ToLower(w) {
		case "hostname":
			names = append(names, t.Name)
		case "nexthop":
			names = append(names, nexthop(t))
		case "dot-nexthop":
			names = append(names, "."+nexthop(t))
		default:
			names = append(names, w)
		}
	}
	return names, param
}

func nexthop(t *Target) string {
	if t.Domain != "" {
		return t.Domain
	}
	return t.Name
}

// matches reports whether the leaf is for one of names; ".example.com"
// matches any name below example.com.
func matches(leaf *x509.Certificate, names []string) bool {
	for _, n := range names {
		if strings.HasPrefix(n, ".") {
			for _, dn := range certNames(leaf) {
				if strings.HasSuffix(strings.ToLower(dn), strings.ToLower(n)) {
					return true
				}
			}
			continue
		}
		if leaf.VerifyHostname(n) == nil {
			return true
		}
	}
	return false
}

func certNames(leaf *x509.Certificate) []string {
	names := slices.Clone(leaf.DNSNames)
	for _, ip := range leaf.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 && leaf.Subject.CommonName != "" {
		names = append(names, leaf.Subject.CommonName)
	}
	return names
}

func subject(c *x509.Certificate) string {
	if c.Subject.CommonName != "" {
		return "CN=" + c.Subject.CommonName
	}
	return c.Subject.String()
}

func shortErr(err error) string {
	var ua x509.UnknownAuthorityError
	if errors.As(err, &ua) {
		return "issuer unknown"
	}
	return err.Error()
}

// setFix sets a transport parameter: in its -o when it has one or is not
// main.cf's transport, else in main.cf. It is safe when every route of
// the transport goes to the probed port.
func (c *checker) setFix(name, value, title string) []lint.Fix {
	t := c.t
	var edits []model.TextEdit
	var ok bool
	if t.Service.Overrides(name) || !t.Service.Stock && !isMainTransport(t) {
		edits, ok = t.Config.SetOption(t.Service, name, value)
	} else {
		edits, ok = t.Config.SetMain(name, value)
	}
	if !ok || len(edits) == 0 {
		return nil
	}
	safe := true
	for _, r := range t.Config.Routes {
		if r.Service == t.Service && r.Port != t.Port {
			safe = false
		}
	}
	fix := lint.Fix{Title: title, Safe: safe}
	for _, e := range edits {
		fix.Edits = append(fix.Edits, lint.Edit{File: e.File, Pos: e.Pos, End: e.End, New: e.New})
	}
	return []lint.Fix{fix}
}

// policyFix writes a TLS policy entry for this destination only: the
// entry the hop has, with attrs set (level and attribute=value words), in
// an inline table before the transport's policy maps, so that it wins
// and every other destination keeps its settings. It is never safe: it
// relaxes TLS for that destination. Releases without inline tables get
// none.
func (c *checker) policyFix(title string, attrs ...string) []lint.Fix {
	t := c.t
	if t.Config.Version.Less(postfix.InlineTablesSince) || !t.PolicyKnown() {
		return nil
	}
	words := []string{t.Level()}
	if e, ok := t.policy(); ok {
		words = strings.Fields(strings.NewReplacer(",", " ").Replace(e.Value))
	}
	for _, a := range attrs {
		name, _, isAttr := strings.Cut(a, "=")
		if !isAttr {
			words[0] = a // the level
			continue
		}
		words = slices.DeleteFunc(words, func(w string) bool {
			k, _, ok := strings.Cut(w, "=")
			return ok && strings.EqualFold(k, name)
		})
		words = append(words, a)
	}
	entry := fmt.Sprintf("inline:{ { %s = %s } }", policyKey(t), strings.Join(words, " "))
	if old := t.Service.Raw("smtp_tls_policy_maps"); strings.TrimSpace(old) != "" {
		entry += ", " + strings.TrimSpace(old)
	}
	fixes := c.setFix("smtp_tls_policy_maps", entry, title)
	for i := range fixes {
		fixes[i].Safe = false
	}
	return fixes
}

// isMainTransport reports whether main.cf's setting is what the
// transport uses: it is the default or relay transport and has no -o.
func isMainTransport(t *Target) bool {
	for _, p := range []string{"default_transport", "relay_transport"} {
		name, _, _ := strings.Cut(t.Config.Main().Get(p), ":")
		if name == t.Service.Name {
			return true
		}
	}
	return false
}
