// SPDX-License-Identifier: GPL-2.0
/*
 * The rules of hint_metrics on made-up event sequences: which locks are
 * zone locks (only what the kernel names), which zone->lock holds waited
 * (a zone_lock_hold or hint_lock_hold with wait_ns > 0; lock:contention
 * events on a zone lock are only counted), which waits are the hinting
 * path's, which allocator waits hinting caused, which rounds hint by
 * allocation (no hint_lock_hold of their own) and so own their task's
 * rmqueue_buddy holds, rounds per task and zone, overlap in time order,
 * the fit of hold time on work, and percentiles only where there are
 * enough holds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/hint_metrics.h"
#include "analysis/hint_fit.h"
#include "test_support.h"

#define HINTER 10
#define OTHER_HINTER 11
#define ALLOCATOR 20
#define OTHER_ALLOCATOR 21
/* the fixture's addresses: contig_page_data + 0x3e0, + 0xbe0, + 0x1030 */
#define DMA32_LOCK 0xffffffff81b1a420ULL
#define NORMAL_LOCK 0xffffffff81b1ac20ULL
#define LRU_LOCK 0xffffffff81b1b070ULL
#define HEAP_LOCK 0xff1100000013dd08ULL /* direct map */
#define TASKLIST 0xffffffff81a06080ULL /* static rwlock */

static struct hint_metrics m;

static int setup(void **state)
{
	(void)state;
	hint_metrics_init(&m);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	hint_metrics_free(&m);
	return 0;
}

static void add(uint64_t ts, struct trace_sample s)
{
	s.ts = ts;
	assert_int_equal(hint_metrics_add(&s, &m), 0);
}

static void boot_record(void)
{
	struct zone_lock_boot b = {
		.rec = { { DMA32_LOCK, 0, false, "DMA32" },
			 { NORMAL_LOCK, 0, false, "Normal" },
			 { LRU_LOCK, 0, true, "" } },
		.n = 3,
	};

	hint_metrics_boot_record(&m, &b, 0, NULL);
}

static void wait(int pid, uint64_t lock, unsigned int flags, uint64_t begin,
		 uint64_t end)
{
	add(begin,
	    (struct trace_sample){ .kind = TRACE_CONTENTION_BEGIN,
				   .pid = pid,
				   .contention_begin = { lock, flags } });
	add(end, (struct trace_sample){ .kind = TRACE_CONTENTION_END,
					.pid = pid,
					.contention_end = { lock, 0 } });
}

static void round_start(uint64_t ts, int pid, const char *zone)
{
	struct trace_sample s = { .kind = TRACE_ROUND_START,
				  .pid = pid,
				  .round_start = { 1000, 1000, 9 } };

	snprintf(s.zone, sizeof(s.zone), "%s", zone);
	add(ts, s);
}

static void round_end(uint64_t ts, int pid, const char *zone,
		      uint64_t duration_ns)
{
	struct trace_sample s = { .kind = TRACE_ROUND_END,
				  .pid = pid,
				  .round_end = { .pages = 512,
						 .unique_pages = 512,
						 .blocks = 1,
						 .duration_ns = duration_ns } };

	snprintf(s.zone, sizeof(s.zone), "%s", zone);
	add(ts, s);
}

/*
 * A hint_lock_hold fired at ts: the hold spans [ts - hold_ns, ts], its wait
 * the wait_ns before it (none if 0).
 */
static void hint_hold_waited(uint64_t ts, int pid, uint64_t lock,
			     const char *zone, uint64_t wait_ns,
			     uint64_t hold_ns, unsigned int visited,
			     uint64_t pages_scanned)
{
	struct trace_sample s = { .kind = TRACE_LOCK_HOLD,
				  .pid = pid,
				  .lock_hold = { .lock_addr = lock,
						 .blocks = 1,
						 .wait_ns = wait_ns,
						 .hold_ns = hold_ns,
						 .visited = visited,
						 .skipped = visited - 1,
						 .pages_scanned = pages_scanned,
						 .irqs_disabled = true } };

	snprintf(s.zone, sizeof(s.zone), "%s", zone);
	add(ts, s);
}

/* A hint_lock_hold that found its lock free */
static void hint_hold(uint64_t ts, int pid, uint64_t lock, const char *zone,
		      uint64_t hold_ns, unsigned int visited,
		      uint64_t pages_scanned)
{
	hint_hold_waited(ts, pid, lock, zone, 0, hold_ns, visited,
			 pages_scanned);
}

static void zone_hold(uint64_t ts, int pid, uint64_t lock, const char *zone,
		      const char *holder, uint64_t wait_ns, uint64_t hold_ns)
{
	struct trace_sample s = {
		.kind = TRACE_ZONE_LOCK_HOLD,
		.pid = pid,
		.zone_lock_hold = { .lock_addr = lock,
				    .wait_ns = wait_ns,
				    .hold_ns = hold_ns,
				    .holder_name = holder },
	};

	snprintf(s.zone, sizeof(s.zone), "%s", zone);
	add(ts, s);
}

/*
 * A zone->lock wait over [begin, end]: the zone_lock_hold event of the
 * hold it led to, an rmqueue_bulk of 100 ns from end.
 */
static void alloc_wait(int pid, uint64_t lock, const char *zone, uint64_t begin,
		       uint64_t end)
{
	zone_hold(end + 100, pid, lock, zone, "rmqueue_bulk", end - begin, 100);
}

static void hinted(uint64_t ts, uint64_t pfn, unsigned int order)
{
	add(ts, (struct trace_sample){ .kind = TRACE_BLOCK,
				       .pid = HINTER,
				       .block = { pfn, order } });
}

static const char *str(json_t *j, const char *path)
{
	json_t *v = json_at(j, path);

	if (!json_is_string(v))
		fail_msg("%s: not a string", path);
	return json_string_value(v);
}

