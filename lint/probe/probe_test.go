package probe

import (
	"bufio"
	"context"
	"crypto/tls"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/postlint/postlint/internal/postfixtest"
	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/model"
	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/syntax"
)

// server is a small SMTP server on loopback: plaintext with or without
// STARTTLS, or implicit TLS, with the TLS settings given.
type server struct {
	addr string
}

func serve(t *testing.T, mode string, cfg *tls.Config) *server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go session(c, mode, cfg)
		}
	}()
	return &server{addr: ln.Addr().String()}
}

func session(c net.Conn, mode string, cfg *tls.Config) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	if mode == "implicit" {
		tc := tls.Server(c, cfg)
		if tc.Handshake() != nil {
			return
		}
		c = tc
	}
	r := bufio.NewReader(c)
	c.Write([]byte("220 mail.test ESMTP\r\n"))
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.Fields(line + " x")[0])
		switch {
		case cmd == "EHLO":
			ext := "250-mail.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n"
			if mode == "starttls" {
				ext = "250-mail.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n"
			}
			c.Write([]byte(ext))
		case cmd == "STARTTLS" && mode == "starttls":
			c.Write([]byte("220 2.0.0 Ready to start TLS\r\n"))
			tc := tls.Server(c, cfg)
			if tc.Handshake() != nil {
				return
			}
			c, r = tc, bufio.NewReader(tc)
			mode = "plain"
		case cmd == "QUIT":
			c.Write([]byte("221 2.0.0 Bye\r\n"))
			return
		default:
			c.Write([]byte("502 5.5.2 Error: command not recognized\r\n"))
		}
	}
}

// certs makes a certificate for name valid from notBefore to notAfter
// and returns the TLS settings serving it and the path of the
// certificate, which as a self-signed CA certificate is also a CAfile
// that trusts it.
func certs(t *testing.T, name string, notBefore, notAfter time.Time, minV, maxV uint16) (*tls.Config, string) {
	t.Helper()
	dir := t.TempDir()
	cert, key, err := postfixtest.SelfSigned(dir, name, notBefore, notAfter)
	if err != nil {
		t.Fatal(err)
	}
	pair, err := tls.LoadX509KeyPair(cert, key)
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: minV, MaxVersion: maxV}, cert
}

// probeConfig probes the servers main.cf routes to; every connection
// for mail.test goes to srv.
func probeConfig(t *testing.T, srv *server, mainCf string) []lint.Finding {
	t.Helper()
	_, port, _ := net.SplitHostPort(srv.addr)
	mainCf = strings.ReplaceAll(mainCf, "PORT", port)
	v, err := postfix.ParseVersion("3.7.11")
	if err != nil {
		t.Fatal(err)
	}
	cfg := model.Build(model.Input{Dir: "/etc/postfix", Main: syntax.ParseMain("main.cf", []byte(mainCf)), Version: v})
	ctx := context.Background()
	targets, _, err := Targets(ctx, cfg, nil, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(targets) != 1 {
		t.Fatalf("%d targets", len(targets))
	}
	d := &net.Dialer{}
	opt := Options{Timeout: 5 * time.Second, GreetWait: 500 * time.Millisecond,
		Dial: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if addr != "mail.test:"+port {
				t.Errorf("dials %s", addr)
			}
			return d.DialContext(ctx, network, srv.addr)
		}}
	tg := targets[0]
	s := Probe(ctx, tg.Host, tg.Port, tg.Service.Bool("smtp_tls_wrappermode"), tg.Name, opt)
	return Check(tg, s, time.Now())
}

func summary(fs []lint.Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule+" "+f.Severity.String()+" main.cf:"+strconv.Itoa(f.Start.Line))
	}
	return strings.Join(out, ", ")
}

var (
	now       = time.Now()
	valid     = [2]time.Time{now.Add(-time.Hour), now.Add(90 * 24 * time.Hour)}
	allTLS    = [2]uint16{tls.VersionTLS10, tls.VersionTLS13}
	secureCfg = "relayhost = [mail.test]:PORT\nsmtp_tls_security_level = secure\nsmtp_tls_CAfile = @CA@\n"
)

func TestCorrectSetupsReportNothing(t *testing.T) {
	cfg, ca := certs(t, "mail.test", valid[0], valid[1], allTLS[0], allTLS[1])
	starttls := serve(t, "starttls", cfg)
	if got := summary(probeConfig(t, starttls, strings.Replace(secureCfg, "@CA@", ca, 1))); got != "" {
		t.Errorf("STARTTLS: %s", got)
	}
	implicit := serve(t, "implicit", cfg)
	if got := summary(probeConfig(t, implicit, strings.Replace(secureCfg, "@CA@", ca, 1)+"smtp_tls_wrappermode = yes\n")); got != "" {
		t.Errorf("implicit TLS: %s", got)
	}
}

