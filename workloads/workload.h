/* SPDX-License-Identifier: GPL-2.0 */
/* The interface between the harness and a workload. */
#ifndef LOCKHOLD_WORKLOAD_H
#define LOCKHOLD_WORKLOAD_H

#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define WORKLOAD_MAX_OPTIONS 16

enum workload_option_type { WOPT_UINT, WOPT_STRING };

/* Tables of these end with an entry whose name is NULL. */
struct workload_option {
	const char *name; /* given as --name VALUE */
	const char *help;
	enum workload_option_type type;
	const char *default_value; /* NULL: none (string options only) */
	unsigned long min, max; /* WOPT_UINT only */
};

union workload_option_value {
	unsigned long uint;
	const char *string;
};

struct workload_ctx {
	const struct workload *workload;
	unsigned long threads;
	unsigned long duration_s;
	const char *json_path; /* NULL: stdout */
	union workload_option_value values[WORKLOAD_MAX_OPTIONS];
	atomic_bool stop;
	void *priv; /* the workload's shared state */
};

/*
 * Workers are allocated as an array; the alignment keeps each one's hot
 * counter on its own cache line so that counting does not bounce lines.
 */
struct workload_worker {
	alignas(64) uint64_t ops;
	struct workload_ctx *ctx;
	unsigned int id;
	int error; /* -errno from worker_init or run_op */
	double elapsed_s;
	pthread_t thread;
	void *priv; /* the workload's per-worker state */
};

struct workload {
	const char *name;
	const char *description;
	const struct workload_option *options; /* may be NULL */
	/* Return 0 or -errno; every hook but run_op may be NULL. */
	int (*setup)(struct workload_ctx *ctx);
	int (*worker_init)(struct workload_worker *worker);
	/*
	 * Does a bounded amount of work, as the harness only checks for the
	 * end of the run between calls; returns the number of ops done, or
	 * -errno to end the run for every worker.
	 */
	int (*run_op)(struct workload_worker *worker);
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
	return atomic_load_explicit(&worker->ctx->stop, memory_order_relaxed);
}

#endif
