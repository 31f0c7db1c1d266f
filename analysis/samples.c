// SPDX-License-Identifier: GPL-2.0
#include "samples.h"

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

struct samples_summary samples_summarize(struct samples *s)
{
	struct samples_summary sum = { .count = s->n };

	if (!s->n)
		return sum;
	sort(s);
	for (size_t i = 0; i < s->n; i++)
		sum.total += s->v[i];
	sum.p50 = gsl_stats_quantile_from_sorted_data(s->v, 1, s->n, 0.50);
	sum.p99 = gsl_stats_quantile_from_sorted_data(s->v, 1, s->n, 0.99);
	sum.p999 = gsl_stats_quantile_from_sorted_data(s->v, 1, s->n, 0.999);
	sum.max = s->v[s->n - 1];
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

/* A tail percentile, or the note saying why it is not there. */
static void tail(json_t *j, const char *name, const char *suffix, size_t count,
		 size_t min, double v)
{
	char k[64], note[64];

	if (count >= min) {
		key(k, sizeof(k), name, suffix, "");
		json_object_set_new(j, k, json_real(v));
		return;
	}
	key(k, sizeof(k), name, suffix, "_note");
	samples_note(note, sizeof(note), count);
	json_object_set_new(j, k, json_string(note));
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
