// SPDX-License-Identifier: GPL-2.0
/* The workload's throughput in windows of a run, from its timeline. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "analysis/workload_windows.h"
#include "test_support.h"

#define START_NS 5000000000LL /* the guest's CLOCK_MONOTONIC at step 0 */

/*
 * A second measured in ten 100 ms steps of 100 ops, but for the 4th and
 * 5th step (300-500 ms), of 50: a hinting round slowed the guest there.
 * Migrated 1.3 s after the workers' release, the warm-up being 1 s.
 */
static json_t *run(json_t *rounds)
{
	json_t *at = json_array(), *ops = json_array();

	for (int i = 0; i < 10; i++) {
		json_array_append_new(at, json_real(100.0 * (i + 1)));
		json_array_append_new(
			ops, json_integer(i == 3 || i == 4 ? 50 : 100));
	}
	return json_pack(
		"{s:{s:I, s:{s:I, s:I, s:o, s:o}}, s:{s:f}, s:{s:{s:o}}}",
		"workload", "warmup_s", (json_int_t)1, "timeline",
		"interval_ms", (json_int_t)100, "start_monotonic_ns",
		(json_int_t)START_NS, "at_ms", at, "ops", ops, "migration",
		"migrate_at_s", 1.3, "rounds", "per_round", "list", rounds);
}

static json_t *round_at(double from_ms, double to_ms)
{
	return json_pack("{s:I, s:f}", "end_ts_ns",
			 (json_int_t)(START_NS + to_ms * 1e6), "duration_ns",
			 (to_ms - from_ms) * 1e6);
}

static void windows_of_a_migrated_run(void **state)
{
	json_t *rounds = json_array(), *m, *w;

	(void)state;
	json_array_append_new(rounds, round_at(300, 500));
	m = run(rounds);
	w = workload_windows(m);
	assert_non_null(w);
	/* 300 ops in the 300 ms before the migration */
	assert_true(fabs(json_num_at(w, "before_migration.ops_per_s") - 1000) <
		    1e-6);
	/* its first second, of which 700 ms were measured: 600 ops */
	assert_true(fabs(json_num_at(w, "migration_first_s.covered_s") - 0.7) <
		    1e-9);
	assert_true(fabs(json_num_at(w, "migration_first_s.ops_per_s") -
			 600 / 0.7) < 1e-6);
	/* inside the round: 100 ops in 200 ms, half the rate before */
	assert_int_equal(json_num_at(w, "in_rounds.rounds"), 1);
	assert_true(fabs(json_num_at(w, "in_rounds.ops_per_s") - 500) < 1e-6);
	assert_true(fabs(json_num_at(w, "in_rounds.ratio_to_before_migration") -
			 0.5) < 1e-9);
	json_decref(w);
	json_decref(m);
}

/* Rounds of one pass over two zones share their span: counted once. A
 * step partly inside a round counts pro rata. */
static void overlapping_rounds_and_partial_steps(void **state)
{
	json_t *rounds = json_array(), *m, *w;

	(void)state;
	json_array_append_new(rounds, round_at(250, 350));
	json_array_append_new(rounds, round_at(250, 350));
	m = run(rounds);
	w = workload_windows(m);
	/* 50 ms of a 100-op step, then 50 ms of a 50-op step: 75 ops */
	assert_true(fabs(json_num_at(w, "in_rounds.covered_s") - 0.1) < 1e-9);
	assert_true(fabs(json_num_at(w, "in_rounds.ops_per_s") - 750) < 1e-6);
	json_decref(w);
	json_decref(m);
}

/*
 * Latency: 10 samples a step of 1 ms mean, but in the 4th step (300-400
 * ms), where one op took 30 ms: the round over 350-450 ms overlaps the
 * 4th and 5th steps, the window before the migration (0-300 ms) none.
 */
static void latency_in_the_windows(void **state)
{
	json_t *rounds = json_array(), *m, *w, *t, *n = json_array(),
	       *mean = json_array(), *max = json_array();

	(void)state;
	for (int i = 0; i < 10; i++) {
		json_array_append_new(n, json_integer(10));
		json_array_append_new(mean, json_real(i == 3 ? 3.9e6 : 1e6));
		json_array_append_new(max, json_integer(i == 3 ? 30000000 :
								 1000000));
	}
	json_array_append_new(rounds, round_at(350, 450));
	m = run(rounds);
	t = json_object_get(json_object_get(m, "workload"), "timeline");
	json_object_set_new(t, "latency_samples", n);
	json_object_set_new(t, "latency_mean_ns", mean);
	json_object_set_new(t, "latency_max_ns", max);
	w = workload_windows(m);
	assert_int_equal(json_num_at(w, "in_rounds.latency.steps"), 2);
	assert_int_equal(json_num_at(w, "in_rounds.latency.samples"), 20);
	assert_true(fabs(json_num_at(w, "in_rounds.latency.mean_ns") - 2.45e6) <
		    1);
	assert_int_equal(json_num_at(w, "in_rounds.latency.max_ns"), 30000000);
	assert_int_equal(json_num_at(w, "before_migration.latency.steps"), 3);
	assert_int_equal(json_num_at(w, "before_migration.latency.max_ns"),
			 1000000);
	json_decref(w);
	json_decref(m);
}

static void no_timeline_no_windows(void **state)
{
	json_t *m = json_pack("{s:{s:I}}", "workload", "ops", (json_int_t)5);

	(void)state;
	assert_null(workload_windows(m));
	json_decref(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(windows_of_a_migrated_run),
		cmocka_unit_test(overlapping_rounds_and_partial_steps),
		cmocka_unit_test(latency_in_the_windows),
		cmocka_unit_test(no_timeline_no_windows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
