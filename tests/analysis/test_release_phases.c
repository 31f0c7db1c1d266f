// SPDX-License-Identifier: GPL-2.0
/* The release workload's phases on the run's clock, and what was reported. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "analysis/figures.h"
#include "analysis/release_phases.h"
#include "test_support.h"

#define START_NS 5000000000LL /* the timeline's start, guest monotonic */
#define S 1000000000LL

/*
 * Dirtied from 0.1 s to 2.1 s, freed until 2.5 s, rested until 22.5 s,
 * refaulted until 25 s: 1 GiB, with MemFree 1.8 GiB, 0.8, 1.8, 1.8, 0.8.
 * refault_end 0: the run ended before the refault did. A warm-up of 1 s.
 */
static json_t *run(json_int_t refault_end_ns, json_t *rounds)
{
	json_t *m = json_pack(
		"{s:{s:I, s:{s:I}, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}}}",
		"workload", "warmup_s", (json_int_t)1, "timeline",
		"start_monotonic_ns", (json_int_t)START_NS, "counters",
		"bytes_dirtied", (json_int_t)1 << 30, "bytes_freed",
		(json_int_t)1 << 30, "bytes_refaulted",
		(json_int_t)(refault_end_ns ? 1 << 30 : 1 << 29),
		"refault_complete", (json_int_t)(refault_end_ns != 0),
		"dirty_start_monotonic_ns", START_NS + S / 10,
		"free_start_monotonic_ns", START_NS + 21 * S / 10,
		"free_end_monotonic_ns", START_NS + 25 * S / 10,
		"refault_start_monotonic_ns", START_NS + 225 * S / 10,
		"refault_end_monotonic_ns", refault_end_ns,
		"memfree_kib_at_dirty_start", (json_int_t)1887436,
		"memfree_kib_at_free_start", (json_int_t)838860,
		"memfree_kib_at_free_end", (json_int_t)1887436,
		"memfree_kib_at_refault_start", (json_int_t)1887436,
		"memfree_kib_at_refault_end", (json_int_t)838860);

	if (rounds)
		json_object_set_new(m, "rounds",
				    json_pack("{s:{s:o}}", "per_round", "list",
					      rounds));
	return m;
}

static json_t *round_ending(double at_s, json_int_t pages)
{
	return json_pack("{s:I, s:I}", "end_ts_ns",
			 (json_int_t)(START_NS + at_s * S), "pages", pages);
}

static void near(double value, double expected)
{
	if (fabs(value - expected) > 1e-9)
		fail_msg("%g, expected %g", value, expected);
}

static void phases_of_a_whole_run(void **state)
{
	json_t *rounds = json_array(), *m, *p;

	(void)state;
	/* before the free (boot's leftovers), in the rest, after the refault */
	json_array_append_new(rounds, round_ending(1.0, 99999));
	json_array_append_new(rounds, round_ending(4.6, 65536));
	json_array_append_new(rounds, round_ending(6.6, 131072));
	json_array_append_new(rounds, round_ending(22.5, 7));
	m = run(START_NS + 25 * S, rounds);
	p = release_phases(m);
	assert_non_null(p);
	assert_true(json_is_true(json_at(p, "complete")));
	near(json_num_at(p, "start_s.dirty"), 0.1);
	near(json_num_at(p, "start_s.rest"), 2.5);
	near(json_num_at(p, "start_s.done"), 25);
	/* bench's clock: from the workload-start marker, the warm-up first */
	near(json_num_at(p, "after_workload_start_s.refault"), 23.5);
	near(json_num_at(p, "lasted_s.dirty"), 2);
	near(json_num_at(p, "lasted_s.free"), 0.4);
	near(json_num_at(p, "lasted_s.rest"), 20);
	near(json_num_at(p, "lasted_s.refault"), 2.5);
	near(json_num_at(p, "memfree_bytes_at_start.free"), 838860 * 1024.0);
	near(json_num_at(p, "memfree_bytes_at_start.refault"),
	     1887436 * 1024.0);
	assert_int_equal(json_num_at(p, "bytes.refaulted"), 1 << 30);
	/* the two rounds of the rest only: the refault's start is outside */
	assert_int_equal(json_num_at(p, "reported.rounds"), 2);
	assert_int_equal(json_num_at(p, "reported.pages"), 65536 + 131072);

	/* and the figures the report compares */
	json_object_set_new(m, "release_phases", p);
	json_t *f = figures_from_metrics(m, true);

	near(json_num_at(f, "release_refault_s"), 2.5);
	near(json_num_at(f, "release_rest_s"), 20);
	near(json_num_at(f, "release_memfree_refault_bytes"), 1887436 * 1024.0);
	near(json_num_at(f, "release_pages_reported"), 65536 + 131072);
	/* from the trace: not without a usable one */
	json_decref(f);
	f = figures_from_metrics(m, false);
	assert_null(json_at(f, "release_pages_reported"));
	assert_non_null(json_at(f, "release_refault_s"));
	json_decref(f);
	json_decref(m);
}

/* Cut in the refault: no refault duration, no end; no trace, no count */
static void a_run_cut_short(void **state)
{
	json_t *m = run(0, NULL), *p = release_phases(m);

	(void)state;
	assert_non_null(p);
	assert_false(json_is_true(json_at(p, "complete")));
	near(json_num_at(p, "start_s.refault"), 22.5);
	assert_null(json_at(p, "start_s.done"));
	assert_null(json_at(p, "lasted_s.refault"));
	near(json_num_at(p, "lasted_s.rest"), 20);
	assert_null(json_at(p, "reported"));
	json_decref(p);
	json_decref(m);
}

static void other_workloads_have_none(void **state)
{
	json_t *m = json_pack("{s:{s:{s:I}}}", "workload", "counters",
			      "bytes_filled", (json_int_t)4096);

	(void)state;
	assert_null(release_phases(m));
	json_decref(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(phases_of_a_whole_run),
		cmocka_unit_test(a_run_cut_short),
		cmocka_unit_test(other_workloads_have_none),
	};

	return cmocka_run_group_tests_name("release_phases", tests, NULL, NULL);
}