static void lru_lock_wait_is_not_a_zone_lock_wait(void **state)
{
	json_t *j, *o;

	(void)state;
	boot_record();
	wait(ALLOCATOR, LRU_LOCK, TRACE_LCB_F_SPIN, 1000, 6000);
	wait(ALLOCATOR, LRU_LOCK, TRACE_LCB_F_SPIN, 7000, 9000);
	/* on a zone lock: counted, not a wait; the hold's wait_ns is */
	wait(ALLOCATOR, DMA32_LOCK, TRACE_LCB_F_SPIN, 10000, 13000);
	alloc_wait(ALLOCATOR, DMA32_LOCK, "DMA32", 10000, 13000);
	wait(ALLOCATOR, HEAP_LOCK, 1U << 2, 14000, 25000); /* an rwsem */
	wait(ALLOCATOR, TASKLIST, TRACE_LCB_F_SPIN | 1U << 1, 26000, 27000);
	j = hint_metrics_to_json(&m);

	/* only the boot record's DMA32 lock wait, once */
	assert_int_equal(
		json_num_at(j, "zone_lock_contention.allocators.count"), 1);
	assert_true(
		json_num_at(j, "zone_lock_contention.allocators.total_ns") ==
		3000);
	assert_int_equal(json_num_at(j, "zone_lock_contention.hint_path.count"),
			 0);
	assert_int_equal(
		json_num_at(
			j,
			"zone_lock_contention.lock_contention_events_on_zone_locks"),
		1);
	o = json_at(j, "zone_lock_contention.other_locks");
	assert_int_equal(json_array_size(o), 3);
	/* by total wait: the rwsem, the LRU lock, tasklist_lock */
	assert_string_equal(str(json_array_get(o, 1), "name"),
			    "LRU lock of node 0");
	assert_string_equal(str(json_array_get(o, 1), "addr"),
			    "0xffffffff81b1b070");
	assert_int_equal(json_num_at(json_array_get(o, 1), "count"), 2);
	assert_true(json_num_at(json_array_get(o, 1), "total_ns") == 7000);
	assert_true(json_num_at(json_array_get(o, 1), "max_ns") == 5000);
	assert_string_equal(str(json_array_get(o, 0), "name"), "rwsem");
	assert_string_equal(str(json_array_get(o, 2), "name"), "rwlock");

	/*
	 * the zone locks are the boot record's two, and nothing else; the
	 * DMA32 hold's event names its lock as well
	 */
	o = json_at(j, "zone_locks.locks");
	assert_int_equal(json_array_size(o), 2);
	assert_string_equal(str(json_array_get(o, 0), "addr"),
			    "0xffffffff81b1a420");
	assert_string_equal(str(json_array_get(o, 0), "zone"), "DMA32");
	assert_int_equal(
		json_array_size(json_at(json_array_get(o, 1), "evidence")), 1);
	assert_string_equal(
		json_string_value(json_array_get(
			json_at(json_array_get(o, 1), "evidence"), 0)),
		"kernel boot record (zone-locks.txt)");
	assert_int_equal(json_array_size(json_at(j, "zone_locks.sources")), 2);
	assert_string_equal(json_string_value(json_array_get(
				    json_at(j, "zone_locks.sources"), 1)),
			    "zone_lock_hold event");
	assert_string_equal(
		str(json_array_get(json_at(j, "zone_locks.lru_locks"), 0),
		    "addr"),
		"0xffffffff81b1b070");
	assert_int_equal(json_array_size(json_at(j, "zone_locks.conflicts")),
			 0);
	json_decref(j);
}

static void waits_overlapping_a_hint_hold_of_the_same_lock(void **state)
{
	json_t *j, *by;

	(void)state;
	boot_record();
	round_start(1000, HINTER, "DMA32");
	/*
	 * the hinting task's own wait [8000, 10000] before its hold
	 * [10000, 20000]: hinting path, never "caused"
	 */
	hint_hold_waited(20000, HINTER, DMA32_LOCK, "DMA32", 2000, 10000, 4,
			 512);
	/* [12000, 21000] overlaps the hold [10000, 20000] of its lock */
	alloc_wait(ALLOCATOR, DMA32_LOCK, "DMA32", 12000, 21000);
	/* the same time on the other zone's lock: not caused by hinting */
	alloc_wait(OTHER_ALLOCATOR, NORMAL_LOCK, "Normal", 12000, 21000);
	/* after the hold */
	alloc_wait(ALLOCATOR, DMA32_LOCK, "DMA32", 30000, 31000);
	/* ends just as the hold began: overlaps at one instant */
	alloc_wait(OTHER_ALLOCATOR, DMA32_LOCK, "DMA32", 9000, 10000);
	round_end(40000, HINTER, "DMA32", 39000);
	j = hint_metrics_to_json(&m);

	assert_int_equal(json_num_at(j, "zone_lock_contention.hint_path.count"),
			 1);
	assert_true(json_num_at(j, "zone_lock_contention.hint_path.max_ns") ==
		    2000);
	assert_int_equal(
		json_num_at(j, "zone_lock_contention.allocators.count"), 4);
	assert_int_equal(
		json_num_at(
			j,
			"zone_lock_contention.allocators_caused_by_hinting.count"),
		2);
	assert_true(
		json_num_at(
			j,
			"zone_lock_contention.allocators_caused_by_hinting.total_ns") ==
		9000 + 1000);
	assert_true(
		json_num_at(
			j,
			"zone_lock_contention.allocators_caused_by_hinting.max_ns") ==
		9000);
	by = json_at(j, "zone_lock_contention.by_lock");
	assert_int_equal(json_array_size(by), 2);
	assert_string_equal(str(json_array_get(by, 1), "zone"), "Normal");
	assert_int_equal(json_num_at(json_array_get(by, 1), "allocators.count"),
			 1);
	assert_int_equal(json_num_at(json_array_get(by, 1),
				     "allocators_caused_by_hinting.count"),
			 0);
	/* irqs off for the hinting hold: its wait and its hold */
	assert_true(json_num_at(j, "hint_lock_hold.irqs_off.max_ns") ==
		    2000 + 10000);
	assert_int_equal(json_num_at(j, "zone_lock_holders.hinting.count"), 1);
	assert_true(json_num_at(j, "zone_lock_holders.hinting.wait_total_ns") ==
		    2000);
	json_decref(j);
}

/*
 * A hold waited when its event says so: wait_ns 0 is a lock free at the
 * first try. A zone_lock_hold's wait is the hinting path's while its task
 * has a round open, else an allocator's; a hint_lock_hold's always is.
 */
