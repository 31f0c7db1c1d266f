#!/usr/bin/env bash
# Results written to a filesystem that fills up (a 256 KiB tmpfs: the boot
# fits, the trace does not): bench stops the run and says the disk is full.
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh
. tests/integration/faults.sh

out=$(mktemp -d /tmp/lockhold-it-fault-nospace.XXXXXX)
if ! mount -t tmpfs -o size=256k lockhold-nospace "$out"; then
	fail "cannot mount a tmpfs on $out (needs root)"
	rmdir "$out"
	finish
	exit
fi
trap 'umount "$out" 2>/dev/null; rmdir "$out" 2>/dev/null' EXIT
earlier_setup
fault_bench --variant none --mem 256M --duration 3 --migrate-at 1
FAULT_WAIT_S=300 fault_outcome "no space left while writing results" "no space left on device"
# Where the space went, and how far the run got.
df -k "$out" | tail -n1
du -ab "$out" | sort -n | tail -n 6
grep -h 'LOCKHOLD:' "$out"/*.failed/serial*.log | tail -n 3
rm -rf "${out:?}"/* "$out.stdout" "$out.stderr"
finish
