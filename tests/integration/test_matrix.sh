#!/usr/bin/env bash
# A matrix through GNU parallel on this machine, one cell at a time: 4
# cells (none and mainline-report, 512 MiB, idle for 3 s, no migration,
# 2 repetitions). The bench of cell 2 gets SIGTERM once its guest has
# booted; the other cells run on. Run again (--resume-failed), the matrix
# runs cell 2, and only it: every cell ends with a run, cell 2's killed
# attempt kept beside it as .failed, and no other cell's directory
# changed (a listing with sizes, times and modes, and the files' bytes).
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh

out=$(mktemp -d /tmp/lockhold-it-matrix.XXXXXX)
m=$out/matrix-it
./bench --matrix it --variant none,mainline-report --workload idle --mem 512M \
	--runs 2 --duration 3 --migrate-at off --prefill 0 --accel tcg --out "$out" >/dev/null
check "bench --matrix wrote 4 cells ($(wc -l <"$m/jobs.txt" 2>/dev/null))" [ "$(wc -l <"$m/jobs.txt" 2>/dev/null)" = 4 ]

# checksums CELL...: each cell directory's listing and bytes
checksums() {
	local c
	for c in "$@"; do
		(cd "$m/cell-$c" && find . -printf '%p %s %T@ %m\n' | sort &&
			find . -type f -print0 | sort -z | xargs -0 cat) | sha256sum
	done
}

start=$(date +%s)
scripts/matrix.sh run "$m" >"$out/run1.txt" 2>&1 &
runner=$!
# cell 2's bench, once its guest's kernel is up
pid= sums_1=
for _ in $(seq 1800); do
	log=$(ls "$m"/cell-2/.*partial*/serial-source.log 2>/dev/null | head -n1)
	if [ -n "$log" ] && grep -q 'Linux version' "$log"; then
		pid=$(pgrep -f "^\./bench --cell it:2 .*--out $m/cell-2")
		[ -n "$pid" ] && break
	fi
	kill -0 "$runner" 2>/dev/null || break
	sleep 0.1
done
if [ -n "$pid" ]; then
	sums_1=$(checksums 1)
	kill -TERM "$pid"
	pass "cell 2's bench (pid $pid) sent SIGTERM once its guest booted"
else
	fail "cell 2's bench never booted its guest ($(tail -n 3 "$out/run1.txt" | tr '\n' ' '))"
fi
wait "$runner"
rc=$?
first_s=$(($(date +%s) - start))
check "the first pass ends non-zero, one cell failed (exit $rc, $first_s s)" [ $rc -ne 0 ]
sed -n '/^matrix it/,$s/^/# /p' "$out/run1.txt"
check "its progress: 3 done, 1 failed ($(grep '^matrix it' "$out/run1.txt"))" \
	grep -qx 'matrix it: 4 cells: 3 done, 1 failed, 0 running, 0 left' "$out/run1.txt"
check "the joblog: 4 cells, cell 2 exit 1 ($(tail -n +2 "$m/joblog" | cut -f1,7 | tr '\t\n' ': '))" \
	[ "$(tail -n +2 "$m/joblog" | sort -n | cut -f1,7 | tr '\t\n' ': ')" = "1:0 2:1 3:0 4:0 " ]
failed_dir=$(ls -d "$m"/cell-2/*.failed 2>/dev/null)
jq_true() { jq -e "$2" "$1" >/dev/null 2>&1; }
check "cell 2's attempt kept as .failed, interrupted by SIGTERM ($(jq -r .error "$failed_dir/meta.json" 2>/dev/null))" \
	jq_true "$failed_dir/meta.json" '.status == "failed" and (.error | contains("interrupted by SIGTERM"))'
check "cell 1 untouched by the failure of cell 2" [ "$(checksums 1)" = "$sums_1" ]
before=$(checksums 1 3 4)
failed_sum=$(cd "$failed_dir" && find . -type f -print0 | sort -z | xargs -0 cat | sha256sum)

start=$(date +%s)
scripts/matrix.sh run "$m" >"$out/run2.txt" 2>&1
rc=$?
check "the resumed pass exits 0 ($(($(date +%s) - start)) s)" [ $rc -eq 0 ]
check "it ran cell 2 and only it (joblog: $(tail -n +2 "$m/joblog" | cut -f1,7 | tr '\t\n' ': '))" \
	[ "$(tail -n +2 "$m/joblog" | sed -n 5p | cut -f1,7 | tr '\t' :)" = "2:0" -a "$(wc -l <"$m/joblog")" -eq 6 ]
sed -n '/^matrix it/,$s/^/# /p' "$out/run2.txt"
check "progress: 4 done ($(grep '^matrix it' "$out/run2.txt"))" \
	grep -qx 'matrix it: 4 cells: 4 done, 0 failed, 0 running, 0 left' "$out/run2.txt"
check "cells 1, 3 and 4 unchanged by the resume" [ "$(checksums 1 3 4)" = "$before" ]
check "the failed attempt unchanged, beside the new run" \
	[ "$(cd "$failed_dir" && find . -type f -print0 | sort -z | xargs -0 cat | sha256sum)" = "$failed_sum" -a \
	"$(ls "$m/cell-2" | grep -vc '\.failed$')" = 1 ]
host=$(hostname)
for k in 1 2 3 4; do
	dir=$(ls -d "$m/cell-$k"/*/ | grep -v '\.failed/$')
	want=$(jq -c ".list[$((k - 1))] | {variant, run_index: .repetition}" "$m/matrix.json")
	got=$(jq -c '{variant, run_index}' "$dir/meta.json")
	check "cell $k: one run, ok, on $host, cell $k of matrix it, $want" \
		[ "$(echo "$dir" | wc -l)" = 1 -a "$got" = "$want" -a \
		"$(jq -r '"\(.status) \(.host) \(.matrix.name) \(.matrix.cell)"' "$dir/meta.json")" = "ok $host it $k" ]
done
check "no partial directory left" [ -z "$(ls -d "$m"/cell-*/.*partial* 2>/dev/null)" ]
check "no QEMU of the matrix left" bash -c "! pgrep -f '[q]emu-system-x86_64 .*$out' >/dev/null"
rm -rf "$out"
finish
