#!/bin/sh
# make bench: dnslint and the zone checkers a user would otherwise run,
# side by side on the same generated zones, and dnslint's live check
# against four local authoritative servers.  Prints a table and writes it
# to $BENCH_OUT (default bench/results.md).  Measures; asserts nothing.
#
#   BENCH_SIZES="1000 10000 100000 1000000"  zone sizes (records)
#   BENCH_RUNS=5                              runs per command (median)
#   BENCH_RUNS_SMALL=21                       runs of dnslint's plan-
#                                             targeted and whole-zone
#                                             checks, the start-up,
#                                             --git-live and octoDNS
#                                             rows (a tenth of a second
#                                             or less: a median of 5 is
#                                             at the mercy of one slow
#                                             process start, or of a
#                                             second the host runs the
#                                             two processors as one)
#   BENCH_PARTS="zones startup git octodns terraform live"
#                                             the parts run (all): the
#                                             zone sizes against the peers,
#                                             start-up, --git-live,
#                                             octoDNS zones, a Terraform
#                                             plan, live servers
#
# A run of some parts writes only their rows and targets: say so where
# its numbers are quoted.
#
# Wall time is the median of the runs and peak memory the largest maximum
# resident set among them, both taken by tools/timeit.c around each run
# (a shell's forks would cost more than a start-up takes).  Peers missing
# on the machine are installed with apt when possible, otherwise reported
# as skipped.
set -u
prog=$(cd "$(dirname "${1:-build/dnslint}")" && pwd)/$(basename "${1:-build/dnslint}")
top=$(cd "$(dirname "$0")/.." && pwd)
out=${BENCH_OUT:-$top/bench/results.md}
sizes=${BENCH_SIZES:-"1000 10000 100000 1000000"}
runs=${BENCH_RUNS:-5}
runs_small=${BENCH_RUNS_SMALL:-21}
runs_zones=$runs
parts=${BENCH_PARTS:-"zones startup git octodns terraform live"}
# part NAME: is that part to be run?
part() {
	case " $parts " in
	*" $1 "*) return 0 ;;
	*) return 1 ;;
	esac
}
now=2026-11-22T12:00:00Z
work=$(mktemp -d "${TMPDIR:-/tmp}/dnslint-bench.XXXXXX")
trap 'sh "$top/tests/live/server.sh" stop-all >/dev/null 2>&1; kill $hole 2>/dev/null; rm -rf "$work"' EXIT INT TERM
hole=
DNSLINT_LIVE_STATE=$work/servers
mkdir -p "$work/servers" "$(dirname "$out")"
export DNSLINT_LIVE_STATE
cc -O2 -o "$work/timeit" "$top/tools/timeit.c" || exit 1

# The peers, installed when missing (the benchmark is run by people on
# their machines, so it may install; tests never do).
part zones || part live || missing=-
[ "${missing:-}" = - ] ||
for pkg in bind9-utils knot-dnssecutils validns nsd ldnsutils; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' ||
	    missing="${missing:-} $pkg"
done
if [ -n "${missing:-}" ] && [ "$missing" != - ] && [ "$(id -u)" -eq 0 ]; then
	echo "bench: installing$missing"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing \
	    >/dev/null 2>&1 || echo "bench: could not install all of$missing"
fi

# measure CMD...: sets $wall (median seconds) and $mem (peak MiB), or
# wall=skipped when the command is not installed.
measure() {
	if ! command -v "$1" >/dev/null 2>&1; then
		wall=skipped mem=-
		return
	fi
	set -- $("$work/timeit" "$runs" "$@") || { wall=skipped mem=-; return; }
	wall=$1 mem=$2
}

# plan ZONEFILE N: a 50-change plan over hostN A records of that zone.
plan50() {
	step=$(( $2 / 60 / 10 * 10 ))
	[ "$step" -ge 10 ] || step=10
	{
		echo "zone: bench.example."
		echo "cutover: 2026-12-01T10:00:00Z"
		echo "live_zone_file: $1"
		echo "changes:"
		k=0
		while [ $k -lt 50 ]; do
			echo "  - {name: host$((k * step)), type: A, to: [198.51.100.$((k + 1))]}"
			k=$((k + 1))
		done
	} >"$work/plan50.yaml"
}

