package model

// Main answers questions about main.cf as Postfix reads it.
type Main struct {
	// Present reports that there is a main.cf (otherwise every value is
	// a default).
	Present bool
	c       *Config
}

// Main returns the main.cf view of the configuration.
func (c *Config) Main() *Main { return &Main{Present: c.MainFile != nil, c: c} }

// Get returns the effective value of name, macros expanded: the last
// main.cf setting, else the target release's default.
func (m *Main) Get(name string) string { return m.c.main.get(name) }

// Raw returns the effective value of name without expansion.
func (m *Main) Raw(name string) string { return m.c.raw(name) }

// Set reports whether main.cf sets name.
func (m *Main) Set(name string) bool { return m.c.mainParam(name) != nil }

// Bool interprets Get(name) as a Postfix boolean ("yes" or "true").
func (m *Main) Bool(name string) bool { return isTrue(m.Get(name)) }

// Int interprets Get(name) as a decimal number, ignoring a trailing unit
// letter; 0 if it is not one.
func (m *Main) Int(name string) int { return toInt(m.Get(name)) }

// List splits Get(name) at commas and white space, keeping {...} groups
// together, as Postfix does.
func (m *Main) List(name string) []string { return SplitList(m.Get(name)) }

// At returns the location of the name of the effective main.cf setting,
// or the zero Location when main.cf does not set it.
func (m *Main) At(name string) Location { return m.c.mainAt(name) }

// ValueAt returns the location of the effective setting's value.
func (m *Main) ValueAt(name string) Location {
	if p := m.c.mainParam(name); p != nil {
		return p.ValueAt
	}
	return Location{}
}

// Table returns the entries postlint can read from the lookup tables of
// the maps parameter name (see Config.Table).
func (m *Main) Table(name string) []TableEntry { return m.c.Table(name) }

// Param returns the effective main.cf setting of name, or nil.
func (m *Main) Param(name string) *Param { return m.c.mainParam(name) }

func (c *Config) raw(name string) string {
	if p := c.mainParam(name); p != nil {
		return p.Value
	}
	return c.defaultOf(name).raw
}

func (c *Config) mainAt(name string) Location {
	if p := c.mainParam(name); p != nil {
		return p.At
	}
	return Location{}
}
