# shellcheck shell=sh
# shellcheck disable=SC2154
# Shared by tests/hook-test.sh, tests/framework-test.sh and
# tests/rule-examples.sh (sourced, after they set $tmp, a temporary folder
# they remove): counters, one line per check, temporary git repositories,
# commits and what became of them.

# Only these repositories' settings: no global hooksPath, no signing.
GIT_CONFIG_GLOBAL=/dev/null
GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_GLOBAL GIT_CONFIG_NOSYSTEM
unset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE PRE_COMMIT_FROM_REF \
    PRE_COMMIT_TO_REF

passed=0
failed=0
skipped=0
ok() {
	echo "ok   $1"
	passed=$((passed + 1))
}
# not_ok LABEL: a failed check, with what it printed ($tmp/log)
not_ok() {
	echo "FAIL $1"
	sed 's/^/     | /' "$tmp/log"
	failed=$((failed + 1))
}
# skip WHAT: checks that could not run
skip() {
	echo "skip $1"
	skipped=$((skipped + 1))
}

# new_repo DIR: a new git repository in DIR, which becomes the current
# folder
new_repo() {
	mkdir -p "$1" && cd "$1" && git init -q . || exit 2
	git config user.name "hook test"
	git config user.email "hook-test@example.com"
	git config commit.gpgsign false
}

# commit MESSAGE [GIT-COMMIT-OPTIONS...]: git commit; the HEAD before it in
# $head, the status in $st, everything printed in $tmp/log
commit() {
	m=$1
	shift
	head=$(git rev-parse -q --verify HEAD)
	git commit -q -m "$m" "$@" >"$tmp/log" 2>&1
	st=$?
}

# accepted LABEL: the last commit went through and printed nothing
accepted() {
	if [ "$st" -eq 0 ] && [ "$(git rev-parse HEAD)" != "$head" ] &&
	    [ ! -s "$tmp/log" ]; then
		ok "$1"
	else
		not_ok "$1 (exit $st)"
	fi
}

# fails LABEL PATTERN...: the last command (status $st) failed, and what it
# printed ($tmp/log) has a line matching each grep pattern
fails() {
	label=$1
	shift
	if [ "$st" -eq 0 ]; then
		not_ok "$label (exit $st)"
		return
	fi
	for p in "$@"; do
		if ! grep -q -- "$p" "$tmp/log"; then
			not_ok "$label (no line '$p')"
			return
		fi
	done
	ok "$label"
}

# refused LABEL PATTERN...: the last commit was refused, as fails() says
refused() {
	if [ "$(git rev-parse -q --verify HEAD)" != "$head" ]; then
		not_ok "$1 (committed)"
		return
	fi
	fails "$@"
}

# zone_head ORIGIN SERIAL: the first lines of a zone file: $ORIGIN, $TTL,
# the SOA with that serial, and two nameservers at two providers
zone_head() {
	# shellcheck disable=SC2016
	printf '$ORIGIN %s\n$TTL 3600\n' "$1"
	printf '@\tIN SOA\tns1.example-dns.net. hostmaster.%s (\n' "$1"
	printf '\t\t%s 7200 900 1209600 300 )\n' "$2"
	printf '@\t3600\tIN NS\tns1.example-dns.net.\n'
	printf '@\t3600\tIN NS\tns-1.awsdns-01.org.\n'
}

# web_plan: plans/web.yaml, a plan that moves www (TTL 300) of
# zones/example.com.zone
web_plan() {
	cat >plans/web.yaml <<'EOF'
# Move www to the new web host.
zone: example.com.
live_zone_file: ../zones/example.com.zone
changes:
  - name: www
    type: A
    to: [198.51.100.10]
EOF
}

# summary NAME: the closing line; the status to exit with: 1 when a
# check failed, else 77 (skipped) when a check could not run, else 0
summary() {
	echo "$1: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ] || return 1
	[ "$skipped" -eq 0 ] || return 77
}
