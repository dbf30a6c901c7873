package why

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/postlint/postlint/lint"
	"github.com/postlint/postlint/lint/maillog"
	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/probe"
	"github.com/postlint/postlint/lint/syntax"
	"github.com/postlint/postlint/rules"
)

// The lines are those Postfix 3.7 logged in the proofs of
// internal/proof (docs/proofs.md), with other hosts and services.
const (
	wrongVersion = "Dec 01 23:43:29 h postfix/smtp[201]: warning: TLS library problem: error:0A00010B:SSL routines::wrong version number:../ssl/record/ssl3_record.c:354:"
	noProxy      = "Dec 01 23:43:29 h postfix/smtp[201]: warning: connect to private/tlsproxy service: No such file or directory"
	handshake    = "Dec 01 23:43:29 h postfix/smtp[201]: 4F2A31C0D2: to=<rcpt@example.net>, relay=HOST[192.0.2.7]:587, delay=0.41, delays=0.25/0.16/0/0, dsn=4.7.5, status=deferred (Cannot start TLS: handshake failure)"
	badList      = `Dec 01 23:43:29 h TAG[300]: warning: Invalid TLS protocol list "TLSv1.0 TLSv1.2": disabling TLS support`
)

func run(t *testing.T, mainCf, masterCf string, log ...string) []*Cause {
	t.Helper()
	set, err := rules.Load(true)
	if err != nil {
		t.Fatal(err)
	}
	a := New(set)
	for i, raw := range log {
		l, ok := maillog.Parse(raw)
		if !ok {
			t.Fatalf("not a log line: %q", raw)
		}
		l.File, l.Num = "maillog", i+1
		a.Add(l)
	}
	v, err := postfix.ParseVersion("3.7.11")
	if err != nil {
		t.Fatal(err)
	}
	in := lint.Input{Dir: "/etc/postfix", Version: v, Main: syntax.ParseMain("main.cf", []byte(mainCf))}
	if masterCf != "" {
		in.Master = syntax.ParseMaster("master.cf", []byte(masterCf))
	}
	causes, err := a.Causes(in, set)
	if err != nil {
		t.Fatal(err)
	}
	return causes
}

// blamed lists "RULE file:line" for every finding of every cause.
func blamed(causes []*Cause) string {
	var out []string
	for _, c := range causes {
		if len(c.Findings) == 0 {
			out = append(out, c.Rule.ID+" none")
		}
		for _, f := range c.Findings {
			out = append(out, f.Rule+" "+f.File+":"+strconv.Itoa(f.Start.Line))
		}
	}
	return strings.Join(out, ", ")
}

const wrapper587 = `relayhost = [relay.example]:587
smtp_tls_security_level = encrypt
smtp_tls_wrappermode = yes
`

func TestWrapperModeBlamedForItsServerOnly(t *testing.T) {
	line := strings.Replace(handshake, "HOST", "relay.example", 1)
	if got := blamed(run(t, wrapper587, "", wrongVersion, line)); got != "PL202 main.cf:3" {
		t.Errorf("same server: %s", got)
	}
	// Another server on 587 (a transport_maps entry that this
	// configuration does not have): the relayhost setting is not why.
	other := strings.Replace(handshake, "HOST", "other.example", 1)
	if got := blamed(run(t, wrapper587, "", wrongVersion, other)); got != "PL202 none" {
		t.Errorf("other server: %s", got)
	}
	// Another port.
	port := strings.Replace(line, ":587,", ":2525,", 1)
	if got := blamed(run(t, wrapper587, "", wrongVersion, port)); got != "PL202 none" {
		t.Errorf("other port: %s", got)
	}
}

func TestContextTellsCausesApart(t *testing.T) {
	line := strings.Replace(handshake, "HOST", "relay.example", 1)
	// The same status without the TLS error before it is not PL202's.
	if got := blamed(run(t, wrapper587, "", line)); got != "" {
		t.Errorf("no context: %s", got)
	}
	noReuse := "relayhost = [relay.example]:587\nsmtp_tls_security_level = encrypt\nsmtp_tls_connection_reuse = yes\n"
	if got := blamed(run(t, noReuse, "", noProxy, line)); got != "PL409 main.cf:3" {
		t.Errorf("tlsproxy: %s", got)
	}
	// The context belongs to its process only.
	otherPID := strings.Replace(noProxy, "[201]", "[999]", 1)
	if got := blamed(run(t, noReuse, "", otherPID, line)); got != "" {
		t.Errorf("context of another process: %s", got)
	}
}

