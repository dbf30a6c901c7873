// Package proof proves postlint's error rules against the real Postfix:
// for every rule of severity error, a proof file in testdata shows that
// postlint reports the rule on a configuration and that Postfix fails on
// that configuration with the log line the rule's documentation quotes,
// or says why Postfix cannot show it.
//
// A proof file is testdata/<ID>[-variant].txtar. Its comment is free text
// and key lines:
//
//	check: daemon smtpd [ARGS]    # stand-alone start-up check (-V -S)
//	check: service NAME TYPE      # the same, with the daemon and arguments of a master.cf entry
//	check: postconf ARGS          # postconf -c DIR ARGS
//	check: postfix-check          # postfix -c DIR check
//	check: start                  # start an instance with the configuration
//	check: reload                 # start an instance, then reload it with the configuration
//	check: send ADDRESS           # an instance with the configuration sends a message to ADDRESS
//	check: smtp [FLAGS] HOST:PORT # an instance with the configuration receives an SMTP session
//	want: TEXT                    # a log line holds TEXT (repeatable)
//
// Its files are the configuration (main.cf, master.cf, lookup tables,
// certificates). The daemon, service, postconf and postfix-check checks
// use the files as they are, in a directory of their own; the instance
// checks put instance settings before main.cf and the internal services
// after master.cf (postfixtest.Instance.Configure), and postlint lints
// exactly what Postfix reads. In the files and the check's arguments
// {{dir}} is the configuration directory, {{addr}} and {{host}} the
// instance's address and host name, {{alias}} another address of the
// instance's host, where a server is not "this host" to the instance's
// SMTP client, {{peer}} the address of the peer instance (SMTP servers on
// 25, 465 and 587) and {{public}} a non-local client address. The smtp
// check's flags are -from ADDR, -tls (implicit TLS), -starttls, -cert and
// -key (a client certificate), -sender, -rcpt and -greeting (how long to
// wait for the greeting).
//
// Every TEXT must be in a line that Postfix logs and in the rule's
// documented symptom, so the documentation quotes what Postfix logs; "..."
// in TEXT stands for variable data. Log lines are compared as Normalise
// makes them: without time stamp, PID and queue ID, the configuration
// directory as /etc/postfix, the instance's address and names as their
// placeholders. postlint must report the proof's rule on the
// configuration; its other findings do not matter. Instead of a check, a
// file named "reason" says why Postfix cannot show the failure; a proof
// may also be given for a rule of another severity.
//
// The test regenerates docs/proofs.md with -update and fails when it is
// stale.
package proof
