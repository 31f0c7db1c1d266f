#!/usr/bin/env bash
# run-table.sh DIR: every run directory under DIR (complete or failed), one
# JSON object per line, in the order of their names (their start times):
#   {dir, meta, migration, workload}
# dir is the directory's name; each of the others is that file of the run,
# or null when the run has none. summary.sh, soak.sh and check-kernels.sh
# select their columns from it, so the run files are joined in one place.
set -euo pipefail
dir=${1:?usage: run-table.sh DIR}
[ -d "$dir" ] || { echo "error: run-table.sh: '$dir' is not a directory (accepted: a directory of run directories)" >&2; exit 2; }
shopt -s nullglob
for d in "$dir"/*/; do
	d=${d%/}
	[ -f "$d/meta.json" ] || continue
	jq -c -n --arg dir "$(basename "$d")" \
		--slurpfile meta "$d/meta.json" \
		--slurpfile migration <(cat "$d/migration.json" 2>/dev/null || echo null) \
		--slurpfile workload <(cat "$d/workload.json" 2>/dev/null || echo null) \
		'{dir: $dir, meta: $meta[0], migration: $migration[0], workload: $workload[0]}'
done
