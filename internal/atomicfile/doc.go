// Package atomicfile writes files that readers see whole or not at all.
//
// Output postlint writes for other programs (a SARIF log, a baseline)
// must never be left half-written: a CI step that uploads a truncated
// SARIF file or a run that reads a truncated baseline would fail in
// confusing ways. Create writes to a temporary file in the target's
// directory (so that the final rename stays on one file system), and
// Commit syncs it and renames it over the target. Until Commit, the old
// file, if any, is untouched; Abort removes the temporary file.
//
// This is for new outputs only. Configuration files that --fix rewrites
// go through package fix, which also keeps owner, mode and extended
// attributes and refuses files changed since they were read.
package atomicfile
