// SPDX-License-Identifier: GPL-2.0
/*
 * The release workload's phases on the run's clock. The workload records
 * each boundary in the guest's CLOCK_MONOTONIC, as the timeline's start
 * and the trace (trace-cmd -C mono) do, so the three line up without an
 * offset: the phases are placed on the timeline's at_ms, and the
 * reporting rounds of the trace inside the phases.
 */
#include "release_phases.h"

#include <stdbool.h>

#include "figures.h"

#define NS_PER_S 1e9
#define KIB 1024.0

/* Each phase's start: the counters of its time and of MemFree then */
static const struct {
	const char *phase, *time, *memfree_kib;
} starts[] = {
	{ "dirty", "dirty_start_monotonic_ns", "memfree_kib_at_dirty_start" },
	{ "free", "free_start_monotonic_ns", "memfree_kib_at_free_start" },
	{ "rest", "free_end_monotonic_ns", "memfree_kib_at_free_end" },
	{ "refault", "refault_start_monotonic_ns",
	  "memfree_kib_at_refault_start" },
	{ "done", "refault_end_monotonic_ns", "memfree_kib_at_refault_end" },
};

#define NSTARTS (sizeof(starts) / sizeof(starts[0]))
enum { FREE = 1, REFAULT = 3 };

/* A counter's value, 0 when the phase it stamps never began */
static double counter(json_t *counters, const char *name)
{
	return json_number_value(json_object_get(counters, name));
}

/* The rounds that ended in [from, to) (guest ns): how many, what pages */
static json_t *reported_between(json_t *rounds, double from, double to)
{
	double pages = 0;
	json_int_t n = 0;
	json_t *r;
	size_t i;

	json_array_foreach(rounds, i, r)
	{
		double end = json_number_value(json_object_get(r, "end_ts_ns"));

		if (end < from || end >= to)
			continue;
		pages += json_number_value(json_object_get(r, "pages"));
		n++;
	}
	return json_pack(
		"{s:I, s:I, s:s}", "rounds", n, "pages", (json_int_t)pages,
		"of",
		"the reporting (or hinting) rounds of the trace that ended from the start of the free to the start of the refault");
}

json_t *release_phases(json_t *metrics)
{
	json_t *w = json_object_get(metrics, "workload");
	json_t *counters = json_object_get(w, "counters");
	json_t *rounds = figure_path(metrics, "rounds.per_round.list");
	json_t *out, *at, *after_start, *lasted, *memfree;
	double start_ns, warmup_s, t[NSTARTS];

	if (!json_is_number(
		    json_object_get(counters, "refault_start_monotonic_ns")))
		return NULL;
	at = json_object();
	after_start = json_object();
	lasted = json_object();
	memfree = json_object();
	start_ns = json_number_value(
		figure_path(w, "timeline.start_monotonic_ns"));
	warmup_s = json_number_value(json_object_get(w, "warmup_s"));
	for (size_t i = 0; i < NSTARTS; i++) {
		t[i] = counter(counters, starts[i].time);
		if (!t[i])
			continue;
		json_object_set_new(at, starts[i].phase,
				    json_real((t[i] - start_ns) / NS_PER_S));
		json_object_set_new(
			after_start, starts[i].phase,
			json_real((t[i] - start_ns) / NS_PER_S + warmup_s));
		json_object_set_new(
			memfree, starts[i].phase,
			json_real(counter(counters, starts[i].memfree_kib) *
				  KIB));
		if (i && t[i - 1])
			json_object_set_new(
				lasted, starts[i - 1].phase,
				json_real((t[i] - t[i - 1]) / NS_PER_S));
	}
	out = json_pack(
		"{s:s, s:b, s:o, s:o, s:o, s:o, s:{s:I, s:I, s:I}}", "clock",
		"start_s: seconds from the timeline's start (the end of the warm-up), all in the guest's CLOCK_MONOTONIC; after_workload_start_s: with the warm-up, from the workload-start marker, which bench times its run from (as --migrate-at)",
		"complete", counter(counters, "refault_complete") > 0,
		"start_s", at, "after_workload_start_s", after_start,
		"lasted_s", lasted, "memfree_bytes_at_start", memfree, "bytes",
		"dirtied", (json_int_t)counter(counters, "bytes_dirtied"),
		"freed", (json_int_t)counter(counters, "bytes_freed"),
		"refaulted", (json_int_t)counter(counters, "bytes_refaulted"));
	if (rounds && t[FREE] && t[REFAULT])
		json_object_set_new(out, "reported",
				    reported_between(rounds, t[FREE],
						     t[REFAULT]));
	return out;
}
