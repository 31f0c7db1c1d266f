// SPDX-License-Identifier: GPL-2.0
#include "scaling.h"

#include <gsl/gsl_fit.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hint_fit.h"
#include "samples.h"
#include "stats.h"

#define SIZES_MAX 32
#define MIB_PER_GIB 1024.0

static const double extrapolate_gib[] = { 64, 256, 1024 };
#define EXTRAPOLATE_R2_MIN 0.5

/* jansson has no NaN: a figure that could not be computed is absent */
static json_t *real_or_null(double x)
{
	return isfinite(x) ? json_real(x) : NULL;
}

/* Least squares y = a + b x, as JSON {n, intercept, slope, r2} */
static json_t *line_fit(const double *x, const double *y, size_t n)
{
	double a, b, c00, c01, c11, sumsq, mean = 0, sstot = 0;

	if (n < 3)
		return json_pack("{s:b, s:I, s:s}", "fitted", 0, "n",
				 (json_int_t)n, "reason",
				 "fewer than 3 points");
	for (size_t i = 0; i < n; i++)
		mean += y[i] / n;
	for (size_t i = 0; i < n; i++)
		sstot += (y[i] - mean) * (y[i] - mean);
	if (gsl_fit_linear(x, 1, y, 1, n, &a, &b, &c00, &c01, &c11, &sumsq))
		return json_pack("{s:b, s:I, s:s}", "fitted", 0, "n",
				 (json_int_t)n, "reason", "singular");
	return json_pack("{s:b, s:I, s:f, s:f, s:o*}", "fitted", 1, "n",
			 (json_int_t)n, "intercept", a, "slope", b, "r2",
			 real_or_null(sstot > 0 ? 1 - sumsq / sstot : NAN));
}

static double p50(double *v, size_t n)
{
	if (!n)
		return NAN;
	gsl_sort(v, 1, n);
	return gsl_stats_median_from_sorted_data(v, 1, n);
}

static int by_size(const void *a, const void *b)
{
	const struct group *ga = *(struct group *const *)a;
	const struct group *gb = *(struct group *const *)b;

	return ga->mem_mib - gb->mem_mib;
}

/* A growing array of doubles, enough for a series' holds */
struct vec {
	double *v;
	size_t n, cap;
};

static void push(struct vec *a, double x)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 256;
		a->v = realloc(a->v, a->cap * sizeof(*a->v));
		if (!a->v)
			abort();
	}
	a->v[a->n++] = x;
}

/* The rounds of a run, per zone: free blocks walked and holds */
static void zone_rounds(json_t *zones, json_t *list)
{
	size_t i;
	json_t *r;

	json_array_foreach(list, i, r)
	{
		const char *zone =
			json_string_value(json_object_get(r, "zone"));
		json_t *z;

		if (!zone)
			continue;
		z = json_object_get(zones, zone);
		if (!z) {
			z = json_array();
			json_object_set_new(zones, zone, z);
		}
		json_array_append_new(z,
				      json_real(json_number_value(
					      json_object_get(r, "visited"))));
	}
}

/* Per-zone p50 of the free blocks walked per round, at one size */
static json_t *zone_p50(json_t *zones)
{
	json_t *out = json_object(), *vals;
	const char *zone;

	json_object_foreach(zones, zone, vals)
	{
		size_t n = json_array_size(vals), i;
		double *v = calloc(n ? n : 1, sizeof(*v));
		json_t *x;

		json_array_foreach(vals, i, x) v[i] = json_number_value(x);
		json_object_set_new(out, zone,
				    json_pack("{s:I, s:o*}", "rounds",
					      (json_int_t)n, "visited_p50",
					      real_or_null(p50(v, n))));
		free(v);
	}
	return out;
}

/*
 * What the rounds bought at this size: coverage, and with a migration its
 * time and bytes, as the mean over the group's runs with their n.
 */
static void benefit(json_t *out, const struct group *g)
{
	static const char *const figures[] = { "coverage_pageblock_order",
					       "migration_total_ms",
					       "transferred_bytes" };

	for (size_t i = 0; i < sizeof(figures) / sizeof(figures[0]); i++) {
		struct summary s = group_summary(g, figures[i]);

		if (s.n)
			json_object_set_new(out, figures[i],
					    json_pack("{s:f, s:I}", "mean",
						      s.mean, "n",
						      (json_int_t)s.n));
	}
}

