// SPDX-License-Identifier: GPL-2.0
/*
 * Scaling with guest size: one variant's groups at several sizes pooled,
 * fitted and extrapolated. The synthetic runs plant the truth: a hold
 * costs 2 µs plus 150 ns per entry visited, the longest hold visits 50
 * entries per GiB, and a round holds the lock 1 µs per GiB in total.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/groups.h"
#include "analysis/scaling.h"
#include "test_support.h"

#define SIZES 4
#define HOLDS 12
#define T_INTERCEPT 2000.0
#define T_PER_ENTRY 150.0
#define T_ENTRIES_PER_GIB 50.0

static const int gib[SIZES] = { 1, 2, 4, 8 };

/* "a/0/b": keys of objects, indices of arrays */
static double at(json_t *j, const char *path)
{
	char key[64];

	while (j && *path) {
		size_t n = strcspn(path, "/");

		snprintf(key, sizeof(key), "%.*s", (int)n, path);
		j = json_is_array(j) ? json_array_get(j, atoi(key)) :
				       json_object_get(j, key);
		path += n + (path[n] == '/');
	}
	if (!json_is_number(j))
		fail_msg("%s: not a number", path);
	return json_number_value(j);
}

static json_t *run_metrics(int g)
{
	json_t *rows = json_array(), *list = json_array();

	for (int i = 0; i < HOLDS; i++) {
		double v = T_ENTRIES_PER_GIB * g * (i + 1) / HOLDS;
		/* deterministic noise of +-20 ns */
		double ns = T_INTERCEPT + T_PER_ENTRY * v +
			    (double)((i * 13 + g) % 41 - 20);

		json_array_append_new(rows, json_pack("[f, f, i, f, i, i]", ns,
						      v, 0, v, 0, 0));
	}
	for (int r = 0; r < 2; r++)
		json_array_append_new(
			list,
			json_pack("{s:s, s:f, s:f, s:f, s:i}", "zone", "DMA32",
				  "visited", T_ENTRIES_PER_GIB * g,
				  "hold_total_ns", 1000.0 * g, "duration_ns",
				  2000.0 * g, "holds", HOLDS));
	return json_pack("{s:{s:{s:o}}, s:{s:{s:o}}, s:{s:f}}", "hint_work",
			 "holds", "rows", rows, "rounds", "per_round", "list",
			 list, "figures", "coverage_pageblock_order",
			 1.0 - 0.1 * g / 8);
}

static void fits_and_extrapolates(void **state)
{
	struct run runs[SIZES + 1] = { 0 };
	struct run *members[SIZES + 1];
	struct group groups[SIZES + 1] = { 0 };
	struct comparison c = { .groups = groups, .ngroups = SIZES + 1 };
	json_t *series, *s, *fits;

	(void)state;
	for (int i = 0; i <= SIZES; i++) {
		/* the last: another variant, at one size only */
		int g = i < SIZES ? gib[SIZES - 1 - i] : 1;

		runs[i].metrics = run_metrics(g);
		runs[i].figures = json_object_get(runs[i].metrics, "figures");
		members[i] = &runs[i];
		groups[i] = (struct group){
			.variant = i < SIZES ? "fullscan" : "cursor",
			.variant_key = i < SIZES ? "fullscan" : "cursor",
			.size_free_key = "idle rounds=20",
			.mem_mib = g * 1024,
			.runs = &members[i],
			.n = 1,
		};
	}
	series = scaling_series(&c);
	assert_int_equal(json_array_size(series), 1);
	s = json_array_get(series, 0);
	assert_string_equal(json_string_value(json_object_get(s, "variant")),
			    "fullscan");
	/* sorted by size */
	assert_int_equal(at(s, "sizes/0/mem_mib"), 1024);
	assert_int_equal(at(s, "sizes/3/mem_mib"), 8192);
	assert_int_equal(at(s, "sizes/3/visited_per_hold_max"), 400);
	assert_int_equal(
		at(s, "sizes/3/free_blocks_walked_per_round/DMA32/rounds"), 2);

	/* what the rounds bought, per size; no migration in these runs */
	assert_true(fabs(at(s, "sizes/3/coverage_pageblock_order/mean") - 0.9) <
		    1e-9);
	assert_int_equal(at(s, "sizes/3/coverage_pageblock_order/n"), 1);
	assert_null(
		json_object_get(json_array_get(json_object_get(s, "sizes"), 3),
				"migration_total_ms"));

	fits = json_object_get(s, "fits");
	assert_true(fabs(at(fits, "hold_on_entries_visited/ns_per_visited") -
			 T_PER_ENTRY) < 1);
	assert_true(fabs(at(fits, "longest_hold_entries_on_gib/slope") -
			 T_ENTRIES_PER_GIB) < 1e-6);
	assert_true(at(fits, "longest_hold_entries_on_gib/r2") > 0.999999);
	assert_int_equal(at(fits, "longest_hold_entries_on_gib/n"), SIZES);

	/* 64 GiB: 3200 entries, 2 µs + 3200 x 150 ns; 64 µs per round */
	assert_true(fabs(at(s, "extrapolation/0/longest_hold_entries") - 3200) <
		    1e-3);
	assert_true(fabs(at(s, "extrapolation/0/longest_hold_ns") -
			 (T_INTERCEPT + T_PER_ENTRY * 3200)) /
			    (T_INTERCEPT + T_PER_ENTRY * 3200) <
		    0.01);
	assert_true(fabs(at(s, "extrapolation/0/round_hold_total_ns") - 64000) <
		    1);
	assert_int_equal(at(s, "extrapolation/2/gib"), 1024);

	json_decref(series);
	for (int i = 0; i <= SIZES; i++)
		json_decref(runs[i].metrics);
}

/* Few holds, no rounds: the figures that need more are absent, not NaN */
static void too_few_for_intervals(void **state)
{
	struct run runs[2] = { 0 };
	struct run *members[2];
	struct group groups[2] = { 0 };
	struct comparison c = { .groups = groups, .ngroups = 2 };
	json_t *series, *s;
	char *text;

	(void)state;
	for (int i = 0; i < 2; i++) {
		runs[i].metrics = json_pack("{s:{s:{s:[[f, f, i, f, i, i]]}}}",
					    "hint_work", "holds", "rows",
					    5000.0 * (i + 1), 10.0 * (i + 1), 0,
					    1.0, 0, 0);
		members[i] = &runs[i];
		groups[i] = (struct group){ .variant = "cursor",
					    .variant_key = "cursor",
					    .size_free_key = "idle",
					    .mem_mib = 1024 << i,
					    .runs = &members[i],
					    .n = 1 };
	}
	series = scaling_series(&c);
	assert_int_equal(json_array_size(series), 1);
	s = json_array_get(series, 0);
	assert_null(
		json_object_get(json_array_get(json_object_get(s, "sizes"), 0),
				"hold_p50_ci95_low_ns"));
	assert_false(json_is_true(
		json_object_get(json_object_get(json_object_get(s, "fits"),
						"round_hold_total_ns_on_gib"),
				"fitted")));
	assert_int_equal(json_array_size(json_object_get(s, "extrapolation")),
			 0);
	text = json_dumps(series, 0);
	assert_non_null(text);
	free(text);
	json_decref(series);
	for (int i = 0; i < 2; i++)
		json_decref(runs[i].metrics);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fits_and_extrapolates),
		cmocka_unit_test(too_few_for_intervals),
	};

	return cmocka_run_group_tests_name("scaling", tests, NULL, NULL);
}
