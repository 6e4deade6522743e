#!/bin/sh
# dnslint zones: the zone files the octoDNS configurations of a git work
# tree declare, in repositories built here, and octoDNS's own test
# configurations (../shared/octodns from the top of the tree, or
# $DNSLINT_OCTODNS_DATA; those checks are skipped when it is absent).
#
#   sh tests/zones-test.sh build/dnslint
#
# Prints one line per check, then "zones-test: N passed, M failed"; exits
# 1 when a check failed, 2 on bad usage, 77 (skipped) when nothing failed
# but octoDNS's configurations were not there.
if [ $# -ne 1 ]; then
	echo "usage: sh tests/zones-test.sh PROG" >&2
	exit 2
fi
case $1 in
/*)	prog=$1 ;;
*)	prog=$(pwd)/$1 ;;
esac
if [ ! -x "$prog" ]; then
	echo "zones-test: '$1' is not an executable program" >&2
	exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
data=${DNSLINT_OCTODNS_DATA:-$root/../shared/octodns}/tests-config
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM
GIT_CONFIG_GLOBAL=/dev/null
GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_GLOBAL GIT_CONFIG_NOSYSTEM
unset GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE

passed=0
failed=0

# check NAME STATUS EXPECTED-STDOUT EXPECTED-STDERR COMMAND...: exact
# standard output and error, and the exit status.
check() {
	name=$1 want=$2 wout=$3 werr=$4
	shift 4
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	bad=""
	[ "$got" -eq "$want" ] || bad="exit $got, expected $want"
	printf '%s' "$wout" >"$tmp/wout"
	printf '%s' "$werr" >"$tmp/werr"
	# Command substitution drops the final newline: compare likewise.
	printf '%s' "$(cat "$tmp/out")" | cmp -s - "$tmp/wout" ||
	    bad="${bad:+$bad; }standard output differs"
	printf '%s' "$(cat "$tmp/err")" | cmp -s - "$tmp/werr" ||
	    bad="${bad:+$bad; }standard error differs"
	if [ -z "$bad" ]; then
		echo "ok   $name"
		passed=$((passed + 1))
	else
		echo "FAIL $name: $bad"
		echo "     stdout:"; sed 's/^/     | /' "$tmp/out"
		echo "     expected:"; sed 's/^/     | /' "$tmp/wout"
		echo "     stderr:"; sed 's/^/     | /' "$tmp/err"
		echo "     expected:"; sed 's/^/     | /' "$tmp/werr"
		failed=$((failed + 1))
	fi
}

T='	'
repo=$tmp/repo
mkdir -p "$repo/config" "$repo/zones" "$repo/plans" "$repo/zones/split" ||
    exit 2
cd "$repo" && git init -q . || exit 2
cat >config/production.yaml <<'EOF'
# An octoDNS configuration as people write them: keys dnslint does not
# use are octoDNS's business.
manager:
  max_workers: 2
providers:
  config:
    class: octodns.provider.yaml.YamlProvider
    directory: ./zones
    default_ttl: 3600
    enforce_order: true
  split:
    class: octodns.provider.yaml.SplitYamlProvider
    directory: ./zones/split
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
  Example.NET.:
    sources:
      - config
    targets:
      - route53
  example.org.:
    alias: example.com.
  split.example.:
    sources:
      - split
    targets:
      - route53
  missing.example.:
    sources:
      - config
    targets:
      - route53
EOF
for z in example.com. Example.NET.; do
	printf "'':\n  type: A\n  value: 192.0.2.1\n" >"zones/${z}yaml"
done
printf "'':\n  type: A\n  value: 192.0.2.1\n" >zones/undeclared.example.yaml
printf 'zone: example.com.\nchanges: []\n' >plans/change.yaml
# Not configurations: no top-level providers and zones.
printf 'providers: []\n' >config/other.yaml
printf 'zones:\n  x: 1\n' >octodns.yml

notes="dnslint: config/production.yaml: zone 'example.org.' is an alias of another zone: no file of its own
dnslint: config/production.yaml: zone 'split.example.' is split into a folder by provider 'split' (SplitYamlProvider): dnslint reads single-file zones, so it is not listed"
list="zones/Example.NET.yaml${T}example.net.
zones/example.com.yaml${T}example.com."
check "a repository's zone files, from the top" 0 "$list" "$notes" \
    "$prog" zones
check "the same from a subfolder" 0 "$list" "$notes" \
    sh -c "cd plans && '$prog' zones"
check "the same naming the folder" 0 "$list" "$notes" "$prog" zones "$repo/plans"

# --desired: a declared file takes its zone from the configuration.
"$prog" -f json --desired -z zones/Example.NET.yaml zones/Example.NET.yaml \
    >"$tmp/json" 2>&1
check "--desired names the declared zone (lower case)" 0 \
    '      "zone": "example.net.",' "" grep -F '"zone": ' "$tmp/json"

# A configuration in octodns/ names a source that does not exist.
mkdir octodns
cat >octodns/broken.yaml <<'EOF'
providers:
  config:
    class: octodns.provider.yaml.YamlProvider
    directory: ./zones
zones:
  example.com.:
    sources:
      - confg
EOF
check "a broken configuration is exit 2 with its place" 2 "" \
    "octodns/broken.yaml:8:9: zone 'example.com.': unknown provider 'confg' in 'sources'" \
    "$prog" zones
check "--desired with a YAML zone reads the configurations too" 2 "" \
    "octodns/broken.yaml:8:9: zone 'example.com.': unknown provider 'confg' in 'sources'" \
    "$prog" -f compact --desired -z zones/example.com.yaml zones/example.com.yaml
printf 'providers:\n  config:\n    class: [octodns.provider.yaml.YamlProvider]\nzones: {}\n' \
    >octodns/broken.yaml
check "a class that is not a string" 2 "" \
    "octodns/broken.yaml:3:12: 'class' of provider 'config' must be a Python class name, got a list" \
    "$prog" zones
rm -r octodns

# A dynamic zone stands for every ZONE.yaml file of its sources.
cat >octodns.yaml <<'EOF'
providers:
  config:
    class: octodns.provider.yaml.YamlProvider
    directory: zones
zones:
  '*':
    sources:
      - config
EOF
check "a dynamic zone ('*') lists every zone file of its sources" 0 \
    "zones/Example.NET.yaml${T}example.net.
zones/example.com.yaml${T}example.com.
zones/undeclared.example.yaml${T}undeclared.example." "$notes" \
    "$prog" zones
rm octodns.yaml

mkdir "$tmp/plain"
check "outside a git work tree: exit 2" 2 "" \
    "$tmp/plain/.: cannot read its git repository: git rev-parse: not a git repository (or any of the parent directories): .git" \
    "$prog" zones "$tmp/plain"
empty=$tmp/empty
mkdir "$empty" && (cd "$empty" && git init -q .) || exit 2
check "no configuration: nothing" 0 "" "" "$prog" zones "$empty"
check "zones takes one folder" 2 "" \
    "$("$prog" --help 2>&1 | sed '/^$/,$d')" "$prog" zones a b

# octoDNS's own configurations, over its own zone files.
if [ -d "$data" ]; then
	o=$tmp/octo
	mkdir -p "$o/tests" && cp -R "$data" "$o/tests/config" &&
	    (cd "$o" && git init -q .) || exit 2
	cp "$data/simple.yaml" "$o/octodns.yaml"
	check "octoDNS simple.yaml" 0 "tests/config/empty.yaml${T}empty.
tests/config/sub.txt.unit.tests.yaml${T}sub.txt.unit.tests.
tests/config/subzone.unit.tests.yaml${T}subzone.unit.tests.
tests/config/unit.tests.yaml${T}unit.tests." "" "$prog" zones "$o"
	cp "$data/simple-split.yaml" "$o/octodns.yaml"
	check "octoDNS simple-split.yaml: split zones are said, not listed" \
	    0 "" "dnslint: octodns.yaml: zone 'unit.tests.' is split into a folder by provider 'in' (SplitYamlProvider): dnslint reads single-file zones, so it is not listed
dnslint: octodns.yaml: zone 'subzone.unit.tests.' is split into a folder by provider 'in' (SplitYamlProvider): dnslint reads single-file zones, so it is not listed
dnslint: octodns.yaml: zone 'empty.' is split into a folder by provider 'in' (SplitYamlProvider): dnslint reads single-file zones, so it is not listed" \
	    "$prog" zones "$o"
	for bad in missing-provider-class:"octodns.yaml:2:9: provider 'yaml' has no 'class'" \
	    unknown-provider:"octodns.yaml:10:7: zone 'unknown.source.': unknown provider 'not-there' in 'sources'" \
	    provider-problems:"octodns.yaml:9:5: zone 'missing.sources.' has no 'sources'"; do
		cp "$data/${bad%%:*}.yaml" "$o/octodns.yaml"
		check "octoDNS ${bad%%:*}.yaml is refused" 2 "" "${bad#*:}" \
		    "$prog" zones "$o"
	done
	# Without a YAML provider it declares no zone file of ours.
	cp "$data/missing-sources.yaml" "$o/octodns.yaml"
	check "octoDNS missing-sources.yaml (no YAML provider): nothing" 0 \
	    "" "" "$prog" zones "$o"
else
	echo "skip octoDNS's own configurations: no $data"
	skipped=1
fi

echo "zones-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ] || exit 1
# Checks that could not run (no data): skipped, not passed.
[ "${skipped:-0}" -eq 0 ] || exit 77
