#!/usr/bin/env bash
# Benchmark: postlint over a tree of N configuration directories against
# `postconf -c DIR -n` run once per directory (what an admin's loop over
# hosts' configs costs today).
#
# Usage: scripts/bench-postconf.sh [N]
#        scripts/bench-postconf.sh single
#
#   single             one run on one configuration instead of a tree: the
#                      CPU time (user + system) of `postlint DIR`,
#                      `postconf -c DIR -n`, `postlint version` and
#                      scripts/startfloor (the libraries the design fixes,
#                      linked and initialised, doing nothing), each the
#                      mean of BENCH_RUNS runs (default 20)
#
#   N                  number of copies of testdata/configs/debian-default
#                      (default 1000; also read from env BENCH_N)
#   BENCH_MAX_RATIO    fail (exit 1) when postlint time / sequential postconf
#                      time exceeds this (default 0.25)
#   BENCH_RUNS         timed runs per command (default 3, after 1 warm-up)
#   BENCH_NO_HYPERFINE set to 1 to time with bash instead of hyperfine
#   POSTCONF           postconf binary (default: postconf on PATH, else
#                      /usr/sbin/postconf)
#
# Exit status: 0 within the ratio, 1 over it, 2 setup errors.
#
# Fairness notes: every main.cf and master.cf is back-dated by a minute,
# because postconf re-reads a main.cf modified within about the last second
# until it "settles" (~2 s per call on fresh files, see
# docs/postconf-behaviour.md, "mtime trap"). postconf is timed both in a
# sequential loop and with xargs -P$(nproc); postlint is one process over the
# whole tree. Output is discarded in every case. See docs/benchmarks.md.
set -euo pipefail

die() {
	echo "bench-postconf: $*" >&2
	exit 2
}

cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$PWD

single_mode() {
	local runs="${BENCH_RUNS:-20}"
	work="$(mktemp -d "${TMPDIR:-/tmp}/bench-postconf.XXXXXX")"
	trap 'rm -rf "$work"' EXIT
	go build -o "$work/postlint" ./cmd/postlint
	go build -o "$work/startfloor" ./scripts/startfloor
	cp "$repo/testdata/configs/debian-default/main.cf" "$repo/testdata/configs/debian-default/master.cf" "$work/"
	touch -d '1 minute ago' "$work/main.cf" "$work/master.cf"
	echo "one configuration (testdata/configs/debian-default), mean CPU time (user + system) of $runs runs; load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
	# cpu CMD...: prints the mean milliseconds of CPU time of $runs runs.
	cpu() {
		local out=$1 TIMEFORMAT='%U %S' i
		shift
		for ((i = 0; i < runs; i++)); do
			{ time "$@" >/dev/null 2>&1; } 2>>"$out"
		done
		awk '{ t += $1 + $2 } END { printf "%.1f", t / NR * 1000 }' "$out"
	}
	local a b c d
	a=$(cpu "$work/t.lint" "$work/postlint" --no-config --postfix-version 3.7 "$work")
	b=$(cpu "$work/t.postconf" "$postconf" -c "$work" -n)
	c=$(cpu "$work/t.version" "$work/postlint" version)
	d=$(cpu "$work/t.floor" "$work/startfloor")
	printf '%-36s %8s ms\n' "postlint DIR" "$a" "postconf -c DIR -n" "$b" "postlint version" "$c" "startfloor (fixed libraries only)" "$d"
	awk -v a="$a" -v b="$b" 'BEGIN { printf "ratio postlint/postconf, CPU: %.2f\n", a / b }'
}

postconf="${POSTCONF:-}"
if [ -z "$postconf" ]; then
	postconf="$(command -v postconf || true)"
	[ -n "$postconf" ] || postconf=/usr/sbin/postconf
fi
if [ "${1:-}" = single ]; then
	[ -x "$postconf" ] || die "postconf not found (Debian: apt-get install postfix; or set POSTCONF)"
	single_mode
	exit 0
fi

