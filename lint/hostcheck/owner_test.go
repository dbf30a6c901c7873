//go:build unix

package hostcheck

import (
	"os"
	"strconv"
	"testing"
)

// The real owner lookup, with whoever runs the test: as root (CI) a
// 0600 key is fine; as another user it is reported as not owned by root.
func TestRealOwner(t *testing.T) {
	e := newEnv(t)
	p := newPKI(t)
	e.opt.Roots = p.roots()
	e.opt.Owner = nil
	path := write(t, e.dir, "combined.pem", 0o600, keyPEM(t, p.leaf.key), certPEM(p.leaf, p.inter))
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	uid := os.Geteuid()
	if got, ok := fileOwner(path, fi); !ok || got != uid {
		t.Fatalf("fileOwner = %d, %v; want %d", got, ok, uid)
	}
	var want []string
	if uid != 0 {
		want = append(want, "main.cf:1:23: warning: smtpd_tls_cert_file: private key file $DIR/combined.pem is owned by uid "+
			strconv.Itoa(uid)+", not root: only root should have access to it [PL804]")
	}
	e.expect(e.run("smtpd_tls_cert_file = $DIR/combined.pem\n", ""), want...)
}
