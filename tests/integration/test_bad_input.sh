#!/usr/bin/env bash
# Bad input to bench: one line on stderr naming the value and what is
# accepted, a non-zero exit, and no result directory created or touched.
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh

out=$(mktemp -d /tmp/lockhold-bad-input.XXXXXX)
mkdir "$out/earlier-run" && echo keep >"$out/earlier-run/meta.json"
before=$(cd "$out" && find . -printf '%p %s %T@\n' | sort)

# expect_error "ARGS" "TEXT THE ERROR MUST CONTAIN"
expect_error() {
	local args=$1 want=$2 err rc
	# shellcheck disable=SC2086
	err=$(./bench $args --accel tcg --out "$out" 2>&1 >/dev/null)
	rc=$?
	if [ $rc -eq 0 ]; then
		fail "bench $args: exit 0"
	elif [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ]; then
		fail "bench $args: $(printf '%s\n' "$err" | wc -l) lines on stderr: $err"
	elif [[ "$err" != *"$want"* ]]; then
		fail "bench $args: '$err' does not say '$want'"
	else
		pass "bench $args -> exit $rc: $err"
	fi
}

variants=$(for c in kernel-variants/*/variant.conf; do basename "$(dirname "$c")"; done | LC_ALL=C sort | paste -sd, | sed 's/,/, /g')
expect_error "--variant nosuch" "unknown variant 'nosuch' (accepted: $variants)"
expect_error "--variant none --mem 12Q" "invalid --mem '12Q' (accepted: a size from 256M to 16G"
expect_error "--variant none --vcpus 0" "invalid --vcpus '0' (accepted: 1..8)"
expect_error "--variant none --runs -1" "invalid --runs '-1' (accepted: 1..1000)"
expect_error "--variant none --workload nosuch" "unknown workload 'nosuch' (accepted: "
expect_error "--variant none --duration 5 --migrate-at 5" "invalid --migrate-at '5' (accepted: 0..4 seconds"
expect_error "--variant ../../etc" "invalid --variant '../../etc'"
expect_error "--variant none --accel xen" "invalid --accel 'xen' (accepted: auto, kvm, tcg)"

after=$(cd "$out" && find . -printf '%p %s %T@\n' | sort)
check "no result directory created or touched" [ "$before" = "$after" ]
rm -rf "$out"
finish
