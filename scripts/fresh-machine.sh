#!/usr/bin/env bash
# Runs .ci/run as on a new machine: in a fresh Debian 12 (bookworm) root
# made with debootstrap, with only Go copied in (empty module cache; no
# Postfix, pre-commit, patch or golangci-lint), the repository cloned from
# this work tree and ../shared beside it.
#
#   sudo scripts/fresh-machine.sh [WORKDIR]
#
# Needs root, debootstrap (apt-get install debootstrap) and Debian's
# mirror (MIRROR, default http://deb.debian.org/debian). WORKDIR (default
# a new directory under /var/tmp) holds the root and is kept for a look
# afterwards; delete it with rm -rf. Takes about 20 minutes on 2 cores.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$(cd "$repo/../shared" && pwd)"
mirror="${MIRROR:-http://deb.debian.org/debian}"
work="${1:-$(mktemp -d /var/tmp/postlint-fresh.XXXXXX)}"
root="$work/root"
goroot="$(go env GOROOT)"

[ "$(id -u)" -eq 0 ] || { echo "run as root (debootstrap and chroot need it)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "debootstrap is not installed: apt-get install debootstrap" >&2; exit 2; }

if [ ! -x "$root/bin/bash" ]; then
	echo "== debootstrap bookworm into $root"
	# git and ca-certificates: to clone and to reach the Go module proxy.
	debootstrap --variant=minbase --include=git,ca-certificates bookworm "$root" "$mirror"
fi

echo "== Go $(go env GOVERSION), the repository and ../shared"
rm -rf "$root/usr/local/go" "$root/src"
cp -a "$goroot" "$root/usr/local/go"
mkdir -p "$root/src"
git clone --quiet --no-hardlinks "$repo" "$root/src/postlint"
cp -a "$shared" "$root/src/shared"

mounts=("" proc sys dev dev/pts)
cleanup() {
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
		umount "$root/${mounts[i]}" 2>/dev/null || true
	done
}
trap cleanup EXIT
# The root must be a mount point of its own, as / is on a real machine:
# the tests' private mount namespaces (unshare --mount) change its
# propagation, which fails on a directory that is not one.
mount --bind "$root" "$root"
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# The host's trusted CAs, so that a TLS-intercepting proxy the host trusts
# works in the root too (Debian's apt and the Go module proxy).
# Local CAs go where update-ca-certificates keeps them when packages are
# installed later.
if compgen -G "/usr/local/share/ca-certificates/*" >/dev/null; then
	mkdir -p "$root/usr/local/share/ca-certificates"
	cp -a /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
fi
if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
	cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
fi

echo "== .ci/run in the fresh root"
start=$(date +%s)
chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/go/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	GOPROXY="$(go env GOPROXY)" GOFLAGS= bash -c 'cd /src/postlint && bash .ci/run'
echo "== .ci/run passed in $(( $(date +%s) - start )) s (root kept in $work)"
