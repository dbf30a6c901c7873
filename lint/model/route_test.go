package model

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// routeLines renders routes compactly; file texts maps a file name to its
// source so that the located text can be shown.
func routeLines(rs []*Route, files map[string]string) []string {
	var out []string
	for _, r := range rs {
		loc := "-"
		if !r.At.IsZero() {
			loc = fmt.Sprintf("%s:%d:%d %q", r.At.File, r.At.Start.Line, r.At.Start.Column, files[r.At.File][r.At.Pos:r.At.End])
		}
		s := fmt.Sprintf("%s %s %s host=%s port=%d", r.Source, r.Transport, r.Hop, r.Host, r.Port)
		if r.Bracketed {
			s += " []"
		}
		if r.MX {
			s += " MX"
		}
		if r.Key != "" {
			s += " key=" + r.Key
		}
		out = append(out, s+" @ "+loc)
	}
	return out
}

func TestRoutes(t *testing.T) {
	tests := []struct {
		name   string
		main   string
		master *string
		files  map[string]string // extra files in the directory
		want   []string
	}{
		{
			name: "MX delivery by default",
			main: "myhostname = mx.example.com\n",
			want: []string{"default_transport smtp  host= port=25 MX @ -"},
		},
		{
			name: "relayhost with port",
			main: "relayhost = [smtp.example.com]:465\n",
			want: []string{`relayhost smtp [smtp.example.com]:465 host=smtp.example.com port=465 [] @ main.cf:1:13 "[smtp.example.com]:465"`},
		},
		{
			name: "relayhost list and port names",
			main: "relayhost = mail1.example:587,\n    mail2.example:submission [h3] [ipv6:2001:db8::1]:smtps\n",
			want: []string{
				`relayhost smtp mail1.example:587 host=mail1.example port=587 @ main.cf:1:13 "mail1.example:587"`,
				`relayhost smtp mail2.example:submission host=mail2.example port=587 @ main.cf:2:5 "mail2.example:submission"`,
				`relayhost smtp [h3] host=h3 port=25 [] @ main.cf:2:30 "[h3]"`,
				`relayhost smtp [ipv6:2001:db8::1]:smtps host=2001:db8::1 port=465 [] @ main.cf:2:35 "[ipv6:2001:db8::1]:smtps"`,
			},
		},
		{
			name: "relayhost with macro",
			main: "mydomain = example.com\nrelayhost = [$mydomain]:587\n",
			want: []string{`relayhost smtp [example.com]:587 host=example.com port=587 [] @ main.cf:2:13 "[$mydomain]:587"`},
		},
		{
			name: "default_transport nexthop wins over relayhost",
			main: "relayhost = [r]\ndefault_transport = smtp:[h]:465\n",
			want: []string{`default_transport smtp [h]:465 host=h port=465 [] @ main.cf:2:26 "[h]:465"`},
		},
		{
			name: "relay domains use relay_transport",
			main: "relayhost = [r]:587\nrelay_domains = example.org\n",
			want: []string{
				`relayhost smtp [r]:587 host=r port=587 [] @ main.cf:1:13 "[r]:587"`,
				`relayhost relay [r]:587 host=r port=587 [] @ main.cf:1:13 "[r]:587"`,
			},
		},
		{
			name: "relay_domains equal to mydestination adds nothing",
			main: "relay_domains = $mydestination\n",
			want: []string{"default_transport smtp  host= port=25 MX @ -"},
		},
		{
			name: "relay_transport nexthop",
			main: "relay_domains = example.org\nrelay_transport = relay:[r2]:2525\n",
			want: []string{
				"default_transport smtp  host= port=25 MX @ -",
				`relay_transport relay [r2]:2525 host=r2 port=2525 [] @ main.cf:2:25 "[r2]:2525"`,
			},
		},
		{
			name: "inline transport map",
			main: "relayhost = [r]\ntransport_maps = inline:{ a.example=smtp:[x]:465, {b.example = relay:[y] },\n  c.example=:[z], d.example=smtp:, e.example=error:nope, f.example=: }\n",
			want: []string{
				`relayhost smtp [r] host=r port=25 [] @ main.cf:1:13 "[r]"`,
				`transport_maps smtp [x]:465 host=x port=465 [] key=a.example @ main.cf:2:42 "[x]:465"`,
				`transport_maps relay [y] host=y port=25 [] key=b.example @ main.cf:2:70 "[y]"`,
				`transport_maps smtp [z] host=z port=25 [] key=c.example @ main.cf:3:14 "[z]"`,
				`transport_maps smtp  host= port=25 MX key=d.example @ main.cf:3:29 "smtp:"`,
			},
		},
		{
			name: "static transport map",
			main: "transport_maps = static:{smtp:[s]:587}\n",
			want: []string{
				"default_transport smtp  host= port=25 MX @ -",
				`transport_maps smtp [s]:587 host=s port=587 [] key=* @ main.cf:1:31 "[s]:587"`,
			},
		},
		{
			name:  "transport map file",
			main:  "transport_maps = hash:/etc/postfix/transport, regexp:/etc/postfix/re\n",
			files: map[string]string{"transport": "# comment\n\nexample.com   smtp:[mail.example.com]:465\r\n  continued line\nother.example relay:\n"},
			want: []string{
				"default_transport smtp  host= port=25 MX @ -",
				`transport_maps smtp [mail.example.com]:465 host=mail.example.com port=465 [] key=example.com @ transport:3:20 "[mail.example.com]:465"`,
				`transport_maps relay  host= port=25 MX key=other.example @ transport:5:15 "relay:"`,
			},
		},
		{
			name: "missing map file",
			main: "transport_maps = lmdb:/nonexistent/transport\nsender_dependent_relayhost_maps = hash:nosuch\n",
			want: []string{"default_transport smtp  host= port=25 MX @ -"},
		},
		{
			name:  "sender dependent relayhost",
			main:  "sender_dependent_relayhost_maps = texthash:/etc/postfix/sender_relay\n",
			files: map[string]string{"sender_relay": "@example.com [smtp.gmail.com]:587\nuser@x DUNNO\n"},
			want: []string{
				"default_transport smtp  host= port=25 MX @ -",
				`sender_dependent_relayhost_maps smtp [smtp.gmail.com]:587 host=smtp.gmail.com port=587 [] key=@example.com @ sender_relay:1:14 "[smtp.gmail.com]:587"`,
			},
		},
		{
			name: "fallback relay",
			main: "smtp_fallback_relay = [fb]:465\n",
			want: []string{
				"default_transport smtp  host= port=25 MX @ -",
				`smtp_fallback_relay smtp [fb]:465 host=fb port=465 [] @ main.cf:1:23 "[fb]:465"`,
			},
		},
		{
			name:   "custom transport in master.cf",
			main:   "transport_maps = inline:{example.com=custom:[x]:465, b.example=nosuch:[y], c.example=local:}\n",
			master: ptr("smtp unix - - n - - smtp\ncustom unix - - n - - smtp\n  -o smtp_tls_wrappermode=yes\n  -o smtp_fallback_relay=[fb2]\n"),
			want: []string{
				"default_transport smtp  host= port=25 MX @ -",
				`transport_maps custom [x]:465 host=x port=465 [] key=example.com @ main.cf:1:45 "[x]:465"`,
				`smtp_fallback_relay custom [fb2] host=fb2 port=25 [] @ master.cf:4:26 "[fb2]"`,
			},
		},
		{
			name:   "no smtp client service",
			main:   "relayhost = [r]\n",
			master: ptr("smtp inet n - n - - smtpd\n"),
		},
		{
			name: "lmtp",
			main: "transport_maps = inline:{a=lmtp:unix:/run/dovecot/lmtp, b=lmtp:inet:[127.0.0.1], c=lmtp:[h]:2424}\n",
			want: []string{
				"default_transport smtp  host= port=25 MX @ -",
				`transport_maps lmtp unix:/run/dovecot/lmtp host=/run/dovecot/lmtp port=0 key=a @ main.cf:1:33 "unix:/run/dovecot/lmtp"`,
				`transport_maps lmtp inet:[127.0.0.1] host=127.0.0.1 port=24 [] key=b @ main.cf:1:64 "inet:[127.0.0.1]"`,
				`transport_maps lmtp [h]:2424 host=h port=2424 [] key=c @ main.cf:1:89 "[h]:2424"`,
			},
		},
		{
			name:   "sender dependent default transport",
			main:   "relayhost = [r]\nsender_dependent_default_transport_maps = inline:{ @a.example=custom:[x]:2525, @b.example=custom: }\n",
			master: ptr("smtp unix - - n - - smtp\ncustom unix - - n - - smtp\n"),
			want: []string{
				`relayhost smtp [r] host=r port=25 [] @ main.cf:1:13 "[r]"`,
				`sender_dependent_default_transport_maps custom [x]:2525 host=x port=2525 [] key=@a.example @ main.cf:2:70 "[x]:2525"`,
				`sender_dependent_default_transport_maps custom [r] host=r port=25 [] key=@b.example @ main.cf:1:13 "[r]"`,
			},
		},
		{
			name: "sender dependent relays follow the class's transport",
			main: "default_transport = smtp:[d]\nsender_dependent_relayhost_maps = inline:{@x=[s]}\nrelay_domains = example.org\n",
			want: []string{
				`default_transport smtp [d] host=d port=25 [] @ main.cf:1:26 "[d]"`,
				"relay_transport relay  host= port=25 MX @ -",
				`sender_dependent_relayhost_maps relay [s] host=s port=25 [] key=@x @ main.cf:2:46 "[s]"`,
			},
		},
		{
			name: "smtp_tcp_port changes the default port",
			main: "relayhost = [r]\nsmtp_tcp_port = submission\n",
			want: []string{`relayhost smtp [r] host=r port=587 [] @ main.cf:1:13 "[r]"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			c := build(t, dir, tt.main, tt.master, "3.7")
			files := map[string]string{"main.cf": tt.main}
			if tt.master != nil {
				files["master.cf"] = *tt.master
			}
			for name, content := range tt.files {
				files[name] = content
			}
			got := routeLines(c.Routes, files)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("routes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestRouteTransportView(t *testing.T) {
	master := "smtp unix - - n - - smtp\nrelay unix - - n - - smtp\n  -o smtp_tls_wrappermode=yes\n"
	c := build(t, "", "relayhost = [r]:465\nrelay_domains = example.org\nsmtp_tls_security_level = encrypt\n", &master, "3.7")
	if len(c.Routes) != 2 {
		t.Fatalf("%d routes", len(c.Routes))
	}
	smtp, relay := c.Routes[0], c.Routes[1]
	if smtp.Bool("smtp_tls_wrappermode") || !relay.Bool("smtp_tls_wrappermode") || !relay.Overrides("smtp_tls_wrappermode") {
		t.Error("per-transport values")
	}
	if relay.Get("smtp_tls_security_level") != "encrypt" {
		t.Error("main.cf value through the transport")
	}
	if relay.ParamAt("smtp_tls_wrappermode").Start.Line != 3 || smtp.ParamAt("smtp_tls_security_level").Start.Line != 3 || !smtp.ParamAt("smtp_tls_wrappermode").IsZero() {
		t.Error("ParamAt")
	}
}

func TestTable(t *testing.T) {
	c := build(t, t.TempDir(), "transport_maps = inline:{ a=smtp:[x], {b = error: no way } }, static:relay\n", nil, "")
	got := c.Main().Table("transport_maps")
	want := []string{`a "smtp:[x]" 1:29`, `b "error: no way" 1:44`, `* "relay" 1:70`}
	if len(got) != len(want) {
		t.Fatalf("entries %+v", got)
	}
	for i, e := range got {
		if s := fmt.Sprintf("%s %q %d:%d", e.Key, e.Value, e.At.Start.Line, e.At.Start.Column); s != want[i] {
			t.Errorf("entry %d = %s, want %s", i, s, want[i])
		}
	}
	if c.Main().Table("relayhost") != nil || c.Main().Table("nosuch_maps") != nil {
		t.Error("entries of a non-table")
	}
}
