// SPDX-License-Identifier: GPL-2.0
/* Coverage by a point in time: what had been hinted by then, each page once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "analysis/coverage_timed.h"
#include "test_support.h"

static void start(struct coverage_timed *c, uint64_t ts, const char *zone,
		  uint64_t free_pageblock)
{
	struct trace_sample s = { .kind = TRACE_ROUND_START, .ts = ts };

	snprintf(s.zone, sizeof(s.zone), "%s", zone);
	s.round_start.free_pages_pageblock = free_pageblock;
	assert_int_equal(coverage_timed_add(c, &s), 0);
}

static void block(struct coverage_timed *c, uint64_t ts, uint64_t pfn,
		  unsigned int order)
{
	struct trace_sample s = { .kind = TRACE_BLOCK, .ts = ts };

	s.block.pfn = pfn;
	s.block.order = order;
	assert_int_equal(coverage_timed_add(c, &s), 0);
}

/*
 * Page reporting reports a block, which then merges with its buddy and is
 * reported again as the order-10 block: its pages count once. A later
 * round's start gives the free memory of then.
 */
static void union_of_blocks_over_the_last_round_start(void **state)
{
	struct coverage_timed c = { 0 };
	json_t *at;

	(void)state;
	start(&c, 100, "DMA32", 4096);
	block(&c, 110, 0, 9);
	block(&c, 120, 512, 9);
	start(&c, 200, "DMA32", 2048);
	block(&c, 210, 0, 10); /* the two blocks, merged */
	block(&c, 220, 4096, 9);
	block(&c, 300, 8192, 9); /* after the point asked for */

	at = coverage_timed_at(&c, 250);
	assert_non_null(at);
	assert_int_equal(json_num_at(at, "blocks"), 4);
	assert_int_equal(json_num_at(at, "pages_hinted"), 1536);
	assert_int_equal(json_num_at(at, "free_pages_pageblock"), 2048);
	assert_true(fabs(json_num_at(at, "coverage") - 0.75) < 1e-9);
	json_decref(at);

	/* before the second round: its start is not yet the figure */
	at = coverage_timed_at(&c, 150);
	assert_int_equal(json_num_at(at, "pages_hinted"), 1024);
	assert_int_equal(json_num_at(at, "free_pages_pageblock"), 4096);
	json_decref(at);
	coverage_timed_free(&c);
}

/* Each zone's last start is summed: DMA32 and Normal both count. */
static void zones_add_up(void **state)
{
	struct coverage_timed c = { 0 };
	json_t *at;

	(void)state;
	start(&c, 10, "DMA32", 1000);
	start(&c, 20, "Normal", 3000);
	start(&c, 30, "DMA32", 500);
	at = coverage_timed_at(&c, 40);
	assert_int_equal(json_num_at(at, "zones"), 2);
	assert_int_equal(json_num_at(at, "free_pages_pageblock"), 3500);
	json_decref(at);
	/* nothing had started yet: no figure, rather than 0 of 0 */
	assert_null(coverage_timed_at(&c, 5));
	coverage_timed_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(union_of_blocks_over_the_last_round_start),
		cmocka_unit_test(zones_add_up),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
