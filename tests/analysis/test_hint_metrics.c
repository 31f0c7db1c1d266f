// SPDX-License-Identifier: GPL-2.0
/*
 * The rules of hint_metrics on made-up event sequences: what is a zone
 * lock, what is a hinting-path wait, what overlaps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "analysis/hint_metrics.h"

#define HINTER 10
#define ALLOCATOR 20
#define ZONE_LOCK 0xffffffff81b1b070ULL /* static: in the kernel image */
#define HEAP_LOCK 0xff1100000013dd08ULL /* direct map */
#define TASKLIST 0xffffffff81a06080ULL /* static rwlock */

static struct hint_metrics m;
static uint64_t now;

static void add(struct trace_sample s)
{
	s.ts = now += 1000;
	if (!s.zone[0])
		strcpy(s.zone, "DMA32");
	assert_int_equal(hint_metrics_add(&s, &m), 0);
}

static void wait(int pid, uint64_t lock, unsigned int flags, uint64_t ns)
{
	add((struct trace_sample){ .kind = TRACE_CONTENTION_BEGIN,
				   .pid = pid,
				   .contention_begin = { lock, flags } });
	now += ns - 1000;
	add((struct trace_sample){ .kind = TRACE_CONTENTION_END,
				   .pid = pid,
				   .contention_end = { lock, 0 } });
}

static void hinted(uint64_t pfn, unsigned int order)
{
	add((struct trace_sample){
		.kind = TRACE_BLOCK, .pid = HINTER, .block = { pfn, order } });
}

static int setup(void **state)
{
	(void)state;
	hint_metrics_init(&m);
	now = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	hint_metrics_free(&m);
	return 0;
}

static json_t *get(json_t *j, const char *a, const char *b)
{
	return json_object_get(json_object_get(j, a), b);
}

static void waits_split_by_round_and_lock(void **state)
{
	json_t *j, *c;

	(void)state;
	wait(ALLOCATOR, ZONE_LOCK, TRACE_LCB_F_SPIN, 5000);
	add((struct trace_sample){ .kind = TRACE_ROUND_START,
				   .pid = HINTER,
				   .round_start = { 1000, 1000, 9 } });
	wait(HINTER, ZONE_LOCK, TRACE_LCB_F_SPIN, 7000);
	add((struct trace_sample){ .kind = TRACE_LOCK_HOLD,
				   .pid = HINTER,
				   .lock_hold = { .hold_ns = 300,
						  .blocks = 1,
						  .irqs_disabled = true } });
	wait(ALLOCATOR, ZONE_LOCK, TRACE_LCB_F_SPIN, 9000);
	wait(ALLOCATOR, HEAP_LOCK, 1U << 2, 11000); /* an rwsem */
	wait(ALLOCATOR, TASKLIST, TRACE_LCB_F_SPIN | 1U << 1, 13000);
	add((struct trace_sample){ .kind = TRACE_ROUND_END,
				   .pid = HINTER,
				   .round_end = { .pages = 512,
						  .unique_pages = 512,
						  .blocks = 1 } });

	j = hint_metrics_to_json(&m);
	c = json_object_get(j, "zone_lock_contention");
	assert_int_equal(json_integer_value(get(c, "hint_path", "count")), 1);
	assert_true(json_real_value(get(c, "hint_path", "max_ns")) == 7000);
	assert_int_equal(json_integer_value(get(c, "allocators", "count")), 2);
	assert_true(json_real_value(get(c, "allocators", "total_ns")) == 14000);
	assert_int_equal(json_integer_value(get(c, "other_locks", "count")), 2);
	/* the hinting path's own wait named the lock and its zone */
	json_t *zl = json_array_get(json_object_get(c, "zone_locks"), 0);

	assert_int_equal(json_array_size(json_object_get(c, "zone_locks")), 1);
	assert_string_equal(json_string_value(json_object_get(zl, "zone")),
			    "DMA32");
	assert_string_equal(json_string_value(json_object_get(zl, "evidence")),
			    "hint_lock_hold after the wait");
	assert_true(
		json_real_value(json_object_get(get(j, "hint_lock_hold", "all"),
						"irqs_off_max_ns")) == 300);
	assert_true(json_real_value(get(j, "rounds", "coverage")) == 0.512);
	json_decref(j);
}

static void overlapping_blocks_from_pfns(void **state)
{
	json_t *j;

	(void)state;
	add((struct trace_sample){ .kind = TRACE_ROUND_START,
				   .pid = HINTER,
				   .round_start = { 4096, 4096, 9 } });
	hinted(1024, 9); /* 1024..1535 */
	hinted(0, 9); /* 0..511 */
	hinted(1280, 0); /* inside 1024..1535: overlaps */
	hinted(512, 9); /* next to 0..511, but inside the next block */
	hinted(0, 10); /* 0..1023: over 0..511, overlaps */
	add((struct trace_sample){ .kind = TRACE_ROUND_END,
				   .pid = HINTER,
				   .round_end = { .blocks = 5 } });
	j = hint_metrics_to_json(&m);
	assert_int_equal(
		json_integer_value(get(j, "rounds", "overlapping_blocks")), 3);
	assert_int_equal(
		json_integer_value(get(j, "rounds", "hint_block_pages")),
		512 * 3 + 1 + 1024);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(waits_split_by_round_and_lock,
						setup, teardown),
		cmocka_unit_test_setup_teardown(overlapping_blocks_from_pfns,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
