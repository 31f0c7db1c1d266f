// SPDX-License-Identifier: GPL-2.0
/*
 * The trace reader and the run metrics on a trace.dat recorded from a real
 * guest run (tests/fixtures/trace), checked against trace-cmd's own text
 * output read independently here; and the bad traces: truncated or
 * corrupted, each an error naming the file, with the report still written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analysis/hint_metrics.h"
#include "analysis/run_files.h"
#include "analysis/trace_reader.h"

#define FIXTURE "tests/fixtures/trace/cursor-pagefault-1024M"
#define KERNEL_IMAGE_START 0xffffffff80000000ULL

/* What trace-cmd report says, read by text, not by the analysis code. */
struct text_view {
	size_t kinds[TRACE_KINDS];
	double holds[4096];
	size_t nholds;
	size_t image_spin_waits; /* SPIN waits on a lock in the kernel image */
	unsigned long long round_pages, round_free, round_blocks;
};

static struct text_view text;
static char tmp[64];

static int count_line(const char *line, const char *event)
{
	char pat[64];

	snprintf(pat, sizeof(pat), " %s: ", event);
	return strstr(line, pat) != NULL;
}

static void read_text(void)
{
	FILE *p = popen("trace-cmd report -i " FIXTURE "/trace.dat 2>/dev/null",
			"r");
	char line[1024];

	assert_non_null(p);
	while (fgets(line, sizeof(line), p)) {
		const char *s;
		unsigned long long a, b, c;

		for (int k = 0; k < TRACE_KINDS; k++)
			text.kinds[k] += count_line(line, trace_kind_name(k));
		if ((s = strstr(line, "hold_ns=")) &&
		    text.nholds < sizeof(text.holds) / sizeof(text.holds[0]))
			text.holds[text.nholds++] = strtod(s + 8, NULL);
		if ((s = strstr(line, "contention_begin: ")) &&
		    sscanf(s, "contention_begin: %llx", &a) == 1 &&
		    strstr(line, "(flags=SPIN)") && a >= KERNEL_IMAGE_START)
			text.image_spin_waits++;
		if ((s = strstr(line, "hint_round_start: ")) &&
		    (s = strstr(s, "free_pages=")) &&
		    sscanf(s, "free_pages=%llu", &a) == 1)
			text.round_free += a;
		if ((s = strstr(line, "hint_round_end: ")) &&
		    (s = strstr(s, "pages=")) &&
		    sscanf(s, "pages=%llu unique_pages=%llu blocks=%llu", &a,
			   &b, &c) == 3) {
			text.round_pages += b;
			text.round_blocks += c;
		}
	}
	assert_int_equal(pclose(p), 0);
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Hyndman and Fan's type 7, from the sorted values, written out. */
static double quantile(const double *sorted, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)floor(h);

	if (lo + 1 >= n)
		return sorted[n - 1];
	return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

static int setup(void **state)
{
	(void)state;
	strcpy(tmp, "/tmp/lockhold-test-trace.XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	read_text();
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
	return system(cmd);
}

static int count_kinds(const struct trace_sample *s, void *ctx)
{
	((size_t *)ctx)[s->kind]++;
	return 0;
}

static void counts_match_trace_cmd(void **state)
{
	size_t seen[TRACE_KINDS] = { 0 };
	struct trace_read_stats st;
	char err[PATH_MAX + 256];

	(void)state;
	assert_int_equal(trace_read(FIXTURE "/trace.dat", count_kinds, seen,
				    &st, err, sizeof(err)),
			 0);
	/* the fixture's README, from trace-cmd report */
	assert_int_equal(text.kinds[TRACE_ROUND_START], 2);
	assert_int_equal(text.kinds[TRACE_ROUND_END], 2);
	assert_int_equal(text.kinds[TRACE_LOCK_HOLD], 372);
	assert_int_equal(text.kinds[TRACE_BLOCK], 356);
	assert_int_equal(text.kinds[TRACE_CONTENTION_BEGIN], 130);
	assert_int_equal(text.kinds[TRACE_CONTENTION_END], 130);
	for (int k = 0; k < TRACE_KINDS; k++) {
		assert_int_equal(seen[k], text.kinds[k]);
		assert_int_equal(st.samples[k], text.kinds[k]);
	}
	assert_true(st.present[TRACE_LOCK_HOLD]);
	assert_false(st.present[TRACE_ZONE_LOCKED]); /* opt-in, not recorded */
	assert_int_equal(st.missed_events, 0);
	assert_int_equal(st.missed_unknown, 0);
}

static double number_at(json_t *j, const char *a, const char *b, const char *c)
{
	json_t *v =
		json_object_get(json_object_get(json_object_get(j, a), b), c);

	assert_true(json_is_number(v));
	return json_number_value(v);
}

static void metrics_match_independent_reading(void **state)
{
	struct hint_metrics m;
	struct trace_read_stats st;
	char err[PATH_MAX + 256];
	double sorted[4096], total = 0;
	size_t n = text.nholds;
	json_t *j;

	(void)state;
	hint_metrics_init(&m);
	assert_int_equal(trace_read(FIXTURE "/trace.dat", hint_metrics_add, &m,
				    &st, err, sizeof(err)),
			 0);
	j = hint_metrics_to_json(&m);

	memcpy(sorted, text.holds, n * sizeof(double));
	qsort(sorted, n, sizeof(double), by_value);
	for (size_t i = 0; i < n; i++)
		total += sorted[i];
	assert_int_equal(n, 372);
	assert_int_equal(number_at(j, "hint_lock_hold", "all", "count"), n);
	assert_true(number_at(j, "hint_lock_hold", "all", "total_ns") == total);
	assert_true(number_at(j, "hint_lock_hold", "all", "max_ns") ==
		    sorted[n - 1]);
	assert_true(fabs(number_at(j, "hint_lock_hold", "all", "p50_ns") -
			 quantile(sorted, n, 0.50)) < 1e-6);
	assert_true(fabs(number_at(j, "hint_lock_hold", "all", "p99_ns") -
			 quantile(sorted, n, 0.99)) < 1e-6);
	assert_true(fabs(number_at(j, "hint_lock_hold", "all", "p999_ns") -
			 quantile(sorted, n, 0.999)) < 1e-6);
	/* every hold of this run was in DMA32 */
	assert_int_equal(number_at(json_object_get(j, "hint_lock_hold"),
				   "zones", "DMA32", "count"),
			 n);

	/* zone lock waits: every plain spinlock wait on a lock of the kernel
	 * image (tasklist_lock, a static rwlock, waits as SPIN|READ) */
	assert_int_equal(text.image_spin_waits, 37);
	assert_int_equal(number_at(j, "zone_lock_contention", "allocators",
				   "count") +
				 number_at(j, "zone_lock_contention",
					   "hint_path", "count"),
			 text.image_spin_waits);

	json_t *r = json_object_get(j, "rounds");

	assert_int_equal(json_integer_value(json_object_get(r, "rounds")), 2);
	assert_int_equal(json_integer_value(json_object_get(r, "unique_pages")),
			 text.round_pages);
	assert_int_equal(json_integer_value(json_object_get(r, "blocks")),
			 text.round_blocks);
	assert_true(fabs(json_number_value(json_object_get(r, "coverage")) -
			 (double)text.round_pages / (double)text.round_free) <
		    1e-12);
	json_decref(j);
	hint_metrics_free(&m);
}

/* Copy the fixture run to tmp/name, its trace.dat cut or damaged. */
static void bad_copy(const char *name, const char *how)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd),
		 "set -e; d=%s/%s; mkdir -p $d; cp " FIXTURE "/*.json $d/; %s",
		 tmp, name, how);
	assert_int_equal(system(cmd), 0);
}

