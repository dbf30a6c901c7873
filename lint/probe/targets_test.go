package probe

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"

	"github.com/postlint/postlint/lint/model"
	"github.com/postlint/postlint/lint/postfix"
	"github.com/postlint/postlint/lint/syntax"
)

func build(t *testing.T, mainCf, masterCf string) *model.Config {
	t.Helper()
	v, err := postfix.ParseVersion("3.7.11")
	if err != nil {
		t.Fatal(err)
	}
	in := model.Input{Dir: t.TempDir(), Main: syntax.ParseMain("main.cf", []byte(mainCf)), Version: v}
	if masterCf != "" {
		in.Master = syntax.ParseMaster("master.cf", []byte(masterCf))
	}
	return model.Build(in)
}

func describe(ts []*Target) string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Host+":"+strconv.Itoa(t.Port)+" via "+t.Service.Name+" level "+t.Level())
	}
	return strings.Join(out, "; ")
}

func TestTargets(t *testing.T) {
	cfg := build(t, `relayhost = [relay.example]:587
smtp_tls_security_level = encrypt
transport_maps = inline:{ {lists.example = legacy:[old.example]:25} }
`, `smtp unix - - n - - smtp
legacy unix - - n - - smtp
  -o smtp_tls_security_level=may
`)
	ctx := context.Background()
	ts, _, err := Targets(ctx, cfg, nil, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := describe(ts); got != "relay.example:587 via smtp level encrypt; old.example:25 via legacy level may" {
		t.Errorf("routes: %s", got)
	}
	// A hop argument takes its route's transport; an unknown one the
	// default transport's.
	ts, _, err = Targets(ctx, cfg, []string{"[old.example]:25", "other.example"}, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := describe(ts); got != "old.example:25 via legacy level may; other.example:25 via smtp level encrypt" {
		t.Errorf("hops: %s", got)
	}
}

func TestTargetsMX(t *testing.T) {
	cfg := build(t, "smtp_tls_security_level = may\n", "")
	ctx := context.Background()
	ts, skipped, err := Targets(ctx, cfg, nil, "", nil)
	if err != nil || len(ts) != 0 || len(skipped) != 1 || !strings.Contains(skipped[0].Reason, "--mx DOMAIN") {
		t.Fatalf("without --mx: %v %v %v", ts, skipped, err)
	}
	lookup := func(_ context.Context, name string) ([]*net.MX, error) {
		if name != "example.net" {
			return nil, errors.New("lookup " + name + ": no such host")
		}
		return []*net.MX{{Host: "mx2.example.net.", Pref: 20}, {Host: "mx1.example.net.", Pref: 10}}, nil
	}
	ts, _, err = Targets(ctx, cfg, nil, "example.net", lookup)
	if err != nil {
		t.Fatal(err)
	}
	if got := describe(ts); got != "mx1.example.net:25 via smtp level may; mx2.example.net:25 via smtp level may" {
		t.Errorf("MX: %s", got)
	}
	if ts[0].Domain != "example.net" || nexthop(ts[0]) != "example.net" {
		t.Errorf("domain %q", ts[0].Domain)
	}
	if _, _, err := Targets(ctx, cfg, nil, "nosuch.example", lookup); err == nil {
		t.Error("a failed MX lookup is no error")
	}
}

// A policy table entry for the hop sets its level and protocols; a table
// postlint cannot read makes the level unknown.
func TestPolicy(t *testing.T) {
	cfg := build(t, `relayhost = [relay.example]:587
smtp_tls_security_level = may
smtp_tls_policy_maps = inline:{ {[relay.example]:587 = encrypt protocols=>=TLSv1} }
`, "")
	ts, _, err := Targets(context.Background(), cfg, nil, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	tg := ts[0]
	if tg.Level() != "encrypt" || !tg.PolicyKnown() {
		t.Errorf("level %s known %v", tg.Level(), tg.PolicyKnown())
	}
	if p, v := tg.ProtocolParam(); p != "smtp_tls_policy_maps protocols=" || v != ">=TLSv1" {
		t.Errorf("protocols %s %s", p, v)
	}
	cfg = build(t, "relayhost = [relay.example]:587\nsmtp_tls_policy_maps = hash:/nonexistent/policy\n", "")
	ts, _, _ = Targets(context.Background(), cfg, nil, "", nil)
	if ts[0].PolicyKnown() {
		t.Error("an unreadable policy table is known")
	}
}

// A next hop without [] is delivered to its MX hosts, as Postfix does;
// to the host itself only when it has no MX, DNS is off, or it is an
// address.
func TestTargetsUnbracketedHopsUseMX(t *testing.T) {
	ctx := context.Background()
	calls := 0
	lookup := func(_ context.Context, name string) ([]*net.MX, error) {
		calls++
		switch name {
		case "relay.example":
			return []*net.MX{{Host: "mx2.relay.example.", Pref: 20}, {Host: "mx1.relay.example.", Pref: 10}}, nil
		case "nomx.example":
			return nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
		}
		return nil, &net.DNSError{Err: "server misbehaving", Name: name, IsTemporary: true}
	}
	for _, c := range []struct{ main, want, skipped string }{
		{"relayhost = relay.example:587\n", "mx1.relay.example:587 via smtp level none; mx2.relay.example:587 via smtp level none", ""},
		{"relayhost = nomx.example:587\n", "nomx.example:587 via smtp level none", ""},
		{"relayhost = broken.example:587\n", "", "MX lookup of broken.example failed"},
		{"relayhost = relay.example:587\nsmtp_dns_support_level = disabled\n", "relay.example:587 via smtp level none", ""},
		{"relayhost = 192.0.2.7:587\n", "192.0.2.7:587 via smtp level none", ""},
	} {
		ts, skipped, err := Targets(ctx, build(t, c.main, ""), nil, "", lookup)
		if err != nil {
			t.Fatal(err)
		}
		if got := describe(ts); got != c.want {
			t.Errorf("%q: targets %s, want %s", c.main, got, c.want)
		}
		var reasons []string
		for _, s := range skipped {
			reasons = append(reasons, s.Reason)
		}
		if got := strings.Join(reasons, "; "); c.skipped != "" && !strings.Contains(got, c.skipped) {
			t.Errorf("%q: skipped %q, want %q", c.main, got, c.skipped)
		}
		for _, tg := range ts {
			if strings.HasPrefix(tg.Host, "mx") && (tg.Domain != "relay.example" || nexthop(tg) != "relay.example") {
				t.Errorf("%s: next hop %q, want relay.example", tg.Host, nexthop(tg))
			}
		}
	}
	if calls != 3 {
		t.Errorf("%d MX lookups, want 3 (none with DNS off or for an address)", calls)
	}
}
