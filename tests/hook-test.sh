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

# Only this repository's settings: no global hooksPath, no signing.
GIT_CONFIG_GLOBAL=/dev/null
GIT_CONFIG_NOSYSTEM=1
DNSLINT=$prog
export GIT_CONFIG_GLOBAL GIT_CONFIG_NOSYSTEM DNSLINT
unset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE

passed=0
failed=0
skipped=0
ok() {
	echo "ok   $1"
	passed=$((passed + 1))
}
not_ok() {
	echo "FAIL $1"
	sed 's/^/     | /' "$tmp/log"
	failed=$((failed + 1))
}

repo=$tmp/repo
mkdir -p "$repo/plans" "$repo/zones" || exit 2
cd "$repo" || exit 2
git init -q . || exit 2
git config user.name "hook test"
git config user.email "hook-test@example.com"
git config commit.gpgsign false
git config core.hooksPath .git/hooks
cp "$root/contrib/pre-commit" .git/hooks/pre-commit || exit 2
chmod +x .git/hooks/pre-commit

# Nameservers at two providers, NS TTL 3600; www low, mail a day.
cat >zones/example.com.zone <<'EOF'
$ORIGIN example.com.
$TTL 3600
@	IN SOA	ns1.example-dns.net. hostmaster.example.com. (
		2026111501 7200 900 1209600 300 )
@	3600	IN NS	ns1.example-dns.net.
@	3600	IN NS	ns-1.awsdns-01.org.
www	300	IN A	192.0.2.10
mail	86400	IN A	192.0.2.25
EOF
good_plan() {
	cat >plans/web.yaml <<'EOF'
# Move www to the new web host.
zone: example.com.
live_zone_file: ../zones/example.com.zone
changes:
  - name: www
    type: A
    to: [198.51.100.10]
EOF
}

# edit_zone SED-EXPRESSION: change the zone file and raise its SOA serial,
# as a zone edit should.
serial=2026111501
edit_zone() {
	next=$((serial + 1))
	sed -e "$1" -e "s/$serial/$next/" zones/example.com.zone >"$tmp/z" &&
	    cp "$tmp/z" zones/example.com.zone
	serial=$next
}

# commit MESSAGE: git commit; status in $st, everything printed in $tmp/log
commit() {
	git commit -q -m "$1" >"$tmp/log" 2>&1
	st=$?
}

good_plan
git add plans/web.yaml zones/example.com.zone
commit "good plan and zone"
if [ "$st" -eq 0 ] && [ ! -s "$tmp/log" ]; then
	ok "a good plan and zone are committed, quietly"
else
	not_ok "a good plan and zone are committed, quietly (exit $st)"
fi

# mail has TTL 86400, never lowered: ttl-lowered fails.
head=$(git rev-parse HEAD)
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
if [ "$st" -ne 0 ] && [ "$(git rev-parse HEAD)" = "$head" ] &&
    grep -q '^plans/mail.yaml:[0-9]*:[0-9]*: error: mail.example.com. A: live TTL 86400 is above 300: .*\[ttl-lowered\]$' "$tmp/log" &&
    grep -q '^dnslint: commit refused: a check failed' "$tmp/log"; then
	ok "a plan whose TTL was never lowered is refused with the finding"
else
	not_ok "a plan whose TTL was never lowered is refused with the finding (exit $st)"
fi

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
if [ "$st" -ne 0 ] && grep -q '\[ttl-lowered\]$' "$tmp/log"; then
	ok "the staged plan is checked, not the work tree"
else
	not_ok "the staged plan is checked, not the work tree (exit $st)"
fi

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
if [ "$st" -ne 0 ] && [ "$(git rev-parse HEAD)" = "$head" ] &&
    grep -q "^plans/mail.yaml:7:1: unknown key 'decomission'" "$tmp/log" &&
    grep -q '^dnslint: commit refused: invalid plan' "$tmp/log"; then
	ok "a plan with a typo is refused with the error"
else
	not_ok "a plan with a typo is refused with the error (exit $st)"
fi

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
if [ "$st" -eq 0 ] && [ "$(git rev-parse HEAD)" != "$head" ] &&
    [ ! -s "$tmp/log" ]; then
	ok "the fixed change goes through, quietly"
