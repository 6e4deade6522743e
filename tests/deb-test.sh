#!/bin/sh
# The Debian package, end to end (CI runs this through make deb-test; make
# test does not: it installs a package).  In a temporary copy of the tree
# (the work tree stays clean, ../ is not written): dpkg-buildpackage -us -uc
# (the package build runs the offline tests), then checks
#   - the .deb's name, version (the Makefile's VERSION and
#     debian/changelog's) and architecture;
#   - its contents (dpkg-deb -c): the program, the manual page, the bash and
#     zsh completions, the git hook, the copyright file (BSD-3-Clause);
#   - lintian on the .changes (source and binary): no error and no warning
#     (each remaining tag is overridden with its reason in debian/);
#   - apt-get install ./dnslint_VERSION_ARCH.deb, the installed
#     /usr/bin/dnslint on a copy of examples/web-migration/plan-fixed.yaml
#     outside the tree (exit status and summary), the installed bash
#     completion and hook, then apt-get remove, and nothing left behind.
# Needs root (or sudo) to install; refuses to run when a dnslint package
# is installed already (it would replace and then remove it).
#
#   sh tests/deb-test.sh                     everything above
#   sh tests/deb-test.sh --build-only DIR    only build; copy the .deb to DIR
#
# Prints "deb-test: N passed, M failed"; exits non-zero when anything failed.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
build_only=
out=
if [ "${1-}" = --build-only ]; then
	build_only=1
	out=${2:-..}
	if [ ! -d "$out" ]; then
		echo "deb-test: '$out' is not a folder" >&2
		exit 2
	fi
	out=$(cd "$out" && pwd)
fi

. tests/testlib.sh
finish() {
	summary deb-test
	exit
}

if [ "$(id -u)" -eq 0 ]; then
	SUDO=
elif command -v sudo >/dev/null 2>&1; then
	SUDO=sudo
else
	SUDO=none
fi
installed=
tmp=$(mktemp -d)
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	if [ -n "$installed" ]; then
		$SUDO apt-get remove -y -qq dnslint >/dev/null 2>&1
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

version=$(sed -n 's/^VERSION =[[:space:]]*//p' Makefile)
arch=$(dpkg --print-architecture)
deb=dnslint_${version}_$arch.deb

# The copy: the files git knows and the new ones it does not ignore (not
# build/), as they are in the work tree; no .git, as a tree unpacked from
# the source package.
src=$tmp/dnslint-$version
mkdir "$src"
git ls-files --cached --others --exclude-standard |
    while IFS= read -r f; do
	[ -e "$f" ] && printf '%s\n' "$f"
    done | tar -T - -cf - | tar -C "$src" -xf - || {
	echo "deb-test: cannot copy the tree" >&2
	exit 2
}

echo "== dpkg-buildpackage (log: build.log in the temporary folder)"
start=$(date +%s)
if [ -n "$build_only" ]; then
	set -- -us -uc -b
else
	set -- -us -uc
fi
# The build's compiler jobs: one a processor (debhelper's parallel=).
jobs=$(nproc 2>/dev/null || echo 1)
if (cd "$src" && DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:+$DEB_BUILD_OPTIONS }parallel=$jobs" \
    dpkg-buildpackage "$@") >"$tmp/build.log" 2>&1; then
	ok "dpkg-buildpackage $* ($(($(date +%s) - start)) s)"
else
	bad "dpkg-buildpackage $*"
	tail -40 "$tmp/build.log"
	finish
fi
if [ ! -f "$tmp/$deb" ]; then
	bad "no $deb; dpkg-buildpackage made:"
	ls "$tmp"
	finish
fi
ok "$deb"
if [ -n "$build_only" ]; then
	if cp "$tmp/$deb" "$out/"; then
		ok "$out/$deb"
	else
		bad "cannot copy to $out"
	fi
	finish
fi

# The package's own idea of its version agrees with the Makefile's.
v=$(dpkg-deb -f "$tmp/$deb" Version)
clv=$(cd "$src" && dpkg-parsechangelog -S Version)
if [ "$v" = "$version" ] && [ "$clv" = "$version" ]; then
	ok "version $v (Makefile, debian/changelog)"
else
	bad "version: package '$v', Makefile '$version', changelog '$clv'"
fi

# The package links the distribution's shared libraries (debian/rules,
# LINK=shared): their packages are among its dependencies.
deps=$(dpkg-deb -f "$tmp/$deb" Depends)
for lib in libldns3 libyaml-0-2 libzscanner4; do
	case ", $deps," in
	*", $lib "*|*", $lib,"*) ok "depends on $lib" ;;
	*) bad "does not depend on $lib (Depends: $deps)" ;;
	esac
done

# Contents: type, mode and path of each file the package must hold.
dpkg-deb -c "$tmp/$deb" | awk '{ print substr($1, 1, 10), $6 }' \
    >"$tmp/contents"
for want in \
    '-rwxr-xr-x ./usr/bin/dnslint' \
    '-rw-r--r-- ./usr/share/man/man1/dnslint.1.gz' \
    '-rw-r--r-- ./usr/share/bash-completion/completions/dnslint' \
    '-rw-r--r-- ./usr/share/zsh/vendor-completions/_dnslint' \
    '-rwxr-xr-x ./usr/share/dnslint/pre-commit' \
    '-rw-r--r-- ./usr/share/doc/dnslint/copyright' \
    '-rw-r--r-- ./usr/share/doc/dnslint/NEWS.gz'; do
	if grep -qxF -e "$want" "$tmp/contents"; then
		ok "contents: $want"
	else
		bad "contents: no '$want' in:"
		cat "$tmp/contents"
	fi
