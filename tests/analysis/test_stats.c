// SPDX-License-Identifier: GPL-2.0
/*
 * The statistics of the comparison against values computed by hand (t, df,
 * the order statistics of a median's interval) and with arbitrary
 * precision (p, Student's t quantile: mpmath, 30 digits).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "analysis/samples.h"
#include "analysis/stats.h"
#include "test_support.h"

#define assert_close(a, b, tol) assert_true(fabs((a) - (b)) <= (tol))

static void welch_small_sample(void **state)
{
	/*
	 * a = 1..5: mean 3, s^2 2.5; b = 2,4,..,10: mean 6, s^2 10.
	 * se^2 = 2.5/5 + 10/5 = 2.5, t = -3/sqrt(2.5) = -1.8973665961;
	 * df = 2.5^2 / (0.5^2/4 + 2^2/4) = 6.25/1.0625 = 5.8823529412;
	 * p = I_{df/(df+t^2)}(df/2, 1/2) = 0.10753119493 (R: 0.1075).
	 */
	static const double a[] = { 1, 2, 3, 4, 5 }, b[] = { 2, 4, 6, 8, 10 };
	struct summary sa = summarize(a, 5), sb = summarize(b, 5);
	struct welch w = welch_test(&sa, &sb);

	(void)state;
	assert_true(w.valid);
	assert_close(w.t, -1.8973665961010276, 1e-12);
	assert_close(w.df, 5.882352941176471, 1e-12);
	assert_close(w.p, 0.10753119493062724, 1e-9);
	assert_close(w.change_pct, -50.0, 1e-12);
	assert_string_equal(significance_mark(&w), "");

	/* the other way round: same p, opposite t, +100 % */
	w = welch_test(&sb, &sa);
	assert_close(w.t, 1.8973665961010276, 1e-12);
	assert_close(w.p, 0.10753119493062724, 1e-9);
	assert_close(w.change_pct, 100.0, 1e-12);
}

static void welch_marks(void **state)
{
	static const double a[] = { 10, 11, 10, 11 }, b[] = { 20, 21, 20, 21 };
	static const double c[] = { 10, 12, 14 }, d[] = { 12, 16, 20 };
	struct summary sa = summarize(a, 4), sb = summarize(b, 4);
	struct summary sc = summarize(c, 3), sd = summarize(d, 3);
	struct welch w = welch_test(&sa, &sb);

	(void)state;
	assert_true(w.p < 0.01);
	assert_string_equal(significance_mark(&w), "**");
	/* t = -4/sqrt(4/3+16/3) = -1.5491933, df = 2.94117647: p ~ 0.22 */
	w = welch_test(&sc, &sd);
	assert_close(w.t, -1.5491933384829668, 1e-12);
	assert_close(w.df, 2.9411764705882355, 1e-12);
	assert_string_equal(significance_mark(&w), "");
}

static void welch_needs_two_runs_a_side(void **state)
{
	static const double a[] = { 1 }, b[] = { 2, 3 };
	struct summary sa = summarize(a, 1), sb = summarize(b, 2);
	struct welch w = welch_test(&sa, &sb);

	(void)state;
	assert_false(w.valid);
	assert_true(w.change_valid);
	assert_close(w.change_pct, -60.0, 1e-12);
	assert_string_equal(significance_mark(&w), "");
}

static void welch_without_spread(void **state)
{
	static const double a[] = { 4, 4, 4 }, b[] = { 5, 5 }, c[] = { 4, 4 };
	struct summary sa = summarize(a, 3), sb = summarize(b, 2),
		       sc = summarize(c, 2);
	struct welch w = welch_test(&sa, &sb);

	(void)state;
	assert_true(w.valid);
	assert_close(w.p, 0.0, 0);
	assert_string_equal(significance_mark(&w), "**");
	w = welch_test(&sa, &sc);
	assert_close(w.p, 1.0, 0);
	assert_close(w.t, 0.0, 0);
}

