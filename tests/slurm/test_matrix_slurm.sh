#!/usr/bin/env bash
# A matrix as a Slurm job array, on a one-node Slurm started for it on
# this machine (scripts/slurm-local.sh, as root): 4 cells (none and
# mainline-report, 512 MiB, idle for 3 s, no migration, 2 repetitions),
# submitted by scripts/matrix.sh slurm, SLURM_ARRAY_TASK_ID picking each
# task's line of jobs.txt, one task on the node at a time. Every cell ends
# with one completed run recording its cell, every task completes, and a
# second submission has nothing left to run. Not part of make test: the
# install and the four guests take minutes.
#
#   tests/slurm/test_matrix_slurm.sh [OUT]
#
# OUT (default a fresh directory, removed after) keeps the matrix, with
# the session's sbatch, squeue and scontrol output in OUT/matrix-slurm/
# session.txt. The daemons are stopped after if this test started them.
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh

keep=${1:-}
out=${keep:-$(mktemp -d /tmp/lockhold-slurm-matrix.XXXXXX)}
started=0
if ! scripts/slurm-local.sh status 2>/dev/null | grep -q '^slurmctld: running'; then
	scripts/slurm-local.sh start || { fail "the one-node Slurm did not start"; finish; exit; }
	started=1
fi
export SLURM_CONF=$PWD/build/slurm/slurm.conf
m=$out/matrix-slurm
log=$m/session.txt

./bench --matrix slurm --variant none,mainline-report --workload idle --mem 512M \
	--runs 2 --duration 3 --migrate-at off --prefill 0 --accel tcg --out "$out"
check "bench --matrix wrote 4 cells" [ "$(wc -l <"$m/jobs.txt" 2>/dev/null)" = 4 ]
# session LINE...: a command and its output into the session's record
session() {
	{
		echo "\$ $*"
		"$@" 2>&1
	} | tee -a "$log" | sed 's/^/# /'
}
start=$(date +%s)
sub=$(session scripts/matrix.sh slurm "$m")
job=${sub##* }
is_number() { [[ $1 =~ ^[0-9]+$ ]]; }
check "sbatch took the array ($(tail -n1 <<<"$sub"))" is_number "$job"
session squeue -r
for i in $(seq 600); do
	[ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break
	sleep 1
	# the queue now and then while it runs
	[ $((i % 10)) -ne 5 ] || session squeue -r >/dev/null
done
session squeue -r
check "the array left the queue ($(($(date +%s) - start)) s)" [ -z "$(squeue -h -j "$job" 2>/dev/null)" ]
states=$(session scontrol show job "$job" | grep -o 'JobState=[A-Z]*' | sort | uniq -c | tr -s ' ' | paste -sd,)
check "every task COMPLETED ($states)" [ "$states" = " 4 JobState=COMPLETED" ]
session cat build/slurm/jobcomp.log >/dev/null
host=$(hostname)
for k in 1 2 3 4; do
	runs=$(ls -d "$m/cell-$k"/*/ 2>/dev/null | grep -v '\.failed/$')
	check "cell $k: one run, ok, on $host, cell $k of matrix slurm ($(basename "$runs" 2>/dev/null))" \
		[ "$(echo "$runs" | grep -c .)" = 1 -a \
		"$(jq -r '"\(.status) \(.host) \(.matrix.name) \(.matrix.cell)"' "$runs/meta.json" 2>/dev/null)" = "ok $host slurm $k" ]
	check "task $k's output: the cell it ran (${job}_$k.out)" \
		grep -q "^==> cell $k of 4 on $host: ./bench --cell slurm:$k " "$m/slurm/${job}_$k.out"
done
# the tasks ran one after the other: each started once the last had ended
one_at_a_time() {
	grep " ArrayJobId=$job\b" build/slurm/jobcomp.log | grep -o 'StartTime=[^ ]* EndTime=[^ ]*' |
		sed 's/[A-Za-z]*Time=//g' | sort | awk 'NR > 1 && $1 < end { bad = 1 } { end = $2 } END { exit bad || NR != 4 }'
}
check "one task at a time on the node (jobcomp.log's start and end times)" one_at_a_time
session scripts/matrix.sh progress "$m" >/dev/null
check "progress: 4 done" grep -qx 'matrix slurm: 4 cells: 4 done, 0 failed, 0 running, 0 left' "$log"
again=$(scripts/matrix.sh slurm "$m")
check "submitted again: nothing left to run ($again)" [ "$again" = "matrix slurm: every cell has a completed run, nothing to submit" ]
[ $started = 0 ] || scripts/slurm-local.sh stop
[ -n "$keep" ] || rm -rf "$out"
finish