static void truncated_trace_is_an_error_naming_it(void **state)
{
	char path[PATH_MAX], err[PATH_MAX + 256];
	struct trace_read_stats st;
	struct hint_metrics m;

	(void)state;
	bad_copy("truncated",
		 "head -c 150000 " FIXTURE "/trace.dat > $d/trace.dat");
	snprintf(path, sizeof(path), "%s/truncated/trace.dat", tmp);
	hint_metrics_init(&m);
	assert_int_equal(trace_read(path, hint_metrics_add, &m, &st, err,
				    sizeof(err)),
			 -1);
	assert_non_null(strstr(err, path));
	hint_metrics_free(&m);
}

static int run_status(const char *cmd)
{
	int st = system(cmd);

	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

/*
 * A run with a truncated trace and one with garbage in the middle of its
 * trace, next to a good run: the report is written, both bad runs marked,
 * and it exits 1; each metrics.json keeps the migration figures.
 */
static void bad_traces_are_marked_and_the_report_written(void **state)
{
	char cmd[1024], err[256];
	json_t *mj, *t;

	(void)state;
	bad_copy("good", "cp " FIXTURE "/trace.dat $d/");
	bad_copy("cut", "head -c 200000 " FIXTURE "/trace.dat > $d/trace.dat");
	bad_copy(
		"garbage",
		"cp " FIXTURE "/trace.dat $d/; "
		"head -c 4096 /dev/zero | tr '\\0' '\\377' | "
		"dd of=$d/trace.dat bs=1 seek=120000 conv=notrunc status=none");
	snprintf(cmd, sizeof(cmd),
		 "analysis/report.sh %s > %s/out.txt 2> %s/err.txt", tmp, tmp,
		 tmp);
	assert_int_equal(run_status(cmd), 1);

	snprintf(cmd, sizeof(cmd),
		 "grep -q 'error: %s/cut/trace.dat: ' %s/err.txt && "
		 "grep -q '%s/garbage/trace.dat' %s/err.txt",
		 tmp, tmp, tmp, tmp);
	assert_int_equal(run_status(cmd), 0);
	snprintf(cmd, sizeof(cmd),
		 "grep -q '| cut | .*unusable' %s/report/report.md && "
		 "grep -q '| garbage | .*unusable' %s/report/report.md && "
		 "grep -q '| good | .* ok |$' %s/report/report.md && "
		 "test -s %s/report/hold_cdf.png",
		 tmp, tmp, tmp, tmp);
	assert_int_equal(run_status(cmd), 0);

	snprintf(cmd, sizeof(cmd), "%s/garbage", tmp);
	mj = run_file_load(cmd, "metrics.json", err, sizeof(err));
	assert_non_null(mj);
	t = json_object_get(mj, "trace");
	assert_true(json_is_false(json_object_get(t, "usable")));
	assert_non_null(json_object_get(json_object_get(mj, "figures"),
					"migration_total_ms"));
	assert_null(
		json_object_get(json_object_get(mj, "figures"), "hold_count"));
	json_decref(mj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_match_trace_cmd),
		cmocka_unit_test(metrics_match_independent_reading),
		cmocka_unit_test(truncated_trace_is_an_error_naming_it),
		cmocka_unit_test(bad_traces_are_marked_and_the_report_written),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
