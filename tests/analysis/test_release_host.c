// SPDX-License-Identifier: GPL-2.0
/* What the host got back from a release run, at the workload's phases. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "analysis/figures.h"
#include "analysis/release_host.h"
#include "test_support.h"

/*
 * The workload started at 10 s on the host's clock; it freed 1024 MiB at
 * 12 s after it (22 s) and refaulted at 30 s after it (40 s). The source's
 * RssAnon, sampled each second: 2000 MiB up to 23 s, then down by give_mib
 * in ten equal steps until 33 s, flat, and 2000 MiB again from 41 s on.
 */
static json_t *run(double give_mib)
{
	json_t *rows = json_array(), *m;

	for (int t = 0; t <= 50; t++) {
		double mib = 2000;

		if (t > 23 && t <= 33)
			mib -= give_mib * (t - 23) / 10;
		else if (t > 33 && t <= 40)
			mib -= give_mib;
		json_array_append_new(rows,
				      json_pack("[f, f]", (double)t, mib));
	}
	m = json_pack(
		"{s:{s:{s:f, s:f, s:f}, s:{s:I}}, s:{s:f, s:{s:{s:{s:o}}}}}",
		"release_phases", "after_workload_start_s", "free", 12.0,
		"rest", 12.3, "refault", 30.0, "bytes", "freed",
		(json_int_t)1 << 30, "host", "workload_start_s", 10.0, "roles",
		"source", "series", "rows", rows);
	assert_non_null(m);
	return m;
}

/* Given back by the start of the refault; the times from the free's start */
static void reporting_gives_back(void **state)
{
	json_t *m = run(800), *h;

	(void)state;
	h = release_host(m);
	assert_non_null(h);
	assert_float_equal(json_num_at(h, "rss_at_free_start_mib"), 2000, 1e-9);
	assert_float_equal(json_num_at(h, "given_back_mib"), 800, 1e-9);
	assert_float_equal(json_num_at(h, "given_back_share"), 800.0 / 1024,
			   1e-9);
	/* 400 MiB down at 28 s, 720 at 32 s: 6 and 10 s after the free */
	assert_float_equal(json_num_at(h, "given_back_half_s"), 6, 1e-9);
	assert_float_equal(json_num_at(h, "given_back_90pct_s"), 10, 1e-9);
	json_decref(h);
	json_decref(m);
}

/* Hinting gives nothing back: no times, and the refault is not counted */
static void hinting_gives_nothing(void **state)
{
	json_t *m = run(10), *h;

	(void)state;
	h = release_host(m);
	assert_non_null(h);
	assert_float_equal(json_num_at(h, "given_back_mib"), 10, 1e-9);
	assert_null(json_object_get(h, "given_back_half_s"));
	assert_non_null(json_object_get(h, "given_back_times"));
	json_decref(h);
	json_decref(m);
}

/* Another workload, or no host samples: nothing */
static void not_a_release_run(void **state)
{
	json_t *m = run(800);

	(void)state;
	json_object_del(m, "release_phases");
	assert_null(release_host(m));
	json_decref(m);
	m = run(800);
	json_object_del(m, "host");
	assert_null(release_host(m));
	json_decref(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reporting_gives_back),
		cmocka_unit_test(hinting_gives_nothing),
		cmocka_unit_test(not_a_release_run),
	};

	return cmocka_run_group_tests_name("release_host", tests, NULL, NULL);
}
