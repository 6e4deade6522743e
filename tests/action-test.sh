#!/bin/sh
# The GitHub Action: action.yml's structure, and contrib/action/run.sh (its
# work) run as the action runs it, with a fake GitHub environment: a
# workspace holding a copy of the example migration, GITHUB_STEP_SUMMARY,
# GITHUB_OUTPUT and the INPUT_* variables action.yml sets.  Checks the
# annotations (workflow commands on standard output), the job summary,
# the exit-status output and the step's exit status, fail-on warning,
# allow-unknown, desired zones, globs, and that no SARIF file is written
# unless asked.
#
#   sh tests/action-test.sh build/dnslint
#
# Needs bash (the action's shell) and python3 with PyYAML (tools/deps.sh).
# Prints "action-test: N passed, M failed".
if [ $# -ne 1 ]; then
	echo "usage: sh tests/action-test.sh PROG" >&2
	exit 2
fi
case $1 in
/*)	prog=$1 ;;
*)	prog=$(pwd)/$1 ;;
esac
top=$(cd "$(dirname "$0")/.." && pwd)
run=$top/contrib/action/run.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
. "$top/tests/testlib.sh"

# action.yml: parsed as YAML, the keys GitHub requires, a composite action
# whose run steps all have a shell, every inputs.X it uses declared, and
# every INPUT_* variable run.sh reads set by the step that runs it.
if python3 - "$top/action.yml" "$run" <<'EOF'
import re, sys, yaml
action, script = sys.argv[1], sys.argv[2]
with open(action) as f:
    doc = yaml.safe_load(f)
errors = []
for key in ("name", "description", "inputs", "runs"):
    if not doc.get(key):
        errors.append("no '%s'" % key)
runs = doc.get("runs") or {}
if runs.get("using") != "composite":
    errors.append("runs.using is %r, not 'composite'" % runs.get("using"))
inputs = doc.get("inputs") or {}
for name, spec in inputs.items():
    if not isinstance(spec, dict) or not spec.get("description"):
        errors.append("input '%s' has no description" % name)
    elif "default" in spec and not isinstance(spec["default"], str):
        errors.append("input '%s': default is not a string" % name)
steps = runs.get("steps") or []
if not steps:
    errors.append("no steps")
env = {}
for i, step in enumerate(steps):
    label = step.get("name", "step %d" % (i + 1))
    if ("run" in step) == ("uses" in step):
        errors.append("%s: needs one of run and uses" % label)
    if "run" in step and not step.get("shell"):
        errors.append("%s: a run step without shell" % label)
    if "run" in step and "contrib/action/run.sh" in step["run"]:
        env = step.get("env") or {}
with open(action) as f:
    text = f.read()
for used in sorted(set(re.findall(r"inputs\.([A-Za-z0-9_-]+)", text))):
    if used not in inputs:
        errors.append("inputs.%s is used but not declared" % used)
with open(script) as f:
    wanted = set(re.findall(r"\b(INPUT_[A-Z_]+)", f.read()))
for var in sorted(wanted - set(env)):
    errors.append("run.sh reads %s, the step does not set it" % var)
for var in sorted(set(env)):
    if var.startswith("INPUT_"):
        name = var[6:].lower().replace("_", "-")
        if name not in inputs:
            errors.append("%s names no input '%s'" % (var, name))
for out, spec in (doc.get("outputs") or {}).items():
    if "value" not in spec:
        errors.append("output '%s' has no value" % out)
for e in errors:
    print("action.yml: " + e)
sys.exit(1 if errors else 0)
EOF
then
	ok "action.yml: structure"
else
	bad "action.yml: structure"
fi

# The workspace: the example under dns/, a desired zone, a plan with a
# typo, a plan that needs the network.
ws=$tmp/ws
mkdir -p "$ws/dns/zones"
cp -R "$top/examples/web-migration" "$ws/dns/"
sed -e 's/2026111501/2026111502/' \
    -e 's/^mail	IN A	192.0.2.25$/mail	IN A	198.51.100.25/' \
    "$top/examples/web-migration/example.com.zone" \
    >"$ws/dns/zones/example.com.zone"
printf 'zone: example.com.\ndecomission: []\n' >"$ws/dns/typo.yaml"
printf 'zone: example.com.\nchanges:\n  - name: www\n    type: A\n    to: [198.51.100.10]\n' \
    >"$ws/dns/live.yaml"
now=2026-11-22T12:00:00Z
ex=dns/web-migration

# action NAME VAR=VALUE...: run run.sh as the action step does, in the
# workspace's parent (the step's cwd need not be the workspace), with the
# given inputs; standard output in $tmp/NAME.out, the summary in
# $tmp/NAME.sum, GITHUB_OUTPUT in $tmp/NAME.gho, the exit status in $st.
action() {
	name=$1
	shift
	: >"$tmp/$name.sum"
	: >"$tmp/$name.gho"
	(cd "$tmp" && env -u INPUT_FORMAT -u INPUT_FAIL_ON -u INPUT_ARGS \
	    -u INPUT_SARIF -u INPUT_DESIRED -u INPUT_ALLOW_UNKNOWN \
	    GITHUB_WORKSPACE="$ws" GITHUB_STEP_SUMMARY="$tmp/$name.sum" \
	    GITHUB_OUTPUT="$tmp/$name.gho" DNSLINT="$prog" \
	    DNSLINT_RESOLVER=127.0.0.1@9 "$@" bash "$run") \
	    >"$tmp/$name.out" 2>"$tmp/$name.err"
	st=$?
}

# expect NAME WHAT TEST...: one check of the last run.
expect() {
	name=$1
	what=$2
	shift 2
	if "$@"; then
		ok "$name: $what"
	else
		bad "$name: $what"
		for f in out err sum gho; do
			echo "--- $name.$f (out: stdout, err: stderr, sum: summary, gho: GITHUB_OUTPUT)"
			head -n 40 "$tmp/$name.$f"
		done
	fi
}
has() {
	grep -qxF -e "$2" "$tmp/$1"
}
count() {
	n=$(grep -c -e "$2" "$tmp/$1")
	[ "$n" -eq "$3" ]
}
no_sarif() {
	[ -z "$(find "$ws" "$tmp" -name '*.sarif')" ]
}

# Both example plans by a glob: annotations for every failure, the log's
# text report in a group, the summary, exit 1.
action plans INPUT_PATHS="dns/**/plan*.yaml" INPUT_ARGS="--now $now"
expect plans "exit status 1" [ "$st" -eq 1 ]
expect plans "exit-status=1 in GITHUB_OUTPUT" has plans.gho "exit-status=1"
expect plans "ttl-lowered annotation at plan.yaml:9:5" has plans.out \
    "::error file=$ex/plan.yaml,line=9,col=5,title=ttl-lowered::example.com. A: live TTL 86400 is above 300: publish TTL 300 now (example.com. A 192.0.2.10 -> 198.51.100.10) (safe from 2026-11-23T12:00:00Z)%0Asafe to cut over from 2026-11-23 12:00Z (in 1d)"
expect plans "decommission-window annotation at plan.yaml:27:5" \
    grep -q "^::error file=$ex/plan.yaml,line=27,col=5,title=decommission-window::192.0.2.10: switched off 2h after cutover" "$tmp/plans.out"
expect plans "11 error annotations, blast-radius among them" \
    eval 'count plans.out "^::error " 11 && count plans.out "^::error file=[^,]*,title=blast-radius::" 1'
expect plans "the text report in a log group" \
    eval 'has plans.out "::group::dnslint -f text $ex/plan-fixed.yaml $ex/plan.yaml" && has plans.out "::endgroup::" && has plans.out "11 failed, 19 passed, 10 skipped"'
expect plans "summary: markdown for both plans" \
    eval 'has plans.sum "### dnslint: \`example.com.\` (\`$ex/plan.yaml\`)" && has plans.sum "### dnslint: \`example.com.\` (\`$ex/plan-fixed.yaml\`)" && grep -q "^| \*\*FAIL\*\* | \`ttl-lowered\` | \`www.example.com. A\` |" "$tmp/plans.sum"'
expect plans "summary: the exit status" has plans.sum \
    "dnslint exit status 1: a check failed."
expect plans "no SARIF unless asked" no_sarif

# fail-on: with ns-ttl a warning and ns-multi-provider off, plan-fixed.yaml
# only warns: a pass by default, a failure with fail-on warning.
action warn INPUT_PATHS="$ex/plan-fixed.yaml" INPUT_ARGS="--now $now \
--disable ns-multi-provider --severity ns-ttl=warning"
expect warn "default fail-on: exit 0" [ "$st" -eq 0 ]
expect warn "default fail-on: the warning as a warning" \
    grep -q "^::warning file=$ex/plan-fixed.yaml,title=ns-ttl::" \
    "$tmp/warn.out"
expect warn "exit-status=0" has warn.gho "exit-status=0"
action warn2 INPUT_PATHS="$ex/plan-fixed.yaml" INPUT_FAIL_ON=warning \
    INPUT_FORMAT=compact INPUT_ARGS="--now $now --disable ns-multi-provider \
--severity ns-ttl=warning"
expect warn2 "fail-on warning: exit 1" [ "$st" -eq 1 ]
expect warn2 "fail-on warning: the warning is an error annotation" \
    grep -q "^::error file=$ex/plan-fixed.yaml,title=ns-ttl::" \
    "$tmp/warn2.out"
expect warn2 "format compact in the log" grep -q \
    "^$ex/plan-fixed.yaml: warning: example.com. NS: TTL 86400 is above 3600" \
    "$tmp/warn2.out"
expect warn2 "exit-status=1" has warn2.gho "exit-status=1"

# SARIF when asked, in a folder that does not exist yet.
action sarif INPUT_PATHS="$ex/plan.yaml" INPUT_SARIF=reports/dnslint.sarif \
    INPUT_ARGS="--now $now"
expect sarif "exit status 1" [ "$st" -eq 1 ]
expect sarif "the SARIF file: version 2.1.0, 9 results (9 failed)" python3 -c '
import json, sys
log = json.load(open(sys.argv[1]))
sys.exit(not (log["version"] == "2.1.0" and len(log["runs"][0]["results"]) == 9))
' "$ws/reports/dnslint.sarif"
rm -rf "$ws/reports"

# Desired zones: the zone file's line in the annotation.
action desired INPUT_PATHS=dns/zones/example.com.zone INPUT_DESIRED=true \
    INPUT_ARGS="--now $now -z $ex/example.com.zone"
expect desired "exit status 1" [ "$st" -eq 1 ]
expect desired "ttl-lowered at the desired zone's line 21" grep -q \
    "^::error file=dns/zones/example.com.zone,line=21,title=ttl-lowered::mail.example.com. A: live TTL 86400 is above 300" \
    "$tmp/desired.out"

# Invalid input: exit 2, the error where it is.
action typo INPUT_PATHS=dns/typo.yaml
expect typo "exit status 2" [ "$st" -eq 2 ]
expect typo "the error at the typo" has typo.out \
    "::error file=dns/typo.yaml,line=2,col=1::unknown key 'decomission'; did you mean 'decommission'?"
expect typo "exit-status=2" has typo.gho "exit-status=2"

# Nothing to check is an error, not a pass; a pattern that matches nothing
# beside one that matches is a warning.  Paths on lines of their own (a
# YAML block, paths: |) are as good as paths on one line.
action none INPUT_PATHS="dns/nothing/*.yaml"
expect none "no file: exit 2" [ "$st" -eq 2 ]
expect none "no file: the error" has none.out \
    "::error title=dnslint::no plan to check: input 'paths' ('dns/nothing/*.yaml') names no file"
expect none "exit-status=2" has none.gho "exit-status=2"
action some INPUT_PATHS="dns/nothing/*.yaml
dns/web-migration/plan-fixed.yaml
" \
    INPUT_FORMAT=github INPUT_ARGS="--now $now"
expect some "the pattern that matched nothing: a warning" has some.out \
    "::warning title=dnslint::no file matches 'dns/nothing/*.yaml'"
expect some "format github: no separate log report" \
    eval '! grep -q "^::group::" "$tmp/some.out"'
expect some "exit status 1, the plan on the second line checked" eval \
    '[ "$st" -eq 1 ] && has some.out "::notice::dnslint: 2 failed, 13 passed, 5 skipped"'

# Not verified (the resolver is a closed port on loopback): exit 3 fails
# the step unless allow-unknown.
action unknown INPUT_PATHS=dns/live.yaml INPUT_ARGS="--now $now"
expect unknown "exit status 3" [ "$st" -eq 3 ]
expect unknown "exit-status=3" has unknown.gho "exit-status=3"
action unknown2 INPUT_PATHS=dns/live.yaml INPUT_ALLOW_UNKNOWN=true \
    INPUT_ARGS="--now $now"
expect unknown2 "allow-unknown: exit 0" [ "$st" -eq 0 ]
expect unknown2 "allow-unknown: exit-status=3 and a warning" eval \
    'has unknown2.gho "exit-status=3" && has unknown2.out "::warning title=dnslint::nothing failed, but some checks could not be verified (allow-unknown: true)"'
action badargs INPUT_PATHS=dns/live.yaml INPUT_ARGS="--now $now -o x.txt"
expect badargs "args with -o is an error" eval \
    '[ "$st" -eq 2 ] && has badargs.out "::error title=dnslint::input '"'args'"' must not hold '"'-o'"': the action chooses each run'"'"'s format and output (inputs format and sarif)" && [ ! -e "$ws/x.txt" ]'
action badbool INPUT_PATHS=dns/live.yaml INPUT_ALLOW_UNKNOWN=yes
expect badbool "allow-unknown: yes is an error" eval \
    '[ "$st" -eq 2 ] && has badbool.out "::error title=dnslint::input '"'allow-unknown'"' must be true or false, got '"'yes'"'"'

# Runs that disagree (a server changed its answers between them): the
# worst status counts, with a warning.  A wrapper makes the markdown run
# report 3 where the others report 1.
cat >"$tmp/flaky" <<EOF
#!/bin/sh
"$prog" "\$@"
st=\$?
case " \$* " in *" -f markdown "*) exit 3 ;; esac
exit \$st
EOF
chmod +x "$tmp/flaky"
action flaky INPUT_PATHS="$ex/plan.yaml" INPUT_ARGS="--now $now" \
    DNSLINT="$tmp/flaky"
expect flaky "the worse status (1, not 3) counts" eval \
    '[ "$st" -eq 1 ] && has flaky.gho "exit-status=1"'
expect flaky "a warning says the runs disagreed" has flaky.out \
    "::warning title=dnslint::the runs disagreed (exit statuses 1 1 3): a server's answers changed while dnslint asked; the worst, 1, counts"
expect flaky "no SARIF unless asked" no_sarif

summary action-test
