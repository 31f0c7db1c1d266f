// SPDX-License-Identifier: GPL-2.0
#include "report_md.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "figures.h"
#include "hint_metrics.h"
#include "host_factor.h"
#include "report_host.h"
#include "samples.h"
#include "scaling.h"

#define MAX_VALUES 64

/* The distinct values of a meta.json string over all runs, joined. */
static void distinct(const struct comparison *c, const char *key, char *out,
		     size_t len)
{
	const char *seen[MAX_VALUES];
	int n = 0;
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < c->nruns; i++) {
		const char *v = run_meta(&c->runs[i], key);
		bool dup = false;

		for (int k = 0; k < n; k++)
			dup |= !strcmp(seen[k], v);
		if (dup || n == MAX_VALUES)
			continue;
		seen[n++] = v;
		used += snprintf(out + used, used < len ? len - used : 0,
				 "%s%s", n > 1 ? ", " : "", v);
	}
}

static void distinct_mem(const struct comparison *c, char *out, size_t len)
{
	int seen[MAX_VALUES], n = 0;
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < c->nruns; i++) {
		int v = c->runs[i].mem_mib;
		bool dup = false;

		for (int k = 0; k < n; k++)
			dup |= seen[k] == v;
		if (dup || n == MAX_VALUES)
			continue;
		seen[n++] = v;
		used += snprintf(out + used, used < len ? len - used : 0,
				 "%s%d MiB", n > 1 ? ", " : "", v);
	}
}

static bool any_accel(const struct comparison *c, const char *accel)
{
	for (size_t i = 0; i < c->nruns; i++)
		if (!strcmp(run_meta(&c->runs[i], "accel"), accel))
			return true;
	return false;
}

/* What every report names, from meta.json; NULL key: the guest sizes */
static const struct {
	const char *label, *key;
} provenance[] = {
	{ "guest kernel", "kernel_release" },
	{ "variants", "variant" },
	{ "workloads", "workload" },
	{ "guest sizes", NULL },
	{ "QEMU", "qemu_version" },
	{ "accelerator", "accel" },
	{ "host", "host" },
	{ "host kernel", "host_kernel" },
	{ "git revision", "git_revision" },
};

/*
 * Runs whose rounds the guest ran on demand had no migration, and their
 * hinted blocks went nowhere: say so, and what each variant's rounds did.
 */
static void rounds_on_demand_note(FILE *f, const struct comparison *c)
{
	bool any = false;

	for (size_t i = 0; i < c->ngroups; i++) {
		const struct group *g = &c->groups[i];
		json_t *od = json_object_get(g->runs[0]->metrics,
					     "rounds_on_demand");
		long long run = 0, failed = 0, runs = 0;
		bool seen = false;

		/* one line for a variant's groups that differ only in size */
		for (size_t j = 0; j < i; j++)
			seen |= groups_same_but_size(&c->groups[j], g);
		if (!od || seen)
			continue;
		if (!any)
			fputs("> **Rounds on demand** (`bench --rounds`): no migration; the guest ran each round "
			      "through its kernel's debugfs trigger while the workload ran.\n",
			      f);
		any = true;
		for (size_t k = i; k < c->ngroups; k++) {
			const struct group *h = &c->groups[k];

			if (!groups_same_but_size(h, g))
				continue;
			for (size_t j = 0; j < h->n; j++) {
				json_t *r = json_object_get(h->runs[j]->metrics,
							    "rounds_on_demand");

				run += json_integer_value(
					json_object_get(r, "rounds_run"));
				failed += json_integer_value(
					json_object_get(r, "rounds_failed"));
				runs++;
			}
		}
		fprintf(f,
			"> - %s (%s): %lld round(s) in %lld run(s), %lld failed; trigger `%s`; the blocks went to %s.\n",
			g->variant_key, g->size_free_key, run, runs, failed,
			json_string_value(json_object_get(od, "trigger")),
			json_string_value(json_object_get(od, "sink")));
	}
	if (any)
		fputs("\n", f);
}

