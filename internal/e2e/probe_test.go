package e2e_test

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/postlint/postlint/internal/postfixtest"
)

// checkProbe runs postlint probe against the real Postfix smtpd of the
// receiver: its implicit-TLS service on port 465 (wrapper mode) and its
// STARTTLS service on 587, with the self-signed certificate ca for
// rcv.test. A correct client setup reports nothing; a wrong wrapper mode
// is reported from what the server does (PL901, PL902), and a missing CA
// at level secure before any mail is queued (PL905).
func checkProbe(ctx context.Context, t *testing.T, postlint string, rcv *postfixtest.Instance, ca string) {
	t.Helper()
	cases := []struct {
		name, main string
		want       string // the rule IDs reported, in order
	}{
		{"465-wrapper-secure", "relayhost = [@HOST@]:465\nsmtp_tls_wrappermode = yes\nsmtp_tls_security_level = secure\nsmtp_tls_CAfile = @CA@\n", ""},
		{"587-starttls-secure", "relayhost = [@HOST@]:587\nsmtp_tls_security_level = secure\nsmtp_tls_CAfile = @CA@\n", ""},
		{"465-no-wrapper", "relayhost = [@HOST@]:465\nsmtp_tls_security_level = encrypt\nsmtp_tls_CAfile = @CA@\n", "PL901"},
		{"587-wrapper", "relayhost = [@HOST@]:587\nsmtp_tls_wrappermode = yes\nsmtp_tls_security_level = encrypt\nsmtp_tls_CAfile = @CA@\n", "PL902"},
		{"587-secure-no-ca", "relayhost = [@HOST@]:587\nsmtp_tls_security_level = secure\n", "PL905"},
	}
	for _, c := range cases {
		dir := postfixtest.ConfigDir(t, postfixtest.Files{"main.cf": strings.NewReplacer("@HOST@", rcv.Host(), "@CA@", ca).Replace(c.main)})
		cctx, ccancel := context.WithTimeout(ctx, 60*time.Second)
		out, err := exec.CommandContext(cctx, postlint, "probe", "--postfix-version", "3.7", "--greet-wait", "2s", "--timeout", "5s", "-f", "json", "--config-dir", dir).CombinedOutput()
		ccancel()
		var exit *exec.ExitError
		code := 0
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var ids []string
		for _, l := range strings.Split(string(out), "\n") {
			if r, ok := strings.CutPrefix(strings.TrimSpace(l), `"rule": "`); ok {
				ids = append(ids, strings.TrimSuffix(r, `",`))
			}
		}
		want := map[bool]int{true: 0, false: 1}[c.want == ""]
		if got := strings.Join(ids, " "); got != c.want || code != want {
			t.Errorf("%s: postlint probe reports %q (exit %d), want %q (exit %d)\n%s", c.name, got, code, c.want, want, out)
		} else {
			t.Logf("%s: %s", c.name, fmt.Sprint(ids))
		}
	}
}
