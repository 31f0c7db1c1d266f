// SPDX-License-Identifier: GPL-2.0
/*
 * Work under the lock per variant. Variants differ a hundredfold in
 * hinting holds per run: fullscan takes zone->lock once per zone and
 * round, 2 to 4 times a run, too few for a fit (HINT_FIT_MIN_HOLDS), so
 * the holds of all the runs of a group are pooled and fitted once, with
 * the per-run method and inflated rule (hint_fit.c).
 */
#include "work_fit_pooled.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "groups.h"
#include "hint_fit.h"
#include "hint_metrics.h"
#include "samples.h"

/* The columns of hint_work.holds the pool reads. */
enum pooled_col { P_HOLD_NS, P_VISITED, P_PAGES, P_BLOCKS, P_ZONE, P_COLS };

static const char *const pooled_name[P_COLS] = { "hold_ns", "visited",
						 "pages_scanned", "blocks",
						 "zone" };

/* The pooled hold times of each zone, by the zone's key */
struct zone_holds {
	const char *zone[HINT_MAX_ZONES];
	struct samples hold_ns[HINT_MAX_ZONES];
	int n;
};

/*
 * The hold of a row to its zone's samples, the zone named by the row's
 * index into zone_names; false when the row names none.
 */
static bool zone_hold_add(struct zone_holds *z, json_t *zone_names,
			  json_t *index, double hold_ns)
{
	const char *zone;
	int i;

	if (!json_is_integer(index))
		return false;
	zone = json_string_value(
		json_array_get(zone_names, (size_t)json_integer_value(index)));
	if (!zone)
		return false;
	for (i = 0; i < z->n && strcmp(z->zone[i], zone); i++)
		;
	if (i == z->n) {
		if (z->n == HINT_MAX_ZONES)
			return false;
		/* in name order, so a report lists DMA32 before Normal */
		for (i = z->n++; i > 0 && strcmp(z->zone[i - 1], zone) > 0;
		     i--) {
			z->zone[i] = z->zone[i - 1];
			z->hold_ns[i] = z->hold_ns[i - 1];
		}
		z->zone[i] = zone;
		z->hold_ns[i] = (struct samples){ 0 };
	}
	samples_add(&z->hold_ns[i], hold_ns);
	return true;
}

/* {zone: samples_to_json of its holds}, the samples freed */
static json_t *zone_holds_json(struct zone_holds *z)
{
	json_t *j = json_object();

	for (int i = 0; i < z->n; i++) {
		json_object_set_new(j, z->zone[i],
				    samples_to_json(&z->hold_ns[i], 0));
		samples_free(&z->hold_ns[i]);
	}
	return j;
}

/* Where each column is in the rows, from the list's "columns"; -1: absent */
static bool column_index(json_t *holds, int idx[P_COLS])
{
	json_t *cols = json_object_get(holds, "columns"), *v;
	size_t k;

	for (int c = 0; c < P_COLS; c++)
		idx[c] = -1;
	json_array_foreach(cols, k,
			   v) for (int c = 0; c < P_COLS;
				   c++) if (json_is_string(v) &&
					    !strcmp(json_string_value(v),
						    pooled_name[c]))
		idx[c] = (int)k;
	return idx[P_HOLD_NS] >= 0 && idx[P_VISITED] >= 0;
}

static void max_of(double *max, bool *any, json_t *v)
{
	if (!json_is_number(v))
		return;
	if (!*any || json_number_value(v) > *max)
		*max = json_number_value(v);
	*any = true;
}

static json_t *distribution(struct samples *s, double max, bool any_max)
{
	struct samples_summary sum = samples_summarize(s);

	if (!s->n)
		return json_pack("{s:I}", "count", (json_int_t)0);
	if (any_max && max > sum.max)
		sum.max = max;
	/* s is sorted by samples_summarize */
	return json_pack("{s:I, s:f, s:f, s:f}", "count", (json_int_t)s->n,
			 "min", s->v[0], "p50", sum.p50, "max", sum.max);
}

