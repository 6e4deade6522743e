#!/bin/sh
# Fixture cases: each folder tests/fixtures/cases/NAME holds
#   args             the arguments (one line; the case folder is the cwd)
#   status           the expected exit status
#   expected.FORMAT  the expected standard output with -f FORMAT
#   expected.stderr  (optional) the expected standard error of the text run
# and the files the arguments name.  Outputs are compared byte for byte.
#
#   sh tests/run-fixtures.sh PROG          compare
#   sh tests/run-fixtures.sh PROG update   rewrite the expected files
#                                          (review the diff before commit)
prog=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
mode=${2:-check}
root=$(cd "$(dirname "$0")" && pwd)/fixtures/cases
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0
for dir in "$root"/*/; do
	case=$(basename "$dir")
	[ -f "$dir/args" ] || continue
	args=$(cat "$dir/args")
	formats=$(cd "$dir" && ls expected.* 2>/dev/null |
	    sed -n 's/^expected\.\(text\|compact\|markdown\|json\)$/\1/p')
	[ -n "$formats" ] || formats="text json"
	ok=1
	for fmt in $formats; do
		# shellcheck disable=SC2086
		(cd "$dir" && NO_COLOR=1 "$prog" -f "$fmt" $args \
		    >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/status")
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
