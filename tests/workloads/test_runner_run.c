// SPDX-License-Identifier: GPL-2.0
/*
 * A run with stand-in workloads: the JSON result must account for every op,
 * and a failing worker must end the run early yet still leave a result.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "run_support.h"

/* Per process, so that concurrent runs of the test do not collide */
static char result_path[64];

static atomic_int inits, exits, cleanups;

static int count_init(struct workload_worker *worker)
{
	(void)worker;
	atomic_fetch_add(&inits, 1);
	return 0;
}

static int fail_init(struct workload_worker *worker)
{
	return worker->id == 1 ? -ENOMEM : count_init(worker);
}

static void count_exit(struct workload_worker *worker)
{
	(void)worker;
	atomic_fetch_add(&exits, 1);
}

static void count_cleanup(struct workload_ctx *ctx)
{
	(void)ctx;
	atomic_fetch_add(&cleanups, 1);
}

static int three_ops(struct workload_worker *worker)
{
	(void)worker;
	usleep(100);
	return 3;
}

static int fail_after_ten(struct workload_worker *worker)
{
	return worker->ops < 10 ? 1 : -EIO;
}

static int fail_setup(struct workload_ctx *ctx)
{
	(void)ctx;
	return -EINVAL;
}

/* Runs workload on 2 threads with the extra options, NULL-terminated. */
static int run_with(const struct workload *workload, char **extra,
		    char *stderr_text, size_t len)
{
	char *args[32] = { "--threads", "2", "--json", result_path };
	int n = 4;

	while (*extra && n < 31)
		args[n++] = *extra++;
	args[n] = NULL;
	atomic_store(&inits, 0);
	atomic_store(&exits, 0);
	atomic_store(&cleanups, 0);
	unlink(result_path);
	return run_captured(workload, args, stderr_text, len);
}

/* Runs workload for 1 s (or 5 s when it should fail early) on 2 threads. */
static int run(const struct workload *workload, const char *duration,
	       char *stderr_text, size_t len)
{
	char *extra[] = { "--duration", (char *)duration, NULL };

	return run_with(workload, extra, stderr_text, len);
}

static json_t *load_result(void)
{
	return load_result_file(result_path);
}

/*
 * A step every 100 ms of the measured second, in order, whose ops add up
 * to those counted: all but the few done after the last step.
 */
static void timeline_matches(json_t *result, json_int_t ops)
{
	json_t *tl = json_object_get(result, "timeline");
	json_t *at = json_object_get(tl, "at_ms"),
	       *steps = json_object_get(tl, "ops");
	json_int_t sum = 0;
	double last = 0;
	size_t i, n = json_array_size(steps);

	assert_int_equal(json_integer_value(json_object_get(tl, "interval_ms")),
			 100);
	assert_int_equal(json_array_size(at), n);
	assert_true(n >= 9 && n <= 11);
	for (i = 0; i < n; i++) {
		double t = json_real_value(json_array_get(at, i));

		assert_true(t > last);
		last = t;
		sum += json_integer_value(json_array_get(steps, i));
	}
	assert_true(last >= 999 && last < 1200);
	assert_true(sum <= ops && sum >= ops / 2);
}

static void counts_every_op(void **state)
{
	static const struct workload_option options[] = {
		{ "size", "a number", WOPT_UINT, "7", 1, 9, NULL },
		{ "label", "a string", WOPT_STRING, NULL, 0, 0, NULL },
		{ NULL },
	};
	const struct workload counting = {
		.name = "counting",
		.description = "",
		.options = options,
		.worker_init = count_init,
		.run_op = three_ops,
		.worker_exit = count_exit,
		.cleanup = count_cleanup,
	};
	json_int_t ops, sum = 0;
	char errors[256];
	json_t *result, *worker;
	size_t i;

	(void)state;
	assert_int_equal(run(&counting, "1", errors, sizeof(errors)), 0);
	assert_string_equal(errors, "");
	assert_int_equal(inits, 2);
	assert_int_equal(exits, 2);
	assert_int_equal(cleanups, 1);

	result = load_result();
	assert_string_equal(
		json_string_value(json_object_get(result, "workload")),
		"counting");
	assert_int_equal(json_integer_value(json_object_get(result, "threads")),
			 2);
	assert_int_equal(
		json_integer_value(json_object_get(result, "duration_s")), 1);
	assert_true(json_real_value(json_object_get(result, "elapsed_s")) >=
		    0.99);
	assert_true(json_real_value(json_object_get(result, "elapsed_s")) <
		    1.5);
	assert_int_equal(json_integer_value(json_object_get(result, "errors")),
			 0);
	assert_int_equal(json_integer_value(json_object_get(
				 json_object_get(result, "options"), "size")),
			 7);
	assert_true(json_is_null(
		json_object_get(json_object_get(result, "options"), "label")));
	ops = json_integer_value(json_object_get(result, "ops"));
	assert_true(ops > 0 && ops % 3 == 0);
	assert_int_equal(json_array_size(json_object_get(result, "per_worker")),
			 2);
	json_array_foreach(json_object_get(result, "per_worker"), i, worker)
		sum += json_integer_value(json_object_get(worker, "ops"));
	assert_int_equal(sum, ops);
	timeline_matches(result, ops);
	json_decref(result);
}

