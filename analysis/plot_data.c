// SPDX-License-Identifier: GPL-2.0
#include "plot_data.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "figures.h"
#include "samples.h"

const struct plot_desc plot_descs[PLOTS] = {
	[PLOT_HOLD_CDF] = { "hold_cdf",
			    "CDF of hint-path zone->lock hold time per variant" },
	[PLOT_WAIT_CDF] = { "wait_cdf",
			    "CDF of zone lock contention waits: allocators, hinting path, and allocators waiting while hinting held the lock" },
	[PLOT_MIGRATION] = { "migration",
			     "Migration total time, downtime and bytes transferred (mean, 95 % CI)" },
	[PLOT_HINTING] = { "hinting",
			   "Pages skipped by migration and hint coverage (mean, 95 % CI)" },
	[PLOT_WORKLOAD] = { "workload",
			    "Workload throughput and p99 latency relative to the baseline (mean, 95 % CI)" },
	[PLOT_HOLD_VS_SIZE] = { "hold_vs_size",
				"Max and p99 hint-path hold time against guest size (p99 only with n >= 100 holds in a run)" },
	[PLOT_HOST_RSS] = { "host_rss",
			    "Guest RAM resident in the QEMUs (RssAnon) over time, source and destination, the first run of each variant" },
};

const char *plot_context(const struct comparison *c)
{
	const char *best = NULL;
	size_t best_n = 0;

	for (size_t i = 0; i < c->ngroups; i++) {
		size_t n = 0;

		for (size_t j = 0; j < c->ngroups; j++)
			if (!strcmp(c->groups[j].context_key,
				    c->groups[i].context_key))
				n += c->groups[j].n;
		if (n > best_n) {
			best_n = n;
			best = c->groups[i].context_key;
		}
	}
	return best;
}

/* A label gnuplot can take as one word: blanks become commas. */
static void label(const struct group *g, char *out, size_t len)
{
	snprintf(out, len, "%s", g->variant_key);
	for (char *p = out; *p; p++)
		if (*p == ' ' || *p == '"')
			*p = ',';
}

struct plot_file {
	FILE *dat;
	char names[4096];
	int blocks;
	unsigned int columns_with_data; /* bit k: metric k of a bar plot */
	char extra[4096]; /* more gnuplot variables, lines of "name = value" */
};

static int open_plot(struct plot_file *pf, const char *dir, const char *name,
		     char *err, size_t errlen)
{
	char path[PATH_MAX];

	memset(pf, 0, sizeof(*pf));
	snprintf(path, sizeof(path), "%s/%s.dat", dir, name);
	pf->dat = fopen(path, "w");
	if (!pf->dat)
		snprintf(err, errlen, "cannot write %s: %s", path,
			 strerror(errno));
	return pf->dat ? 0 : -1;
}

/* Close; write NAME.vars when there was something to draw. */
static int close_plot(struct plot_file *pf, const char *dir, const char *name,
		      bool *drawn, char *err, size_t errlen)
{
	char path[PATH_MAX];
	FILE *f;
	int ret = fclose(pf->dat);

	*drawn = false;
	if (!ret && !pf->blocks) {
		snprintf(path, sizeof(path), "%s/%s.dat", dir, name);
		unlink(path); /* nothing to draw: no file pretends otherwise */
	}
	if (ret || !pf->blocks)
		return ret;
	snprintf(path, sizeof(path), "%s/%s.vars", dir, name);
	f = fopen(path, "w");
	if (!f) {
		snprintf(err, errlen, "cannot write %s: %s", path,
			 strerror(errno));
		return -1;
	}
	fprintf(f, "nblocks = %d\nnames = \"%s\"\n", pf->blocks, pf->names);
	/* which metrics of a bar plot have data: a panel of NaN cannot be drawn */
	for (int k = 0; k < 8; k++)
		fprintf(f, "has%d = %d\n", k,
			!!(pf->columns_with_data & 1U << k));
	fputs(pf->extra, f);
	*drawn = fclose(f) == 0;
	return *drawn ? 0 : -1;
}

