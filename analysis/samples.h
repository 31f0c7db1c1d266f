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
 * A tail percentile of fewer samples than this is one of the few largest
 * values under another name: p99 needs 100, p99.9 needs 1000.
 */
#define SAMPLES_MIN_P99 100
#define SAMPLES_MIN_P999 1000

/*
 * {count, total_ns, p50_ns, p99_ns, p999_ns, max_ns}, and, when cdf_points
 * is not 0, "cdf_ns": at most cdf_points order statistics evenly spaced in
 * rank, enough to draw the distribution without every sample. p99_ns and
 * p999_ns only with enough samples (above); otherwise p99_ns_note or
 * p999_ns_note says "n too small (n=COUNT)".
 */
json_t *samples_to_json(struct samples *s, size_t cdf_points);

/* The same for numbers that are not durations: the keys without "_ns". */
json_t *samples_to_json_unit(struct samples *s, size_t cdf_points,
			     const char *suffix);

/* "n too small (n=COUNT)", the note of a percentile left out. */
void samples_note(char *buf, size_t len, size_t count);

#endif
