#!/usr/bin/env bash
# A matrix without guests: bench --matrix writes the cells; a cell's line
# is run by number (matrix.sh cell); GNU parallel runs cells that fail at
# once (an unknown trace event, refused before any guest) and runs them,
# and only the failed, again; the progress of a matrix is read from its
# cells' directories and the joblog (planted: done, failed, running, left)
# with the time left; the cells a Slurm array would run are those not done.
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh

out=$(mktemp -d /tmp/lockhold-native-matrix.XXXXXX)
trap 'rm -rf "$out"' EXIT
m=$out/matrix-np

./bench --matrix np --variant none,mainline-report --workload idle --mem 512M \
	--runs 2 --duration 3 --migrate-at off --out "$out" >"$out/gen.txt" 2>&1
check "bench --matrix exits 0 ($(tail -n1 "$out/gen.txt"))" [ $? -eq 0 ]
check "4 cells, one a line ($(wc -l <"$m/jobs.txt" 2>/dev/null))" [ "$(wc -l <"$m/jobs.txt" 2>/dev/null)" = 4 ]
want="./bench --cell np:3 --variant none --workload idle --mem 512M --first-run 2 --out $m/cell-3 --duration 3 --migrate-at off"
check "cell 3 is none, repetition 2, under cell-3 ($(sed -n 3p "$m/jobs.txt"))" [ "$(sed -n 3p "$m/jobs.txt")" = "$want" ]
check "matrix.json lists cell 4 as mainline-report, repetition 2" \
	[ "$(jq -r '.list[3] | "\(.cell) \(.variant) \(.repetition)"' "$m/matrix.json")" = "4 mainline-report 2" ]
err=$(scripts/matrix.sh cell "$m" 5 2>&1)
rc=$?
check "cell 5 of 4: exit 2, one line naming it ($err)" \
	[ $rc -eq 2 -a "$err" = "error: invalid cell of $m '5' (accepted: 1..4)" ]
err=$(scripts/matrix.sh progress "$out" 2>&1)
check "a directory that is no matrix: named ($err)" \
	[ "$err" = "error: '$out' is not a matrix directory (accepted: one bench --matrix NAME wrote, with jobs.txt and matrix.json)" ]

# Cells that fail before any guest: bench refuses an event no kernel has.
./bench --matrix fast --variant none,mainline-report --workload idle --mem 512M \
	--duration 3 --migrate-at off --events no_such:event --out "$out" >/dev/null
f=$out/matrix-fast
scripts/matrix.sh run "$f" >"$out/run1.txt" 2>&1
rc=$?
check "parallel ran both cells, both failed: exit 1 ($rc)" [ $rc -eq 1 ]
check "the joblog has a line per cell, each exit 2 ($(cut -f7 "$f/joblog" | tail -n +2 | paste -sd,))" \
	[ "$(cut -f7 "$f/joblog" | tail -n +2 | paste -sd,)" = "2,2" ]
check "progress: 2 failed, before a run directory ($(grep -m1 '^matrix' "$out/run1.txt"))" \
	grep -q '^matrix fast: 2 cells: 0 done, 2 failed, 0 running, 0 left$' "$out/run1.txt"
check "the cell's failure named (exit 2 before a run directory)" \
	grep -q '^cell 1 (none idle 512M run 1): failed, 0 failed attempt(s): exit 2 before a run directory was made' "$out/run1.txt"
# cell 1 mended (its line made one that succeeds): run again, both run;
# once more, only cell 2, still failing, runs
sed -i '1s/.*/true/' "$f/jobs.txt"
scripts/matrix.sh run "$f" >"$out/run2.txt" 2>&1
scripts/matrix.sh run "$f" >"$out/run3.txt" 2>&1
check "run again: the failed cells, and only them, again (cells $(tail -n +2 "$f/joblog" | cut -f1 | paste -sd,), exits $(tail -n +2 "$f/joblog" | cut -f7 | paste -sd,))" \
	[ "$(tail -n +2 "$f/joblog" | cut -f1,7 | paste -sd' ')" = "$(printf '1\t2 2\t2 1\t0 2\t2 2\t2')" ]

# Progress of np, planted: cell 1 done; cell 2 failed once, then done;
# cell 3 failed; cell 4 not run; the joblog's times for the done ones.
run() { # run CELL NAME STATUS HOST SECONDS [ERROR]
	local d=$m/cell-$1/$2
	mkdir -p "$d"
	jq -n --arg s "$3" --arg h "$4" --argjson t "$5" --arg e "${6:-}" \
		'{status: $s, host: $h, phase_seconds: {total: $t}} + (if $e != "" then {error: $e} else {} end)' >"$d/meta.json"
}
run 1 20261202-010101-none-idle-512M-run1 ok h1 20
run 2 20261202-010130-mainline-report-idle-512M-run1.failed failed h1 5 "interrupted by SIGTERM (signal 15)"
run 2 20261202-010200-mainline-report-idle-512M-run1 ok h1 30
run 3 20261202-010300-none-idle-512M-run2.failed failed h1 4 "guest hung"
printf 'Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n' >"$m/joblog"
printf '%s\t:\t1.0\t%s\t0\t0\t%s\t0\tcmd\n' 1 22.000 0 2 6.000 1 3 5.000 1 2 28.000 0 >>"$m/joblog"
p=$(scripts/matrix.sh progress "$m")
check "progress: 2 done, 1 failed, 1 left ($(head -n1 <<<"$p"))" \
	[ "$(head -n1 <<<"$p")" = "matrix np: 4 cells: 2 done, 1 failed, 0 running, 1 left" ]
check "the failed cell named with its last error" \
	grep -qxF "cell 3 (none idle 512M run 2): failed, 1 failed attempt(s): guest hung" <<<"$p"
check "time left: 2 cells at 25 s (the joblog's 22 and 28), one host: 50 s ($(grep '^time left' <<<"$p"))" \
	grep -qxF "time left: about 50 s for 2 cell(s) (the failed ones run again), at 25.0 s a cell (mean of 2 done) on 1 host(s) at once" <<<"$p"
p=$(scripts/matrix.sh progress "$m" --slots 2)
check "--slots 2: 25 s" grep -q "^time left: about 25 s for 2 cell(s)" <<<"$p"
mkdir "$m/cell-4/.20261202-010400-mainline-report-idle-512M-run2.partial-abcdef" -p
p=$(scripts/matrix.sh progress "$m")
check "a partial directory: cell 4 running ($(head -n1 <<<"$p"))" \
	[ "$(head -n1 <<<"$p")" = "matrix np: 4 cells: 2 done, 1 failed, 1 running, 0 left" ]
s=$(scripts/matrix.sh slurm "$m" --dry-run --partition x)
check "slurm: an array of the cells not done, 3 and 4 ($s)" \
	[ "$s" = "sbatch --array=3,4 --job-name=lockhold-np --chdir=$PWD --output=$m/slurm/%A_%a.out --partition x scripts/matrix.sbatch $m" ]
err=$(scripts/matrix.sh progress "$m" --slots 0 2>&1)
rc=$?
check "--slots 0: exit 2, named ($err)" [ $rc -eq 2 -a "$err" = "error: invalid --slots '0' (accepted: 1..100000)" ]
finish