static void add_name(struct plot_file *pf, const char *name)
{
	size_t used = strlen(pf->names);

	snprintf(pf->names + used, sizeof(pf->names) - used, "%s%s",
		 used ? " " : "", name);
	pf->blocks++;
}

/* The pooled order statistics of path (cdf_ns) over a group's runs. */
static void pooled(const struct group *g, const char *path, struct samples *s)
{
	for (size_t i = 0; i < g->n; i++) {
		json_t *a = figure_path(g->runs[i]->metrics, path), *v;
		size_t k;

		if (!g->runs[i]->trace_usable)
			continue;
		json_array_foreach(a, k, v)
			samples_add(s, json_number_value(v));
	}
}

/* One gnuplot data block "ns fraction" per group and path with data. */
static int cdf_plot(const char *dir, const struct comparison *c,
		    const char *ctx, enum plot p, const char *const paths[],
		    const char *const suffixes[], bool *drawn, char *err,
		    size_t errlen)
{
	struct plot_file pf;
	char name[600];

	if (open_plot(&pf, dir, plot_descs[p].name, err, errlen))
		return -1;
	for (size_t i = 0; i < c->ngroups; i++) {
		const struct group *g = &c->groups[i];

		if (strcmp(g->context_key, ctx))
			continue;
		for (int k = 0; paths[k]; k++) {
			struct samples s = { 0 };

			pooled(g, paths[k], &s);
			if (s.n) {
				samples_summarize(&s); /* sorts */
				if (pf.blocks)
					fputs("\n\n", pf.dat);
				for (size_t j = 0; j < s.n; j++)
					fprintf(pf.dat, "%.6g %.6g\n", s.v[j],
						(double)(j + 1) / (double)s.n);
				label(g, name, sizeof(name) - 32);
				strcat(name, suffixes[k]);
				add_name(&pf, name);
			}
			samples_free(&s);
		}
	}
	return close_plot(&pf, dir, plot_descs[p].name, drawn, err, errlen);
}

/* mean and 95 % half width, "NaN NaN" when the group lacks the metric */
static void mean_ci(FILE *f, const struct group *g, const char *metric,
		    double scale)
{
	struct summary s = group_summary(g, metric);

	if (!s.n)
		fputs(" NaN NaN", f);
	else
		fprintf(f, " %.6g %.6g", s.mean * scale, s.ci95 * scale);
}

/* One row per variant of ctx: label, then mean and CI of each metric. */
static int bars_plot(const char *dir, const struct comparison *c,
		     const char *ctx, enum plot p, const char *const metrics[],
		     const double scales[], bool relative, bool *drawn,
		     char *err, size_t errlen)
{
	struct plot_file pf;
	char name[600];

	if (open_plot(&pf, dir, plot_descs[p].name, err, errlen))
		return -1;
	for (size_t i = 0; i < c->ngroups; i++) {
		const struct group *g = &c->groups[i];
		bool any = false;

		if (strcmp(g->context_key, ctx))
			continue;
		if (relative && !g->baseline)
			continue;
		for (int k = 0; metrics[k]; k++) {
			struct summary b = { 0 };
			bool has;

			/* relative: only against a baseline that is not 0 */
			if (relative)
				b = group_summary(g->baseline, metrics[k]);
			has = group_summary(g, metrics[k]).n > 0 &&
			      (!relative || (b.n && b.mean));

			any |= has;
			pf.columns_with_data |= (unsigned int)has << k;
		}
		if (!any)
			continue;
		label(g, name, sizeof(name));
		fprintf(pf.dat, "%s", name);
		for (int k = 0; metrics[k]; k++) {
			double scale = scales[k];

			if (relative) {
				struct summary b =
					group_summary(g->baseline, metrics[k]);

				scale = b.n && b.mean ? 1 / b.mean : NAN;
			}
			mean_ci(pf.dat, g, metrics[k], scale);
		}
		fputc('\n', pf.dat);
		add_name(&pf, name);
	}
	return close_plot(&pf, dir, plot_descs[p].name, drawn, err, errlen);
}

