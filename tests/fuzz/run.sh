#!/bin/sh
# make fuzz: run each libFuzzer target for SECONDS with seed corpora from
# the fixtures.  Usage: run.sh BUILD SECONDS TARGET...
#
# BUILD/seeds/TARGET   seeds, rebuilt from the fixtures on every run
# BUILD/corpus/TARGET  what the fuzzer found interesting, kept between runs
# BUILD/artifacts/TARGET/  inputs that crashed, leaked or hung
#
# Each input that fails is to be fixed and then kept, with its .expect
# line, in tests/fixtures/fuzz-regressions/TARGET/ (see tests/test_fuzz.c).
# Exits 1 when any target found something.
set -u
build=$1
seconds=$2
shift 2
fx=tests/fixtures
failed=""

# copy DEST FILE...: the files that exist, under names made unique.
copy() {
	dest=$1
	shift
	for f in "$@"; do
		[ -f "$f" ] || continue
		cp "$f" "$dest/$(printf '%s' "$f" | tr '/' '_')"
	done
}

seeds() {
	t=$1
	d=$build/seeds/$t
	rm -rf "$d"
	mkdir -p "$d"
	case $t in
	plan)
		copy "$d" $fx/plans/*.yaml $fx/bad-plans/*.yaml \
		    $fx/cases/*/*.yaml $fx/live-cases/*/*.yaml \
		    examples/*/*.yaml
		;;
	config)
		copy "$d" $fx/configs/*.yaml $fx/bad-configs/*.yaml \
		    $fx/cases/*/.dnslint.yaml
		;;
	zone)
		copy "$d" $fx/zones/*.zone $fx/zones/include/*.zone \
		    $fx/bad-zones/*.zone $fx/bad-zones/*.inc \
		    $fx/cases/*/*.zone examples/*/*.zone \
		    tests/live/zones/*/*.zone
		;;
	diff)
		# live, a line "%%", desired: the fixture pairs, and each
		# zone file against itself.
		for c in $fx/cases/*/; do
			[ -f "$c/old.zone" ] && [ -f "$c/new.zone" ] || continue
			{ cat "$c/old.zone"; printf '\n%%%%\n'; cat "$c/new.zone"; } \
			    > "$d/$(basename "$c").pair"
		done
		for z in $fx/zones/*.zone examples/*/*.zone; do
			{ cat "$z"; printf '\n%%%%\n'; cat "$z"; } \
			    > "$d/$(printf '%s' "$z" | tr '/' '_').pair"
		done
		;;
	octodns)
		copy "$d" $fx/cases/octodns-*/*.yaml \
		    $fx/cases/octodns-*/*/*.yaml examples/octodns/*/*.yaml \
		    tests/fuzz/seeds/octodns/*.yaml
		;;
	reply)
		copy "$d" tests/fuzz/seeds/reply/*.bin
		;;
	axfr)
		copy "$d" tests/fuzz/seeds/axfr/*.bin
		;;
	terraform)
		copy "$d" $fx/terraform/*.json
		;;
	tsigkey)
		copy "$d" tests/fuzz/seeds/tsigkey/*.key tests/live/keys/*.key
		;;
	esac
	regress=$fx/fuzz-regressions/$t
	if [ -d "$regress" ]; then
		for f in "$regress"/*; do
			case $f in *.expect) continue ;; esac
			copy "$d" "$f"
		done
	fi
}

max_len() {
	case $1 in
	reply|tsigkey) echo 8192 ;;
	axfr) echo 65536 ;;
	*) echo 32768 ;;
	esac
}

for t in "$@"; do
	prog=$build/fuzz_$t
	seeds "$t"
	mkdir -p "$build/corpus/$t" "$build/artifacts/$t"
	echo "== fuzz_$t: $seconds s, $(ls "$build/seeds/$t" | wc -l) seeds"
	if "$prog" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
	    -max_len="$(max_len "$t")" -print_final_stats=1 \
	    -artifact_prefix="$build/artifacts/$t/" \
	    "$build/corpus/$t" "$build/seeds/$t" \
	    > "$build/fuzz_$t.log" 2>&1; then
		grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' \
		    "$build/fuzz_$t.log" | sed 's/^/   /'
	else
		tail -n 60 "$build/fuzz_$t.log"
		echo "FAILED: fuzz_$t (log $build/fuzz_$t.log, inputs in" \
		    "$build/artifacts/$t/)"
		failed="$failed $t"
	fi
done
if [ -n "$failed" ]; then
	echo "fuzz: found something in:$failed"
	exit 1
fi
echo "fuzz: $# targets, nothing found"
