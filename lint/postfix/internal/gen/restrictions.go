package main

import (
	"bytes"
	"fmt"
	"go/format"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// smtpd restriction words per release tag, from
// facts/smtpd-restrictions.tsv. Each release fact is a bit mask over the
// tags (tags[i] is bit i); package postfix interpolates between tags as it
// does for parameters.

var relayReleasesRe = regexp.MustCompile(`mandatory relay-blocking restriction[^(]*\(releases: ([^)]*)\)`)

type restriction struct {
	name, kind, argSyntax, aliases, deprecation string
	nargs                                       int
}

func renderRestrictions(path string) ([]byte, []version, error) {
	rows, err := tsv(path)
	if err != nil {
		return nil, nil, err
	}
	tagSet := make(map[version]bool)
	parse := func(s string) ([]version, error) {
		vs, err := parseVersions(s)
		for _, v := range vs {
			tagSet[v] = true
		}
		return vs, err
	}
	type rawRow struct {
		r                             restriction
		accepted, warns, fails, relay []version
	}
	var raws []rawRow
	for _, row := range rows {
		if !strings.HasPrefix(row["scope"], "smtpd_*_restrictions") {
			continue
		}
		var rr rawRow
		rr.r = restriction{name: row["name"], kind: row["kind"], argSyntax: row["arg_syntax"],
			aliases: row["aliases"], deprecation: row["deprecation_message"]}
		var err error
		if rr.r.nargs, err = strconv.Atoi(row["nargs"]); err != nil {
			return nil, nil, fmt.Errorf("%s: %s: nargs: %w", path, rr.r.name, err)
		}
		if rr.accepted, err = parse(row["releases_accepted"]); err != nil {
			return nil, nil, fmt.Errorf("%s: %s: %w", path, rr.r.name, err)
		}
		if rr.warns, err = parse(row["releases_warn_deprecated"]); err != nil {
			return nil, nil, fmt.Errorf("%s: %s: %w", path, rr.r.name, err)
		}
		if rr.fails, err = parse(row["releases_removed_always_fails"]); err != nil {
			return nil, nil, fmt.Errorf("%s: %s: %w", path, rr.r.name, err)
		}
		if m := relayReleasesRe.FindStringSubmatch(row["notes"]); m != nil {
			if rr.relay, err = parse(m[1]); err != nil {
				return nil, nil, fmt.Errorf("%s: %s: %w", path, rr.r.name, err)
			}
		}
		raws = append(raws, rr)
	}
	var tags []version
	for t := range tagSet {
		tags = append(tags, t)
	}
	sortVersions(tags)
	if len(tags) > 64 {
		return nil, nil, fmt.Errorf("%s: %d release tags do not fit a 64-bit mask", path, len(tags))
	}
	bit := make(map[version]uint64)
	for i, t := range tags {
		bit[t] = 1 << i
	}
	mask := func(vs []version) uint64 {
		var m uint64
		for _, v := range vs {
			m |= bit[v]
		}
		return m
	}
	sort.Slice(raws, func(i, j int) bool { return raws[i].r.name < raws[j].r.name })
	var b bytes.Buffer
	b.WriteString(header)
	b.WriteString("// restrictionTags are the releases that the restriction facts describe;\n// bit i of a release mask stands for restrictionTags[i].\nvar restrictionTags = []Version{")
	writeVersions(&b, tags)
	b.WriteString("}\n\n// restrictionTable lists the smtpd restriction words, sorted by name.\nvar restrictionTable = []genRestriction{\n")
	for _, rr := range raws {
		r := rr.r
		fmt.Fprintf(&b, "{name: %q, kind: %q, nargs: %d, accepted: %#x", r.name, r.kind, r.nargs, mask(rr.accepted))
		if r.argSyntax != "" {
			fmt.Fprintf(&b, ", args: %q", r.argSyntax)
		}
		if r.aliases != "" {
			fmt.Fprintf(&b, ", aliases: %q", r.aliases)
		}
		if m := mask(rr.warns); m != 0 {
			fmt.Fprintf(&b, ", warns: %#x", m)
		}
		if m := mask(rr.fails); m != 0 {
			fmt.Fprintf(&b, ", fails: %#x", m)
		}
		if m := mask(rr.relay); m != 0 {
			fmt.Fprintf(&b, ", relay: %#x", m)
		}
		if r.deprecation != "" {
			fmt.Fprintf(&b, ", deprecation: %q", r.deprecation)
		}
		b.WriteString("},\n")
	}
	b.WriteString("}\n")
	src, err := format.Source(b.Bytes())
	return src, tags, err
}
