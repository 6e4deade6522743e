#!/bin/sh
# Every rule the program lists has a fixture case where it passes and one
# where it fails (in an expected.json), and a subsection in dnslint.1.
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
dups=$(printf '%s\n' $ids | sort | uniq -d)
if [ -n "$dups" ]; then
	echo "check-rules: duplicate rule ids: $dups"
	bad=1
fi
[ $bad -eq 0 ] && echo "check-rules: $(printf '%s\n' $ids | wc -l) rules covered"
exit $bad
