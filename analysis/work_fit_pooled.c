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
#include "samples.h"

/* The columns of hint_work.holds the pool reads. */
enum pooled_col { P_HOLD_NS, P_VISITED, P_PAGES, P_BLOCKS, P_COLS };

static const char *const pooled_name[P_COLS] = { "hold_ns", "visited",
						 "pages_scanned", "blocks" };

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
	json_int_t left_out = 0;
	struct samples col[3] = { { 0 } }; /* visited, blocks, pages_scanned */
	static const char *const work_key[3] = { "visited", "blocks",
						 "pages_scanned" };
	double max[3] = { 0 };
	bool any_max[3] = { false }, known[HINT_FIT_COLS] = { true, true };
	json_t *j;

	for (size_t r = 0; r < n; r++) {
		json_t *work = json_object_get(metrics[r], "hint_work");
		json_t *holds = json_object_get(work, "holds"), *row;
		int idx[P_COLS];
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
	}
	j = json_pack("{s:I, s:I, s:I, s:I, s:I}", "runs", (json_int_t)runs,
		      "runs_without_holds_list", (json_int_t)without,
		      "runs_capped", (json_int_t)capped, "holds",
		      (json_int_t)npts, "holds_left_out", left_out);
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
