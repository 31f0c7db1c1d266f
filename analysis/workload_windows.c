// SPDX-License-Identifier: GPL-2.0
/*
 * The workload's throughput and sampled latency in windows of the run,
 * from its 100 ms timeline: before the migration, in the first second of
 * the migration (where the hinting rounds run, so a variant's window
 * compares with the same window of none), and inside the hinting rounds
 * themselves.
 *
 * The rounds are placed on the timeline by clock: the guest records its
 * trace with trace-cmd's mono clock, and the timeline's start is the
 * guest's CLOCK_MONOTONIC, so both count the same nanoseconds.
 */
#include "workload_windows.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "figures.h"

#define NS_PER_MS 1000000.0
#define NS_PER_S 1e9

struct timeline {
	json_t *at_ms, *ops;
	/* per step, NULL when the workload takes no latency samples */
	json_t *samples, *mean_ns, *max_ns;
	size_t n;
	double start_ns; /* guest CLOCK_MONOTONIC of step 0's start */
};

/* Ops done in [from, to) (ns from the timeline's start), and the ns of it
 * the timeline covers; a step partly inside counts pro rata. */
static double ops_between(const struct timeline *tl, double from, double to,
			  double *covered)
{
	double ops = 0, begin = 0;

	*covered = 0;
	for (size_t i = 0; i < tl->n; i++) {
		double end = json_number_value(json_array_get(tl->at_ms, i)) *
			     NS_PER_MS;
		double lo = from > begin ? from : begin;
		double hi = to < end ? to : end;

		if (hi > lo && end > begin) {
			ops += json_number_value(json_array_get(tl->ops, i)) *
			       (hi - lo) / (end - begin);
			*covered += hi - lo;
		}
		begin = end;
	}
	return ops;
}

/* The sampled latency of the steps that overlap a window */
struct window_latency {
	double samples, sum_ns, max_ns;
	size_t steps;
};

/* Marks the steps that overlap [from, to) */
static void steps_overlapping(const struct timeline *tl, double from, double to,
			      bool *mask)
{
	double begin = 0;

	for (size_t i = 0; i < tl->n; i++) {
		double end = json_number_value(json_array_get(tl->at_ms, i)) *
			     NS_PER_MS;

		if (end > from && begin < to)
			mask[i] = true;
		begin = end;
	}
}

static void latency_of_steps(const struct timeline *tl, const bool *mask,
			     struct window_latency *l)
{
	for (size_t i = 0; tl->samples && i < tl->n; i++) {
		double n = json_number_value(json_array_get(tl->samples, i));
		double max = json_number_value(json_array_get(tl->max_ns, i));

		if (!mask[i] || n <= 0)
			continue;
		l->samples += n;
		l->sum_ns +=
			n * json_number_value(json_array_get(tl->mean_ns, i));
		if (max > l->max_ns)
			l->max_ns = max;
		l->steps++;
	}
}

static void latency_json(json_t *j, const struct window_latency *l)
{
	if (!l->samples)
		return;
	json_object_set_new(
		j, "latency",
		json_pack(
			"{s:I, s:I, s:f, s:f, s:s}", "steps",
			(json_int_t)l->steps, "samples", (json_int_t)l->samples,
			"mean_ns", l->sum_ns / l->samples, "max_ns", l->max_ns,
			"of",
			"the sampled ops of every 100 ms step the window overlaps"));
}

static json_t *window_json(const struct timeline *tl, double from, double to)
{
	double covered, ops = ops_between(tl, from, to, &covered);

	if (covered <= 0)
		return json_pack("{s:f, s:f, s:s}", "from_s", from / NS_PER_S,
				 "to_s", to / NS_PER_S, "note",
				 "outside the measured part of the run");
	struct window_latency l = { 0 };
	json_t *j = json_pack("{s:f, s:f, s:f, s:f}", "from_s", from / NS_PER_S,
			      "to_s", to / NS_PER_S, "covered_s",
			      covered / NS_PER_S, "ops_per_s",
			      ops / (covered / NS_PER_S));

	bool *mask = calloc(tl->n, sizeof(*mask));

	if (mask) {
		steps_overlapping(tl, from, to, mask);
		latency_of_steps(tl, mask, &l);
		latency_json(j, &l);
		free(mask);
	}
	return j;
}

