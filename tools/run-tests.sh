#!/bin/sh
# make test: every unit test program, then the fixture cases, then the
# manual's lint.  Prints one closing line "N passed, N failed" (programs and
# fixture cases) and exits non-zero when anything failed.
build=${1:-build}
passed=0
failed=0
for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	echo "== ${t##*/}"
	# Live tests get their own authoritative servers on 127.0.0.1.
	case ${t##*/} in
	test_dnsq|test_live) run="sh tests/live/run.sh" ;;
	*) run="" ;;
	esac
	if $run "$t"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAILED: ${t##*/}"
	fi
done
echo "== fixtures"
if out=$(sh tests/run-fixtures.sh "$build/dnslint"); then :; fi
printf '%s\n' "$out"
fp=$(printf '%s\n' "$out" | sed -n 's/^fixtures: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
ff=$(printf '%s\n' "$out" | sed -n 's/^fixtures: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
if [ -z "$fp" ]; then
	failed=$((failed + 1))
else
	passed=$((passed + fp))
	failed=$((failed + ff))
fi
echo "== live fixtures (real servers on 127.0.0.1)"
if out=$(sh tests/live/run.sh sh tests/run-fixtures.sh "$build/dnslint" check \
    tests/fixtures/live-cases); then :; fi
printf '%s\n' "$out"
lp=$(printf '%s\n' "$out" | sed -n 's/^fixtures: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
lf=$(printf '%s\n' "$out" | sed -n 's/^fixtures: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
if [ -z "$lp" ]; then
	failed=$((failed + 1))
else
	passed=$((passed + lp))
	failed=$((failed + lf))
fi
echo "== manual examples"
if sh tests/man-examples.sh "$build/dnslint"; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	echo "FAILED: tests/man-examples.sh"
fi
echo "== rule coverage"
if sh tests/check-rules.sh "$build/dnslint"; then
	passed=$((passed + 1))
else
	failed=$((failed + 1))
	echo "FAILED: tests/check-rules.sh"
fi
echo "== manual"
if command -v mandoc >/dev/null 2>&1; then
	if mandoc -T lint -W warning dnslint.1; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAILED: mandoc -T lint dnslint.1"
	fi
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
