#!/bin/sh
# Every rule the program lists has a fixture case where it passes and one
# where it fails (in an expected.json), and a subsection in dnslint.1 that
# gives its default severity and its thresholds with their defaults.
prog=$1
root=$(cd "$(dirname "$0")/.." && pwd)
bad=0
ids=$("$prog" rules | awk '{print $1}')
[ -n "$ids" ] || { echo "check-rules: '$prog rules' listed nothing"; exit 1; }
for id in $ids; do
	for status in pass fail; do
		if ! grep -A2 -h "\"rule\": \"$id\"" \
		    "$root"/tests/fixtures/cases/*/expected.json \
		    "$root"/tests/fixtures/live-cases/*/expected.json 2>/dev/null |
		    grep -q "\"status\": \"$status\""; then
			echo "check-rules: no fixture case where $id is $status"
			bad=1
		fi
	done
	if ! grep -q "^\.Ss $id\$" "$root/dnslint.1"; then
		echo "check-rules: dnslint.1 has no '.Ss $id'"
		bad=1
	fi
done
# The manual's subsection of each rule states its default severity and
# names its thresholds, with their defaults, as 'dnslint explain' does.
if command -v mandoc >/dev/null 2>&1; then
	tmp=$(mktemp) || exit 2
	mandoc -T ascii "$root/dnslint.1" | sed "s/.$(printf '\b')//g" >"$tmp"
	for id in $ids; do
		sec=$(awk -v id="$id" '
		    /^   [a-z]/ { on = ($1 == id) ; next }
		    /^[A-Z]/ { on = 0 }
		    on' "$tmp" | tr -s ' \t\n' '   ')
		sev=$("$prog" rules | awk -v id="$id" '$1 == id { print $2 }')
		case $sec in
		*"Default severity $sev."*) ;;
		*)	echo "check-rules: dnslint.1 does not give $id default" \
			    "severity $sev"
			bad=1 ;;
		esac
		ths=$("$prog" explain "$id" | sed -n '/^Thresholds/,/^$/p' |
		    awk 'NF >= 2 && /^    / { print $1 "=" $2 }' |
		    sed 's/%$//')
		if [ -z "$ths" ]; then
			case $sec in
			*"No thresholds."*) ;;
			*)	echo "check-rules: dnslint.1 gives $id thresholds"
				bad=1 ;;
			esac
		fi
		for th in $ths; do
			name=${th%%=*}
			def=${th#*=}
			case $sec in
			*"$name"*"default $def"*) ;;
			*)	echo "check-rules: dnslint.1 does not give $id's" \
				    "$name with default $def"
				bad=1 ;;
			esac
		done
	done
	rm -f "$tmp"
else
	echo "check-rules: mandoc is not installed: the manual's rule" \
	    "subsections not checked"
	mandoc_skipped=1
fi
dups=$(printf '%s\n' $ids | sort | uniq -d)
if [ -n "$dups" ]; then
	echo "check-rules: duplicate rule ids: $dups"
	bad=1
fi
[ $bad -eq 0 ] && echo "check-rules: $(printf '%s\n' $ids | wc -l) rules covered"
[ $bad -eq 0 ] || exit 1
# Checks that could not run (no mandoc): skipped, not passed.
[ "${mandoc_skipped:-0}" -eq 0 ] || exit 77