else
	not_ok "the fixed change goes through, quietly (exit $st)"
fi

# git commit -a stages as it commits: the hook sees what -a staged.
head=$(git rev-parse HEAD)
sed 's/^changes:/chagnes:/' plans/mail.yaml >"$tmp/p" &&
    cp "$tmp/p" plans/mail.yaml
git commit -q -a -m "a typo, committed with -a" >"$tmp/log" 2>&1
st=$?
if [ "$st" -ne 0 ] && [ "$(git rev-parse HEAD)" = "$head" ] &&
    grep -q "^plans/mail.yaml:3:1: unknown key 'chagnes'" "$tmp/log"; then
	ok "git commit -a is checked too"
else
	not_ok "git commit -a is checked too (exit $st)"
fi
git checkout -q -- plans/mail.yaml

# A changed zone file is the desired zone; HEAD's version is the live one.
if "$prog" --help 2>&1 | grep -q -- '--desired'; then
	head=$(git rev-parse HEAD)
	# An address change of a record with TTL 300: safe.
	edit_zone 's/^www	300	IN A	192.0.2.10/www	300	IN A	192.0.2.11/'
	git add zones/example.com.zone
	commit "www moves, TTL 300"
	if [ "$st" -eq 0 ] && [ "$(git rev-parse HEAD)" != "$head" ] &&
	    [ ! -s "$tmp/log" ]; then
		ok "a safe zone file change goes through, quietly"
	else
		not_ok "a safe zone file change goes through, quietly (exit $st)"
	fi
	# A new record with a TTL of a day is fine; changing one is not.
	head=$(git rev-parse HEAD)
	# shellcheck disable=SC2016
	edit_zone '$a\
ftp	86400	IN A	192.0.2.30'
	git add zones/example.com.zone
	commit "ftp, a new name"
	if [ "$st" -eq 0 ] && [ "$(git rev-parse HEAD)" != "$head" ] &&
	    [ ! -s "$tmp/log" ]; then
		ok "a new record goes through, quietly"
	else
		not_ok "a new record goes through, quietly (exit $st)"
	fi
	edit_zone 's/^ftp	86400	IN A	192.0.2.30/ftp	86400	IN A	198.51.100.30/'
	git add zones/example.com.zone
	head=$(git rev-parse HEAD)
	commit "ftp moves, TTL 86400"
	if [ "$st" -ne 0 ] && [ "$(git rev-parse HEAD)" = "$head" ] &&
	    grep -q '^zones/example.com.zone:[0-9]*: error: ftp.example.com. A: live TTL 86400 is above 300: .*\[ttl-lowered\]$' "$tmp/log"; then
		ok "a zone file change whose TTL was never lowered is refused"
	else
		not_ok "a zone file change whose TTL was never lowered is refused (exit $st)"
	fi
	# Undone in the work tree only: the staged zone still moves ftp.
	sed 's/^ftp	86400	IN A	198.51.100.30/ftp	86400	IN A	192.0.2.30/' \
	    zones/example.com.zone >"$tmp/z" && cp "$tmp/z" zones/example.com.zone
	commit "ftp moves, undone only in the work tree"
	if [ "$st" -ne 0 ] && [ "$(git rev-parse HEAD)" = "$head" ] &&
	    grep -q '^zones/example.com.zone:[0-9]*: error: ftp.example.com. A: .*\[ttl-lowered\]$' "$tmp/log"; then
		ok "the staged zone file is checked, not the work tree"
	else
		not_ok "the staged zone file is checked, not the work tree (exit $st)"
	fi
	git reset -q --hard HEAD
else
	echo "skip zone files: this dnslint has no --desired"
	skipped=$((skipped + 1))
fi

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
head=$(git rev-parse HEAD)
commit "a plan that reads outside the repository"
if [ "$st" -ne 0 ] && [ "$(git rev-parse HEAD)" = "$head" ] &&
    grep -q "^plans/escape.yaml:2:17: live_zone_file '../../outside.zone' is outside the plan's repository" "$tmp/log" &&
    ! grep -q SECRET "$tmp/log"; then
	ok "a plan naming a file outside the repository is refused"
