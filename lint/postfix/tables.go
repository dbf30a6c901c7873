package postfix

// InlineTablesSince is the first release with inline:{...} lookup tables
// (dict_inline.c; RELEASE_NOTES-3.0 lists the new table type). The
// shared facts do not date table types: this one starts a series, so
// every release of 3.0 and later has it and none before.
var InlineTablesSince = Version{Major: 3}