static void waits_are_holds_with_wait_ns(void **state)
{
	json_t *j, *by;

	(void)state;
	boot_record();
	zone_hold(2000, ALLOCATOR, DMA32_LOCK, "DMA32", "rmqueue_bulk", 0, 500);
	j = hint_metrics_to_json(&m);
	assert_int_equal(
		json_num_at(j, "zone_lock_contention.allocators.count"), 0);
	assert_int_equal(json_num_at(j, "zone_lock_contention.hint_path.count"),
			 0);
	json_decref(j);

	/* waited [3000, 4500] for the hold [4500, 5000] */
	zone_hold(5000, ALLOCATOR, NORMAL_LOCK, "Normal", "rmqueue_bulk", 1500,
		  500);
	round_start(6000, HINTER, "DMA32");
	zone_hold(8000, HINTER, DMA32_LOCK, "DMA32", "rmqueue_bulk", 700, 300);
	/* these two found the lock free */
	zone_hold(9000, HINTER, DMA32_LOCK, "DMA32", "rmqueue_bulk", 0, 200);
	hint_hold(9500, HINTER, DMA32_LOCK, "DMA32", 300, 1, 512);
	round_end(10000, HINTER, "DMA32", 4000);
	/* the same task, its round ended: an allocator */
	zone_hold(12000, HINTER, DMA32_LOCK, "DMA32", "rmqueue_bulk", 400, 100);
	/* a hint_lock_hold outside any round waited all the same */
	hint_hold_waited(20000, OTHER_HINTER, NORMAL_LOCK, "Normal", 600, 1000,
			 1, 512);
	j = hint_metrics_to_json(&m);

	assert_int_equal(
		json_num_at(j, "zone_lock_contention.allocators.count"), 2);
	assert_true(
		json_num_at(j, "zone_lock_contention.allocators.total_ns") ==
		1500 + 400);
	assert_true(json_num_at(j, "zone_lock_contention.allocators.max_ns") ==
		    1500);
	assert_int_equal(json_num_at(j, "zone_lock_contention.hint_path.count"),
			 2);
	assert_true(json_num_at(j, "zone_lock_contention.hint_path.total_ns") ==
		    700 + 600);
	/* none of them under a hinting hold of its lock */
	assert_int_equal(
		json_num_at(
			j,
			"zone_lock_contention.allocators_caused_by_hinting.count"),
		0);
	assert_int_equal(
		json_num_at(
			j,
			"zone_lock_contention.lock_contention_events_on_zone_locks"),
		0);
	by = json_at(j, "zone_lock_contention.by_lock");
	assert_string_equal(str(json_array_get(by, 0), "zone"), "DMA32");
	assert_int_equal(json_num_at(json_array_get(by, 0), "hint_path.count"),
			 1);
	assert_int_equal(json_num_at(json_array_get(by, 0), "allocators.count"),
			 1);
	assert_string_equal(str(json_array_get(by, 1), "zone"), "Normal");
	assert_int_equal(json_num_at(json_array_get(by, 1), "hint_path.count"),
			 1);
	assert_int_equal(json_num_at(json_array_get(by, 1), "allocators.count"),
			 1);
	json_decref(j);
}

/*
 * mainline-hint's round, one per zone, holds by allocation; with
 * hint_lock_holds, a hint_lock_hold of its task in each zone as well, the
 * Normal one after its rmqueue_buddy holds.
 */
static void mainline_hint_round(bool hint_lock_holds)
{
	boot_record();
	round_start(1000, HINTER, "DMA32");
	round_start(1001, HINTER, "Normal");
	if (hint_lock_holds)
		hint_hold(1500, HINTER, DMA32_LOCK, "DMA32", 200, 1, 512);
	zone_hold(5000, HINTER, NORMAL_LOCK, "Normal", "rmqueue_buddy", 300,
		  4000);
	hinted(5100, 262144, 10);
	/* another task allocating directly from the buddy lists */
	zone_hold(6000, ALLOCATOR, NORMAL_LOCK, "Normal", "rmqueue_buddy", 0,
		  1000);
	/* the round's task refilling its per-CPU list: not hinting */
	zone_hold(7000, HINTER, NORMAL_LOCK, "Normal", "rmqueue_bulk", 0, 500);
	zone_hold(9000, HINTER, NORMAL_LOCK, "Normal", "rmqueue_buddy", 100,
		  6000);
	hinted(9100, 263168, 10);
	/* an allocator waiting while the hinting task's hold [3000, 9000] */
	alloc_wait(ALLOCATOR, NORMAL_LOCK, "Normal", 8000, 9050);
	if (hint_lock_holds)
		hint_hold(19000, HINTER, NORMAL_LOCK, "Normal", 300, 2, 1024);
	round_end(20000, HINTER, "DMA32", 19000);
	round_end(20001, HINTER, "Normal", 19000);
	/* the same task after its round */
	zone_hold(30000, HINTER, NORMAL_LOCK, "Normal", "rmqueue_buddy", 0,
		  2000);
}

static void mainline_hint_allocations_are_the_hinting_holds(void **state)
{
	json_t *j, *list;

	(void)state;
	mainline_hint_round(false);
	j = hint_metrics_to_json(&m);

	/* neither round has a hint_lock_hold: both hint by allocation */
	assert_int_equal(json_num_at(j, "rounds.rounds_hinting_by_allocation"),
			 2);
	assert_int_equal(json_num_at(j, "rounds.rounds_with_hint_lock_hold"),
			 0);
	assert_int_equal(
		json_num_at(j, "rounds.unfinished_hinting_by_allocation"), 0);
	assert_non_null(strstr(str(j, "rounds.hinting_by_allocation_rule"),
			       "no hint_lock_hold event of its task"));
	assert_non_null(strstr(str(j, "hint_lock_hold.source"),
			       "holder rmqueue_buddy of rounds by allocation"));
	assert_null(strstr(str(j, "hint_lock_hold.source"), "hint_lock_hold"));
	assert_non_null(strstr(str(j, "hint_work.source"), "by construction"));

	assert_int_equal(json_num_at(j, "zone_lock_holders.hinting.count"), 2);
	assert_true(json_num_at(j, "zone_lock_holders.hinting.max_ns") == 6000);
	assert_true(json_num_at(j, "zone_lock_holders.hinting.total_ns") ==
		    10000);
	assert_true(json_num_at(j, "zone_lock_holders.hinting.wait_max_ns") ==
		    300);
	assert_int_equal(
		json_num_at(j, "zone_lock_holders.rmqueue_buddy.count"), 2);
	assert_true(
		json_num_at(j, "zone_lock_holders.rmqueue_buddy.total_ns") ==
		3000);
	/* the round's task's refill and the waiting allocator's */
	assert_int_equal(json_num_at(j, "zone_lock_holders.rmqueue_bulk.count"),
			 2);
	assert_int_equal(
		json_num_at(j, "zone_lock_holders.hinting.zones.Normal.count"),
		2);
	assert_int_equal(json_num_at(j, "hint_lock_hold.all.count"), 2);
	assert_true(json_num_at(j, "hint_lock_hold.all.max_ns") == 6000);
	/* irqs off: spin and hold, zone->lock is taken irqsave */
	assert_true(json_num_at(j, "hint_lock_hold.irqs_off.max_ns") == 6100);
	/* one entry, one block per hold by construction; no page count */
	assert_true(json_num_at(j, "hint_work.visited.total") == 2);
	assert_true(json_num_at(j, "hint_work.blocks.max") == 1);
	assert_null(json_at(j, "hint_work.pages_scanned"));
	/* listed for pooling: pages_scanned null, not measured */
	assert_int_equal(json_num_at(j, "hint_work.holds.count"), 2);
	assert_int_equal(json_array_size(json_at(j, "hint_work.holds.rows")),
			 2);
	assert_true(json_is_null(json_array_get(
		json_array_get(json_at(j, "hint_work.holds.rows"), 0), 2)));
	assert_true(
		json_number_value(json_array_get(
			json_array_get(json_at(j, "hint_work.holds.rows"), 0),
			1)) == 1);
	assert_false(json_is_true(json_at(j, "hint_work.holds.capped")));
	assert_false(json_is_true(json_at(j, "hint_work.fit.fitted")));
	assert_non_null(
		strstr(str(j, "hint_work.fit.reason"), "too few holds (2"));
	/* the allocator's wait overlapped a hinting allocation */
	assert_int_equal(
		json_num_at(j, "zone_lock_contention.allocators.count"), 1);
	assert_int_equal(
		json_num_at(
			j,
			"zone_lock_contention.allocators_caused_by_hinting.count"),
		1);
	/* the round's task waited twice for its allocations, with its round */
	assert_int_equal(json_num_at(j, "zone_lock_contention.hint_path.count"),
			 2);
	assert_true(json_num_at(j, "zone_lock_contention.hint_path.total_ns") ==
		    300 + 100);
	/* one round per zone, each with its own holds */
	assert_int_equal(json_num_at(j, "rounds.rounds"), 2);
	list = json_at(j, "rounds.per_round.list");
	assert_string_equal(str(json_array_get(list, 1), "zone"), "Normal");
	assert_true(json_is_true(
		json_at(json_array_get(list, 1), "by_allocation")));
	assert_int_equal(json_num_at(json_array_get(list, 1), "holds"), 2);
	assert_true(json_num_at(json_array_get(list, 1), "hold_total_ns") ==
		    10000);
	assert_int_equal(json_num_at(json_array_get(list, 1), "visited"), 2);
	assert_int_equal(json_num_at(json_array_get(list, 1), "hint_blocks"),
			 2);
	assert_true(json_is_true(
		json_at(json_array_get(list, 0), "by_allocation")));
	assert_int_equal(json_num_at(json_array_get(list, 0), "holds"), 0);
	assert_int_equal(json_num_at(json_array_get(list, 0), "hint_blocks"),
			 0);
	/* zone locks named by the zone_lock_hold events as well */
	assert_int_equal(
		json_array_size(json_at(
			json_array_get(json_at(j, "zone_locks.locks"), 1),
			"evidence")),
		2);
	json_decref(j);
}

