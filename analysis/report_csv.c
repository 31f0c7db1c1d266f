// SPDX-License-Identifier: GPL-2.0
#include "report_csv.h"

#include <math.h>
#include <string.h>

#include "figures.h"
#include "host_factor.h"

/* A field that may hold commas or quotes, quoted as RFC 4180 says. */
static void quoted(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void number(FILE *f, bool valid, double v)
{
	if (valid)
		fprintf(f, ",%.10g", v);
	else
		fputs(",", f);
}

/*
 * The pooled work of each group (groups.h, work): one value per row, of
 * the holds of all its runs; n: the runs for the counts of runs and holds,
 * the pooled holds otherwise. No spread, no baseline: one fit, not a mean.
 */
static const struct {
	const char *metric, *path, *unit;
	bool of_runs;
} pooled_rows[] = {
	{ "work_pooled_runs", "runs", "runs", true },
	{ "work_pooled_holds", "holds", "holds", true },
	{ "work_pooled_visited_p50", "visited.p50", "entries", false },
	{ "work_pooled_visited_max", "visited.max", "entries", false },
	{ "work_pooled_blocks_p50", "blocks.p50", "blocks", false },
	{ "work_pooled_blocks_max", "blocks.max", "blocks", false },
	{ "work_pooled_pages_scanned_p50", "pages_scanned.p50", "pages",
	  false },
	{ "work_pooled_pages_scanned_max", "pages_scanned.max", "pages",
	  false },
	{ "work_pooled_fit", "fit.fitted", "bool", false },
	{ "work_pooled_fit_intercept_ns", "fit.intercept_ns", "ns", false },
	{ "work_pooled_fit_ns_per_visited", "fit.ns_per_visited", "ns/entry",
	  false },
	{ "work_pooled_fit_ns_per_page_scanned", "fit.ns_per_page_scanned",
	  "ns/page", false },
	{ "work_pooled_fit_r2", "fit.r2", "ratio", false },
	{ "work_pooled_fit_inflated", "fit.inflated", "holds", false },
	{ "work_pooled_fit_inflated_share", "fit.inflated_share", "ratio",
	  false },
};

static void pooled_write(FILE *f, const struct group *g)
{
	json_t *runs = json_object_get(g->work, "runs");
	json_t *holds = json_object_get(g->work, "holds");
	const char *why = json_string_value(figure_path(g->work, "fit.reason"));
	char note[512];

	if (!json_is_integer(runs) || !json_integer_value(runs))
		return;
	for (size_t i = 0; i < sizeof(pooled_rows) / sizeof(pooled_rows[0]);
	     i++) {
		json_t *v = figure_path(g->work, pooled_rows[i].path);
		bool is_fit = !strcmp(pooled_rows[i].path, "fit.fitted");

		if (!json_is_number(v) && !is_fit)
			continue;
		quoted(f, g->variant_key);
		fputc(',', f);
		quoted(f, g->size_free_key);
		fprintf(f, ",%d,%s,%s,%lld", g->mem_mib, pooled_rows[i].metric,
			pooled_rows[i].unit,
			(long long)json_integer_value(
				pooled_rows[i].of_runs ? runs : holds));
		number(f, true,
		       is_fit ? json_is_true(v) : json_number_value(v));
		fputs(",,,,,,,0,,,,,,,", f);
		snprintf(
			note, sizeof(note),
			"pooled over the hinting holds of %lld run(s), one fit%s%s",
			(long long)json_integer_value(runs),
			is_fit && why ? ": no fit: " : "",
			is_fit && why ? why : "");
		quoted(f, note);
		fputc('\n', f);
	}
}

/*
 * A pooled median hold (work_fit_pooled.h: hold_ns, hold_ns_by_zone) as a
 * row: the median in mean, its distribution-free interval in ci95_low and
 * ci95_high, n the holds; no spread, no baseline.
 */
static void pooled_p50_row(FILE *f, const struct group *g, const char *zone,
			   json_t *sum)
{
	json_t *p50 = figure_lookup(sum, "p50_ns");
	json_t *low = figure_lookup(sum, "p50_ci95_low_ns");
	json_t *high = figure_lookup(sum, "p50_ci95_high_ns");
	const char *too_few =
		json_string_value(json_object_get(sum, "p50_ci95_ns_note"));
	char note[512];

	if (!p50)
		return;
	quoted(f, g->variant_key);
	fputc(',', f);
	quoted(f, g->size_free_key);
	fprintf(f, ",%d,work_pooled_hold_p50_ns%s%s,ns,%lld", g->mem_mib,
		zone ? "_" : "", zone ? zone : "",
		(long long)json_integer_value(json_object_get(sum, "count")));
	number(f, true, json_number_value(p50));
	fputs(",,,", f);
	number(f, low && high, json_number_value(low));
	number(f, low && high, json_number_value(high));
	fputs(",,0,,,,,,,", f);
	snprintf(
		note, sizeof(note),
		"median of the hinting holds of %lld run(s) pooled, %s%s; ci95: the median's distribution-free interval%s%s",
		(long long)json_integer_value(json_object_get(g->work, "runs")),
		zone ? "zone " : "all zones", zone ? zone : "",
		too_few ? ", none: " : "", too_few ? too_few : "");
	quoted(f, note);
	fputc('\n', f);
}

static void pooled_p50_write(FILE *f, const struct group *g)
{
	json_t *zones = json_object_get(g->work, "hold_ns_by_zone"), *z;
	const char *zone;

	pooled_p50_row(f, g, NULL, json_object_get(g->work, "hold_ns"));
	json_object_foreach(zones, zone, z) pooled_p50_row(f, g, zone, z);
}

/*
 * A figure's spread between the hosts of one variant and context
 * (host_factor.h): n the hosts, mean, sd, min and max those of the hosts'
 * means, p Welch's of the two furthest apart, the hosts' means in note.
 */
static void host_spread_write(FILE *f, json_t *s)
{
	json_t *fig, *row;
	size_t i, k;

	json_array_foreach(json_object_get(s, "figures"), i, fig)
	{
		json_t *by_host = json_object_get(fig, "by_host");
		json_t *p = json_object_get(fig, "welch_p");
		json_t *pct = json_object_get(fig, "spread_pct");
		char note[1024];
		size_t used;

		quoted(f, json_string_value(json_object_get(s, "variant")));
		fputc(',', f);
		quoted(f, json_string_value(json_object_get(s, "context")));
		fprintf(f, ",%lld,%s_host_spread,%s,%zu",
			(long long)json_integer_value(
				json_object_get(s, "mem_mib")),
			json_string_value(json_object_get(fig, "name")),
			json_string_value(json_object_get(fig, "unit")),
			json_array_size(by_host));
		number(f, true,
		       json_number_value(json_object_get(fig, "mean")));
		number(f, true, json_number_value(json_object_get(fig, "sd")));
		number(f, true, json_number_value(json_object_get(fig, "min")));
		number(f, true, json_number_value(json_object_get(fig, "max")));
		fputs(",,,,0,,,,", f);
		number(f, p, json_number_value(p));
		fprintf(f, ",%s,",
			p ? json_string_value(
				    json_object_get(fig, "significance")) :
			    "");
		if (json_object_get(fig, "lowest"))
			used = snprintf(
				note, sizeof(note),
				"spread between the hosts' means %.1f %%; furthest apart %s < %s, p_value Welch's of the two; means:",
				pct ? json_number_value(pct) : NAN,
				json_string_value(
					json_object_get(fig, "lowest")),
				json_string_value(
					json_object_get(fig, "highest")));
		else
			used = snprintf(note, sizeof(note),
					"the hosts' means equal; means:");
		json_array_foreach(by_host, k, row) if (used < sizeof(note))
			used += snprintf(
				note + used, sizeof(note) - used,
				"%s %s %.10g (n=%lld)", k ? "," : "",
				json_string_value(json_object_get(row, "host")),
				json_number_value(json_object_get(row, "mean")),
				(long long)json_integer_value(
					json_object_get(row, "n")));
		quoted(f, note);
		fputc('\n', f);
	}
}

int report_csv_write(FILE *f, const struct comparison *c)
{
	json_t *hosts, *s;
	size_t k;

	fputs("variant,context,mem_mib,metric,unit,n,mean,sd,min,max,ci95_low,ci95_high,"
	      "baseline,baseline_n,baseline_mean,change_pct,welch_t,welch_df,p_value,significance,note\n",
	      f);
	for (size_t i = 0; i < c->ngroups; i++) {
		const struct group *g = &c->groups[i];

		for (int m = 0; m < figure_count; m++) {
			const struct figure_def *d = &figure_defs[m];
			struct summary s = group_summary(g, d->name), b = { 0 };
			struct welch w = { 0 };
			bool has_base = g->baseline && g->baseline != g;

			int left_out = 0;
			double lo = -1, hi = -1, cnt;

			/* runs whose metrics left the figure out, and why */
			for (size_t r = 0; r < g->n; r++) {
				const struct run *run = g->runs[r];
				double v;

				if (!run->trace_usable ||
				    run_figure(run, d->name, &v) ||
				    !figure_note(run->metrics, d))
					continue;
				left_out++;
				if (figure_n(run->metrics, d, &cnt)) {
					lo = lo < 0 || cnt < lo ? cnt : lo;
					hi = cnt > hi ? cnt : hi;
				}
			}
			if (!s.n && !left_out)
				continue;
			if (has_base) {
				b = group_summary(g->baseline, d->name);
				w = welch_test(&s, &b);
			}
			quoted(f, g->variant_key);
			fputc(',', f);
			quoted(f, g->size_free_key);
			fprintf(f, ",%d,%s,%s,%zu", g->mem_mib, d->name,
				d->unit, s.n);
			number(f, s.n > 0, s.mean);
			number(f, s.n >= 2, s.sd);
			number(f, s.n > 0, s.min);
			number(f, s.n > 0, s.max);
			number(f, s.n >= 2, s.mean - s.ci95);
			number(f, s.n >= 2, s.mean + s.ci95);
			fputc(',', f);
			if (has_base)
				quoted(f, g->baseline->variant_key);
			fprintf(f, ",%zu", b.n);
			number(f, b.n > 0, b.mean);
			number(f, w.change_valid, w.change_pct);
			number(f, w.valid, w.t);
			number(f, w.valid, w.df);
			number(f, w.valid, w.p);
			fprintf(f, ",%s,", significance_mark(&w));
			if (left_out) {
				char note[128];

				snprintf(
					note, sizeof(note),
					"%d run(s) without it: n too small (n=%.0f..%.0f)",
					left_out, lo, hi);
				quoted(f, note);
			}
			fputc('\n', f);
		}
	}
	for (size_t i = 0; i < c->ngroups; i++) {
		pooled_write(f, &c->groups[i]);
		pooled_p50_write(f, &c->groups[i]);
	}
	hosts = host_factor(c);
	json_array_foreach(json_object_get(hosts, "spread"), k, s)
		host_spread_write(f, s);
	json_decref(hosts);
	return ferror(f) ? -1 : 0;
}
