// SPDX-License-Identifier: GPL-2.0
#include "figures.h"

#include <stdio.h>
#include <string.h>

#define HOLDS "hint_lock_hold.all.count"
#define HINT_WAITS "zone_lock_contention.hint_path.count"
#define ALLOC_WAITS "zone_lock_contention.allocators.count"
#define BY_HINT_WAITS "zone_lock_contention.allocators_caused_by_hinting.count"
#define WORK "hint_work.visited.count"
#define FIT "hint_work.fit.n"
#define ROUNDS "rounds.per_round.count"

/* A trace figure: of names the count behind it */
#define TRACE_FIG(name, source, unit, what, of)    \
	{                                          \
		name, source, unit, true, what, of \
	}

/* One row of the holder table: every zone->lock hold of class c. */
#define HOLDER(c, who)                                                       \
	TRACE_FIG("holder_" c "_count", "zone_lock_holders." c ".count", "", \
		  "zone->lock holds by " who, NULL),                         \
		TRACE_FIG("holder_" c "_p50_ns",                             \
			  "zone_lock_holders." c ".p50_ns", "ns",            \
			  "zone->lock hold by " who ", median",              \
			  "zone_lock_holders." c ".count"),                  \
		TRACE_FIG("holder_" c "_max_ns",                             \
			  "zone_lock_holders." c ".max_ns", "ns",            \
			  "zone->lock hold by " who ", longest",             \
			  "zone_lock_holders." c ".count"),                  \
		TRACE_FIG("holder_" c "_total_ns",                           \
			  "zone_lock_holders." c ".total_ns", "ns",          \
			  "zone->lock held by " who ", in total",            \
			  "zone_lock_holders." c ".count"),                  \
		TRACE_FIG("holder_" c "_wait_max_ns",                        \
			  "zone_lock_holders." c ".wait_max_ns", "ns",       \
			  "zone->lock waited for by " who                    \
			  " (its own timing), longest",                      \
			  "zone_lock_holders." c ".count")

/* A host figure (host_side.h): from the sampler's files, not the trace */
#define HOST_FIG(name, source, unit, what)            \
	{                                             \
		name, source, unit, false, what, NULL \
	}

/*
 * What a QEMU (role r, s in the names) held of guest RAM and gave back;
 * the times only when it gave back 5 % of its peak or more.
 */
#define HOST_MEMORY(r, s, who)                                               \
	HOST_FIG("host_" s "_rss_peak_mib", "host.roles." r ".rss_peak_mib", \
		 "MiB", who ": guest RAM resident (RssAnon), highest"),      \
		HOST_FIG("host_" s "_rss_end_mib",                           \
			 "host.roles." r ".rss_end_mib", "MiB",              \
			 who ": guest RAM resident at the end"),             \
		HOST_FIG("host_" s "_given_back_mib",                        \
			 "host.roles." r ".given_back_mib", "MiB",           \
			 who ": guest RAM given back, peak - end"),          \
		HOST_FIG("host_" s "_given_back_to_lowest_mib",              \
			 "host.roles." r ".given_back_to_lowest_mib", "MiB", \
			 who ": guest RAM given back, peak - lowest after"), \
		HOST_FIG("host_" s "_given_back_half_s",                     \
			 "host.roles." r ".given_back_half_s", "s",          \
			 who ": from the peak to half the give-back"),       \
		HOST_FIG("host_" s "_given_back_90pct_s",                    \
			 "host.roles." r ".given_back_90pct_s", "s",         \
			 who ": from the peak to 90 % of the give-back")

/* CPU time of the QEMUs' threads of class c, over the run and inside
 * the migration (where a migrated run's hinting rounds are) */
#define HOST_CPU(c, who)                                                       \
	HOST_FIG("host_cpu_run_" c "_ms", "host.cpu.run." c ".ms", "ms",       \
		 "VMM CPU time of " who ", over the run (every QEMU)"),        \
		HOST_FIG("host_cpu_run_" c "_pct", "host.cpu.run." c ".pct",   \
			 "% of a CPU",                                         \
			 "VMM CPU of " who ", over the run, as % of one CPU"), \
		HOST_FIG("host_cpu_in_migration_" c "_ms",                     \
			 "host.cpu.migration." c ".ms", "ms",                  \
			 "VMM CPU time of " who ", inside the migration"),     \
		HOST_FIG("host_cpu_in_migration_" c "_pct",                    \
			 "host.cpu.migration." c ".pct", "% of a CPU",         \
			 "VMM CPU of " who                                     \
			 ", inside the migration, as % of one CPU")

