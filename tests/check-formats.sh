#!/bin/sh
# The sarif and junit formats of the real program, read back by other
# parsers: python3's json and xml.etree.  dnslint runs on fixture cases
# (a failing plan, two plans, a warning, a plan with a typo written with
# -o) and the script checks what SARIF 2.1.0 and JUnit consumers rely on:
# SARIF: version, $schema, one run, tool.driver.name, rules equal to
# 'dnslint rules' with unique ids and help text, every result's ruleId in
# the rules at ruleIndex, a level, a message, an artifact location, a
# region with startLine >= 1 (GitHub needs one), properties.status fail or
# unknown (or, for a pass resting on an assumption, kind pass, level none
# and status pass); JUnit: well-formed, testsuites/testsuite/testcase, and counts
# that match the testcases.  With DNSLINT_SARIF_SCHEMA naming the SARIF
# 2.1.0 JSON schema and python3's jsonschema installed, the logs are also
# validated against the schema.
#
# Every JUnit report (those written here and every expected.junit of the
# fixture cases) is validated with xmllint against the JUnit schema of
# Jenkins's xunit plugin, junit-10.xsd: DNSLINT_JUNIT_SCHEMA names it, else
# it is looked for in shared/schemas/ beside the repository (or one level
# further up, for a git worktree); it is not part of the project.  Without
# the schema or xmllint (libxml2-utils) that check is skipped with a
# message.
#
#   sh tests/check-formats.sh build/dnslint
#
# Prints "check-formats: N passed, M failed"; exits 77 (skipped) with a
# message when python3 is not installed, and when nothing failed but the
# schema check could not run.
if [ $# -ne 1 ]; then
	echo "usage: sh tests/check-formats.sh PROG" >&2
	exit 2
fi
case $1 in
/*)	prog=$1 ;;
*)	prog=$(pwd)/$1 ;;
esac
if [ ! -x "$prog" ]; then
	echo "check-formats: '$1' is not an executable program" >&2
	exit 2
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "check-formats: python3 is not installed: skipped"
	exit 77
fi
root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
cases=$root/tests/fixtures/cases
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM

"$prog" rules | awk '{ print $1 }' >"$tmp/rules"
DNSLINT_RESOLVER=127.0.0.1@9
export DNSLINT_RESOLVER
n=0
for c in example-migration several-plans warning-severity bad-plan-typo \
    ttl-low-no-history; do
	for fmt in sarif junit; do
		n=$((n + 1))
		# shellcheck disable=SC2046
		(cd "$cases/$c" && NO_COLOR=1 "$prog" -f "$fmt" \
		    -o "$tmp/$n.$fmt" $(cat args) >/dev/null 2>&1)
		echo "$? $c $tmp/$n.$fmt" >>"$tmp/list"
	done
done

xsd=${DNSLINT_JUNIT_SCHEMA:-}
if [ -z "$xsd" ]; then
	for d in "$root/../shared/schemas" "$root/../../shared/schemas"; do
		if [ -r "$d/junit-10.xsd" ]; then
			xsd=$d/junit-10.xsd
			break
		fi
	done
fi
xfailed=0
xpassed=0
xskipped=0
if [ -z "$xsd" ]; then
	echo "check-formats: junit-10.xsd not found: no JUnit schema check"
	xskipped=1
elif ! command -v xmllint >/dev/null 2>&1; then
	echo "check-formats: xmllint (libxml2-utils) not installed: no JUnit" \
	    "schema check"
	xskipped=1
else
	for f in $(awk '$3 ~ /\.junit$/ { print $3 }' "$tmp/list") \
	    "$root"/tests/fixtures/cases/*/expected.junit \
	    "$root"/tests/fixtures/live-cases/*/expected.junit; do
		[ -f "$f" ] || continue
		name=${f#"$root"/}
		name=${name#"$tmp"/}
		if xmllint --noout --schema "$xsd" "$f" >"$tmp/xmllint" 2>&1
		then
			echo "ok   junit-10.xsd $name"
			xpassed=$((xpassed + 1))
		else
			echo "FAIL junit-10.xsd $name"
			sed 's/^/    /' "$tmp/xmllint"
			xfailed=$((xfailed + 1))
		fi
	done
fi

python3 - "$tmp/rules" "$tmp/list" $xpassed $xfailed <<'EOF'
import json
import os
import sys
import xml.etree.ElementTree as ET

rules = open(sys.argv[1]).read().split()
passed = int(sys.argv[3])
failed = int(sys.argv[4])
schema = None
skipped = False
if os.environ.get("DNSLINT_SARIF_SCHEMA"):
    try:
        import jsonschema
        schema = json.load(open(os.environ["DNSLINT_SARIF_SCHEMA"]))
    except ImportError:
        print("check-formats: jsonschema not installed: no schema check")
        skipped = True


def check_sarif(path, status):
    log = json.load(open(path))
    assert log["version"] == "2.1.0"
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "dnslint"
    ids = [r["id"] for r in driver["rules"]]
    assert ids == rules, "rules %s, want %s" % (ids, rules)
    assert len(set(ids)) == len(ids)
    for r in driver["rules"]:
        assert r["shortDescription"]["text"]
        assert r["fullDescription"]["text"]
        assert r["help"]["text"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning",
                                                      "note", "none")
    for res in run["results"]:
        assert ids[res["ruleIndex"]] == res["ruleId"]
        # A pass resting on an assumption: kind pass, level none (SARIF
        # 2.1.0 section 3.27.9: a kind other than fail has level none).
        if res.get("kind") == "pass":
            assert res["level"] == "none"
            assert res["properties"]["status"] == "pass"
            assert "assumed" in res["message"]["text"]
        else:
            assert "kind" not in res
            assert res["level"] in ("error", "warning", "note")
            assert res["properties"]["status"] in ("fail", "unknown")
        assert res["message"]["text"]
        assert len(res["locations"]) == 1
        phys = res["locations"][0]["physicalLocation"]
        assert phys["artifactLocation"]["uri"]
        # GitHub places a result only by its region.
        assert phys["region"]["startLine"] >= 1
    inv = run["invocations"][0]
    assert inv["exitCode"] == status
    assert inv["executionSuccessful"] == (status != 2)
    if status == 2:
        assert inv["toolExecutionNotifications"][0]["level"] == "error"
    if schema is not None:
        jsonschema.validate(log, schema)


def check_junit(path, status):
    root = ET.parse(path).getroot()
    assert root.tag == "testsuites"
    # Jenkins's junit-10.xsd: no skipped on testsuites, no file or line
    # on a testcase.
    assert root.get("skipped") is None
    keys = ("tests", "failures", "errors", "skipped")
    total = dict.fromkeys(keys, 0)
    assert len(root) >= 1
    for suite in root:
        assert suite.tag == "testsuite" and suite.get("name")
        cases = suite.findall("testcase")
        got = {
            "tests": len(cases),
            "failures": sum(len(c.findall("failure")) for c in cases),
            "errors": sum(len(c.findall("error")) for c in cases),
            "skipped": sum(len(c.findall("skipped")) for c in cases),
        }
        for k in keys:
            assert int(suite.get(k)) == got[k], (suite.get("name"), k)
            total[k] += got[k]
        for c in cases:
            assert c.get("classname") and c.get("name")
            assert c.get("file") is None and c.get("line") is None
            assert len([e for e in c if e.tag in
                        ("failure", "error", "skipped")]) <= 1
    for k in keys[:3]:
        assert int(root.get(k)) == total[k], k
    if status == 1:
        assert total["failures"] > 0
    if status == 2:
        assert total["errors"] > 0


for line in open(sys.argv[2]):
    status, case, path = line.split()
    status = int(status)
    what = "%s %s" % (case, os.path.splitext(path)[1][1:])
    try:
        if path.endswith(".sarif"):
            check_sarif(path, status)
        else:
            check_junit(path, status)
        print("ok   " + what)
        passed += 1
    except Exception as e:
        print("FAIL %s: %s: %s" % (what, type(e).__name__, e))
        failed += 1
print("check-formats: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 77 if skipped else 0)
EOF
rc=$?
# A check that could not run makes the whole script a skip (77).
if [ "$rc" -eq 0 ] && [ "$xskipped" -eq 1 ]; then
	exit 77
fi
exit "$rc"
