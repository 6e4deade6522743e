#!/bin/sh
# Every rule's examples, as 'dnslint explain RULE' shows them, are run:
# the one under "Passes:" must pass the rule, the one under "Fails:" must
# fail it (as ShellCheck and yamllint run their wiki examples).  The rules
# are those 'dnslint rules' lists: a rule without a working context here,
# or whose examples do not do what they say, fails the test.
#
#   sh tests/rule-examples.sh PROG
#
# Each rule has a folder tests/rule-examples/RULE (the least context its
# examples need):
#   args      the arguments of the check (one line; the prepared folder is
#             the cwd); $PORT1 and $PORT2 stand for the test servers' ports
#   env       (optional) VAR=VALUE words for the environment, the same
#             substitutions
#   *.in      templates: the line @EXAMPLE@ is replaced by the example and
#             the file is written without .in; at least one is needed
#   good/ bad/  (optional) files for one example only, laid over the rest:
#             where an example's comment states what is live
#   servers   (optional) lines "NAME ADDRESS PORTVAR": an NSD serving the
#             zone files of folder NAME on ADDRESS (127.0.0.1 or
#             127.0.0.2) at $PORTVAR, for rules that need the servers;
#             started afresh for each example, on loopback only
# A folder no rule has is an error too.  Nothing leaves the loopback:
# DNSLINT_RESOLVER is a closed port unless env names a test server.
#
# Prints one line per example and "rule-examples: N passed, M failed";
# exits 1 when one failed, 2 on bad usage, 77 (skipped) when python3 (to
# read the JSON report) or NSD (for the rules that need servers) is
# missing.
if [ $# -ne 1 ]; then
	echo "usage: sh tests/rule-examples.sh PROG" >&2
	exit 2
fi
case $1 in
/*)	prog=$1 ;;
*)	prog=$(pwd)/$1 ;;
esac
if [ ! -x "$prog" ]; then
	echo "rule-examples: '$1' is not an executable program" >&2
	exit 2
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "rule-examples: python3 is not installed: skipped"
	exit 77
fi
root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
here=$root/tests/rule-examples
live=$root/tests/live
tmp=$(mktemp -d) || exit 2
DNSLINT_LIVE_STATE=$tmp/servers
export DNSLINT_LIVE_STATE
mkdir "$DNSLINT_LIVE_STATE" || exit 2
trap 'sh "$live/server.sh" stop-all; rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM
# shellcheck source=tests/hooklib.sh
. "$root/tests/hooklib.sh"	# ok, skip, summary and their counters
# bad LABEL [DETAIL]: a failed check, with DETAIL indented
bad() {
	echo "FAIL $1"
	[ -z "${2:-}" ] || printf '%s\n' "$2" | sed 's/^/     | /'
	failed=$((failed + 1))
}

# example ID good|bad: the example as explain prints it, unindented.
example() {
	"$prog" explain "$1" | awk -v want="$2" '
	    /^Passes:$/ { on = (want == "good"); next }
	    /^Fails:$/ { on = (want == "bad"); next }
	    on { lines[n++] = $0 }
	    END {
		while (n > 0 && lines[n - 1] == "") n--
		for (i = 0; i < n; i++) {
			if (substr(lines[i], 1, 4) != "    " && lines[i] != "")
				exit 1
			print substr(lines[i], 5)
		}
	    }'
}

# servers_start DIR: start the servers DIR/servers names, on free ports;
# sets p1 and p2.  Returns 77 when NSD is missing, 1 when they do not start.
servers_start() {
	p1=0
	p2=0
	[ -f "$1/servers" ] || return 0
	if ! [ -x /usr/sbin/nsd ] && ! command -v nsd >/dev/null 2>&1; then
		return 77
	fi
	for _ in 1 2 3 4 5; do
		n=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
		p1=$((20000 + n % 40000))
		p2=$((p1 + 1))
		started=1
		while read -r name addr var; do
			case $var in
			PORT1) port=$p1 ;;
			PORT2) port=$p2 ;;
			*) echo "rule-examples: bad servers line '$name $addr $var'"
			   return 1 ;;
			esac
			if ! sh "$live/server.sh" start -x plain -a "$addr" "$name" \
			    "$port" "$1/$name" >"$tmp/server.log" 2>&1; then
				started=
				break
			fi
		done <"$1/servers"
		[ -n "$started" ] && return 0
		sh "$live/server.sh" stop-all
	done
	cat "$tmp/server.log"
	return 1
}

# findings JSON ID: "STATUS<TAB>SUBJECT: MESSAGE" for every finding of ID
findings() {
	python3 -c '
import json, sys
try:
    doc = json.load(open(sys.argv[1]))
except ValueError:
    sys.exit(0)
for p in doc.get("plans", []):
    for f in p["findings"]:
        if f["rule"] == sys.argv[2]:
            print("%s\t%s: %s" % (f["status"], f["subject"], f["message"]))
' "$1" "$2"
}

ids=$("$prog" rules | awk '{ print $1 }')
[ -n "$ids" ] || { echo "rule-examples: '$prog rules' listed nothing"; exit 1; }
for d in "$here"/*/; do
	id=$(basename "$d")
	printf '%s\n' "$ids" | grep -qx "$id" ||
	    bad "tests/rule-examples/$id: no rule '$id'"
done
for id in $ids; do
	for which in good bad; do
		label="$id: the $which example"
		src=$here/$id
		if [ ! -f "$src/args" ]; then
			bad "$label: no tests/rule-examples/$id/args"
			continue
		fi
		if ! example "$id" "$which" >"$tmp/example" ||
		    ! [ -s "$tmp/example" ]; then
			bad "$label: 'dnslint explain $id' shows no $which example"
			continue
		fi
		w=$tmp/$id.$which
		rm -rf "$w"
		mkdir -p "$w"
		cp -R "$src/." "$w" || exit 2
		rm -rf "$w/good" "$w/bad"
		[ ! -d "$src/$which" ] || cp -R "$src/$which/." "$w"
		used=0
		for t in "$w"/*.in; do
			[ -f "$t" ] || continue
			grep -qx '@EXAMPLE@' "$t" && used=1
			awk -v ex="$tmp/example" '
			    $0 == "@EXAMPLE@" {
				while ((getline l < ex) > 0) print l
				close(ex)
				next
			    }
			    { print }' "$t" >"${t%.in}"
			rm -f "$t"
		done
		if [ $used = 0 ]; then
			bad "$label: no template in tests/rule-examples/$id has" \
			    "a line @EXAMPLE@"
			continue
		fi
		servers_start "$w"
		rc=$?
		if [ $rc -eq 77 ]; then
			skip "$label: NSD is not installed"
			continue
		elif [ $rc -ne 0 ]; then
			bad "$label: the test servers did not start"
			continue
		fi
		args=$(sed -e "s/\$PORT1/$p1/g" -e "s/\$PORT2/$p2/g" "$w/args")
		envs=
		[ ! -f "$w/env" ] || envs=$(sed -e "s/\$PORT1/$p1/g" \
		    -e "s/\$PORT2/$p2/g" "$w/env")
		# shellcheck disable=SC2086
		(cd "$w" && DNSLINT_RESOLVER=127.0.0.1@9 &&
		    export DNSLINT_RESOLVER &&
		    if [ -n "$envs" ]; then eval "export $envs"; fi &&
		    "$prog" -f json $args >"$tmp/out.json" 2>"$tmp/err")
		st=$?
		sh "$live/server.sh" stop-all
		findings "$tmp/out.json" "$id" >"$tmp/found"
		what="exit $st; $(cat "$tmp/err")
the example:
$(cat "$tmp/example")
$id found:
$(cat "$tmp/found")"
		if [ "$st" -eq 2 ] || ! [ -s "$tmp/found" ]; then
			bad "$label: no finding of $id" "$what"
		elif [ $which = good ] && grep -qv '^pass	' "$tmp/found"; then
			bad "$label does not pass" "$what"
		elif [ $which = bad ] && ! grep -q '^fail	' "$tmp/found"; then
			bad "$label does not fail" "$what"
		else
			ok "$label $([ $which = good ] && echo passes ||
			    echo fails)"
		fi
	done
done
summary rule-examples
