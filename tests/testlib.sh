# Sourced by end-to-end test scripts (tests/deb-test.sh,
# tests/action-test.sh): one counted line per check, and the closing line.
#
#   ok WHAT        a check passed:  "ok WHAT"
#   bad WHAT       a check failed:  "FAIL WHAT"
#   summary NAME   "NAME: N passed, M failed"; false when any failed
passed=0
failed=0
ok() {
	passed=$((passed + 1))
	echo "ok $*"
}
bad() {
	failed=$((failed + 1))
	echo "FAIL $*"
}
summary() {
	echo "$1: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