func TestWrapperMode(t *testing.T) {
	cfg, ca := certs(t, "mail.test", valid[0], valid[1], allTLS[0], allTLS[1])
	implicit := serve(t, "implicit", cfg)
	fs := probeConfig(t, implicit, strings.Replace(secureCfg, "@CA@", ca, 1))
	if got := summary(fs); got != "PL901 error main.cf:1" {
		t.Fatalf("implicit TLS without wrapper mode: %s", got)
	}
	if len(fs[0].Fixes) != 1 || !fs[0].Fixes[0].Safe || fs[0].Fixes[0].Edits[0].New == "" || !strings.Contains(fs[0].Fixes[0].Edits[0].New, "smtp_tls_wrappermode = yes") {
		t.Errorf("fix %+v", fs[0].Fixes)
	}
	starttls := serve(t, "starttls", cfg)
	fs = probeConfig(t, starttls, strings.Replace(secureCfg, "@CA@", ca, 1)+"smtp_tls_wrappermode = yes\n")
	if got := summary(fs); got != "PL902 error main.cf:4" {
		t.Fatalf("STARTTLS with wrapper mode: %s", got)
	}
	if len(fs[0].Fixes) != 1 || fs[0].Fixes[0].Edits[0].New != "no" || fs[0].Fixes[0].Edits[0].End-fs[0].Fixes[0].Edits[0].Pos != 3 {
		t.Errorf("fix %+v", fs[0].Fixes[0].Edits)
	}
}

func TestNoStartTLS(t *testing.T) {
	plain := serve(t, "plain", nil)
	encrypt := "relayhost = [mail.test]:PORT\nsmtp_tls_security_level = encrypt\n"
	fs := probeConfig(t, plain, encrypt)
	if got := summary(fs); got != "PL903 error main.cf:2" {
		t.Fatalf("encrypt: %s", got)
	}
	checkPolicyFix(t, fs[0], encrypt, strings.Split(plain.addr, ":")[1], "may")
	if got := summary(probeConfig(t, plain, "relayhost = [mail.test]:PORT\nsmtp_tls_security_level = may\n")); got != "" {
		t.Errorf("may: %s", got)
	}
	// A policy table postlint cannot read may lower the level for the
	// hop: no finding that depends on the level.
	if got := summary(probeConfig(t, plain, "relayhost = [mail.test]:PORT\nsmtp_tls_security_level = encrypt\nsmtp_tls_policy_maps = hash:/nonexistent/policy\n")); got != "" {
		t.Errorf("unknown policy: %s", got)
	}
}

func TestTLS10Only(t *testing.T) {
	cfg, ca := certs(t, "mail.test", valid[0], valid[1], tls.VersionTLS10, tls.VersionTLS10)
	old := serve(t, "starttls", cfg)
	base := "relayhost = [mail.test]:PORT\nsmtp_tls_security_level = encrypt\nsmtp_tls_CAfile = " + ca + "\n"
	fs := probeConfig(t, old, base+"smtp_tls_mandatory_protocols = >=TLSv1.2\n")
	if got := summary(fs); got != "PL904 error main.cf:4" {
		t.Fatalf("TLSv1 only against >=TLSv1.2: %s", got)
	}
	for _, want := range []string{"the server only accepts TLSv1,", `smtp_tls_mandatory_protocols = ">=TLSv1.2" allows TLSv1.2, TLSv1.3`, "deliveries at encrypt fail", `"[mail.test]:` + strings.Split(old.addr, ":")[1] + ` encrypt protocols=>=TLSv1"`} {
		if !strings.Contains(fs[0].Message, want) {
			t.Errorf("message lacks %q: %s", want, fs[0].Message)
		}
	}
	port := strings.Split(old.addr, ":")[1]
	checkPolicyFix(t, fs[0], base+"smtp_tls_mandatory_protocols = >=TLSv1.2\n", port, "encrypt protocols=>=TLSv1")
	if got := summary(probeConfig(t, old, base+"smtp_tls_mandatory_protocols = >=TLSv1\n")); got != "" {
		t.Errorf("TLSv1 allowed: %s", got)
	}
	// An entry the hop has keeps its other attributes, and the maps
	// already there stay behind the new table.
	withPolicy := base + "smtp_tls_mandatory_protocols = >=TLSv1.2\nsmtp_tls_policy_maps = inline:{ {[mail.test]:PORT = encrypt match=nexthop} }\n"
	fs = probeConfig(t, old, withPolicy)
	if got := summary(fs); got != "PL904 error main.cf:4" {
		t.Fatalf("with a policy entry: %s", got)
	}
	fixed := checkPolicyFix(t, fs[0], withPolicy, port, "encrypt match=nexthop protocols=>=TLSv1")
	if !strings.Contains(fixed, "} }, inline:{ {[mail.test]:"+port+" = encrypt match=nexthop} }") {
		t.Errorf("the existing maps are not kept behind the new entry:\n%s", fixed)
	}
	// At may, smtp_tls_protocols counts, and it is a warning.
	may := strings.Replace(base, "encrypt", "may", 1) + "smtp_tls_protocols = !SSLv2, !SSLv3, !TLSv1, !TLSv1.1\n"
	if got := summary(probeConfig(t, old, may)); got != "PL904 warning main.cf:4" {
		t.Errorf("may: %s", got)
	}
}