/* Blocks per variant: guest size, then max and p99 hold (mean, CI). */
static int size_plot(const char *dir, const struct comparison *c,
		     const char *ctx, bool *drawn, char *err, size_t errlen)
{
	const struct group *first = NULL;
	struct plot_file pf;
	char name[600];
	int sizes = 0;

	*drawn = false;
	for (size_t i = 0; i < c->ngroups; i++)
		if (!strcmp(c->groups[i].context_key, ctx))
			first = &c->groups[i];
	for (size_t i = 0; first && i < c->ngroups; i++)
		if (!strcmp(c->groups[i].size_free_key, first->size_free_key) &&
		    c->groups[i].mem_mib != first->mem_mib)
			sizes++;
	if (!sizes)
		return 0; /* one guest size: nothing to plot against */
	if (open_plot(&pf, dir, plot_descs[PLOT_HOLD_VS_SIZE].name, err,
		      errlen))
		return -1;
	for (size_t i = 0; i < c->ngroups; i++) {
		const struct group *g = &c->groups[i];
		bool seen = false;

		if (strcmp(g->size_free_key, first->size_free_key))
			continue;
		for (size_t j = 0; j < i; j++)
			seen |= !strcmp(c->groups[j].variant_key,
					g->variant_key) &&
				!strcmp(c->groups[j].size_free_key,
					g->size_free_key);
		if (seen || !group_summary(g, "hold_max_ns").n)
			continue;
		if (pf.blocks)
			fputs("\n\n", pf.dat);
		/* every size of this variant, smallest first (groups are
		 * sorted by context, and the size is its last part) */
		for (int mem = 1; mem > 0;) {
			const struct group *next = NULL;

			for (size_t j = 0; j < c->ngroups; j++) {
				const struct group *h = &c->groups[j];

				if (!strcmp(h->variant_key, g->variant_key) &&
				    !strcmp(h->size_free_key,
					    g->size_free_key) &&
				    h->mem_mib >= mem &&
				    (!next || h->mem_mib < next->mem_mib))
					next = h;
			}
			if (!next)
				break;
			fprintf(pf.dat, "%d", next->mem_mib);
			mean_ci(pf.dat, next, "hold_max_ns", 1e-3);
			/* NaN where no run had the 100 holds a p99 needs */
			mean_ci(pf.dat, next, "hold_p99_ns", 1e-3);
			if (group_summary(next, "hold_p99_ns").n)
				pf.columns_with_data |= 1U << 1;
			fputc('\n', pf.dat);
			mem = next->mem_mib + 1;
		}
		label(g, name, sizeof(name));
		add_name(&pf, name);
	}
	return close_plot(&pf, dir, plot_descs[PLOT_HOLD_VS_SIZE].name, drawn,
			  err, errlen);
}

/* word added to a blank-separated list, a gnuplot word() list */
static void add_word(char *list, size_t len, const char *word)
{
	size_t used = strlen(list);

	snprintf(list + used, len - used, "%s%s", used ? " " : "", word);
}

/* One QEMU's series of a run: "s since the workload started" "MiB" */
static void host_rss_block(struct plot_file *pf, json_t *rows, double t0)
{
	json_t *row;
	size_t i;

	if (pf->blocks)
		fputs("\n\n", pf->dat);
	json_array_foreach(rows, i, row)
		fprintf(pf->dat, "%.3f %.6g\n",
			json_number_value(json_array_get(row, 0)) - t0,
			json_number_value(json_array_get(row, 1)));
}

/*
 * The guest RAM each variant's QEMUs held over time: of the first run of
 * each variant that has the host side, a block for the source and one
 * for the destination (a ping-pong's later QEMUs left out), the time
 * from the workload's start. A variant keeps its colour, the
 * destination is dashed; migration_at: the first run's migration start.
 */