/*
 * The same rounds, each with a hint_lock_hold of its task in its zone
 * (Normal's only after the rmqueue_buddy holds): they walk the free lists
 * themselves, and their task's rmqueue_buddy holds stay the allocator's.
 */
static void rounds_with_hint_lock_hold_keep_rmqueue_buddy_holds(void **state)
{
	json_t *j, *list;

	(void)state;
	mainline_hint_round(true);
	j = hint_metrics_to_json(&m);

	assert_int_equal(json_num_at(j, "rounds.rounds_hinting_by_allocation"),
			 0);
	assert_int_equal(json_num_at(j, "rounds.rounds_with_hint_lock_hold"),
			 2);
	/* the hinting holds are the two hint_lock_holds, nothing else */
	assert_int_equal(json_num_at(j, "zone_lock_holders.hinting.count"), 2);
	assert_true(json_num_at(j, "zone_lock_holders.hinting.total_ns") ==
		    500);
	assert_int_equal(json_num_at(j, "hint_lock_hold.all.count"), 2);
	assert_string_equal(str(j, "hint_lock_hold.source"),
			    "hint_lock_hold events");
	assert_string_equal(str(j, "hint_work.source"),
			    "hint_lock_hold events");
	/* all four rmqueue_buddy holds, the hinting task's three too */
	assert_int_equal(
		json_num_at(j, "zone_lock_holders.rmqueue_buddy.count"), 4);
	assert_true(
		json_num_at(j, "zone_lock_holders.rmqueue_buddy.total_ns") ==
		4000 + 1000 + 6000 + 2000);
	assert_true(
		json_num_at(j, "zone_lock_holders.rmqueue_buddy.wait_max_ns") ==
		300);
	/* the round's task's refill and the waiting allocator's */
	assert_int_equal(json_num_at(j, "zone_lock_holders.rmqueue_bulk.count"),
			 2);
	/* the work is the events', pages scanned measured */
	assert_true(json_num_at(j, "hint_work.visited.total") == 3);
	assert_true(json_num_at(j, "hint_work.pages_scanned.total") == 1536);
	assert_null(json_at(j, "hint_work.pages_scanned_note"));
	/* the allocator's wait overlapped only an allocator's hold */
	assert_int_equal(
		json_num_at(j, "zone_lock_contention.allocators.count"), 1);
	assert_int_equal(
		json_num_at(
			j,
			"zone_lock_contention.allocators_caused_by_hinting.count"),
		0);
	list = json_at(j, "rounds.per_round.list");
	assert_false(json_is_true(
		json_at(json_array_get(list, 0), "by_allocation")));
	assert_false(json_is_true(
		json_at(json_array_get(list, 1), "by_allocation")));
	assert_int_equal(json_num_at(json_array_get(list, 0), "holds"), 1);
	assert_true(json_num_at(json_array_get(list, 0), "hold_total_ns") ==
		    200);
	assert_int_equal(json_num_at(json_array_get(list, 1), "holds"), 1);
	assert_true(json_num_at(json_array_get(list, 1), "hold_total_ns") ==
		    300);
	assert_int_equal(json_num_at(json_array_get(list, 1), "visited"), 2);
	assert_int_equal(json_num_at(json_array_get(list, 0), "hint_blocks") +
				 json_num_at(json_array_get(list, 1),
					     "hint_blocks"),
			 2);
	json_decref(j);
}

/*
 * One task, two rounds at once, one per zone: DMA32's has hint_lock_holds,
 * Normal's none. Each is decided on its own zone: the task's rmqueue_buddy
 * holds in Normal are hinting, in DMA32 the allocator's.
 */