# decom ZONEFILE N: the 50-change plan, plus a decommission of an address
# that must be searched for in the whole zone (stale-reference).
plan_decom() {
	plan50 "$1" "$2"
	cp "$work/plan50.yaml" "$work/plandecom.yaml"
	{
		echo "decommission:"
		echo "  - {target: 10.0.0.7, at: 2026-12-09T00:00:00Z}"
	} >>"$work/plandecom.yaml"
}

# whole ZONEFILE N: the decommission plan, plus a name (an MX, CNAME and
# SRV target elsewhere in the zone) that becomes an alias: the three
# whole-zone checks, stale-reference and blast-radius over every record,
# zone-integrity at the plan's names and every record pointing at them.
plan_whole() {
	plan_decom "$1" "$2"
	alias=host$((step * 50 + 10))
	sed 's/^decommission:/  - {name: '"$alias"', type: A, delete: true}\
  - {name: '"$alias"', type: CNAME, ttl: 300, to: [host1]}\
decommission:/' "$work/plandecom.yaml" >"$work/planwhole.yaml"
}

# plan10 ZONEFILE: a pre-commit-sized plan, 10 changes.
plan10() {
	{
		echo "zone: bench.example."
		echo "live_zone_file: $1"
		echo "changes:"
		for k in 0 10 20 30 40 50 60 70 80 90; do
			echo "  - {name: host$k, type: A, to: [198.51.100.$((k + 1))]}"
		done
	} >"$work/plan10.yaml"
}

