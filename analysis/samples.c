// SPDX-License-Identifier: GPL-2.0
#include "samples.h"

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

json_t *samples_to_json(struct samples *s, size_t cdf_points)
{
	struct samples_summary sum = samples_summarize(s);
	json_t *j = json_object();

	json_object_set_new(j, "count", json_integer((json_int_t)sum.count));
	json_object_set_new(j, "total_ns", json_real(sum.total));
	if (sum.count) {
		json_object_set_new(j, "p50_ns", json_real(sum.p50));
		json_object_set_new(j, "p99_ns", json_real(sum.p99));
		json_object_set_new(j, "p999_ns", json_real(sum.p999));
		json_object_set_new(j, "max_ns", json_real(sum.max));
	}
	if (cdf_points && s->n) {
		json_t *cdf = json_array();
		size_t n = s->n < cdf_points ? s->n : cdf_points;

		/* Rank i of n spans the whole set: first and last included. */
		for (size_t i = 0; i < n; i++) {
			size_t rank = n == 1 ? s->n - 1 :
					       i * (s->n - 1) / (n - 1);

			json_array_append_new(cdf, json_real(s->v[rank]));
		}
		json_object_set_new(j, "cdf_ns", cdf);
	}
	return j;
}