else
	not_ok "a plan naming a file outside the repository is refused (exit $st)"
fi
git rm -q --cached plans/escape.yaml && rm plans/escape.yaml

# Commits of other files never run dnslint, even when it is missing.
echo "notes" >README
git add README
DNSLINT=/nonexistent/dnslint git commit -q -m "readme" >"$tmp/log" 2>&1
st=$?
if [ "$st" -eq 0 ] && [ ! -s "$tmp/log" ]; then
	ok "a commit without plans or zone files does not run dnslint"
else
	not_ok "a commit without plans or zone files does not run dnslint (exit $st)"
fi

# A plan staged while dnslint cannot be found: refused, saying so.
sed 's/198.51.100.10/198.51.100.11/' plans/web.yaml >"$tmp/p" &&
    cp "$tmp/p" plans/web.yaml
git add plans/web.yaml
DNSLINT=/nonexistent/dnslint git commit -q -m "web" >"$tmp/log" 2>&1
st=$?
if [ "$st" -ne 0 ] && grep -q 'dnslint program was not found' "$tmp/log"; then
	ok "a missing dnslint refuses a plan commit"
else
	not_ok "a missing dnslint refuses a plan commit (exit $st)"
fi


# Git history counts (committer dates), $INCLUDE and renames: checks that
# need dnslint's --git-live.
now=$(date +%s)
# commit_at SECONDS-AGO MESSAGE: commit as if SECONDS-AGO seconds ago
commit_at() {
	d="$((now - $1)) +0000"
	GIT_COMMITTER_DATE=$d GIT_AUTHOR_DATE=$d git commit -q -m "$2" \
	    >"$tmp/log" 2>&1
	st=$?
}
# zone_org API-TTL API-ADDRESS SERIAL: zones/example.org.zone
zone_org() {
	cat >zones/example.org.zone <<EOF
\$ORIGIN example.org.
\$TTL 3600
@	IN SOA	ns1.example-dns.net. hostmaster.example.org. (
		$3 7200 900 1209600 300 )
@	3600	IN NS	ns1.example-dns.net.
@	3600	IN NS	ns-1.awsdns-01.org.
api	$1	IN A	$2
ftp	86400	IN A	192.0.2.41
EOF
}
if "$prog" --help 2>&1 | grep -q -- '--git-live'; then
	zone_org 86400 192.0.2.40 2026111501
	git add zones/example.org.zone
	commit_at 259200 "example.org, three days ago"
	zone_org 300 192.0.2.40 2026111502
	git add zones/example.org.zone
	commit_at 60 "lower the api TTL, a minute ago"
	lowered=$(git rev-parse HEAD)
	if [ "$st" -eq 0 ]; then
		ok "a TTL lowering is committed"
	else
		not_ok "a TTL lowering is committed (exit $st)"
	fi
	zone_org 300 198.51.100.40 2026111503
	git add zones/example.org.zone
	commit "api moves, a minute after the lowering"
	if [ "$st" -ne 0 ] && [ "$(git rev-parse HEAD)" = "$lowered" ] &&
	    grep -q '^zones/example.org.zone:7: error: api.example.org. A: .*\[ttl-lowered\]$' "$tmp/log"; then
		ok "a move a minute after its TTL was lowered is refused"
	else
		not_ok "a move a minute after its TTL was lowered is refused (exit $st)"
	fi
	# The same lowering, committed a day and an hour ago.
	git reset -q --soft HEAD~1
	zone_org 300 192.0.2.40 2026111502
	git add zones/example.org.zone
	commit_at 90000 "lower the api TTL, a day ago"
	lowered=$(git rev-parse HEAD)
	zone_org 300 198.51.100.40 2026111503
	git add zones/example.org.zone
	commit "api moves, a day after the lowering"
	if [ "$st" -eq 0 ] && [ "$(git rev-parse HEAD)" != "$lowered" ] &&
	    [ ! -s "$tmp/log" ]; then
		ok "the same move a day after the lowering goes through"
	else
		not_ok "the same move a day after the lowering goes through (exit $st)"
	fi

	# A zone file that includes another: zones/example.net.zone and
	# zones/example.net.d/mail.inc.
	mkdir -p zones/example.net.d
	cat >zones/example.net.zone <<'EOF'
