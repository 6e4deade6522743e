#!/bin/sh
# The peer zone corpus: dnslint on each of the zone files other DNS
# projects' test suites hold as good or bad (../shared/peerzones from the
# top of the tree, or $DNSLINT_PEERZONES), in both modes, compared with the
# verdicts of named-checkzone, kzonecheck and nsd-checkzone (refs.tsv).
#
#   sh tests/peerzones-test.sh PROG
#
# Modes (what a user runs):
#   zone   dnslint --desired -z FILE --zone ORIGIN FILE  (every record)
#   plan   dnslint -z FILE PLAN, PLAN adding one A record at a new name
# dnslint refuses a file when it exits 2 (invalid input) or zone-integrity
# fails on it; exit 3 or zone-integrity unknown (not verified) is not an
# acceptance either.  The other rules judge the change, not the file.
#
# Prints, per mode: the files every reference refuses that dnslint accepts
# (goal 0), the files every reference accepts that dnslint refuses, crashes
# (exit above 3, a signal, a sanitizer report or a 20 s hang; goal 0), and
# the agreement rate: the mean over the three references of the share of
# files on which dnslint's verdict equals the reference's, beside each
# reference's mean agreement with the other two (goal: at least the best
# of these).  Differences listed in tests/peerzones-known.tsv (id, mode,
# class, reason; and per mode the least agreement taken, with why) are
# expected and do not fail the test; one not listed is printed as a line
# to add there, and listed ones that no longer differ are counted as
# stale (PEERZONES_VERBOSE=1 lists the known and stale ones too, to
# review the list after a change of reader).  Exits 0 when every goal is
# met, 1 when one is missed, 77 when the corpus is absent (skipped), 2 on
# bad usage.
if [ "$1" = --one ]; then
	# --one PROG DATA TMP ID CWD FILE ORIGIN: both runs of one file,
	# printed as "ID MODE STATUS VERDICT".
	prog=$2 data=$3 tmp=$4 id=$5 cwd=$6 file=$7 origin=$8
	key=$(printf '%s' "$id" | tr '/' '_')
	dir=$data/corpus/$cwd
	plan=$tmp/$key.plan.yaml
	printf 'zone: %s\nchanges:\n  - name: dnslint-peer-probe\n    type: A\n    to: [192.0.2.53]\n    ttl: 300\n' \
	    "$origin" >"$plan"
	for mode in zone plan; do
		out=$tmp/$key.$mode
		if [ "$mode" = zone ]; then
			(cd "$dir" && exec timeout 20 "$prog" -f compact \
			    --desired -z "$file" --zone "$origin" "$file") \
			    >"$out.out" 2>"$out.err"
		else
			(cd "$dir" && exec timeout 20 "$prog" -f compact \
			    -z "$file" "$plan") >"$out.out" 2>"$out.err"
		fi
		st=$?
		if [ "$st" -gt 3 ] || grep -q \
		    -e 'Sanitizer' -e 'runtime error:' "$out.err"; then
			v=crash
		elif [ "$st" -eq 2 ] || [ "$st" -eq 3 ] ||
		    grep -q -e ': error: .*\[zone-integrity\]$' \
		    -e ': unknown: .*\[zone-integrity\]$' "$out.out"; then
			v=reject
		else
			v=accept
		fi
		printf '%s %s %s %s\n' "$id" "$mode" "$st" "$v"
	done
	exit 0
