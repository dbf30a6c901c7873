// Package realworld holds the test of postlint against real Postfix
// configurations that nobody on this project wrote (../shared/realworld,
// outside the repository): every finding there was reviewed by hand and
// labelled in LABELS.tsv. The test requires that postlint's postconf
// emulation prints what the real postconf prints, that no finding
// labelled a false alarm comes back, that every real problem stays
// reported, and that a configuration Postfix refuses always has an error
// finding that says why. It has no code of its own.
package realworld