n="${1:-${BENCH_N:-1000}}"
max_ratio="${BENCH_MAX_RATIO:-0.25}"
runs="${BENCH_RUNS:-3}"
[[ "$n" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer, got '$n'"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer, got '$runs'"
[[ "$max_ratio" =~ ^[0-9]*\.?[0-9]+$ ]] || die "BENCH_MAX_RATIO must be a number, got '$max_ratio'"

postconf="${POSTCONF:-}"
if [ -z "$postconf" ]; then
	postconf="$(command -v postconf || true)"
	[ -n "$postconf" ] || postconf=/usr/sbin/postconf
fi
[ -x "$postconf" ] || die "postconf not found (Debian: apt-get install postfix; or set POSTCONF)"
command -v go >/dev/null || die "go not found"

src="$repo/testdata/configs/debian-default"
if [ ! -f "$src/main.cf" ] || [ ! -f "$src/master.cf" ]; then
	die "$src/main.cf and master.cf missing"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/bench-postconf.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "building postlint"
go build -o "$work/postlint" ./cmd/postlint
postlint="$work/postlint"

echo "making $n copies of testdata/configs/debian-default"
tree="$work/tree"
mkdir -p "$tree"
for ((i = 1; i <= n; i++)); do
	d="$tree/$(printf 'host%05d' "$i")"
	mkdir "$d"
	cp "$src/main.cf" "$src/master.cf" "$d/"
done
# Back-date: postconf re-reads a main.cf whose mtime is within ~1 s of "now".
find "$tree" -type f -exec touch -d '1 minute ago' {} +
find "$tree" -type d -name 'host*' -print0 | sort -z >"$work/dirs"

# Sanity checks before timing: both tools read every directory without error.
set +e
"$postlint" "$tree" >"$work/postlint.out" 2>&1
rc=$?
set -e
[ "$rc" -le 1 ] || {
	cat "$work/postlint.out" >&2
	die "postlint $tree exited $rc"
}
"$postconf" -c "$tree/host00001" -n >/dev/null || die "$postconf -c $tree/host00001 -n failed"

jobs="$(nproc)"
# The three commands, run by bash. postlint exits 1 when it has findings;
# that is not a failure here (debian-default has none at the default level).
printf -v q_postlint %q "$postlint"
printf -v q_postconf %q "$postconf"
printf -v q_tree %q "$tree"
printf -v q_dirs %q "$work/dirs"
cmd_postlint="$q_postlint $q_tree >/dev/null 2>&1; [ \$? -le 1 ]"
cmd_seq="for d in $q_tree/host*; do $q_postconf -c \"\$d\" -n >/dev/null 2>&1 || exit 1; done"
cmd_par="xargs -0 -n 1 -P $jobs $q_postconf -n -c <$q_dirs >/dev/null 2>&1"

# measure CMD: prints "WALL USER SYS", the mean seconds of $runs runs after
# one warm-up run (user and system: CPU time of the command and its children).
use_hyperfine=0
if [ "${BENCH_NO_HYPERFINE:-0}" != 1 ] && command -v hyperfine >/dev/null; then
	use_hyperfine=1
fi
measure() {
	local cmd=$1
	if [ "$use_hyperfine" = 1 ]; then
		hyperfine --shell=bash --warmup 1 --runs "$runs" --style basic \
			--export-csv "$work/h.csv" "$cmd" >&2 || return 1
		# command,mean,stddev,median,user,system,min,max (seconds)
		awk -F, 'NR == 2 { print $2, $5, $6 }' "$work/h.csv"
		return
	fi
	echo "Benchmark: $cmd" >&2
	bash -c "$cmd" || return 1
	local i TIMEFORMAT='%R %U %S'
	for ((i = 0; i < runs; i++)); do
		{ time bash -c "$cmd" 2>/dev/null; } 2>>"$work/times" || return 1
	done
	tail -n "$runs" "$work/times" | awk '{ r += $1; u += $2; s += $3 }
		END { printf "%.6f %.6f %.6f\n", r / NR, u / NR, s / NR }' >"$work/mean"
	echo "  mean of $runs runs: wall, user, system (s): $(cat "$work/mean")" >&2
	cat "$work/mean"
}

timer=bash
[ "$use_hyperfine" = 1 ] && timer="hyperfine $(hyperfine --version | awk '{print $2}')"
echo "timing with $timer: $runs runs each after 1 warm-up; $n directories; $jobs CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
echo "$("$postlint" --version 2>/dev/null || echo 'postlint ?'); postconf from Postfix $("$postconf" -h mail_version 2>/dev/null || echo '?')"

echo "--- postlint over the tree"
r_postlint=$(measure "$cmd_postlint") || die "timing failed: $cmd_postlint"
echo "--- postconf -n, sequential loop"
r_seq=$(measure "$cmd_seq") || die "timing failed: $cmd_seq"
echo "--- postconf -n, xargs -P$jobs"
r_par=$(measure "$cmd_par") || die "timing failed: $cmd_par"

read -r t_postlint u_postlint s_postlint <<<"$r_postlint"
read -r t_seq u_seq s_seq <<<"$r_seq"
read -r t_par u_par s_par <<<"$r_par"

awk -v n="$n" -v j="$jobs" -v max="$max_ratio" \
	-v a="$t_postlint" -v au="$u_postlint" -v as="$s_postlint" \
	-v s="$t_seq" -v su="$u_seq" -v ss="$s_seq" \
	-v p="$t_par" -v pu="$u_par" -v ps="$s_par" 'BEGIN {
	printf "\n%-32s %10s %13s %13s\n", "mean of the runs", "wall (s)", "wall/dir (ms)", "CPU u+s (s)"
	printf "%-32s %10.3f %13.3f %13.3f\n", "postlint TREE (one process)", a, a / n * 1000, au + as
	printf "%-32s %10.3f %13.3f %13.3f\n", "postconf -c DIR -n, sequential", s, s / n * 1000, su + ss
	printf "%-32s %10.3f %13.3f %13.3f\n", "postconf -c DIR -n, xargs -P" j, p, p / n * 1000, pu + ps
	printf "\nratio postlint/postconf, wall, sequential: %.4f (limit %s)\n", a / s, max
	printf "ratio postlint/postconf, wall, parallel:   %.4f\n", a / p
	printf "ratio postlint/postconf, CPU time:         %.4f\n", (au + as) / (su + ss)
}'

if awk -v a="$t_postlint" -v s="$t_seq" -v max="$max_ratio" 'BEGIN { exit !(a / s > max) }'; then
	echo "FAIL: postlint/postconf wall-time ratio (sequential) above $max_ratio" >&2
	exit 1
fi
echo "ok: postlint/postconf wall-time ratio (sequential) within $max_ratio"
