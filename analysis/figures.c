// SPDX-License-Identifier: GPL-2.0
#include "figures.h"

#include <string.h>

const struct figure_def figure_defs[] = {
	{ "hold_count", "hint_lock_hold.all.count", "", true,
	  "hint-path zone->lock holds" },
	{ "hold_total_ns", "hint_lock_hold.all.total_ns", "ns", true,
	  "hint-path zone->lock held, in total" },
	{ "hold_p50_ns", "hint_lock_hold.all.p50_ns", "ns", true,
	  "hint-path hold, median" },
	{ "hold_p99_ns", "hint_lock_hold.all.p99_ns", "ns", true,
	  "hint-path hold, 99th percentile" },
	{ "hold_p999_ns", "hint_lock_hold.all.p999_ns", "ns", true,
	  "hint-path hold, 99.9th percentile" },
	{ "hold_max_ns", "hint_lock_hold.all.max_ns", "ns", true,
	  "hint-path hold, longest" },
	{ "irqs_off_max_ns", "hint_lock_hold.all.irqs_off_max_ns", "ns", true,
	  "longest hint-path hold with irqs disabled" },
	{ "wait_hint_count", "zone_lock_contention.hint_path.count", "", true,
	  "zone lock waits of the hinting path" },
	{ "wait_hint_total_ns", "zone_lock_contention.hint_path.total_ns", "ns",
	  true, "zone lock waited for by the hinting path" },
	{ "wait_hint_p99_ns", "zone_lock_contention.hint_path.p99_ns", "ns",
	  true, "hinting path zone lock wait, 99th percentile" },
	{ "wait_hint_max_ns", "zone_lock_contention.hint_path.max_ns", "ns",
	  true, "hinting path zone lock wait, longest" },
	{ "wait_alloc_count", "zone_lock_contention.allocators.count", "", true,
	  "zone lock waits of allocators" },
	{ "wait_alloc_total_ns", "zone_lock_contention.allocators.total_ns",
	  "ns", true, "zone lock waited for by allocators" },
	{ "wait_alloc_p99_ns", "zone_lock_contention.allocators.p99_ns", "ns",
	  true, "allocator zone lock wait, 99th percentile" },
	{ "wait_alloc_max_ns", "zone_lock_contention.allocators.max_ns", "ns",
	  true, "allocator zone lock wait, longest" },
	{ "rounds", "rounds.rounds", "", true, "hinting rounds finished" },
	{ "blocks_hinted", "rounds.blocks", "", true, "blocks hinted" },
	{ "pages_hinted", "rounds.pages", "pages", true,
	  "pages hinted, duplicates included" },
	{ "unique_pages_hinted", "rounds.unique_pages", "pages", true,
	  "pages hinted once" },
	{ "duplicates", "rounds.duplicates", "", true,
	  "blocks hinted twice in a round" },
	{ "overlapping_blocks", "rounds.overlapping_blocks", "", true,
	  "blocks overlapping one hinted earlier in the round (from hint_block pfns)" },
	{ "restarts", "rounds.restarts", "", true,
	  "cursor restarts from the list head" },
	{ "blocks_skipped", "rounds.skipped", "", true,
	  "free blocks found, not hinted" },
	{ "coverage", "rounds.coverage", "ratio", true,
	  "pages hinted / free pages at round start" },
	{ "round_max_ns", "rounds.duration_max_ns", "ns", true,
	  "time to finish a hinting round, longest" },
	{ "wait_all_count", "perf_lock.trace_zone_locks.count", "", true,
	  "zone lock waits, hinting path and allocators (runs with perf)" },
	{ "wait_all_total_ns", "perf_lock.trace_zone_locks.total_ns", "ns",
	  true, "zone lock waited for, all (runs with perf)" },
	{ "wait_all_max_ns", "perf_lock.trace_zone_locks.max_ns", "ns", true,
	  "longest zone lock wait, all (runs with perf)" },
	{ "perf_wait_count", "perf_lock.zone_locks.count", "", true,
	  "zone lock waits, as perf lock contention counts them" },
	{ "perf_wait_total_ns", "perf_lock.zone_locks.total_ns", "ns", true,
	  "zone lock waited for, as perf lock contention adds it up" },
	{ "perf_wait_max_ns", "perf_lock.zone_locks.max_ns", "ns", true,
	  "longest zone lock wait, as perf lock contention saw it" },
	{ "migration_total_ms", "migration.total_time_ms", "ms", false,
	  "migration total time" },
	{ "downtime_ms", "migration.downtime_ms", "ms", false,
	  "migration downtime" },
	{ "transferred_bytes", "migration.ram_transferred_bytes", "bytes",
	  false, "RAM bytes transferred" },
	{ "pages_skipped", "migration.pages_skipped", "pages", false,
	  "guest pages not sent (lower bound)" },
	{ "normal_pages", "migration.ram_normal_pages", "pages", false,
	  "pages sent whole" },
	{ "ops_per_s", "workload.ops_per_s", "ops/s", false,
	  "workload throughput" },
	{ "latency_p99_ns", "workload.latency_ns.p99", "ns", false,
	  "workload operation latency, 99th percentile" },
};

const int figure_count = sizeof(figure_defs) / sizeof(figure_defs[0]);

const struct figure_def *figure_find(const char *name)
{
	for (int i = 0; i < figure_count; i++)
		if (!strcmp(figure_defs[i].name, name))
			return &figure_defs[i];
	return NULL;
}

json_t *figure_path(json_t *j, const char *path)
{
	char key[128];

	while (j && *path) {
		size_t n = strcspn(path, ".");

		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		j = json_object_get(j, key);
		path += n + (path[n] == '.');
	}
	return j;
}

json_t *figure_lookup(json_t *j, const char *path)
{
	j = figure_path(j, path);
	return json_is_number(j) ? j : NULL;
}

json_t *figures_from_metrics(json_t *metrics, bool trace_usable)
{
	json_t *out = json_object();

	for (int i = 0; i < figure_count; i++) {
		const struct figure_def *d = &figure_defs[i];
		json_t *v;

		if (d->from_trace && !trace_usable)
			continue;
		v = figure_lookup(metrics, d->source);
		if (v)
			json_object_set_new(out, d->name,
					    json_real(json_number_value(v)));
	}
	return out;
}