# row SIZE WHAT TOOL WALL MEM [BASE]: a table row; with BASE (a dnslint
# wall time) the row also says how many times faster dnslint was.
row() {
	ratio=-
	if [ $# -ge 6 ] && [ "$4" != skipped ] && [ "$6" != skipped ]; then
		ratio=$(awk -v p="$4" -v d="$6" 'BEGIN { printf "%.1fx", p / d }')
	fi
	printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" "$5" \
	    "$ratio" >>"$work/table"
	printf '%8s  %-36s %-18s %10s s %8s MiB %8s\n' "$1" "$2" "$3" "$4" \
	    "$5" "$ratio"
}

# best WALL MEM TOOL: keep the fastest peer's check of the zone.
best() {
	if [ "$1" != skipped ] && { [ -z "$best_wall" ] ||
	    awk -v a="$1" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; }; then
		best_wall=$1 best_mem=$2 best_tool=$3
	fi
}

# target TEXT OK: one line of the targets section.
target() {
	printf -- '- %s: %s\n' "$1" "$([ "$2" = 1 ] && echo met || echo "NOT met")" \
	    >>"$work/targets"
	printf 'target: %s: %s\n' "$1" "$([ "$2" = 1 ] && echo met || echo "NOT met")"
}

ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'; }


: >"$work/table"
: >"$work/targets"
part zones || sizes=
best_wall=
for n in $sizes; do
	z=$work/zone$n.zone
	awk -v n="$n" -v origin=bench.example. -f "$top/tools/genzone.awk" >"$z"
	plan50 "$z" "$n"
	plan_whole "$z" "$n"
	echo "== $n records ($(wc -c <"$z") bytes)"
	measure cat "$z"; row "$n" "read the file (floor)" cat "$wall" "$mem"
	runs=$runs_small
	measure "$prog" --now "$now" -f json "$work/plan50.yaml"
	plan_wall=$wall plan_mem=$mem
	row "$n" "plan-targeted check, 50 changes" dnslint "$wall" "$mem"
	measure "$prog" --now "$now" -f json "$work/planwhole.yaml"
	whole_wall=$wall whole_mem=$mem
	runs=$runs_zones
	row "$n" "whole-zone checks (decommission, new alias)" dnslint "$wall" "$mem"
	# The desired zone: 1 % of the records changed.
	awk -v n="$n" -v origin=bench.example. -v change=100 \
	    -f "$top/tools/genzone.awk" >"$work/desired$n.zone"
	measure "$prog" --now "$now" -f json --desired -z "$z" \
	    "$work/desired$n.zone"
	diff_wall=$wall diff_mem=$mem
	row "$n" "desired-zone diff (1 % changed)" dnslint "$wall" "$mem"
	measure ldns-compare-zones "$z" "$work/desired$n.zone"
	cmp_wall=$wall
	row "$n" "desired-zone diff (1 % changed)" ldns-compare-zones "$wall" "$mem" "$diff_wall"
	best_wall= best_mem= best_tool=
	measure named-checkzone -i local -q bench.example "$z"
	row "$n" "whole-zone check" named-checkzone "$wall" "$mem" "$whole_wall"
	best "$wall" "$mem" named-checkzone
	measure kzonecheck -o bench.example. "$z"
	row "$n" "whole-zone check" kzonecheck "$wall" "$mem" "$whole_wall"
	best "$wall" "$mem" kzonecheck
	measure validns -z bench.example. "$z"
	row "$n" "whole-zone check" validns "$wall" "$mem" "$whole_wall"
	best "$wall" "$mem" validns
	measure nsd-checkzone bench.example "$z"
	row "$n" "whole-zone check" nsd-checkzone "$wall" "$mem" "$whole_wall"
	best "$wall" "$mem" nsd-checkzone
	measure ldns-read-zone "$z"
	row "$n" "whole-zone parse" ldns-read-zone "$wall" "$mem" "$whole_wall"
done

# The targets, on the largest zone, from this run's numbers.
if [ -n "$best_wall" ] && [ "$plan_wall" != skipped ]; then
	echo "On $n records, the fastest peer was $best_tool ($best_wall s, $best_mem MiB)." >>"$work/targets"
	# The libzscanner reader's targets: every record read and checked.
	r=$(awk -v p="$best_wall" -v d="$plan_wall" 'BEGIN { printf "%.1f", p / d }')
	q=$(awk -v m="$best_mem" 'BEGIN { printf "%.1f", m / 4 }')
	ok=0; ge "$r" 15 && ge "$q" "$plan_mem" && ok=1
	target "plan-targeted check reading every record $r times faster than $best_tool (15), $plan_mem MiB against a quarter of its $best_mem, $q" $ok
	r=$(awk -v p="$best_wall" -v d="$whole_wall" 'BEGIN { printf "%.1f", p / d }')
	ok=0; ge "$r" 2 && ! ge "$whole_mem" "$(awk -v m="$best_mem" 'BEGIN { print m / 2 }')" && ok=1
	target "whole-zone checks $r times faster than $best_tool (2), $whole_mem MiB against $best_mem (under half)" $ok
	if [ "$cmp_wall" != skipped ]; then
		r=$(awk -v p="$cmp_wall" -v d="$diff_wall" 'BEGIN { printf "%.1f", p / d }')
		ok=0; ge "$r" 3 && ok=1
		target "desired-zone diff $r times faster than ldns-compare-zones (3)" $ok
	fi
	r=$(awk -v p="$best_wall" -v d="$diff_wall" 'BEGIN { printf "%.1f", p / d }')
	ok=0; ge "$r" 3 && ge "$best_mem" "$diff_mem" && ok=1
	target "desired-zone check of two zones (the diff, every rule over the zone after the change) $r times faster than $best_tool on one zone (3), $diff_mem MiB against its $best_mem" $ok
fi

# The rows of tens of milliseconds: more runs.
runs=$runs_small

# Start-up: what a pre-commit hook pays on every commit.
if part startup; then
	z=$work/zone10000.zone
	[ -f "$z" ] || awk -v n=10000 -v origin=bench.example. \
	    -f "$top/tools/genzone.awk" >"$z"
	measure true
	row "-" "start a process (floor)" true "$wall" "$mem"
	measure "$prog" --version
	row "-" "start-up: --version" dnslint "$wall" "$mem"
	plan10 "$z"
	measure "$prog" --now "$now" -f compact "$work/plan10.yaml"
	row "10000" "pre-commit size: 10 changes" dnslint "$wall" "$mem"
	ok=0; [ "$wall" != skipped ] && ! ge "$wall" 0.015 && ok=1
	target "pre-commit size, 10 changes on a 10,000-record zone: $wall s (under 0.015)" $ok
fi

# --git-live: a pre-commit check of a 1,000-record zone kept in git with
# a history of 50 commits (each moves one address), against HEAD, with the
# index changing three addresses whose TTL has been 300 since the file's
# first version: the worst case, where the walk reads every version.  The
# zone is a master file (bind) or an octoDNS zone file (octodns).
octozone() {
	awk -v n=1000 'BEGIN {
		print "\x27\x27:"; print "  type: NS"
		print "  values: [ns1.bench-dns.net., ns2.bench-dns.org.]"
		for (i = 0; i < n - 2; i++)
			printf "host%d:\n  type: A\n  ttl: %d\n  value: 10.%d.%d.%d\n",
			    i, (i % 7 == 0) ? 86400 : (i % 3 == 0) ? 300 : 3600,
			    int(i / 65536) % 256, int(i / 256) % 256, i % 256
	}'
}
# move FILE HOST ADDRESS: give HOST's A record that address.
move() {
	case $1 in
	*.yaml)	sed -i "/^$2:\$/,/value:/ s/value: .*/value: $3/" "$1" ;;
	*)	sed -i "s/^\t\t[0-9]*\t; serial/\t\t$(( $(sed -n 's/^\t\t\([0-9]*\)\t; serial/\1/p' "$1") + 1 ))\t; serial/; s/^$2\t\([0-9]*\)\tIN A\t.*/$2\t\1\tIN A\t$3/" "$1" ;;
	esac
}
gitbench() {
	command -v git >/dev/null 2>&1 || return 1
	g=$work/git-$1
	mkdir -p "$g/zones" && cd "$g" || return 1
	GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 \
	    GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com \
	    GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
	export GIT_CONFIG_GLOBAL GIT_CONFIG_NOSYSTEM GIT_AUTHOR_NAME \
	    GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
	if [ "$1" = octodns ]; then
		gz=zones/bench.example.yaml
		octozone >"$gz"
	else
		gz=zones/bench.example.zone
		awk -v n=1000 -v origin=bench.example. \
		    -f "$top/tools/genzone.awk" >"$gz"
	fi
	git init -q . && git add -A &&
	    GIT_COMMITTER_DATE=2026-10-01T00:00:00Z git commit -q -m init ||
	    return 1
	i=1
	while [ $i -le 50 ]; do
		move "$gz" host$((i * 10 + 1)) 192.0.2.$i
		git add -A && GIT_COMMITTER_DATE=2026-10-$(printf %02d $((i % 28 + 1)))T00:00:00Z \
		    git commit -q -m "move host$((i * 10 + 1))" || return 1
		i=$((i + 1))
	done
	# A packed repository, as a clone is.
	git gc -q || return 1
	for h in host3 host33 host93; do
		move "$gz" $h 198.51.100.7
	done
	git add -A || return 1
	measure "$prog" --now "$now" -f compact --color never --desired \
	    --git-live HEAD --staged "$gz"
	cd "$top" || return 1
}
part git || kinds=
for kind in ${kinds-bind octodns}; do
	if gitbench $kind; then
		row "1000" "--git-live HEAD --staged ($kind), 50 commits walked" dnslint "$wall" "$mem"
		ok=0; ge 0.02 "$wall" && ok=1
		target "pre-commit check against git ($kind), 1,000 records, 50 commits of history: $wall s (under 0.02)" $ok
	else
		cd "$top" || exit 1
		row "1000" "--git-live HEAD --staged ($kind), 50 commits walked" dnslint "skipped (no git)" -
	fi
