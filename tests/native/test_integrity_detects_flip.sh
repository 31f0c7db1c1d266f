#!/usr/bin/env bash
# The integrity workload must notice a single flipped byte in its live set.
# The byte is flipped from outside, through /proc/PID/mem, while the workload
# waits for its --wait-for file (where, in a guest, migration would have just
# finished), so nothing in the workload knows it happened.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
bin=$here/../../build/workloads/integrity
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

# run_integrity FLIP: starts the workload, flips a byte if FLIP=1, lets it
# finish; sets rc, and leaves its stdout, stderr and JSON in $tmp.
run_integrity() {
	local flip=$1 line addr offset old new deadline
	rm -f "$tmp"/{go,out,err,result.json}
	"$bin" --threads 1 --duration 1 --warmup 0 --size-mib 4 \
		--wait-for "$tmp/go" --wait-timeout 30 --json "$tmp/result.json" \
		>"$tmp/out" 2>"$tmp/err" &
	pid=$!
	deadline=$((SECONDS + 20))
	until grep -q "^LOCKHOLD: workload-waiting" "$tmp/out"; do
		[ $SECONDS -lt $deadline ] || { echo "integrity never reached workload-waiting"; return 1; }
		sleep 0.1
	done
	if [ "$flip" = 1 ]; then
		line=$(grep -m1 "^LOCKHOLD: integrity-live-set worker=0" "$tmp/out")
		addr=$(sed -n 's/.* addr=\(0x[0-9a-f]*\) .*/\1/p' <<<"$line")
		# Block 1000 of 1024, byte 777: in the cold part, written once
		offset=$((addr + 1000 * 4096 + 777))
		old=$(dd if=/proc/$pid/mem bs=1 skip=$offset count=1 status=none | od -An -tu1 | tr -d ' ')
		new=$((old ^ 0x40))
		printf "\\$(printf %03o "$new")" |
			dd of=/proc/$pid/mem bs=1 seek=$offset count=1 conv=notrunc status=none
		echo "flipped byte at $(printf %#x $offset): $old -> $new"
	fi
	touch "$tmp/go"
	wait "$pid"
	rc=$?
	pid=
	return 0
}

counter() { jq -r ".counters.$1" "$tmp/result.json"; }

[ -x "$bin" ] || { fail "integrity: $bin not built"; finish; exit; }

run_integrity 0 || fail "integrity: untouched run did not complete"
check "integrity: untouched live set passes (exit $rc)" [ "$rc" = 0 ]
check "integrity: untouched live set has 0 mismatched bytes" [ "$(counter mismatched_bytes)" = 0 ]
verified=$(counter bytes_verified)
check "integrity: final check covered all 4 MiB ($verified bytes verified)" [ "$verified" -ge $((4 << 20)) ]

run_integrity 1 || fail "integrity: corrupted run did not complete"
check "integrity: flipped byte fails the run (exit $rc)" [ "$rc" = 1 ]
check "integrity: exactly 1 mismatched byte reported ($(counter mismatched_bytes))" [ "$(counter mismatched_bytes)" = 1 ]
check "integrity: in exactly 1 block ($(counter mismatched_blocks))" [ "$(counter mismatched_blocks)" = 1 ]
check "integrity: stderr names the block and offset" grep -q "block 1000 .* generation 0: .* offset 777" "$tmp/err"
check "integrity: the error says the data was corrupted" grep -q "DATA CORRUPTED: 1 byte(s) differ in 1 block(s)" "$tmp/err"
sed 's/^/  stderr: /' "$tmp/err"
finish
