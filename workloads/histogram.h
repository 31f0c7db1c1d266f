/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Log-linear latency histogram, as HdrHistogram lays its buckets out: values
 * below 2 * HISTOGRAM_SUB_BUCKETS have a bucket each; above that every power
 * of two is split into HISTOGRAM_SUB_BUCKETS equal buckets, so any value is
 * known to within 1 / HISTOGRAM_SUB_BUCKETS (6.25 %) at a fixed 8 KiB.
 */
#ifndef LOCKHOLD_HISTOGRAM_H
#define LOCKHOLD_HISTOGRAM_H

#include <jansson.h>
#include <stdint.h>

#define HISTOGRAM_SUB_BITS 4
#define HISTOGRAM_SUB_BUCKETS (1U << HISTOGRAM_SUB_BITS)
/* Exact buckets, then HISTOGRAM_SUB_BUCKETS for each higher power of two */
#define HISTOGRAM_BUCKETS            \
	(2 * HISTOGRAM_SUB_BUCKETS + \
	 (63 - HISTOGRAM_SUB_BITS) * HISTOGRAM_SUB_BUCKETS)

struct latency_histogram {
	uint64_t count, sum, min, max;
	uint64_t buckets[HISTOGRAM_BUCKETS];
};

unsigned int histogram_bucket(uint64_t value);
uint64_t histogram_bucket_lowest(unsigned int bucket);
uint64_t histogram_bucket_highest(unsigned int bucket);

void histogram_reset(struct latency_histogram *h);
void histogram_record(struct latency_histogram *h, uint64_t value);
void histogram_merge(struct latency_histogram *into,
		     const struct latency_histogram *from);
/*
 * The value at or below which percent % of the samples fall, reported as
 * the highest value of its bucket (never above the maximum seen); 0 when
 * the histogram is empty.
 */
uint64_t histogram_percentile(const struct latency_histogram *h,
			      double percent);
/* samples, mean, p50, p90, p99, p99.9, max and the non-empty buckets */
json_t *histogram_to_json(const struct latency_histogram *h);

#endif
