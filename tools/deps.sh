#!/bin/sh
# Install dnslint's build and test dependencies with apt when missing.
# Idempotent and quiet when everything is present.
#
#   sh tools/deps.sh            what make and make test need (git and
#                               pre-commit: the hook tests)
#   sh tools/deps.sh fuzz       and clang with libFuzzer (make fuzz)
#   sh tools/deps.sh valgrind   and valgrind (make valgrind)
#   sh tools/deps.sh deb        and the Debian packaging tools (make deb)
#   sh tools/deps.sh proof      and the four resolvers make proof runs
#                               (Unbound, BIND 9, Knot Resolver, PowerDNS
#                               Recursor) beside NSD
#   sh tools/deps.sh build      only what make (the program) needs: no test
#                               tools, no servers (the GitHub Action)
#   sh tools/deps.sh --list-build
#                               print (not install) what building the
#                               program needs (the framework hook's
#                               contrib/dnslint-hook says to install it)
set -eu

# Building the program (make): a compiler, make, pkg-config and the
# libraries of the Makefile's PKGS (debian/control's Build-Depends too),
# and libssl-dev: the archive of the libcrypto ldns needs, linked into the
# program by default (the Makefile's LINK; the package links it shared).
build="build-essential pkg-config libldns-dev libyaml-dev libpsl-dev libknot-dev libssl-dev"
if [ "${1:-}" = --list-build ]; then
	echo "$build"
	exit 0
fi

missing=""
need() {
	# need PACKAGE: queue a Debian package unless it is installed
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed' ||
	    missing="$missing $1"
}

for p in $build; do
	need "$p"
done
case " $* " in
*" build "*) ;;
*)
	# python3-yaml: tests/action-test.sh reads action.yml
	for p in libcmocka-dev publicsuffix mandoc nsd knot \
	    knot-dnsutils ldnsutils libxml2-utils python3-yaml git pre-commit; do
		need "$p"
	done ;;
esac
for extra in "$@"; do
	case $extra in
	build) ;;
	# dpkg-buildpackage, debhelper (compat 13) and lintian
	deb) need dpkg-dev; need debhelper; need fakeroot; need lintian ;;
	# libclang-rt-dev: libFuzzer for the default clang (14 on bookworm)
	fuzz) need clang; need libclang-rt-dev ;;
	valgrind) need valgrind ;;
	# make proof: the resolvers, NSD, and unshare and ip for the namespace
	proof) for p in unbound bind9 knot-resolver pdns-recursor nsd \
	    python3 util-linux iproute2; do need "$p"; done ;;
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
# The resolvers of make proof are packaged as services: installed, they
# must not start on the machine's own network and ask the real root
# servers.  A policy-rc.d that denies every start keeps them stopped (the
# proof starts its own, in a private namespace), unless one is in place.
norc=""
case " $* " in
*" proof "*)
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\n# tools/deps.sh proof: no service starts\nexit 101\n' |
		    $SUDO tee /usr/sbin/policy-rc.d >/dev/null
		$SUDO chmod 755 /usr/sbin/policy-rc.d
		norc=1
	fi ;;
esac
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
[ -z "$norc" ] || $SUDO rm -f /usr/sbin/policy-rc.d
