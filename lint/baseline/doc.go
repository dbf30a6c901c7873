// Package baseline lets a repository adopt postlint without fixing
// every finding first: a baseline file records the findings of today,
// and later runs report only the findings that are not in it, and the
// entries of it that no longer match anything (stale), so that the file
// shrinks as problems are fixed.
//
// # Matching
//
// A finding is matched by its Key, not by its line: the rule ID, the
// file's path relative to the repository root (see Root), the parameter
// the finding is about (lint.Finding.Param), what it points at (the
// main.cf setting, the master.cf service or its -o option) and a hash of
// that setting's value, normalised (white space runs and blanks around
// commas do not count). Lines inserted above a finding therefore keep
// its key, and a change of the value it is about gives a new key (the
// old entry turns stale, the finding is new). A finding about a
// parameter other than the setting it points at (PL201 points at
// relayhost but is about smtp_tls_wrappermode) also hashes the main.cf
// value of that parameter. Findings about a file as a whole (at its
// start, with no extent) hash nothing; findings in files that are
// neither main.cf nor master.cf (table sources) hash their message.
//
// Entries are judged only when the run checked their file (Coverage)
// with their rule: others are neither stale nor dropped by a rewrite.
// Files outside the checked paths, such as the certificates a host check
// reads under /etc/ssl, are never covered, so their entries go only by
// hand.
//
// The same key may occur several times (two identical settings, one
// rule naming two undefined macros of one value): the baseline keeps a
// count, and N entries of a key match at most N findings now.
//
// # File format
//
// A baseline is JSON, written with sorted entries and a trailing
// newline so that it diffs well in review:
//
//	{
//	  "version": 1,
//	  "entries": [
//	    {
//	      "rule": "PL201",
//	      "file": "hosts/mx1/main.cf",
//	      "param": "smtp_tls_wrappermode",
//	      "at": "relayhost",
//	      "value": "5d1ad8d6b9d2c0a1",
//	      "count": 1,
//	      "message": "relayhost [smtp.example.net]:465 is port 465 ..."
//	    }
//	  ]
//	}
//
// rule, file and count are required; param, at and value are absent
// when empty; message is the first matching finding's message, for the
// reader, and is not used for matching. Unknown keys, a version other
// than 1, a count below 1 and duplicate keys are errors that name the
// file and line.
package baseline
