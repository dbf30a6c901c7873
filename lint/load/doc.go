// Package load finds Postfix configuration directories and reads their
// main.cf and master.cf into syntax trees. It turns every I/O problem into
// an error that names the file.
package load
