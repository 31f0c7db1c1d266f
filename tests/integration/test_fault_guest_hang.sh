#!/usr/bin/env bash
# A guest whose workload never finishes: the guest is frozen (its QEMU
# stopped with SIGSTOP) once the workload runs, so it never reports; bench
# gives up after --timeout, says the guest hung, and kills the QEMU.
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
. tests/integration/faults.sh

fault_setup hang
fault_bench --variant none --mem 256M --duration 3 --timeout 10 --migrate-at off
wait_partial serial-source.log 'LOCKHOLD: workload-start' || fault_abort "the workload never started"
pid=$(qemu_pid source)
kill -STOP "$pid"
echo "froze the source QEMU (pid $pid)"
fault_outcome "guest hang (workload never finishes)" \
	"guest hung: the workload had not finished 10 s after it started (--timeout 10)" \
	'LOCKHOLD: workload-start'
fault_cleanup
finish
