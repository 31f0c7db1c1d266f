#!/usr/bin/env bash
# A source QEMU that dies mid-run: bench must end the run with a clear error,
# keep the serial log in a directory marked failed, and leave no QEMU behind.
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh

out=$(mktemp -d /tmp/lockhold-it-kill.XXXXXX)
./bench --variant none --workload pagefault --mem 1G --duration 30 \
	--migrate-at 20 --accel tcg --out "$out" >"$out.stdout" 2>"$out.stderr" &
bench_pid=$!

# Kill the source QEMU once the workload runs in the guest.
pidfile=""
for _ in $(seq 600); do
	serial=$(ls "$out"/.*partial*/serial-source.log 2>/dev/null | head -n1)
	if [ -n "$serial" ] && grep -q 'LOCKHOLD: workload-start' "$serial"; then
		pidfile=$(dirname "$serial")/qemu-source.pid
		break
	fi
	sleep 0.1
done
if [ -z "$pidfile" ]; then
	fail "the workload never started"
	kill "$bench_pid"
	finish
	exit
fi
qemu_pid=$(cat "$pidfile")
kill -9 "$qemu_pid"
wait "$bench_pid"
rc=$?

err=$(cat "$out.stderr")
check "bench exits non-zero (rc $rc)" [ "$rc" -ne 0 ]
check "one-line error naming the dead QEMU: $err" \
	sh -c "[ \$(wc -l <'$out.stderr') -eq 1 ] && grep -q 'source QEMU (pid $qemu_pid) was killed by signal 9' '$out.stderr'"
dir=$(echo "$out"/*.failed)
check "result directory marked failed" [ -d "$dir" ]
check "meta.json says failed, with the reason" \
	sh -c "jq -e '.status == \"failed\" and (.error | contains(\"killed by signal 9\"))' '$dir/meta.json' >/dev/null"
check "serial.log kept, with the boot and the workload start" \
	sh -c "grep -q 'Linux version' '$dir/serial.log' && grep -q 'LOCKHOLD: workload-start' '$dir/serial.log'"
check "no partial directory left" [ -z "$(ls -d "$out"/.*partial* 2>/dev/null)" ]
dst=$(cat "$dir/qemu-destination.pid")
check "destination QEMU (pid $dst) not left running" sh -c "! kill -0 $dst 2>/dev/null"
rm -rf "$out" "$out.stdout" "$out.stderr"
finish