$ORIGIN example.net.
$TTL 3600
@	IN SOA	ns1.example-dns.net. hostmaster.example.net. (
		2026111501 7200 900 1209600 300 )
@	3600	IN NS	ns1.example-dns.net.
@	3600	IN NS	ns-1.awsdns-01.org.
www	300	IN A	192.0.2.50
$INCLUDE example.net.d/mail.inc
EOF
	printf 'mail\t86400\tIN A\t192.0.2.55\n' >zones/example.net.d/mail.inc
	git add zones/example.net.zone zones/example.net.d/mail.inc
	commit_at 259200 "example.net with an included file"
	head=$(git rev-parse HEAD)
	sed -e 's/192.0.2.50/198.51.100.50/' -e 's/2026111501/2026111502/' \
	    zones/example.net.zone >"$tmp/z" && cp "$tmp/z" zones/example.net.zone
	git add zones/example.net.zone
	commit "www of a zone that includes a file moves"
	if [ "$st" -eq 0 ] && [ "$(git rev-parse HEAD)" != "$head" ] &&
	    [ ! -s "$tmp/log" ]; then
		ok "a safe change of a zone using \$INCLUDE goes through"
	else
		not_ok "a safe change of a zone using \$INCLUDE goes through (exit $st)"
	fi
	# (dnslint names the finding at the zone file with the line in the
	# included file: either name is taken here.)
	head=$(git rev-parse HEAD)
	printf 'mail\t86400\tIN A\t198.51.100.55\n' >zones/example.net.d/mail.inc
	git add zones/example.net.d/mail.inc
	commit "only the included file changes"
	if [ "$st" -ne 0 ] && [ "$(git rev-parse HEAD)" = "$head" ] &&
	    grep -q '^zones/example.net[^:]*:1: error: mail.example.net. A: live TTL 86400 is above 300: .*\[ttl-lowered\]$' "$tmp/log"; then
		ok "a commit of only an included file checks the zone that includes it"
	else
		not_ok "a commit of only an included file checks the zone that includes it (exit $st)"
	fi
	git reset -q --hard HEAD

	# Renamed and edited: compared with the old path at HEAD.
	mkdir -p dns
	head=$(git rev-parse HEAD)
	git mv zones/example.org.zone dns/example.org.zone
	sed -e 's/^ftp	86400	IN A	192.0.2.41/ftp	86400	IN A	198.51.100.41/' \
	    -e 's/2026111503/2026111504/' dns/example.org.zone >"$tmp/z" &&
	    cp "$tmp/z" dns/example.org.zone
	git add dns/example.org.zone
	commit "rename example.org's zone file, and move ftp"
	if [ "$st" -ne 0 ] && [ "$(git rev-parse HEAD)" = "$head" ] &&
	    grep -q '^dns/example.org.zone:8: error: ftp.example.org. A: live TTL 86400 is above 300: .*\[ttl-lowered\]$' "$tmp/log"; then
		ok "a renamed zone file is compared with its old path"
	else
		not_ok "a renamed zone file is compared with its old path (exit $st)"
	fi
	sed -e 's/^ftp	86400	IN A	198.51.100.41/ftp	86400	IN A	192.0.2.41/' \
	    -e 's/^api	300	IN A	198.51.100.40/api	300	IN A	198.51.100.42/' \
	    dns/example.org.zone >"$tmp/z" && cp "$tmp/z" dns/example.org.zone
	git add dns/example.org.zone
	commit "rename example.org's zone file, and move api again"
	if [ "$st" -eq 0 ] && [ "$(git rev-parse HEAD)" != "$head" ] &&
	    [ ! -s "$tmp/log" ]; then
		ok "a renamed zone file with a safe change goes through"
	else
		not_ok "a renamed zone file with a safe change goes through (exit $st)"
	fi
else
	echo "skip git history, \$INCLUDE and renames: this dnslint has no --git-live"
	skipped=$((skipped + 1))
fi

