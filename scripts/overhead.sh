#!/usr/bin/env bash
# overhead.sh OUT RUNS VARIANT NAME=BENCH_ARGS...: what an instrument costs
# the page-fault storm. Each NAME=BENCH_ARGS is one configuration (extra
# bench arguments, split on spaces); the configurations run one after the
# other, RUNS rounds of them, so that drift on this noisy host hits them
# alike. No migration. Prints each configuration's mean ops/s, coefficient
# of variation and ratio to the first, and writes OUT/overhead.json.
set -euo pipefail
usage="usage: overhead.sh OUT RUNS VARIANT NAME=BENCH_ARGS..."
out=${1:?$usage}
runs=${2:?$usage}
variant=${3:?$usage}
shift 3
[ $# -ge 2 ] || { echo "error: overhead.sh needs two configurations or more ($usage)" >&2; exit 2; }
duration=${DURATION:-10}
names=()
for config in "$@"; do
	name=${config%%=*}
	case $name in
	'' | *[!a-z0-9_-]*)
		echo "error: invalid configuration name '$name' (accepted: a-z, 0-9, _ and -, then =BENCH_ARGS)" >&2
		exit 2
		;;
	esac
	names+=("$name")
done
mkdir -p "$out"
for i in $(seq 1 "$runs"); do
	for config in "$@"; do
		name=${config%%=*}
		read -ra args <<<"${config#*=}"
		echo "==> $name, run $i of $runs ($variant, pagefault, ${duration} s): ${args[*]}"
		./bench --variant "$variant" --workload pagefault \
			--duration "$duration" --migrate-at off "${args[@]}" \
			--out "$out/$name" | tail -n 1
	done
done

# mean, sample standard deviation and cv of a list of numbers, via jq
stats() {
	jq -s '{n: length, mean: (add / length), min: min, max: max} as $m
	  | $m + {sd: (if $m.n > 1 then ((map(. - $m.mean | . * .) | add) / ($m.n - 1) | sqrt) else 0 end)}
	  | . + {cv_pct: (100 * .sd / .mean)}'
}
configs=$(for name in "${names[@]}"; do
	jq '.ops_per_s' "$out/$name"/*/workload.json | stats | jq --arg name "$name" '{($name): .}'
done | jq -s 'add')
jq -n --argjson c "$configs" --arg variant "$variant" --arg first "${names[0]}" \
	--arg rev "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
	--arg duration "$duration" \
	'{variant: $variant, workload: "pagefault", duration_s: ($duration | tonumber),
	  git_revision: $rev, baseline: $first, configurations: $c,
	  ratio_to_baseline: ($c | map_values(.mean / $c[$first].mean))}' >"$out/overhead.json.tmp"
mv "$out/overhead.json.tmp" "$out/overhead.json"
jq -r '"pagefault ops/s on \(.variant), \(.duration_s) s runs:",
  (.configurations | to_entries[] | "  \(.key): n \(.value.n), mean \(.value.mean | floor), min \(.value.min | floor), max \(.value.max | floor), cv \(.value.cv_pct * 100 | round / 100) %"),
  (.ratio_to_baseline | to_entries[] | "  \(.key) / \($ARGS.named.b): \(.value * 1000 | round / 1000)")' \
	--arg b "$(jq -r .baseline "$out/overhead.json")" "$out/overhead.json"