/* One size of a series: its runs pooled, and per-run points for the fits */
/* What the fits of a series take, over all its sizes */
struct series_points {
	struct hint_fit_point *holds; /* every hold: time on work */
	size_t nholds, cap;
	/* per run: size, and its longest hold's entries and time */
	struct vec run_gib, run_max_visited, run_max_hold;
	/* per round: size, and its total hold */
	struct vec round_gib, round_total;
};

static void series_points_free(struct series_points *sp)
{
	free(sp->holds);
	free(sp->run_gib.v);
	free(sp->run_max_visited.v);
	free(sp->run_max_hold.v);
	free(sp->round_gib.v);
	free(sp->round_total.v);
}

static json_t *one_size(const struct group *g, struct series_points *sp)
{
	struct vec hold = { 0 }, visited = { 0 }, rtotal = { 0 }, rdur = { 0 };
	json_t *zones = json_object(), *out;
	double gib = g->mem_mib / MIB_PER_GIB, max_hold = 0, max_vis = 0;
	double hold_p50, lo, hi;
	size_t rounds = 0;

	for (size_t r = 0; r < g->n; r++) {
		json_t *m = g->runs[r]->metrics;
		json_t *rows = json_object_get(
			json_object_get(json_object_get(m, "hint_work"),
					"holds"),
			"rows");
		json_t *list = json_object_get(
			json_object_get(json_object_get(m, "rounds"),
					"per_round"),
			"list");
		double run_hold = 0, run_vis = 0;
		size_t i;
		json_t *row, *rd;

		json_array_foreach(rows, i, row)
		{
			double h = json_number_value(json_array_get(row, 0));
			double v = json_number_value(json_array_get(row, 1));
			json_t *ps = json_array_get(row, 2);

			push(&hold, h);
			push(&visited, v);
			if (sp->nholds == sp->cap) {
				sp->cap = sp->cap ? 2 * sp->cap : 1024;
				sp->holds =
					realloc(sp->holds,
						sp->cap * sizeof(*sp->holds));
				if (!sp->holds)
					abort();
			}
			sp->holds[sp->nholds++] = (struct hint_fit_point){
				.hold_ns = h,
				/* null: pages scanned not measured */
				.x = { [HINT_FIT_VISITED] = v,
				       [HINT_FIT_PAGES_SCANNED] =
					       json_is_number(ps) ?
						       json_number_value(ps) :
						       NAN },
			};
			run_hold = h > run_hold ? h : run_hold;
			run_vis = v > run_vis ? v : run_vis;
		}
		if (json_array_size(rows)) {
			push(&sp->run_gib, gib);
			push(&sp->run_max_visited, run_vis);
			push(&sp->run_max_hold, run_hold);
		}
		max_hold = run_hold > max_hold ? run_hold : max_hold;
		max_vis = run_vis > max_vis ? run_vis : max_vis;
		json_array_foreach(list, i, rd)
		{
			double t = json_number_value(
				json_object_get(rd, "hold_total_ns"));

			push(&rtotal, t);
			push(&rdur, json_number_value(json_object_get(
					    rd, "duration_ns")));
			push(&sp->round_gib, gib);
			push(&sp->round_total, t);
			rounds++;
		}
		zone_rounds(zones, list);
	}
	hold_p50 = p50(hold.v, hold.n); /* sorts hold.v */
	samples_p50_ci95(hold.v, hold.n, &lo, &hi);
	out = json_pack(
		"{s:I, s:f, s:I, s:I, s:o*, s:o*, s:o*, s:f, s:o*, s:f, s:I, s:o*, s:o*, s:o}",
		"mem_mib", (json_int_t)g->mem_mib, "gib", gib, "runs",
		(json_int_t)g->n, "holds", (json_int_t)hold.n, "hold_p50_ns",
		real_or_null(hold_p50), "hold_p50_ci95_low_ns",
		real_or_null(lo), "hold_p50_ci95_high_ns", real_or_null(hi),
		"hold_max_ns", max_hold, "visited_per_hold_p50",
		real_or_null(p50(visited.v, visited.n)), "visited_per_hold_max",
		max_vis, "rounds", (json_int_t)rounds,
		"round_hold_total_p50_ns",
		real_or_null(p50(rtotal.v, rtotal.n)), "round_duration_p50_ns",
		real_or_null(p50(rdur.v, rdur.n)),
		"free_blocks_walked_per_round", zone_p50(zones));
	benefit(out, g);
	json_decref(zones);
	free(hold.v);
	free(visited.v);
	free(rtotal.v);
	free(rdur.v);
	return out;
}

