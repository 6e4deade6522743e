#!/bin/sh
# Install dnslint's build and test dependencies with apt when missing.
# Idempotent and quiet when everything is present.
#
#   sh tools/deps.sh            what make and make test need
#   sh tools/deps.sh fuzz       and clang with libFuzzer (make fuzz)
#   sh tools/deps.sh valgrind   and valgrind (make valgrind)
set -eu

missing=""
need() {
	# need PACKAGE: queue a Debian package unless it is installed
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed' ||
	    missing="$missing $1"
}

for p in build-essential pkg-config git libldns-dev libssl-dev libyaml-dev \
    libcmocka-dev libpsl-dev publicsuffix mandoc nsd knot knot-dnsutils \
    ldnsutils; do
	need "$p"
done
for extra in "$@"; do
	case $extra in
	# libclang-rt-dev: libFuzzer for the default clang (14 on bookworm)
	fuzz) need clang; need libclang-rt-dev ;;
	valgrind) need valgrind ;;
	*) echo "tools/deps.sh: unknown extra '$extra'" >&2; exit 2 ;;
	esac
done

[ -z "$missing" ] && exit 0

echo "dnslint: installing build dependencies:$missing"
if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "dnslint: need root (or sudo) to install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
