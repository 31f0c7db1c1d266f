// SPDX-License-Identifier: GPL-2.0
/*
 * The host sampler against a child of the test that does what a QEMU
 * does, in known amounts: allocates and touches memory, gives it back,
 * spins a thread named like a vCPU for a known CPU time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness/clock.h"
#include "harness/host_files.h"
#include "harness/host_sampler.h"
#include "harness/rundir.h"

#define ALLOC_MIB 96
#define BEFORE_MS 100 /* the child's memory before it allocates: sampled */
#define HOLD_MS 300
#define SPIN_MS 300
#define PERIOD_MS 20
#define SPINNER "CPU 0/TCG"

/* The child's progress, one byte each on its pipe */
#define ALLOCATED 'A'
#define FREED 'F'
#define SPUN 'S'

static void say(int fd, char what)
{
	if (write(fd, &what, 1) != 1)
		_exit(1);
}

static double thread_cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Spins, then stays: an exited thread's last CPU time is not in /proc. */
static void *spin(void *arg)
{
	volatile unsigned long n = 0;

	pthread_setname_np(pthread_self(), SPINNER);
	while (thread_cpu_ms() < SPIN_MS)
		n++;
	say(*(int *)arg, SPUN);
	for (;;)
		pause();
	return NULL;
}

static void child(int fd)
{
	size_t len = (size_t)ALLOC_MIB << 20;
	char *mem = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pthread_t t;

	if (mem == MAP_FAILED)
		_exit(1);
	usleep(BEFORE_MS * 1000);
	memset(mem, 1, len);
	say(fd, ALLOCATED);
	usleep(HOLD_MS * 1000);
	munmap(mem, len);
	say(fd, FREED);
	if (pthread_create(&t, NULL, spin, &fd))
		_exit(1);
	for (;;)
		pause();
}

struct watched {
	pid_t pid;
	int fd;
	struct host_sampler *s;
	int64_t origin;
};

static void start(struct watched *w, int period_ms)
{
	int p[2];
	char err[256];

	assert_int_equal(pipe(p), 0);
	w->pid = fork();
	assert_true(w->pid >= 0);
	if (!w->pid) {
		close(p[0]);
		child(p[1]);
	}
	close(p[1]);
	w->fd = p[0];
	w->origin = now_ms();
	w->s = host_sampler_start(w->origin, period_ms, err, sizeof(err));
	assert_non_null(w->s);
	host_sampler_watch(w->s, "source", w->pid);
}

/* The child's reports, in their order, up to and with last */
static void wait_until(struct watched *w, char last)
{
	static const char order[] = { ALLOCATED, FREED, SPUN };

	for (size_t i = 0; i < sizeof(order); i++) {
		struct pollfd p = { .fd = w->fd, .events = POLLIN };
		char got = 0;

		if (poll(&p, 1, 5000) != 1 || read(w->fd, &got, 1) != 1 ||
		    got != order[i])
			fail_msg(
				"the child did not report '%c' within 5 s (got '%c')",
				order[i], got ? got : '-');
		if (got == last)
			return;
	}
}

/* As the harness does: no more samples, then the end of the process,
 * whose memory goes as it dies. */
static void finish(struct watched *w)
{
	host_sampler_unwatch(w->s, w->pid);
	kill(w->pid, SIGKILL);
	waitpid(w->pid, NULL, 0);
	close(w->fd);
	host_sampler_stop(w->s);
}

/* The samples of a child watched until it reported last, and a while */
static const struct host_samples *sampled_until(struct watched *w, char last,
						int periods_after)
{
	start(w, PERIOD_MS);
	wait_until(w, last);
	usleep(periods_after * PERIOD_MS * 1000);
	finish(w);
	assert_non_null(host_sampler_samples(w->s));
	return host_sampler_samples(w->s);
}

static const struct host_thread *thread_named(const struct host_process *p,
					      const char *name, size_t *index)
{
	for (size_t i = 0; i < p->nthreads; i++)
		if (!strcmp(p->threads[i].name, name)) {
			*index = i;
			return &p->threads[i];
		}
	fail_msg("no thread named '%s' among %zu", name, p->nthreads);
	return NULL;
}

/* The memory taken and given back, as the samples show it */
static void peak_and_end_kib(const struct host_samples *hs,
			     unsigned long long *low, unsigned long long *peak,
			     unsigned long long *end)
{
	*low = ULLONG_MAX;
	*peak = 0;
	for (size_t i = 0; i < hs->nrss; i++) {
		unsigned long long a = hs->rss[i].mem.anon_kib;

		if (!*peak && a < *low)
			*low = a;
		if (a > *peak)
			*peak = a;
	}
	*end = hs->rss[hs->nrss - 1].mem.anon_kib;
}

static void memory_taken_and_given_back(void **state)
{
	unsigned long long low, peak, end;
	const struct host_samples *hs;
	struct watched w;

	(void)state;
	hs = sampled_until(&w, FREED, 5);
	assert_true(hs->nrss >= HOLD_MS / PERIOD_MS / 2);
	peak_and_end_kib(hs, &low, &peak, &end);
	/* the child's own memory besides: a few MiB, sanitizers' included */
	if (peak - end < (ALLOC_MIB - 4) << 10 ||
	    peak - end > (ALLOC_MIB + 4) << 10 ||
	    peak - low < (ALLOC_MIB - 4) << 10)
		fail_msg(
			"anonymous memory low %llu, peak %llu, end %llu KiB: not %d MiB taken and given back",
			low, peak, end, ALLOC_MIB);
	host_sampler_free(w.s);
}