static int host_rss_plot(const char *dir, const struct comparison *c,
			 const char *ctx, bool *drawn, char *err, size_t errlen)
{
	static const char *const roles[] = { "source", "destination" };
	char name[600], colors[1024] = "", dashes[1024] = "", color[16];
	char at[32] = "NaN";
	double migration_at = NAN;
	struct plot_file pf;
	int variants = 0;

	if (open_plot(&pf, dir, plot_descs[PLOT_HOST_RSS].name, err, errlen))
		return -1;
	for (size_t i = 0; i < c->ngroups; i++) {
		const struct group *g = &c->groups[i];
		json_t *host = NULL;
		double t0;

		if (strcmp(g->context_key, ctx))
			continue;
		for (size_t r = 0; r < g->n && !host; r++)
			host = figure_path(g->runs[r]->metrics, "host");
		if (!host)
			continue;
		t0 = json_number_value(figure_path(host, "workload_start_s"));
		if (isnan(migration_at) &&
		    figure_lookup(host, "migration_start_s"))
			migration_at = json_number_value(figure_path(
					       host, "migration_start_s")) -
				       t0;
		snprintf(color, sizeof(color), "%d", ++variants);
		for (int k = 0; k < 2; k++) {
			char path[64];
			json_t *rows;

			snprintf(path, sizeof(path), "roles.%s.series.rows",
				 roles[k]);
			rows = figure_path(host, path);
			if (!json_array_size(rows))
				continue;
			host_rss_block(&pf, rows, t0);
			label(g, name, sizeof(name) - 32);
			strcat(name, k ? ":destination" : ":source");
			add_name(&pf, name);
			add_word(colors, sizeof(colors), color);
			add_word(dashes, sizeof(dashes), k ? "2" : "1");
		}
	}
	if (!isnan(migration_at))
		snprintf(at, sizeof(at), "%.3f", migration_at);
	snprintf(pf.extra, sizeof(pf.extra),
		 "colors = \"%s\"\ndashes = \"%s\"\nmigration_at = %s\n",
		 colors, dashes, at);
	return close_plot(&pf, dir, plot_descs[PLOT_HOST_RSS].name, drawn, err,
			  errlen);
}

int plot_data_write(const char *dir, const struct comparison *c,
		    bool drawn[PLOTS], char *err, size_t errlen)
{
	static const char *const hold[] = { "hint_lock_hold.all.cdf_ns", NULL };
	static const char *const hold_sfx[] = { "" };
	static const char *const wait[] = {
		"zone_lock_contention.allocators.cdf_ns",
		"zone_lock_contention.hint_path.cdf_ns",
		"zone_lock_contention.allocators_caused_by_hinting.cdf_ns", NULL
	};
	static const char *const wait_sfx[] = { ":allocators", ":hint-path",
						":allocators-during-hinting" };
	static const char *const mig[] = { "migration_total_ms", "downtime_ms",
					   "transferred_bytes", NULL };
	static const double mig_scale[] = { 1, 1, 1.0 / (1 << 20) };
	static const char *const hint[] = { "pages_skipped", "coverage", NULL };
	static const double hint_scale[] = { 1, 1 };
	static const char *const wl[] = { "ops_per_s", "latency_p99_ns", NULL };
	const char *ctx = plot_context(c);

	memset(drawn, 0, sizeof(bool) * PLOTS);
	if (!ctx)
		return 0;
	if (cdf_plot(dir, c, ctx, PLOT_HOLD_CDF, hold, hold_sfx,
		     &drawn[PLOT_HOLD_CDF], err, errlen) ||
	    cdf_plot(dir, c, ctx, PLOT_WAIT_CDF, wait, wait_sfx,
		     &drawn[PLOT_WAIT_CDF], err, errlen) ||
	    bars_plot(dir, c, ctx, PLOT_MIGRATION, mig, mig_scale, false,
		      &drawn[PLOT_MIGRATION], err, errlen) ||
	    bars_plot(dir, c, ctx, PLOT_HINTING, hint, hint_scale, false,
		      &drawn[PLOT_HINTING], err, errlen) ||
	    bars_plot(dir, c, ctx, PLOT_WORKLOAD, wl, hint_scale, true,
		      &drawn[PLOT_WORKLOAD], err, errlen) ||
	    size_plot(dir, c, ctx, &drawn[PLOT_HOLD_VS_SIZE], err, errlen) ||
	    host_rss_plot(dir, c, ctx, &drawn[PLOT_HOST_RSS], err, errlen))
		return -1;
	return 0;
}
