#!/bin/sh
# The manual's EXAMPLES are tests.
#
#   sh tests/man-examples.sh build/dnslint
#
# Every line of a literal display (.Bd -literal ... .Ed) in the EXAMPLES
# section of dnslint.1 that starts with "$ dnslint" is an example.  The
# line "(exit status N)" that follows it in the same display is the exit
# status it must have.  Lines in between, if any, are the exact standard
# output it must print.  Each example is run from the repository root with
# "dnslint" replaced by the program given as $1, through the shell, so a
# redirection such as "- < plan.yaml" works as written.  Examples that
# need DNS servers are written in the manual without the "$ " and without
# a status line, after the runnable ones, so this script never needs a
# server or the network.
#
# The README's offline examples are checked the same way (see the end).
#
# Prints one line per example, then "man-examples: N passed, M failed",
# and exits 1 when an example failed or none was found, 2 on bad usage.

if [ $# -ne 1 ]; then
	echo "usage: sh tests/man-examples.sh PROG" >&2
	exit 2
fi
case $1 in
/*)	prog=$1 ;;
*/*)	prog=$(pwd)/$1 ;;
*)	prog=$(command -v "$1") || prog= ;;
esac
if [ -z "$prog" ] || [ ! -x "$prog" ]; then
	echo "man-examples: '$1' is not an executable program" >&2
	exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
manual=$root/dnslint.1
if [ ! -r "$manual" ]; then
	echo "man-examples: cannot read $manual" >&2
	exit 2
fi
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM

# Extract the examples, one file set per example in $tmp:
#   N.cmd     the arguments after "dnslint", roff escapes undone
#   N.status  the expected exit status ("?" when the manual gives none)
#   N.out     the expected standard output, when the manual shows one
# A status line without an example before it is recorded as N.orphan.
awk -v dir="$tmp" '
function unescape(s) {
	gsub(/\\&/, "", s)
	gsub(/\\-/, "-", s)
	gsub(/\\\(dq/, "\"", s)
	gsub(/\\e/, "\\", s)
	return s
}
function finish() {
	if (n > 0 && !done[n])
		print "?" > (dir "/" n ".status")
	done[n] = 1
}
/^\.Sh / { inex = ($0 == ".Sh EXAMPLES"); next }
!inex { next }
/^\.Bd -literal/ { lit = 1; next }
/^\.Ed/ { if (lit) finish(); lit = 0; next }
!lit { next }
/^\.\\"/ { next }
/^\$ dnslint( |$)/ {
	finish()
	n++
	print unescape(substr($0, 11)) > (dir "/" n ".cmd")
	done[n] = 0
	next
}
/^\(exit status [0-9]+\)$/ {
	if (n == 0 || done[n]) {
		n++
		print "" > (dir "/" n ".orphan")
	}
	s = $0
	gsub(/[^0-9]/, "", s)
	print s > (dir "/" n ".status")
	done[n] = 1
	next
}
{
	if (n > 0 && !done[n])
		print unescape($0) > (dir "/" n ".out")
}
END { finish(); print n + 0 > (dir "/count") }
' "$manual" || exit 2

count=$(cat "$tmp/count")
passed=0
failed=0
i=1
while [ "$i" -le "$count" ]; do
	want=$(cat "$tmp/$i.status")
	if [ -f "$tmp/$i.orphan" ]; then
		echo "FAIL $i: '(exit status $want)' follows no '\$ dnslint' line"
		failed=$((failed + 1))
		i=$((i + 1))
		continue
	fi
	args=$(cat "$tmp/$i.cmd")
	shown="dnslint${args:+ $args}"
	if [ "$want" = "?" ]; then
		echo "FAIL $i: $shown: no '(exit status N)' line after it"
		failed=$((failed + 1))
		i=$((i + 1))
		continue
	fi
	(
		cd "$root" || exit 125
		eval "\"\$prog\" $args"
	) >"$tmp/stdout" 2>"$tmp/stderr" </dev/null
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "FAIL $i: $shown: exit status $got, expected $want"
		sed -n '1,10s/^/    stderr: /p' "$tmp/stderr"
		failed=$((failed + 1))
	elif [ -f "$tmp/$i.out" ] && ! cmp -s "$tmp/$i.out" "$tmp/stdout"; then
		echo "FAIL $i: $shown: output differs from the manual"
		diff "$tmp/$i.out" "$tmp/stdout" | sed 's/^/    /'
		failed=$((failed + 1))
	else
		echo "ok $i: $shown (exit status $got)"
		passed=$((passed + 1))
	fi
	i=$((i + 1))
done

# In the same spirit: the SYNOPSIS is the usage, which opens --help and
# is what a usage error prints; the options --help explains one a line
# are the options the manual's OPTIONS list.
check_same() {
	# check_same LABEL WANT GOT: one passed or failed check
	if [ "$2" = "$3" ]; then
		echo "ok $1"
		passed=$((passed + 1))
	else
		echo "FAIL $1"
		echo "    expected: $2"
		echo "    got:      $3"
		failed=$((failed + 1))
	fi
}
if command -v mandoc >/dev/null 2>&1; then
	bs=$(printf '\b')
	man_syn=$(mandoc -T ascii "$manual" | sed "s/.$bs//g" |
	    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' |
	    tr -s ' \t\n' '   ' | sed 's/^ //; s/ $//')
	help_syn=$("$prog" --help 2>&1 | sed '/^$/q' | tr -s ' \t\n' '   ' |
	    sed 's/^ //; s/ $//; s/^usage: //')
	err_syn=$("$prog" rules extra 2>&1 >/dev/null |
	    tr -s ' \t\n' '   ' | sed 's/^ //; s/ $//; s/^usage: //')
	check_same "synopsis: the SYNOPSIS is the usage --help opens with" \
	    "$man_syn" "$help_syn"
	check_same "synopsis: the SYNOPSIS is the usage of a usage error" \
	    "$man_syn" "$err_syn"
else
	echo "skip synopsis: mandoc is not installed"
	skipped=1
fi
man_opts=$(sed -n '/^\.Sh OPTIONS/,/^\.Sh /p' "$manual" |
    sed -n 's/^\.It \(Fl .*\)/\1/p' | sed 's/Ar [^ ]*//g; s/Fl /-/g' |
    tr ', ' '\n\n' | grep '^-' | LC_ALL=C sort | tr '\n' ' ')
help_opts=$("$prog" --help |
    sed -n 's/^  \(-[a-z], \|    \)\(--[a-z-]*\).*/\1 \2/p' |
    tr ', ' '\n\n' | grep '^-' | LC_ALL=C sort | tr '\n' ' ')
check_same "options: --help explains the options of the manual's OPTIONS" \
    "$man_opts" "$help_opts"
# The shell completions offer the long options --help explains.
help_long=$("$prog" --help | grep -o '^  .\{0,4\}--[a-z-]*' |
    grep -o -- '--[a-z-]*' | LC_ALL=C sort -u | tr '\n' ' ')
for f in contrib/completion/dnslint.bash contrib/completion/_dnslint; do
	comp=$(grep -o -- '--[a-z][a-z-]*' "$root/$f" | LC_ALL=C sort -u |
	    tr '\n' ' ')
	check_same "completion: $f offers the options of --help" \
	    "$help_long" "$comp"
done

# --version says the version and, built from a git checkout, the commit
# (as git describe --always --dirty says it); nothing else.
ver=$(sed -n 's/^VERSION =[[:space:]]*//p' "$root/Makefile")
if [ -e "$root/.git" ] && desc=$(cd "$root" && git describe --always \
    --dirty 2>/dev/null); then
	want="dnslint $ver commit $desc ("
else
	want="dnslint $ver ("
fi
got=$("$prog" --version)
case $got in
"$want"*)
	echo "ok version: $got"
	passed=$((passed + 1))
	;;