const struct figure_def figure_defs[] = {
	{ "hold_count", HOLDS, "", true,
	  "hinting holds of zone->lock (hint_lock_hold; mainline-hint: its rmqueue_buddy holds)",
	  NULL },
	{ "hold_total_ns", "hint_lock_hold.all.total_ns", "ns", true,
	  "hinting path held zone->lock, in total", HOLDS },
	{ "hold_p50_ns", "hint_lock_hold.all.p50_ns", "ns", true,
	  "hinting hold, median", HOLDS },
	{ "hold_p99_ns", "hint_lock_hold.all.p99_ns", "ns", true,
	  "hinting hold, 99th percentile (n >= 100)", HOLDS },
	{ "hold_p999_ns", "hint_lock_hold.all.p999_ns", "ns", true,
	  "hinting hold, 99.9th percentile (n >= 1000)", HOLDS },
	{ "hold_max_ns", "hint_lock_hold.all.max_ns", "ns", true,
	  "hinting hold, longest", HOLDS },
	{ "hint_irqs_off_max_ns", "hint_lock_hold.irqs_off.max_ns", "ns", true,
	  "hinting path irqs off for one hold (wait + hold), longest",
	  "hint_lock_hold.irqs_off.count" },
	{ "hint_spin_max_ns", "hint_lock_hold.wait.max_ns", "ns", true,
	  "hinting path spin before taking zone->lock (its own timing), longest",
	  HOLDS },
	{ "wait_hint_count", HINT_WAITS, "", true,
	  "zone lock waits of the hinting path", NULL },
	{ "wait_hint_total_ns", "zone_lock_contention.hint_path.total_ns", "ns",
	  true, "zone lock waited for by the hinting path", HINT_WAITS },
	{ "wait_hint_p99_ns", "zone_lock_contention.hint_path.p99_ns", "ns",
	  true, "hinting path zone lock wait, 99th percentile (n >= 100)",
	  HINT_WAITS },
	{ "wait_hint_max_ns", "zone_lock_contention.hint_path.max_ns", "ns",
	  true, "hinting path zone lock wait, longest", HINT_WAITS },
	{ "wait_alloc_count", ALLOC_WAITS, "", true,
	  "zone lock waits of allocators", NULL },
	{ "wait_alloc_total_ns", "zone_lock_contention.allocators.total_ns",
	  "ns", true, "zone lock waited for by allocators", ALLOC_WAITS },
	{ "wait_alloc_p99_ns", "zone_lock_contention.allocators.p99_ns", "ns",
	  true, "allocator zone lock wait, 99th percentile (n >= 100)",
	  ALLOC_WAITS },
	{ "wait_alloc_max_ns", "zone_lock_contention.allocators.max_ns", "ns",
	  true, "allocator zone lock wait, longest", ALLOC_WAITS },
	{ "wait_contention_begin_count",
	  "zone_lock_contention.lock_contention_events_on_zone_locks", "", true,
	  "zone lock waits lock:contention_begin fired for (never for a waiter on the pending bit)",
	  NULL },
	{ "wait_by_hint_count", BY_HINT_WAITS, "", true,
	  "allocator zone lock waits overlapping a hinting hold of that lock",
	  NULL },
	{ "wait_by_hint_total_ns",
	  "zone_lock_contention.allocators_caused_by_hinting.total_ns", "ns",
	  true, "allocator waits overlapping a hinting hold, in total",
	  BY_HINT_WAITS },
	{ "wait_by_hint_max_ns",
	  "zone_lock_contention.allocators_caused_by_hinting.max_ns", "ns",
	  true, "allocator wait overlapping a hinting hold, longest",
	  BY_HINT_WAITS },
	HOLDER("hinting", "the hinting path"),
	HOLDER("rmqueue_bulk", "rmqueue_bulk (per-CPU list refill)"),
	HOLDER("rmqueue_buddy", "rmqueue_buddy (buddy allocation)"),
	HOLDER("free_pcppages_bulk", "free_pcppages_bulk (per-CPU list drain)"),
	HOLDER("free_one_page", "free_one_page (buddy free)"),
	HOLDER("compaction", "compaction"),
	HOLDER("isolation", "isolation"),
	HOLDER("other", "other holders"),
	{ "work_visited_p50", "hint_work.visited.p50", "entries", true,
	  "free list entries visited per hinting hold, median", WORK },
	{ "work_visited_max", "hint_work.visited.max", "entries", true,
	  "free list entries visited per hinting hold, most", WORK },
	{ "work_pages_scanned_p50", "hint_work.pages_scanned.p50", "pages",
	  true, "struct pages scanned per hinting hold, median", WORK },
	{ "work_pages_scanned_max", "hint_work.pages_scanned.max", "pages",
	  true, "struct pages scanned per hinting hold, most", WORK },
	{ "work_put_back_total", "hint_work.put_back.total", "blocks", true,
	  "blocks put back under hinting holds, in total", WORK },
	{ "fit_ns_per_visited", "hint_work.fit.ns_per_visited", "ns/entry",
	  true, "hold time per free list entry visited (robust fit)", FIT },
	{ "fit_ns_per_page_scanned", "hint_work.fit.ns_per_page_scanned",
	  "ns/page", true, "hold time per struct page scanned (robust fit)",
	  FIT },
	{ "fit_intercept_ns", "hint_work.fit.intercept_ns", "ns", true,
	  "hold time with no work (robust fit intercept)", FIT },
	{ "fit_r2", "hint_work.fit.r2", "ratio", true,
	  "R² of hold time on work (least squares, inflated holds left out)",
	  FIT },
	{ "holds_inflated", "hint_work.fit.inflated", "", true,
	  "hinting holds > 2x and > 20 µs over the fit (host preemption)",
	  FIT },
	{ "holds_inflated_share", "hint_work.fit.inflated_share", "ratio", true,
	  "share of hinting holds inflated", FIT },
	{ "rounds", "rounds.rounds", "", true,
	  "hinting rounds finished (one per task and zone)", NULL },
	{ "round_holds_p50", "rounds.per_round.holds.p50", "", true,
	  "hinting holds per round, median", ROUNDS },
	{ "round_holds_max", "rounds.per_round.holds.max", "", true,
	  "hinting holds per round, most", ROUNDS },
	{ "round_hold_max_p50_ns", "rounds.per_round.hold_max_ns.p50_ns", "ns",
	  true, "longest hold of a round, median over rounds", ROUNDS },
	{ "round_hold_max_max_ns", "rounds.per_round.hold_max_ns.max_ns", "ns",
	  true, "longest hold of a round, longest over rounds", ROUNDS },
	{ "round_hold_total_p50_ns", "rounds.per_round.hold_total_ns.p50_ns",
	  "ns", true, "zone->lock held per round, median over rounds", ROUNDS },
	{ "round_hold_total_max_ns", "rounds.per_round.hold_total_ns.max_ns",
	  "ns", true, "zone->lock held per round, most over rounds", ROUNDS },
	{ "round_visited_p50", "rounds.per_round.visited.p50", "entries", true,
	  "free list entries visited per round, median", ROUNDS },
	{ "round_duration_p50_ns", "rounds.per_round.duration_ns.p50_ns", "ns",
	  true, "time to finish a hinting round, median", ROUNDS },
	{ "blocks_hinted", "rounds.blocks", "", true, "blocks hinted", NULL },
	{ "pages_hinted", "rounds.pages", "pages", true,
	  "pages hinted, duplicates included", NULL },
	{ "unique_pages_hinted", "rounds.unique_pages", "pages", true,
	  "pages hinted once", NULL },
	{ "duplicates", "rounds.duplicates", "", true,
	  "blocks hinted twice in a round", NULL },
	{ "overlapping_blocks", "rounds.overlapping_blocks", "", true,
	  "blocks overlapping one hinted earlier in the round, in time order (from hint_block pfns)",
	  NULL },
	{ "restarts", "rounds.restarts", "", true,
	  "cursor restarts from the list head", NULL },
	{ "round_restarts_p50", "rounds.per_round.restarts.p50", "", true,
	  "cursor restarts from the list head per round, median", ROUNDS },
	{ "round_restarts_max", "rounds.per_round.restarts.max", "", true,
	  "cursor restarts from the list head per round, most", ROUNDS },
	{ "round_duplicates_p50", "rounds.per_round.duplicates.p50", "", true,
	  "blocks hinted twice per round, median", ROUNDS },
	{ "round_holds_per_unique_block_p50",
	  "rounds.per_round.holds_per_unique_block.p50", "ratio", true,
	  "zone->lock round trips per block hinted once, median over rounds (1: no place lost)",
	  ROUNDS },
	{ "blocks_skipped", "rounds.skipped", "", true,
	  "free blocks found, not hinted", NULL },
	{ "coverage", "rounds.coverage", "ratio", true,
	  "pages hinted / free pages at round start", NULL },
	{ "coverage_pageblock_order", "rounds.coverage_pageblock_order",
	  "ratio", true,
	  "pages hinted once / free pages in blocks of pageblock order or more at round start (one order for every variant)",
	  NULL },
	{ "coverage_at_migration_start",
	  "coverage_by_migration.at_migration_start.coverage", "ratio", true,
	  "pages hinted by the migration's start / free pages of pageblock order or more then (page reporting's figure)",
	  NULL },
	{ "coverage_at_precopy_end",
	  "coverage_by_migration.at_precopy_end.coverage", "ratio", true,
	  "pages hinted by the end of pre-copy / free pages of pageblock order or more then",
	  NULL },
	{ "round_max_ns", "rounds.duration_max_ns", "ns", true,
	  "time to finish a hinting round, longest", ROUNDS },
	{ "wait_all_count", "perf_lock.trace_zone_locks.count", "", true,
	  "zone lock waits by lock:contention_begin in trace.dat (runs with perf)",
	  NULL },
	{ "wait_all_total_ns", "perf_lock.trace_zone_locks.total_ns", "ns",
	  true,
	  "zone lock waited for by lock:contention_begin/end (runs with perf)",
	  NULL },
	{ "wait_all_max_ns", "perf_lock.trace_zone_locks.max_ns", "ns", true,
	  "longest zone lock wait by lock:contention_begin/end (runs with perf)",
	  NULL },
	{ "perf_wait_count", "perf_lock.zone_locks.count", "", true,
	  "zone lock waits, as perf lock contention counts them", NULL },
	{ "perf_wait_total_ns", "perf_lock.zone_locks.total_ns", "ns", true,
	  "zone lock waited for, as perf lock contention adds it up", NULL },
	{ "perf_wait_max_ns", "perf_lock.zone_locks.max_ns", "ns", true,
	  "longest zone lock wait, as perf lock contention saw it", NULL },
	{ "migration_total_ms", "migration.total_time_ms", "ms", false,
	  "migration total time", NULL },
	{ "downtime_ms", "migration.downtime_ms", "ms", false,
	  "migration downtime", NULL },
	{ "transferred_bytes", "migration.ram_transferred_bytes", "bytes",
	  false, "RAM bytes transferred", NULL },
	{ "pages_skipped", "migration.pages_skipped", "pages", false,
	  "guest pages not sent (lower bound)", NULL },
	{ "normal_pages", "migration.ram_normal_pages", "pages", false,
	  "pages sent whole", NULL },
	HOST_MEMORY("source", "src", "source QEMU"),
	HOST_FIG("host_src_rss_at_migration_start_mib",
		 "host.roles.source.rss_at_migration_start_mib", "MiB",
		 "source QEMU: guest RAM resident when the migration started"),
	HOST_MEMORY("destination", "dst", "destination QEMU"),
	HOST_FIG(
		"host_dst_rss_after_switchover_mib",
		"host.roles.destination.rss_after_switchover_mib", "MiB",
		"destination QEMU: guest RAM resident right after the switch-over (what the migration populated)"),
	HOST_CPU("vcpu", "vCPU threads"),
	HOST_CPU("migration", "migration threads (mig/src/main, ...)"),
	HOST_CPU("io", "I/O threads (iothreads, thread pool workers)"),
	HOST_CPU("rcu", "call_rcu"),
	HOST_CPU("main", "the main loop thread"),
	HOST_CPU("other", "other threads"),
	HOST_CPU("total", "all threads"),
	HOST_FIG("host_sampler_cpu_ms", "host.sampler_cpu_ms", "ms",
		 "CPU time of bench's host sampler itself (its thread)"),
	HOST_FIG("host_sampler_cpu_pct", "host.sampler_cpu_pct", "% of a CPU",
		 "CPU of bench's host sampler, as % of one CPU over the run"),
	{ "ops_per_s_before_migration",
	  "workload_windows.before_migration.ops_per_s", "ops/s", false,
	  "workload throughput before the migration", NULL },
	{ "ops_per_s_migration_first_s",
	  "workload_windows.migration_first_s.ops_per_s", "ops/s", false,
	  "workload throughput in the first second of the migration, where the hinting rounds run (the same window in every variant)",
	  NULL },
	{ "ops_per_s_in_rounds", "workload_windows.in_rounds.ops_per_s",
	  "ops/s", true, "workload throughput inside the hinting rounds",
	  "workload_windows.in_rounds.rounds" },
	{ "in_rounds_over_before_migration",
	  "workload_windows.in_rounds.ratio_to_before_migration", "", true,
	  "workload throughput inside the hinting rounds over before the migration",
	  "workload_windows.in_rounds.rounds" },
	{ "latency_mean_ns_before_migration",
	  "workload_windows.before_migration.latency.mean_ns", "ns", false,
	  "workload op latency before the migration, mean of the samples",
	  "workload_windows.before_migration.latency.samples" },
	{ "latency_max_ns_migration_first_s",
	  "workload_windows.migration_first_s.latency.max_ns", "ns", false,
	  "workload op latency in the first second of the migration, longest sample",
	  "workload_windows.migration_first_s.latency.samples" },
	{ "latency_mean_ns_migration_first_s",
	  "workload_windows.migration_first_s.latency.mean_ns", "ns", false,
	  "workload op latency in the first second of the migration, mean",
	  "workload_windows.migration_first_s.latency.samples" },
	{ "latency_max_ns_in_rounds",
	  "workload_windows.in_rounds.latency.max_ns", "ns", true,
	  "workload op latency in the 100 ms steps the hinting rounds overlap, longest sample",
	  "workload_windows.in_rounds.latency.samples" },
	{ "ops_per_s", "workload.ops_per_s", "ops/s", false,
	  "workload throughput", NULL },
	{ "latency_p50_ns", "workload.latency_ns.p50", "ns", false,
	  "workload operation latency, median (release: a page's refault)",
	  "workload.latency_ns.samples" },
	{ "latency_p99_ns", "workload.latency_ns.p99", "ns", false,
	  "workload operation latency, 99th percentile (release: a page's refault)",
	  "workload.latency_ns.samples" },
	{ "release_dirty_s", "release_phases.lasted_s.dirty", "s", false,
	  "release: dirtying every page, the first touch after boot or a report",
	  NULL },
	{ "release_rest_s", "release_phases.lasted_s.rest", "s", false,
	  "release: from the end of the free to the refault", NULL },
	{ "release_refault_s", "release_phases.lasted_s.refault", "s", false,
	  "release: refaulting every page once", NULL },
	{ "release_memfree_rest_bytes",
	  "release_phases.memfree_bytes_at_start.rest", "bytes", false,
	  "release: guest MemFree when the free ended", NULL },
	{ "release_memfree_refault_bytes",
	  "release_phases.memfree_bytes_at_start.refault", "bytes", false,
	  "release: guest MemFree when the refault began, after the rest",
	  NULL },
	{ "release_pages_reported", "release_phases.reported.pages", "pages",
	  true,
	  "release: pages the rounds ending from the free's start to the refault's reported",
	  "release_phases.reported.rounds" },
	HOST_FIG(
		"release_given_back_mib", "release_host.given_back_mib", "MiB",
		"release: guest RAM the source QEMU gave back from the free's start to the refault's"),
	HOST_FIG("release_given_back_share", "release_host.given_back_share",
		 "ratio", "release: that, over what the workload freed"),
	HOST_FIG(
		"release_given_back_half_s", "release_host.given_back_half_s",
		"s",
		"release: from the free's start until half of it was given back"),
	HOST_FIG(
		"release_given_back_90pct_s", "release_host.given_back_90pct_s",
		"s",
		"release: from the free's start until 90 % of it was given back"),
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

const char *figure_note(json_t *metrics, const struct figure_def *d)
{
	char path[256];

	snprintf(path, sizeof(path), "%s_note", d->source);
	return json_string_value(figure_path(metrics, path));
}

bool figure_n(json_t *metrics, const struct figure_def *d, double *n)
{
	json_t *v = d->of ? figure_lookup(metrics, d->of) : NULL;

	if (v)
		*n = json_number_value(v);
	return v != NULL;
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
