package model

import (
	"testing"

	"github.com/postlint/postlint/lint/syntax"
)

// FuzzBuild checks that no input makes the model panic.
func FuzzBuild(f *testing.F) {
	f.Add("relayhost = [a]:465, b:smtps\ntransport_maps = inline:{ {x = smtp:[y] }, z=:, w=lmtp:unix:/s }, static:{relay:[q]}\n", "relay unix - - n - - smtp\n  -o { a = $b } -o c=${d?{e}:{f}}\n")
	f.Add("a = ${{$b} <= {3} ? {$c} : {$$}}\nb = $a\nc = $(a\n", "x inet n - n - - smtpd -o")
	f.Add("default_transport = :\nrelay_transport = relay:[\nrelay_domains = $relay_domains x\n", "[::1]:25 inet n - n - - smtpd\n")
	f.Fuzz(func(t *testing.T, main, master string) {
		c := Build(Input{
			Dir:    t.TempDir(),
			Main:   syntax.ParseMain("main.cf", []byte(main)),
			Master: syntax.ParseMaster("master.cf", []byte(master)),
		})
		m := c.Main()
		for _, p := range c.Params {
			m.Get(p.Name)
			c.Known(p.Name)
			p.Span(-1, len(p.Value)+5)
			c.SetParam(p, "x y")
			c.DeleteParam(p)
			c.RenameParam(p, "z")
			c.ReplaceParam(p, "a", "b")
			if p.Service != nil {
				p.Service.Get(p.Name)
				c.SetOption(p.Service, "n", "v w")
			}
		}
		for _, s := range c.Services {
			c.DeleteOption(s, "a")
			s.FieldAt(7)
		}
		for _, r := range c.Routes {
			r.Get("smtp_tls_wrappermode")
			r.ParamAt("smtp_tls_wrappermode")
		}
		c.SetMain("smtp_tls_wrappermode", "yes")
		ProtocolList(m.Get("smtp_tls_protocols"), c.Version)
		ParseCIDR(m.Get("mynetworks"))
	})
}
