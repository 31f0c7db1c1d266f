/* SPDX-License-Identifier: GPL-2.0 */
/* The interface between the harness and a workload. */
#ifndef LOCKHOLD_WORKLOAD_H
#define LOCKHOLD_WORKLOAD_H

#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "histogram.h"

#define WORKLOAD_MAX_OPTIONS 16
/* A workload of phases counts each phase's bytes, times and free memory */
#define WORKLOAD_MAX_COUNTERS 16
#define WORKLOAD_ERROR_LEN 200

enum workload_option_type { WOPT_UINT, WOPT_STRING };

/* Tables of these end with an entry whose name is NULL. */
struct workload_option {
	const char *name; /* given as --name VALUE */
	const char *help;
	enum workload_option_type type;
	const char *default_value; /* NULL: none (string options only) */
	unsigned long min, max; /* WOPT_UINT only */
	/* WOPT_STRING only: NULL-terminated list of the accepted values */
	const char *const *choices;
};

union workload_option_value {
	unsigned long uint;
	const char *string;
};

/*
 * Workers run as threads of one process or, with --mode processes, as one
 * process each: everything a worker reports lives in memory shared with the
 * harness.
 */
struct workload_ctx {
	const struct workload *workload;
	unsigned long threads;
	unsigned long duration_s;
	unsigned long warmup_s;
	unsigned long sample_period; /* 0: no latency sampling */
	bool processes;
	const char *json_path; /* NULL: stdout */
	const char *wait_for; /* NULL: the final check runs at once */
	unsigned long wait_timeout_s;
	union workload_option_value values[WORKLOAD_MAX_OPTIONS];
	atomic_bool *stop; /* shared between all workers */
	void *priv; /* the workload's shared state */
};

/*
 * Workers are allocated as an array; the alignment keeps each one's hot
 * counter on its own cache line so that counting does not bounce lines.
 */
struct workload_worker {
	alignas(64) uint64_t ops;
	/* ops as of the last one done, for the harness's timeline */
	atomic_uint_least64_t ops_published;
	uint64_t sample_countdown;
	struct latency_histogram latency;
	/* latency.count and .sum as of the last sample, for the timeline */
	atomic_uint_least64_t samples_published, sample_ns_published;
	/* The longest sample since the harness last took it (and zeroed it) */
	atomic_uint_least64_t sample_max_ns;
	/* The workload's own figures, named by workload->counter_names */
	uint64_t counters[WORKLOAD_MAX_COUNTERS];
	/*
	 * CLOCK_MONOTONIC when this worker's measured part began (the end of
	 * the warm-up, a moment after the timeline's start_monotonic_ns); 0
	 * during the warm-up. Set before the first run_op that counts.
	 */
	uint64_t measuring_since_ns;
	struct workload_ctx *ctx;
	unsigned int id;
	int error; /* -errno from worker_init, run_op or finish */
	char error_text[WORKLOAD_ERROR_LEN]; /* why, if more than strerror */
	double elapsed_s; /* of the measured part of the run */
	pthread_t thread;
	pid_t pid;
	void *priv; /* the workload's per-worker state */
};

struct workload {
	const char *name;
	const char *description;
	const struct workload_option *options; /* may be NULL */
	/* What one latency sample times; NULL: the workload takes none */
	const char *latency_of;
	/* Sample one op in this many unless --sample-period says otherwise */
	unsigned long default_sample_period;
	const char *const *counter_names; /* NULL-terminated, may be NULL */
	/*
	 * Workers work in pairs, 2k with 2k + 1, through memory they share:
	 * --threads must be even and --mode threads.
	 */
	bool workers_in_pairs;
	/* Return 0 or -errno; every hook but run_op may be NULL. */
	int (*setup)(struct workload_ctx *ctx);
	int (*worker_init)(struct workload_worker *worker);
	/*
	 * Does a bounded amount of work, as the harness only checks for the
	 * end of the run between calls; returns the number of ops done, or
	 * -errno to end the run for every worker.
	 */
	int (*run_op)(struct workload_worker *worker);
	/*
	 * The last word on the run, after any --wait-for file appeared (the
	 * harness's sign that migration is over); not counted in the timing.
	 */
	int (*finish)(struct workload_worker *worker);
	void (*worker_exit)(struct workload_worker *worker);
	void (*cleanup)(struct workload_ctx *ctx);
};

/* The parsed value of one of the workload's own options; aborts if none */
const union workload_option_value *workload_opt(const struct workload_ctx *ctx,
						const char *name,
						enum workload_option_type type);

static inline unsigned long workload_opt_uint(const struct workload_ctx *ctx,
					      const char *name)
{
	return workload_opt(ctx, name, WOPT_UINT)->uint;
}

static inline const char *workload_opt_string(const struct workload_ctx *ctx,
					      const char *name)
{
	return workload_opt(ctx, name, WOPT_STRING)->string;
}

/* For run_op implementations that cannot split their work finely enough. */
static inline bool workload_should_stop(const struct workload_worker *worker)
{
	return atomic_load_explicit(worker->ctx->stop, memory_order_relaxed);
}

uint64_t workload_now_ns(void);

/*
 * For a workload whose work is a sequence of phases, not a steady state:
 * run_op runs in the warm-up too, and the runner zeroes ops, counters and
 * the histogram when measuring begins, so such a workload waits for this
 * before its first phase.
 */
static inline bool workload_measuring(const struct workload_worker *worker)
{
	return worker->measuring_since_ns != 0;
}

/*
 * A phase of the workload begins now: prints "LOCKHOLD: workload-phase
 * <workload> <phase> monotonic_ns=<now> at_ms=<since measuring began>" on
 * stdout, the guest console, so that the host can place the phase on its
 * own clock as the line arrives; returns now (CLOCK_MONOTONIC, the
 * trace's clock).
 */
uint64_t workload_phase(const struct workload_worker *worker,
			const char *phase);

/*
 * Latency sampling: time one op in sample_period, so that reading the clock
 * costs well under 1 % of the work it measures.
 *
 *	uint64_t t = workload_sample_start(worker);
 *	do_one_op();
 *	workload_sample_end(worker, t);
 */
static inline uint64_t workload_sample_start(struct workload_worker *worker)
{
	if (!worker->sample_countdown || --worker->sample_countdown)
		return 0;
	worker->sample_countdown = worker->ctx->sample_period;
	return workload_now_ns();
}

static inline void workload_sample_end(struct workload_worker *worker,
				       uint64_t start)
{
	uint64_t ns, max;

	if (!start)
		return;
	ns = workload_now_ns() - start;
	histogram_record(&worker->latency, ns);
	/* The histogram's own count and sum, published for the timeline */
	atomic_store_explicit(&worker->samples_published, worker->latency.count,
			      memory_order_relaxed);
	atomic_store_explicit(&worker->sample_ns_published, worker->latency.sum,
			      memory_order_relaxed);
	/* The harness zeroes the maximum at each step: never lose a sample */
	max = atomic_load_explicit(&worker->sample_max_ns,
				   memory_order_relaxed);
	while (ns > max && !atomic_compare_exchange_weak_explicit(
				   &worker->sample_max_ns, &max, ns,
				   memory_order_relaxed, memory_order_relaxed))
		;
}

/* Fails the worker with a message of the workload's own; returns -err. */
__attribute__((format(printf, 3, 4))) int
workload_fail(struct workload_worker *worker, int err, const char *fmt, ...);

#endif
