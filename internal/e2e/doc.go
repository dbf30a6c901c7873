// Package e2e holds the end-to-end test of postlint's fixes with real
// Postfix instances: a receiver on ports 465 and 587 and senders with the
// classic relay TLS mistakes, which postlint --fix repairs (see
// e2e_test.go). The instances come from internal/postfixtest.
package e2e
