#!/bin/sh
# The program is linked the way the Makefile says (LINK=static, the
# default): where the archives of ldns, libyaml, libzscanner and libcrypto
# are installed, none of them is a shared library the program loads (each
# costs its start-up: the shared libcrypto about 3 ms), and the program is
# still position independent; where one is missing, all four are loaded
# shared.  Every inet_pton(3) call is lib/inet4.c's.  The Debian
# package's shared link: tests/deb-test.sh.
#
#   [LINK=shared] sh tests/link-test.sh build/dnslint
prog=${1:-build/dnslint}
cc=${CC:-cc}
fails=0

command -v readelf >/dev/null 2>&1 || { echo "no readelf"; exit 77; }
needed=$(readelf -d "$prog" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
echo "$prog loads: $(echo $needed)"

# (LINK=shared, make test's, asks for the shared link.)
expect_static=1
[ "${LINK:-static}" = static ] || expect_static=0
for l in ldns yaml zscanner crypto; do
	[ "$($cc -print-file-name=lib$l.a)" != "lib$l.a" ] || expect_static=0
done
for l in libldns libyaml libzscanner libcrypto; do
	if printf '%s\n' "$needed" | grep -q "^$l[.-]"; then
		loads=1
	else
		loads=0
	fi
	if [ "$loads" = 1 ] && [ "$expect_static" = 1 ]; then
		echo "FAIL: loads $l though its archive is installed"
		fails=$((fails + 1))
	elif [ "$loads" = 0 ] && [ "$expect_static" = 0 ] && [ "$l" != libcrypto ]
	then
		# (shared, libcrypto is ldns's to load)
		echo "FAIL: $l not loaded, and the link is shared (LINK=shared," \
		    "or an archive missing)"
		fails=$((fails + 1))
	fi
done
if readelf -h "$prog" | grep -q 'Type:.*DYN'; then
	echo "ok: position independent"
else
	echo "FAIL: not position independent: $(readelf -h "$prog" |
	    grep 'Type:')"
	fails=$((fails + 1))
fi
# Every call of inet_pton(3) in the program is lib/inet4.c's wrapper's
# (-Wl,--wrap=inet_pton: libzscanner's too when linked in), and the
# wrapper alone calls the C library's.
if command -v objdump >/dev/null 2>&1; then
	plt=$(objdump -d "$prog" | grep -cE '(call|jmp).*<inet_pton@plt>')
	own=$(objdump -d --disassemble=__wrap_inet_pton "$prog" |
	    grep -cE '(call|jmp).*<inet_pton@plt>')
	wrap=$(objdump -d "$prog" | grep -cE '(call|jmp).*<__wrap_inet_pton>')
	if [ "$plt" = 1 ] && [ "$own" = 1 ] && [ "$wrap" -gt 0 ]; then
		echo "ok: $wrap calls of inet_pton are the wrapper's"
	else
		echo "FAIL: inet_pton: $plt calls of the C library's ($own in" \
		    "the wrapper), $wrap of the wrapper"
		fails=$((fails + 1))
	fi
else
	echo "FAIL: no objdump"
	fails=$((fails + 1))
fi
# The Makefile falls back to the shared link when pkg-config does not
# find one of the libraries (it then names none of them).
top=$(cd "$(dirname "$0")/.." && pwd)
line=$(make -s -n -C "$top" BUILD=build-link-test \
    STATIC_PKGS="ldns yaml-0.1 libzscanner dnslint-no-such-library" \
    build-link-test/dnslint 2>&1 | grep -e '-o build-link-test/dnslint ')
case $line in
*-Bstatic*) echo "FAIL: a library missing, still linked in: $line"
	fails=$((fails + 1)) ;;
*-lldns*) echo "ok: a library missing, linked shared" ;;
*)	echo "FAIL: a library missing, no link line: $line"
	fails=$((fails + 1)) ;;
esac
# Linked in or not, it runs.
if "$prog" --version >/dev/null; then
	echo "ok: $("$prog" --version)"
else
	echo "FAIL: $prog --version"
	fails=$((fails + 1))
fi
[ "$fails" -eq 0 ]