done
dpkg-deb --fsys-tarfile "$tmp/$deb" |
    tar -xOf - ./usr/share/doc/dnslint/copyright >"$tmp/copyright"
if grep -qx 'License: BSD-3-Clause' "$tmp/copyright" &&
    grep -qx 'Copyright: 2026 the dnslint authors' "$tmp/copyright"; then
	ok "copyright: BSD-3-Clause, the dnslint authors"
else
	bad "copyright file:"
	cat "$tmp/copyright"
fi
dpkg-deb --fsys-tarfile "$tmp/$deb" |
    tar -xOf - ./usr/share/man/man1/dnslint.1.gz | gzip -dc >"$tmp/man"
if cmp -s "$tmp/man" dnslint.1; then
	ok "manual page: dnslint.1"
else
	bad "the packaged manual page is not dnslint.1"
fi

# lintian: errors and warnings fail; info and pedantic tags are shown.
changes=$tmp/dnslint_${version}_$arch.changes
if lintian --fail-on error,warning -I "$changes" >"$tmp/lintian" 2>&1; then
	ok "lintian $(basename "$changes")"
else
	bad "lintian $(basename "$changes"):"
fi
grep -v 'running with root privileges' "$tmp/lintian"

# Install the .deb the way the README says, run the installed program.
if [ "$SUDO" = none ]; then
	bad "need root or sudo to install the package"
	finish
fi
if dpkg-query -W -f='${Status}' dnslint 2>/dev/null | grep -q installed; then
	bad "a dnslint package is installed already: not replacing it"
	finish
fi
export DEBIAN_FRONTEND=noninteractive
installed=1
if (cd "$tmp" && $SUDO apt-get install -y -qq "./$deb") \
    >"$tmp/apt.log" 2>&1; then
	ok "apt-get install ./$deb"
else
	bad "apt-get install ./$deb"
	cat "$tmp/apt.log"
	finish
fi

v=$(/usr/bin/dnslint --version 2>&1)
case $v in
"dnslint $version"|"dnslint $version "*) ok "/usr/bin/dnslint --version: $v" ;;
*)	bad "/usr/bin/dnslint --version: '$v', not dnslint $version" ;;
esac

# The example, outside the tree: the program needs nothing from it.
mkdir "$tmp/example"
cp examples/web-migration/plan-fixed.yaml \
    examples/web-migration/example.com.zone "$tmp/example/"
(cd "$tmp/example" && /usr/bin/dnslint --color never \
    --now 2026-11-22T12:00:00Z plan-fixed.yaml) >"$tmp/out" 2>&1
status=$?
sum=$(tail -n 1 "$tmp/out")
if [ "$status" -eq 1 ] && [ "$sum" = \
    "2 failed, 13 passed, 5 skipped" ] &&
    grep -Eq '^FAIL +ns-multi-provider +example.com. NS$' "$tmp/out" &&
    grep -Eq '^FAIL +ns-ttl +example.com. NS$' "$tmp/out"; then
	ok "/usr/bin/dnslint plan-fixed.yaml: exit 1, $sum"
else
	bad "/usr/bin/dnslint plan-fixed.yaml: exit $status:"
	cat "$tmp/out"
fi
# The two failures are the provider's: without those rules, it is safe.
(cd "$tmp/example" && /usr/bin/dnslint -f compact --color never \
    --disable ns-multi-provider --disable ns-ttl \
    --now 2026-11-22T12:00:00Z plan-fixed.yaml) >"$tmp/out" 2>&1
status=$?
if [ "$status" -eq 0 ]; then
	ok "/usr/bin/dnslint plan-fixed.yaml without the NS rules: exit 0"
else
	bad "/usr/bin/dnslint plan-fixed.yaml without the NS rules: exit $status:"
	cat "$tmp/out"
fi
out=$(bash -c '. /usr/share/bash-completion/completions/dnslint &&
    complete -p dnslint' 2>&1)
if [ "$out" = "complete -F _dnslint dnslint" ]; then
	ok "bash completion: $out"
else
	bad "bash completion: '$out'"
fi
if [ -x /usr/share/dnslint/pre-commit ] &&
    sh -n /usr/share/dnslint/pre-commit; then
	ok "hook: /usr/share/dnslint/pre-commit"
else
	bad "hook: /usr/share/dnslint/pre-commit is not an executable script"
fi

if $SUDO apt-get remove -y -qq dnslint >"$tmp/apt.log" 2>&1; then
	installed=
	ok "apt-get remove dnslint"
else
	bad "apt-get remove dnslint"
	cat "$tmp/apt.log"
fi
left=
for f in /usr/bin/dnslint /usr/share/man/man1/dnslint.1.gz \
    /usr/share/bash-completion/completions/dnslint \
    /usr/share/zsh/vendor-completions/_dnslint /usr/share/dnslint; do
	[ -e "$f" ] && left="$left $f"
done
if [ -z "$left" ]; then
	ok "removed: nothing left"
else
	bad "left after remove:$left"
fi
finish