static void one_task_two_zones_decided_per_round(void **state)
{
	json_t *j, *list;

	(void)state;
	boot_record();
	round_start(1000, HINTER, "DMA32");
	round_start(1001, HINTER, "Normal");
	hint_hold(3000, HINTER, DMA32_LOCK, "DMA32", 1000, 3, 1024);
	/* overlaps the task's DMA32 allocation [3300, 4000] only */
	alloc_wait(ALLOCATOR, DMA32_LOCK, "DMA32", 3500, 3900);
	zone_hold(4000, HINTER, DMA32_LOCK, "DMA32", "rmqueue_buddy", 50, 700);
	zone_hold(5000, HINTER, NORMAL_LOCK, "Normal", "rmqueue_buddy", 200,
		  3000);
	hinted(5100, 262144, 10); /* Normal's: its last hold was latest */
	/* overlaps the Normal hinting hold [4500, 7000] */
	alloc_wait(ALLOCATOR, NORMAL_LOCK, "Normal", 6000, 6900);
	zone_hold(7000, HINTER, NORMAL_LOCK, "Normal", "rmqueue_buddy", 0,
		  2500);
	hinted(7100, 263168, 10); /* Normal's */
	hint_hold(8000, HINTER, DMA32_LOCK, "DMA32", 1500, 2, 512);
	hinted(8100, 1024, 9); /* DMA32's */
	zone_hold(9000, ALLOCATOR, NORMAL_LOCK, "Normal", "rmqueue_buddy", 0,
		  400);
	round_end(10000, HINTER, "DMA32", 9000);
	round_end(10001, HINTER, "Normal", 9000);
	zone_hold(12000, HINTER, NORMAL_LOCK, "Normal", "rmqueue_buddy", 0,
		  800);
	j = hint_metrics_to_json(&m);

	assert_int_equal(json_num_at(j, "rounds.rounds"), 2);
	assert_int_equal(json_num_at(j, "rounds.rounds_hinting_by_allocation"),
			 1);
	assert_int_equal(json_num_at(j, "rounds.rounds_with_hint_lock_hold"),
			 1);
	/* two hint_lock_holds in DMA32, two allocations in Normal */
	assert_int_equal(json_num_at(j, "zone_lock_holders.hinting.count"), 4);
	assert_true(json_num_at(j, "zone_lock_holders.hinting.total_ns") ==
		    1000 + 1500 + 3000 + 2500);
	assert_true(json_num_at(j, "zone_lock_holders.hinting.wait_max_ns") ==
		    200);
	assert_int_equal(
		json_num_at(j, "zone_lock_holders.hinting.zones.DMA32.count"),
		2);
	assert_int_equal(
		json_num_at(j, "zone_lock_holders.hinting.zones.Normal.count"),
		2);
	/* DMA32's own allocation, the other task's, and after the round */
	assert_int_equal(
		json_num_at(j, "zone_lock_holders.rmqueue_buddy.count"), 3);
	assert_true(
		json_num_at(j, "zone_lock_holders.rmqueue_buddy.total_ns") ==
		700 + 400 + 800);
	assert_int_equal(
		json_num_at(
			j, "zone_lock_holders.rmqueue_buddy.zones.DMA32.count"),
		1);
	assert_int_equal(json_num_at(j, "hint_lock_hold.all.count"), 4);
	assert_int_equal(json_num_at(j, "hint_lock_hold.zones.Normal.count"),
			 2);
	assert_true(json_num_at(j, "hint_lock_hold.zones.Normal.max_ns") ==
		    3000);
	assert_int_equal(json_num_at(j, "hint_lock_hold.outside_rounds"), 0);
	assert_non_null(strstr(str(j, "hint_lock_hold.source"),
			       "hint_lock_hold events, and"));
	/* the allocations' work by construction, their pages not measured */
	assert_true(json_num_at(j, "hint_work.visited.total") == 3 + 2 + 1 + 1);
	assert_true(json_num_at(j, "hint_work.blocks.total") == 4);
	assert_null(json_at(j, "hint_work.pages_scanned"));
	assert_string_equal(str(j, "hint_work.pages_scanned_note"),
			    "not measured on this path");
	/* only the wait under the Normal allocation was caused by hinting */
	assert_int_equal(
		json_num_at(j, "zone_lock_contention.allocators.count"), 2);
	assert_int_equal(
		json_num_at(
			j,
			"zone_lock_contention.allocators_caused_by_hinting.count"),
		1);
	assert_true(
		json_num_at(
			j,
			"zone_lock_contention.allocators_caused_by_hinting.total_ns") ==
		900);
	/* the task's waits in either zone, its rounds open: hinting path */
	assert_int_equal(json_num_at(j, "zone_lock_contention.hint_path.count"),
			 2);
	list = json_at(j, "rounds.per_round.list");
	assert_string_equal(str(json_array_get(list, 0), "zone"), "DMA32");
	assert_false(json_is_true(
		json_at(json_array_get(list, 0), "by_allocation")));
	assert_int_equal(json_num_at(json_array_get(list, 0), "holds"), 2);
	assert_int_equal(json_num_at(json_array_get(list, 0), "visited"), 5);
	assert_true(json_num_at(json_array_get(list, 0), "hold_total_ns") ==
		    2500);
	assert_int_equal(json_num_at(json_array_get(list, 0), "hint_blocks"),
			 1);
	/* as its hint_round_end says, for a window of the run to count */
	assert_int_equal(json_num_at(json_array_get(list, 0), "pages"), 512);
	assert_string_equal(str(json_array_get(list, 1), "zone"), "Normal");
	assert_true(json_is_true(
		json_at(json_array_get(list, 1), "by_allocation")));
	assert_int_equal(json_num_at(json_array_get(list, 1), "holds"), 2);
	assert_int_equal(json_num_at(json_array_get(list, 1), "visited"), 2);
	assert_true(json_num_at(json_array_get(list, 1), "hold_max_ns") ==
		    3000);
	assert_true(json_num_at(json_array_get(list, 1), "hold_total_ns") ==
		    5500);
	assert_int_equal(json_num_at(json_array_get(list, 1), "hint_blocks"),
			 2);
	json_decref(j);
}

/*
 * Rounds the trace does not end: one started again (its end lost) and two
 * still open at the end are decided with what they have, each once; the
 * decision stands when the trace goes on.
 */
static void unfinished_rounds_decided_with_what_they_have(void **state)
{
	json_t *j;

	(void)state;
	boot_record();
	round_start(1000, HINTER, "Normal");
	zone_hold(2000, HINTER, NORMAL_LOCK, "Normal", "rmqueue_buddy", 0, 900);
	round_start(3000, HINTER, "Normal"); /* the first round's end lost */
	zone_hold(4000, HINTER, NORMAL_LOCK, "Normal", "rmqueue_buddy", 0,
		  1100);
	round_start(4500, OTHER_HINTER, "DMA32");
	hint_hold(5000, OTHER_HINTER, DMA32_LOCK, "DMA32", 2000, 4, 512);
	zone_hold(6000, OTHER_HINTER, DMA32_LOCK, "DMA32", "rmqueue_buddy", 0,
		  300);

	for (int pass = 0; pass < 2; pass++) {
		j = hint_metrics_to_json(&m);
		assert_int_equal(json_num_at(j, "rounds.rounds"), 0);
		assert_int_equal(json_num_at(j, "rounds.unfinished"), 2);
		assert_int_equal(json_num_at(j, "rounds.restarted_before_end"),
				 1);
		/* the restarted round and the open Normal one */
		assert_int_equal(
			json_num_at(j, "rounds.rounds_hinting_by_allocation"),
			2);
		assert_int_equal(
			json_num_at(j, "rounds.rounds_with_hint_lock_hold"), 1);
		assert_int_equal(
			json_num_at(j,
				    "rounds.unfinished_hinting_by_allocation"),
			1);
		assert_int_equal(
			json_num_at(j, "zone_lock_holders.hinting.count"), 3);
		assert_true(
			json_num_at(j, "zone_lock_holders.hinting.total_ns") ==
			900 + 1100 + 2000);
		assert_int_equal(
			json_num_at(j, "zone_lock_holders.rmqueue_buddy.count"),
			1);
		assert_true(
			json_num_at(
				j,
				"zone_lock_holders.rmqueue_buddy.total_ns") ==
			300);
		assert_int_equal(json_num_at(j, "hint_lock_hold.all.count"), 3);
		json_decref(j);
	}

	/* decided by allocation: its next rmqueue_buddy hold is hinting */
	zone_hold(7000, HINTER, NORMAL_LOCK, "Normal", "rmqueue_buddy", 0, 500);
	round_end(8000, HINTER, "Normal", 5000);
	j = hint_metrics_to_json(&m);
	assert_int_equal(json_num_at(j, "rounds.rounds"), 1);
	assert_int_equal(json_num_at(j, "rounds.unfinished"), 1);
	assert_int_equal(json_num_at(j, "rounds.rounds_hinting_by_allocation"),
			 2);
	assert_int_equal(
		json_num_at(j, "rounds.unfinished_hinting_by_allocation"), 0);
	assert_int_equal(json_num_at(j, "zone_lock_holders.hinting.count"), 4);
	assert_true(json_is_true(
		json_at(json_array_get(json_at(j, "rounds.per_round.list"), 0),
			"by_allocation")));
	/* the restarted round's hold is not the new round's */
	assert_int_equal(
		json_num_at(json_array_get(json_at(j, "rounds.per_round.list"),
					   0),
			    "holds"),
		2);
	assert_true(json_num_at(json_array_get(
					json_at(j, "rounds.per_round.list"), 0),
				"hold_total_ns") == 1600);
	json_decref(j);
}

