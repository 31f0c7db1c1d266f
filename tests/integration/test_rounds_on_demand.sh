#!/usr/bin/env bash
# Rounds on demand (bench --rounds): with no migration, the guest runs every
# round through its kernel's debugfs trigger while the workload runs. A
# patched variant (fullscan) runs each asked-for round, as hint_round_start/
# hint_round_end pairs per zone in its trace, with zone->lock holds; page
# reporting (mainline-report) runs its passes through report_now; the
# baseline has no trigger and says so. One guest size per run, 512 MiB.
set -u
cd "$(dirname "$0")/../.."
. tests/lib.sh

rounds=4
out=$(mktemp -d /tmp/lockhold-it-rounds.XXXXXX)
./bench --variant fullscan,mainline-report,none --workload idle --mem 512M \
	--duration 5 --rounds $rounds --round-every 0.5 --accel tcg --out "$out"
check "bench exited 0" [ $? -eq 0 ]

run_dir() { echo "$out"/*-"$1"-idle-512M-run1; }
dir=$(run_dir fullscan)
check "fullscan: no migration was run ($(ls "$dir" | grep -c migration) migration files)" \
	[ ! -e "$dir/migration.json" ]
check "fullscan: the trigger was hint_round ($(head -n1 "$dir/rounds.txt" 2>/dev/null))" \
	[ "$(head -n1 "$dir/rounds.txt" 2>/dev/null)" = "trigger=/sys/kernel/debug/virtio_balloon/hint_round" ]
ok=$(grep -c ' status=ok$' "$dir/rounds.txt" 2>/dev/null)
check "fullscan: $rounds rounds ran, all ok ($ok)" [ "$ok" = "$rounds" ]
report=$(trace-cmd report -i "$dir/trace.dat" 2>/dev/null)
zones=$(grep -o 'hint_round_start:.*zone=[A-Za-z0-9]*' <<<"$report" | grep -o 'zone=[A-Za-z0-9]*' | sort -u | wc -l)
ends=$(grep -c 'hint_round_end:' <<<"$report")
holds=$(grep -c 'hint_lock_hold:' <<<"$report")
check "fullscan: $rounds rounds in each of $zones zone(s) traced ($ends hint_round_end, $holds hint_lock_hold)" \
	[ "$zones" -ge 1 -a "$ends" -eq $((rounds * zones)) -a "$holds" -ge "$ends" ]
check "fullscan: meta.json records the rounds ($(jq -c .rounds_on_demand "$dir/meta.json"))" \
	[ "$(jq .rounds_on_demand.rounds "$dir/meta.json")" = $rounds -a "$(jq .migrate_at_s "$dir/meta.json")" = -1 ]

dir=$(run_dir mainline-report)
check "mainline-report: the trigger was report_now ($(head -n1 "$dir/rounds.txt" 2>/dev/null))" \
	[ "$(head -n1 "$dir/rounds.txt" 2>/dev/null)" = "trigger=/sys/kernel/debug/page_reporting/report_now" ]
ok=$(grep -c ' status=ok$' "$dir/rounds.txt" 2>/dev/null)
check "mainline-report: $rounds passes ran, all ok ($ok)" [ "$ok" = "$rounds" ]
ends=$(trace-cmd report -i "$dir/trace.dat" 2>/dev/null | grep -c 'hint_round_end:')
check "mainline-report: each pass traced ($ends hint_round_end, one per zone and pass)" \
	[ "$ends" -ge "$rounds" ]

dir=$(run_dir none)
check "none: no trigger, no round ($(cat "$dir/rounds.txt" 2>/dev/null | paste -sd' '))" \
	[ "$(cat "$dir/rounds.txt" 2>/dev/null)" = "trigger=none" ]
rm -rf "$out"
finish