static void failing_op_ends_the_run(void **state)
{
	const struct workload failing = {
		.name = "failing",
		.description = "",
		.worker_init = count_init,
		.run_op = fail_after_ten,
		.worker_exit = count_exit,
	};
	char errors[256];
	json_t *result;

	(void)state;
	assert_int_equal(run(&failing, "5", errors, sizeof(errors)), 1);
	assert_string_equal(errors, "error: failing: Input/output error\n");
	assert_int_equal(exits, 2);
	result = load_result();
	assert_true(json_integer_value(json_object_get(result, "errors")) >= 1);
	/* The main thread notices within its poll interval, not after 5 s */
	assert_true(json_real_value(json_object_get(result, "elapsed_s")) < 1);
	json_decref(result);
}

static void failing_init_ends_the_run(void **state)
{
	const struct workload failing = {
		.name = "failing",
		.description = "",
		.worker_init = fail_init,
		.run_op = three_ops,
		.worker_exit = count_exit,
	};
	char errors[256];
	json_t *result;

	(void)state;
	assert_int_equal(run(&failing, "5", errors, sizeof(errors)), 1);
	assert_string_equal(errors, "error: failing: Cannot allocate memory\n");
	/* Only the worker whose init succeeded is torn down */
	assert_int_equal(inits, 1);
	assert_int_equal(exits, 1);
	result = load_result();
	assert_int_equal(json_integer_value(json_object_get(result, "errors")),
			 1);
	json_decref(result);
}

static void failing_setup_runs_nothing(void **state)
{
	const struct workload failing = {
		.name = "failing",
		.description = "",
		.setup = fail_setup,
		.worker_init = count_init,
		.run_op = three_ops,
	};
	char errors[256];

	(void)state;
	assert_int_equal(run(&failing, "5", errors, sizeof(errors)), 1);
	assert_string_equal(errors, "error: failing: Invalid argument\n");
	assert_int_equal(inits, 0);
	assert_int_equal(access(result_path, F_OK), -1);
}

/* When each worker made its first call, for the release check */
static _Atomic uint64_t first_call_ns[2];

static int timed_op(struct workload_worker *worker)
{
	uint64_t t, expected = 0;

	atomic_compare_exchange_strong(&first_call_ns[worker->id % 2],
				       &expected, workload_now_ns());
	t = workload_sample_start(worker);
	usleep(1000);
	workload_sample_end(worker, t);
	worker->counters[0] = (uint64_t)getpid();
	return 1;
}

static const char *const pid_counter[] = { "pid", NULL };

static const struct workload timed = {
	.name = "timed",
	.description = "",
	.latency_of = "a 1 ms sleep",
	.default_sample_period = 4,
	.counter_names = pid_counter,
	.run_op = timed_op,
};

static double number(json_t *object, const char *key)
{
	json_t *value = json_object_get(object, key);

	assert_true(json_is_number(value));
	return json_number_value(value);
}

/*
 * 1 s of warm-up, then 1 s measured: only the second counts, and the
 * workers start within a few ms of each other.
 */
