#!/usr/bin/env bash
# sampling-overhead.sh OUT [RUNS] [VARIANT]: what latency sampling costs.
# pagefault with sampling off and on (the default period), RUNS runs each,
# alternating; no tracing and no migration, so the sampling is the only
# difference (scripts/overhead.sh does the runs and the statistics).
set -euo pipefail
out=${1:?usage: sampling-overhead.sh OUT [RUNS] [VARIANT]}
exec "$(dirname "$0")/overhead.sh" "$out" "${2:-5}" "${3:-none}" \
	"sampling-off=--trace off --workload-args sample-period=0" \
	"sampling-on=--trace off"
