#!/usr/bin/env bash
# report.sh [--baseline VARIANT] [--out DIR] RUNS_DIR...: the report on
# every run under the RUNS_DIRs (a bench's reports/bench-*/, a matrix's
# reports/matrix-*/, reports/ for all of them), written to RUNS_DIR/report/,
# or to DIR/report/ with --out, which merging several directories (those
# of several hosts, say) needs: the report then covers all their runs, the
# host a factor of the comparison.
#
# Each run's metrics.json is (re)computed when older than its inputs. The
# report is built in a new hidden directory and renamed into place, so
# DIR/report is always a whole report, the previous one until the new one
# is complete. Exit 1 when a run's trace was unusable (the report is still
# written, the run marked in it), 2 when there is no report.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$here/../build/analysis
baseline=()
out=
usage() { echo "usage: report.sh [--baseline VARIANT] [--out DIR] RUNS_DIR..." >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--baseline) [ $# -ge 2 ] || usage; baseline=(--baseline "$2"); shift 2 ;;
	--out) [ $# -ge 2 ] || usage; out=${2%/}; shift 2 ;;
	-h|--help) usage ;;
	-*) echo "error: unknown option '$1' (accepted: --baseline VARIANT, --out DIR)" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || usage
dirs=()
for d in "$@"; do
	[ -d "$d" ] || { echo "error: '$d' is not a directory of runs (accepted: e.g. reports/, reports/bench-*/, reports/matrix-*/)" >&2; exit 2; }
	dirs+=("${d%/}")
done
if [ -z "$out" ]; then
	[ ${#dirs[@]} -eq 1 ] || { echo "error: ${#dirs[@]} directories of runs and no --out (accepted: --out DIR, where the merged report goes, DIR/report)" >&2; exit 2; }
	out=${dirs[0]}
fi
mkdir -p "$out" || exit 2
label=$(printf '%s, ' "${dirs[@]}")
label=${label%, }
start=$(date +%s.%N)

# A run directory holds meta.json; hidden ones are partial runs or
# reports. A matrix's runs are one level deeper, under its cells; a run
# found through two of the directories counts once.
mapfile -t found < <(find "${dirs[@]}" -mindepth 2 -maxdepth 4 -name meta.json \
	-not -path '*/.*' -printf '%h\n' | sort)
declare -A seen=()
runs=()
for r in "${found[@]}"; do
	key=$(realpath "$r")
	[ -z "${seen[$key]:-}" ] || continue
	seen[$key]=1
	runs+=("$r")
done
[ ${#runs[@]} -gt 0 ] || { echo "error: no run (a directory with meta.json) under '$label'" >&2; exit 2; }
echo "==> report on ${#runs[@]} run(s) under $label"

status=0
# Traces are independent: one reader per CPU.
printf '%s\0' "${runs[@]}" | xargs -0 -P "$(nproc)" -n 8 "$bin/lockhold-metrics" --quiet
rc=$?
[ $rc -eq 0 ] || status=1
tmp=$(mktemp -d "$out/.report.partial-XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
"$bin/lockhold-compare" --out "$tmp" --label "$label" "${baseline[@]}" "${runs[@]}"
rc=$?
[ $rc -le 1 ] || exit 2
[ $rc -eq 0 ] || status=1
while read -r plot; do
	echo "==> figure $plot"
	gnuplot -e "dir='$tmp'; here='$here/plots'" "$here/plots/$plot.gp" || {
		echo "error: gnuplot failed on $here/plots/$plot.gp" >&2
		exit 2
	}
done <"$tmp/plots.list"
rm -f "$tmp"/*.vars "$tmp/plots.list"
chmod 755 "$tmp"

old=
if [ -e "$out/report" ]; then
	old=$out/.report.old-$$
	mv "$out/report" "$old" || exit 2
fi
mv "$tmp" "$out/report" || { [ -z "$old" ] || mv "$old" "$out/report"; exit 2; }
trap - EXIT
[ -z "$old" ] || rm -rf "$old"
echo "==> $out/report/report.md ($(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)") s)"
[ $status -eq 0 ] || echo "warning: some runs could not be fully analysed: see 'Problems' in the report" >&2
exit $status
