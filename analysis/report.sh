#!/usr/bin/env bash
# report.sh [--baseline VARIANT] DIR: the report on every run under DIR
# (a bench's reports/bench-*/, or reports/ for all of them), written to
# DIR/report/: report.md, comparison.csv, the figures (PNG and SVG).
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
usage() { echo "usage: report.sh [--baseline VARIANT] DIR" >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--baseline) [ $# -ge 2 ] || usage; baseline=(--baseline "$2"); shift 2 ;;
	-h|--help) usage ;;
	-*) echo "error: unknown option '$1' (accepted: --baseline VARIANT)" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -eq 1 ] || usage
dir=${1%/}
[ -d "$dir" ] || { echo "error: '$dir' is not a directory of runs (e.g. reports/ or reports/bench-*/)" >&2; exit 2; }
start=$(date +%s.%N)

# A run directory holds meta.json; hidden ones are partial runs or reports.
mapfile -t runs < <(find "$dir" -mindepth 2 -maxdepth 3 -name meta.json \
	-not -path '*/.*' -printf '%h\n' | sort)
[ ${#runs[@]} -gt 0 ] || { echo "error: no run (a directory with meta.json) under '$dir'" >&2; exit 2; }
echo "==> report on ${#runs[@]} run(s) under $dir"

status=0
# Traces are independent: one reader per CPU.
printf '%s\0' "${runs[@]}" | xargs -0 -P "$(nproc)" -n 8 "$bin/lockhold-metrics" --quiet
rc=$?
[ $rc -eq 0 ] || status=1
tmp=$(mktemp -d "$dir/.report.partial-XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
"$bin/lockhold-compare" --out "$tmp" --label "$dir" "${baseline[@]}" "${runs[@]}"
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
if [ -e "$dir/report" ]; then
	old=$dir/.report.old-$$
	mv "$dir/report" "$old" || exit 2
fi
mv "$tmp" "$dir/report" || { [ -z "$old" ] || mv "$old" "$dir/report"; exit 2; }
trap - EXIT
[ -z "$old" ] || rm -rf "$old"
echo "==> $dir/report/report.md ($(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)") s)"
[ $status -eq 0 ] || echo "warning: some runs could not be fully analysed: see 'Problems' in the report" >&2
exit $status