static double fit_at(json_t *fit, double x)
{
	if (!json_is_true(json_object_get(fit, "fitted")))
		return NAN;
	return json_number_value(json_object_get(fit, "intercept")) +
	       json_number_value(json_object_get(fit, "slope")) * x;
}

/* From the work fit and the ns per entry: what a larger guest would hold */
static json_t *extrapolate(json_t *hold_fit, json_t *work_fit,
			   json_t *round_fit)
{
	json_t *out = json_array();
	double ns_per =
		json_number_value(json_object_get(hold_fit, "ns_per_visited"));
	double intercept =
		json_number_value(json_object_get(hold_fit, "intercept_ns"));

	/*
	 * Only where hold time follows the entries visited: a slope that is
	 * not positive, or a fit that explains less than half the spread,
	 * would extrapolate noise.
	 */
	if (!json_is_true(json_object_get(hold_fit, "fitted")) ||
	    !json_is_true(json_object_get(work_fit, "fitted")) ||
	    !(ns_per > 0) ||
	    !(json_number_value(json_object_get(hold_fit, "r2")) >=
	      EXTRAPOLATE_R2_MIN))
		return out;
	for (size_t i = 0;
	     i < sizeof(extrapolate_gib) / sizeof(extrapolate_gib[0]); i++) {
		double gib = extrapolate_gib[i];
		double entries = fit_at(work_fit, gib);

		if (entries < 0)
			entries = 0;
		json_array_append_new(
			out,
			json_pack(
				"{s:f, s:f, s:f, s:f, s:f}", "gib", gib,
				"longest_hold_entries", entries,
				"longest_hold_ns", intercept + ns_per * entries,
				/* hint paths hold zone->lock irqs off */
				"irqs_off_ns", intercept + ns_per * entries,
				"round_hold_total_ns", fit_at(round_fit, gib)));
	}
	return out;
}

static json_t *one_series(struct group **g, size_t n)
{
	struct series_points sp = { 0 };
	bool known[HINT_FIT_COLS] = { true, true };
	json_t *sizes = json_array(), *hold_fit, *work_fit, *ns_fit, *rfit;

	for (size_t i = 0; i < n; i++)
		json_array_append_new(sizes, one_size(g[i], &sp));
	/* rounds by allocation (mainline-hint) measure no pages scanned */
	for (size_t i = 0; i < sp.nholds; i++)
		known[HINT_FIT_PAGES_SCANNED] &=
			!isnan(sp.holds[i].x[HINT_FIT_PAGES_SCANNED]);
	for (size_t i = 0; i < sp.nholds && !known[HINT_FIT_PAGES_SCANNED]; i++)
		sp.holds[i].x[HINT_FIT_PAGES_SCANNED] = 0;
	hold_fit = sp.nholds ? hint_fit(sp.holds, sp.nholds, known) :
			       json_pack("{s:b, s:I, s:s}", "fitted", 0, "n", 0,
					 "reason", "no hinting holds");
	work_fit = line_fit(sp.run_gib.v, sp.run_max_visited.v, sp.run_gib.n);
	ns_fit = line_fit(sp.run_gib.v, sp.run_max_hold.v, sp.run_gib.n);
	rfit = line_fit(sp.round_gib.v, sp.round_total.v, sp.round_gib.n);
	series_points_free(&sp);
	return json_pack("{s:s, s:s, s:o, s:{s:o, s:o, s:o, s:o}, s:o}",
			 "variant", g[0]->variant_key, "context",
			 g[0]->size_free_key, "sizes", sizes, "fits",
			 "hold_on_entries_visited", hold_fit,
			 "longest_hold_entries_on_gib", work_fit,
			 "longest_hold_ns_on_gib", ns_fit,
			 "round_hold_total_ns_on_gib", rfit, "extrapolation",
			 extrapolate(hold_fit, work_fit, rfit));
}