static void named_thread_classed_and_its_cpu_counted(void **state)
{
	const struct host_samples *hs;
	const struct host_process *p;
	const struct host_thread *t;
	unsigned long long last = 0;
	size_t spinner, samples = 0;
	struct watched w;

	(void)state;
	hs = sampled_until(&w, SPUN, 2);
	assert_int_equal(hs->nprocs, 1);
	p = hs->procs[0];
	t = thread_named(p, SPINNER, &spinner);
	assert_int_equal(t->class, HOST_THREAD_VCPU);
	assert_int_equal(thread_named(p, p->threads[0].name, &spinner)->class,
			 HOST_THREAD_MAIN);
	thread_named(p, SPINNER, &spinner);
	for (size_t i = 0; i < hs->ncpu; i++) {
		if (hs->cpu[i].thread != spinner)
			continue;
		if (hs->cpu[i].cpu_ms < last)
			fail_msg("cpu_ms went back from %llu to %llu", last,
				 hs->cpu[i].cpu_ms);
		last = hs->cpu[i].cpu_ms;
		samples++;
	}
	assert_true(samples >= 2);
	/* utime + stime count in ticks of 10 ms */
	if (last + 10 < SPIN_MS || last > SPIN_MS + 40)
		fail_msg("the spinner's CPU time was %llu ms, not %d", last,
			 SPIN_MS);
	host_sampler_free(w.s);
}

/*
 * A process that ends is let go; stopping does not wait for the period;
 * after unwatch, no sample.
 */
static void stops_at_once_and_lets_go(void **state)
{
	const struct host_samples *hs;
	struct watched w;
	int64_t asked, unwatched;

	(void)state;
	start(&w, PERIOD_MS);
	wait_until(&w, ALLOCATED);
	kill(w.pid, SIGKILL);
	waitpid(w.pid, NULL, 0);
	usleep(3 * PERIOD_MS * 1000);
	finish(&w);
	hs = host_sampler_samples(w.s);
	assert_true(hs->procs[0]->ended);
	assert_true(hs->nrss >= 1);
	host_sampler_free(w.s);

	start(&w, PERIOD_MS);
	wait_until(&w, ALLOCATED);
	host_sampler_unwatch(w.s, w.pid);
	unwatched = now_ms() - w.origin;
	usleep(5 * PERIOD_MS * 1000);
	finish(&w);
	hs = host_sampler_samples(w.s);
	for (size_t i = 0; i < hs->nrss; i++)
		assert_true(hs->rss[i].t_ms <= unwatched);
	host_sampler_free(w.s);

	/* a period of a minute: stopped in its wait after the first round */
	start(&w, 60 * 1000);
	usleep(200 * 1000);
	asked = now_ms();
	finish(&w);
	assert_true(now_ms() - asked < 1000);
	assert_true(host_sampler_samples(w.s)->ticks >= 1);
	host_sampler_free(w.s);
}

/* host-rss.tsv and host-threads.tsv hold what was sampled, row for row. */
static void files_hold_the_samples(void **state)
{
	char parent[] = "/tmp/lockhold-test-host.XXXXXX", err[512],
	     path[PATH_MAX + 32], line[512], cmd[128];
	unsigned long long low, peak, end, max_anon = 0, anon;
	size_t rows = 0, spinner_rows = 0;
	const struct host_samples *hs;
	struct watched w;
	struct rundir rd;
	FILE *f;

	(void)state;
	hs = sampled_until(&w, SPUN, 0);
	host_sampler_mark(w.s, "workload_start"); /* after: still written */
	assert_non_null(mkdtemp(parent));
	assert_int_equal(rundir_create(&rd, parent, "run", err, sizeof(err)),
			 0);
	assert_int_equal(host_files_write(hs, &rd, err, sizeof(err)), 0);

	rundir_path(&rd, HOST_FILE_RSS, path, sizeof(path));
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		assert_int_equal(sscanf(line, "%*f source %*d %*u %llu", &anon),
				 1);
		max_anon = anon > max_anon ? anon : max_anon;
		rows++;
	}
	fclose(f);
	peak_and_end_kib(hs, &low, &peak, &end);
	assert_int_equal(rows, hs->nrss);
	assert_int_equal(max_anon, peak);

	rundir_path(&rd, HOST_FILE_THREADS, path, sizeof(path));
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		spinner_rows += line[0] != '#' && strstr(line, "\tvcpu\t") &&
				strstr(line, "\t" SPINNER "\n");
	fclose(f);
	assert_true(spinner_rows >= 2);

	rundir_path(&rd, HOST_FILE_MARKS, path, sizeof(path));
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	assert_non_null(fgets(line, sizeof(line), f));
	assert_non_null(fgets(line, sizeof(line), f));
	assert_non_null(strstr(line, "\tworkload_start\n"));
	fclose(f);
	host_sampler_free(w.s);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", parent);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(memory_taken_and_given_back),
		cmocka_unit_test(named_thread_classed_and_its_cpu_counted),
		cmocka_unit_test(stops_at_once_and_lets_go),
		cmocka_unit_test(files_hold_the_samples),
	};

	return cmocka_run_group_tests_name("host_sampler", tests, NULL, NULL);
}
