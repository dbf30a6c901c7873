// Package fix turns the fixes that findings propose into file changes:
// it validates and merges text edits, drops fixes that conflict with ones
// already taken (a second run picks them up), renders unified diffs, and
// rewrites the files of a configuration all or none, keeping their
// metadata, never over a change of someone else, with the originals saved
// until it has succeeded (and, with a reload, Postfix took them); see
// docs/fixing.md.
package fix