/* The union of the rounds' spans, as ops and covered time. */
static json_t *rounds_json(const struct timeline *tl, json_t *rounds,
			   double before_rate)
{
	double ops = 0, covered = 0, last_end = 0;
	struct window_latency l = { 0 };
	bool *mask = calloc(tl->n, sizeof(*mask));
	size_t i, n = 0;
	json_t *r, *j;

	/* Rounds of one hinting pass over several zones overlap in time:
	 * the list is in order of their ends, so clip each to the last. */
	json_array_foreach(rounds, i, r)
	{
		double end =
			json_number_value(json_object_get(r, "end_ts_ns")) -
			tl->start_ns;
		double start = end - json_number_value(
					     json_object_get(r, "duration_ns"));
		double c;

		if (start < last_end)
			start = last_end;
		if (end <= start)
			continue;
		ops += ops_between(tl, start, end, &c);
		covered += c;
		if (mask)
			steps_overlapping(tl, start, end, mask);
		last_end = end;
		n++;
	}
	j = json_pack("{s:I, s:f}", "rounds", (json_int_t)n, "covered_s",
		      covered / NS_PER_S);
	if (covered > 0) {
		double rate = ops / (covered / NS_PER_S);

		json_object_set_new(j, "ops_per_s", json_real(rate));
		if (before_rate > 0)
			json_object_set_new(j, "ratio_to_before_migration",
					    json_real(rate / before_rate));
	} else {
		json_object_set_new(
			j, "note",
			json_string(
				"no hinting round within the measured part of the run"));
	}
	if (mask) {
		latency_of_steps(tl, mask, &l);
		latency_json(j, &l);
		free(mask);
	}
	return j;
}

bool migration_start_guest_ns(json_t *metrics, double *ns)
{
	json_t *w = json_object_get(metrics, "workload");
	json_t *t = json_object_get(w, "timeline");
	json_t *mig = json_object_get(metrics, "migration");
	json_t *start = json_object_get(t, "start_monotonic_ns");

	if (!mig || !json_is_number(start) ||
	    !json_is_number(json_object_get(mig, "migrate_at_s")))
		return false;
	/* bench counts --migrate-at from the workers' release, before the
	 * warm-up; the timeline starts after it */
	*ns = json_number_value(start) +
	      (json_number_value(json_object_get(mig, "migrate_at_s")) -
	       json_number_value(json_object_get(w, "warmup_s"))) *
		      NS_PER_S;
	return true;
}

json_t *workload_windows(json_t *metrics)
{
	json_t *w = json_object_get(metrics, "workload");
	json_t *t = json_object_get(w, "timeline");
	json_t *mig = json_object_get(metrics, "migration");
	json_t *rounds = figure_path(metrics, "rounds.per_round.list");
	struct timeline tl = {
		.at_ms = json_object_get(t, "at_ms"),
		.ops = json_object_get(t, "ops"),
		.samples = json_object_get(t, "latency_samples"),
		.mean_ns = json_object_get(t, "latency_mean_ns"),
		.max_ns = json_object_get(t, "latency_max_ns"),
	};
	json_t *out, *before;
	double migrate_ns, end_ns, before_rate = 0;

	tl.n = json_array_size(tl.ops);
	if (!tl.n || json_array_size(tl.at_ms) != tl.n)
		return NULL; /* a workload.json from before the timeline */
	if (json_array_size(tl.samples) != tl.n ||
	    json_array_size(tl.mean_ns) != tl.n ||
	    json_array_size(tl.max_ns) != tl.n)
		tl.samples =
			NULL; /* no latency samples, or a timeline of old */
	tl.start_ns =
		json_number_value(json_object_get(t, "start_monotonic_ns"));
	end_ns = json_number_value(json_array_get(tl.at_ms, tl.n - 1)) *
		 NS_PER_MS;
	out = json_pack(
		"{s:s, s:f}", "clock",
		"the timeline and the trace (trace-cmd -C mono) both count the guest's CLOCK_MONOTONIC",
		"measured_s", end_ns / NS_PER_S);
	if (!mig) {
		json_object_set_new(out, "whole_run",
				    window_json(&tl, 0, end_ns));
		return out;
	}
	if (!migration_start_guest_ns(metrics, &migrate_ns))
		migrate_ns = tl.start_ns; /* no migrate_at_s: from the start */
	migrate_ns -= tl.start_ns;
	before = window_json(&tl, 0, migrate_ns);
	before_rate = json_number_value(json_object_get(before, "ops_per_s"));
	json_object_set_new(out, "before_migration", before);
	json_object_set_new(out, "migration_first_s",
			    window_json(&tl, migrate_ns,
					migrate_ns + NS_PER_S));
	if (json_array_size(rounds))
		json_object_set_new(out, "in_rounds",
				    rounds_json(&tl, rounds, before_rate));
	return out;
}
