#!/usr/bin/env bash
# sampling-overhead.sh OUT [RUNS] [VARIANT]: what latency sampling costs.
# pagefault with sampling on (the default period) and off, RUNS runs each,
# alternating off/on so that drift on this noisy host hits both alike; no
# tracing and no migration, so the sampling is the only difference. Prints
# each side's mean ops/s and coefficient of variation and the ratio on/off,
# and writes them to OUT/sampling-overhead.json.
set -euo pipefail
out=${1:?usage: sampling-overhead.sh OUT [RUNS] [VARIANT]}
runs=${2:-5}
variant=${3:-none}
duration=${DURATION:-10}
mkdir -p "$out"
for i in $(seq 1 "$runs"); do
	for sampling in off on; do
		echo "==> sampling $sampling, run $i of $runs ($variant, pagefault, ${duration} s)"
		args=()
		[ $sampling = off ] && args=(--workload-args sample-period=0)
		./bench --variant "$variant" --workload pagefault "${args[@]}" \
			--duration "$duration" --migrate-at off --trace off \
			--out "$out/sampling-$sampling" | tail -n 1
	done
done

# mean, sample standard deviation and cv of a list of numbers, via jq
stats() {
	jq -s '{n: length, mean: (add / length)} as $m
	  | $m + {sd: (if $m.n > 1 then ((map(. - $m.mean | . * .) | add) / ($m.n - 1) | sqrt) else 0 end)}
	  | . + {cv_pct: (100 * .sd / .mean)}'
}
on=$(jq '.ops_per_s' "$out"/sampling-on/*/workload.json | stats)
off=$(jq '.ops_per_s' "$out"/sampling-off/*/workload.json | stats)
jq -n --argjson on "$on" --argjson off "$off" --arg variant "$variant" \
	--arg rev "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
	'{variant: $variant, workload: "pagefault", git_revision: $rev,
	  sampling_on: $on, sampling_off: $off,
	  ratio_on_over_off: ($on.mean / $off.mean)}' >"$out/sampling-overhead.json.tmp"
mv "$out/sampling-overhead.json.tmp" "$out/sampling-overhead.json"
jq -r '"pagefault ops/s, \(.sampling_on.n) runs each on \(.variant):",
  "  sampling on : mean \(.sampling_on.mean | floor), cv \(.sampling_on.cv_pct * 100 | round / 100) %",
  "  sampling off: mean \(.sampling_off.mean | floor), cv \(.sampling_off.cv_pct * 100 | round / 100) %",
  "  ratio on/off: \(.ratio_on_over_off * 1000 | round / 1000) (target >= 0.99)"' "$out/sampling-overhead.json"
