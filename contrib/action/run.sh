#!/bin/bash
# The GitHub Action's work (action.yml runs it; tests/action-test.sh runs
# it with a fake GitHub environment): check the plans or zone files the
# `paths` input names and report where a GitHub job shows it.
#
#   - the job log: the report in the `format` input's format (text), in a
#     group;
#   - annotations on the pull request and the job: dnslint -f github, one
#     workflow command per failed or unverified finding and per plan that
#     could not be checked (GitHub reads them from standard output);
#   - the job summary: dnslint -f markdown appended to $GITHUB_STEP_SUMMARY,
#     then a line with the exit status;
#   - SARIF only when the `sarif` input names a file: dnslint -f sarif -o it
#     (action.yml uploads it only when `upload-sarif` is true);
#   - $GITHUB_OUTPUT: exit-status=N, dnslint's exit status.
#
# Every run judges the same moment (--now, unless `args` gives one), so
# offline runs agree.  Live checks ask the servers once per run: when the
# runs' exit statuses differ (a server changed its answer), the worst
# counts (2, then 1, then 3, then 0; anything else, a crash, is worse than
# all) and a warning says so.
#
# Inputs, from the environment:
#   INPUT_PATHS          plans (or zone files with INPUT_DESIRED), separated
#                        by white space; globs (*, ?, [...], and ** for any
#                        folders) expand relative to $GITHUB_WORKSPACE.  A
#                        pattern that matches nothing is a warning; no file
#                        at all is an error (exit 2): nothing checked is not
#                        a pass
#   INPUT_FORMAT         the log's format (text)
#   INPUT_FAIL_ON        error or warning (error): --fail-on
#   INPUT_ARGS           more dnslint arguments, split at white space (no
#                        quoting; no globbing); not -f or -o (exit 2)
#   INPUT_SARIF          a file to write SARIF to ('': none)
#   INPUT_DESIRED        true: the paths are desired zone files (--desired;
#                        give the live zone in INPUT_ARGS: -z FILE or --axfr)
#   INPUT_ALLOW_UNKNOWN  true: exit status 3 (something could not be
#                        verified) does not fail the step
#   DNSLINT              the program (dnslint on PATH)
#
# Exit status: 0 when dnslint's was 0 (or 3 with INPUT_ALLOW_UNKNOWN),
# else dnslint's (1 a check failed, 2 invalid input, 3 not verified).
set -u
prog=${DNSLINT:-dnslint}
format=${INPUT_FORMAT:-text}
fail_on=${INPUT_FAIL_ON:-error}
sarif=${INPUT_SARIF:-}

# A workflow command's message: %, CR and LF escaped as GitHub reads them.
gh_message() {
	local s=$1
	s=${s//'%'/%25}
	s=${s//$'\r'/%0D}
	s=${s//$'\n'/%0A}
	printf '%s' "$s"
}

# fail STATUS MESSAGE: an error annotation and an exit status, before any
# dnslint run.
fail() {
	echo "::error title=dnslint::$(gh_message "$2")"
	if [ -n "${GITHUB_OUTPUT:-}" ]; then
		echo "exit-status=$1" >>"$GITHUB_OUTPUT"
	fi
	exit "$1"
}

# bool NAME VALUE: true or false, as action.yml's inputs are written.
bool() {
	case $2 in
	true|false) ;;
	*) fail 2 "input '$1' must be true or false, got '$2'" ;;
	esac
}
desired=${INPUT_DESIRED:-false}
allow_unknown=${INPUT_ALLOW_UNKNOWN:-false}
bool desired "$desired"
bool allow-unknown "$allow_unknown"

if [ -n "${GITHUB_WORKSPACE:-}" ]; then
	cd "$GITHUB_WORKSPACE" || fail 2 "cannot enter '$GITHUB_WORKSPACE'"
fi

# The paths: each word a name or a glob.
set -f
# shellcheck disable=SC2206
words=(${INPUT_PATHS:-})
# shellcheck disable=SC2206
extra=(${INPUT_ARGS:-})
set +f
shopt -s globstar nullglob
files=()
for w in "${words[@]}"; do
	case $w in
	*[*?[]*)
		# shellcheck disable=SC2206
		m=($w)
		if [ ${#m[@]} -eq 0 ]; then
			echo "::warning title=dnslint::$(gh_message \
			    "no file matches '$w'")"
		fi
		files+=("${m[@]}") ;;
	*)	files+=("$w") ;;
	esac
done
shopt -u globstar nullglob
if [ ${#files[@]} -eq 0 ]; then
	fail 2 "no plan to check: input 'paths' ('${INPUT_PATHS:-}') names no file"
fi

# Each run writes its own output where the job shows it: an -o of the
# user's would take the annotations or the summary away.
for a in "${extra[@]}"; do
	case $a in
	-o|-o*|--output|--output=*|-f|-f*|--format|--format=*)
		fail 2 "input 'args' must not hold '$a': the action chooses each \
run's format and output (inputs format and sarif)" ;;
	esac
done

common=(--color never --fail-on "$fail_on")
case " ${extra[*]} " in
*" --now "*|*" --now="*) ;;
*)	common+=(--now "$(date -u +%Y-%m-%dT%H:%M:%SZ)") ;;
esac
if [ "$desired" = true ]; then
	common+=(--desired)
fi
common+=("${extra[@]}")

# The worst of two exit statuses: anything unexpected, then 2, 1, 3, 0.
rank() {
	case $1 in
	0) echo 0 ;;
	3) echo 1 ;;
	1) echo 2 ;;
	2) echo 3 ;;
	*) echo 4 ;;
	esac
}
status=
statuses=
note() {
	statuses="$statuses $1"
	if [ -z "$status" ] || [ "$(rank "$1")" -gt "$(rank "$status")" ]; then
		status=$1
	fi
}

if [ "$format" != github ]; then
	echo "::group::dnslint -f $format ${files[*]}"
	"$prog" -f "$format" "${common[@]}" -- "${files[@]}"
	note $?
	echo "::endgroup::"
fi
"$prog" -f github "${common[@]}" -- "${files[@]}"
note $?
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
	"$prog" -f markdown "${common[@]}" -- "${files[@]}" \
	    >>"$GITHUB_STEP_SUMMARY"
	note $?
fi
if [ -n "$sarif" ]; then
	mkdir -p "$(dirname "$sarif")"
	"$prog" -f sarif -o "$sarif" "${common[@]}" -- "${files[@]}"
	note $?
fi

for s in $statuses; do
	if [ "$s" != "$status" ]; then
		echo "::warning title=dnslint::$(gh_message "the runs disagreed \
(exit statuses$statuses): a server's answers changed while dnslint asked; \
the worst, $status, counts")"
		break
	fi
done

case $status in
0)	what="every check passed" ;;
1)	what="a check failed" ;;
2)	what="invalid plan, zone, configuration or usage" ;;
3)	what="nothing failed, but some checks could not be verified" ;;
*)	what="dnslint did not finish" ;;
esac
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
	printf '\ndnslint exit status %s: %s.\n' "$status" "$what" \
	    >>"$GITHUB_STEP_SUMMARY"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
	echo "exit-status=$status" >>"$GITHUB_OUTPUT"
fi
echo "dnslint: exit status $status: $what"
if [ "$status" = 3 ] && [ "$allow_unknown" = true ]; then
	echo "::warning title=dnslint::$(gh_message "$what (allow-unknown: true)")"
	exit 0
fi
exit "$status"
