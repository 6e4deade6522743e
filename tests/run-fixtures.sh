#!/bin/sh
# Fixture cases: each folder tests/fixtures/cases/NAME (or ROOT/NAME) holds
#   args             the arguments (one line; the case folder is the cwd)
#   status           the expected exit status
#   expected.FORMAT  the expected standard output with -f FORMAT
#   expected.stderr  (optional) the expected standard error of the text run
# and the files the arguments name.  Outputs are compared byte for byte.
#
#   sh tests/run-fixtures.sh PROG [check|update [ROOT]]
#       check (default) compares; update rewrites the expected files
#       (review the diff before committing them).
#
# Live cases (ROOT tests/fixtures/live-cases, run under tests/live/run.sh)
# name the test servers' ports as $PORT1 and $PORT2 in args; the actual
# ports in the output are written back as $PORT1 and $PORT2 so expected
# files do not depend on them.  Discovery in every case asks only
# $DNSLINT_RESOLVER: the primary test server in live runs, else a closed
# loopback port.  Fixture runs never reach the system's resolver.
prog=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
# Every job beside the caller's on a thread of its own, however small
# (lib/par.h, DL_PAR_MIN): the cases' zones are small, and the run on one
# processor (make test) is the way a small job takes by default.
DNSLINT_PAR_MIN=${DNSLINT_PAR_MIN:-0}
export DNSLINT_PAR_MIN
mode=${2:-check}
root=${3:-$(cd "$(dirname "$0")" && pwd)/fixtures/cases}
root=$(cd "$root" && pwd)
p1=${DNSLINT_LIVE_PORT:-0}
p2=${DNSLINT_LIVE_PORT2:-0}
if [ "$p1" != 0 ]; then
	# The primary test server stands in for the resolver; every server
	# discovery finds listens on the test port.
	DNSLINT_RESOLVER=${DNSLINT_RESOLVER:-127.0.0.1@$p1}
	DNSLINT_DNS_PORT=${DNSLINT_DNS_PORT:-$p1}
	export DNSLINT_DNS_PORT
else
	DNSLINT_RESOLVER=${DNSLINT_RESOLVER:-127.0.0.1@9}
fi
export DNSLINT_RESOLVER
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0
for dir in "$root"/*/; do
	case=$(basename "$dir")
	[ -f "$dir/args" ] || continue
	args=$(sed -e "s/\$PORT1/$p1/g" -e "s/\$PORT2/$p2/g" "$dir/args")
	# shellcheck disable=SC1091
	envs=$( [ -f "$dir/env" ] && sed -e "s/\$PORT1/$p1/g" \
	    -e "s/\$PORT2/$p2/g" "$dir/env")
	formats=$(cd "$dir" && ls expected.* 2>/dev/null |
	    sed -n 's/^expected\.\(text\|compact\|markdown\|json\|sarif\|junit\|github\)$/\1/p')
	[ -n "$formats" ] || formats="text json"
	ok=1
	for fmt in $formats; do
		# shellcheck disable=SC2086
		(cd "$dir" && if [ -n "$envs" ]; then eval "export $envs"; fi;
		    NO_COLOR=1 "$prog" -f "$fmt" $args >"$tmp/raw" 2>"$tmp/rawerr";
		    echo $? >"$tmp/status")
		for f in raw rawerr; do
			if [ "$p1" != 0 ]; then
				sed -e "s/@$p1\([^0-9]\|\$\)/@\$PORT1\1/g" \
				    -e "s/@$p2\([^0-9]\|\$\)/@\$PORT2\1/g" \
				    "$tmp/$f" >"$tmp/$f.sub"
			else
				cp "$tmp/$f" "$tmp/$f.sub"
			fi
		done
		mv "$tmp/raw.sub" "$tmp/out"
		mv "$tmp/rawerr.sub" "$tmp/err"
		if [ "$mode" = update ]; then
			cp "$tmp/out" "$dir/expected.$fmt"
			cp "$tmp/status" "$dir/status"
			if [ "$fmt" = text ] && [ -s "$tmp/err" ]; then
				cp "$tmp/err" "$dir/expected.stderr"
			fi
			continue
		fi
		if ! cmp -s "$tmp/out" "$dir/expected.$fmt"; then
			echo "FAIL $case ($fmt): output differs"
			diff -u "$dir/expected.$fmt" "$tmp/out" | head -40
			ok=0
		fi
		if ! cmp -s "$tmp/status" "$dir/status"; then
			echo "FAIL $case ($fmt): exit $(cat "$tmp/status"), want $(cat "$dir/status")"
			ok=0
		fi
		if [ "$fmt" = text ] && [ -f "$dir/expected.stderr" ] &&
		    ! cmp -s "$tmp/err" "$dir/expected.stderr"; then
			echo "FAIL $case: stderr differs"
			diff -u "$dir/expected.stderr" "$tmp/err" | head -20
			ok=0
		fi
	done
	if [ $ok = 1 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
done
echo "fixtures: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
