// Package syntax is a lossless parser for Postfix's main.cf and master.cf.
//
// It reads files the way Postfix does (readlline, split_nameval and the
// master.cf tokenizer): a logical line starts with non-blank text and goes
// on over following lines that begin with white space; a line whose first
// non-blank character is '#' is a comment, also inside a continued value,
// and a '#' anywhere else is text. The tree keeps every byte: each
// top-level node covers whole physical lines, so Print(Parse(x)) == x, and
// every node carries byte offsets (Pos, End) into the source. Problems are
// recorded as *Error values that print "file:line:col: message"; parsing
// itself never fails.
package syntax
