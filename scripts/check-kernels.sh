#!/usr/bin/env bash
# check-kernels.sh [--check] OUT VARIANTS WORKLOADS MEM DURATION PREFILL: run every
# variant's debug kernel (make kernel DEBUG=1) with each workload through a
# live migration, and print a table variant -> splats found. Any splat or
# failed run fails the check. Lists are comma-separated.
# With --check first: only check the values (before any kernel is built).
set -uo pipefail
cd "$(dirname "$0")/.."
check=""
if [ "${1:-}" = --check ]; then
	check=--check
	shift
fi
out=$1 variants=$2 workloads=$3 mem=$4 duration=$5 prefill=$6

if [ -n "$check" ]; then
	[ -n "$workloads" ] || { echo "error: empty CHECK_WORKLOADS (accepted: workloads from ./bench --list, comma-separated)" >&2; exit 2; }
	for w in ${workloads//,/ }; do
		./bench --check --debug --variant "$variants" --workload "$w" --mem "$mem" \
			--duration "$duration" --prefill "$prefill" --out "$out" || exit 2
	done
	exit 0
fi

mkdir -p "$out" || exit 1
rows=()
bad=0
start=$(date +%s)
for v in ${variants//,/ }; do
	for w in ${workloads//,/ }; do
		t0=$(date +%s)
		./bench --debug --variant "$v" --workload "$w" --mem "$mem" \
			--duration "$duration" --prefill "$prefill" --out "$out"
		rc=$?
		secs=$(($(date +%s) - t0))
		# The run this bench wrote: the last of this variant and workload,
		# as their meta.json say, not as their directory names look.
		meta=$("$(dirname "$0")/run-table.sh" "$out" |
			jq -c --arg v "$v" --arg w "$w" 'select(.meta.variant == $v and .meta.workload == $w) | .meta' | tail -n 1)
		if [ -n "$meta" ]; then
			kernel_release=$(jq -r .kernel_release <<<"$meta")
			splats=$(jq -r '.splat_count // "?"' <<<"$meta")
			status=$(jq -r .status <<<"$meta")
			first=$(jq -r '(.splats // [])[0] | if . then "\(.console): \(.line)" else "" end' <<<"$meta")
			[ "$status" = ok ] || first=${first:-$(jq -r '.error // ""' <<<"$meta")}
		else
			splats="?" status="no result (exit $rc)" first=""
		fi
		[ "$rc" = 0 ] && [ "$splats" = 0 ] || bad=1
		rows+=("$(printf '%-16s %-10s %-7s %6s %5s s  %s' "$v" "$w" "$status" "$splats" "$secs" "$first")")
	done
done
echo
echo "debug kernels (${kernel_release:-?}), $mem, ${duration} s, migrated; results in $out"
printf '%-16s %-10s %-7s %6s %7s  %s\n' variant workload result splats time "first splat"
printf '%s\n' "${rows[@]}"
echo "check-kernels took $(($(date +%s) - start)) s: $([ $bad = 0 ] && echo 'no splats, every run ok' || echo 'SPLATS OR FAILED RUNS')"
exit $bad