json_t *work_pooled(json_t *const *metrics, size_t n)
{
	struct hint_fit_point *pts = NULL;
	size_t npts = 0, cap = 0, runs = 0, without = 0, capped = 0;
	size_t without_zone = 0;
	json_int_t left_out = 0;
	struct samples col[3] = { { 0 } }; /* visited, blocks, pages_scanned */
	struct samples hold_ns = { 0 };
	struct zone_holds zones = { 0 };
	static const char *const work_key[3] = { "visited", "blocks",
						 "pages_scanned" };
	double max[3] = { 0 };
	bool any_max[3] = { false }, known[HINT_FIT_COLS] = { true, true };
	json_t *j;

	for (size_t r = 0; r < n; r++) {
		json_t *work = json_object_get(metrics[r], "hint_work");
		json_t *holds = json_object_get(work, "holds"), *row;
		json_t *zone_names = json_object_get(holds, "zone_names");
		int idx[P_COLS];
		bool zone_known = true;
		size_t k;

		if (!column_index(holds, idx)) {
			without++;
			continue;
		}
		runs++;
		capped += json_is_true(json_object_get(holds, "capped"));
		left_out +=
			json_integer_value(json_object_get(holds, "left_out"));
		for (int c = 0; c < 3; c++)
			max_of(&max[c], &any_max[c],
			       json_object_get(json_object_get(work,
							       work_key[c]),
					       "max"));
		json_array_foreach(json_object_get(holds, "rows"), k, row)
		{
			json_t *pages =
				idx[P_PAGES] < 0 ?
					NULL :
					json_array_get(row, idx[P_PAGES]);
			struct hint_fit_point p = { 0 };

			if (!json_is_number(
				    json_array_get(row, idx[P_HOLD_NS])))
				continue;
			p.hold_ns = json_number_value(
				json_array_get(row, idx[P_HOLD_NS]));
			samples_add(&hold_ns, p.hold_ns);
			zone_known &=
				idx[P_ZONE] >= 0 &&
				zone_hold_add(&zones, zone_names,
					      json_array_get(row, idx[P_ZONE]),
					      p.hold_ns);
			p.x[HINT_FIT_VISITED] = json_number_value(
				json_array_get(row, idx[P_VISITED]));
			if (json_is_number(pages)) {
				p.x[HINT_FIT_PAGES_SCANNED] =
					json_number_value(pages);
				samples_add(&col[2],
					    p.x[HINT_FIT_PAGES_SCANNED]);
			} else {
				known[HINT_FIT_PAGES_SCANNED] = false;
			}
			samples_add(&col[0], p.x[HINT_FIT_VISITED]);
			if (idx[P_BLOCKS] >= 0)
				samples_add(&col[1],
					    json_number_value(json_array_get(
						    row, idx[P_BLOCKS])));
			if (npts == cap) {
				cap = cap ? 2 * cap : 1024;
				pts = realloc(pts, cap * sizeof(*pts));
				if (!pts)
					abort();
			}
			pts[npts++] = p;
		}
		without_zone += !zone_known;
	}
	j = json_pack("{s:I, s:I, s:I, s:I, s:I, s:o, s:o, s:I}", "runs",
		      (json_int_t)runs, "runs_without_holds_list",
		      (json_int_t)without, "runs_capped", (json_int_t)capped,
		      "holds", (json_int_t)npts, "holds_left_out", left_out,
		      "hold_ns", samples_to_json(&hold_ns, 0),
		      "hold_ns_by_zone", zone_holds_json(&zones),
		      "runs_without_zone", (json_int_t)without_zone);
	samples_free(&hold_ns);
	for (int c = 0; c < 3; c++) {
		if (c == 2 && !known[HINT_FIT_PAGES_SCANNED])
			json_object_set_new(
				j, "pages_scanned_note",
				json_string("not measured on this path"));
		else
			json_object_set_new(j, work_key[c],
					    distribution(&col[c], max[c],
							 any_max[c]));
		samples_free(&col[c]);
	}
	json_object_set_new(j, "fit", hint_fit(pts, npts, known));
	free(pts);
	return j;
}

json_t *work_pooled_group(const struct group *g)
{
	json_t **m = calloc(g->n ? g->n : 1, sizeof(*m)), *j;
	size_t k = 0;

	if (!m)
		return NULL;
	for (size_t i = 0; i < g->n; i++)
		if (g->runs[i]->trace_usable)
			m[k++] = g->runs[i]->metrics;
	j = work_pooled(m, k);
	free(m);
	return j;
}