json_t *scaling_series(const struct comparison *c)
{
	struct group **members =
		calloc(c->ngroups ? c->ngroups : 1, sizeof(*members));
	bool *taken = calloc(c->ngroups ? c->ngroups : 1, sizeof(*taken));
	json_t *out = json_array();

	for (size_t i = 0; i < c->ngroups; i++) {
		size_t n = 0;

		if (taken[i])
			continue;
		for (size_t j = i; j < c->ngroups && n < SIZES_MAX; j++) {
			const struct group *a = &c->groups[i],
					   *b = &c->groups[j];

			if (!taken[j] && groups_same_but_size(a, b)) {
				taken[j] = true;
				members[n++] = &c->groups[j];
			}
		}
		if (n < 2)
			continue;
		qsort(members, n, sizeof(*members), by_size);
		json_array_append_new(out, one_series(members, n));
	}
	free(members);
	free(taken);
	return out;
}

static double num(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

/* µs with 1 decimal, or "–" */
static void us(FILE *f, double ns)
{
	if (isnan(ns))
		fputs(" – |", f);
	else
		fprintf(f, " %.1f |", ns / 1000);
}

static void fit_line(FILE *f, const char *what, json_t *fit, const char *unit,
		     const char *per)
{
	if (!json_is_true(json_object_get(fit, "fitted"))) {
		fprintf(f, "- %s: no fit (%s).\n", what,
			json_string_value(json_object_get(fit, "reason")) ?:
				"too few points");
		return;
	}
	fprintf(f, "- %s: %.4g %s per %s, intercept %.4g %s, ", what,
		num(fit, "slope"), unit, per, num(fit, "intercept"), unit);
	if (isnan(num(fit, "r2")))
		fputs("R² – (the values do not vary)", f);
	else
		fprintf(f, "R² %.3f", num(fit, "r2"));
	fprintf(f, " (n = %lld).\n", (long long)num(fit, "n"));
}

/* "mean (n)" of a benefit figure, scaled, or "–" */
static void mean_cell(FILE *f, json_t *sz, const char *key, double scale,
		      const char *fmt)
{
	json_t *b = json_object_get(sz, key);

	if (!b) {
		fputs(" – |", f);
		return;
	}
	fputc(' ', f);
	fprintf(f, fmt, num(b, "mean") * scale);
	fprintf(f, " (%lld) |", (long long)num(b, "n"));
}

/* Coverage, migration time and bytes per size, where the runs have them */
static void benefit_table(FILE *f, json_t *sizes)
{
	size_t i;
	json_t *sz;

	fputs("\n| guest | coverage, mean (n) | migration time (ms), mean (n) | sent (MiB), mean (n) |\n|---|---|---|---|\n",
	      f);
	json_array_foreach(sizes, i, sz)
	{
		fprintf(f, "| %g GiB |", num(sz, "gib"));
		mean_cell(f, sz, "coverage_pageblock_order", 1, "%.3f");
		mean_cell(f, sz, "migration_total_ms", 1, "%.0f");
		mean_cell(f, sz, "transferred_bytes", 1.0 / (1 << 20), "%.0f");
		fputc('\n', f);
	}
}

/* The pages-scanned term of a hold fit that has one */
static const char *pages_note(json_t *hold, char *buf, size_t len)
{
	if (isnan(num(hold, "ns_per_page_scanned")))
		return "";
	snprintf(buf, len, " plus %.2f ns per page scanned",
		 num(hold, "ns_per_page_scanned"));
	return buf;
}

static void series_report(FILE *f, json_t *s, int tcg)
{
	json_t *sizes = json_object_get(s, "sizes"), *fits, *hold, *x, *sz;
	char note[64];
	size_t i;

	fprintf(f, "### %s — %s\n\n",
		json_string_value(json_object_get(s, "variant")),
		json_string_value(json_object_get(s, "context")));
	fputs("| guest | runs | holds | hold p50 (µs) | its 95 % interval (µs) | hold max (µs) | entries per hold p50 | max | rounds | free blocks walked per round, p50 by zone | total hold per round p50 (µs) | round time p50 (µs) |\n"
	      "|---|---|---|---|---|---|---|---|---|---|---|---|\n",
	      f);
	json_array_foreach(sizes, i, sz)
	{
		json_t *zones =
			json_object_get(sz, "free_blocks_walked_per_round");
		const char *zone;
		json_t *z;
		bool first = true;

		fprintf(f, "| %g GiB | %lld | %lld |", num(sz, "gib"),
			(long long)num(sz, "runs"),
			(long long)num(sz, "holds"));
		us(f, num(sz, "hold_p50_ns"));
		if (isnan(num(sz, "hold_p50_ci95_low_ns")))
			fprintf(f, " n < %d |", SAMPLES_MIN_P50_CI95);
		else
			fprintf(f, " %.1f–%.1f (±%.0f %%) |",
				num(sz, "hold_p50_ci95_low_ns") / 1000,
				num(sz, "hold_p50_ci95_high_ns") / 1000,
				50 *
					(num(sz, "hold_p50_ci95_high_ns") -
					 num(sz, "hold_p50_ci95_low_ns")) /
					num(sz, "hold_p50_ns"));
		us(f, num(sz, "hold_max_ns"));
		fprintf(f, " %.0f | %.0f | %lld |",
			num(sz, "visited_per_hold_p50"),
			num(sz, "visited_per_hold_max"),
			(long long)num(sz, "rounds"));
		json_object_foreach(zones, zone, z)
		{
			fprintf(f, "%s%s %.0f (%lld)", first ? " " : ", ", zone,
				num(z, "visited_p50"),
				(long long)num(z, "rounds"));
			first = false;
		}
		fputs(first ? " – |" : " |", f);
		us(f, num(sz, "round_hold_total_p50_ns"));
		us(f, num(sz, "round_duration_p50_ns"));
		fputc('\n', f);
	}
	benefit_table(f, sizes);
	fits = json_object_get(s, "fits");
	hold = json_object_get(fits, "hold_on_entries_visited");
	fputc('\n', f);
	if (json_is_true(json_object_get(hold, "fitted")))
		fprintf(f,
			"- Hold on entries visited, every hold of every size (robust fit): %.1f ns per entry%s, intercept %.0f ns, R² %.3f (n = %lld holds; %lld inflated: more than the fit allows, the vCPU lost its host CPU while holding).\n",
			num(hold, "ns_per_visited"),
			pages_note(hold, note, sizeof(note)),
			num(hold, "intercept_ns"), num(hold, "r2"),
			(long long)num(hold, "n"),
			(long long)num(hold, "inflated"));
	else
		fprintf(f, "- Hold on entries visited: no fit (%s).\n",
			json_string_value(json_object_get(hold, "reason")) ?:
				"too few holds");
	fit_line(f, "Longest hold's entries on guest size, one point a run",
		 json_object_get(fits, "longest_hold_entries_on_gib"),
		 "entries", "GiB");
	fit_line(f, "Longest hold on guest size, one point a run",
		 json_object_get(fits, "longest_hold_ns_on_gib"), "ns", "GiB");
	fit_line(f, "Total hold per round on guest size, one point a round",
		 json_object_get(fits, "round_hold_total_ns_on_gib"), "ns",
		 "GiB");
	x = json_object_get(s, "extrapolation");
	if (!json_array_size(x)) {
		fprintf(f,
			"\nNo extrapolation: it needs a work fit and a hold fit with a positive slope and R² of %.1f or more.\n\n",
			EXTRAPOLATE_R2_MIN);
		return;
	}
	fprintf(f,
		"\n**Extrapolation**, not a measurement: the work fit's entries at each size, times %.1f ns per entry plus %.0f ns, from %s measurements; irqs are off for every hinting hold.\n\n"
		"| guest | longest hold: entries | longest hold (µs) | irqs off (µs) | total hold per round (µs) |\n|---|---|---|---|---|\n",
		num(hold, "ns_per_visited"), num(hold, "intercept_ns"),
		tcg ? "TCG (inflated)" : "these");
	json_array_foreach(x, i, sz)
	{
		fprintf(f, "| %g GiB | %.0f |", num(sz, "gib"),
			num(sz, "longest_hold_entries"));
		us(f, num(sz, "longest_hold_ns"));
		us(f, num(sz, "irqs_off_ns"));
		us(f, num(sz, "round_hold_total_ns"));
		fputc('\n', f);
	}
	fputc('\n', f);
}

void scaling_report(FILE *f, json_t *series, int tcg)
{
	size_t i;
	json_t *s;

	if (!json_array_size(series))
		return;
	fputs("## Scaling with guest size\n\n"
	      "Each variant's groups that differ only in guest size, pooled. Entries: what a hold visited "
	      "(list entries walked, blocks isolated); free blocks walked per round: the round's entries, by zone.\n\n",
	      f);
	json_array_foreach(series, i, s) series_report(f, s, tcg);
}