func TestCipherGrade(t *testing.T) {
	cfg, ca := certs(t, "mail.test", valid[0], valid[1], tls.VersionTLS10, tls.VersionTLS12)
	cfg.CipherSuites = []uint16{tls.TLS_ECDHE_ECDSA_WITH_RC4_128_SHA}
	rc4 := serve(t, "starttls", cfg)
	base := "relayhost = [mail.test]:PORT\nsmtp_tls_security_level = encrypt\nsmtp_tls_CAfile = " + ca + "\n"
	fs := probeConfig(t, rc4, base+"smtp_tls_mandatory_ciphers = high\n")
	if got := summary(fs); got != "PL909 error main.cf:4" {
		t.Fatalf("RC4 only against high: %s", got)
	}
	if !strings.Contains(fs[0].Message, "over TLSv1, TLSv1.1, TLSv1.2 the server accepts no cipher suite of grade high (smtp_tls_mandatory_ciphers)") {
		t.Errorf("message: %s", fs[0].Message)
	}
	checkPolicyFix(t, fs[0], base+"smtp_tls_mandatory_ciphers = high\n", strings.Split(rc4.addr, ":")[1], "encrypt ciphers=medium")
	if got := summary(probeConfig(t, rc4, base+"smtp_tls_mandatory_ciphers = medium\n")); got != "" {
		t.Errorf("RC4 only against medium: %s", got)
	}
	// A server with TLSv1.3 has suites whatever the grade.
	modern, ca13 := certs(t, "mail.test", valid[0], valid[1], tls.VersionTLS12, tls.VersionTLS13)
	srv := serve(t, "starttls", modern)
	if got := summary(probeConfig(t, srv, strings.Replace(base, ca, ca13, 1)+"smtp_tls_mandatory_ciphers = high\n")); got != "" {
		t.Errorf("modern: %s", got)
	}
}

func TestCertificates(t *testing.T) {
	selfCfg, _ := certs(t, "mail.test", valid[0], valid[1], allTLS[0], allTLS[1])
	_, otherCA := certs(t, "ca.test", valid[0], valid[1], allTLS[0], allTLS[1])
	self := serve(t, "starttls", selfCfg)
	// Self-signed and not in the CAfile.
	if got := summary(probeConfig(t, self, strings.Replace(secureCfg, "@CA@", otherCA, 1))); got != "PL905 error main.cf:3" {
		t.Errorf("untrusted at secure: %s", got)
	}
	noCA := "relayhost = [mail.test]:PORT\nsmtp_tls_security_level = verify\n"
	if got := summary(probeConfig(t, self, noCA)); got != "PL905 error main.cf:1" {
		t.Errorf("no CA at verify: %s", got)
	}
	if got := summary(probeConfig(t, self, strings.Replace(noCA, "verify", "encrypt", 1))); got != "PL905 info main.cf:1" {
		t.Errorf("untrusted at encrypt: %s", got)
	}

	expCfg, expCA := certs(t, "mail.test", now.Add(-48*time.Hour), now.Add(-24*time.Hour), allTLS[0], allTLS[1])
	expired := serve(t, "starttls", expCfg)
	fs := probeConfig(t, expired, strings.Replace(secureCfg, "@CA@", expCA, 1))
	if got := summary(fs); got != "PL907 error main.cf:1" {
		t.Errorf("expired at secure: %s", got)
	}

	otherCfg, otherNameCA := certs(t, "other.example", valid[0], valid[1], allTLS[0], allTLS[1])
	other := serve(t, "starttls", otherCfg)
	fs = probeConfig(t, other, strings.Replace(secureCfg, "@CA@", otherNameCA, 1))
	if got := summary(fs); got != "PL906 error main.cf:1" {
		t.Fatalf("other name at secure: %s", got)
	}
	if !strings.Contains(fs[0].Message, "is for other.example, not mail.test, .mail.test (smtp_tls_secure_cert_match)") {
		t.Errorf("message: %s", fs[0].Message)
	}
	matchCfg := strings.Replace(secureCfg, "@CA@", otherNameCA, 1) + "smtp_tls_secure_cert_match = nexthop, other.example\n"
	if got := summary(probeConfig(t, other, matchCfg)); got != "" {
		t.Errorf("other name allowed by smtp_tls_secure_cert_match: %s", got)
	}
}

func TestUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	fs := probeConfig(t, &server{addr: addr}, "relayhost = [mail.test]:PORT\n")
	if got := summary(fs); got != "PL908 error main.cf:1" || !strings.Contains(fs[0].Message, "connection refused") {
		t.Errorf("closed port: %s %v", got, fs)
	}
}

func TestParseHop(t *testing.T) {
	for in, want := range map[string]string{
		"[smtp.example.com]:587":  "smtp.example.com 587",
		"smtp.example.com:465":    "smtp.example.com 465",
		"smtp.example.com":        "smtp.example.com 25",
		"[ipv6:2001:db8::1]:25":   "2001:db8::1 25",
		"[mx.example]:submission": "mx.example 587",
	} {
		h, p, err := ParseHop(in)
		if err != nil || h+" "+strconv.Itoa(p) != want {
			t.Errorf("ParseHop(%q) = %q %d %v, want %s", in, h, p, err, want)
		}
	}
	for _, bad := range []string{"[x", "[x]y", "x:0", "x:nosuchport", ""} {
		if _, _, err := ParseHop(bad); err == nil {
			t.Errorf("ParseHop(%q): no error", bad)
		}
	}
}

// A server that answers with garbage is an error, not a crash.
func TestHostileServer(t *testing.T) {
	for name, script := range map[string]string{
		"blank extension": "220 x\r\n|250-x\r\n250-   \r\n250 \r\n",
		"short reply":     "22\r\n",
		"not SMTP":        "HTTP/1.1 400 Bad Request\r\n",
		"endless reply":   "220 x\r\n|" + strings.Repeat("250-x\r\n", 200),
		"refusal":         "554 5.7.1 go away\r\n",
		"endless line":    "220 " + strings.Repeat("x", 1<<20),
	} {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.Split(script, "|")
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				go func() {
					defer c.Close()
					r := bufio.NewReader(c)
					for _, p := range parts {
						c.Write([]byte(p))
						if _, err := r.ReadString('\n'); err != nil {
							return
						}
					}
				}()
			}
		}()
		fs := probeConfig(t, &server{addr: ln.Addr().String()}, "relayhost = [mail.test]:PORT\nsmtp_tls_security_level = encrypt\n")
		ln.Close()
		if name == "blank extension" {
			if got := summary(fs); got != "PL903 error main.cf:2" {
				t.Errorf("%s: %s", name, got)
			}
			continue
		}
		if got := summary(fs); got != "PL908 error main.cf:1" {
			t.Errorf("%s: %s %v", name, got, fs)
		}
	}
}

// checkPolicyFix applies the finding's fix, which must be unsafe, to
// mainCf and checks that the TLS policy of [mail.test]:port is then
// value, as the real postmap reads the new smtp_tls_policy_maps (when
// Postfix is installed). It returns the fixed main.cf.
func checkPolicyFix(t *testing.T, f lint.Finding, mainCf, port, value string) string {
	t.Helper()
	mainCf = strings.ReplaceAll(mainCf, "PORT", port)
	if len(f.Fixes) != 1 || f.Fixes[0].Safe {
		t.Fatalf("%s: want one unsafe fix, got %+v", f.Rule, f.Fixes)
	}
	out := mainCf
	edits := f.Fixes[0].Edits
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		out = out[:e.Pos] + e.New + out[e.End:]
	}
	cfg := model.Build(model.Input{Main: syntax.ParseMain("main.cf", []byte(out))})
	maps := cfg.Main().Get("smtp_tls_policy_maps")
	key := "[mail.test]:" + port
	if !strings.HasPrefix(maps, "inline:{ { "+key+" = "+value+" } }") {
		t.Errorf("%s: smtp_tls_policy_maps = %s, want an entry %q first", f.Rule, maps, key+" = "+value)
	}
	postmap, err := exec.LookPath("postmap")
	if err != nil {
		if _, e := os.Stat("/usr/sbin/postmap"); e != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("postmap not found (CI=true; .ci/run installs Postfix)")
			}
			return out
		}
		postmap = "/usr/sbin/postmap"
	}
	table, _, _ := strings.Cut(maps, "}, ")
	if !strings.HasSuffix(table, "}") {
		table += "}"
	}
	got, err := exec.Command(postmap, "-q", key, table).Output()
	if err != nil || strings.TrimSpace(string(got)) != value {
		t.Errorf("%s: postmap -q %s '%s' = %q (%v), want %q", f.Rule, key, table, got, err, value)
	}
	return out
}
