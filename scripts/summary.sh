#!/usr/bin/env bash
# summary.sh DIR: one line per run under DIR, and each variant's mean pages
# skipped, migration time and throughput as a ratio to the baseline 'none'
# measured in the same bench. The full analysis is `make report`'s job.
set -euo pipefail
dir=${1:?usage: summary.sh DIR}
table=$("$(dirname "$0")/run-table.sh" "$dir")
[ -n "$table" ] || { echo "no runs under $dir"; exit 0; }

jq -s -r '
  def f(x): if x == null then "-" else x end;
  (["variant", "run", "status", "accel", "total_ms", "downtime_ms",
    "transferred_MiB", "pages_skipped", "ops_per_s"] | @tsv),
  (.[] | .migration as $mig | .workload as $wl |
          [.meta.variant, .meta.run_index, .meta.status, .meta.accel,
          f($mig.total_time_ms), f($mig.downtime_ms),
          f(if $mig.ram_transferred_bytes then ($mig.ram_transferred_bytes / 1048576 | floor) else null end),
          f($mig.pages_skipped), f($wl.ops_per_s | if . then floor else . end)] | @tsv)
' <<<"$table" | column -t -s $'\t'
echo "(pages_skipped = guest RAM pages - normal - duplicate: a lower bound; accel tcg inflates absolute times, compare ratios)"