# An octoDNS repository: its config says which YAML files are zones.
if "$prog" --help 2>&1 | grep -q -- '--git-live' &&
    "$prog" zones "$tmp" >/dev/null 2>&1; then
	octo=$tmp/octo
	mkdir -p "$octo/config" "$octo/zones" "$octo/.github/workflows" \
	    "$octo/docs" || exit 2
	cd "$octo" || exit 2
	git init -q . || exit 2
	git config user.name "hook test"
	git config user.email "hook-test@example.com"
	git config commit.gpgsign false
	git config core.hooksPath .git/hooks
	cp "$root/contrib/pre-commit" .git/hooks/pre-commit || exit 2
	chmod +x .git/hooks/pre-commit
	# As in octoDNS's documentation: a YamlProvider for the zones, a
	# target provider to push them to.
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
	# A workflow, and a YAML file that is neither plan nor zone (and
	# that no YAML parser would take): never read.
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
	if [ "$st" -eq 0 ]; then
		ok "octoDNS: a new repository is committed"
	else
		not_ok "octoDNS: a new repository is committed (exit $st)"
	fi
	head=$(git rev-parse HEAD)
	octodns_zone 198.51.100.10 192.0.2.25
	printf '      - run: octodns-sync --config-file config/production.yaml\n' \
	    >>.github/workflows/ci.yml
	printf 'oncall: [\n' >>docs/owners.yaml
	git add .
	commit "octoDNS: www moves, the workflow syncs"
	if [ "$st" -eq 0 ] && [ "$(git rev-parse HEAD)" != "$head" ] &&
	    [ ! -s "$tmp/log" ]; then
		ok "octoDNS: a safe change goes through, the other YAML files unread"
	else
		not_ok "octoDNS: a safe change goes through, the other YAML files unread (exit $st)"
	fi
	head=$(git rev-parse HEAD)
	octodns_zone 198.51.100.10 198.51.100.25
	git add zones/example.com.yaml
	commit "octoDNS: mail moves without lowering its TTL"
	if [ "$st" -ne 0 ] && [ "$(git rev-parse HEAD)" = "$head" ] &&
	    grep -q '^zones/example.com.yaml:9:[0-9]*: error: mail.example.com. A: live TTL 86400 is above 300: .*\[ttl-lowered\]$' "$tmp/log" &&
	    ! grep -q 'ci.yml\|owners.yaml\|production.yaml' "$tmp/log"; then
		ok "octoDNS: a bad change is refused at its YAML line"
	else
		not_ok "octoDNS: a bad change is refused at its YAML line (exit $st)"
	fi
	git reset -q --hard HEAD

	# The CI example (contrib/ci/octodns-github-actions.yml) on a pull
	# request's branch: a clone whose origin is the repository above.
	base=$(git symbolic-ref --short HEAD)
	git clone -q "$octo" "$tmp/octo-pr" || exit 2
	cd "$tmp/octo-pr" || exit 2
	git config user.name "hook test"
	git config user.email "hook-test@example.com"
	git config commit.gpgsign false
	ci() {
		# shellcheck disable=SC2046
		"$prog" --desired --git-live "origin/$base" \
		    $("$prog" zones | cut -f1) >"$tmp/log" 2>&1
		st=$?
	}
	octodns_zone 198.51.100.11 192.0.2.25
	git commit -q -a -m "www moves again" >/dev/null 2>&1
	ci
	if [ "$st" -eq 0 ]; then
		ok "octoDNS CI: a safe pull request passes"
	else
		not_ok "octoDNS CI: a safe pull request passes (exit $st)"
	fi
	octodns_zone 198.51.100.11 198.51.100.25
	git commit -q -a -m "mail moves" >/dev/null 2>&1
	ci
	if [ "$st" -eq 1 ] &&
	    grep -q 'mail.example.com. A' "$tmp/log" &&
	    grep -q 'ttl-lowered' "$tmp/log"; then
		ok "octoDNS CI: a pull request moving a record of TTL 86400 fails"
	else
		not_ok "octoDNS CI: a pull request moving a record of TTL 86400 fails (exit $st)"
	fi
	cd "$repo" || exit 2
else
	echo "skip octoDNS: this dnslint has no --git-live or no 'zones'"
	skipped=$((skipped + 1))
fi

echo "hook-test: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
