// SPDX-License-Identifier: GPL-2.0
/*
 * The host sampler's thread (host_sampler.h): every period, each QEMU
 * watched that still runs is read from /proc (statm, and stat of each of
 * its threads) and the figures kept in memory; they are written out once
 * the run is over (host_files.c).
 *
 * The harness does not wait for /proc: watch() and mark() only take the
 * lock for an append, which the sampler holds only to pick the next
 * process, never while it reads. unwatch() alone waits, for the read of
 * that one process if it is under way.
 */
#include "host_sampler.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"

struct host_sampler {
	struct host_samples samples;
	int64_t origin_ms;
	long ticks_per_s; /* of stat's CPU times */
	size_t procs_cap;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	/* the process being read, under the lock; done: signalled after */
	const struct host_process *reading;
	pthread_cond_t done;
	bool stop, joined;
	/* what one round reads, kept between rounds: no allocation a round */
	pid_t *tids;
	size_t tids_cap;
	struct host_task *tasks;
	size_t tasks_cap;
};

/*
 * array, of n elements of size and room for *cap, with room for one more
 * (grown, *cap updated); NULL when out of memory, array left as it was.
 */
static void *room_for_one(void *array, size_t n, size_t *cap, size_t size)
{
	size_t more;
	void *grown;

	if (n < *cap)
		return array;
	more = *cap ? 2 * *cap : 256;
	grown = realloc(array, more * size);
	if (grown)
		*cap = more;
	return grown;
}

/* The thread (tid, start) of p, added when new; SIZE_MAX when out of memory */
static size_t thread_of(struct host_process *p, pid_t tid,
			const struct host_task *t)
{
	for (size_t i = 0; i < p->nthreads; i++)
		if (p->threads[i].tid == tid &&
		    p->threads[i].start_ticks == t->start_ticks)
			return i;
	struct host_thread *threads = room_for_one(
		p->threads, p->nthreads, &p->cap, sizeof(*p->threads));

	if (!threads)
		return SIZE_MAX;
	p->threads = threads;
	p->threads[p->nthreads] = (struct host_thread){
		.tid = tid,
		.start_ticks = t->start_ticks,
		.class = HOST_THREAD_OTHER,
	};
	return p->nthreads++;
}

/*
 * The main thread says whether p is still the QEMU watched: gone, a
 * zombie, or a new process with a reused PID (another start time) is not.
 */
static bool still_running(struct host_process *p, const struct host_task *main)
{
	if (main->state == 'Z' || main->state == 'X')
		return false;
	if (!p->seen) {
		p->seen = true;
		p->start_ticks = main->start_ticks;
	}
	return p->start_ticks == main->start_ticks;
}

/* One round's figures of p, procs[index] */
static void sample_process(struct host_sampler *s, struct host_process *p,
			   size_t index)
{
	struct host_samples *hs = &s->samples;
	struct host_rss_sample *rss;
	struct host_memory mem;
	int64_t t = now_ms() - s->origin_ms;
	int n = -1, found = 0, main = -1;

	if (!host_memory_read(p->pid, &mem))
		n = host_task_list(p->pid, &s->tids, &s->tids_cap);
	if (n > 0 && (size_t)n > s->tasks_cap) {
		struct host_task *grown =
			realloc(s->tasks, (size_t)n * sizeof(*s->tasks));

		if (!grown) {
			hs->lost++;
			return;
		}
		s->tasks = grown;
		s->tasks_cap = (size_t)n;
	}
	for (int i = 0; i < n; i++) {
		/* a thread that exited since the listing is left out */
		if (host_task_read(p->pid, s->tids[i], &s->tasks[found]))
			continue;
		s->tids[found] = s->tids[i];
		if (s->tids[found] == p->pid)
			main = found;
		found++;
	}
	if (main < 0 || !still_running(p, &s->tasks[main])) {
		p->ended = true;
		return;
	}
	rss = room_for_one(hs->rss, hs->nrss, &hs->rss_cap, sizeof(*hs->rss));
	if (rss) {
		hs->rss = rss;
		hs->rss[hs->nrss++] = (struct host_rss_sample){ t, index, mem };
	} else {
		hs->lost++;
	}
	for (int i = 0; i < found; i++) {
		const struct host_task *task = &s->tasks[i];
		size_t th = thread_of(p, s->tids[i], task);
		struct host_cpu_sample *cpu = room_for_one(
			hs->cpu, hs->ncpu, &hs->cpu_cap, sizeof(*hs->cpu));

		if (th == SIZE_MAX || !cpu) {
			hs->lost++;
			continue;
		}
		hs->cpu = cpu;
		snprintf(p->threads[th].name, sizeof(p->threads[th].name), "%s",
			 task->name);
		hs->cpu[hs->ncpu++] = (struct host_cpu_sample){
			.t_ms = t,
			.proc = index,
			.thread = th,
			.cpu_ms = task->cpu_ticks * 1000 / s->ticks_per_s,
		};
	}
}

