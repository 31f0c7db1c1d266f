// SPDX-License-Identifier: GPL-2.0
/* The latency histogram of histogram.h. */
#include <string.h>

#include "histogram.h"

#define EXACT_LIMIT (2 * HISTOGRAM_SUB_BUCKETS)

unsigned int histogram_bucket(uint64_t value)
{
	unsigned int msb, shift;

	if (value < EXACT_LIMIT)
		return value;
	msb = 63 - __builtin_clzll(value);
	/* The top HISTOGRAM_SUB_BITS + 1 bits pick the bucket */
	shift = msb - HISTOGRAM_SUB_BITS;
	return EXACT_LIMIT +
	       (msb - HISTOGRAM_SUB_BITS - 1) * HISTOGRAM_SUB_BUCKETS +
	       (unsigned int)(value >> shift) - HISTOGRAM_SUB_BUCKETS;
}

uint64_t histogram_bucket_lowest(unsigned int bucket)
{
	unsigned int power, sub;

	if (bucket < EXACT_LIMIT)
		return bucket;
	power = (bucket - EXACT_LIMIT) / HISTOGRAM_SUB_BUCKETS + 1;
	sub = (bucket - EXACT_LIMIT) % HISTOGRAM_SUB_BUCKETS +
	      HISTOGRAM_SUB_BUCKETS;
	return (uint64_t)sub << power;
}

uint64_t histogram_bucket_highest(unsigned int bucket)
{
	if (bucket + 1 >= HISTOGRAM_BUCKETS)
		return UINT64_MAX;
	return histogram_bucket_lowest(bucket + 1) - 1;
}

void histogram_reset(struct latency_histogram *h)
{
	memset(h, 0, sizeof(*h));
}

void histogram_record(struct latency_histogram *h, uint64_t value)
{
	if (!h->count || value < h->min)
		h->min = value;
	if (value > h->max)
		h->max = value;
	h->count++;
	h->sum += value;
	h->buckets[histogram_bucket(value)]++;
}

void histogram_merge(struct latency_histogram *into,
		     const struct latency_histogram *from)
{
	unsigned int i;

	if (!from->count)
		return;
	if (!into->count || from->min < into->min)
		into->min = from->min;
	if (from->max > into->max)
		into->max = from->max;
	into->count += from->count;
	into->sum += from->sum;
	for (i = 0; i < HISTOGRAM_BUCKETS; i++)
		into->buckets[i] += from->buckets[i];
}

uint64_t histogram_percentile(const struct latency_histogram *h, double percent)
{
	uint64_t rank, seen = 0, value;
	unsigned int i;

	if (!h->count)
		return 0;
	/* The smallest rank with at least percent % of samples at or below */
	rank = (uint64_t)(percent / 100.0 * h->count);
	if ((double)rank < percent / 100.0 * h->count)
		rank++;
	if (rank < 1)
		rank = 1;
	for (i = 0; i < HISTOGRAM_BUCKETS; i++) {
		seen += h->buckets[i];
		if (seen >= rank)
			break;
	}
	value = histogram_bucket_highest(i < HISTOGRAM_BUCKETS ? i : i - 1);
	if (value > h->max)
		value = h->max;
	return value < h->min ? h->min : value;
}

json_t *histogram_to_json(const struct latency_histogram *h)
{
	json_t *buckets = json_array();
	unsigned int i;

	for (i = 0; i < HISTOGRAM_BUCKETS; i++) {
		if (h->buckets[i])
			json_array_append_new(
				buckets,
				json_pack(
					"[I, I, I]",
					(json_int_t)histogram_bucket_lowest(i),
					(json_int_t)histogram_bucket_highest(i),
					(json_int_t)h->buckets[i]));
	}
	return json_pack("{s:I, s:f, s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
			 "samples", (json_int_t)h->count, "mean",
			 h->count ? (double)h->sum / h->count : 0.0, "min",
			 (json_int_t)h->min, "p50",
			 (json_int_t)histogram_percentile(h, 50), "p90",
			 (json_int_t)histogram_percentile(h, 90), "p99",
			 (json_int_t)histogram_percentile(h, 99), "p99_9",
			 (json_int_t)histogram_percentile(h, 99.9), "max",
			 (json_int_t)h->max, "buckets", buckets);
}
