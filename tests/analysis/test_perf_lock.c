// SPDX-License-Identifier: GPL-2.0
/*
 * The second instrument: perf lock contention's CSV (the format of perf
 * 6.12, as the guest writes it) summed over the zone locks, and the
 * figures on which it and trace.dat disagree by more than 10 %.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/perf_lock.h"
#include "test_support.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	return scratch_dir_make(dir, sizeof(dir),
				"/tmp/lockhold-test-perf.XXXXXX");
}

static int teardown(void **state)
{
	(void)state;
	return scratch_dir_remove(dir);
}

static void write_perf(const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/perf-lock.txt", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* What metrics has by then: two zone locks, 100 contention_begin waits on them. */
static json_t *metrics(void)
{
	json_error_t e;
	json_t *m = json_loads(
		"{\"zone_locks\": {"
		" \"locks\": [{\"addr\": \"0xffffffff81b1ac20\"},"
		"             {\"addr\": \"0xffffffff81b1a420\"}]},"
		" \"zone_lock_contention\": {"
		" \"lock_contention_on_zone_locks\":"
		" {\"count\": 100, \"total_ns\": 100000, \"max_ns\": 5000}}}",
		0, &e);

	assert_non_null(m);
	return m;
}

static double num(json_t *j, const char *a, const char *b)
{
	return json_number_value(json_object_get(json_object_get(j, a), b));
}

static void agreeing_instruments(void **state)
{
	json_t *m = metrics(), *p;

	(void)state;
	write_perf(
		"# output: contended, total wait, max wait, avg wait, address, symbol, type\n"
		"95, 95000, 5000, 1000, ffffffff81b1ac20, , spinlock\n"
		"2, 2000, 1500, 1000, ffffffff81b1a420, , spinlock\n"
		"40, 999999, 99999, 25000, ff1100000013dd08, , rwsem\n");
	p = perf_lock_compare(dir, m);
	assert_non_null(p);
	assert_int_equal(json_integer_value(json_object_get(p, "locks")), 3);
	/* the rwsem is not a zone lock */
	assert_true(num(p, "zone_locks", "count") == 97);
	assert_true(num(p, "zone_locks", "total_ns") == 97000);
	assert_true(num(p, "zone_locks", "max_ns") == 5000);
	assert_true(num(p, "trace_zone_locks", "count") == 100);
	assert_true(num(p, "trace_zone_locks", "total_ns") == 100000);
	/* 3 % apart: within 10 % */
	assert_int_equal(json_array_size(json_object_get(p, "disagreements")),
			 0);
	json_decref(p);
	json_decref(m);
}

static void disagreement_is_named(void **state)
{
	json_t *m = metrics(), *p;
	const char *d;

	(void)state;
	write_perf(
		"# output: contended, total wait, max wait, avg wait, address, symbol, type\n"
		"80, 100000, 5000, 1250, ffffffff81b1ac20, , spinlock\n");
	p = perf_lock_compare(dir, m);
	/* 80 against 100: 20 % of the larger; totals and max agree */
	assert_int_equal(json_array_size(json_object_get(p, "disagreements")),
			 1);
	d = json_string_value(
		json_array_get(json_object_get(p, "disagreements"), 0));
	assert_non_null(strstr(d, "zone lock waits: perf 80, trace.dat 100"));
	json_decref(p);
	json_decref(m);
}

static void unreadable_output_is_an_error_naming_the_file(void **state)
{
	json_t *m = metrics(), *p;
	const char *e;

	(void)state;
	write_perf("Error:\nNo permissions to read /sys/kernel/tracing\n");
	p = perf_lock_compare(dir, m);
	e = json_string_value(json_object_get(p, "error"));
	assert_non_null(e);
	assert_non_null(strstr(e, "perf-lock.txt: line 1"));
	json_decref(p);

	/* empty: perf wrote nowhere, which is not "no waits" */
	write_perf("");
	p = perf_lock_compare(dir, m);
	assert_non_null(strstr(json_string_value(json_object_get(p, "error")),
			       "no '# output: contended"));
	json_decref(p);

	/* no perf-lock.txt: a run without the second instrument */
	char path[128];

	snprintf(path, sizeof(path), "%s/perf-lock.txt", dir);
	unlink(path);
	assert_null(perf_lock_compare(dir, m));
	json_decref(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(agreeing_instruments),
		cmocka_unit_test(disagreement_is_named),
		cmocka_unit_test(unreadable_output_is_an_error_naming_the_file),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