static void warmup_is_not_measured(void **state)
{
	char *extra[] = { "--duration", "1", "--warmup", "1", NULL };
	uint64_t start = workload_now_ns(), spread;
	double wall, elapsed, ops;
	char errors[256];
	json_t *result, *latency;

	(void)state;
	atomic_store(&first_call_ns[0], 0);
	atomic_store(&first_call_ns[1], 0);
	assert_int_equal(run_with(&timed, extra, errors, sizeof(errors)), 0);
	wall = (workload_now_ns() - start) / 1e9;
	assert_true(wall >= 2.0 && wall < 2.5);
	spread = first_call_ns[0] > first_call_ns[1] ?
			 first_call_ns[0] - first_call_ns[1] :
			 first_call_ns[1] - first_call_ns[0];
	assert_true(spread < 20 * 1000 * 1000);

	result = load_result();
	elapsed = number(result, "elapsed_s");
	assert_true(elapsed >= 0.99 && elapsed < 1.2);
	assert_int_equal(number(result, "warmup_s"), 1);
	/* At most one op per ms per worker: 1 s measured, not 2 */
	ops = number(result, "ops");
	assert_true(ops > 100 && ops <= 2 * 1000 * elapsed + 2);
	/* One sample in four ops, none of them shorter than the sleep */
	latency = json_object_get(result, "latency_ns");
	assert_true(fabs(number(latency, "samples") - ops / 4) <= 2);
	assert_true(number(latency, "p50") >= 1000000);
	assert_true(number(latency, "min") >= 1000000);
	assert_int_equal(number(latency, "sample_period"), 4);
	json_decref(result);
}

/* A 40 ms stall of one sampled op, once, amid 1 ms ops */
static atomic_bool stalled;

static int stalling_op(struct workload_worker *worker)
{
	uint64_t t = workload_sample_start(worker);
	bool no = false;

	usleep(1000);
	if (worker->id == 0 && worker->ops == 300 &&
	    atomic_compare_exchange_strong(&stalled, &no, true))
		usleep(40 * 1000);
	workload_sample_end(worker, t);
	return 1;
}

static const struct workload stalling = {
	.name = "stalling",
	.description = "",
	.latency_of = "a 1 ms sleep, once 41 ms",
	.default_sample_period = 1,
	.run_op = stalling_op,
};

/*
 * The timeline's latency: the samples of its steps add up to those of the
 * histogram (but for the last few ms), each step's mean is at least the
 * sleep, and the one stall is the maximum of exactly one step.
 */
static void latency_over_time(void **state)
{
	char *extra[] = { "--duration", "1", "--warmup", "0", NULL };
	json_t *result, *tl, *samples, *mean, *max;
	double histogram_samples, sum = 0;
	int stall_steps = 0;
	char errors[256];
	size_t i;

	(void)state;
	atomic_store(&stalled, false);
	assert_int_equal(run_with(&stalling, extra, errors, sizeof(errors)), 0);
	assert_true(stalled);
	result = load_result();
	tl = json_object_get(result, "timeline");
	samples = json_object_get(tl, "latency_samples");
	mean = json_object_get(tl, "latency_mean_ns");
	max = json_object_get(tl, "latency_max_ns");
	assert_int_equal(json_array_size(samples),
			 json_array_size(json_object_get(tl, "ops")));
	assert_int_equal(json_array_size(mean), json_array_size(samples));
	assert_int_equal(json_array_size(max), json_array_size(samples));
	for (i = 0; i < json_array_size(samples); i++) {
		double n = json_number_value(json_array_get(samples, i));

		sum += n;
		if (!n) {
			assert_true(json_is_null(json_array_get(mean, i)));
			continue;
		}
		assert_true(json_number_value(json_array_get(mean, i)) >=
			    1000000);
		assert_true(json_number_value(json_array_get(max, i)) >=
			    json_number_value(json_array_get(mean, i)));
		stall_steps += json_number_value(json_array_get(max, i)) >=
			       40000000;
	}
	assert_int_equal(stall_steps, 1);
	histogram_samples =
		number(json_object_get(result, "latency_ns"), "samples");
	/* at most a step's worth (2 workers, 100 ms of 1 ms ops) after it */
	assert_true(sum <= histogram_samples && sum >= histogram_samples - 200);
	json_decref(result);
}

/* Worker processes report through shared memory just as threads do. */
static void processes_mode(void **state)
{
	char *extra[] = { "--duration", "1",	     "--warmup",	"0",
			  "--mode",	"processes", "--sample-period", "0",
			  NULL };
	char errors[256];
	json_t *result, *worker;
	json_int_t pids[2], sum = 0;
	size_t i;

	(void)state;
	assert_int_equal(run_with(&timed, extra, errors, sizeof(errors)), 0);
	result = load_result();
	assert_string_equal(json_string_value(json_object_get(result, "mode")),
			    "processes");
	assert_true(json_is_null(json_object_get(result, "latency_ns")));
	json_array_foreach(json_object_get(result, "per_worker"), i, worker)
	{
		pids[i] = json_integer_value(json_object_get(
			json_object_get(worker, "counters"), "pid"));
		assert_true(pids[i] > 0 && pids[i] != getpid());
		sum += json_integer_value(json_object_get(worker, "ops"));
	}
	assert_true(pids[0] != pids[1]);
	assert_true(sum > 100);
	assert_int_equal(sum,
			 json_integer_value(json_object_get(result, "ops")));
	json_decref(result);
}

