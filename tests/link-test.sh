#!/bin/sh
# The program is linked the way the Makefile says (LINK=static, the
# default): where the archives of ldns, libyaml, libzscanner and libcrypto
# are installed, none of them is a shared library the program loads (each
# costs its start-up: the shared libcrypto about 3 ms), and the program is
# still position independent; where one is missing, all four are loaded
# shared.  The Debian package's shared link: tests/deb-test.sh.
#
#   sh tests/link-test.sh build/dnslint
prog=${1:-build/dnslint}
cc=${CC:-cc}
fails=0

command -v readelf >/dev/null 2>&1 || { echo "no readelf"; exit 77; }
needed=$(readelf -d "$prog" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
echo "$prog loads: $(echo $needed)"

archives=1
for l in ldns yaml zscanner crypto; do
	[ "$($cc -print-file-name=lib$l.a)" != "lib$l.a" ] || archives=0
done
for l in libldns libyaml libzscanner libcrypto; do
	if printf '%s\n' "$needed" | grep -q "^$l[.-]"; then
		loads=1
	else
		loads=0
	fi
	if [ "$loads" = 1 ] && [ "$archives" = 1 ]; then
		echo "FAIL: loads $l though its archive is installed"
		fails=$((fails + 1))
	elif [ "$loads" = 0 ] && [ "$archives" = 0 ] && [ "$l" != libcrypto ]
	then
		# (shared, libcrypto is ldns's to load)
		echo "FAIL: $l not loaded, and not every archive is installed"
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
# Linked in or not, it runs.
if "$prog" --version >/dev/null; then
	echo "ok: $("$prog" --version)"
else
	echo "FAIL: $prog --version"
	fails=$((fails + 1))
fi
[ "$fails" -eq 0 ]
