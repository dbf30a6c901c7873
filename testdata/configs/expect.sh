#!/bin/bash
# Regenerates EXPECT.tsv from the real postconf(1) on this machine.
# Usage: bash testdata/configs/expect.sh [> EXPECT.tsv]   (writes EXPECT.tsv beside this script)
# Each case is copied to a fresh temp dir, its files are back-dated (see README.md: postconf re-reads
# a main.cf modified within the last second), then `postconf -c DIR -n` and `postconf -c DIR -M` run
# three times; the first stderr line must be the same each time, or the case is reported as unstable.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command -v postconf >/dev/null || { echo "postconf not found" >&2; exit 1; }
esc() { perl -e 'local $/; $_ = <STDIN>; s/\n\z//; s/([\\])/\\\\/g; s/\t/\\t/g; s/\r/\\r/g; s/([\x00-\x1f\x7f-\xff])/sprintf("\\x%02x", ord($1))/ge; print $_ eq "" ? "-" : $_'; }
run() { # run DIR MODE -> "rc<TAB>first-stderr-line"
  local d=$1 mode=$2 rc=0
  postconf -c "$d" "$mode" >/dev/null 2>"$d.err" || rc=$?
  printf '%s\t%s' "$rc" "$(head -n1 "$d.err" | sed "s#$d#DIR#g" | esc)"
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$here/EXPECT.tsv
{
  printf '# case\tn_rc\tn_stderr\tM_rc\tM_stderr\n'
  for c in $(cd "$here" && ls -d */ | tr -d / | LC_ALL=C sort); do
    d=$tmp/$c
    rm -rf "$d"; mkdir -p "$d"
    cp "$here/$c"/* "$d"/
    touch -d '2020-01-01 00:00:00' "$d"/*
    n1=$(run "$d" -n); m1=$(run "$d" -M)
    for i in 2 3; do
      [ "$(run "$d" -n)" = "$n1" ] || echo "unstable: $c -n" >&2
      [ "$(run "$d" -M)" = "$m1" ] || echo "unstable: $c -M" >&2
    done
    printf '%s\t%s\t%s\n' "$c" "$n1" "$m1"
  done
} > "$out.tmp"
mv "$out.tmp" "$out"
