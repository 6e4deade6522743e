#!/bin/sh
# mutate.sh - a small mutation pass: every comparison operator of the
# given sources is flipped once (< and <=, > and >=, == and !=), the unit
# tests are built and run against each mutant, and each mutant is
# reported killed (a test failed, or it did not build) or survived.  Not
# part of make test: it builds once per operator and takes minutes.
#
#   sh tools/mutate.sh [-t TESTS] [FILE...]
#
# FILE defaults to lib/model.c lib/dtime.c; TESTS (space-separated unit
# test programs) to "test_model test_rules test_dtime".  The tree is
# copied to a temporary folder (git ls-files) and mutated there: the work
# tree is never touched.  Prints one line per mutant, "survived
# FILE:LINE: OLD -> NEW: the line", then "mutate: N mutants, K killed, S
# survived"; exits 1 when any survived, 2 on bad usage.  A test that runs
# longer than 30 s under a mutant counts as killing it.
tests="test_model test_rules test_dtime"
if [ "${1:-}" = -t ]; then
	[ $# -ge 2 ] || { echo "usage: mutate.sh [-t TESTS] [FILE...]" >&2; exit 2; }
	tests=$2
	shift 2
fi
[ $# -gt 0 ] || set -- lib/model.c lib/dtime.c
root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM
(cd "$root" && git ls-files -z | xargs -0 tar cf - 2>/dev/null) |
    (cd "$tmp" && tar xf -) || exit 2
progs=
for t in $tests; do
	progs="$progs build/tests/$t"
done
build() {
	# shellcheck disable=SC2086
	make -C "$tmp" -s CFLAGS=-O0 $progs >"$tmp/.build.log" 2>&1
}
build || { cat "$tmp/.build.log"; echo "mutate: the unmutated tree does not build"; exit 2; }
# A mutant that makes a test loop is killed after 30 s (counted killed).
run() {
	for t in $tests; do
		timeout 30 "$tmp/build/tests/$t" >/dev/null 2>&1 || return 1
	done
	return 0
}
run || { echo "mutate: the unit tests fail without a mutation"; exit 2; }

# The mutants of FILE: "LINE COLUMN OLD NEW" for each comparison outside
# comments, strings, character constants and preprocessor lines.
mutants() {
	perl -ne '
		BEGIN { $c = 0 }
		my $l = $_;
		if ($c) { if ($l =~ s/^.*?\*\///) { $c = 0 } else { next } }
		next if $l =~ /^\s*#/;
		$l =~ s/"(\\.|[^"\\])*"/" " x length($&)/ge;
		$l =~ s/\x27(\\.|[^\x27\\])*\x27/" " x length($&)/ge;
		$l =~ s/\/\*.*?\*\//" " x length($&)/ge;
		if ($l =~ s/\/\*.*//) { $c = 1 }
		$l =~ s/\/\/.*//;
		while ($l =~ /(?<![-<>=!])(<=|>=|==|!=|<(?![<=])|>(?![>=]))(?![=<>])/g) {
			my %m = ("<" => "<=", "<=" => "<", ">" => ">=",
			    ">=" => ">", "==" => "!=", "!=" => "==");
			printf "%d %d %s %s\n", $., pos($l) - length($1),
			    $1, $m{$1};
		}' "$1"
}

n=0
killed=0
survived=0
for f in "$@"; do
	cp "$tmp/$f" "$tmp/.orig"
	mutants "$tmp/.orig" >"$tmp/.list"
	while read -r line col old new; do
		n=$((n + 1))
		perl -pe "if (\$. == $line) { substr(\$_, $col, length('$old')) = '$new' }" \
		    "$tmp/.orig" >"$tmp/$f"
		if build && run; then
			survived=$((survived + 1))
			echo "survived $f:$line: $old -> $new: $(sed -n "${line}p" "$tmp/$f" | sed 's/^[[:space:]]*//')"
		else
			killed=$((killed + 1))
		fi
	done <"$tmp/.list"
	cp "$tmp/.orig" "$tmp/$f"
	touch "$tmp/$f"
done
echo "mutate: $n mutants, $killed killed, $survived survived"
[ "$survived" -eq 0 ]
