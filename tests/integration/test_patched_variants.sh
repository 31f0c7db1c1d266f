#!/usr/bin/env bash
# Every variant that carries kernel patches of its own: boots under TCG, is
# migrated 1 s into a 10 s page-fault storm, and must show free_page_hint
# events in its trace and a guest that ran on at the destination. How many
# pages the hints saved depends, under the storm, on how far QEMU's bulk
# stage got before they arrived (13 % to 55 % of guest RAM over 10 runs of
# each), so it is asserted where it does not: test_hint_benefit.sh. Over
# those 10 runs each variant ran 2 to 4 rounds, cursor took 359 to 788
# lock holds, fullscan 2 to 4, batched 14 to 23, and each hinted 240 blocks
# or more: the checks below ask for at least one of each.
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh

variants=$(for d in kernel-variants/*/; do
	ls "$d"*.patch >/dev/null 2>&1 && [ "$d" != kernel-variants/common/ ] && basename "$d"
done | paste -sd,)
if [ -z "$variants" ]; then
	echo "no patched variants"
	finish
	exit
fi

out=$(mktemp -d /tmp/lockhold-it-patched.XXXXXX)
./bench --variant "$variants" --workload pagefault --mem 1G --vcpus 2 \
	--duration 10 --migrate-at 1 --accel tcg --out "$out"
check "bench $variants exited 0" [ $? -eq 0 ]

for v in ${variants//,/ }; do
	dir=$(echo "$out"/*-"$v"-pagefault-1024M-run1)
	if [ ! -d "$dir" ]; then
		fail "$v: no complete run directory ($(ls "$out" | tr '\n' ' '))"
		continue
	fi
	check "$v: migration completed" [ "$(jq -r .status "$dir/migration.json")" = completed ]
	check "$v: guest ran on at the destination" \
		sh -c "grep -q 'LOCKHOLD: results-written' '$dir/serial-destination.log'"
	report=$(trace-cmd report -i "$dir/trace.dat" 2>/dev/null)
	blocks=$(grep -c 'hint_block:' <<<"$report")
	holds=$(grep -c 'hint_lock_hold:' <<<"$report")
	rounds=$(grep -c 'hint_round_end:' <<<"$report")
	# Blocks but no hold: a kernel without the variant's patches (the fault
	# this caught: batched-bounded's build overwrote batched's kernel
	# without them), or events the ring buffer lost, counted here.
	lost=$(grep -o 'LOST [0-9]* EVENTS' <<<"$report" | awk '{ n += $2 } END { print n + 0 }')
	check "$v: trace has hint events (rounds $rounds, lock holds $holds, blocks $blocks; $lost events lost)" \
		[ "$rounds" -gt 0 -a "$holds" -gt 0 -a "$blocks" -gt 0 ]
	# The kernel names its zone lock twice, at boot and in every hold
	# event: the two must agree, or the analysis matches the wrong lock.
	booted=$(sed -n 's/^nid=0 zone=DMA32 lock=//p' "$dir/zone-locks.txt")
	held=$(grep -o 'hint_lock_hold: *lock=0x[0-9a-f]*' <<<"$report" | sed 's/.*lock=//' | sort -u | paste -sd,)
	check "$v: DMA32's zone->lock is $booted at boot and in every hint_lock_hold ($held)" \
		[ -n "$booted" -a "$held" = "$booted" ]
done
rm -rf "$out"
finish