func TestProtocolListBlamesTheDaemonsSetting(t *testing.T) {
	mainCf := "smtp_tls_protocols = TLSv1.0 TLSv1.2\nsmtpd_tls_protocols = TLSv1.0 TLSv1.2\n"
	smtpd := strings.Replace(badList, "TAG", "postfix/smtpd", 1)
	if got := blamed(run(t, mainCf, "", smtpd)); got != "PL401 main.cf:2" {
		t.Errorf("smtpd: %s", got)
	}
	smtp := strings.Replace(badList, "TAG", "postfix/smtp", 1)
	if got := blamed(run(t, mainCf, "", smtp)); got != "PL401 main.cf:1" {
		t.Errorf("smtp: %s", got)
	}
	// The submission service overrides the list; its line is about its
	// own -o, not main.cf's.
	masterCf := "smtp inet n - n - - smtpd\nsubmission inet n - n - - smtpd\n  -o syslog_name=postfix/submission\n  -o smtpd_tls_protocols=TLSv1.0,TLSv1.2\n"
	sub := strings.Replace(badList, "TAG", "postfix/submission/smtpd", 1)
	if got := blamed(run(t, "smtpd_tls_protocols = TLSv1.0 TLSv1.2\n", masterCf, sub)); got != "PL401 none" {
		t.Errorf("submission with another value: %s", got)
	}
	masterCf = strings.Replace(masterCf, "TLSv1.0,TLSv1.2", "{TLSv1.0 TLSv1.2}", 1)
	masterCf = strings.Replace(masterCf, "-o smtpd_tls_protocols={TLSv1.0 TLSv1.2}", "-o { smtpd_tls_protocols = TLSv1.0 TLSv1.2 }", 1)
	if got := blamed(run(t, "smtpd_tls_protocols = TLSv1.0 TLSv1.2\n", masterCf, sub)); got != "PL401 master.cf:4" {
		t.Errorf("submission: %s", got)
	}
}

func TestGrouping(t *testing.T) {
	line := strings.Replace(handshake, "HOST", "relay.example", 1)
	second := strings.Replace(strings.Replace(line, "4F2A31C0D2", "5A1B2C3D4E", 1), "23:43:29", "23:50:00", 1)
	causes := run(t, wrapper587, "", wrongVersion, line, wrongVersion, line, wrongVersion, second)
	if len(causes) != 1 {
		t.Fatalf("%d causes", len(causes))
	}
	c := causes[0]
	if c.Count != 3 || strings.Join(c.QueueIDs, " ") != "4F2A31C0D2 5A1B2C3D4E" || c.First.Num != 2 || c.Last.Stamp != "Dec 01 23:50:00" || c.Server() != "[relay.example]:587" {
		t.Errorf("cause %+v", c)
	}
}

// BenchmarkWhy reads a log of 10⁵ lines, most of them ordinary traffic,
// every hundredth a failure, as "postlint why" does.
func BenchmarkWhy(b *testing.B) {
	set, err := rules.Load(true)
	if err != nil {
		b.Fatal(err)
	}
	ordinary := []string{
		"Dec 01 23:43:29 h postfix/smtpd[100]: connect from client.example[192.0.2.9]",
		"Dec 01 23:43:29 h postfix/smtpd[100]: 4F2A31C0D2: client=client.example[192.0.2.9]",
		"Dec 01 23:43:29 h postfix/cleanup[101]: 4F2A31C0D2: message-id=<x@client.example>",
		"Dec 01 23:43:29 h postfix/qmgr[102]: 4F2A31C0D2: from=<a@client.example>, size=1234, nrcpt=1 (queue active)",
		"Dec 01 23:43:29 h postfix/smtp[103]: 4F2A31C0D2: to=<b@example.net>, relay=mx.example.net[192.0.2.8]:25, delay=0.5, delays=0.1/0/0.2/0.2, dsn=2.0.0, status=sent (250 2.0.0 Ok)",
		"Dec 01 23:43:29 h postfix/qmgr[102]: 4F2A31C0D2: removed",
		"Dec 01 23:43:29 h postfix/smtpd[100]: disconnect from client.example[192.0.2.9] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5",
	}
	var lines []string
	failures := 0
	for i := 0; len(lines) < 100000; i++ {
		raw := ordinary[i%len(ordinary)]
		if i%100 == 99 {
			failures++
			raw = strings.Replace(handshake, "HOST", "relay.example", 1)
			lines = append(lines, wrongVersion)
		}
		lines = append(lines, raw)
	}
	text := []byte(strings.Join(lines, "\n") + "\n")
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for range b.N {
		a := New(set)
		if err := maillog.Read("maillog", bytes.NewReader(text), func(l maillog.Line) error { a.Add(l); return nil }); err != nil {
			b.Fatal(err)
		}
		if len(a.order) != 1 || len(a.order[0].matched) != failures {
			b.Fatalf("causes %+v", a.order)
		}
	}
}

// A hint (a probe check) shows only the lines no rule explains.
func TestHintsShowWhatNoRuleExplains(t *testing.T) {
	set, err := rules.Load(true)
	if err != nil {
		t.Fatal(err)
	}
	a := New(set, probe.Rules()...)
	line := strings.Replace(handshake, "HOST", "relay.example", 1)
	unexplained := strings.Replace(strings.Replace(line, "[201]", "[202]", 1), "4F2A31C0D2", "5A1B2C3D4E", 1)
	for i, raw := range []string{wrongVersion, line, unexplained} {
		l, _ := maillog.Parse(raw)
		l.File, l.Num = "maillog", i+1
		a.Add(l)
	}
	v, _ := postfix.ParseVersion("3.7.11")
	causes, err := a.Causes(lint.Input{Dir: "/etc/postfix", Version: v, Main: syntax.ParseMain("main.cf", []byte(wrapper587))}, set)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range causes {
		got = append(got, fmt.Sprintf("%s %d %s %d", c.Rule.ID, c.Count, strings.Join(c.QueueIDs, ","), len(c.Findings)))
	}
	if want := "PL202 1 4F2A31C0D2 1; PL904 1 5A1B2C3D4E 0"; strings.Join(got, "; ") != want {
		t.Errorf("causes %q, want %q", got, want)
	}
}