static void header(FILE *f, const struct report_input *in)
{
	const struct comparison *c = in->c;
	char buf[4096];
	char when[64];
	time_t now = time(NULL);

	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", gmtime(&now));
	fprintf(f, "# lockhold report\n\n");
	fprintf(f,
		"Generated %s by `lockhold-compare` from %zu run(s) under `%s`.\n\n",
		when, c->nruns, in->runs_dir);
	fputs("| | |\n|---|---|\n", f);
	for (size_t i = 0; i < sizeof(provenance) / sizeof(provenance[0]);
	     i++) {
		if (provenance[i].key)
			distinct(c, provenance[i].key, buf, sizeof(buf));
		else
			distinct_mem(c, buf, sizeof(buf));
		fprintf(f, "| %s | %s |\n", provenance[i].label, buf);
	}
	fprintf(f, "| baseline | %s%s |\n\n", c->baseline,
		in->baseline_present ? "" : " (no runs: changes not computed)");
	if (any_accel(c, "tcg"))
		fputs("> **The accelerator was TCG**: the guests ran under QEMU's CPU emulation, not KVM. "
		      "Absolute times (lock holds, waits, migration time, throughput) are inflated and "
		      "are not what hardware would show; compare the variants with each other, as ratios, "
		      "within this report.\n\n",
		      f);
	rounds_on_demand_note(f, c);
}

static void runs_table(FILE *f, const struct comparison *c)
{
	fputs("## Runs\n\n| run | variant | workload | guest | host | status | trace |\n|---|---|---|---|---|---|---|\n",
	      f);
	for (size_t i = 0; i < c->nruns; i++) {
		const struct run *r = &c->runs[i];

		fprintf(f, "| %s | %s | %s | %d MiB | %s | %s | %s |\n",
			r->name, r->variant_key, r->workload, r->mem_mib,
			run_host(r), r->status,
			r->trace_usable ?
				"ok" :
				"**unusable: trace figures left out**");
	}
	fputc('\n', f);
}

static void problems(FILE *f, const struct comparison *c)
{
	bool any = false;

	for (size_t i = 0; i < c->nruns; i++) {
		const struct run *r = &c->runs[i];

		if (r->ok && r->trace_usable)
			continue;
		if (!any)
			fputs("## Problems\n\n", f);
		any = true;
		if (!r->ok)
			fprintf(f,
				"- `%s`: status `%s`, left out of the comparison\n",
				r->name, r->status);
		if (!r->trace_usable)
			fprintf(f, "- `%s`: %s\n", r->name,
				r->trace_problem ? r->trace_problem :
						   "trace unusable");
	}
	if (any)
		fputc('\n', f);
}

/* ns shown in µs and bytes in MiB: the tables are read, not parsed. */
double report_shown(const struct figure_def *d, double v, const char **unit)
{
	*unit = d->unit;
	if (!strcmp(d->unit, "ns")) {
		*unit = "µs";
		return v / 1e3;
	}
	if (!strcmp(d->unit, "bytes")) {
		*unit = "MiB";
		return v / (1 << 20);
	}
	return v;
}

/*
 * The runs of g that lack figure d and say why ("n too small (n=3)"): how
 * many, and the range of their counts in buf ("3" or "3–5").
 */
static int notes(const struct group *g, const struct figure_def *d, char *buf,
		 size_t len)
{
	double lo = -1, hi = -1;
	int k = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < g->n; i++) {
		const struct run *r = g->runs[i];
		double v, n;

		if (!r->trace_usable || run_figure(r, d->name, &v) ||
		    !figure_note(r->metrics, d))
			continue;
		k++;
		if (!figure_n(r->metrics, d, &n))
			continue;
		lo = lo < 0 || n < lo ? n : lo;
		hi = n > hi ? n : hi;
	}
	if (lo < 0)
		snprintf(buf, len, "?");
	else if (lo == hi)
		snprintf(buf, len, "%.0f", lo);
	else
		snprintf(buf, len, "%.0f–%.0f", lo, hi);
	return k;
}

/* " n=COUNT" (or "n=LOW–HIGH") of what the figure is of, over its runs */
static void figure_of(FILE *f, const struct group *g,
		      const struct figure_def *d)
{
	double lo = 0, hi = 0, v, n;
	bool any = false;

	for (size_t i = 0; i < g->n; i++) {
		const struct run *r = g->runs[i];

		if (!run_figure(r, d->name, &v) || !figure_n(r->metrics, d, &n))
			continue;
		lo = any && lo < n ? lo : n;
		hi = any && hi > n ? hi : n;
		any = true;
	}
	if (!any)
		return;
	if (lo == hi)
		fprintf(f, " n=%.0f", lo);
	else
		fprintf(f, " n=%.0f–%.0f", lo, hi);
}

