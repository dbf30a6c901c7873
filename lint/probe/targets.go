package probe

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"

	"github.com/postlint/postlint/lint/model"
)

// Skipped is a route that is not probed, with the reason.
type Skipped struct {
	Route  *model.Route
	Reason string
}

// Targets returns the servers to probe: those of every SMTP route of the
// configuration, or with hops those named, each with the transport that
// routes to it (the default transport for a hop no route names). MX
// delivery needs the recipient domain (mxDomain), whose MX hosts
// lookupMX finds; without it those routes are skipped.
func Targets(ctx context.Context, cfg *model.Config, hops []string, mxDomain string, lookupMX func(context.Context, string) ([]*net.MX, error)) ([]*Target, []Skipped, error) {
	var out []*Target
	var skipped []Skipped
	seen := map[string]bool{}
	add := func(t *Target) {
		key := strings.ToLower(t.Host) + "|" + strconv.Itoa(t.Port) + "|" + t.Service.Name + "|" + t.Service.Type
		if !seen[key] {
			seen[key] = true
			out = append(out, t)
		}
	}
	var mxHosts []string
	if mxDomain != "" {
		mxs, err := lookupMX(ctx, mxDomain)
		if err != nil {
			return nil, nil, err
		}
		sort.SliceStable(mxs, func(i, j int) bool { return mxs[i].Pref < mxs[j].Pref })
		for _, mx := range mxs {
			mxHosts = append(mxHosts, strings.TrimSuffix(mx.Host, "."))
		}
	}
	if len(hops) > 0 {
		for _, hop := range hops {
			host, port, err := ParseHop(hop)
			if err != nil {
				return nil, nil, err
			}
			t := &Target{Host: host, Port: port, Name: host, Hop: hop, Config: cfg}
			for _, r := range cfg.Routes {
				if r.Service.Command == "smtp" && !r.MX && r.Port == port && strings.EqualFold(r.Host, host) {
					t.Route, t.Service, t.At = r, r.Service, r.At
					break
				}
			}
			if t.Service == nil {
				t.Service = defaultTransport(cfg)
				if t.Service == nil {
					skipped = append(skipped, Skipped{Reason: hop + ": no smtp transport to take the settings from"})
					continue
				}
				t.At = t.Service.At
			}
			add(t)
		}
		return out, skipped, nil
	}
	for _, r := range cfg.Routes {
		switch {
		case r.Service.Command != "smtp":
			skipped = append(skipped, Skipped{r, "not an SMTP route (LMTP)"})
		case r.MX && mxDomain == "":
			skipped = append(skipped, Skipped{r, "MX delivery: name a recipient domain with --mx DOMAIN"})
		case r.MX:
			for _, h := range mxHosts {
				add(&Target{Host: h, Port: r.Port, Name: h, Domain: mxDomain, Route: r, Service: r.Service, Hop: h + " (MX of " + mxDomain + ")", At: r.At, Config: cfg})
			}
		case r.Port == 0:
			skipped = append(skipped, Skipped{r, "no TCP port"})
		case !r.Bracketed && looksUpMX(r):
			// Without [], Postfix delivers to the host's MX hosts, and to
			// the host itself only when it has none.
			var mxs []*net.MX
			var err error
			if lookupMX != nil {
				mxs, err = lookupMX(ctx, r.Host)
			}
			var dnsErr *net.DNSError
			switch {
			case err == nil && len(mxs) > 0:
				sort.SliceStable(mxs, func(i, j int) bool { return mxs[i].Pref < mxs[j].Pref })
				for _, mx := range mxs {
					h := strings.TrimSuffix(mx.Host, ".")
					// Hop stays as written: it is the TLS policy lookup key.
					add(&Target{Host: h, Port: r.Port, Name: h, Domain: r.Host, Route: r, Service: r.Service,
						Hop: r.Hop, At: r.At, Config: cfg})
				}
			case err == nil || errors.As(err, &dnsErr) && dnsErr.IsNotFound:
				add(&Target{Host: r.Host, Port: r.Port, Name: r.Host, Route: r, Service: r.Service, Hop: r.Hop, At: r.At, Config: cfg})
			default:
				skipped = append(skipped, Skipped{r, fmt.Sprintf("MX lookup of %s failed: %v", r.Host, err)})
			}
		default:
			add(&Target{Host: r.Host, Port: r.Port, Name: r.Host, Route: r, Service: r.Service, Hop: r.Hop, At: r.At, Config: cfg})
		}
	}
	return out, skipped, nil
}

// looksUpMX reports whether the SMTP client looks up the MX hosts of a
// next hop written without []: not for an address, nor with DNS lookups
// off (smtp_dns_support_level = disabled, or the older
// disable_dns_lookups = yes when the level is not set).
func looksUpMX(r *model.Route) bool {
	if net.ParseIP(r.Host) != nil {
		return false
	}
	switch strings.ToLower(r.Service.Get("smtp_dns_support_level")) {
	case "disabled":
		return false
	case "":
		return !r.Service.Bool("disable_dns_lookups")
	}
	return true
}

// defaultTransport returns the service default_transport names.
func defaultTransport(cfg *model.Config) *model.Service {
	name, _, _ := strings.Cut(cfg.Main().Get("default_transport"), ":")
	for _, s := range cfg.ServicesOrStock() {
		if s.Name == name && s.Type == "unix" && s.Command == "smtp" {
			return s
		}
	}
	return nil
}