static void summary_and_interval(void **state)
{
	/*
	 * mean 5, s = sqrt(32/7) = 2.1380899353; t(0.975, 7) =
	 * 2.3646242516, half width t s / sqrt(8) = 1.7874879182.
	 */
	static const double x[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	struct summary s = summarize(x, 8);

	(void)state;
	assert_int_equal(s.n, 8);
	assert_close(s.mean, 5.0, 1e-12);
	assert_close(s.sd, 2.138089935299395, 1e-12);
	assert_close(s.min, 2.0, 0);
	assert_close(s.max, 9.0, 0);
	assert_close(s.ci95, 1.787487918233211, 1e-9);

	s = summarize(x, 1);
	assert_close(s.mean, 2.0, 0);
	assert_close(s.ci95, 0.0, 0);
}

static void percentiles_interpolate_between_ranks(void **state)
{
	/* 1..10: rank h = 9p; p50 5.5, p99 1 + 8.91 = 9.91, p99.9 9.991 */
	struct samples s = { 0 };
	struct samples_summary sum;

	(void)state;
	for (int i = 10; i >= 1; i--)
		assert_int_equal(samples_add(&s, i), 0);
	sum = samples_summarize(&s);
	assert_int_equal(sum.count, 10);
	assert_close(sum.total, 55.0, 0);
	assert_close(sum.p50, 5.5, 1e-12);
	assert_close(sum.p99, 9.91, 1e-12);
	assert_close(sum.p999, 9.991, 1e-12);
	assert_close(sum.max, 10.0, 0);
	samples_free(&s);
}

/* i-th of n distinct values, unevenly spaced: a rank off by one shows */
static double uneven(int i)
{
	return 100.0 + i * i;
}

/*
 * The median's 95 % interval is two order statistics of the sorted values,
 * the 0-based ranks floor(n/2 - 1.96 sqrt(n)/2) and ceil(n/2 + 1.96
 * sqrt(n)/2): n = 10: 1.90 -> 1, 8.10 -> 9; n = 11: 2.25 -> 2, 8.75 -> 9;
 * n = 100: 40.2 -> 40, 59.8 -> 60; n = 400: 180.4 -> 180, 219.6 -> 220.
 */
static void median_interval_is_two_order_statistics(void **state)
{
	static const struct {
		int n, low_rank, high_rank;
	} cases[] = {
		{ 10, 1, 9 }, { 11, 2, 9 }, { 100, 40, 60 }, { 400, 180, 220 }
	};
	double v[400], low, high;

	(void)state;
	for (int i = 0; i < 400; i++)
		v[i] = uneven(i);
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct samples s = { 0 };
		struct samples_summary sum;

		samples_p50_ci95(v, cases[c].n, &low, &high);
		assert_close(low, uneven(cases[c].low_rank), 0);
		assert_close(high, uneven(cases[c].high_rank), 0);
		/* the summary sorts first: the same from the values reversed */
		for (int i = cases[c].n - 1; i >= 0; i--)
			assert_int_equal(samples_add(&s, v[i]), 0);
		sum = samples_summarize(&s);
		assert_close(sum.p50_ci95_low, uneven(cases[c].low_rank), 0);
		assert_close(sum.p50_ci95_high, uneven(cases[c].high_rank), 0);
		assert_true(sum.p50_ci95_low <= sum.p50 &&
			    sum.p50 <= sum.p50_ci95_high);
		samples_free(&s);
	}
	samples_p50_ci95(v, SAMPLES_MIN_P50_CI95 - 1, &low, &high);
	assert_true(isnan(low) && isnan(high));
}

/* As JSON: the interval with 10 values or more, else the note why not */
static void median_interval_or_its_note(void **state)
{
	struct samples s = { 0 };
	json_t *j;

	(void)state;
	j = samples_to_json(&s, 0);
	assert_string_equal(json_string_value(json_at(j, "p50_ci95_ns_note")),
			    "n too small (n=0)");
	json_decref(j);
	for (int i = 0; i < SAMPLES_MIN_P50_CI95 - 1; i++)
		assert_int_equal(samples_add(&s, uneven(i)), 0);
	j = samples_to_json(&s, 0);
	assert_string_equal(json_string_value(json_at(j, "p50_ci95_ns_note")),
			    "n too small (n=9)");
	assert_null(json_at(j, "p50_ci95_low_ns"));
	assert_null(json_at(j, "p50_ci95_high_ns"));
	assert_close(json_num_at(j, "p50_ns"), uneven(4), 0);
	json_decref(j);

	assert_int_equal(samples_add(&s, uneven(9)), 0);
	j = samples_to_json(&s, 0);
	assert_null(json_at(j, "p50_ci95_ns_note"));
	assert_close(json_num_at(j, "p50_ci95_low_ns"), uneven(1), 0);
	assert_close(json_num_at(j, "p50_ci95_high_ns"), uneven(9), 0);
	json_decref(j);
	/* numbers that are not durations: the same keys without "_ns" */
	j = samples_to_json_unit(&s, 0, "");
	assert_close(json_num_at(j, "p50_ci95_low"), uneven(1), 0);
	assert_close(json_num_at(j, "p50_ci95_high"), uneven(9), 0);
	json_decref(j);
	samples_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(welch_small_sample),
		cmocka_unit_test(welch_marks),
		cmocka_unit_test(welch_needs_two_runs_a_side),
		cmocka_unit_test(welch_without_spread),
		cmocka_unit_test(summary_and_interval),
		cmocka_unit_test(percentiles_interpolate_between_ranks),
		cmocka_unit_test(median_interval_is_two_order_statistics),
		cmocka_unit_test(median_interval_or_its_note),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
