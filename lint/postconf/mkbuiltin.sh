#!/bin/sh
# mkbuiltin.sh regenerates builtin.txt, the built-in main.cf parameters
# and their default values, from the installed postconf(1):
#
#	sh mkbuiltin.sh > builtin.txt
#
# The defaults that postconf computes from the host it runs on are replaced
# by fixed stand-ins, so that the table does not depend on the machine.
set -eu
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
: >"$dir/main.cf"
: >"$dir/master.cf"
echo "# postconf -d of Postfix $(postconf -h -d mail_version); see mkbuiltin.sh"
postconf -c "$dir" -d | LC_ALL=C sort | sed \
	-e 's/^myhostname = .*/myhostname = localhost.localdomain/' \
	-e 's/^mydomain = .*/mydomain = localdomain/' \
	-e 's|^mynetworks = .*|mynetworks = 127.0.0.0/8 [::1]/128|' \
	-e 's/^process_id = .*/process_id = 0/'