static void one_task_two_zones_is_two_rounds(void **state)
{
	json_t *j, *list;

	(void)state;
	boot_record();
	round_start(1000, HINTER, "DMA32");
	round_start(1001, HINTER, "Normal");
	hint_hold(3000, HINTER, DMA32_LOCK, "DMA32", 1000, 3, 0);
	hint_hold(5000, HINTER, NORMAL_LOCK, "Normal", 7000, 9, 0);
	hint_hold(6000, HINTER, DMA32_LOCK, "DMA32", 500, 2, 0);
	hint_hold(8000, HINTER, DMA32_LOCK, "DMA32", 1500, 1, 0);
	round_end(10000, HINTER, "DMA32", 9000);
	hint_hold(12000, HINTER, NORMAL_LOCK, "Normal", 2000, 4, 0);
	round_end(14000, HINTER, "Normal", 13000);
	j = hint_metrics_to_json(&m);

	assert_int_equal(json_num_at(j, "rounds.rounds"), 2);
	assert_int_equal(json_num_at(j, "rounds.per_round.count"), 2);
	list = json_at(j, "rounds.per_round.list");
	assert_string_equal(str(json_array_get(list, 0), "zone"), "DMA32");
	assert_int_equal(json_num_at(json_array_get(list, 0), "holds"), 3);
	assert_true(json_num_at(json_array_get(list, 0), "hold_max_ns") ==
		    1500);
	assert_true(json_num_at(json_array_get(list, 0), "hold_total_ns") ==
		    3000);
	assert_int_equal(json_num_at(json_array_get(list, 0), "visited"), 6);
	assert_string_equal(str(json_array_get(list, 1), "zone"), "Normal");
	assert_int_equal(json_num_at(json_array_get(list, 1), "holds"), 2);
	assert_true(json_num_at(json_array_get(list, 1), "hold_total_ns") ==
		    9000);
	assert_int_equal(json_num_at(json_array_get(list, 1), "visited"), 13);
	assert_true(json_num_at(j, "rounds.per_round.hold_max_ns.max_ns") ==
		    7000);
	assert_true(json_num_at(j, "rounds.per_round.hold_total_ns.max_ns") ==
		    9000);
	assert_true(json_num_at(j, "rounds.per_round.holds.max") == 3);
	assert_true(json_num_at(j, "rounds.per_round.duration_ns.max_ns") ==
		    13000);
	assert_int_equal(json_num_at(j, "hint_lock_hold.outside_rounds"), 0);
	assert_int_equal(json_num_at(j, "hint_lock_hold.zones.DMA32.count"), 3);
	/* the listed holds name their zone, in trace order */
	{
		static const int zone_of_hold[] = { 0, 1, 0, 0, 1 };
		json_t *rows = json_at(j, "hint_work.holds.rows");
		json_t *names = json_at(j, "hint_work.holds.zone_names");

		assert_int_equal(json_array_size(names), 2);
		assert_string_equal(json_string_value(json_array_get(names, 0)),
				    "DMA32");
		assert_string_equal(json_string_value(json_array_get(names, 1)),
				    "Normal");
		assert_int_equal(json_array_size(rows), 5);
		for (size_t i = 0; i < 5; i++)
			assert_int_equal(json_integer_value(json_array_get(
						 json_array_get(rows, i), 6)),
					 zone_of_hold[i]);
	}
	json_decref(j);
}

static void overlap_counted_in_time_order(void **state)
{
	json_t *j;

	(void)state;
	round_start(1000, HINTER, "DMA32");
	hinted(2000, 1024, 9); /* 1024..1535 */
	hinted(3000, 0, 9); /* 0..511 */
	hinted(4000, 1280, 0); /* inside 1024..1535: overlaps */
	hinted(5000, 512, 9); /* 512..1023: next to both, over neither */
	hinted(6000, 0, 10); /* 0..1023: over both before it */
	hinted(7000, 1536, 9); /* touches 1024..1535 only */
	round_end(8000, HINTER, "DMA32", 7000);
	j = hint_metrics_to_json(&m);
	/* sorted by pfn, 512..1023 would look inside 0..1023 and count */
	assert_int_equal(json_num_at(j, "rounds.overlapping_blocks"), 2);
	assert_int_equal(json_num_at(j, "rounds.hint_block_pages"),
			 512 * 4 + 1 + 1024);
	json_decref(j);
}