*)
	echo "FAIL version: '$got' does not start with '$want'"
	failed=$((failed + 1))
	;;
esac

# The README's tour: each "$ dnslint ..." in a ``` block that runs offline
# and writes no file (no -s, -o or wait; no "..." for left-out lines)
# prints exactly the lines below it.
readme=$root/README.md
awk -v dir="$tmp" '
/^```/ { if (n > 0) close(dir "/r" n ".out"); inb = !inb; cur = 0; next }
!inb { next }
/^\$ dnslint / {
	cur = 0
	if ($0 ~ / -s | -o |^\$ dnslint wait/)
		next
	n++
	cur = n
	print substr($0, 11) > (dir "/r" n ".cmd")
	printf "" > (dir "/r" n ".out")
	next
}
/^\.\.\.$/ { if (cur) { system("rm -f " dir "/r" cur ".*"); cur = 0 } }
cur { print > (dir "/r" cur ".out") }
' "$readme"
for c in "$tmp"/r*.cmd; do
	[ -f "$c" ] || continue
	args=$(cat "$c")
	(cd "$root" && eval "NO_COLOR=1 \"\$prog\" $args") >"$tmp/stdout" \
	    2>/dev/null </dev/null
	if cmp -s "${c%.cmd}.out" "$tmp/stdout"; then
		echo "ok README: dnslint $args"
		passed=$((passed + 1))
	else
		echo "FAIL README: dnslint $args: output differs from the README"
		diff "${c%.cmd}.out" "$tmp/stdout" | sed 's/^/    /' | head -20
		failed=$((failed + 1))
	fi
done
echo "man-examples: $passed passed, $failed failed"
[ "$count" -gt 0 ] && [ "$failed" -eq 0 ] || exit 1
# A check that could not run (a tool is missing): skipped, not passed.
[ "${skipped:-0}" -eq 0 ] || exit 77
