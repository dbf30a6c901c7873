package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// history is the content of params-history.tsv.
type history struct {
	rows   map[string]historyRow
	series []version // every release series that occurs, ascending, as x.y.0
	newest version   // the newest release that occurs
}

type historyRow struct {
	firsts []version // first release per series, ascending
	last   version
	def    string
}

func parseHistory(r io.Reader) (*history, error) {
	h := &history{rows: make(map[string]historyRow)}
	seen := make(map[version]bool)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	lineno := 0
	for sc.Scan() {
		lineno++
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("line %d: want 4 tab-separated fields, have %d", lineno, len(f))
		}
		var row historyRow
		for _, s := range strings.Split(f[1], ",") {
			v, err := parseVersion(strings.TrimSpace(s))
			if err != nil {
				return nil, fmt.Errorf("line %d: %w", lineno, err)
			}
			if n := len(row.firsts); n > 0 && !row.firsts[n-1].less(v) {
				return nil, fmt.Errorf("line %d: releases not ascending at %s", lineno, s)
			}
			if n := len(row.firsts); n > 0 && row.firsts[n-1].sameSeries(v) {
				return nil, fmt.Errorf("line %d: two releases of one series at %s", lineno, s)
			}
			row.firsts = append(row.firsts, v)
			seen[version{v.major, v.minor, 0}] = true
		}
		last, err := parseVersion(f[2])
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", lineno, err)
		}
		if last.less(row.firsts[len(row.firsts)-1]) {
			return nil, fmt.Errorf("line %d: last release %s precedes first release %s", lineno, last, row.firsts[len(row.firsts)-1])
		}
		row.last = last
		row.def = f[3]
		if _, dup := h.rows[f[0]]; dup {
			return nil, fmt.Errorf("line %d: duplicate parameter %s", lineno, f[0])
		}
		h.rows[f[0]] = row
		if h.newest.less(last) {
			h.newest = last
		}
		seen[version{last.major, last.minor, 0}] = true
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(h.rows) == 0 {
		return nil, errors.New("no parameters")
	}
	for v := range seen {
		h.series = append(h.series, v)
	}
	sort.Slice(h.series, func(i, j int) bool { return h.series[i].less(h.series[j]) })
	return h, nil
}