static void fit_recovers_slopes_and_counts_inflated(void **state)
{
	json_t *j;
	int planted = 0;

	(void)state;
	boot_record();
	round_start(1, HINTER, "DMA32");
	for (int i = 0; i < 300; i++) {
		unsigned int visited = 1 + i % 23;
		uint64_t pages = 512 * (uint64_t)((i * 7) % 11);
		/* deterministic noise of +-40 ns around the truth */
		double ns = 1500 + 250.0 * visited + 12.0 * (double)pages +
			    (double)((i * 37) % 81 - 40);

		if (i % 37 == 5) {
			ns += 150000; /* a vCPU descheduled under the lock */
			planted++;
		}
		hint_hold(1000000 + 1000000 * (uint64_t)i, HINTER, DMA32_LOCK,
			  "DMA32", (uint64_t)ns, visited, pages);
	}
	round_end(400000000, HINTER, "DMA32", 1);
	j = hint_metrics_to_json(&m);

	assert_true(json_is_true(json_at(j, "hint_work.fit.fitted")));
	assert_int_equal(json_num_at(j, "hint_work.fit.n"), 300);
	assert_true(fabs(json_num_at(j, "hint_work.fit.ns_per_visited") - 250) <
		    5);
	assert_true(fabs(json_num_at(j, "hint_work.fit.ns_per_page_scanned") -
			 12) < 0.1);
	assert_true(fabs(json_num_at(j, "hint_work.fit.intercept_ns") - 1500) <
		    50);
	assert_int_equal(planted, 8);
	assert_int_equal(json_num_at(j, "hint_work.fit.inflated"), planted);
	assert_true(fabs(json_num_at(j, "hint_work.fit.inflated_share") -
			 planted / 300.0) < 1e-12);
	assert_true(json_num_at(j, "hint_work.fit.r2") > 0.999);
	/* the work itself */
	assert_true(json_num_at(j, "hint_work.visited.max") == 23);
	assert_true(json_num_at(j, "hint_work.pages_scanned.max") == 5120);
	json_decref(j);
}

static void fit_needs_holds_and_a_varying_column(void **state)
{
	struct hint_fit_point p[40];
	bool known[HINT_FIT_COLS] = { true, true };
	json_t *j;

	(void)state;
	for (int i = 0; i < 40; i++)
		p[i] = (struct hint_fit_point){ 1000 + 10 * i, { 3, 512 } };
	j = hint_fit(p, 9, known);
	assert_false(json_is_true(json_at(j, "fitted")));
	assert_non_null(strstr(str(j, "reason"), "too few holds (9"));
	json_decref(j);

	j = hint_fit(p, 40, known);
	assert_false(json_is_true(json_at(j, "fitted")));
	assert_string_equal(
		str(j, "reason"),
		"no work column varies (visited constant; pages_scanned constant)");
	json_decref(j);

	/* pages vary, visited does not: fitted on pages alone */
	for (int i = 0; i < 40; i++)
		p[i] = (struct hint_fit_point){ 700 + 20.0 * (i % 7) * 512,
						{ 3, (i % 7) * 512.0 } };
	j = hint_fit(p, 40, known);
	assert_true(json_is_true(json_at(j, "fitted")));
	assert_null(json_at(j, "ns_per_visited"));
	assert_true(fabs(json_num_at(j, "ns_per_page_scanned") - 20) < 1e-6);
	assert_int_equal(json_array_size(json_at(j, "columns")), 1);
	json_decref(j);

	/* one block isolated per entry visited: the columns are one */
	for (int i = 0; i < 40; i++)
		p[i] = (struct hint_fit_point){ 700 + 15.0 * (i % 5) * 512,
						{ i % 5, (i % 5) * 512.0 } };
	j = hint_fit(p, 40, known);
	assert_true(json_is_true(json_at(j, "fitted")));
	assert_null(json_at(j, "ns_per_visited"));
	assert_true(fabs(json_num_at(j, "ns_per_page_scanned") - 15) < 1e-6);
	assert_non_null(strstr(
		json_string_value(json_array_get(json_at(j, "notes"), 0)),
		"collinear"));
	json_decref(j);
}

/* The holds listed for pooling: one row each, at most HINT_WORK_HOLDS_CAP. */
static void hold_rows_capped_and_said_so(void **state)
{
	const size_t n = HINT_WORK_HOLDS_CAP + 5;
	json_t *j, *rows, *cols;

	(void)state;
	boot_record();
	round_start(1, HINTER, "DMA32");
	for (size_t i = 0; i < n; i++)
		hint_hold(1000 + 1000 * (uint64_t)i, HINTER, DMA32_LOCK,
			  "DMA32", 500 + i, 1 + i % 3, 512 * (i % 2));
	round_end(1000 + 1000 * (uint64_t)n, HINTER, "DMA32", 1);
	j = hint_metrics_to_json(&m);

	cols = json_at(j, "hint_work.holds.columns");
	assert_int_equal(json_array_size(cols), 7);
	assert_string_equal(json_string_value(json_array_get(cols, 0)),
			    "hold_ns");
	assert_string_equal(json_string_value(json_array_get(cols, 2)),
			    "pages_scanned");
	assert_string_equal(json_string_value(json_array_get(cols, 6)), "zone");
	rows = json_at(j, "hint_work.holds.rows");
	assert_int_equal(json_array_size(rows), HINT_WORK_HOLDS_CAP);
	assert_true(json_is_true(json_at(j, "hint_work.holds.capped")));
	assert_int_equal(json_num_at(j, "hint_work.holds.count"), n);
	assert_int_equal(json_num_at(j, "hint_work.holds.rows_kept"),
			 HINT_WORK_HOLDS_CAP);
	assert_int_equal(json_num_at(j, "hint_work.holds.left_out"), 5);
	assert_non_null(strstr(str(j, "hint_work.holds.capped_note"),
			       "20000 of 20005 holds"));
	/* evenly spaced in trace order: the first, then by n / cap */
	assert_int_equal(
		json_integer_value(json_array_get(json_array_get(rows, 0), 0)),
		500);
	assert_int_equal(
		json_integer_value(json_array_get(
			json_array_get(rows, HINT_WORK_HOLDS_CAP - 1), 0)),
		500 + (HINT_WORK_HOLDS_CAP - 1) * n / HINT_WORK_HOLDS_CAP);
	/* row: hold_ns, visited, pages_scanned, blocks, skipped, put_back,
	 * zone */
	{
		json_t *r = json_array_get(rows, 1);

		assert_int_equal(json_integer_value(json_array_get(r, 0)), 501);
		assert_int_equal(json_integer_value(json_array_get(r, 1)), 2);
		assert_int_equal(json_integer_value(json_array_get(r, 2)), 512);
		assert_int_equal(json_integer_value(json_array_get(r, 3)), 1);
		assert_int_equal(json_integer_value(json_array_get(r, 4)), 1);
		assert_int_equal(json_integer_value(json_array_get(r, 5)), 0);
		assert_int_equal(json_integer_value(json_array_get(r, 6)), 0);
	}
	/* the per-run figures still of every hold */
	assert_int_equal(json_num_at(j, "hint_work.fit.n"), n);
	json_decref(j);
}

