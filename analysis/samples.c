// SPDX-License-Identifier: GPL-2.0
#include "samples.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

int samples_add(struct samples *s, double v)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		double *nv = realloc(s->v, cap * sizeof(*nv));

		if (!nv)
			return -1;
		s->v = nv;
		s->cap = cap;
	}
	s->v[s->n++] = v;
	s->sorted = 0;
	return 0;
}

void samples_free(struct samples *s)
{
	free(s->v);
	*s = (struct samples){ 0 };
}

static void sort(struct samples *s)
{
	if (!s->sorted && s->n)
		gsl_sort(s->v, 1, s->n);
	s->sorted = 1;
}

void samples_p50_ci95(const double *sorted, size_t n, double *low, double *high)
{
	double half = 1.96 * sqrt((double)n) / 2;
	long j = (long)floor(n / 2.0 - half), k = (long)ceil(n / 2.0 + half);

	*low = *high = NAN;
	if (n < SAMPLES_MIN_P50_CI95)
		return;
	*low = sorted[j < 0 ? 0 : j];
	*high = sorted[k >= (long)n ? (long)n - 1 : k];
}

struct samples_summary samples_summarize(struct samples *s)
{
	struct samples_summary sum = { .count = s->n,
				       .p50_ci95_low = NAN,
				       .p50_ci95_high = NAN };

	if (!s->n)
		return sum;
	sort(s);
	for (size_t i = 0; i < s->n; i++)
		sum.total += s->v[i];
	sum.p50 = gsl_stats_quantile_from_sorted_data(s->v, 1, s->n, 0.50);
	sum.p99 = gsl_stats_quantile_from_sorted_data(s->v, 1, s->n, 0.99);
	sum.p999 = gsl_stats_quantile_from_sorted_data(s->v, 1, s->n, 0.999);
	sum.max = s->v[s->n - 1];
	samples_p50_ci95(s->v, s->n, &sum.p50_ci95_low, &sum.p50_ci95_high);
	return sum;
}

void samples_note(char *buf, size_t len, size_t count)
{
	snprintf(buf, len, "n too small (n=%zu)", count);
}

static void key(char *buf, size_t len, const char *name, const char *suffix,
		const char *more)
{
	snprintf(buf, len, "%s%s%s", name, suffix, more);
}

/* "NAME SUFFIX_note": why the figure NAME is not there */
static void left_out(json_t *j, const char *name, const char *suffix,
		     size_t count)
{
	char k[64], note[64];

	key(k, sizeof(k), name, suffix, "_note");
	samples_note(note, sizeof(note), count);
	json_object_set_new(j, k, json_string(note));
}

/* A tail percentile, or the note saying why it is not there. */
static void tail(json_t *j, const char *name, const char *suffix, size_t count,
		 size_t min, double v)
{
	char k[64];

	if (count < min) {
		left_out(j, name, suffix, count);
		return;
	}
	key(k, sizeof(k), name, suffix, "");
	json_object_set_new(j, k, json_real(v));
}

/* The 95 % interval of p50, or the note saying why it is not there. */
static void p50_interval(json_t *j, const char *suffix,
			 const struct samples_summary *sum)
{
	char k[64];

	if (sum->count < SAMPLES_MIN_P50_CI95) {
		left_out(j, "p50_ci95", suffix, sum->count);
		return;
	}
	key(k, sizeof(k), "p50_ci95_low", suffix, "");
	json_object_set_new(j, k, json_real(sum->p50_ci95_low));
	key(k, sizeof(k), "p50_ci95_high", suffix, "");
	json_object_set_new(j, k, json_real(sum->p50_ci95_high));
}

json_t *samples_to_json_unit(struct samples *s, size_t cdf_points,
			     const char *suffix)
{
	struct samples_summary sum = samples_summarize(s);
	json_t *j = json_object();
	char k[64];

	json_object_set_new(j, "count", json_integer((json_int_t)sum.count));
	key(k, sizeof(k), "total", suffix, "");
	json_object_set_new(j, k, json_real(sum.total));
	if (sum.count) {
		key(k, sizeof(k), "p50", suffix, "");
		json_object_set_new(j, k, json_real(sum.p50));
		key(k, sizeof(k), "max", suffix, "");
		json_object_set_new(j, k, json_real(sum.max));
	}
	p50_interval(j, suffix, &sum);
	tail(j, "p99", suffix, sum.count, SAMPLES_MIN_P99, sum.p99);
	tail(j, "p999", suffix, sum.count, SAMPLES_MIN_P999, sum.p999);
	if (cdf_points && s->n) {
		json_t *cdf = json_array();
		size_t n = s->n < cdf_points ? s->n : cdf_points;

		/* Rank i of n spans the whole set: first and last included. */
		for (size_t i = 0; i < n; i++) {
			size_t rank = n == 1 ? s->n - 1 :
					       i * (s->n - 1) / (n - 1);

			json_array_append_new(cdf, json_real(s->v[rank]));
		}
		key(k, sizeof(k), "cdf", suffix, "");
		json_object_set_new(j, k, cdf);
	}
	return j;
}

json_t *samples_to_json(struct samples *s, size_t cdf_points)
{
	return samples_to_json_unit(s, cdf_points, "_ns");
}
