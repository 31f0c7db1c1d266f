#!/usr/bin/env bash
# soak.sh OUT MIGRATIONS VARIANT[,VARIANT...]: integrity across repeated
# migration. Each variant's guest runs the integrity workload while bench
# migrates it MIGRATIONS times, back and forth between a fresh QEMU and the
# last; the workload checks every block as it sweeps and every byte once
# the last migration is over. Prints, per variant, the migrations survived,
# bytes verified and bytes that differed, and writes OUT/soak.json.
set -uo pipefail
out=${1:?usage: soak.sh OUT MIGRATIONS VARIANTS}
migrations=${2:?usage: soak.sh OUT MIGRATIONS VARIANTS}
variants=${3:?usage: soak.sh OUT MIGRATIONS VARIANTS}
size_mib=${SOAK_SIZE_MIB:-128}
# About 0.5 s a migration under TCG: the live set is still being rewritten
# during most of them, and the final check waits for the last.
duration=${SOAK_DURATION:-$((migrations / 2 + 10))}
[ "$duration" -le 3600 ] || duration=3600
mkdir -p "$out"
failed=0
n=0
total=$(tr ',' '\n' <<<"$variants" | wc -l)
for v in ${variants//,/ }; do
	n=$((n + 1))
	echo "==> soak $n of $total: $v, integrity ${size_mib} MiB, $migrations migrations, ${duration} s"
	./bench --variant "$v" --workload integrity \
		--workload-args "size-mib=$size_mib,hot-percent=25" \
		--duration "$duration" --migrate-at 2 --migrations "$migrations" \
		--out "$out" || failed=$((failed + 1))
done

# One row per run directory, complete or failed
"$(dirname "$0")/run-table.sh" "$out" |
	jq -c '{variant: .meta.variant, status: .meta.status, dir: .dir,
		  error: .meta.error,
		  migrations: (.migration.migrations // (if .migration then 1 else 0 end)),
		  bytes_verified: .workload.counters.bytes_verified,
		  mismatched_bytes: .workload.counters.mismatched_bytes,
		  max_downtime_ms: ([.migration.hops[]?.downtime_ms] | max)}' | jq -s --argjson asked "$migrations" '{migrations_asked: $asked, runs: .}' >"$out/soak.json.tmp" &&
	mv "$out/soak.json.tmp" "$out/soak.json"
jq -r '(["variant", "status", "migrations", "bytes_verified", "mismatched", "max_downtime_ms"] | @tsv),
  (.runs[] | [.variant, .status, .migrations, .bytes_verified, .mismatched_bytes, .max_downtime_ms] | map(. // "-") | @tsv)' \
	"$out/soak.json" | column -t -s $'\t'
[ "$failed" = 0 ]
