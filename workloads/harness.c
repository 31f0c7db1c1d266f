// SPDX-License-Identifier: GPL-2.0
/*
 * Runs one workload: releases the worker threads together, stops them after
 * the requested duration and reports the result as JSON.
 */
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define NSEC_PER_SEC 1000000000ULL
/* How late the main thread may notice that a failed worker ended the run */
#define STOP_POLL_NS (50 * 1000 * 1000ULL)
#define JSON_FLAGS (JSON_INDENT(2) | JSON_REAL_PRECISION(10))

static pthread_barrier_t start_barrier;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

static double rate(uint64_t ops, double seconds)
{
	/* jansson refuses inf and nan */
	return seconds > 0 ? ops / seconds : 0;
}

static void *worker_main(void *arg)
{
	struct workload_worker *worker = arg;
	struct workload_ctx *ctx = worker->ctx;
	const struct workload *workload = ctx->workload;
	int ret = workload->worker_init ? workload->worker_init(worker) : 0;
	bool initialised = !ret;
	uint64_t start;

	pthread_barrier_wait(&start_barrier);
	start = now_ns();
	while (!ret &&
	       !atomic_load_explicit(&ctx->stop, memory_order_relaxed)) {
		ret = workload->run_op(worker);
		if (ret > 0) {
			worker->ops += ret;
			ret = 0;
		}
	}
	worker->elapsed_s = (double)(now_ns() - start) / NSEC_PER_SEC;
	if (ret) {
		worker->error = ret;
		atomic_store(&ctx->stop, true);
	}
	if (initialised && workload->worker_exit)
		workload->worker_exit(worker);
	return NULL;
}

/* Wakes now and then, so that a failed worker ends the run early. */
static void sleep_until(struct workload_ctx *ctx, uint64_t deadline)
{
	uint64_t wake = now_ns();
	struct timespec ts;

	while (wake < deadline && !atomic_load(&ctx->stop)) {
		wake = deadline - wake > STOP_POLL_NS ? wake + STOP_POLL_NS :
							deadline;
		ts.tv_sec = wake / NSEC_PER_SEC;
		ts.tv_nsec = wake % NSEC_PER_SEC;
		/* Absolute, so that restarting after a signal adds no time */
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts,
				       NULL) == EINTR)
			;
	}
	atomic_store(&ctx->stop, true);
}

static json_t *build_result(const struct workload_ctx *ctx,
			    const struct workload_worker *workers,
			    uint64_t total, double elapsed, unsigned int errors)
{
	const struct workload_option *opt = ctx->workload->options;
	const union workload_option_value *value = ctx->values;
	json_t *options = json_object(), *per_worker = json_array();
	unsigned long i;

	for (; opt && opt->name; opt++, value++)
		json_object_set_new(options, opt->name,
				    opt->type == WOPT_UINT ?
					    json_integer(value->uint) :
					    json_pack("s?", value->string));
	for (i = 0; i < ctx->threads; i++)
		json_array_append_new(
			per_worker,
			json_pack("{s:I, s:f, s:f}", "ops",
				  (json_int_t)workers[i].ops, "elapsed_s",
				  workers[i].elapsed_s, "ops_per_s",
				  rate(workers[i].ops, workers[i].elapsed_s)));
	return json_pack("{s:s, s:I, s:I, s:f, s:I, s:f, s:I, s:o, s:o}",
			 "workload", ctx->workload->name, "threads",
			 (json_int_t)ctx->threads, "duration_s",
			 (json_int_t)ctx->duration_s, "elapsed_s", elapsed,
			 "ops", (json_int_t)total, "ops_per_s",
			 rate(total, elapsed), "errors", (json_int_t)errors,
			 "options", options, "per_worker", per_worker);
}

/* Readers of path see the whole result or none of it, even after a crash. */
static int write_result(const json_t *result, const char *path)
{
	FILE *out = stdout;
	char *tmp = NULL;
	int ret = 0;

	if (!result || (path && asprintf(&tmp, "%s.tmp", path) < 0))
		return -ENOMEM;
	if (path && !(out = fopen(tmp, "we"))) {
		ret = -errno;
		free(tmp);
		return ret;
	}
	errno = EIO;
	if (json_dumpf(result, out, JSON_FLAGS) || fputc('\n', out) == EOF ||
	    fflush(out) || (path && fsync(fileno(out))))
		ret = -errno;
	if (path) {
		if (fclose(out) && !ret)
			ret = -errno;
		if (!ret && rename(tmp, path))
			ret = -errno;
		if (ret)
			unlink(tmp);
		free(tmp);
	}
	return ret;
}

static int report_error(const char *workload, const char *what, int errnum)
{
	fprintf(stderr, "error: %s: %s%s\n", workload, what, strerror(errnum));
	return 1;
}

int harness_run(struct workload_ctx *ctx)
{
	const struct workload *workload = ctx->workload;
	struct workload_worker *workers;
	unsigned int errors = 0;
	int first_error = 0, ret;
	uint64_t total = 0;
	double elapsed = 0;
	json_t *result;
	unsigned long i;

	workers = aligned_alloc(alignof(struct workload_worker),
				ctx->threads * sizeof(*workers));
	if (!workers)
		return report_error(workload->name, "", ENOMEM);
	memset(workers, 0, ctx->threads * sizeof(*workers));
	ret = -pthread_barrier_init(&start_barrier, NULL, ctx->threads + 1);
	if (!ret && workload->setup && (ret = workload->setup(ctx)))
		pthread_barrier_destroy(&start_barrier);
	if (ret) {
		free(workers);
		return report_error(workload->name, "", -ret);
	}
	for (i = 0; i < ctx->threads; i++) {
		workers[i].ctx = ctx;
		workers[i].id = i;
		ret = pthread_create(&workers[i].thread, NULL, worker_main,
				     &workers[i]);
		/* The workers started wait at the barrier until we exit. */
		if (ret)
			return report_error(workload->name,
					    "cannot start thread: ", ret);
	}
	pthread_barrier_wait(&start_barrier);
	printf("LOCKHOLD: workload-start %s threads=%lu\n", workload->name,
	       ctx->threads);
	fflush(stdout);
	sleep_until(ctx, now_ns() + ctx->duration_s * NSEC_PER_SEC);

	for (i = 0; i < ctx->threads; i++) {
		pthread_join(workers[i].thread, NULL);
		total += workers[i].ops;
		if (workers[i].elapsed_s > elapsed)
			elapsed = workers[i].elapsed_s;
		if (workers[i].error && !errors++)
			first_error = workers[i].error;
	}
	pthread_barrier_destroy(&start_barrier);
	if (workload->cleanup)
		workload->cleanup(ctx);
	printf("LOCKHOLD: workload-end %s ops=%" PRIu64 "\n", workload->name,
	       total);
	fflush(stdout);

	result = build_result(ctx, workers, total, elapsed, errors);
	ret = write_result(result, ctx->json_path);
	json_decref(result);
	free(workers);
	if (ret)
		fprintf(stderr, "error: %s: cannot write %s: %s\n",
			workload->name,
			ctx->json_path ? ctx->json_path : "stdout",
			strerror(-ret));
	if (first_error)
		report_error(workload->name, "", -first_error);
	return ret || first_error ? 1 : 0;
}
