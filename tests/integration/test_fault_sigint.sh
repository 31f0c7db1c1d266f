#!/usr/bin/env bash
# ^C to bench while the workload runs: the run ends at once, named as
# interrupted, what was collected kept as failed, QEMUs ended.
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
. tests/integration/faults.sh

fault_setup sigint
fault_bench --variant none --mem 256M --duration 20 --migrate-at 10
wait_partial serial-source.log 'LOCKHOLD: workload-start' || fault_abort "the workload never started"
kill -INT "$bench_pid"
echo "sent SIGINT to bench (pid $bench_pid)"
FAULT_WAIT_S=30 fault_outcome "SIGINT to bench during a run" "interrupted by SIGINT (signal 2)"
fault_cleanup
finish
