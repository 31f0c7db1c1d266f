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
	/* the 95 % interval of p50 (samples_p50_ci95), NAN when too few */
	double p50_ci95_low, p50_ci95_high;
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
 * Below this many samples no pair of order statistics brackets the
 * median at 95 % by the normal approximation samples_p50_ci95() uses.
 */
#define SAMPLES_MIN_P50_CI95 10

/*
 * The distribution-free 95 % interval of the median of sorted[0..n): the
 * order statistics n/2 -+ 1.96 sqrt(n)/2 (normal approximation of the
 * binomial; exact coverage 94.7 % to 98.8 % for n >= 10), NAN in both below
 * SAMPLES_MIN_P50_CI95 values.
 */
void samples_p50_ci95(const double *sorted, size_t n, double *low,
		      double *high);

/*
 * {count, total_ns, p50_ns, p50_ci95_low_ns, p50_ci95_high_ns, p99_ns,
 * p999_ns, max_ns}, and, when cdf_points is not 0, "cdf_ns": at most
 * cdf_points order statistics evenly spaced in rank, enough to draw the
 * distribution without every sample. The interval of p50, p99_ns and
 * p999_ns only with enough samples (above); otherwise p50_ci95_ns_note,
 * p99_ns_note or p999_ns_note says "n too small (n=COUNT)".
 */
json_t *samples_to_json(struct samples *s, size_t cdf_points);

/* The same for numbers that are not durations: the keys without "_ns". */
json_t *samples_to_json_unit(struct samples *s, size_t cdf_points,
			     const char *suffix);

/* "n too small (n=COUNT)", the note of a percentile left out. */
void samples_note(char *buf, size_t len, size_t count);

#endif
