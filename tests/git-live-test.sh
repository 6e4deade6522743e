#!/bin/sh
# --git-live and --staged in real git repositories, built here with
# commits at chosen committer dates: the live zone is the file's version
# at the revision, the desired one the index (or work tree) version, and
# the file's history says when a TTL was lowered.
#
#   sh tests/git-live-test.sh build/dnslint
#
# Prints one line per check, then "git-live-test: N passed, M failed";
# exits 1 when a check failed, 2 on bad usage.  Needs git (tools/deps.sh
# installs it): without it every check fails.
if [ $# -ne 1 ]; then
	echo "usage: sh tests/git-live-test.sh PROG" >&2
	exit 2
fi
case $1 in
/*)	prog=$1 ;;
*)	prog=$(pwd)/$1 ;;
esac
if [ ! -x "$prog" ]; then
	echo "git-live-test: '$1' is not an executable program" >&2
	exit 2
fi
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM

# Only these repositories' settings; commits by a fixed person.
GIT_CONFIG_GLOBAL=/dev/null
GIT_CONFIG_NOSYSTEM=1
GIT_AUTHOR_NAME="git-live test"
GIT_AUTHOR_EMAIL=git-live-test@example.com
GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME
GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
export GIT_CONFIG_GLOBAL GIT_CONFIG_NOSYSTEM GIT_AUTHOR_NAME \
    GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
unset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE

passed=0
failed=0
log=$tmp/log

# check NAME STATUS PATTERN... -- COMMAND...: COMMAND exits with STATUS and
# its standard output and error hold every PATTERN (grep -F).
check() {
	name=$1
	want=$2
	shift 2
	pats=$tmp/pats
	: >"$pats"
	while [ "$1" != "--" ]; do
		printf '%s\n' "$1" >>"$pats"
		shift
	done
	shift
	"$@" >"$log" 2>&1
	got=$?
	bad=""
	[ "$got" -eq "$want" ] || bad="exit $got, expected $want"
	# The text report wraps at 80 columns: look in it as one line.
	tr -s ' \n' ' ' <"$log" >"$log.flat"
	while IFS= read -r p; do
		grep -qF -- "$p" "$log.flat" || bad="${bad:+$bad; }no '$p'"
	done <"$pats"
	if [ -z "$bad" ]; then
		echo "ok   $name"
		passed=$((passed + 1))
	else
		echo "FAIL $name: $bad"
		sed 's/^/     | /' "$log"
		failed=$((failed + 1))
	fi
}

# newrepo DIR: an empty repository in DIR, the current folder.
newrepo() {
	mkdir -p "$1/zones" && cd "$1" && git init -q -b main . ||
	    exit 2
}

# zone FILE SERIAL TTL ADDRESS: example.com with www A at that TTL.
zone() {
	cat >"$1" <<EOF
\$ORIGIN example.com.
\$TTL 3600
@	3600	IN SOA	ns1.example.net. hostmaster.example.com. $2 7200 3600 1209600 300
@	3600	IN NS	ns1.example.net.
@	3600	IN NS	ns2.example.org.
www	$3	IN A	$4
mail	3600	IN A	192.0.2.25
EOF
}

# commit TIME MESSAGE: commit everything, authored and committed at TIME.
commit() {
	git add -A && GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1 \
	    git commit -q -m "$2" || exit 2
}

# day FILE: FILE holds www at a day's TTL, committed on 2026-11-01.
day() {
	zone "$1" 1 86400 192.0.2.10
	commit 2026-11-01T10:00:00Z "www with a day's TTL"
}

# lowered FILE [TIME]: day FILE, then www lowered to 300 at TIME (T).
lowered() {
	day "$1"
	zone "$1" 2 300 192.0.2.10
	commit "${2:-$T}" "lower www to 300"
}

# moved NAME [FILE]: stage www's move in FILE ($Z, www lowered at T): the
# check fails until one day after T.
moved() {
	zone "${2:-$Z}" 9 300 198.51.100.10
	git add -- "${2:-$Z}" || exit 2
	check "$1" 1 "(safe from $SAFE)" \
	    -- lint --now $T60 --desired --git-live HEAD --staged "${2:-$Z}"
}

Z=zones/example.com.zone
T=2026-11-28T10:00:00Z		# the lowering
T60=2026-11-28T10:01:00Z	# the move, a minute later
SAFE=2026-11-29T10:00:00Z	# T + 86400
EARLY=2026-11-29T09:59:59Z	# one second before
lint() {
	"$prog" -f compact --color never "$@"
}

# 1. Lowered 86400 -> 300 at T, moved at T+60, staged: not safe for a day.
newrepo "$tmp/basic"
lowered $Z
lowering=$(git rev-parse --short=10 HEAD)
zone $Z 3 300 198.51.100.10
git add $Z
check "staged move a minute after the lowering fails" 1 \
    "$Z:6: error: www.example.com. A: TTL lowered at commit $lowering (2026-11-28 10:00Z), but caches may hold the old TTL 86400 until 2026-11-29 10:00Z" \
    "(safe from $SAFE)" "(counted from the commit: a deployment later than the commit moves it later)" \
    -- lint --now $T60 --desired --git-live HEAD --staged $Z
check "exactly at T + 86400 it passes" 0 \
    -- lint --now $SAFE --desired --git-live HEAD --staged $Z
check "one second before it fails" 1 "(safe from $SAFE)" \
    -- lint --now $EARLY --desired --git-live HEAD --staged $Z
check "json: the finding names the commit, wait_until T + 86400" 1 \
    "\"wait_until\": \"$SAFE\"" \
    "\"message\": \"TTL lowered at commit $lowering (2026-11-28 10:00Z)" \
    "\"text\": \"lower www.example.com. A TTL 86400 -> 300 (git commit $lowering)\"" \
    -- "$prog" -f json --now $T60 --desired --git-live HEAD --staged $Z
check "a pass says it counts from the commit" 0 \
    "TTL 86400 -> 300 at commit $lowering (2026-11-28 10:00Z) has reached every cache by 2026-11-29 10:00Z" \
    -- "$prog" --color never --now $SAFE --desired --git-live HEAD --staged $Z

# --staged against the work tree: the work tree is HEAD's again.
git show HEAD:$Z >$Z
check "the work tree (unchanged) has nothing to wait for" 0 \
    -- lint --now $T60 --desired --git-live HEAD $Z
check "while the index (the move) fails" 1 "TTL lowered at commit" \
    -- lint --now $T60 --desired --git-live HEAD --staged $Z

# CI on a branch: --git-live origin/main style, a commit as the revision.
GIT_COMMITTER_DATE=$T60 git commit -q -m "move www" --date=$T60 ||
    exit 2
git checkout -q -- $Z || exit 2
check "a commit checked against its parent (HEAD~1) fails the same" 1 \
    "TTL lowered at commit $lowering" "(safe from $SAFE)" \
    -- lint --now $T60 --desired --git-live HEAD~1 $Z

# 2. A lowering a week old.
newrepo "$tmp/week"
lowered $Z 2026-11-21T10:00:00Z
zone $Z 3 300 192.0.2.20
commit 2026-11-22T10:00:00Z "mail serial"
zone $Z 4 300 198.51.100.10
git add $Z
check "a lowering a week old passes" 0 \
    -- lint --now $T60 --desired --git-live HEAD --staged $Z

# 2b. Lowered in steps, 86400 -> 600 a day before T, 600 -> 300 at T:
# what was cached before the first step lives its 86400 s, not 600.
newrepo "$tmp/steps"
day $Z
zone $Z 2 600 192.0.2.10
commit 2026-11-27T12:00:00Z "lower www to 600"
step1=$(git rev-parse --short=10 HEAD)
zone $Z 3 300 192.0.2.10
commit $T "lower www to 300"
zone $Z 4 300 198.51.100.10
git add $Z
check "steps: the first step's TTL counts (86400 from the day before)" 1 \
    "TTL lowered at commit $step1 (2026-11-27 12:00Z), but caches may hold the old TTL 86400 until 2026-11-28 12:00Z" \
    -- lint --now 2026-11-28T11:00:00Z --desired --git-live HEAD --staged $Z
check "steps: exactly at the first step + 86400 it passes" 0 \
    -- lint --now 2026-11-28T12:00:00Z --desired --git-live HEAD --staged $Z
check "steps: one second before it fails" 1 \
    "(safe from 2026-11-28T12:00:00Z)" \
    -- lint --now 2026-11-28T11:59:59Z --desired --git-live HEAD --staged $Z

# 3. Low since the file's first version.
newrepo "$tmp/low"
zone $Z 1 300 192.0.2.10
commit 2026-11-01T10:00:00Z "www at 300 from the start"
zone $Z 2 300 198.51.100.10
git add $Z
check "low since the first version passes and says since when" 0 \
    "git shows it no higher since commit" "(2026-11-01 10:00Z), the file's first version" \
    -- "$prog" --color never --now $T60 --desired --git-live HEAD --staged $Z

# 4. A shallow clone: the lowering is behind its boundary.
newrepo "$tmp/origin"
lowered $Z
zone $Z 3 300 192.0.2.10
sed -i 's/^mail.*/mail	3600	IN A	192.0.2.26/' $Z
commit $T60 "mail moves"
git clone -q --depth 1 "file://$tmp/origin" "$tmp/shallow" || exit 2
cd "$tmp/shallow" || exit 2
sed -i 's/192.0.2.10/198.51.100.10/; s/ 3 7200/ 4 7200/' $Z
git add $Z
check "a shallow clone is unknown (exit 3) and says how to fix it" 3 \
    "www.example.com. A: live TTL 300 <= 300, but since when is not known: the repository is a shallow clone" \
    "git fetch --unshallow" \
    -- lint --now $T60 --desired --git-live HEAD --staged $Z
# The lowering's parent is what says the TTL before it: depth 3.
git clone -q --depth 3 "file://$tmp/origin" "$tmp/shallow3" || exit 2
cd "$tmp/shallow3" || exit 2
sed -i 's/192.0.2.10/198.51.100.10/; s/ 3 7200/ 4 7200/' $Z
git add $Z
check "a shallow clone that holds the lowering's parent finds it" 1 \
    "(safe from $SAFE)" \
    -- lint --now $T60 --desired --git-live HEAD --staged $Z

# 5. Renames: lowered and then renamed, renamed and then lowered.
newrepo "$tmp/rename"
lowered zones/old.zone
git mv zones/old.zone $Z || exit 2
commit 2026-11-28T10:00:30Z "rename"
moved "a file lowered and then renamed is followed"
newrepo "$tmp/rename2"
day zones/old.zone
git mv zones/old.zone $Z || exit 2
commit 2026-11-20T10:00:00Z "rename"
zone $Z 2 300 192.0.2.10
commit $T "lower www to 300"
moved "a file renamed and then lowered is followed"
# Renamed with too many changes for git to see a rename.
newrepo "$tmp/rename3"
day zones/old.zone
git rm -q zones/old.zone && mkdir -p zones || exit 2
cat >$Z <<EOF
\$ORIGIN example.com.
@	300	IN SOA	ns1.example.net. hostmaster.example.com. 2 7200 3600 1209600 300
@	300	IN NS	ns1.example.net.
@	300	IN NS	ns2.example.org.
www	300	IN A	192.0.2.10
ftp	300	IN A	192.0.2.21
EOF
commit $T "rewrite as example.com.zone, TTLs lowered"
sed -i 's/192.0.2.10/198.51.100.10/; s/ 2 7200/ 3 7200/' $Z
git add $Z
check "a rename git does not follow is unknown" 3 \
    "adds 'zones/example.com.zone' and deletes 'zones/old.zone', which holds the RRset" \
    -- lint --now $T60 --desired --git-live HEAD --staged $Z

# 6. A new zone file: nothing at HEAD to compare with.
newrepo "$tmp/new"
zone zones/other.zone 1 3600 192.0.2.10
commit 2026-11-01T10:00:00Z "another zone"
zone $Z 1 86400 192.0.2.10
git add $Z
check "a new zone file is said and passes" 0 \
    "$Z: not in git at 'HEAD': a new zone file, nothing to compare" \
    -- lint --now $T60 --desired --git-live HEAD --staged $Z

# 7. $INCLUDE: included files come from the revision, the history and
# the index too.
newrepo "$tmp/include"
zone $Z 1 3600 192.0.2.10
sed -i '/^www/d' $Z
echo '$INCLUDE www.inc' >>$Z
printf 'www\t86400\tIN A\t192.0.2.10\n' >zones/www.inc
commit 2026-11-01T10:00:00Z "www in its own file"
printf 'www\t300\tIN A\t192.0.2.10\n' >zones/www.inc
sed -i 's/ 1 7200/ 2 7200/' $Z
commit $T "lower www to 300"
printf 'www\t300\tIN A\t198.51.100.10\n' >zones/www.inc
sed -i 's/ 2 7200/ 3 7200/' $Z
git add -A
printf 'www\t300\tIN A\t203.0.113.999\n' >zones/www.inc
check "\$INCLUDE at the revision, in history and in the index" 1 \
    "TTL lowered at commit" "(safe from $SAFE)" \
    -- lint --now $T60 --desired --git-live HEAD --staged $Z
check "the index's included file, not the work tree's (broken)" 0 \
    -- lint --now $SAFE --desired --git-live HEAD --staged $Z
check "without --staged the work tree's included file is read" 2 \
    "zones/www.inc:1:" \
    -- lint --now $SAFE --desired --git-live HEAD $Z

# 8. A plan whose live_zone_file is in git.
newrepo "$tmp/plan"
lowered $Z
mkdir -p plans
cat >plans/move.yaml <<EOF
zone: example.com.
live_zone_file: ../$Z
changes:
  - name: www
    type: A
    to: [198.51.100.10]
EOF
check "a plan's live_zone_file at the revision: the lowering from git" 1 \
    "plans/move.yaml:4:5: error: www.example.com. A: TTL lowered at commit" \
    "(safe from $SAFE)" \
    -- lint --now $T60 --git-live HEAD plans/move.yaml
cat >>plans/move.yaml <<EOF
ttl_lowered: { at: 2026-11-20T10:00:00Z, from: 86400 }
EOF
check "the plan's own ttl_lowered wins" 0 \
    -- lint --now $T60 --git-live HEAD plans/move.yaml

# 9. A file name that would be a pathspec pattern is taken literally.
newrepo "$tmp/literal"
lowered 'zones/*.zone'
zone zones/other.zone 1 300 192.0.2.10
commit 2026-11-28T10:00:40Z "another zone, low from the start"
moved "a file named 'zones/*.zone' is that file, not a pattern" 'zones/*.zone'

# 10. An octoDNS repository: the configuration says which YAML files are
# zones; their history is read the same way.
newrepo "$tmp/octodns"
mkdir config
cat >config/production.yaml <<'EOF'
providers:
  config:
    class: octodns.provider.yaml.YamlProvider
    directory: ./zones
zones:
  example.com.:
    sources:
      - config
EOF
octo() {
	cat >zones/example.com.yaml <<EOF
'':
  type: NS
  values:
    - ns1.example.net.
    - ns2.example.org.
www:
  type: A
  ttl: $1
  value: $2
mail:
  - type: A
    ttl: 3600
    value: ${3:-192.0.2.25}
EOF
}
octo 86400 192.0.2.10
commit 2026-11-01T10:00:00Z "www with a day's TTL"
octo 300 192.0.2.10
commit $T "lower www to 300"
octodns_lowering=$(git rev-parse --short=10 HEAD)
# A commit that leaves www's text alone: read without a parse.
octo 300 192.0.2.10 192.0.2.26
commit 2026-11-28T10:00:30Z "mail moves"
octo 300 198.51.100.10 192.0.2.26
git add -A
check "dnslint zones lists the octoDNS zone" 0 \
    "zones/example.com.yaml	example.com." \
    -- "$prog" zones
files=$("$prog" zones | cut -f1)
check "an octoDNS zone's lowering from git, at the YAML line" 1 \
    "zones/example.com.yaml:7: error: www.example.com. A: TTL lowered at commit $octodns_lowering (2026-11-28 10:00Z)" \
    "(safe from $SAFE)" \
    -- lint --now $T60 --desired --git-live HEAD --staged $files
check "and at T + 86400 it passes" 0 \
    -- lint --now $SAFE --desired --git-live HEAD --staged zones/example.com.yaml
# The apex ('') is an entry like any other.
apex() {
	cat >zones/example.com.yaml <<EOF
# example.com, kept by octoDNS
'':
  - type: A
    ttl: $1
    value: $2
  - type: NS
    values:
      - ns1.example.net.
      - ns2.example.org.
www:
  type: A
  ttl: 300
  value: ${3:-192.0.2.10}
EOF
}
apex 86400 192.0.2.1
commit 2026-11-27T10:00:00Z "an apex address, a day's TTL"
apex 300 192.0.2.1
commit $T "lower the apex to 300"
apex 300 192.0.2.1 192.0.2.11
commit 2026-11-28T10:00:30Z "www moves"
apex 300 198.51.100.1 192.0.2.11
git add -A
check "an octoDNS apex lowering from git" 1 \
    "zones/example.com.yaml:3: error: example.com. A: TTL lowered at commit" \
    "(safe from $SAFE)" \
    -- lint --now $T60 --desired --git-live HEAD --staged zones/example.com.yaml

# 11. Usage errors.
check "a revision that is not a commit is exit 2" 2 \
    "--git-live 'no-such-branch' is not a commit" \
    -- lint --desired --git-live no-such-branch $Z
check "--staged needs --git-live" 2 "--staged reads the desired zone" \
    -- lint --desired --staged $Z
check "git missing: not verified (exit 3), never a pass" 3 \
    "git is not installed or not on PATH" \
    -- env PATH=/nonexistent "$prog" -f compact --desired --git-live HEAD $Z
check "--git-live is not for wait" 2 "--git-live is for check" \
    -- "$prog" wait --git-live HEAD plans/move.yaml
mkdir -p "$tmp/nogit" && zone "$tmp/nogit/example.com.zone" 1 300 192.0.2.1
check "a file outside any git work tree is exit 2" 2 \
    "cannot read its git repository" \
    -- lint --desired --git-live HEAD "$tmp/nogit/example.com.zone"

echo "git-live-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
