#!/usr/bin/env bash
# The hostile-input table: runs two postlint binaries (an older one and
# this tree's) on generated hostile inputs and prints, per input class,
# the exit status, wall time and peak memory (GNU time's maximum resident
# set) of each, as a Markdown table.
#
#   scripts/hostile-table.sh [BEFORE_BINARY]
#
# Without BEFORE_BINARY only this tree's postlint runs. Each run is
# bounded: TIMEOUT seconds (default 120; a run cut off shows "timeout")
# and MEMORY_KB of address space (default 8 GB; "exit 2 (out of memory)"
# or a Go runtime crash shows as its exit status). Inputs are made in,
# and removed from, a temporary directory. Needs GNU time (/usr/bin/time)
# and timeout (coreutils).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
before="${1:-}"
limit="${TIMEOUT:-120}"
mem="${MEMORY_KB:-8000000}"
[ -x /usr/bin/time ] || { echo "hostile-table: needs GNU time (apt-get install time)" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/hostile.XXXXXX")"
trap 'rm -rf "$work"' EXIT
go build -o "$work/postlint" ./cmd/postlint
after="$work/postlint"

mk() { mkdir -p "$work/$1"; }
# repeat N TEXT: N lines of TEXT.
repeat() { awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) print s }'; }
gen() { # gen NAME: writes the inputs of one class under $work/NAME
	local d="$work/$1"
	mk "$1"
	case "$1" in
	chain101)
		{
			echo "p0 = x"
			for i in $(seq 1 101); do echo "p$i = \$p$((i - 1))"; done
			echo 'smtpd_banner = $p101'
		} >"$d/main.cf" ;;
	nest102)
		{
			printf 'a = 1\nsmtpd_banner = '
			for _ in $(seq 102); do printf '${a?{'; done
			printf 'x'
			for _ in $(seq 102); do printf '}}'; done
			echo
		} >"$d/main.cf" ;;
	bomb)
		{
			echo "a0 = x"
			for i in $(seq 1 40); do echo "a$i = \$a$((i - 1)) \$a$((i - 1))"; done
			echo 'smtpd_banner = $a40'
		} >"$d/main.cf" ;;
	refs1e6)
		{
			echo "a = x"
			printf 'myhostname = '
			repeat 1000000 '$a' | tr '\n' ' '
			echo
		} >"$d/main.cf" ;;
	services20k)
		echo "compatibility_level = 3.6" >"$d/main.cf"
		for i in $(seq 1 20000); do echo "s$i unix - - n - - smtp"; done >"$d/master.cf" ;;
	comments1e6)
		{ repeat 1000000 '# a comment'; echo "myhostname = mail.example.com"; } >"$d/main.cf" ;;
	continuations1e6)
		echo "compatibility_level = 3.6" >"$d/main.cf"
		{ echo "smtp inet n - n - - smtpd"; repeat 1000000 '  -o smtpd_tls_security_level=may'; } >"$d/master.cf" ;;
	deepnest)
		{
			printf 'smtpd_banner = '
			for _ in $(seq 100000); do printf '${a?{'; done
			echo
		} >"$d/main.cf" ;;
	diff40mb)
		repeat 1300000 'smtpd_tls_security_level = yes' >"$d/main.cf" ;;
	rulebudget)
		echo "myhostname = mail.example.com" >"$d/main.cf"
		cat >"$d/slow.toml" <<'EOF'
[[rule]]
id = "SITE001"
name = "slow"
severity = "warning"
scope = "config"
title = "a rule that never ends"
condition = 'len(reduce(1..900000, #acc + "aaaaaaaaaa", "")) > 0'
message = "slow"
[rule.doc]
what = "x"
why = "x"
EOF
		;;
	crlf-cr-only)
		printf 'myhostname = mail.example.com\rrelayhost = [smtp.example.com]:465\r' >"$d/main.cf" ;;
	bom)
		printf '\xef\xbb\xbfmyhostname = mail.example.com\n' >"$d/main.cf" ;;
	escapes)
		printf 'myhostnam = \x1b]0;owned\x07\x1b[2J\n' >"$d/main.cf" ;;
	esac
}

# args NAME: the postlint arguments of one class.
args() {
	local d="$work/$1"
	case "$1" in
	pagemap-config) echo "/proc/self/pagemap" ;;
	pagemap-settings) echo "--config /proc/self/pagemap $work/bom" ;;
	rules-devzero) echo "--rules /dev/zero $work/bom" ;;
	rules-fifo) echo "--rules $work/fifo.toml $work/bom" ;;
	diff40mb) echo "--diff $d" ;;
	rulebudget) echo "--rules $d/slow.toml $d" ;;
	*) echo "$d" ;;
	esac
}

classes=(chain101 nest102 bomb refs1e6 pagemap-config pagemap-settings rules-devzero rules-fifo
	services20k comments1e6 continuations1e6 deepnest diff40mb rulebudget crlf-cr-only bom escapes)
for c in chain101 nest102 bomb refs1e6 services20k comments1e6 continuations1e6 deepnest diff40mb rulebudget crlf-cr-only bom escapes; do
	gen "$c"
done
mkfifo "$work/fifo.toml"

# run BINARY CLASS: "exit N, T s, M MB" (or "timeout").
run() {
	local bin="$1" c="$2" out rc t m
	out="$work/out.$$"
	set +e
	# shellcheck disable=SC2046
	(ulimit -v "$mem"; /usr/bin/time -f '%e %M' -o "$out.time" timeout -k 5 "$limit" "$bin" $(args "$c") >"$out" 2>"$out.err" </dev/null)
	rc=$?
	set -e
	if [ "$rc" -eq 124 ]; then
		echo "timeout (${limit} s)"
		return
	fi
	# GNU time prints "Command exited with non-zero status N" first.
	read -r t m < <(tail -n 1 "$out.time") || { t=?; m=0; }
	local why=""
	if [ "$rc" -eq 2 ] && [ ! -s "$out.err" ]; then
		why=" (no message)"
	elif grep -q "out of memory\|goroutine [0-9]* \[running\]" "$out.err" 2>/dev/null; then
		why=" (crash)"
	fi
	echo "exit $rc$why, $t s, $((m / 1024)) MB"
}

if [ -n "$before" ]; then
	echo "| class | before | after |"
	echo "| --- | --- | --- |"
else
	echo "| class | result |"
	echo "| --- | --- |"
fi
for c in "${classes[@]}"; do
	if [ -n "$before" ]; then
		echo "| $c | $(run "$before" "$c") | $(run "$after" "$c") |"
	else
		echo "| $c | $(run "$after" "$c") |"
	fi
done