static void cell(FILE *f, const struct group *g, const struct figure_def *d)
{
	struct summary s = group_summary(g, d->name);
	const char *unit;
	char counts[256];
	int k = notes(g, d, counts, sizeof(counts));

	if (!s.n) {
		if (k)
			fprintf(f, " n too small (n=%s) |", counts);
		else
			fputs(" – |", f);
		return;
	}
	fprintf(f, " %.4g", report_shown(d, s.mean, &unit));
	if (s.n >= 2)
		fprintf(f, " ±%.2g", report_shown(d, s.ci95, &unit));
	if (g->baseline && g->baseline != g) {
		struct summary b = group_summary(g->baseline, d->name);
		struct welch w = welch_test(&s, &b);

		if (w.change_valid)
			fprintf(f, " (%+.1f %%%s)", w.change_pct,
				significance_mark(&w));
	}
	figure_of(f, g, d);
	if (k)
		fprintf(f, "; %d run(s) left out, n too small (n=%s)", k,
			counts);
	fputs(" |", f);
}

static void context_table(FILE *f, const struct comparison *c, size_t first,
			  size_t end)
{
	fprintf(f, "## Comparison: %s\n\n| metric | unit |",
		c->groups[first].context_key);
	for (size_t i = first; i < end; i++)
		fprintf(f, " %s (n=%zu) |", c->groups[i].variant_key,
			c->groups[i].n);
	fputs("\n|---|---|", f);
	for (size_t i = first; i < end; i++)
		fputs("---|", f);
	fputc('\n', f);
	for (int m = 0; m < figure_count; m++) {
		const struct figure_def *d = &figure_defs[m];
		const char *unit;
		bool any = false;

		for (size_t i = first; i < end; i++) {
			char buf[8];

			any |= group_summary(&c->groups[i], d->name).n > 0 ||
			       notes(&c->groups[i], d, buf, sizeof(buf)) > 0;
		}
		if (!any)
			continue;
		report_shown(d, 0, &unit);
		fprintf(f, "| %s: %s | %s |", d->name, d->what, unit);
		for (size_t i = first; i < end; i++)
			cell(f, &c->groups[i], d);
		fputc('\n', f);
	}
	fputc('\n', f);
}

static void comparison_tables(FILE *f, const struct comparison *c)
{
	fputs("Each cell: mean ±95 % confidence half width over the runs that have the figure; "
	      "for a variant, in brackets, its change against the baseline in the same context, "
	      "with Welch's t-test: `**` p < 0.01, `*` p < 0.05, no mark: not significant "
	      "(or fewer than 2 runs on a side); then `n=`: what the figure is of in each run "
	      "(holds, waits, rounds), its range over the runs. `–`: no such figure "
	      "(e.g. no hint-path holds without hinting). A tail percentile needs n >= 100 "
	      "(p99) or n >= 1000 (p99.9) in a run, otherwise the run shows `n too small`. "
	      "Variants differ a hundredfold in holds per round: compare them per round "
	      "(`round_*`) and by work (`work_*`, `fit_*`) as well as per hold. Every statistic, "
	      "with t, degrees of freedom and p, is in [comparison.csv](comparison.csv).\n\n",
	      f);
	for (size_t i = 0; i < c->ngroups;) {
		size_t end = i + 1;

		while (end < c->ngroups && !strcmp(c->groups[end].context_key,
						   c->groups[i].context_key))
			end++;
		context_table(f, c, i, end);
		i = end;
	}
}

/* A number of the pooled work of g at a dotted path, if it has it. */
static bool pooled_num(const struct group *g, const char *path, double *v)
{
	json_t *j = figure_lookup(g->work, path);

	if (!j)
		return false;
	*v = json_number_value(j);
	return true;
}

