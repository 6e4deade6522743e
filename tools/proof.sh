#!/bin/sh
# proof.sh - make proof: dnslint's times checked against real resolvers.
#
#   sh tools/proof.sh [DNSLINT [OUT.md]]     (build/dnslint, bench/proof.md)
#
# Runs tests/proof/proof.py in a private network namespace (unshare -n, as
# root; and its own mount namespace, -m, for its /etc/resolv.conf): NSD serves a private root zone and the test zones, and Unbound,
# BIND 9, Knot Resolver and PowerDNS Recursor resolve them through it, all
# on the namespace's own loopback: no packet can leave the machine, and no
# resolver can reach a real root server.  Prints the measured tables, writes
# them to OUT.md and ends with "proof: N passed, M failed" (one per
# resolver and scenario).  Exit 0 when every claim held, 1 when one did
# not, 3 when the proof could not be run whole (no root, no unshare, a
# resolver missing or not starting: reported as skipped, never a pass).  At most 6 minutes; every process the
# proof starts it stops by its process id.
set -eu
cd "$(dirname "$0")/.."
prog=${1:-build/dnslint}
out=${2:-bench/proof.md}

if [ "$(id -u)" -ne 0 ]; then
	echo "proof: not run: needs root for a private network namespace (unshare -n)" >&2
	exit 3
fi
for t in unshare ip python3 nsd nsd-control; do
	if ! command -v "$t" >/dev/null 2>&1; then
		echo "proof: not run: '$t' is missing (sh tools/deps.sh proof)" >&2
		exit 3
	fi
done
if ! unshare -n -m --propagation private true 2>/dev/null; then
	echo "proof: not run: unshare -n fails here (no network namespaces)" >&2
	exit 3
fi
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
set +e
timeout -s TERM 360 unshare -n -m --propagation private \
    python3 tests/proof/proof.py "$prog" "$tmp"
rc=$?
set -e
if [ -s "$tmp" ]; then
	cp "$tmp" "$out"
	echo "proof: wrote $out"
fi
exit "$rc"