done

# An octoDNS zone of 1,000 A records against its previous version, one
# record moved: what a pre-commit hook pays in an octoDNS repository.
if part octodns; then
	mkdir -p "$work/octodns/live" "$work/octodns/zones"
	for v in live zones; do
		awk -v v="$v" 'BEGIN {
			print "---"
			for (i = 0; i < 1000; i++) {
				printf "host%d:\n  ttl: 300\n  type: A\n", i
				if (v == "zones" && i == 500)
					print "  value: 198.51.100.1"
				else
					printf "  value: 10.0.%d.%d\n", i / 250, i % 250 + 1
			}
		}' >"$work/octodns/$v/bench.example.yaml"
	done
	measure "$prog" --now "$now" -f compact --desired \
	    -z "$work/octodns/live/bench.example.yaml" \
	    "$work/octodns/zones/bench.example.yaml"
	row "1000" "octoDNS zone against its last version" dnslint "$wall" "$mem"
	ok=0; ge 0.02 "$wall" && ok=1
	target "octoDNS zone of 1,000 records against its last version: $wall s (under 0.02)" $ok
fi

runs=$runs_zones

# A Terraform plan of 10,000 record updates (terraform show -json), read
# and checked from the plan alone: under a second.
if part terraform; then
	awk -v n=10000 -v origin=bench.example -f "$top/tools/gentfplan.awk" \
	    >"$work/tfplan10000.json"
	measure "$prog" --now "$now" -f json "$work/tfplan10000.json"
	row "10000" "Terraform plan, 10,000 changes" dnslint "$wall" "$mem"
	ok=0; ge 1 "$wall" && ok=1
	target "Terraform plan of 10,000 changes: $wall s (under 1)" $ok