/* One round: every process watched that still runs. */
static void sample_all(struct host_sampler *s)
{
	struct host_samples *hs = &s->samples;
	size_t n;

	pthread_mutex_lock(&s->lock);
	n = hs->nprocs;
	pthread_mutex_unlock(&s->lock);
	/* procs[] may be reallocated by watch(): each element under the lock,
	 * the process itself is the sampler's alone */
	for (size_t i = 0; i < n; i++) {
		struct host_process *p;

		pthread_mutex_lock(&s->lock);
		p = hs->procs[i];
		if (p->ended || p->unwatched) {
			pthread_mutex_unlock(&s->lock);
			continue;
		}
		s->reading = p;
		pthread_mutex_unlock(&s->lock);
		sample_process(s, p, i);
		pthread_mutex_lock(&s->lock);
		s->reading = NULL;
		pthread_cond_broadcast(&s->done);
		pthread_mutex_unlock(&s->lock);
	}
	hs->ticks++;
}

static struct timespec timespec_of_ms(int64_t ms)
{
	return (struct timespec){ .tv_sec = ms / 1000,
				  .tv_nsec = (ms % 1000) * 1000000 };
}

static void *sampler_main(void *arg)
{
	struct host_sampler *s = arg;
	struct rusage ru;
	int64_t next = now_ms();

	pthread_mutex_lock(&s->lock);
	while (!s->stop) {
		pthread_mutex_unlock(&s->lock);
		sample_all(s);
		pthread_mutex_lock(&s->lock);
		next += s->samples.period_ms;
		/* an overrun round is not made up for with a burst of them */
		if (next <= now_ms()) {
			s->samples.late_ticks++;
			next = now_ms() + s->samples.period_ms;
		}
		struct timespec until = timespec_of_ms(next);

		while (!s->stop && pthread_cond_timedwait(&s->wake, &s->lock,
							  &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&s->lock);
	if (!getrusage(RUSAGE_THREAD, &ru))
		s->samples.sampler_cpu_ms =
			(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
			(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	return NULL;
}

struct host_sampler *host_sampler_start(int64_t origin_ms, int period_ms,
					char *err, size_t errlen)
{
	struct host_sampler *s = calloc(1, sizeof(*s));
	pthread_condattr_t attr;
	sigset_t all, old;
	int ret;

	if (!s) {
		snprintf(err, errlen, "host sampler: out of memory");
		return NULL;
	}
	s->origin_ms = origin_ms;
	s->samples.period_ms = period_ms;
	s->ticks_per_s = sysconf(_SC_CLK_TCK);
	pthread_mutex_init(&s->lock, NULL);
	/* the wait's deadline on now_ms()'s clock */
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&s->wake, &attr);
	pthread_condattr_destroy(&attr);
	pthread_cond_init(&s->done, NULL);
	/* signals (^C) stay with the harness, whose calls they interrupt */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ret = pthread_create(&s->thread, NULL, sampler_main, s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (ret) {
		snprintf(err, errlen,
			 "cannot start the host sampler thread: %s",
			 strerror(ret));
		s->joined = true;
		host_sampler_free(s);
		return NULL;
	}
	return s;
}

void host_sampler_watch(struct host_sampler *s, const char *role, pid_t pid)
{
	struct host_samples *hs;
	struct host_process *p, **procs;

	if (!s || pid <= 0)
		return;
	hs = &s->samples;
	p = calloc(1, sizeof(*p));
	if (!p)
		return;
	snprintf(p->role, sizeof(p->role), "%s", role);
	p->pid = pid;
	pthread_mutex_lock(&s->lock);
	procs = room_for_one(hs->procs, hs->nprocs, &s->procs_cap,
			     sizeof(*hs->procs));
	if (!procs) {
		pthread_mutex_unlock(&s->lock);
		free(p);
		return;
	}
	hs->procs = procs;
	hs->procs[hs->nprocs++] = p;
	pthread_mutex_unlock(&s->lock);
}

void host_sampler_unwatch(struct host_sampler *s, pid_t pid)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < s->samples.nprocs; i++)
		if (s->samples.procs[i]->pid == pid)
			s->samples.procs[i]->unwatched = true;
	/* a read begun before is let finish (one process's /proc files),
	 * or it could see the QEMU the caller is about to stop */
	while (s->reading && s->reading->unwatched)
		pthread_cond_wait(&s->done, &s->lock);
	pthread_mutex_unlock(&s->lock);
}

void host_sampler_mark(struct host_sampler *s, const char *name)
{
	struct host_samples *hs;
	struct host_mark *marks;

	if (!s)
		return;
	hs = &s->samples;
	pthread_mutex_lock(&s->lock);
	marks = room_for_one(hs->marks, hs->nmarks, &hs->marks_cap,
			     sizeof(*hs->marks));
	if (marks) {
		hs->marks = marks;
		hs->marks[hs->nmarks].t_ms = now_ms() - s->origin_ms;
		snprintf(hs->marks[hs->nmarks].name,
			 sizeof(hs->marks[hs->nmarks].name), "%s", name);
		hs->nmarks++;
	}
	pthread_mutex_unlock(&s->lock);
}

/*
 * Each thread's class from its last name. The first thread a process
 * started after its main one, unnamed, is QEMU's call_rcu
 * (host_thread_classify()).
 */
static void classify(struct host_process *p)
{
	const struct host_thread *main = NULL, *first = NULL;

	for (size_t i = 0; i < p->nthreads; i++) {
		const struct host_thread *t = &p->threads[i];

		if (t->tid == p->pid)
			main = t;
		else if (!first || t->start_ticks < first->start_ticks ||
			 (t->start_ticks == first->start_ticks &&
			  t->tid < first->tid))
			first = t;
	}
	for (size_t i = 0; i < p->nthreads; i++) {
		struct host_thread *t = &p->threads[i];

		t->class = host_thread_classify(
			t->name, t == main,
			t == first && main && !strcmp(t->name, main->name));
	}
}

void host_sampler_stop(struct host_sampler *s)
{
	if (!s || s->joined)
		return;
	pthread_mutex_lock(&s->lock);
	s->stop = true;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	s->joined = true;
	for (size_t i = 0; i < s->samples.nprocs; i++)
		classify(s->samples.procs[i]);
}

const struct host_samples *host_sampler_samples(const struct host_sampler *s)
{
	return s && s->joined ? &s->samples : NULL;
}

void host_sampler_free(struct host_sampler *s)
{
	if (!s)
		return;
	host_sampler_stop(s);
	for (size_t i = 0; i < s->samples.nprocs; i++) {
		free(s->samples.procs[i]->threads);
		free(s->samples.procs[i]);
	}
	free(s->samples.procs);
	free(s->samples.rss);
	free(s->samples.cpu);
	free(s->samples.marks);
	free(s->tids);
	free(s->tasks);
	pthread_cond_destroy(&s->wake);
	pthread_cond_destroy(&s->done);
	pthread_mutex_destroy(&s->lock);
	free(s);
}
