#!/bin/sh
# The git pre-commit hook (contrib/pre-commit) in real repositories:
# temporary ones, with the hook installed and DNSLINT naming the program.
# A good plan and zone are committed; a plan whose TTL was never lowered
# and a plan with a typo are refused with the compact finding; the staged
# version counts, not the work tree; a changed zone file is checked as the
# desired zone against its HEAD version, git's history saying when a TTL
# was lowered (committer dates: a lowering a minute old is refused, the
# same a day old passes); a zone using $INCLUDE is checked, also when only
# the included file changed; a renamed and edited zone file is compared
# with its old path; a plan naming a file outside the repository is
# refused; a commit of other files never runs dnslint.  An octoDNS
# repository (config, zones/example.com.yaml, a workflow, another YAML
# file): a bad change is refused at its YAML line, the other YAML files
# are never read.
#
#   sh tests/hook-test.sh build/dnslint
#
# Prints one line per check, then "hook-test: N passed, M failed"; exits 1
# when a check failed, 2 on bad usage, 77 when git is not installed.
if [ $# -ne 1 ]; then
	echo "usage: sh tests/hook-test.sh PROG" >&2
	exit 2
fi
case $1 in
/*)	prog=$1 ;;
*)	prog=$(pwd)/$1 ;;
esac
if [ ! -x "$prog" ]; then
	echo "hook-test: '$1' is not an executable program" >&2
	exit 2
fi
if ! command -v git >/dev/null 2>&1; then
	echo "hook-test: git is not installed: nothing tested"
	echo "hook-test: 0 passed, 0 failed, 1 skipped"
	exit 77
fi
root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM
# shellcheck source=tests/hooklib.sh
. "$root/tests/hooklib.sh"
DNSLINT=$prog
export DNSLINT

# hooked_repo DIR: a new repository in DIR with the hook installed
hooked_repo() {
	new_repo "$1"
	git config core.hooksPath .git/hooks
	cp "$root/contrib/pre-commit" .git/hooks/pre-commit || exit 2
	chmod +x .git/hooks/pre-commit
}

repo=$tmp/repo
hooked_repo "$repo"
mkdir plans zones || exit 2

# Nameservers at two providers, NS TTL 3600; www low, mail a day.
{
	zone_head example.com. 2026111501
	printf 'www\t300\tIN A\t192.0.2.10\n'
	printf 'mail\t86400\tIN A\t192.0.2.25\n'
} >zones/example.com.zone

# edit_zone SED-EXPRESSION: change the zone file and raise its SOA serial,
# as a zone edit should.
serial=2026111501
edit_zone() {
	next=$((serial + 1))
	sed -e "$1" -e "s/$serial/$next/" zones/example.com.zone >"$tmp/z" &&
	    cp "$tmp/z" zones/example.com.zone
	serial=$next
}

web_plan
git add plans/web.yaml zones/example.com.zone
commit "good plan and zone"
accepted "a good plan and zone are committed, quietly"

# mail has TTL 86400, never lowered: ttl-lowered fails.
cat >plans/mail.yaml <<'EOF'
zone: example.com.
live_zone_file: ../zones/example.com.zone
changes:
  - name: mail
    type: A
    to: [198.51.100.25]
EOF
git add plans/mail.yaml
commit "mail without lowering the TTL"
refused "a plan whose TTL was never lowered is refused with the finding" \
    '^plans/mail.yaml:[0-9]*:[0-9]*: error: mail.example.com. A: live TTL 86400 is above 300: .*\[ttl-lowered\]$' \
    '^dnslint: commit refused: a check failed'

# The staged version counts: fixing the work tree only changes nothing.
cat >plans/mail.yaml <<'EOF'
zone: example.com.
live_zone_file: ../zones/example.com.zone
changes:
  - name: mail
    type: A
    to: [198.51.100.25]
    ttl: 300
ttl_lowered: { at: 2026-01-01T00:00:00Z, from: 86400, to: 300 }
EOF
commit "mail, fixed only in the work tree"
refused "the staged plan is checked, not the work tree" '\[ttl-lowered\]$'

# A typo in a key is invalid input (exit 2): refused too.
cat >plans/mail.yaml <<'EOF'
zone: example.com.
live_zone_file: ../zones/example.com.zone
changes:
  - name: mail
    type: A
    to: [198.51.100.25]
decomission:
  - target: 192.0.2.25
    at: 2026-12-01T12:00:00Z
EOF
git add plans/mail.yaml
commit "typo"
refused "a plan with a typo is refused with the error" \
    "^plans/mail.yaml:7:1: unknown key 'decomission'" \
    '^dnslint: commit refused: invalid plan'

# The fixed plan: the TTL was lowered long ago (the servers say 86400
# still, so ttl-lowered would fail): lower it in the zone in the same commit.
cat >plans/mail.yaml <<'EOF'
zone: example.com.
live_zone_file: ../zones/example.com.zone
changes:
  - name: mail
    type: A
    to: [198.51.100.25]
EOF
edit_zone 's/^mail	86400/mail	300/'
git add plans/mail.yaml zones/example.com.zone
commit "mail, after the TTL was lowered"
accepted "the fixed change goes through, quietly"

# git commit -a stages as it commits: the hook sees what -a staged.
sed 's/^changes:/chagnes:/' plans/mail.yaml >"$tmp/p" &&
    cp "$tmp/p" plans/mail.yaml
commit "a typo, committed with -a" -a
refused "git commit -a is checked too" \
    "^plans/mail.yaml:3:1: unknown key 'chagnes'"
git checkout -q -- plans/mail.yaml

# A changed zone file is the desired zone; HEAD's version is the live one.
# An address change of a record with TTL 300: safe.
edit_zone 's/^www	300	IN A	192.0.2.10/www	300	IN A	192.0.2.11/'
git add zones/example.com.zone
commit "www moves, TTL 300"
accepted "a safe zone file change goes through, quietly"
# A new record with a TTL of a day is fine; changing one is not.
# shellcheck disable=SC2016
edit_zone '$a\
ftp	86400	IN A	192.0.2.30'
git add zones/example.com.zone
commit "ftp, a new name"
accepted "a new record goes through, quietly"
edit_zone 's/^ftp	86400	IN A	192.0.2.30/ftp	86400	IN A	198.51.100.30/'
git add zones/example.com.zone
commit "ftp moves, TTL 86400"
refused "a zone file change whose TTL was never lowered is refused" \
    '^zones/example.com.zone:9: error: ftp.example.com. A: live TTL 86400 is above 300: .*\[ttl-lowered\]$'
# Undone in the work tree only: the staged zone still moves ftp.
sed 's/^ftp	86400	IN A	198.51.100.30/ftp	86400	IN A	192.0.2.30/' \
    zones/example.com.zone >"$tmp/z" && cp "$tmp/z" zones/example.com.zone
commit "ftp moves, undone only in the work tree"
refused "the staged zone file is checked, not the work tree" \
    '^zones/example.com.zone:9: error: ftp.example.com. A: .*\[ttl-lowered\]$'
git reset -q --hard HEAD

# A plan may name only files inside its repository: one that reaches out
# (here to a file next to the repository) is refused, and what that file
# holds is never shown.
echo "SECRET first line" >"$tmp/outside.zone"
cat >plans/escape.yaml <<'EOF'
zone: example.com.
live_zone_file: ../../outside.zone
changes:
  - {name: www, type: A, to: [198.51.100.10]}
EOF
git add plans/escape.yaml
commit "a plan that reads outside the repository"
grep -q SECRET "$tmp/log" && st=0
refused "a plan naming a file outside the repository is refused, unread" \
    "^plans/escape.yaml:2:17: live_zone_file '../../outside.zone' is outside the plan's repository"
git rm -q --cached plans/escape.yaml && rm plans/escape.yaml

# Commits of other files never run dnslint, even when it is missing.
echo "notes" >README
git add README
DNSLINT=/nonexistent/dnslint
commit "readme"
accepted "a commit without plans or zone files does not run dnslint"

# A plan staged while dnslint cannot be found: refused, saying so.
sed 's/198.51.100.10/198.51.100.11/' plans/web.yaml >"$tmp/p" &&
    cp "$tmp/p" plans/web.yaml
git add plans/web.yaml
commit "web"
refused "a missing dnslint refuses a plan commit" 'dnslint program was not found'
git reset -q --hard HEAD
DNSLINT=$prog

# Git history counts (committer dates): a TTL lowered a minute ago does
# not make a move safe, the same lowering a day old does.
now=$(date +%s)
# commit_at SECONDS-AGO MESSAGE: commit as if SECONDS-AGO seconds ago
commit_at() {
	GIT_COMMITTER_DATE="$((now - $1)) +0000"
	GIT_AUTHOR_DATE=$GIT_COMMITTER_DATE
	export GIT_COMMITTER_DATE GIT_AUTHOR_DATE
	commit "$2"
	unset GIT_COMMITTER_DATE GIT_AUTHOR_DATE
}
# zone_org API-TTL API-ADDRESS SERIAL: zones/example.org.zone
zone_org() {
	{
		zone_head example.org. "$3"
		printf 'api\t%s\tIN A\t%s\n' "$1" "$2"
		printf 'ftp\t86400\tIN A\t192.0.2.41\n'
	} >zones/example.org.zone
}
zone_org 86400 192.0.2.40 2026111501
git add zones/example.org.zone
commit_at 259200 "example.org, three days ago"
accepted "a new zone file is committed"
zone_org 300 192.0.2.40 2026111502
git add zones/example.org.zone
commit_at 60 "lower the api TTL, a minute ago"
accepted "a TTL lowering is committed"
zone_org 300 198.51.100.40 2026111503
git add zones/example.org.zone
commit "api moves, a minute after the lowering"
refused "a move a minute after its TTL was lowered is refused" \
    '^zones/example.org.zone:7: error: api.example.org. A: .*\[ttl-lowered\]$'
# The same lowering, committed a day and an hour ago.
git reset -q --soft HEAD~1
zone_org 300 192.0.2.40 2026111502
git add zones/example.org.zone
commit_at 90000 "lower the api TTL, a day ago"
zone_org 300 198.51.100.40 2026111503
git add zones/example.org.zone
commit "api moves, a day after the lowering"
accepted "the same move a day after the lowering goes through"

# A zone file that includes another: zones/example.net.zone and
# zones/example.net.d/mail.inc.
mkdir -p zones/example.net.d
{
	zone_head example.net. 2026111501
	printf 'www\t300\tIN A\t192.0.2.50\n'
	# shellcheck disable=SC2016
	printf '$INCLUDE example.net.d/mail.inc\n'
} >zones/example.net.zone
printf 'mail\t86400\tIN A\t192.0.2.55\n' >zones/example.net.d/mail.inc
git add zones/example.net.zone zones/example.net.d/mail.inc
commit_at 259200 "example.net with an included file"
sed -e 's/192.0.2.50/198.51.100.50/' -e 's/2026111501/2026111502/' \
    zones/example.net.zone >"$tmp/z" && cp "$tmp/z" zones/example.net.zone
git add zones/example.net.zone
commit "www of a zone that includes a file moves"
accepted "a safe change of a zone using \$INCLUDE goes through"
# (dnslint names the finding at the zone file with the line in the
# included file: either name is taken here.)
printf 'mail\t86400\tIN A\t198.51.100.55\n' >zones/example.net.d/mail.inc
git add zones/example.net.d/mail.inc
commit "only the included file changes"
refused "a commit of only an included file checks the zone that includes it" \
    '^zones/example.net[^:]*:1: error: mail.example.net. A: live TTL 86400 is above 300: .*\[ttl-lowered\]$'
git reset -q --hard HEAD

# Renamed and edited: compared with the old path at HEAD.
mkdir -p dns
git mv zones/example.org.zone dns/example.org.zone
sed -e 's/^ftp	86400	IN A	192.0.2.41/ftp	86400	IN A	198.51.100.41/' \
    -e 's/2026111503/2026111504/' dns/example.org.zone >"$tmp/z" &&
    cp "$tmp/z" dns/example.org.zone
git add dns/example.org.zone
commit "rename example.org's zone file, and move ftp"
refused "a renamed zone file is compared with its old path" \
    '^dns/example.org.zone:8: error: ftp.example.org. A: live TTL 86400 is above 300: .*\[ttl-lowered\]$'
sed -e 's/^ftp	86400	IN A	198.51.100.41/ftp	86400	IN A	192.0.2.41/' \
    -e 's/^api	300	IN A	198.51.100.40/api	300	IN A	198.51.100.42/' \
    dns/example.org.zone >"$tmp/z" && cp "$tmp/z" dns/example.org.zone
git add dns/example.org.zone
commit "rename example.org's zone file, and move api again"
accepted "a renamed zone file with a safe change goes through"

# A dnslint older than the hook (no --git-live in its --help): zone files
# are still checked, against a copy of their HEAD version, and it says so.
cat >"$tmp/old-dnslint" <<EOF
#!/bin/sh
if [ "\$1" = --help ]; then
	"$prog" --help 2>&1 | grep -v -e --git-live -e '^ *zonefile'
	exit 0
fi
exec "$prog" "\$@"
EOF
chmod +x "$tmp/old-dnslint"
DNSLINT=$tmp/old-dnslint
sed -e 's/^ftp	86400	IN A	192.0.2.41/ftp	86400	IN A	198.51.100.41/' \
    -e 's/2026111504/2026111505/' dns/example.org.zone >"$tmp/z" &&
    cp "$tmp/z" dns/example.org.zone
git add dns/example.org.zone
commit "ftp moves, checked by an older dnslint"
refused "an older dnslint checks zone files against a copy of HEAD's" \
    '^dnslint: this dnslint has no --git-live: zone files are checked against their version at HEAD' \
    '^dns/example.org.zone:8: error: ftp.example.org. A: live TTL 86400 is above 300: .*\[ttl-lowered\]$'
git reset -q --hard HEAD
DNSLINT=$prog

# An octoDNS repository: its config says which YAML files are zones.
if ! "$prog" --help 2>&1 | grep -q 'dnslint zones'; then
	skip "octoDNS: this dnslint has no 'zones' command"
	summary hook-test
	exit $?
fi
octo=$tmp/octo
hooked_repo "$octo"
mkdir -p config zones .github/workflows docs || exit 2
# As in octoDNS's documentation: a YamlProvider for the zones, a target
# provider to push them to.
cat >config/production.yaml <<'EOF'
---
providers:
  config:
    class: octodns.provider.yaml.YamlProvider
    directory: ./zones
    default_ttl: 3600
    enforce_order: true
  route53:
    class: octodns_route53.Route53Provider
    access_key_id: env/AWS_ACCESS_KEY_ID
    secret_access_key: env/AWS_SECRET_ACCESS_KEY

zones:
  example.com.:
    sources:
      - config
    targets:
      - route53
EOF
# octodns_zone WWW-ADDRESS MAIL-ADDRESS
octodns_zone() {
	cat >zones/example.com.yaml <<EOF
---
'':
  - type: NS
    ttl: 3600
    values:
      - ns-1.awsdns-01.org.
      - ns1.example-dns.net.
mail:
  ttl: 86400
  type: A
  value: $2
www:
  ttl: 300
  type: A
  value: $1
EOF
}
octodns_zone 192.0.2.10 192.0.2.25
# A workflow, and a YAML file that is neither plan nor zone (and that no
# YAML parser would take): never read.
cat >.github/workflows/ci.yml <<'EOF'
name: dns
on:
  pull_request:
jobs:
  octodns:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: octodns-validate --config-file config/production.yaml
EOF
printf 'owners: [dns-team\nreview: {\n' >docs/owners.yaml
git add .
commit_at 259200 "octoDNS: example.com, three days ago"
accepted "octoDNS: a new repository is committed"
octodns_zone 198.51.100.10 192.0.2.25
printf '      - run: octodns-sync --config-file config/production.yaml\n' \
    >>.github/workflows/ci.yml
printf 'oncall: [\n' >>docs/owners.yaml
git add .
commit "octoDNS: www moves, the workflow syncs"
accepted "octoDNS: a safe change goes through, the other YAML files unread"
octodns_zone 198.51.100.10 198.51.100.25
git add zones/example.com.yaml
commit "octoDNS: mail moves without lowering its TTL"
grep -q 'ci.yml\|owners.yaml\|production.yaml' "$tmp/log" && st=0
refused "octoDNS: a bad change is refused at its YAML line" \
    '^zones/example.com.yaml:9: error: mail.example.com. A: live TTL 86400 is above 300: .*\[ttl-lowered\]$'
git reset -q --hard HEAD

# The CI example (contrib/ci/octodns-github-actions.yml) on a pull
# request's branch: a clone whose origin is the repository above.
base=$(git symbolic-ref --short HEAD)
git clone -q "$octo" "$tmp/octo-pr" || exit 2
cd "$tmp/octo-pr" || exit 2
ci() {
	# shellcheck disable=SC2046
	"$prog" --desired --git-live "origin/$base" \
	    $("$prog" zones | cut -f1) >"$tmp/log" 2>&1
	st=$?
}
octodns_zone 198.51.100.11 192.0.2.25
git -c user.name=ci -c user.email=ci@example.com commit -q -a \
    -m "www moves again" || exit 2
ci
if [ "$st" -eq 0 ]; then
	ok "octoDNS CI: a safe pull request passes"
else
	not_ok "octoDNS CI: a safe pull request passes (exit $st)"
fi
octodns_zone 198.51.100.11 198.51.100.25
git -c user.name=ci -c user.email=ci@example.com commit -q -a \
    -m "mail moves" || exit 2
ci
if [ "$st" -eq 1 ] &&
    grep -q 'mail.example.com. A' "$tmp/log" &&
    grep -q 'live TTL 86400 is above 300' "$tmp/log"; then
	ok "octoDNS CI: a pull request moving a record of TTL 86400 fails"
else
	not_ok "octoDNS CI: a pull request moving a record of TTL 86400 fails (exit $st)"
fi

summary hook-test