fi

# Live: the 50-change plan against 4 local NSD servers, then with the
# fourth replaced by a server that never answers (--timeout 1).
if part live; then
	z=$work/zone10000.zone
	[ -f "$z" ] || awk -v n=10000 -v origin=bench.example. \
	    -f "$top/tools/genzone.awk" >"$z"
	plan50 "$z" 10000
	mkdir -p "$work/live"
	cp "$z" "$work/live/bench.example.zone"
	base=$((30000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 20000))
	ok=1
	for i in 0 1 2 3; do
		sh "$top/tests/live/server.sh" start -x none "bench$i" \
		    $((base + i)) "$work/live" >/dev/null 2>&1 || ok=0
	done
	if [ $ok = 1 ]; then
		s="-s 127.0.0.1@$base -s 127.0.0.1@$((base + 1)) -s 127.0.0.1@$((base + 2))"
		# shellcheck disable=SC2086
		measure "$prog" --now "$now" -f json $s -s 127.0.0.1@$((base + 3)) \
		    "$work/plan50.yaml"
		row "10000" "live: 50 changes, 4 servers" dnslint "$wall" "$mem"
		ok=0; ge 0.1 "$wall" && ok=1
		target "live check, 50 changes x 4 servers: $wall s (under 0.1)" $ok
		# shellcheck disable=SC2086
		stats=$("$prog" --now "$now" -f json --verbose $s \
		    -s 127.0.0.1@$((base + 3)) "$work/plan50.yaml" 2>&1 >/dev/null)
		echo "   $stats"
		cc -O2 -o "$work/blackhole" "$top/tools/blackhole.c" &&
		    { "$work/blackhole" $((base + 4)) 600 & hole=$!; sleep 0.2; }
		# shellcheck disable=SC2086
		measure "$prog" --now "$now" -f json --timeout 1 $s \
		    -s 127.0.0.1@$((base + 4)) "$work/plan50.yaml"
		row "10000" "live: 4 servers, 1 silent, timeout 1 s" dnslint \
		    "$wall" "$mem"
		ok=0; ge 1.1 "$wall" && ok=1
		target "the same with one server silent: $wall s (the 1 s timeout plus under 0.1)" $ok
	else
		row "10000" "live: 50 changes, 4 servers" dnslint \
		    "skipped (nsd did not start)" -
	fi
fi

{
	echo "# dnslint benchmark"
	echo
	echo "\`make bench\` on $(nproc) cores, $(date -u +%Y-%m-%d); wall time the median of"
	echo "$runs_zones runs ($runs_small for dnslint's plan-targeted and whole-zone checks,"
	echo "the start-up, --git-live and octoDNS rows),"
	echo "peak memory the largest maximum resident set among them."
	[ -z "${BENCH_PARTS:-}" ] ||
	    echo "A partial run: only the parts $parts (BENCH_PARTS)."
	echo
	echo "| records | what | tool | wall (s) | peak (MiB) | dnslint faster |"
	echo "|---|---|---|---|---|---|"
	cat "$work/table"
	echo
	echo "\"dnslint faster\": the peer's time over dnslint's comparable one (the"
	echo "whole-zone checks row for the zone checkers, the diff row for"
	echo "ldns-compare-zones)."
	echo
	echo "## Targets"
	echo
	cat "$work/targets"
} >"$out"
echo "table written to $out"
