package main

import (
	"fmt"
	"regexp"
	"strconv"
)

// version is a Postfix release number. The generator has its own copy of
// the type because package postfix, which it writes, must compile without
// the generated files' predecessors being valid.
type version struct{ major, minor, patch int }

func (v version) less(o version) bool {
	if v.major != o.major {
		return v.major < o.major
	}
	if v.minor != o.minor {
		return v.minor < o.minor
	}
	return v.patch < o.patch
}

func (v version) series() version { return version{v.major, v.minor, 0} }

func (v version) sameSeries(o version) bool { return v.major == o.major && v.minor == o.minor }

// next is the release right after v in its series.
func (v version) next() version { return version{v.major, v.minor, v.patch + 1} }

func (v version) isZero() bool { return v == version{} }

func (v version) String() string { return fmt.Sprintf("%d.%d.%d", v.major, v.minor, v.patch) }

// literal is v as a Go expression of package postfix.
func (v version) literal() string {
	return fmt.Sprintf("Version{%d, %d, %d}", v.major, v.minor, v.patch)
}

var versionRe = regexp.MustCompile(`^v?(\d+)\.(\d+)(?:\.(\d+))?$`)

// parseVersion reads "3.7", "3.7.2" or a tag such as "v3.7.2".
func parseVersion(s string) (version, error) {
	m := versionRe.FindStringSubmatch(s)
	if m == nil {
		return version{}, fmt.Errorf("bad version %q", s)
	}
	var v version
	v.major, _ = strconv.Atoi(m[1])
	v.minor, _ = strconv.Atoi(m[2])
	if m[3] != "" {
		v.patch, _ = strconv.Atoi(m[3])
	}
	return v, nil
}

// parseVersions reads a comma-separated list of versions.
func parseVersions(s string) ([]version, error) {
	var out []version
	for _, part := range splitComma(s) {
		v, err := parseVersion(part)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
