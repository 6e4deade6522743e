#!/bin/sh
# The pre-commit framework's hooks (.pre-commit-hooks.yaml) with the real
# pre-commit program, the way a user gets them: a fresh repository whose
# .pre-commit-config.yaml names a clone of this repository by path and
# commit rev (the framework clones it into its cache, PRE_COMMIT_HOME, a
# temporary folder here), no dnslint on PATH, so the first run builds it in
# the cache.  Commits go through or are refused with the findings;
# `pre-commit run --all-files` checks every zone file and plan (a zone-wide
# failure and a plan's typo in files committed earlier); `pre-commit run
# --from-ref --to-ref` checks the files changed in between as committed at
# the to-ref; a workflow YAML is never read; without the libraries the hook
# says which packages to install; a recent dnslint on PATH is used, not
# built.  Everything is local: the clone is a path, no network is needed.
#
#   sh tests/framework-test.sh
#
# Prints one line per check, then "framework-test: N passed, M failed";
# exits 1 when a check failed, 77 (skipped) when git, pre-commit, make or
# a C compiler is not installed.
root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
for tool in git pre-commit make cc; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "framework-test: '$tool' is not installed: nothing tested"
		echo "framework-test: 0 passed, 0 failed, 1 skipped"
		exit 77
	fi
done
if ! git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
	echo "framework-test: $root is not a git checkout: nothing tested"
	echo "framework-test: 0 passed, 0 failed, 1 skipped"
	exit 77
fi
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM

# shellcheck source=tests/hooklib.sh
. "$root/tests/hooklib.sh"
# The framework's cache is ours.
PRE_COMMIT_HOME=$tmp/cache
export PRE_COMMIT_HOME
unset DNSLINT
# No dnslint on PATH: the hook must build its own.
path=
oldifs=$IFS
IFS=:
for d in $PATH; do
	[ -x "$d/dnslint" ] && continue
	path=$path${path:+:}$d
done
IFS=$oldifs
PATH=$path
export PATH

# The hooks' repository: this one's files as they are in the work tree
# (committed or not), committed in a repository of their own.
src=$tmp/dnslint
mkdir "$src" || exit 2
(cd "$root" && git ls-files -c -o --exclude-standard) >"$tmp/srcfiles" ||
    exit 2
(cd "$root" && while IFS= read -r f; do
	[ -f "$f" ] && printf '%s\n' "$f"
done <"$tmp/srcfiles" | tar -c -f - -T -) | tar -x -C "$src" -f - || exit 2
(cd "$src" && git init -q . && git add -A &&
    git -c user.name=test -c user.email=test@example.com \
    -c commit.gpgsign=false commit -q -m "dnslint as tested") || exit 2
rev=$(git -C "$src" rev-parse HEAD) || exit 2

new_repo "$tmp/repo"
mkdir -p zones plans .github/workflows || exit 2
cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $src
    rev: $rev
    hooks:
      - id: dnslint
      - id: dnslint-staged
EOF
pre-commit install >"$tmp/log" 2>&1 || { not_ok "pre-commit install"; exit 1; }

# zone MAIL-ADDRESS SERIAL: zones/example.com.zone (mail has TTL 86400)
zone() {
	{
		zone_head example.com. "$2"
		printf 'www\t300\tIN A\t192.0.2.10\n'
		printf 'mail\t86400\tIN A\t%s\n' "$1"
	} >zones/example.com.zone
}
zone 192.0.2.25 2026111501
web_plan
# A workflow: read as a plan it would be invalid (unknown keys).
cat >.github/workflows/ci.yml <<'EOF'
name: dns
on:
  pull_request:
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
EOF

git add .
commit "zone, plan, workflow"
built=$(find "$PRE_COMMIT_HOME" -path '*/build-hook/dnslint' -type f | sed -n 1p)
if [ "$st" -eq 0 ] && [ -n "$built" ] && [ -x "$built" ] &&
    git rev-parse -q --verify HEAD >/dev/null &&
    ! grep -q 'ci.yml' "$tmp/log"; then
	ok "the first commit builds dnslint in the framework's cache and goes through"
else
	not_ok "the first commit builds dnslint in the framework's cache and goes through (exit $st)"
fi
good=$(git rev-parse HEAD)

# mail (TTL 86400) moves: refused by both hooks, with the finding.
zone 198.51.100.25 2026111502
git add zones/example.com.zone
commit "mail moves"
if [ "$st" -ne 0 ] && [ "$(git rev-parse HEAD)" = "$good" ] &&
    [ "$(grep -c '^zones/example.com.zone:8: error: mail.example.com. A: live TTL 86400 is above 300: .*\[ttl-lowered\]$' "$tmp/log")" -eq 2 ]; then
	ok "a zone change whose TTL was never lowered is refused by both hooks"