fi
if [ $# -ne 1 ]; then
	echo "usage: sh tests/peerzones-test.sh PROG" >&2
	exit 2
fi
case $1 in
/*)	prog=$1 ;;
*)	prog=$(pwd)/$1 ;;
esac
if [ ! -x "$prog" ]; then
	echo "peerzones-test: '$1' is not an executable program" >&2
	exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
data=${DNSLINT_PEERZONES:-$root/../shared/peerzones}
if [ ! -f "$data/manifest.tsv" ] || [ ! -f "$data/refs.tsv" ]; then
	echo "peerzones-test: no peer corpus at '$data': skipped"
	exit 77
fi
data=$(cd "$data" && pwd) || exit 2
known=$root/tests/peerzones-known.tsv
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM
# Never the machine's resolver: every run here reads zone files only.
DNSLINT_RESOLVER=127.0.0.1@9
export DNSLINT_RESOLVER
jobs=$(nproc 2>/dev/null || echo 2)

awk -F '\t' 'NR > 1 { print $1, $2, $3, $4 }' "$data/manifest.tsv" |
    xargs -P "$jobs" -n 4 sh "$0" --one "$prog" "$data" "$tmp" \
    >"$tmp/results"
n=$(awk -F '\t' 'NR > 1' "$data/manifest.tsv" | wc -l)
got=$(wc -l <"$tmp/results")
if [ "$got" -ne $((2 * n)) ]; then
	echo "peerzones-test: $got results for $n files in two modes"
	exit 1
fi

# The references' verdicts, the results and the known differences joined.
grep -v '^#' "$data/refs.tsv" >"$tmp/refs"
if [ -f "$known" ]; then
	grep -v '^#' "$known" >"$tmp/known"
else
	: >"$tmp/known"
fi
awk -F '\t' -v verbose="${PEERZONES_VERBOSE:-0}" '
FILENAME == ARGV[1] {
	if (FNR == 1) {
		for (i = 1; i <= NF; i++)
			col[$i] = i
		next
	}
	bind[$1] = $col["bind"]; knot[$1] = $col["knot"]
	nsd[$1] = $col["nsd"]; ids[++nids] = $1
	next
}
FILENAME == ARGV[2] {
	if (NF < 4 || $1 == "")
		next
	if ($1 == "(agreement)")
		floor[$2] = $3
	else
		known[$1 " " $2 " " $3] = $4
	next
}
{
	split($0, f, " ")
	verdict[f[1] " " f[2]] = f[4]
	status[f[1] " " f[2]] = f[3]
}
function agree(a, b) { return a == b }
END {
	fail = 0
	# Each reference against the other two: the bar.
	best = 0
	for (k = 1; k <= nids; k++) {
		id = ids[k]
		bk += agree(bind[id], knot[id])
		bn += agree(bind[id], nsd[id])
		kn += agree(knot[id], nsd[id])
	}
	ref["named-checkzone"] = (bk + bn) / (2 * nids)
	ref["kzonecheck"] = (bk + kn) / (2 * nids)
	ref["nsd-checkzone"] = (bn + kn) / (2 * nids)
	for (r in ref)
		if (ref[r] > best) {
			best = ref[r]
			bestname = r
		}
	nmodes = split("zone plan", modes, " ")
	for (m = 1; m <= nmodes; m++) {
		mode = modes[m]
		na = nr = nc = nu = 0; ag = 0
		la = lr = lc = ""
		for (k = 1; k <= nids; k++) {
			id = ids[k]
			v = verdict[id " " mode]
			key = id " " mode
			if (v == "")
				continue
			if (status[key] == 3)
				nu++
			ag += agree(v, bind[id]) + agree(v, knot[id]) + \
			    agree(v, nsd[id])
			allr = bind[id] == "reject" && knot[id] == "reject" && \
			    nsd[id] == "reject"
			alla = bind[id] == "accept" && knot[id] == "accept" && \
			    nsd[id] == "accept"
			class = ""
			if (v == "crash") {
				class = "crash"
				nc++
			} else if (v == "accept" && allr) {
				class = "accepted"
				na++
			} else if (v == "reject" && alla) {
				class = "refused"
				nr++
			}
			if (class == "")
				continue
			seen[key " " class] = 1
			if ((key " " class) in known) {
				nknown++
				if (verbose)
					printf("known: %s\t%s\t%s\t%s\n", id, mode,
					    class, known[key " " class])
				continue
			}
			printf("not in tests/peerzones-known.tsv: %s\t%s\t%s\t?\n",
			    id, mode, class)
			if (class == "refused") {
				printf("differs: dnslint refuses %s (%s mode, exit %s), every reference accepts it\n",
				    id, mode, status[key])
				continue
			}
			fail = 1
			if (class == "crash")
				printf("FAIL crash: %s (%s mode, exit %s)\n",
				    id, mode, status[key])
			else
				printf("FAIL accepted: %s (%s mode), every reference refuses it\n",
				    id, mode)
		}
		rate = ag / (3 * nids)
		printf("%s mode: %d accepted that every reference refuses, %d refused that every reference accepts, %d crashes, %d not verified (exit 3)\n",
		    mode, na, nr, nc, nu)
		printf("%s mode: agreement %.1f %% (named-checkzone %.1f %%, kzonecheck %.1f %%, nsd-checkzone %.1f %%; best %s)\n",
		    mode, 100 * rate, 100 * ref["named-checkzone"],
		    100 * ref["kzonecheck"], 100 * ref["nsd-checkzone"],
		    bestname)
		if (rate < best && (mode in floor) &&
		    100 * rate >= floor[mode] - 0.05)
			printf("%s mode: agreement below %s'"'"'s %.1f %%, at least the known %.1f %%\n",
			    mode, bestname, 100 * best, floor[mode])
		else if (rate < best) {
			printf("FAIL %s mode: agreement %.1f %% is below %s'"'"'s %.1f %%\n",
			    mode, 100 * rate, bestname, 100 * best)
			fail = 1
		}
	}
	for (k in known)
		if (!(k in seen)) {
			nstale++
			if (verbose)
				printf("stale: %s\n", k)
		}
	printf("%d known differences seen, %d listed ones not seen (stale: fixed, or only under SANITIZE=1)\n",
	    nknown, nstale)
	exit fail
}' "$tmp/refs" "$tmp/known" "$tmp/results"
rc=$?
if [ "$rc" -eq 0 ]; then
	echo "peerzones-test: every goal met"
else
	echo "peerzones-test: a goal missed"
fi
exit "$rc"