static void percentiles_only_with_enough_holds(void **state)
{
	json_t *j;

	(void)state;
	boot_record();
	for (int i = 0; i < 3; i++)
		hint_hold(10000 * (i + 1), HINTER, DMA32_LOCK, "DMA32",
			  1000 + i, 1, 0);
	j = hint_metrics_to_json(&m);
	assert_int_equal(json_num_at(j, "hint_lock_hold.all.count"), 3);
	assert_true(json_num_at(j, "hint_lock_hold.all.p50_ns") == 1001);
	assert_null(json_at(j, "hint_lock_hold.all.p99_ns"));
	assert_null(json_at(j, "hint_lock_hold.all.p999_ns"));
	assert_string_equal(str(j, "hint_lock_hold.all.p99_ns_note"),
			    "n too small (n=3)");
	assert_string_equal(str(j, "hint_lock_hold.all.p999_ns_note"),
			    "n too small (n=3)");
	/* the median's interval, of every holder and zone, needs 10 */
	assert_string_equal(
		str(j,
		    "zone_lock_holders.hinting.zones.DMA32.p50_ci95_ns_note"),
		"n too small (n=3)");
	assert_null(json_at(j, "hint_lock_hold.zones.DMA32.p50_ci95_low_ns"));
	/* every cell carries its count, empty ones too */
	assert_int_equal(
		json_num_at(j, "zone_lock_contention.allocators.count"), 0);
	assert_null(json_at(j, "zone_lock_contention.allocators.p99_ns"));
	json_decref(j);

	for (int i = 3; i < 150; i++)
		hint_hold(10000 * (i + 1), HINTER, DMA32_LOCK, "DMA32",
			  1000 + i, 1, 0);
	j = hint_metrics_to_json(&m);
	assert_int_equal(json_num_at(j, "hint_lock_hold.all.count"), 150);
	assert_true(fabs(json_num_at(j, "hint_lock_hold.all.p99_ns") -
			 (1000 + 149 * 0.99)) < 1e-9);
	assert_null(json_at(j, "hint_lock_hold.all.p99_ns_note"));
	assert_null(json_at(j, "hint_lock_hold.all.p999_ns"));
	assert_string_equal(str(j, "hint_lock_hold.all.p999_ns_note"),
			    "n too small (n=150)");
	/* 1000..1149: ranks floor(75 - 12.0) = 62 and ceil(75 + 12.0) = 88 */
	assert_true(json_num_at(j, "zone_lock_holders.hinting.zones.DMA32."
				   "p50_ci95_low_ns") == 1062);
	assert_true(json_num_at(j, "zone_lock_holders.hinting.zones.DMA32."
				   "p50_ci95_high_ns") == 1088);
	assert_true(
		json_num_at(j, "hint_lock_hold.zones.DMA32.p50_ci95_low_ns") ==
		1062);
	assert_null(json_at(j, "hint_lock_hold.all.p50_ci95_ns_note"));
	json_decref(j);
}

static void disagreeing_evidence_is_reported(void **state)
{
	json_t *j, *c, *locks;

	(void)state;
	boot_record();
	/* an event calling the boot record's DMA32 lock Normal's */
	hint_hold(5000, HINTER, DMA32_LOCK, "Normal", 1000, 1, 0);
	hint_hold(6000, HINTER, DMA32_LOCK, "Normal", 1000, 1, 0);
	/* a lock the boot record does not name */
	zone_hold(7000, ALLOCATOR, 0xffffffff81b1c000ULL, "Movable",
		  "free_one_page", 0, 100);
	/* the LRU lock as a zone lock */
	zone_hold(8000, ALLOCATOR, LRU_LOCK, "DMA32", "other", 0, 100);
	j = hint_metrics_to_json(&m);
	c = json_at(j, "zone_locks.conflicts");
	assert_int_equal(json_array_size(c), 4);
	assert_string_equal(
		json_string_value(json_array_get(c, 0)),
		"0xffffffff81b1a420: the hint_lock_hold event says nid 0 zone Normal, the kernel boot record (zone-locks.txt) said nid 0 zone DMA32");
	assert_non_null(strstr(json_string_value(json_array_get(c, 1)),
			       "the boot record does not name it"));
	assert_non_null(strstr(json_string_value(json_array_get(c, 3)),
			       "the LRU lock of node 0"));
	locks = json_at(j, "zone_locks.locks");
	/* the boot record's zone stands */
	assert_string_equal(str(json_array_get(locks, 0), "zone"), "DMA32");
	assert_int_equal(json_array_size(locks), 4);
	assert_int_equal(json_array_size(json_at(j, "zone_locks.sources")), 3);
	json_decref(j);
}

static void without_boot_record_only_events_name_zone_locks(void **state)
{
	json_t *j;

	(void)state;
	hint_metrics_boot_record(&m, NULL, 1, NULL);
	wait(ALLOCATOR, DMA32_LOCK, TRACE_LCB_F_SPIN, 1000, 2000);
	wait(ALLOCATOR, NORMAL_LOCK, TRACE_LCB_F_SPIN, 3000, 7000);
	zone_hold(9000, ALLOCATOR, NORMAL_LOCK, "Normal", "rmqueue_bulk", 4000,
		  800);
	j = hint_metrics_to_json(&m);
	/*
	 * DMA32's lock is named by nothing: an other spinlock. Normal's is
	 * a zone lock: its contention events counted, its one wait the
	 * zone_lock_hold's.
	 */
	assert_int_equal(
		json_num_at(j, "zone_lock_contention.allocators.count"), 1);
	assert_true(
		json_num_at(j, "zone_lock_contention.allocators.total_ns") ==
		4000);
	assert_int_equal(
		json_num_at(
			j,
			"zone_lock_contention.lock_contention_events_on_zone_locks"),
		1);
	assert_string_equal(
		str(json_array_get(
			    json_at(j, "zone_lock_contention.other_locks"), 0),
		    "name"),
		"other spinlock");
	assert_false(json_is_true(json_at(j, "zone_locks.boot_record.used")));
	assert_int_equal(json_array_size(json_at(j, "zone_locks.sources")), 1);
	assert_string_equal(json_string_value(json_array_get(
				    json_at(j, "zone_locks.sources"), 0)),
			    "zone_lock_hold event");
	assert_true(
		json_num_at(j, "zone_lock_holders.rmqueue_bulk.wait_max_ns") ==
		4000);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			lru_lock_wait_is_not_a_zone_lock_wait, setup, teardown),
		cmocka_unit_test_setup_teardown(
			waits_overlapping_a_hint_hold_of_the_same_lock, setup,
			teardown),
		cmocka_unit_test_setup_teardown(waits_are_holds_with_wait_ns,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			mainline_hint_allocations_are_the_hinting_holds, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			rounds_with_hint_lock_hold_keep_rmqueue_buddy_holds,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			one_task_two_zones_decided_per_round, setup, teardown),
		cmocka_unit_test_setup_teardown(
			unfinished_rounds_decided_with_what_they_have, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			one_task_two_zones_is_two_rounds, setup, teardown),
		cmocka_unit_test_setup_teardown(overlap_counted_in_time_order,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			fit_recovers_slopes_and_counts_inflated, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			fit_needs_holds_and_a_varying_column, setup, teardown),
		cmocka_unit_test_setup_teardown(hold_rows_capped_and_said_so,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			percentiles_only_with_enough_holds, setup, teardown),
		cmocka_unit_test_setup_teardown(
			disagreeing_evidence_is_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(
			without_boot_record_only_events_name_zone_locks, setup,
			teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
