/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_HOST_SAMPLER_H
#define LOCKHOLD_HOST_SAMPLER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "host_proc.h"
#include "host_threads.h"

/* Ten samples a second: fine enough for the give-back of free page
 * reporting (its delay is 2 s) and for a migration of a few seconds. */
#define HOST_SAMPLE_PERIOD_MS 100
#define HOST_ROLE_LEN 32
#define HOST_MARK_LEN 32

/*
 * The host side of a run: what each QEMU holds in memory and what each of
 * its threads costs in CPU, sampled by a thread of bench's own while the
 * run goes on. The harness names the QEMUs to watch and marks the moments
 * of the run (workload start, migration start and end) on the same clock.
 */
struct host_sampler;

struct host_thread {
	pid_t tid;
	unsigned long long start_ticks; /* with the TID, which thread it is */
	char name[HOST_TASK_NAME_LEN]; /* the last seen: a thread names itself */
	enum host_thread_class class; /* set when the sampler stops */
};

/* One QEMU watched, by its role: "source", "destination", ... */
struct host_process {
	char role[HOST_ROLE_LEN];
	pid_t pid;
	unsigned long long start_ticks; /* of its main thread, once seen */
	bool seen, ended;
	bool unwatched; /* by the harness, under the sampler's lock */
	struct host_thread *threads;
	size_t nthreads, cap;
};

/* t_ms: on the harness clock (now_ms()), 0 at the origin given to start */
struct host_rss_sample {
	int64_t t_ms;
	size_t proc; /* index into procs */
	struct host_memory mem;
};

struct host_cpu_sample {
	int64_t t_ms;
	size_t proc, thread; /* indices into procs and its threads */
	unsigned long long cpu_ms; /* utime + stime so far */
};

struct host_mark {
	int64_t t_ms;
	char name[HOST_MARK_LEN];
};

/* What was sampled; complete once the sampler has stopped. */
struct host_samples {
	int period_ms;
	struct host_process **procs;
	size_t nprocs;
	struct host_rss_sample *rss;
	size_t nrss, rss_cap;
	struct host_cpu_sample *cpu;
	size_t ncpu, cpu_cap;
	struct host_mark *marks;
	size_t nmarks, marks_cap;
	unsigned long long ticks; /* sampling rounds */
	unsigned long long late_ticks; /* rounds that overran their period */
	unsigned long long lost; /* samples not kept: out of memory */
	double sampler_cpu_ms; /* the sampler thread's own CPU time */
};

/*
 * Start sampling every period_ms, with t = 0 at origin_ms (now_ms()).
 * NULL with err set when the thread cannot start: the run goes on
 * without, and every call below takes a NULL sampler as a no-op.
 */
struct host_sampler *host_sampler_start(int64_t origin_ms, int period_ms,
					char *err, size_t errlen);

/* Sample this QEMU from now until it exits. */
void host_sampler_watch(struct host_sampler *s, const char *role, pid_t pid);

/*
 * No more samples of this QEMU: it is about to quit, and a QEMU letting go
 * of its memory is not what it held.
 */
void host_sampler_unwatch(struct host_sampler *s, pid_t pid);

/* A moment of the run, at now_ms(). */
void host_sampler_mark(struct host_sampler *s, const char *name);

/* Stop the thread and wait for it; once only, later calls do nothing. */
void host_sampler_stop(struct host_sampler *s);

/* The samples (after host_sampler_stop), or NULL */
const struct host_samples *host_sampler_samples(const struct host_sampler *s);

/* host_sampler_stop(), and everything freed. */
void host_sampler_free(struct host_sampler *s);

#endif
