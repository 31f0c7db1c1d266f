// SPDX-License-Identifier: GPL-2.0
/*
 * The release workload's phases, run here on 1 % of the free memory with a
 * short rest: every page dirtied is freed and refaulted, every refault is
 * sampled (or one in the period), the phases come in order and each is on
 * the console with the time its counter has; a run too short for them all
 * fails instead of passing off part of the refault as the whole.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "run_support.h"

extern const struct workload release_workload;

static char result_path[64];

/* The phases' markers, in order, and the counter each one's time is in */
static const char *const phases[][2] = {
	{ "dirty", "dirty_start_monotonic_ns" },
	{ "free", "free_start_monotonic_ns" },
	{ "rest", "free_end_monotonic_ns" },
	{ "refault", "refault_start_monotonic_ns" },
	{ "done", "refault_end_monotonic_ns" },
};

static const char *const memfree_counters[] = {
	"memfree_kib_at_dirty_start", "memfree_kib_at_free_start",
	"memfree_kib_at_free_end",    "memfree_kib_at_refault_start",
	"memfree_kib_at_refault_end",
};

#define NPHASES (sizeof(phases) / sizeof(phases[0]))

/* Runs release with args after --json, its stdout and stderr captured. */
static int run_release(char **args, char *out, size_t outlen, char *err,
		       size_t errlen)
{
	char *argv[32] = { "--json", result_path };
	struct capture c;
	int n = 2, ret;

	while (*args && n < 31)
		argv[n++] = *args++;
	argv[n] = NULL;
	unlink(result_path);
	capture_start(&c, stdout);
	ret = run_captured(&release_workload, argv, err, errlen);
	capture_end(&c, stdout, out, outlen);
	return ret;
}

static uint64_t counter(json_t *result, const char *name)
{
	json_t *v = json_object_get(json_object_get(result, "counters"), name);

	if (!json_is_integer(v))
		fail_msg("no counter %s", name);
	return json_integer_value(v);
}

static uint64_t number(json_t *object, const char *key)
{
	json_t *v = json_object_get(object, key);

	if (!json_is_integer(v))
		fail_msg("no integer %s", key);
	return json_integer_value(v);
}

/*
 * Each phase's marker in out, in order, with the time of its counter;
 * the times in order, the first after measuring began, the rest at least
 * rest_s long.
 */
static void phases_in_order(json_t *result, const char *out,
			    unsigned int rest_s)
{
	uint64_t last = number(json_object_get(result, "timeline"),
			       "start_monotonic_ns");
	const char *at = out;
	char marker[128];

	for (size_t i = 0; i < NPHASES; i++) {
		uint64_t t = counter(result, phases[i][1]);

		assert_true(t >= last);
		snprintf(
			marker, sizeof(marker),
			"LOCKHOLD: workload-phase release %s monotonic_ns=%llu at_ms=",
			phases[i][0], (unsigned long long)t);
		at = strstr(at, marker);
		if (!at)
			fail_msg("no '%s' after the previous phase in:\n%s",
				 marker, out);
		last = t;
	}
	assert_true(counter(result, "refault_start_monotonic_ns") -
			    counter(result, "free_end_monotonic_ns") >=
		    rest_s * 1000000000ULL);
}

/*
 * Bytes dirtied, freed and refaulted the same whole pages, about the 1 %
 * of MemFree asked for; every page refaulted an op; MemFree at each
 * boundary.
 */
static uint64_t pages_accounted(json_t *result)
{
	uint64_t bytes = counter(result, "bytes_dirtied");
	long page = sysconf(_SC_PAGESIZE);
	double memfree = counter(result, "memfree_kib_at_dirty_start") * 1024.0;

	assert_true(bytes > 0);
	assert_int_equal(bytes % page, 0);
	assert_int_equal(counter(result, "bytes_freed"), bytes);
	assert_int_equal(counter(result, "bytes_refaulted"), bytes);
	assert_int_equal(counter(result, "refault_complete"), 1);
	/* MemFree moves between setup and the first phase: roughly 1 % */
	assert_true(bytes > memfree * 0.005 && bytes < memfree * 0.02);
	for (size_t i = 0; i < NPHASES; i++)
		assert_true(counter(result, memfree_counters[i]) > 0);
	assert_int_equal(number(result, "ops"), bytes / page);
	return bytes / page;
}

/* Worker 1 naps: no ops, no counters, no samples of its own. */
static void second_worker_idle(json_t *result)
{
	json_t *worker =
		json_array_get(json_object_get(result, "per_worker"), 1);
	json_t *value;
	const char *name;

	assert_non_null(worker);
	assert_int_equal(number(worker, "ops"), 0);
	json_object_foreach(json_object_get(worker, "counters"), name, value)
		assert_int_equal(json_integer_value(value), 0);
}

/* A run of release that succeeds, its result; its stdout in out */
static json_t *successful_run(char **args, char *out, size_t outlen)
{
	char err[512];

	assert_int_equal(run_release(args, out, outlen, err, sizeof(err)), 0);
	assert_string_equal(err, "");
	return load_result_file(result_path);
}

