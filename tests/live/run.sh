#!/bin/sh
# run.sh - start the live test servers, run a test program against them,
# and stop the servers whatever happens.  Exits with the program's status.
#
#   tests/live/run.sh PROGRAM [ARG...]
#
# Servers, on 127.0.0.1 (and ::1 when the host has it):
#   primary    zones/primary on $DNSLINT_LIVE_PORT; transfers only with
#              the TSIG key keys/tsig.key
#   secondary  zones/secondary on $DNSLINT_LIVE_PORT2: the "disagreeing
#              second server" (another serial, TTL and address for www);
#              transfers without a key
#   parent     zones/parent (org.) on 127.0.0.2@$DNSLINT_LIVE_PORT: the
#              parent of example.org, which the primary also serves; with
#              the primary as the resolver and $DNSLINT_LIVE_PORT as the
#              servers' port, discovery finds both on loopback only
#   newprov    zones/newprov on 127.0.0.3@$DNSLINT_LIVE_PORT (the
#              secondary's software): a new provider whose import of
#              example.info lost the MX
# The program finds the fixtures through $DNSLINT_LIVE_DIR (this folder).
# Ports are random high ones unless DNSLINT_LIVE_PORT is set (then it and
# the next port are used).  The secondary is Knot DNS when installed
# (DNSLINT_LIVE_SECONDARY=nsd|knot chooses), the primary NSD.
set -u

here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { echo "usage: run.sh PROGRAM [ARG...]" >&2; exit 2; }

DNSLINT_LIVE_STATE=$(mktemp -d "${TMPDIR:-/tmp}/dnslint-live.XXXXXX") ||
    exit 2
DNSLINT_LIVE_DIR=$here
export DNSLINT_LIVE_STATE DNSLINT_LIVE_DIR

cleanup() {
	sh "$here/server.sh" stop-all
	rm -rf "$DNSLINT_LIVE_STATE"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Two implementations make two "providers": Knot DNS for the secondary
# when it is installed (make's dependency step installs it), else NSD.
if [ -x /usr/sbin/knotd ] || command -v knotd >/dev/null 2>&1; then
	secondary=${DNSLINT_LIVE_SECONDARY:-knot}
else
	secondary=${DNSLINT_LIVE_SECONDARY:-nsd}
fi
fixed=${DNSLINT_LIVE_PORT:-}
started=
for try in 1 2 3 4 5; do
	if [ -n "$fixed" ]; then
		port=$fixed
	else
		n=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
		port=$((20000 + n % 40000))
	fi
	if sh "$here/server.sh" start -x key primary "$port" \
	    "$here/zones/primary" &&
	    sh "$here/server.sh" start -s "$secondary" -x plain secondary \
	    $((port + 1)) "$here/zones/secondary" &&
	    sh "$here/server.sh" start -x none -a 127.0.0.2 parent "$port" \
	    "$here/zones/parent" &&
	    sh "$here/server.sh" start -s "$secondary" -x none -a 127.0.0.3 \
	    newprov "$port" "$here/zones/newprov"; then
		started=1
		break
	fi
	sh "$here/server.sh" stop-all
	[ -z "$fixed" ] || break	# a given port is not changed
	echo "run.sh: trying other ports" >&2
done
[ -n "$started" ] || { echo "run.sh: the test servers did not start" >&2; exit 1; }

DNSLINT_LIVE_PORT=$port
DNSLINT_LIVE_PORT2=$((port + 1))
export DNSLINT_LIVE_PORT DNSLINT_LIVE_PORT2
"$@"
rc=$?
exit $rc
