// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of a run (host_side.h): what each QEMU held of guest RAM
 * and gave back, and what its threads cost in CPU, from the host
 * sampler's files.
 *
 * The memory is RssAnon (host-rss.tsv's anon_kib): guest RAM is anonymous
 * memory in these QEMUs, and what free page reporting discards leaves it.
 * CPU time is cumulative per thread; inside a window it is the rise of
 * the counter, interpolated between the samples around each edge.
 */
#include "host_side.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../harness/host_threads.h"

#define KIB_PER_MIB 1024.0
#define CLASSES HOST_THREAD_CLASSES

/* The class of host-threads.tsv's column; other when it is none known */
static size_t class_index(const char *name)
{
	for (size_t i = 0; i < CLASSES; i++)
		if (!strcmp(name, host_thread_class_name(i)))
			return i;
	return HOST_THREAD_OTHER;
}

/* A migration: from its migration_start mark to its migration_end */
struct window {
	double from, to;
};

static size_t migration_windows(const struct host_samples_read *h,
				struct window *w)
{
	double start = NAN;
	size_t n = 0;

	for (size_t i = 0; i < h->nmarks; i++) {
		if (!strcmp(h->marks[i].mark, "migration_start")) {
			start = h->marks[i].t_s;
		} else if (!strcmp(h->marks[i].mark, "migration_end") &&
			   !isnan(start)) {
			w[n++] = (struct window){ start, h->marks[i].t_s };
			start = NAN;
		}
	}
	return n;
}

static double mark_at(const struct host_samples_read *h, const char *mark)
{
	for (size_t i = 0; i < h->nmarks; i++)
		if (!strcmp(h->marks[i].mark, mark))
			return h->marks[i].t_s;
	return NAN;
}

/*
 * The migration a QEMU received the guest in, from 1 ("destination",
 * "destination-2", ...; harness/slot.h), or 0 for the source; the one it
 * sent the guest on in is the next.
 */
static size_t received_in(const char *role)
{
	if (!strcmp(role, "destination"))
		return 1;
	if (!strncmp(role, "destination-", 12))
		return (size_t)strtoul(role + 12, NULL, 10);
	return 0;
}

/* The rows of host-rss.tsv of one QEMU: [first, end) of its block */
struct span {
	size_t first, end;
};

static double anon_mib(const struct host_samples_read *h, size_t i)
{
	return h->rss[i].anon_kib / KIB_PER_MIB;
}

/* The first sample at or after t, else -1 */
static long first_from(const struct host_samples_read *h, struct span s,
		       double t)
{
	for (size_t i = s.first; i < s.end; i++)
		if (h->rss[i].t_s >= t)
			return (long)i;
	return -1;
}

/* The last sample at or before t, else -1 */
static long last_until(const struct host_samples_read *h, struct span s,
		       double t)
{
	long found = -1;

	for (size_t i = s.first; i < s.end && h->rss[i].t_s <= t; i++)
		found = (long)i;
	return found;
}

/* Time from the peak until the memory is down by share of given_back */
static void time_to(json_t *j, const char *key,
		    const struct host_samples_read *h, struct span s,
		    size_t peak, double given_back, double share)
{
	double level = anon_mib(h, peak) - share * given_back;

	for (size_t i = peak; i < s.end; i++)
		if (anon_mib(h, i) <= level + 1e-9) {
			json_object_set_new(
				j, key,
				json_real(h->rss[i].t_s - h->rss[peak].t_s));
			return;
		}
}

static json_t *series(const struct host_samples_read *h, struct span s)
{
	size_t n = s.end - s.first;
	size_t stride = (n + HOST_SERIES_POINTS - 1) / HOST_SERIES_POINTS;
	json_t *rows = json_array();

	for (size_t i = s.first; i < s.end; i += stride ? stride : 1)
		json_array_append_new(rows, json_pack("[f, f]", h->rss[i].t_s,
						      anon_mib(h, i)));
	return json_pack("{s:[s, s], s:o}", "columns", "t_s", "anon_mib",
			 "rows", rows);
}

/* One QEMU's memory figures, in MiB and s */
static json_t *memory(const struct host_samples_read *h, const char *role,
		      struct span s, const struct window *w, size_t nw)
{
	size_t peak = s.first, lowest, hop = received_in(role);
	double given_back, peak_mib;
	json_t *j;
	long i;

	for (size_t k = s.first; k < s.end; k++)
		if (h->rss[k].anon_kib > h->rss[peak].anon_kib)
			peak = k;
	lowest = peak;
	for (size_t k = peak; k < s.end; k++)
		if (h->rss[k].anon_kib < h->rss[lowest].anon_kib)
			lowest = k;
	peak_mib = anon_mib(h, peak);
	given_back = peak_mib - anon_mib(h, s.end - 1);
	j = json_pack("{s:I, s:f, s:f, s:f, s:f, s:f, s:f, s:o}", "samples",
		      (json_int_t)(s.end - s.first), "rss_peak_mib", peak_mib,
		      "rss_peak_at_s", h->rss[peak].t_s, "rss_end_mib",
		      anon_mib(h, s.end - 1), "rss_lowest_after_peak_mib",
		      anon_mib(h, lowest), "given_back_mib", given_back,
		      "given_back_to_lowest_mib",
		      peak_mib - anon_mib(h, lowest), "series", series(h, s));
	if (given_back >= HOST_GIVE_BACK_MIN_SHARE * peak_mib &&
	    given_back > 0) {
		time_to(j, "given_back_half_s", h, s, peak, given_back, 0.5);
		time_to(j, "given_back_90pct_s", h, s, peak, given_back, 0.9);
	} else {
		json_object_set_new(
			j, "given_back_times",
			json_sprintf(
				"under %.0f %% of the peak given back: no time to half or 90 %% of it",
				100 * HOST_GIVE_BACK_MIN_SHARE));
	}
	/* the guest arrived in migration hop, and left in hop + 1 */
	if (hop >= 1 && hop <= nw && (i = first_from(h, s, w[hop - 1].to)) >= 0)
		json_object_set_new(j, "rss_after_switchover_mib",
				    json_real(anon_mib(h, (size_t)i)));
	if (hop < nw && (i = last_until(h, s, w[hop].from)) >= 0)
		json_object_set_new(j, "rss_at_migration_start_mib",
				    json_real(anon_mib(h, (size_t)i)));
	return j;
}

/* The rows of one thread, in time order */
struct thread_rows {
	const struct host_thread_row **rows;
	size_t n;
};

/* Its cumulative CPU time at t: interpolated between the samples around
 * t, 0 before its first (it had not started), its last after its last. */
static double cpu_at(const struct thread_rows *t, double at)
{
	if (!t->n || at < t->rows[0]->t_s)
		return 0;
	for (size_t i = 1; i < t->n; i++) {
		const struct host_thread_row *a = t->rows[i - 1],
					     *b = t->rows[i];

		if (at <= b->t_s)
			return a->cpu_ms + (b->cpu_ms - a->cpu_ms) *
						   (at - a->t_s) /
						   (b->t_s - a->t_s);
	}
	return t->rows[t->n - 1]->cpu_ms;
}

static int by_thread_then_time(const void *a, const void *b)
{
	const struct host_thread_row
		*x = *(const struct host_thread_row *const *)a,
		*y = *(const struct host_thread_row *const *)b;
	int d = strcmp(x->role, y->role);

	if (d)
		return d;
	if (x->tid != y->tid)
		return x->tid < y->tid ? -1 : 1;
	return (x->t_s > y->t_s) - (x->t_s < y->t_s);
}

/* CPU ms per class: over the run, inside the migration windows */
struct cpu_sums {
	double run[CLASSES], migration[CLASSES];
};

static json_t *cpu_json(const double ms[CLASSES], double window_s)
{
	json_t *j = json_object();
	double total = 0;

	for (size_t c = 0; c < CLASSES; c++) {
		total += ms[c];
		json_object_set_new(
			j, host_thread_class_name(c),
			json_pack("{s:f, s:f}", "ms", ms[c], "pct",
				  window_s > 0 ? ms[c] / (window_s * 10) : 0));
	}
	json_object_set_new(j, "total",
			    json_pack("{s:f, s:f}", "ms", total, "pct",
				      window_s > 0 ? total / (window_s * 10) :
						     0));
	return j;
}

/*
 * Every thread's CPU into sums (all QEMUs) and into its role's "cpu_ms"
 * and "threads" under roles.
 */
static int cpu_of_threads(const struct host_samples_read *h,
			  const struct window *w, size_t nw,
			  struct cpu_sums *sums, json_t *roles)
{
	const struct host_thread_row **rows =
		malloc((h->nthreads ? h->nthreads : 1) * sizeof(*rows));
	size_t i = 0;

	if (!rows)
		return -1;
	for (size_t k = 0; k < h->nthreads; k++)
		rows[k] = &h->threads[k];
	qsort(rows, h->nthreads, sizeof(*rows), by_thread_then_time);
	while (i < h->nthreads) {
		struct thread_rows t = { &rows[i], 1 };
		const struct host_thread_row *last;
		json_t *role, *list;
		size_t c;

		while (i + t.n < h->nthreads &&
		       rows[i + t.n]->tid == rows[i]->tid &&
		       !strcmp(rows[i + t.n]->role, rows[i]->role))
			t.n++;
		last = t.rows[t.n - 1];
		c = class_index(last->class);
		sums->run[c] += last->cpu_ms;
		for (size_t k = 0; k < nw; k++)
			sums->migration[c] +=
				cpu_at(&t, w[k].to) - cpu_at(&t, w[k].from);
		role = json_object_get(roles, last->role);
		if (role) {
			json_t *by_class = json_object_get(role, "cpu_ms");

			json_object_set_new(
				by_class, host_thread_class_name(c),
				json_real(json_number_value(json_object_get(
						  by_class,
						  host_thread_class_name(c))) +
					  last->cpu_ms));
			list = json_object_get(role, "threads");
			json_array_append_new(
				list,
				json_pack("{s:i, s:s, s:s, s:f}", "tid",
					  last->tid, "class",
					  host_thread_class_name(c), "name",
					  last->name, "cpu_ms", last->cpu_ms));
		}
		i += t.n;
	}
	free(rows);
	return 0;
}

json_t *host_side(const struct host_samples_read *h, json_t *sampling)
{
	struct window *w = malloc((h->nmarks ? h->nmarks : 1) * sizeof(*w));
	struct cpu_sums sums = { 0 };
	json_t *host, *roles = json_object();
	double first, last, in_migration = 0, sampler;
	size_t nw, i = 0;

	if (!w || !h->nrss) {
		free(w);
		json_decref(roles);
		return NULL;
	}
	nw = migration_windows(h, w);
	first = last = h->rss[0].t_s;
	/* a QEMU's rows are one block: from its first to the next role's */
	while (i < h->nrss) {
		struct span s = { i, i };

		while (s.end < h->nrss &&
		       !strcmp(h->rss[s.end].role, h->rss[i].role))
			s.end++;
		for (size_t k = s.first; k < s.end; k++) {
			first = fmin(first, h->rss[k].t_s);
			last = fmax(last, h->rss[k].t_s);
		}
		json_t *role = memory(h, h->rss[i].role, s, w, nw),
		       *by_class = json_object();

		for (size_t c = 0; c < CLASSES; c++)
			json_object_set_new(by_class, host_thread_class_name(c),
					    json_real(0));
		json_object_set_new(role, "cpu_ms", by_class);
		json_object_set_new(role, "threads", json_array());
		json_object_set_new(roles, h->rss[i].role, role);
		i = s.end;
	}
	if (cpu_of_threads(h, w, nw, &sums, roles)) {
		free(w);
		json_decref(roles);
		return NULL;
	}
	for (size_t k = 0; k < nw; k++)
		in_migration += w[k].to - w[k].from;
	sampler =
		json_number_value(json_object_get(sampling, "sampler_cpu_ms"));
	host = json_pack(
		"{s:s, s:f, s:f, s:I, s:f, s:o, s:{s:o, s:o}}", "rss_figure",
		"anon_kib of host-rss.tsv: RssAnon, where guest RAM is",
		"span_s", last - first, "migration_window_s", in_migration,
		"migrations", (json_int_t)nw, "sampler_cpu_ms", sampler,
		"roles", roles, "cpu", "run", cpu_json(sums.run, last - first),
		"migration", cpu_json(sums.migration, in_migration));
	if (nw) {
		json_object_set_new(host, "migration_start_s",
				    json_real(w[0].from));
		json_object_set_new(host, "migration_end_s",
				    json_real(w[0].to));
	}
	if (!isnan(mark_at(h, "workload_start")))
		json_object_set_new(host, "workload_start_s",
				    json_real(mark_at(h, "workload_start")));
	json_object_set_new(
		host, "sampler_cpu_pct",
		json_real(last > first ? sampler / ((last - first) * 10) : 0));
	if (json_is_integer(json_object_get(sampling, "period_ms")))
		json_object_set(host, "period_ms",
				json_object_get(sampling, "period_ms"));
	free(w);
	return host;
}
