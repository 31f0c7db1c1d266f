// SPDX-License-Identifier: GPL-2.0
/*
 * The latency histogram: bucket bounds worked out by hand, and percentiles
 * of inputs whose answer is known.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "workloads/histogram.h"

static struct latency_histogram *new_histogram(void)
{
	struct latency_histogram *h = calloc(1, sizeof(*h));

	assert_non_null(h);
	return h;
}

static void small_values_are_exact(void **state)
{
	uint64_t v;

	(void)state;
	for (v = 0; v < 32; v++) {
		assert_int_equal(histogram_bucket(v), v);
		assert_int_equal(histogram_bucket_lowest(v), v);
		assert_int_equal(histogram_bucket_highest(v), v);
	}
}

/* Worked by hand: 1000 = 0b1111101000, top five bits 11111, step 32 */
static void bounds_worked_by_hand(void **state)
{
	(void)state;
	assert_int_equal(histogram_bucket_lowest(histogram_bucket(32)), 32);
	assert_int_equal(histogram_bucket_highest(histogram_bucket(32)), 33);
	assert_int_equal(histogram_bucket_lowest(histogram_bucket(1000)), 992);
	assert_int_equal(histogram_bucket_highest(histogram_bucket(1000)),
			 1023);
	assert_int_equal(histogram_bucket_lowest(histogram_bucket(1024)), 1024);
	assert_int_equal(histogram_bucket_highest(histogram_bucket(1024)),
			 1087);
	assert_int_equal(histogram_bucket(UINT64_MAX), HISTOGRAM_BUCKETS - 1);
}

/* Buckets tile the whole range, in order, each at most 1/16 wide. */
static void buckets_tile_the_range(void **state)
{
	unsigned int b;
	uint64_t low, high;

	(void)state;
	for (b = 0; b + 1 < HISTOGRAM_BUCKETS; b++) {
		low = histogram_bucket_lowest(b);
		high = histogram_bucket_highest(b);
		assert_int_equal(histogram_bucket_lowest(b + 1), high + 1);
		assert_int_equal(histogram_bucket(low), b);
		assert_int_equal(histogram_bucket(high), b);
		if (low >= 32)
			assert_true((high - low + 1) * 16 <= low);
	}
}

static void percentiles_of_one_to_twenty(void **state)
{
	struct latency_histogram *h = new_histogram();
	uint64_t v;

	(void)state;
	for (v = 1; v <= 20; v++)
		histogram_record(h, v);
	assert_int_equal(h->count, 20);
	assert_int_equal(h->min, 1);
	assert_int_equal(h->max, 20);
	assert_int_equal(h->sum, 210);
	/* rank = ceil(p% of 20): the 10th, 18th, 20th and 20th values */
	assert_int_equal(histogram_percentile(h, 50), 10);
	assert_int_equal(histogram_percentile(h, 90), 18);
	assert_int_equal(histogram_percentile(h, 99), 20);
	assert_int_equal(histogram_percentile(h, 100), 20);
	assert_int_equal(histogram_percentile(h, 0), 1);
	free(h);
}

/* 1000 fast samples and 10 slow ones: the tail must show the slow ones. */
static void percentiles_of_a_tail(void **state)
{
	struct latency_histogram *h = new_histogram();
	int i;

	(void)state;
	for (i = 0; i < 1000; i++)
		histogram_record(h, 1000);
	for (i = 0; i < 10; i++)
		histogram_record(h, 1000000);
	/* rank 505 and 1000 are 1000 ns: its bucket [992, 1023] */
	assert_int_equal(histogram_percentile(h, 50), 1023);
	assert_int_equal(histogram_percentile(h, 99), 1023);
	/* rank ceil(1008.99) = 1009 is slow: clamped to the max seen */
	assert_int_equal(histogram_percentile(h, 99.9), 1000000);
	assert_int_equal(histogram_percentile(h, 100), 1000000);
	free(h);
}

static void merge_equals_recording_both(void **state)
{
	struct latency_histogram *a = new_histogram(), *b = new_histogram(),
				 *both = new_histogram();
	uint64_t v;

	(void)state;
	for (v = 1; v < 100000; v = v * 3 + 1) {
		histogram_record(v % 2 ? a : b, v);
		histogram_record(both, v);
	}
	histogram_merge(a, b);
	assert_memory_equal(a, both, sizeof(*a));
	free(a);
	free(b);
	free(both);
}

static void empty_and_json(void **state)
{
	struct latency_histogram *h = new_histogram();
	json_t *json;

	(void)state;
	assert_int_equal(histogram_percentile(h, 99), 0);
	histogram_record(h, 5);
	histogram_record(h, 7);
	json = histogram_to_json(h);
	assert_int_equal(json_integer_value(json_object_get(json, "samples")),
			 2);
	assert_true(json_real_value(json_object_get(json, "mean")) == 6.0);
	assert_int_equal(json_integer_value(json_object_get(json, "p50")), 5);
	assert_int_equal(json_integer_value(json_object_get(json, "max")), 7);
	/* Only the non-empty buckets, as [lowest, highest, count] */
	assert_int_equal(json_array_size(json_object_get(json, "buckets")), 2);
	json_decref(json);
	free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(small_values_are_exact),
		cmocka_unit_test(bounds_worked_by_hand),
		cmocka_unit_test(buckets_tile_the_range),
		cmocka_unit_test(percentiles_of_one_to_twenty),
		cmocka_unit_test(percentiles_of_a_tail),
		cmocka_unit_test(merge_equals_recording_both),
		cmocka_unit_test(empty_and_json),
	};

	return cmocka_run_group_tests_name("histogram", tests, NULL, NULL);
}
