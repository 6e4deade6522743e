#!/bin/sh
# make test: every unit test program, the fixture cases (offline, then
# against real servers on 127.0.0.1), and the end-to-end scripts.  Prints
# one closing line "N passed, N failed, N skipped" (programs, fixture cases
# and scripts) and exits non-zero when anything failed.  A script that
# exits 77 could not run, or not all of it (a tool or data it needs is
# missing), and a unit test program that skipped a test: skipped, not
# passed.  With DNSLINT_NO_SKIP=1 (CI, which has every tool) anything
# skipped makes the run fail too.
build=${1:-build}
prog=$build/dnslint
passed=0
failed=0
skipped=0

# step LABEL COMMAND...: one item that passes, fails or is skipped (77).
step() {
	label=$1
	shift
	echo "== $label"
	"$@"
	rc=$?
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
	elif [ "$rc" -eq 77 ]; then
		skipped=$((skipped + 1))
		echo "SKIPPED: $label"
	else
		failed=$((failed + 1))
		echo "FAILED: $label"
	fi
}

# unit COMMAND...: a cmocka program; one that passed but skipped a test
# (cmocka's "[  SKIPPED ]") is skipped (77).
unit() {
	out=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q '^\[  SKIPPED \]'
	then
		rc=77
	fi
	return "$rc"
}

# cases LABEL COMMAND...: a fixture run; each case counts.
cases() {
	label=$1
	shift
	echo "== $label"
	out=$("$@")
	printf '%s\n' "$out"
	line=$(printf '%s\n' "$out" | sed -n 's/^fixtures: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
	if [ -z "$line" ]; then
		failed=$((failed + 1))
		echo "FAILED: $label (no summary)"
		return
	fi
	set -- $line
	passed=$((passed + $1))
	failed=$((failed + $2))
}

for t in "$build"/tests/test_*; do
	[ -x "$t" ] || continue
	# Live tests get their own authoritative servers on 127.0.0.1.
	case ${t##*/} in
	test_dnsq|test_live) step "${t##*/}" unit sh tests/live/run.sh "$t" ;;
	*) step "${t##*/}" unit "$t" ;;
	esac
done
cases fixtures sh tests/run-fixtures.sh "$prog"
# Again on one processor: what runs beside the caller (lib/par.c) then
# runs at the join, as it does by default on a small zone (the first run
# gives every job a thread: tests/run-fixtures.sh, DNSLINT_PAR_MIN=0),
# and every output must be the same.
if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
	cases "fixtures on one processor" taskset -c 0 \
	    sh tests/run-fixtures.sh "$prog"
else
	step "fixtures on one processor" sh -c 'echo "no taskset"; exit 77'
fi
# Again with every zone file read lean (lib/zoneread.c, struct
# dl_zone_filter): what a check asks of an owner not stored is answered
# by reading the file again, so every output must be the same.
cases "fixtures read lean" env DNSLINT_LEAN_FROM=0 \
    sh tests/run-fixtures.sh "$prog"
cases "live fixtures (real servers on 127.0.0.1)" \
    sh tests/live/run.sh sh tests/run-fixtures.sh "$prog" check \
    tests/fixtures/live-cases
step "manual examples" sh tests/man-examples.sh "$prog"
step "the program's link (LINK=${LINK:-static})" sh tests/link-test.sh "$prog"
step "rule coverage" sh tests/check-rules.sh "$prog"
step "rule examples (dnslint explain)" sh tests/rule-examples.sh "$prog"
step "rule ids only in rules/" sh tests/rule-ids-test.sh
step "pre-commit hook" sh tests/hook-test.sh "$prog"
step "pre-commit framework hooks" sh tests/framework-test.sh
step "sarif and junit read back" sh tests/check-formats.sh "$prog"
step "dnslint wait" sh tests/wait-test.sh "$prog"
step "github action" sh tests/action-test.sh "$prog"
step "--git-live and --staged" sh tests/git-live-test.sh "$prog"
step "dnslint zones (octoDNS configurations)" sh tests/zones-test.sh "$prog"
step "Terraform CI example" sh tests/terraform-ci-test.sh "$prog"
step "make proof's verdicts (no resolvers)" python3 tests/proof/judge-test.py
step "peer zone corpus (../shared/peerzones)" sh tests/peerzones-test.sh "$prog"
if command -v mandoc >/dev/null 2>&1; then
	step "manual lint" mandoc -T lint -W warning dnslint.1
else
	step "manual lint" sh -c 'echo "mandoc is not installed"; exit 77'
fi
echo "$passed passed, $failed failed, $skipped skipped"
if [ "${DNSLINT_NO_SKIP:-0}" = 1 ] && [ "$skipped" -gt 0 ]; then
	echo "DNSLINT_NO_SKIP=1: $skipped skipped: every tool should be here"
	exit 1
fi
[ "$failed" -eq 0 ]
