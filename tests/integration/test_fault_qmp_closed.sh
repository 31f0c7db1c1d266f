#!/usr/bin/env bash
# The source QEMU's QMP connection shut down under bench (from QEMU's side,
# with a copy of its socket taken by pidfd_getfd) while the workload runs:
# bench's next command finds it closed and says so.
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
. tests/integration/faults.sh

tool=$(mktemp /tmp/lockhold-shutdown-fd.XXXXXX)
gcc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -o "$tool" tests/integration/shutdown-fd.c || {
	fail "cannot build the shutdown-fd tool"
	finish
	exit
}
fault_setup qmp
fault_bench --variant none --mem 256M --duration 10 --migrate-at 4
wait_partial serial-source.log 'LOCKHOLD: workload-start' || fault_abort "the workload never started"
pid=$(qemu_pid source)
sock=$(grep -o 'unix:[^,]*qmp-source.sock' "$partial/qemu-source.log" | cut -d: -f2)
# QEMU's end of the connection: its socket bound to the QMP path.
fd=$(ss -xpH | awk -v s="$sock" '$5 == s && /ESTAB/' | grep -o "pid=$pid,fd=[0-9]*" | head -n1 | cut -d= -f3)
[ -n "$fd" ] || fault_abort "no QMP connection of QEMU $pid on $sock"
"$tool" "$pid" "$fd" || fault_abort "cannot shut down fd $fd of QEMU $pid"
echo "shut down QMP connection fd $fd of the source QEMU (pid $pid)"
fault_outcome "QMP socket closed" "source QEMU QMP: QEMU closed the connection"
rm -f "$tool"
fault_cleanup
finish
