// Package fix turns the fixes that findings propose into file changes:
// it validates and merges text edits, drops fixes that conflict with ones
// already taken (a second run picks them up), renders unified diffs, and
// rewrites files atomically.
package fix
