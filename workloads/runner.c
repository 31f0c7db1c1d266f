// SPDX-License-Identifier: GPL-2.0
/*
 * Runs one workload: releases the workers together, lets them warm up, stops
 * them after the measured duration and reports the result as JSON.
 */
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../guest/protocol.h"
#include "../harness/atomic_file.h"
#include "runner.h"

#define NSEC_PER_SEC 1000000000ULL
/* How late the main thread may notice that a failed worker ended the run */
#define STOP_POLL_NS (50 * 1000 * 1000ULL)
#define WAIT_POLL_NS (20 * 1000 * 1000ULL)
/*
 * The throughput timeline's resolution: fine enough to see a hinting round
 * (tens to hundreds of ms here) against the same window of another run.
 */
#define TIMELINE_INTERVAL_NS (100 * 1000 * 1000ULL)
#define JSON_FLAGS (JSON_INDENT(2) | JSON_REAL_PRECISION(10))

/*
 * What the workers and the main thread share, in one MAP_SHARED mapping so
 * that worker processes see it as threads do.
 */
struct runner_shared {
	atomic_bool stop;
	atomic_bool measuring; /* the warm-up is over */
	atomic_uint finished; /* workers done with their run loop */
	pthread_barrier_t start;
	struct workload_worker workers[];
};

uint64_t workload_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

int workload_fail(struct workload_worker *worker, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(worker->error_text, sizeof(worker->error_text), fmt, ap);
	va_end(ap);
	return -err;
}

