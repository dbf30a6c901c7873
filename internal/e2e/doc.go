// Package e2e holds the end-to-end test of postlint with real Postfix
// instances: a receiver on ports 465 and 587 and senders with the
// classic relay TLS mistakes. postlint probe checks the receiver's
// services live (probe_test.go), postlint why traces each sender's real
// deferral in its mail log to the setting responsible, and postlint
// --fix repairs it (e2e_test.go). The instances come from
// internal/postfixtest.
package e2e