/* A note on group g: "- VARIANT, WORKLOAD, N MiB: " and fmt, a line */
static void group_note(FILE *f, const struct group *g, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void group_note(FILE *f, const struct group *g, const char *fmt, ...)
{
	va_list ap;

	fprintf(f, "- %s, %s, %d MiB: ", g->variant_key, g->size_free_key,
		g->mem_mib);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

/* Whether any group's pooled holds have a number above 0 at path */
static bool any_pooled(const struct comparison *c, const char *path)
{
	double v;

	for (size_t i = 0; i < c->ngroups; i++)
		if (pooled_num(&c->groups[i], path, &v) && v > 0)
			return true;
	return false;
}

/* " FORMAT |" of the number at path, " – |" without it */
static void pooled_cell(FILE *f, const struct group *g, const char *path,
			const char *fmt, double scale)
{
	double v;

	if (!pooled_num(g, path, &v)) {
		fputs(" – |", f);
		return;
	}
	fputc(' ', f);
	fprintf(f, fmt, v * scale);
	fputs(" |", f);
}

/* One fit per group over the hinting holds of all its runs. */
static void work_pooled(FILE *f, const struct comparison *c)
{
	bool notes = false;
	double v, w;

	if (!any_pooled(c, "runs"))
		return;
	fputs("## Work under the lock\n\n"
	      "The hinting holds of all the runs of a group pooled, and one robust fit (bisquare) "
	      "of hold time on the work done under the lock, as each run's `hint_work.fit`: variants "
	      "differ a hundredfold in holds per run (fullscan takes zone->lock once per zone and "
	      "round), too few in a run for a fit of its own. R²: least squares on the same columns, "
	      "inflated holds left out; inflated: hold > 2 × fitted and > fitted + 20 µs.",
	      f);
	if (any_accel(c, "tcg"))
		fputs(" **The times (fixed µs, ns/entry, ns/page scanned, and so R² and inflated) are "
		      "inflated by TCG**, the guests' CPU emulation, and a vCPU that loses its host CPU "
		      "under the lock inflates a hold further; **the work counts (visited, blocks, pages "
		      "scanned) are not**: they are what the kernel did, whatever the host.",
		      f);
	fputs("\n\n| variant | workload | guest | runs | holds | visited p50 / max | blocks max "
	      "| pages scanned max | fixed µs | ns/entry | ns/page scanned | R² | inflated |\n"
	      "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n",
	      f);
	for (size_t i = 0; i < c->ngroups; i++) {
		const struct group *g = &c->groups[i];
		bool fitted = json_is_true(figure_path(g->work, "fit.fitted"));

		if (!pooled_num(g, "runs", &v))
			continue;
		fprintf(f, "| %s | %s | %d MiB |", g->variant_key,
			g->size_free_key, g->mem_mib);
		pooled_cell(f, g, "runs", "%.0f", 1);
		pooled_cell(f, g, "holds", "%.0f", 1);
		if (pooled_num(g, "visited.p50", &v) &&
		    pooled_num(g, "visited.max", &w))
			fprintf(f, " %.4g / %.0f |", v, w);
		else
			fputs(" – |", f);
		pooled_cell(f, g, "blocks.max", "%.0f", 1);
		if (figure_path(g->work, "pages_scanned_note"))
			fputs(" not measured |", f);
		else
			pooled_cell(f, g, "pages_scanned.max", "%.0f", 1);
		pooled_cell(f, g, "fit.intercept_ns", "%.3g", 1e-3);
		pooled_cell(f, g, "fit.ns_per_visited", "%.4g", 1);
		pooled_cell(f, g, "fit.ns_per_page_scanned", "%.4g", 1);
		pooled_cell(f, g, "fit.r2", "%.3f", 1);
		if (fitted && pooled_num(g, "fit.inflated", &v) &&
		    pooled_num(g, "fit.inflated_share", &w))
			fprintf(f, " %.0f (%.1f %%) |\n", v, 100 * w);
		else
			fputs(" – |\n", f);
	}
	fputc('\n', f);
	for (size_t i = 0; i < c->ngroups; i++) {
		const struct group *g = &c->groups[i];
		const char *why =
			json_string_value(figure_path(g->work, "fit.reason"));
		json_t *n, *cols = figure_path(g->work, "fit.columns");
		size_t k;

		if (!pooled_num(g, "runs", &v))
			continue;
		if (why) {
			group_note(f, g, "no fit: %s", why);
			notes = true;
		}
		json_array_foreach(figure_path(g->work, "fit.notes"), k, n)
		{
			group_note(f, g, "%s", json_string_value(n));
			notes = true;
		}
		if (pooled_num(g, "fit.ns_per_visited", &v) && v < 0 &&
		    pooled_num(g, "visited.min", &v) &&
		    pooled_num(g, "visited.max", &w)) {
			group_note(
				f, g,
				"ns/entry negative: entries visited span only %.0f–%.0f here, too narrow against the spread of the hold times to tell the cost of an entry from the fixed time",
				v, w);
			notes = true;
		}
		if (json_array_size(cols) == 1 &&
		    !figure_path(g->work, "pages_scanned_note")) {
			group_note(
				f, g,
				"fitted on %s alone, the other column constant",
				json_string_value(json_array_get(cols, 0)));
			notes = true;
		}
		if (pooled_num(g, "holds_left_out", &v) && v > 0) {
			group_note(
				f, g,
				"%.0f run(s) listed at most %d holds each, %.0f holds left out of the pool (max: of every hold)",
				pooled_num(g, "runs_capped", &w) ? w : 0,
				HINT_WORK_HOLDS_CAP, v);
			notes = true;
		}
		if (pooled_num(g, "runs_without_holds_list", &v) && v > 0) {
			group_note(
				f, g,
				"%.0f run(s) left out, their metrics.json has no `hint_work.holds` (rerun lockhold-metrics --force)",
				v);
			notes = true;
		}
	}
	if (notes)
		fputc('\n', f);
}

/*
 * " p50 | low–high | ±half-width % |" of a pooled hold summary
 * (samples_to_json), in µs; the note in place of an interval too few
 * holds cannot give.
 */
static void p50_interval_cells(FILE *f, json_t *sum)
{
	json_t *p50 = figure_lookup(sum, "p50_ns");
	json_t *low = figure_lookup(sum, "p50_ci95_low_ns");
	json_t *high = figure_lookup(sum, "p50_ci95_high_ns");
	const char *note =
		json_string_value(json_object_get(sum, "p50_ci95_ns_note"));
	double mid = json_number_value(p50);

	if (!p50) {
		fputs(" – | – | – |", f);
		return;
	}
	fprintf(f, " %.4g |", mid / 1e3);
	if (!low || !high) {
		fprintf(f, " %s | – |", note ? note : "–");
		return;
	}
	fprintf(f, " %.4g–%.4g |", json_number_value(low) / 1e3,
		json_number_value(high) / 1e3);
	if (mid > 0)
		fprintf(f, " ±%.1f %% |",
			50 * (json_number_value(high) - json_number_value(low)) /
				mid);
	else
		fputs(" – |", f);
}

static void zone_hold_row(FILE *f, const struct group *g, const char *zone,
			  json_t *sum)
{
	fprintf(f, "| %s | %s | %d MiB | %lld | %s | %lld |", g->variant_key,
		g->size_free_key, g->mem_mib,
		(long long)json_integer_value(json_object_get(g->work, "runs")),
		zone,
		(long long)json_integer_value(json_object_get(sum, "count")));
	p50_interval_cells(f, sum);
	fputc('\n', f);
}

/*
 * Per group, the hinting holds of its runs pooled, by zone and over all
 * zones: the median and its interval. A path that takes zone->lock once
 * per zone has a mode per zone, and the median of both falls between.
 */
static void hint_holds_by_zone(FILE *f, const struct comparison *c)
{
	bool notes = false;
	double v, w;

	if (!any_pooled(c, "hold_ns.count"))
		return;
	fprintf(f,
		"## Hinting holds by zone\n\n"
		"The hinting holds of all the runs of a group pooled, those each run lists in "
		"`hint_work.holds` as for the work under the lock, by zone and over all zones: the "
		"median hold and its distribution-free 95 %% interval, the order statistics "
		"n/2 ∓ 1.96·√n/2 of the pooled holds (none below %d holds), with its half-width as a "
		"share of the median. A path that takes zone->lock once per zone and round "
		"(fullscan) holds it for a time that grows with the zone's free lists: a mode per "
		"zone, and the median over all zones falls between the modes, with a wide "
		"interval; compare the variants zone by zone. A zone whose interval is wide "
		"too, or lopsided about its median, has holds of more than one kind itself "
		"(a hold of a few entries and a walk of a whole free list, say): the entries "
		"visited of `hint_work.holds` tell them apart.",
		SAMPLES_MIN_P50_CI95);
	if (any_accel(c, "tcg"))
		fputs(" **The times are inflated by TCG**: compare them between variants and "
		      "zones, as ratios.",
		      f);
	fputs("\n\n| variant | workload | guest | runs | zone | holds | hold p50 (µs) "
	      "| its 95 % interval (µs) | half-width (% of p50) |\n"
	      "|---|---|---|---|---|---|---|---|---|\n",
	      f);
	for (size_t i = 0; i < c->ngroups; i++) {
		const struct group *g = &c->groups[i];
		json_t *zones = json_object_get(g->work, "hold_ns_by_zone"), *z;
		const char *zone;

		if (!pooled_num(g, "hold_ns.count", &v) || !v)
			continue;
		zone_hold_row(f, g, "all zones",
			      json_object_get(g->work, "hold_ns"));
		json_object_foreach(zones, zone, z)
			zone_hold_row(f, g, zone, z);
	}
	fputc('\n', f);
	for (size_t i = 0; i < c->ngroups; i++) {
		const struct group *g = &c->groups[i];

		if (!pooled_num(g, "hold_ns.count", &v) || !v)
			continue;
		if (pooled_num(g, "holds_left_out", &v) && v > 0) {
			group_note(
				f, g,
				"of the %.0f holds listed: %.0f run(s) listed at most %d holds each, evenly spaced in trace order, %.0f holds left out",
				pooled_num(g, "holds", &w) ? w : 0,
				pooled_num(g, "runs_capped", &w) ? w : 0,
				HINT_WORK_HOLDS_CAP, v);
			notes = true;
		}
		if (pooled_num(g, "runs_without_zone", &v) && v > 0) {
			group_note(
				f, g,
				"%.0f run(s) in all zones only, their metrics.json lists holds without their zone (rerun lockhold-metrics --force)",
				v);
			notes = true;
		}
	}
	if (notes)
		fputc('\n', f);
}

void report_list_add_once(char *list, size_t len, const char *s)
{
	size_t used = strlen(list), n = strlen(s);

	for (const char *p = list; (p = strstr(p, s)); p += n)
		if ((p == list ||
		     (p - list >= 2 && !strncmp(p - 2, ", ", 2))) &&
		    (!p[n] || !strncmp(p + n, ", ", 2)))
			return;
	snprintf(list + used, len - used, "%s%s", used ? ", " : "", s);
}

static double sum_over_runs(const struct group *g, const char *path)
{
	double total = 0;

	for (size_t i = 0; i < g->n; i++)
		total += json_number_value(
			figure_path(g->runs[i]->metrics, path));
	return total;
}

/*
 * Per variant: the zone locks its kernels named, how, and the waits on
 * them, summed over its runs, so a reader can check an address against
 * the run's zone-locks.txt and System.map.
 */
static void zone_locks_by_variant(FILE *f, const struct comparison *c)
{
	fputs("Per variant, over its runs: the zone locks (address, zone) and the evidence that named "
	      "them, the node's LRU lock, the waits on the zone locks (holds with `wait_ns` > 0) of "
	      "the hinting path and of allocators, the allocator waits caused by hinting, and the "
	      "`lock:contention_begin` events on the zone locks.\n\n"
	      "| variant | workload | guest | runs | zone locks | named by | LRU lock | hinting waits | allocator waits | caused by hinting | contention_begin on zone locks |\n"
	      "|---|---|---|---|---|---|---|---|---|---|---|\n",
	      f);
	for (size_t k = 0; k < c->ngroups; k++) {
		const struct group *g = &c->groups[k];
		char locks[512] = "", named[512] = "", lru[128] = "";

		for (size_t i = 0; i < g->n; i++) {
			json_t *zl = figure_path(g->runs[i]->metrics,
						 "zone_locks"),
			       *l, *e;
			size_t a, b;

			json_array_foreach(json_object_get(zl, "locks"), a, l)
			{
				char one[96];

				snprintf(one, sizeof(one), "`%s` %s",
					 json_string_value(
						 json_object_get(l, "addr")),
					 json_string_value(
						 json_object_get(l, "zone")));
				report_list_add_once(locks, sizeof(locks), one);
				json_array_foreach(
					json_object_get(l, "evidence"), b, e)
					report_list_add_once(
						named, sizeof(named),
						json_string_value(e));
			}
			json_array_foreach(json_object_get(zl, "lru_locks"), a,
					   l)
			{
				char one[64];

				snprintf(one, sizeof(one), "`%s`",
					 json_string_value(
						 json_object_get(l, "addr")));
				report_list_add_once(lru, sizeof(lru), one);
			}
		}
		fprintf(f,
			"| %s | %s | %d MiB | %zu | %s | %s | %s | %.0f | %.0f | %.0f | %.0f |\n",
			g->variant_key, g->n ? g->runs[0]->workload : "-",
			g->mem_mib, g->n, *locks ? locks : "none",
			*named ? named : "-", *lru ? lru : "-",
			sum_over_runs(g,
				      "zone_lock_contention.hint_path.count"),
			sum_over_runs(g,
				      "zone_lock_contention.allocators.count"),
			sum_over_runs(
				g,
				"zone_lock_contention.allocators_caused_by_hinting.count"),
			sum_over_runs(
				g,
				"zone_lock_contention.lock_contention_events_on_zone_locks"));
	}
	fputc('\n', f);
}

/* Where the zone locks' addresses came from, and what disagreed. */
static void zone_locks(FILE *f, const struct comparison *c)
{
	const char *kinds[8];
	int counts[8] = { 0 }, n = 0, without_boot = 0;

	for (size_t i = 0; i < c->nruns; i++) {
		json_t *zl = figure_path(c->runs[i].metrics, "zone_locks"), *v;
		size_t k;

		if (!zl)
			continue;
		without_boot +=
			!json_is_true(figure_path(zl, "boot_record.used"));
		json_array_foreach(json_object_get(zl, "sources"), k, v)
		{
			const char *e = json_string_value(v);
			int j;

			if (!e)
				continue;
			for (j = 0; j < n && strcmp(kinds[j], e); j++)
				;
			if (j == n && n < 8)
				kinds[n++] = e;
			if (j < 8)
				counts[j]++;
		}
	}
	fputs("## Zone locks\n\n"
	      "`lock:contention_begin` names a lock by address only. Only the kernel says which "
	      "addresses are zone locks: its boot record (`zone-locks.txt`) and the `lock` field "
	      "of its `zone_lock_hold` and `hint_lock_hold` events; any other contended lock, the "
	      "node's LRU lock among them, is not one. Sources (runs that used each):\n\n",
	      f);
	for (int j = 0; j < n; j++)
		fprintf(f, "- %s: %d\n", kinds[j], counts[j]);
	if (!n)
		fputs("- none: no zone lock named in these runs\n", f);
	if (without_boot)
		fprintf(f,
			"- %d run(s) without a usable boot record: only the events named their zone locks\n",
			without_boot);
	for (size_t i = 0; i < c->nruns; i++) {
		json_t *a = figure_path(c->runs[i].metrics,
					"zone_locks.conflicts"),
		       *v;
		size_t k;

		json_array_foreach(a, k, v)
			fprintf(f, "- `%s`: **evidence disagrees**: %s\n",
				c->runs[i].name, json_string_value(v));
	}
	fputs("\nA zone lock wait is a `zone_lock_hold` or `hint_lock_hold` event with `wait_ns` > 0: "
	      "the kernel tries the lock first and reports 0 when it was free, so every hold that "
	      "waited is counted, and no other. `lock:contention_begin` is not used for zone locks: "
	      "queued spinlocks fire it only for a waiter that queues, and at 2 CPUs the one waiter "
	      "spins on the pending bit and never does (the runs' "
	      "`zone_lock_contention.lock_contention_events_on_zone_locks` shows how few it saw). "
	      "A wait is on the hinting path when it is a `hint_lock_hold`'s or the waiting task was "
	      "inside a hinting round (between its `hint_round_start` and `hint_round_end`), "
	      "otherwise it is an allocator's; an allocator's wait was caused by hinting when it "
	      "overlaps in time a hinting hold of the same lock (`[ts - hold_ns, ts]` of its "
	      "event).\n\n",
	      f);
	zone_locks_by_variant(f, c);
}

static bool any_figure(const struct comparison *c, const char *name)
{
	double v;

	for (size_t i = 0; i < c->nruns; i++)
		if (run_figure(&c->runs[i], name, &v))
			return true;
	return false;
}

static void figures(FILE *f, const struct report_input *in)
{
	fprintf(f, "## Figures\n\nContext of the figures: %s%s.\n\n",
		plot_context(in->c) ? plot_context(in->c) : "none",
		in->drawn[PLOT_HOLD_VS_SIZE] ?
			" (hold time against guest size: every size)" :
			"");
	for (int p = 0; p < PLOTS; p++) {
		if (!in->drawn[p])
			continue;
		fprintf(f, "### %s\n\n![%s](%s.png)\n\n[SVG](%s.svg)\n\n",
			plot_descs[p].caption, plot_descs[p].caption,
			plot_descs[p].name, plot_descs[p].name);
	}
	if (!in->drawn[PLOT_HOLD_VS_SIZE])
		fputs("Hold time against guest size: not drawn, the runs have one guest size.\n\n",
		      f);
	if (!any_figure(in->c, "latency_p99_ns"))
		fputs("Workload p99 latency: the workload's results (workload.json) carry no latency, "
		      "so only throughput is compared.\n\n",
		      f);
	if (!in->drawn[PLOT_WORKLOAD])
		fputs("Workload relative to the baseline: not drawn, no baseline runs.\n\n",
		      f);
	fputs("CDFs pool the runs of a variant; each run contributes at most 500 (holds) or 200 "
	      "(waits) order statistics evenly spaced in rank, so a run with many more events "
	      "weighs less than its share.\n\n",
	      f);
}

/* A trace figure and its perf counterpart, side by side per group. */
static void instrument_row(FILE *f, const struct group *g, const char *trace,
			   const char *perf)
{
	struct summary t = group_summary(g, trace), p = group_summary(g, perf);
	const struct figure_def *d = figure_find(trace);
	const char *unit;

	fprintf(f, " %.4g | %.4g |", report_shown(d, t.mean, &unit),
		report_shown(d, p.mean, &unit));
}

static void second_instrument(FILE *f, const struct comparison *c)
{
	bool any = false;

	fputs("## Second instrument: perf lock contention\n\n", f);
	for (size_t i = 0; i < c->nruns; i++)
		any |= json_object_get(c->runs[i].metrics, "perf_lock") != NULL;
	if (!any) {
		fputs("These runs were recorded without perf (`make bench PERF=1` puts perf in the "
		      "guest image and records `perf lock record` around the workload): every "
		      "figure here comes from trace.dat alone.\n\n",
		      f);
		return;
	}
	fputs("The guest ran `perf lock record -a` around the workload, inside trace-cmd's "
	      "recording, and `perf lock contention -l` by lock address; summed over the zone "
	      "locks found in trace.dat, and set against trace.dat's `lock:contention_begin/end` "
	      "waits on them: perf records the same tracepoint, so both miss a waiter spinning on "
	      "the pending bit, which the hold events count. Means per group:\n\n"
	      "| variant | context | waits: trace.dat | waits: perf | total wait µs: trace.dat | total wait µs: perf | longest µs: trace.dat | longest µs: perf |\n"
	      "|---|---|---|---|---|---|---|---|\n",
	      f);
	for (size_t i = 0; i < c->ngroups; i++) {
		const struct group *g = &c->groups[i];

		if (!group_summary(g, "perf_wait_count").n)
			continue;
		fprintf(f, "| %s | %s |", g->variant_key, g->context_key);
		instrument_row(f, g, "wait_all_count", "perf_wait_count");
		instrument_row(f, g, "wait_all_total_ns", "perf_wait_total_ns");
		instrument_row(f, g, "wait_all_max_ns", "perf_wait_max_ns");
		fputc('\n', f);
	}
	fputs("\nRuns where the two instruments disagree by more than 10 %, or whose perf output could not be read:\n\n",
	      f);
	any = false;
	for (size_t i = 0; i < c->nruns; i++) {
		json_t *d = figure_path(c->runs[i].metrics,
					"perf_lock.disagreements"),
		       *v;
		const char *e = json_string_value(
			figure_path(c->runs[i].metrics, "perf_lock.error"));
		size_t k;

		if (e) {
			fprintf(f, "- `%s`: perf output unreadable: %s\n",
				c->runs[i].name, e);
			any = true;
		}
		json_array_foreach(d, k, v)
		{
			fprintf(f, "- `%s`: %s\n", c->runs[i].name,
				json_string_value(v));
			any = true;
		}
	}
	fputs(any ? "\n" : "- none\n\n", f);
}

int report_md_write(FILE *f, const struct report_input *in)
{
	json_t *scaling, *hosts;

	header(f, in);
	problems(f, in->c);
	hosts = host_factor(in->c);
	host_factor_report(f, in->c, hosts);
	json_decref(hosts);
	comparison_tables(f, in->c);
	work_pooled(f, in->c);
	hint_holds_by_zone(f, in->c);
	scaling = scaling_series(in->c);
	scaling_report(f, scaling, any_accel(in->c, "tcg"));
	json_decref(scaling);
	report_host_section(f, in->c);
	figures(f, in);
	zone_locks(f, in->c);
	second_instrument(f, in->c);
	runs_table(f, in->c);
	return ferror(f) ? -1 : 0;
}
