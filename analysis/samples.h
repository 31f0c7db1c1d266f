/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_SAMPLES_H
#define LOCKHOLD_SAMPLES_H

#include <jansson.h>
#include <stddef.h>

/* A growing set of durations (ns) and its order statistics. */
struct samples {
	double *v;
	size_t n, cap;
	int sorted;
};

struct samples_summary {
	size_t count;
	double total, p50, p99, p999, max;
};

int samples_add(struct samples *s, double v);
void samples_free(struct samples *s);

/* Quantiles as GSL computes them (linear interpolation between ranks). */
struct samples_summary samples_summarize(struct samples *s);

/*
 * {count, total_ns, p50_ns, p99_ns, p999_ns, max_ns}, and, when cdf_points
 * is not 0, "cdf_ns": at most cdf_points order statistics evenly spaced in
 * rank, enough to draw the distribution without every sample.
 */
json_t *samples_to_json(struct samples *s, size_t cdf_points);

#endif