static void every_page_refaulted_and_timed(void **state)
{
	char *args[] = { "--threads", "2", "--duration", "3", "--warmup", "1",
			 "--percent", "1", "--rest-s",	 "1", NULL };
	json_t *result, *latency;
	char out[4096];
	uint64_t pages;

	(void)state;
	result = successful_run(args, out, sizeof(out));
	pages = pages_accounted(result);
	latency = json_object_get(result, "latency_ns");
	assert_int_equal(number(latency, "samples"), pages);
	/* every page by default: a stride would alias with the host's blocks */
	assert_int_equal(number(latency, "sample_period"), 1);
	phases_in_order(result, out, 1);
	second_worker_idle(result);
	json_decref(result);
}

/* A period of 8 samples one refault in 8, the first among them. */
static void refaults_sampled_without_rest(void **state)
{
	char *args[] = { "--threads", "1", "--duration",      "2",
			 "--warmup",  "0", "--percent",	      "1",
			 "--rest-s",  "0", "--sample-period", "8",
			 NULL };
	char out[4096];
	json_t *result;
	uint64_t pages;

	(void)state;
	result = successful_run(args, out, sizeof(out));
	pages = pages_accounted(result);
	assert_int_equal(number(json_object_get(result, "latency_ns"),
				"samples"),
			 (pages + 7) / 8);
	phases_in_order(result, out, 0);
	json_decref(result);
}

/* A rest longer than the run: the run fails and the result says so. */
static void run_too_short_fails(void **state)
{
	char *args[] = { "--threads", "1", "--duration", "1", "--warmup", "0",
			 "--percent", "1", "--rest-s",	 "5", NULL };
	const char *expected_start =
		"error: release: the run ended in the rest phase (begun at ";
	const char *expected_end =
		" s of --duration 1; 0 of %llu pages refaulted): the refault latency would be partial (accepted: a longer --duration)\n";
	char out[4096], err[512], tail[256];
	uint64_t pages;
	json_t *result;

	(void)state;
	assert_int_equal(run_release(args, out, sizeof(out), err, sizeof(err)),
			 1);
	result = load_result_file(result_path);
	pages = counter(result, "bytes_dirtied") / sysconf(_SC_PAGESIZE);
	snprintf(tail, sizeof(tail), expected_end, (unsigned long long)pages);
	if (strncmp(err, expected_start, strlen(expected_start)) ||
	    !strstr(err, tail))
		fail_msg("unexpected error: %s", err);
	assert_int_equal(number(result, "errors"), 1);
	assert_int_equal(counter(result, "refault_complete"), 0);
	assert_int_equal(counter(result, "bytes_refaulted"), 0);
	assert_int_equal(counter(result, "refault_start_monotonic_ns"), 0);
	assert_int_equal(
		number(json_object_get(result, "latency_ns"), "samples"), 0);
	json_decref(result);
}

struct bad_option {
	const char *option, *value, *expected;
};

static const struct bad_option bad_options[] = {
	{ "--percent", "0",
	  "release: invalid value '0' for --percent (accepted: 1..90)" },
	{ "--percent", "91",
	  "release: invalid value '91' for --percent (accepted: 1..90)" },
	{ "--percent", "half",
	  "release: invalid value 'half' for --percent (accepted: 1..90)" },
	{ "--rest-s", "3601",
	  "release: invalid value '3601' for --rest-s (accepted: 0..3600)" },
	{ "--rest-s", "-1",
	  "release: invalid value '-1' for --rest-s (accepted: 0..3600)" },
};

static void bad_values_rejected(void **state)
{
	struct workload_ctx ctx;
	char err[512];

	(void)state;
	for (size_t i = 0; i < sizeof(bad_options) / sizeof(bad_options[0]);
	     i++) {
		char *argv[] = { "release", (char *)bad_options[i].option,
				 (char *)bad_options[i].value, NULL };

		assert_int_equal(runner_parse_args(&release_workload, 3, argv,
						   &ctx, err, sizeof(err)),
				 -1);
		assert_string_equal(err, bad_options[i].expected);
	}
	/* The bounds themselves are accepted */
	char *edges[] = { "release", "--percent", "90", "--rest-s", "0", NULL };

	assert_int_equal(runner_parse_args(&release_workload, 5, edges, &ctx,
					   err, sizeof(err)),
			 0);
	assert_int_equal(workload_opt_uint(&ctx, "percent"), 90);
	assert_int_equal(workload_opt_uint(&ctx, "rest-s"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_page_refaulted_and_timed),
		cmocka_unit_test(refaults_sampled_without_rest),
		cmocka_unit_test(run_too_short_fails),
		cmocka_unit_test(bad_values_rejected),
	};
	int ret;

	snprintf(result_path, sizeof(result_path),
		 "/tmp/lockhold-test-release.%d.json", (int)getpid());
	ret = cmocka_run_group_tests_name("release", tests, NULL, NULL);
	unlink(result_path);
	return ret;
}
