#!/bin/sh
# The Terraform CI example runs as written: the "Lint the Terraform plan"
# step of contrib/ci/terraform-github-actions.yml, taken from the file,
# is run with a stand-in terraform whose `show -json` prints a fixture
# plan, once for a plan that must fail (exit 1, SARIF at the JSON line),
# once for a safe one (exit 0) and once for a plan without DNS records.
#
#   sh tests/terraform-ci-test.sh build/dnslint
prog=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0

# The run: block of the step, without its indentation.
awk '/- name: Lint the Terraform plan/ { on = 1; next }
    on && /^      - name:/ { exit }
    on && /run: \|/ { body = 1; next }
    on && body { sub(/^          /, ""); print }' \
    "$top/contrib/ci/terraform-github-actions.yml" >"$tmp/step.sh"
grep -q 'terraform show -json plan.tfplan > plan.json' "$tmp/step.sh" || {
	echo "FAIL: the lint step was not found in the CI example"
	exit 1
}
mkdir -p "$tmp/bin"
ln -s "$prog" "$tmp/bin/dnslint"
cat >"$tmp/bin/terraform" <<'EOT'
#!/bin/sh
[ "$1 $2 $3" = "show -json plan.tfplan" ] || exit 9
cat "$FIXTURE"
EOT
chmod +x "$tmp/bin/terraform"

# check FIXTURE STATUS SARIF-PATTERN
check() {
	rm -rf "$tmp/w"
	mkdir "$tmp/w"
	: >"$tmp/w/plan.tfplan"
	GITHUB_OUTPUT=$tmp/w/out FIXTURE=$top/tests/fixtures/terraform/$1 \
	    PATH=$tmp/bin:$PATH sh -c "cd '$tmp/w' && . '$tmp/step.sh'" \
	    >/dev/null 2>"$tmp/w/err"
	got=$(sed -n 's/^status=//p' "$tmp/w/out")
	if [ "$got" = "$2" ] && grep -q "$3" "$tmp/w/dnslint.sarif"; then
		passed=$((passed + 1))
		echo "ok: $1 (exit $got)"
	else
		failed=$((failed + 1))
		echo "FAIL: $1: exit '$got', want $2, or no '$3' in the SARIF"
		cat "$tmp/w/err"
	fi
}
check ttl-and-move.json 1 '"startColumn": 799'
check safe-update.json 0 '"version": "2.1.0"'
check no-dns.json 0 '"results": \[\]'
echo "terraform-ci: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
