// Package safefile reads the files postlint is given (configurations,
// rule files, settings, lookup table sources, certificates) without
// trusting what the path names: anything but a regular file is refused
// before it is opened, the open never blocks, kernel pseudo-files (/proc,
// /sys) are refused, and reading stops at a size bound. Every error names
// the file.
package safefile
