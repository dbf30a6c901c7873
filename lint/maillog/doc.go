// Package maillog reads Postfix mail logs: the syslog format
// ("Dec  1 23:43:29 host postfix/smtp[123]: ..."), RFC 3339 time stamps
// of rsyslog and journalctl -o short-iso, and the maillog_file format of
// postlogd, and the "postfix/smtpd: warning: ..." lines Postfix
// programs print on standard error; plain or gzipped (rotated) files. It splits each line into
// time stamp, host, syslog tag, PID, queue ID and message, and skips
// lines of programs that are not Postfix's. Broken input (binary data,
// invalid UTF-8, overlong lines, a damaged gzip stream) is an error that
// names the file and line.
package maillog
