package syntax

import (
	"bytes"
	"fmt"
	"os"
	"testing"
)

// bigMain generates a main.cf of about size bytes with the shapes real
// files have: comments, blank lines, short and continued settings.
func bigMain(size int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "# setting group %d: what it does and why it is set\n", i)
		fmt.Fprintf(&b, "smtp_tls_security_level_%d = may\n", i)
		fmt.Fprintf(&b, "smtpd_recipient_restrictions_%d = permit_mynetworks,\n", i)
		b.WriteString("    permit_sasl_authenticated,\n    reject_unauth_destination,\n")
		b.WriteString("    check_policy_service unix:private/policy-$myhostname\n\n")
		fmt.Fprintf(&b, "relayhost_%d = [smtp.example.com]:465\n", i)
	}
	return b.Bytes()
}

// bigMaster generates a master.cf of about size bytes.
func bigMaster(size int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "# service %d\n", i)
		fmt.Fprintf(&b, "relay%d    unix  -       -       y       -       -       smtp\n", i)
		b.WriteString("  -o smtp_tls_wrappermode=yes\n  -o smtp_tls_security_level=encrypt\n")
		b.WriteString("  -o { smtp_helo_name = mail.example.com }\n")
		fmt.Fprintf(&b, "127.0.0.1:%d inet n - n - - smtpd -o content_filter= -o syslog_name=postfix/%d\n", 10000+i%50000, i)
	}
	return b.Bytes()
}

func benchParse(b *testing.B, src []byte, kind Kind) {
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Parse("bench.cf", src, kind)
	}
}

func BenchmarkParseMainLarge(b *testing.B)   { benchParse(b, bigMain(8<<20), MainCF) }
func BenchmarkParseMasterLarge(b *testing.B) { benchParse(b, bigMaster(8<<20), MasterCF) }

// debianDefault calls fn with each of Debian's default main.cf and
// master.cf and its kind.
func debianDefault(b *testing.B, fn func(name string, src []byte, kind Kind)) {
	for _, name := range []string{"main.cf", "master.cf"} {
		src, err := os.ReadFile("../../testdata/configs/debian-default/" + name)
		if err != nil {
			b.Fatal(err)
		}
		kind := MainCF
		if name == "master.cf" {
			kind = MasterCF
		}
		fn(name, src, kind)
	}
}

// BenchmarkParseRealLarge parses Debian's default files repeated to 8 MiB:
// the shape of real files (mostly comments), at a size that measures
// throughput rather than per-call overhead.
func BenchmarkParseRealLarge(b *testing.B) {
	debianDefault(b, func(name string, src []byte, kind Kind) {
		big := bytes.Repeat(src, (8<<20)/len(src)+1)
		b.Run(name, func(b *testing.B) { benchParse(b, big, kind) })
	})
}

func BenchmarkParseDebianDefault(b *testing.B) {
	debianDefault(b, func(name string, src []byte, kind Kind) {
		b.Run(name, func(b *testing.B) { benchParse(b, src, kind) })
	})
}
