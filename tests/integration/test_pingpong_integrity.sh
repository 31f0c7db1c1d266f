#!/usr/bin/env bash
# The short soak: every variant's guest runs the integrity workload through
# three back-and-forth migrations, and every byte of its live set must come
# through (`make soak` does the same with 100 migrations).
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh

migrations=3
variants=$(ls kernel-variants/*/variant.conf | xargs -n1 dirname | xargs -n1 basename | paste -sd,)
out=$(mktemp -d /tmp/lockhold-it-pingpong.XXXXXX)
trap 'rm -rf "$out"' EXIT
SOAK_SIZE_MIB=64 SOAK_DURATION=8 scripts/soak.sh "$out" "$migrations" "$variants"
check "soak.sh exited 0 for $variants" [ $? = 0 ]
for v in ${variants//,/ }; do
	row=$(jq -c --arg v "$v" '.runs[] | select(.variant == $v)' "$out/soak.json")
	if [ -z "$row" ]; then
		fail "$v: no run"
		continue
	fi
	m=$(jq -r .migrations <<<"$row")
	verified=$(jq -r '.bytes_verified // 0' <<<"$row")
	mismatched=$(jq -r '.mismatched_bytes // "none reported"' <<<"$row")
	check "$v: $m of $migrations migrations, $(jq -r .status <<<"$row")" \
		[ "$m" = "$migrations" -a "$(jq -r .status <<<"$row")" = ok ]
	check "$v: $verified bytes verified, $mismatched mismatched" \
		[ "$verified" -ge $((64 << 20)) -a "$mismatched" = 0 ]
done
finish