static void print_marker(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/*
 * The lines bench watches for on the guest console; whole, though a worker
 * may print its phases while the main thread prints its own markers.
 */
static void print_marker(const char *fmt, ...)
{
	va_list ap;

	flockfile(stdout);
	fputs(PROTO_MARKER, stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
	funlockfile(stdout);
}

uint64_t workload_phase(const struct workload_worker *worker, const char *phase)
{
	uint64_t now = workload_now_ns();
	uint64_t since = worker->measuring_since_ns;

	print_marker(PROTO_WORKLOAD_PHASE " %s %s monotonic_ns=%" PRIu64
					  " at_ms=%.1f\n",
		     worker->ctx->workload->name, phase, now,
		     since && now > since ? (now - since) / 1e6 : 0.0);
	return now;
}

static double rate(uint64_t ops, double seconds)
{
	/* jansson refuses inf and nan */
	return seconds > 0 ? ops / seconds : 0;
}

static void sleep_ns(uint64_t ns)
{
	struct timespec ts = { .tv_sec = ns / NSEC_PER_SEC,
			       .tv_nsec = ns % NSEC_PER_SEC };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* The warm-up's ops and samples are dropped the moment measuring starts. */
static void start_measuring(struct workload_worker *worker, uint64_t *start)
{
	worker->ops = 0;
	atomic_store_explicit(&worker->ops_published, 0, memory_order_relaxed);
	atomic_store_explicit(&worker->samples_published, 0,
			      memory_order_relaxed);
	atomic_store_explicit(&worker->sample_ns_published, 0,
			      memory_order_relaxed);
	atomic_store_explicit(&worker->sample_max_ns, 0, memory_order_relaxed);
	histogram_reset(&worker->latency);
	memset(worker->counters, 0, sizeof(worker->counters));
	*start = workload_now_ns();
	worker->measuring_since_ns = *start;
}

static int wait_for_file(struct workload_worker *worker)
{
	const struct workload_ctx *ctx = worker->ctx;
	uint64_t deadline =
		workload_now_ns() + ctx->wait_timeout_s * NSEC_PER_SEC;

	while (access(ctx->wait_for, F_OK)) {
		if (workload_now_ns() > deadline)
			return workload_fail(
				worker, ETIMEDOUT,
				"%s did not appear within --wait-timeout %lu s",
				ctx->wait_for, ctx->wait_timeout_s);
		sleep_ns(WAIT_POLL_NS);
	}
	return 0;
}

static void *worker_main(void *arg)
{
	struct workload_worker *worker = arg;
	struct workload_ctx *ctx = worker->ctx;
	/* ctx->stop lives in the shared area: the way back to the rest */
	struct runner_shared *shared =
		(struct runner_shared *)((char *)ctx->stop -
					 offsetof(struct runner_shared, stop));
	const struct workload *workload = ctx->workload;
	int ret = workload->worker_init ? workload->worker_init(worker) : 0;
	bool initialised = !ret, measuring = false;
	uint64_t start = 0;

	/* Staggered, so that the workers do not all sample the same moment */
	worker->sample_countdown =
		ctx->sample_period ?
			1 + worker->id * ctx->sample_period / ctx->threads :
			0;
	pthread_barrier_wait(&shared->start);
	while (!ret &&
	       !atomic_load_explicit(&shared->stop, memory_order_relaxed)) {
		if (!measuring && atomic_load_explicit(&shared->measuring,
						       memory_order_relaxed)) {
			measuring = true;
			start_measuring(worker, &start);
		}
		ret = workload->run_op(worker);
		if (ret > 0) {
			worker->ops += ret;
			atomic_store_explicit(&worker->ops_published,
					      worker->ops,
					      memory_order_relaxed);
			ret = 0;
		}
	}
	if (measuring)
		worker->elapsed_s =
			(double)(workload_now_ns() - start) / NSEC_PER_SEC;
	else
		worker->ops =
			0; /* ended during the warm-up: nothing measured */
	if (ret)
		atomic_store(&shared->stop, true);
	atomic_fetch_add(&shared->finished, 1);
	if (initialised && workload->finish) {
		int finished = ctx->wait_for ? wait_for_file(worker) : 0;

		if (!finished)
			finished = workload->finish(worker);
		if (!ret)
			ret = finished;
	}
	worker->error = ret;
	if (initialised && workload->worker_exit)
		workload->worker_exit(worker);
	return NULL;
}

/* Wakes now and then, so that a failed worker ends the run early. */
static bool sleep_until(struct runner_shared *shared, uint64_t deadline)
{
	uint64_t now;

	while ((now = workload_now_ns()) < deadline) {
		if (atomic_load(&shared->stop))
			return false;
		sleep_ns(deadline - now > STOP_POLL_NS ? STOP_POLL_NS :
							 deadline - now);
	}
	return !atomic_load(&shared->stop);
}

/*
 * Ops done, and the latency of the ops sampled, per TIMELINE_INTERVAL_NS
 * of the measured part of the run.
 */
struct timeline_step {
	uint64_t at_ns; /* when the step ended, from the start of measuring */
	/* cumulative, all workers, at the end of the step */
	uint64_t ops, samples, sample_ns;
	uint64_t sample_max_ns; /* the longest sample of the step */
};

struct timeline {
	struct timeline_step *steps;
	size_t n, cap;
	uint64_t start_ns; /* CLOCK_MONOTONIC when measuring started */
};

static void take_step(struct runner_shared *shared, unsigned long threads,
		      struct timeline_step *step)
{
	memset(step, 0, sizeof(*step));
	for (unsigned long i = 0; i < threads; i++) {
		struct workload_worker *w = &shared->workers[i];
		uint64_t max = atomic_exchange_explicit(&w->sample_max_ns, 0,
							memory_order_relaxed);

		step->ops += atomic_load_explicit(&w->ops_published,
						  memory_order_relaxed);
		step->samples += atomic_load_explicit(&w->samples_published,
						      memory_order_relaxed);
		step->sample_ns += atomic_load_explicit(&w->sample_ns_published,
							memory_order_relaxed);
		if (max > step->sample_max_ns)
			step->sample_max_ns = max;
	}
}

/*
 * The measured part of the run: sleep until deadline, noting the ops done
 * every TIMELINE_INTERVAL_NS. False when a failed worker ended the run.
 */
static bool measure(struct runner_shared *shared, unsigned long threads,
		    uint64_t deadline, struct timeline *tl)
{
	uint64_t start = workload_now_ns(), next = start;

	tl->start_ns = start;
	for (;;) {
		uint64_t now;

		next += TIMELINE_INTERVAL_NS;
		if (next > deadline)
			next = deadline;
		if (!sleep_until(shared, next))
			return false;
		now = workload_now_ns();
		if (tl->n < tl->cap) {
			take_step(shared, threads, &tl->steps[tl->n]);
			tl->steps[tl->n].at_ns = now - start;
			tl->n++;
		}
		if (now >= deadline)
			return true;
	}
}

/*
 * {interval_ms, at_ms: [...], ops: [...]}: ops done in each step, and with
 * latency samples, the samples taken, their mean and maximum in each step.
 */
static json_t *timeline_json(const struct timeline *tl, bool latency)
{
	json_t *at = json_array(), *ops = json_array(), *j;
	json_t *samples = json_array(), *mean = json_array(),
	       *max = json_array();

	for (size_t i = 0; i < tl->n; i++) {
		const struct timeline_step *s = &tl->steps[i];
		const struct timeline_step *prev = i ? &tl->steps[i - 1] : NULL;
		uint64_t n = s->samples - (prev ? prev->samples : 0);
		uint64_t ns = s->sample_ns - (prev ? prev->sample_ns : 0);

		json_array_append_new(at, json_real(s->at_ns / 1e6));
		json_array_append_new(
			ops,
			json_integer(
				(json_int_t)(s->ops - (prev ? prev->ops : 0))));
		json_array_append_new(samples, json_integer((json_int_t)n));
		json_array_append_new(mean, n ? json_real((double)ns / n) :
						json_null());
		json_array_append_new(
			max, n ? json_integer((json_int_t)s->sample_max_ns) :
				 json_null());
	}
	/*
	 * CLOCK_MONOTONIC of the start places the steps against a guest
	 * trace, whose local clock also counts from boot.
	 */
	j = json_pack("{s:I, s:I, s:o, s:o, s:s}", "interval_ms",
		      (json_int_t)(TIMELINE_INTERVAL_NS / 1000000),
		      "start_monotonic_ns", (json_int_t)tl->start_ns, "at_ms",
		      at, "ops", ops, "from",
		      "the end of the warm-up; at_ms ends each step");
	if (latency) {
		json_object_set_new(j, "latency_samples", samples);
		json_object_set_new(j, "latency_mean_ns", mean);
		json_object_set_new(j, "latency_max_ns", max);
	} else {
		json_decref(samples);
		json_decref(mean);
		json_decref(max);
	}
	return j;
}

static json_t *counters_json(const struct workload *workload,
			     const uint64_t *counters)
{
	json_t *object = json_object();
	unsigned int i;

	for (i = 0; workload->counter_names && workload->counter_names[i] &&
		    i < WORKLOAD_MAX_COUNTERS;
	     i++)
		json_object_set_new(object, workload->counter_names[i],
				    json_integer((json_int_t)counters[i]));
	return object;
}

static json_t *build_result(const struct workload_ctx *ctx,
			    const struct workload_worker *workers,
			    uint64_t total, double elapsed, unsigned int errors)
{
	const struct workload *workload = ctx->workload;
	const struct workload_option *opt = workload->options;
	const union workload_option_value *value = ctx->values;
	json_t *options = json_object(), *per_worker = json_array();
	uint64_t counters[WORKLOAD_MAX_COUNTERS] = { 0 };
	struct latency_histogram *all = calloc(1, sizeof(*all));
	json_t *latency = json_null(), *result;
	unsigned long i, c;

	if (!all)
		return NULL;
	for (; opt && opt->name; opt++, value++)
		json_object_set_new(options, opt->name,
				    opt->type == WOPT_UINT ?
					    json_integer(value->uint) :
					    json_pack("s?", value->string));
	for (i = 0; i < ctx->threads; i++) {
		const struct workload_worker *w = &workers[i];

		histogram_merge(all, &w->latency);
		for (c = 0; c < WORKLOAD_MAX_COUNTERS; c++)
			counters[c] += w->counters[c];
		json_array_append_new(
			per_worker,
			json_pack("{s:I, s:f, s:f, s:o, s:o}", "ops",
				  (json_int_t)w->ops, "elapsed_s", w->elapsed_s,
				  "ops_per_s", rate(w->ops, w->elapsed_s),
				  "counters",
				  counters_json(workload, w->counters), "error",
				  w->error ?
					  json_string(
						  w->error_text[0] ?
							  w->error_text :
							  strerror(-w->error)) :
					  json_null()));
	}
	if (workload->latency_of && ctx->sample_period) {
		latency = histogram_to_json(all);
		json_object_set_new(latency, "unit", json_string("ns"));
		json_object_set_new(latency, "of",
				    json_string(workload->latency_of));
		json_object_set_new(
			latency, "sample_period",
			json_integer((json_int_t)ctx->sample_period));
	}
	free(all);
	result = json_pack(
		"{s:s, s:s, s:I, s:I, s:I, s:f, s:I, s:f, s:I, s:o, s:o, s:o, s:o}",
		"workload", workload->name, "mode",
		ctx->processes ? "processes" : "threads", "threads",
		(json_int_t)ctx->threads, "duration_s",
		(json_int_t)ctx->duration_s, "warmup_s",
		(json_int_t)ctx->warmup_s, "elapsed_s", elapsed, "ops",
		(json_int_t)total, "ops_per_s", rate(total, elapsed), "errors",
		(json_int_t)errors, "latency_ns", latency, "counters",
		counters_json(workload, counters), "options", options,
		"per_worker", per_worker);
	return result;
}

/* Readers of path see the whole result or none of it, even after a crash. */
static int write_result(const json_t *result, const char *path)
{
	char *text;
	int ret = 0;

	if (!result || !(text = json_dumps(result, JSON_FLAGS)))
		return -ENOMEM;
	if (path) {
		char *line;

		if (asprintf(&line, "%s\n", text) < 0) {
			ret = -ENOMEM;
		} else {
			ret = atomic_file_write(path, line);
			free(line);
		}
	} else if (puts(text) == EOF || fflush(stdout)) {
		ret = -EIO;
	}
	free(text);
	return ret;
}

static int report_error(const char *workload, const char *what, int errnum)
{
	fprintf(stderr, "error: %s: %s%s\n", workload, what, strerror(errnum));
	return 1;
}

/* A worker process runs its loop, then leaves everything to the harness. */
static int start_process(struct workload_worker *worker)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return errno;
	if (!pid) {
		/* Left waiting at the barrier, it must not outlive a failure */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		worker_main(worker);
		_exit(0);
	}
	worker->pid = pid;
	return 0;
}

static void join_worker(const struct workload_ctx *ctx,
			struct workload_worker *worker)
{
	int status;

	if (!ctx->processes) {
		pthread_join(worker->thread, NULL);
		return;
	}
	while (waitpid(worker->pid, &status, 0) < 0 && errno == EINTR)
		;
	/* A worker process that died never reported its own error */
	if (!worker->error && !(WIFEXITED(status) && !WEXITSTATUS(status)))
		worker->error = workload_fail(
			worker, ECHILD, "worker process %d died (%s)",
			(int)worker->pid,
			WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) :
					      "non-zero exit");
}

static int start_workers(struct workload_ctx *ctx, struct runner_shared *shared)
{
	pthread_barrierattr_t attr;
	unsigned long i;
	int ret;

	pthread_barrierattr_init(&attr);
	pthread_barrierattr_setpshared(&attr, ctx->processes ?
						      PTHREAD_PROCESS_SHARED :
						      PTHREAD_PROCESS_PRIVATE);
	ret = pthread_barrier_init(&shared->start, &attr, ctx->threads + 1);
	pthread_barrierattr_destroy(&attr);
	if (ret)
		return ret;
	for (i = 0; i < ctx->threads; i++) {
		struct workload_worker *worker = &shared->workers[i];

		worker->ctx = ctx;
		worker->id = i;
		ret = ctx->processes ? start_process(worker) :
				       pthread_create(&worker->thread, NULL,
						      worker_main, worker);
		/* Those started wait at the barrier until we exit. */
		if (ret)
			return ret;
	}
	return 0;
}

int runner_run(struct workload_ctx *ctx)
{
	const struct workload *workload = ctx->workload;
	size_t size = sizeof(struct runner_shared) +
		      ctx->threads * sizeof(struct workload_worker);
	struct runner_shared *shared;
	unsigned int errors = 0;
	int first_error = 0, ret;
	const char *first_text = NULL;
	uint64_t total = 0;
	double elapsed = 0;
	json_t *result;
	unsigned long i;
	/* A step more than the duration holds, for a late last wake-up */
	struct timeline tl = { .cap = ctx->duration_s * (NSEC_PER_SEC /
							 TIMELINE_INTERVAL_NS) +
				      2 };

	/* Page-aligned, hence cache-line aligned workers */
	shared = mmap(NULL, size, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		return report_error(workload->name, "", errno);
	ctx->stop = &shared->stop;
	tl.steps = calloc(tl.cap, sizeof(*tl.steps));
	if (!tl.steps) {
		munmap(shared, size);
		return report_error(workload->name, "", ENOMEM);
	}
	if (workload->setup && (ret = workload->setup(ctx))) {
		free(tl.steps);
		munmap(shared, size);
		return report_error(workload->name, "", -ret);
	}
	ret = start_workers(ctx, shared);
	if (ret) {
		free(tl.steps);
		return report_error(workload->name,
				    "cannot start workers: ", ret);
	}
	pthread_barrier_wait(&shared->start);
	print_marker(PROTO_WORKLOAD_START
		     " %s threads=%lu mode=%s warmup=%lu\n",
		     workload->name, ctx->threads,
		     ctx->processes ? "processes" : "threads", ctx->warmup_s);
	if (sleep_until(shared,
			workload_now_ns() + ctx->warmup_s * NSEC_PER_SEC)) {
		atomic_store(&shared->measuring, true);
		measure(shared, ctx->threads,
			workload_now_ns() + ctx->duration_s * NSEC_PER_SEC,
			&tl);
	}
	atomic_store(&shared->stop, true);
	if (workload->finish && ctx->wait_for) {
		/* Once every loop is over, nothing rewrites the data set. */
		while (atomic_load(&shared->finished) < ctx->threads)
			sleep_ns(WAIT_POLL_NS / 4);
		print_marker(PROTO_WORKLOAD_WAITING " %s for %s\n",
			     workload->name, ctx->wait_for);
	}

	for (i = 0; i < ctx->threads; i++) {
		struct workload_worker *worker = &shared->workers[i];

		join_worker(ctx, worker);
		total += worker->ops;
		if (worker->elapsed_s > elapsed)
			elapsed = worker->elapsed_s;
		if (worker->error && !errors++) {
			first_error = worker->error;
			first_text = worker->error_text;
		}
	}
	pthread_barrier_destroy(&shared->start);
	if (workload->cleanup)
		workload->cleanup(ctx);
	print_marker(PROTO_WORKLOAD_END " %s ops=%" PRIu64 "\n", workload->name,
		     total);

	result = build_result(ctx, shared->workers, total, elapsed, errors);
	if (result)
		json_object_set_new(result, "timeline",
				    timeline_json(&tl,
						  workload->latency_of &&
							  ctx->sample_period));
	free(tl.steps);
	ret = write_result(result, ctx->json_path);
	json_decref(result);
	if (ret)
		fprintf(stderr, "error: %s: cannot write %s: %s\n",
			workload->name,
			ctx->json_path ? ctx->json_path : "stdout",
			strerror(-ret));
	if (first_error && first_text && *first_text)
		fprintf(stderr, "error: %s: %s\n", workload->name, first_text);
	else if (first_error)
		report_error(workload->name, "", -first_error);
	munmap(shared, size);
	return ret || first_error ? 1 : 0;
}
