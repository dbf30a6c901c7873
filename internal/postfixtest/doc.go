// Package postfixtest runs the real Postfix in tests: stand-alone daemon
// start-up checks, postconf and "postfix check" on a private configuration
// directory, and private Postfix instances (their own configuration, queue,
// data directory and log) that tests start, reload, send mail through and
// read the log of.
//
// # Isolation
//
// A test binary that uses instances calls Main from TestMain. Main runs the
// tests again in a child process in new mount, PID and network namespaces
// (unshare --mount --pid --net --fork --kill-child), bounded in time. There:
//
//   - the loopback interface is private, so instances listen on fixed
//     addresses and the real port numbers (25, 465, 587) without colliding
//     with anything else on the machine; every instance has an address of
//     its own in 127.0.0.0/8, and PublicAddr is a non-loopback address a
//     test client can connect from;
//   - /dev is a private copy with a /dev/log socket that the harness reads,
//     so the master's own messages, which it logs through syslog before
//     postlogd runs (a master.cf it refuses), are seen as well;
//   - /etc/hosts is private, so instance host names resolve (AddHost);
//   - when the child ends, normally, on a failure or killed at the time
//     limit, the kernel kills every process left in the PID namespace,
//     Postfix daemons included.
//
// Where unshare is not permitted, Main runs the tests in-process and
// Require fails or skips the tests that need instances.
//
// # Gotchas it handles
//
// Postfix programs read a main.cf or master.cf changed within the last
// seconds again and again, so configuration files are back-dated after
// every write (Cool). Instance directories must be traversable by the
// postfix user. The mail log goes to a file through postlogd (maillog_file,
// Postfix 3.4 and later) instead of syslog. No service runs chrooted. A
// Postfix daemon that stops with a fatal error sleeps a second or more
// before it exits, so start-up checks run in parallel well.
//
// # Shared instances
//
// Starting an instance takes a second or two, so tests that only need a
// running Postfix share a small pool (Acquire): each test gets one
// instance to itself, loads its configuration with Reload, and reads only
// the log lines written since (Mark, WaitLog). Peer is one more shared
// instance with a fixed configuration: SMTP servers on ports 25, 465
// (implicit TLS) and 587 (STARTTLS) that accept and discard any mail.
package postfixtest