static int finish_ok(struct workload_worker *worker)
{
	(void)worker;
	return 0;
}

/* A --wait-for file that never comes fails the run, and says why. */
static void wait_for_times_out(void **state)
{
	char *extra[] = { "--duration",
			  "1",
			  "--warmup",
			  "0",
			  "--wait-for",
			  "/nonexistent/lockhold-never",
			  "--wait-timeout",
			  "1",
			  NULL };
	const struct workload waiting = {
		.name = "waiting",
		.description = "",
		.run_op = three_ops,
		.finish = finish_ok,
	};
	uint64_t start = workload_now_ns();
	char errors[256];

	(void)state;
	assert_int_equal(run_with(&waiting, extra, errors, sizeof(errors)), 1);
	assert_string_equal(
		errors,
		"error: waiting: /nonexistent/lockhold-never did not appear within --wait-timeout 1 s\n");
	/*
	 * 1 s of run and 1 s of waiting; the bound only tells a wait that
	 * gave up from one that went on (the default is 900 s), with room for
	 * a loaded 2-core machine: at 3 s it failed while guests ran beside.
	 */
	assert_true(workload_now_ns() - start < 10000ULL * 1000 * 1000);
}

/* Calls made in the warm-up, and when measuring began, as the op saw it */
static atomic_int warmup_calls;
static _Atomic uint64_t first_measured_call_ns;

/* A workload of phases: the first begins once measuring has begun. */
static int phased_op(struct workload_worker *worker)
{
	uint64_t expected = 0;

	usleep(1000);
	if (!workload_measuring(worker)) {
		atomic_fetch_add(&warmup_calls, 1);
		return 0;
	}
	if (atomic_compare_exchange_strong(&first_measured_call_ns, &expected,
					   workload_now_ns()))
		worker->counters[0] = workload_phase(worker, "first");
	return 1;
}

static const char *const phase_counter[] = { "first_phase_ns", NULL };

/*
 * The warm-up is seen as such, a phase begun when measuring does is
 * stamped with the time on its marker, and the stamp survives the
 * runner's zeroing of the counters as measuring begins.
 */
static void phases_begin_with_measuring(void **state)
{
	char *extra[] = { "--duration", "1", "--warmup", "1", NULL };
	const struct workload phased = {
		.name = "phased",
		.description = "",
		.counter_names = phase_counter,
		.run_op = phased_op,
	};
	char errors[256], out[1024], marker[128];
	double start, phase_ns;
	struct capture c;
	json_t *result;

	(void)state;
	atomic_store(&warmup_calls, 0);
	atomic_store(&first_measured_call_ns, 0);
	capture_start(&c, stdout);
	assert_int_equal(run_with(&phased, extra, errors, sizeof(errors)), 0);
	capture_end(&c, stdout, out, sizeof(out));
	/* 2 workers, 1 ms each call, for 1 s of warm-up */
	assert_true(warmup_calls > 200);
	result = load_result();
	start = number(json_object_get(result, "timeline"),
		       "start_monotonic_ns");
	phase_ns =
		number(json_object_get(result, "counters"), "first_phase_ns");
	assert_true(phase_ns >= start && phase_ns < start + 50e6);
	assert_true(phase_ns >= first_measured_call_ns);
	snprintf(
		marker, sizeof(marker),
		"\nLOCKHOLD: workload-phase phased first monotonic_ns=%.0f at_ms=",
		phase_ns);
	if (!strstr(out, marker))
		fail_msg("no '%s' in:\n%s", marker + 1, out);
	json_decref(result);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_every_op),
		cmocka_unit_test(failing_op_ends_the_run),
		cmocka_unit_test(failing_init_ends_the_run),
		cmocka_unit_test(failing_setup_runs_nothing),
		cmocka_unit_test(warmup_is_not_measured),
		cmocka_unit_test(latency_over_time),
		cmocka_unit_test(processes_mode),
		cmocka_unit_test(wait_for_times_out),
		cmocka_unit_test(phases_begin_with_measuring),
	};
	int ret;

	snprintf(result_path, sizeof(result_path),
		 "/tmp/lockhold-test-harness-run.%d.json", (int)getpid());
	ret = cmocka_run_group_tests_name("harness_run", tests, NULL, NULL);
	unlink(result_path);
	return ret;
}
