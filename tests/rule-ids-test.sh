#!/bin/sh
# Rule ids are known only to their rules: the files below (the time model,
# the plan loader, the engine, the check pipeline, `wait`) must not name
# one outside a comment.  They ask a rule's metadata instead (struct
# dl_rule's flags and needs, a threshold's model input).
# Usage: rule-ids-test.sh [FILE...] (default: the files below).
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
files=${*:-lib/model.c lib/plan.c lib/engine.c lib/needs.c lib/watch.c lib/check.c cmd/wait.c}
ids=$(sed -n 's/^	\.id = "\([a-z0-9-]*\)",$/\1/p' rules/*.c)
[ -n "$ids" ] || { echo "rule-ids: no rule id found in rules/*.c"; exit 2; }
cc=${CC:-cc}
bad=0
for f in $files; do
	[ -f "$f" ] || { echo "rule-ids: no file $f"; exit 2; }
	# The code without its comments (no #include is followed).
	code=$("$cc" -fpreprocessed -dD -E -P "$f" 2>/dev/null) || {
		echo "rule-ids: cannot read $f"; exit 2; }
	for id in $ids; do
		if printf '%s\n' "$code" | grep -q -e "[^a-z0-9-]$id[^a-z0-9-]"
		then
			echo "rule-ids: $f names rule '$id'"
			bad=1
		fi
	done
done
[ "$bad" -eq 0 ] && echo "rule-ids: no rule id in $files"
exit "$bad"
