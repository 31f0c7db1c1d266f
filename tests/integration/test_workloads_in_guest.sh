#!/usr/bin/env bash
# Every workload runs in a guest through bench, migrated 1 s into a short
# run, and its JSON lands in the run directory with figures that make sense
# for it: ops and latency samples for the loads, huge pages for thp, every
# byte of the live set verified and none different for integrity.
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh

variant=${LOCKHOLD_TEST_VARIANT:-batched}
out=$(mktemp -d /tmp/lockhold-it-workloads.XXXXXX)
trap 'rm -rf "$out"' EXIT
workloads=$(./bench --list | sed -n 's/^workloads: //p' | tr -d ,)

for w in $workloads; do
	args=()
	# Sized for a 1 GiB guest whose free memory the prefill just dirtied
	case $w in
	integrity) args=(--workload-args size-mib=128,hot-percent=25) ;;
	churn) args=(--workload-args percent=30) ;;
	# every phase within the 4 s: 50 MiB, a second's rest
	release) args=(--workload-args percent=5,rest-s=1) ;;
	esac
	./bench --variant "$variant" --workload "$w" "${args[@]}" --mem 1G \
		--duration 4 --migrate-at 1 --accel tcg --out "$out" >"$out/$w.log" 2>&1
	rc=$?
	check "$w: bench exited 0 on $variant (exit $rc$( [ $rc = 0 ] || echo ": $(tail -n 1 "$out/$w.log")"))" [ $rc = 0 ]
	dir=$(echo "$out"/*-"$variant-$w"-1024M-run1)
	json=$dir/workload.json
	if [ ! -s "$json" ]; then
		fail "$w: no workload.json in $dir"
		continue
	fi
	check "$w: JSON names the workload" [ "$(jq -r .workload "$json")" = "$w" ]
	check "$w: no worker failed ($(jq -r .errors "$json") errors)" [ "$(jq -r .errors "$json")" = 0 ]
	check "$w: migration completed" [ "$(jq -r .status "$dir/migration.json")" = completed ]
	ops=$(jq -r .ops "$json")
	samples=$(jq -r '.latency_ns.samples // 0' "$json")
	p99=$(jq -r '.latency_ns.p99 // 0' "$json")
	case $w in
	idle)
		check "idle: counts no ops and takes no samples ($ops, $samples)" [ "$ops" = 0 -a "$samples" = 0 ]
		;;
	buddychurn)
		# Its ops are the kernel churner's blocks: nothing to time
		pool=$(jq -r .counters.pool_blocks "$json")
		check "buddychurn: the churner ran ($ops blocks, $pool per cycle), no samples ($samples)" \
			[ "$ops" -gt 0 -a "$pool" -gt 0 -a "$samples" = 0 ]
		;;
	*)
		check "$w: ops $ops, latency samples $samples, p99 $p99 ns" [ "$ops" -gt 0 -a "$samples" -gt 0 -a "$p99" -gt 0 ]
		;;
	esac
	case $w in
	thp)
		found=$(jq -r .counters.huge_bytes_found "$json")
		checked=$(jq -r .counters.bytes_checked "$json")
		check "thp: pages really were huge ($found of $checked bytes)" [ "$found" -gt 0 ]
		;;
	integrity)
		verified=$(jq -r .counters.bytes_verified "$json")
		mismatched=$(jq -r .counters.mismatched_bytes "$json")
		check "integrity: $verified bytes verified across the migration, $mismatched mismatched" \
			[ "$verified" -ge $((128 << 20)) -a "$mismatched" = 0 ]
		check "integrity: the final check waited for the migration" \
			grep -q "workload-waiting integrity" "$dir/serial.log"
		;;
	release)
		check "release: every phase within the run ($(jq -c '.counters | {refault_complete, bytes_freed, bytes_refaulted}' "$json"))" \
			[ "$(jq -r '.counters.refault_complete' "$json")" = 1 -a \
			"$(jq -r '.counters.bytes_freed' "$json")" = "$(jq -r '.counters.bytes_refaulted' "$json")" ]
		;;
	churn)
		# How much it fills in 3 s is the host's speed; that every op
		# filled one whole chunk (1 MiB by default) is the workload's.
		filled=$(jq -r .counters.bytes_filled "$json")
		check "churn: filled $filled bytes, one 1 MiB chunk for each of $ops ops" \
			[ "$filled" -gt 0 -a "$filled" = $((ops << 20)) ]
		;;
	esac
done
finish