else
	not_ok "a zone change whose TTL was never lowered is refused by both hooks (exit $st)"
fi

# Committed anyway: the range from the good commit to it is refused, as
# committed, also when the index has the fix.
commit "mail moves, unchecked" --no-verify
bad=$(git rev-parse HEAD)
zone 192.0.2.25 2026111503
git add zones/example.com.zone
pre-commit run --from-ref "$good" --to-ref "$bad" >"$tmp/log" 2>&1
st=$?
fails "pre-commit run --from-ref --to-ref checks the to-ref's version" \
    '^zones/example.com.zone:8: error: mail.example.com. A: live TTL 86400 is above 300: .*\[ttl-lowered\]$'
commit "mail back (a change too: unchecked)" --no-verify
fixed=$(git rev-parse HEAD)
sed -e 's/^www	300	IN A	192.0.2.10/www	300	IN A	198.51.100.10/' \
    -e 's/2026111503/2026111504/' zones/example.com.zone >"$tmp/z" && cp "$tmp/z" zones/example.com.zone
git add zones/example.com.zone
commit "www moves"
[ "$st" -eq 0 ] || cat "$tmp/log"
pre-commit run --from-ref "$fixed" --to-ref HEAD >"$tmp/log" 2>&1
st=$?
if [ "$st" -eq 0 ]; then
	ok "pre-commit run --from-ref --to-ref lets a safe range through"
else
	not_ok "pre-commit run --from-ref --to-ref lets a safe range through (exit $st)"
fi

# Files committed past the hooks: --all-files finds their problems.
pre-commit run --all-files >"$tmp/log" 2>&1
st=$?
if [ "$st" -eq 0 ] && ! grep -q 'ci.yml' "$tmp/log"; then
	ok "pre-commit run --all-files passes a good repository"
else
	not_ok "pre-commit run --all-files passes a good repository (exit $st)"
fi
sed 's/^changes:/chagnes:/' plans/web.yaml >"$tmp/p" && cp "$tmp/p" plans/web.yaml
# An MX pointing at a CNAME: a zone-wide rule, whatever changed (dnslint
# names an unchanged record at its version in git, REV:PATH).
printf '@\t3600\tIN MX\t10 mx\nmx\t300\tIN CNAME\tmail\n' \
    >>zones/example.com.zone
git add .
commit "a typo and an MX at a CNAME, unchecked" --no-verify
pre-commit run --all-files >"$tmp/log" 2>&1
st=$?
grep -q 'ci.yml' "$tmp/log" && st=0
fails "pre-commit run --all-files checks every plan and zone file" \
    "^plans/web.yaml:4:1: unknown key 'chagnes'" \
    '^\([0-9a-f]\{40\}:\)\{0,1\}zones/example.com.zone:9: error: example.com. MX: MX target mx.example.com. is a CNAME \[zone-integrity\]$'
git reset -q --hard HEAD~1

# Without the libraries (pkg-config finds none) a fresh cache cannot
# build: the hook says what to install, and the commit is refused.
mkdir "$tmp/nolibs" || exit 2
want=$(sh "$root/tools/deps.sh" --list-build)
PRE_COMMIT_HOME=$tmp/cache2 PKG_CONFIG_LIBDIR=$tmp/nolibs \
    pre-commit run --all-files >"$tmp/log" 2>&1
st=$?
if [ "$st" -ne 0 ] && case $want in *libldns-dev*) true ;; *) false ;; esac &&
    grep -q "^  apt-get install $want\$" "$tmp/log" &&
    [ -z "$(find "$tmp/cache2" -path '*/build-hook*' | sed -n 1p)" ]; then
	ok "without the libraries the hook says which packages to install"
else
	not_ok "without the libraries the hook says which packages to install (exit $st)"
fi

# A dnslint on PATH of this version or newer is used: nothing is built.
mkdir "$tmp/bin" && ln -s "$built" "$tmp/bin/dnslint" || exit 2
PRE_COMMIT_HOME=$tmp/cache3 PATH=$tmp/bin:$PATH \
    pre-commit run --from-ref "$good" --to-ref "$bad" >"$tmp/log" 2>&1
st=$?
if [ "$st" -ne 0 ] && grep -q '\[ttl-lowered\]$' "$tmp/log" &&
    [ -z "$(find "$tmp/cache3" -path '*/build-hook*' | sed -n 1p)" ]; then
	ok "a recent dnslint on PATH is used, not built"
else
	not_ok "a recent dnslint on PATH is used, not built (exit $st)"
fi

summary framework-test
