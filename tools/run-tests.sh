#!/bin/sh
# make test: every unit test program, the fixture cases (offline, then
# against real servers on 127.0.0.1), and the end-to-end scripts.  Prints
# one closing line "N passed, N failed, N skipped" (programs, fixture cases
# and scripts) and exits non-zero when anything failed.  A script that
# exits 77 could not run (a tool it needs is missing): skipped, not passed.
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
	test_dnsq|test_live) step "${t##*/}" sh tests/live/run.sh "$t" ;;
	*) step "${t##*/}" "$t" ;;
	esac
done
cases fixtures sh tests/run-fixtures.sh "$prog"
cases "live fixtures (real servers on 127.0.0.1)" \
    sh tests/live/run.sh sh tests/run-fixtures.sh "$prog" check \
    tests/fixtures/live-cases
step "manual examples" sh tests/man-examples.sh "$prog"
step "rule coverage" sh tests/check-rules.sh "$prog"
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
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
