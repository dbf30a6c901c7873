package postfix

import (
	"fmt"
	"strconv"
	"strings"
)

// Version is a Postfix release number such as 3.7.11.
type Version struct {
	Major, Minor, Patch int
}

var (
	// Oldest is the oldest release the parameter table describes. The
	// release history starts with the 2.6 series.
	Oldest = Version{2, 6, 0}
	// Newest is the newest release the parameter table describes (taken
	// from the release history by the generator).
	Newest = newest
)

// ParseVersion parses a release number: "3.7" (meaning 3.7.0), "3.7.2",
// or a mail_version value such as "3.7.11". A suffix starting with "-", as
// in the snapshot version "3.9-20231012" or "3.8.0-RC1", is ignored, so a
// snapshot of X.Y counts as X.Y.0.
func ParseVersion(s string) (Version, error) {
	in := s
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '-'); i >= 0 {
		suffix := s[i+1:]
		if suffix == "" || strings.IndexFunc(suffix, notAlnum) >= 0 {
			return Version{}, fmt.Errorf("invalid Postfix version %q: bad suffix after -", in)
		}
		s = s[:i]
	}
	parts := strings.Split(s, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return Version{}, fmt.Errorf("invalid Postfix version %q: want major.minor or major.minor.patch", in)
	}
	var n [3]int
	for i, p := range parts {
		if p == "" || len(p) > 6 || strings.Trim(p, "0123456789") != "" {
			return Version{}, fmt.Errorf("invalid Postfix version %q: %q is not a number", in, p)
		}
		n[i], _ = strconv.Atoi(p)
	}
	return Version{n[0], n[1], n[2]}, nil
}

func notAlnum(r rune) bool {
	return (r < '0' || r > '9') && (r < 'a' || r > 'z') && (r < 'A' || r > 'Z')
}

// String formats v as major.minor.patch.
func (v Version) String() string {
	return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
}

// SeriesString formats the release series of v: "3.7".
func (v Version) SeriesString() string { return fmt.Sprintf("%d.%d", v.Major, v.Minor) }

// Compare returns -1, 0 or +1 as v is older than, equal to or newer than o.
func (v Version) Compare(o Version) int {
	switch {
	case v.Major != o.Major:
		return sign(v.Major - o.Major)
	case v.Minor != o.Minor:
		return sign(v.Minor - o.Minor)
	default:
		return sign(v.Patch - o.Patch)
	}
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// Less reports whether v is older than o.
func (v Version) Less(o Version) bool { return v.Compare(o) < 0 }

// AtLeast reports whether v is o or newer.
func (v Version) AtLeast(o Version) bool { return v.Compare(o) >= 0 }

// IsZero reports whether v is the zero Version, which the API uses for
// "no version given".
func (v Version) IsZero() bool { return v == Version{} }

// sameSeries reports whether v and o belong to the same release series
// (equal major and minor numbers).
func (v Version) sameSeries(o Version) bool { return v.Major == o.Major && v.Minor == o.Minor }

// Supported returns an error if v is outside the releases that the
// parameter table describes: older than Oldest or in a series newer than
// that of Newest. Patch releases of the newest series are supported.
func (v Version) Supported() error {
	if v.Less(Oldest) {
		return fmt.Errorf("unsupported Postfix version %s: the oldest supported release is %s", v, Oldest)
	}
	if !v.sameSeries(Newest) && Newest.Less(v) {
		return fmt.Errorf("unsupported Postfix version %s: the newest supported release series is %d.%d",
			v, Newest.Major, Newest.Minor)
	}
	return nil
}

// ParseTarget reads a target release as a user gives it: "3.7" means the
// newest 3.7 release postlint knows (not 3.7.0), "3.7.11" that release.
// The release must be Supported.
func ParseTarget(s string) (Version, error) {
	v, err := ParseVersion(s)
	if err != nil {
		return v, err
	}
	if err := v.Supported(); err != nil {
		return v, err
	}
	if core, _, _ := strings.Cut(strings.TrimSpace(s), "-"); strings.Count(core, ".") == 1 {
		v = NewestOf(v)
	}
	return v, nil
}

// NewestOf returns the newest release of v's series that postlint has
// facts of (v itself when it has none newer).
func NewestOf(v Version) Version {
	best := v
	for _, r := range dataReleases {
		if r.sameSeries(v) && best.Less(r) {
			best = r
		}
	}
	return best
}
