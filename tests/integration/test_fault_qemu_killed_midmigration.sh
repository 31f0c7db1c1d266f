#!/usr/bin/env bash
# The source QEMU, then (in a second run) the destination QEMU, killed while
# the migration is in flight (bandwidth capped so that it lasts): bench names
# the dead QEMU, and ends the other one.
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
. tests/integration/faults.sh

for role in source destination; do
	fault_setup "kill-$role"
	fault_bench --variant none --mem 256M --duration 30 --migrate-at 1 --bandwidth 8
	wait_partial qmp-source.log '"execute": ?"migrate"' || fault_abort "the migration never started"
	sleep 1
	status=$(grep -o '"status": *"[a-z-]*"' "$partial/qmp-source.log" | tail -n1)
	pid=$(qemu_pid $role)
	kill -9 "$pid"
	echo "killed the $role QEMU (pid $pid), last migration status seen: $status"
	fault_outcome "$role QEMU killed mid-migration" "$role QEMU (pid $pid) was killed by signal 9"
	check "$role: the migration was in flight ($status)" grep -q active <<<"$status"
	fault_cleanup
done
finish
