// SPDX-License-Identifier: GPL-2.0
/*
 * Memory given back, then wanted again. Free page reporting (variant
 * mainline-report) hands freed guest memory to the host, which discards it,
 * some seconds after the free (page_reporting waits 2 s, then reports in
 * passes 2 s apart); free page hinting does not give memory back at all.
 * So the one worker that works dirties a share of the memory free at start,
 * frees it all, rests, then maps as much again and touches every page once:
 * after reporting, each first touch costs the host a fault too, and the
 * latency histogram is that refault's latency.
 *
 * One worker, whatever --threads (the guest passes its vCPUs): the phases
 * are one sequence, with one set of boundaries for the host to align its
 * memory timeline to, and a second worker faulting beside the first would
 * add zone lock and per-CPU list contention to the refault latency it
 * measures. The other workers nap until the run ends, leaving their vCPUs
 * to the reporting work.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "workload.h"

#define NSEC_PER_SEC 1000000000ULL
/*
 * Work per run_op, bounded so that the end of the run is seen within a few
 * ms under QEMU TCG: 256 faults take about 1 ms there, memset of their
 * 1 MiB about as much, an 8 MiB munmap() about 1.5 ms (see pagefault.c).
 */
#define DIRTY_CHUNK_PAGES 256
#define REFAULT_CHUNK_PAGES 256
#define UNMAP_CHUNK_BYTES (8UL << 20)
/* Naps while there is nothing to do: the warm-up, the rest, the end */
#define NAP_NS (20 * 1000 * 1000ULL)
/* Short in the warm-up, so that the first phase starts as measuring does */
#define WARMUP_NAP_NS (1000 * 1000ULL)
/* Any non-zero byte: zero pages migrate and merge as if never written */
#define DIRTY_BYTE 0x5a

static const char *const release_counters[] = {
	"bytes_dirtied",
	"bytes_freed",
	"bytes_refaulted",
	"refault_complete",
	"dirty_start_monotonic_ns",
	"free_start_monotonic_ns",
	"free_end_monotonic_ns",
	"refault_start_monotonic_ns",
	"refault_end_monotonic_ns",
	"memfree_kib_at_dirty_start",
	"memfree_kib_at_free_start",
	"memfree_kib_at_free_end",
	"memfree_kib_at_refault_start",
	"memfree_kib_at_refault_end",
	NULL,
};
enum {
	BYTES_DIRTIED,
	BYTES_FREED,
	BYTES_REFAULTED,
	REFAULT_COMPLETE,
	DIRTY_START_NS,
	FREE_START_NS,
	FREE_END_NS,
	REFAULT_START_NS,
	REFAULT_END_NS,
	MEMFREE_AT_DIRTY_START,
	MEMFREE_AT_FREE_START,
	MEMFREE_AT_FREE_END,
	MEMFREE_AT_REFAULT_START,
	MEMFREE_AT_REFAULT_END,
};

/* In order; a worker is always in one of them */
enum release_phase {
	PHASE_WARMUP,
	PHASE_DIRTY,
	PHASE_FREE,
	PHASE_REST,
	PHASE_REFAULT,
	PHASE_DONE,
};

/* Where each phase begins: its name, and the counters of that moment */
static const struct phase_start {
	const char *name;
	int time_counter, memfree_counter;
} phase_starts[] = {
	[PHASE_WARMUP] = { "warm-up", -1, -1 },
	[PHASE_DIRTY] = { "dirty", DIRTY_START_NS, MEMFREE_AT_DIRTY_START },
	[PHASE_FREE] = { "free", FREE_START_NS, MEMFREE_AT_FREE_START },
	[PHASE_REST] = { "rest", FREE_END_NS, MEMFREE_AT_FREE_END },
	[PHASE_REFAULT] = { "refault", REFAULT_START_NS,
			    MEMFREE_AT_REFAULT_START },
	[PHASE_DONE] = { "done", REFAULT_END_NS, MEMFREE_AT_REFAULT_END },
};

static size_t page_size, region_pages;
static uint64_t rest_ns;

/* The state of worker 0, the one that works */
struct release_worker {
	enum release_phase phase;
	char *region; /* NULL in the warm-up, the rest and before the refault */
	size_t pages_done; /* of the region, by the current phase */
	uint64_t rest_until_ns;
};

static const struct workload_option release_options[] = {
	{ .name = "percent",
	  .help = "% of the memory free at start (MemFree) dirtied, freed and refaulted",
	  .type = WOPT_UINT,
	  .default_value = "50",
	  .min = 1,
	  .max = 90 },
	/*
	 * page_reporting reports, 2 s after the free and then every 2 s, at
	 * most 1/16 of each free list and 64 blocks more: at 2 GiB 256 MiB a
	 * pass, all of 1 GiB freed within 8-10 s (measured), and any size
	 * within about 32 s.
	 */
	{ .name = "rest-s",
	  .help = "seconds from the end of the free to the refault, for free page reporting to give the memory back",
	  .type = WOPT_UINT,
	  .default_value = "20",
	  .min = 0,
	  .max = 3600 },
	{ .name = NULL },
};

/* MemFree of /proc/meminfo in KiB, or -errno */
static long memfree_kib(void)
{
	FILE *f = fopen("/proc/meminfo", "re");
	char line[128];
	long kib = -1;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f) &&
	       sscanf(line, "MemFree: %ld kB", &kib) != 1)
		;
	fclose(f);
	return kib < 0 ? -ENODATA : kib;
}

static int release_setup(struct workload_ctx *ctx)
{
	unsigned long percent = workload_opt_uint(ctx, "percent");
	long size = sysconf(_SC_PAGESIZE), kib = memfree_kib();

	if (size <= 0)
		return -EINVAL;
	if (kib < 0) {
		fprintf(stderr,
			"release: cannot read MemFree from /proc/meminfo: %s\n",
			strerror((int)-kib));
		return kib;
	}
	page_size = size;
	region_pages =
		(unsigned long long)kib * 1024 / 100 * percent / page_size;
	rest_ns = workload_opt_uint(ctx, "rest-s") * NSEC_PER_SEC;
	if (!region_pages) {
		fprintf(stderr,
			"release: --percent %lu of MemFree %ld kB is not one page (accepted: a larger --percent)\n",
			percent, kib);
		return -EINVAL;
	}
	/*
	 * Order-0 pages: each page's first touch is its own fault, so the
	 * histogram has a sample per page, not one per 512.
	 */
	if (prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0))
		return -errno;
	return 0;
}

static int release_worker_init(struct workload_worker *worker)
{
	if (worker->id)
		return 0;
	worker->priv = calloc(1, sizeof(struct release_worker));
	return worker->priv ? 0 : -ENOMEM;
}

static void nap(uint64_t ns)
{
	struct timespec ts = { .tv_sec = ns / NSEC_PER_SEC,
			       .tv_nsec = ns % NSEC_PER_SEC };

	nanosleep(&ts, NULL);
}

/* Stamps the start of phase: the console marker, its time and MemFree. */
static int enter_phase(struct workload_worker *worker,
		       struct release_worker *rw, enum release_phase phase)
{
	const struct phase_start *start = &phase_starts[phase];
	long kib = memfree_kib();

	if (kib < 0)
		return workload_fail(
			worker, (int)-kib,
			"cannot read MemFree from /proc/meminfo at the start of the %s phase",
			start->name);
	rw->phase = phase;
	rw->pages_done = 0;
	worker->counters[start->time_counter] =
		workload_phase(worker, start->name);
	worker->counters[start->memfree_counter] = kib;
	return 0;
}

static int map_region(struct release_worker *rw)
{
	void *region = mmap(NULL, region_pages * page_size,
			    PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			    -1, 0);

	if (region == MAP_FAILED)
		return -errno;
	rw->region = region;
	return 0;
}

static size_t chunk_end(const struct release_worker *rw, size_t pages)
{
	size_t end = rw->pages_done + pages;

	return end > region_pages ? region_pages : end;
}

/* Every byte of every page, so that none of it is a zero page. */
static int dirty_some(struct workload_worker *worker, struct release_worker *rw)
{
	size_t end = chunk_end(rw, DIRTY_CHUNK_PAGES);

	memset(rw->region + rw->pages_done * page_size, DIRTY_BYTE,
	       (end - rw->pages_done) * page_size);
	worker->counters[BYTES_DIRTIED] += (end - rw->pages_done) * page_size;
	rw->pages_done = end;
	return end < region_pages ? 0 : enter_phase(worker, rw, PHASE_FREE);
}

static int free_some(struct workload_worker *worker, struct release_worker *rw)
{
	size_t end = chunk_end(rw, UNMAP_CHUNK_BYTES / page_size);
	int ret;

	if (munmap(rw->region + rw->pages_done * page_size,
		   (end - rw->pages_done) * page_size))
		return -errno;
	worker->counters[BYTES_FREED] += (end - rw->pages_done) * page_size;
	rw->pages_done = end;
	if (end < region_pages)
		return 0;
	rw->region = NULL;
	ret = enter_phase(worker, rw, PHASE_REST);
	rw->rest_until_ns = worker->counters[FREE_END_NS] + rest_ns;
	return ret;
}

static int rest_some(struct workload_worker *worker, struct release_worker *rw)
{
	uint64_t now = workload_now_ns();
	int ret;

	if (now < rw->rest_until_ns) {
		nap(rw->rest_until_ns - now < NAP_NS ? rw->rest_until_ns - now :
						       NAP_NS);
		return 0;
	}
	ret = map_region(rw);
	return ret ? ret : enter_phase(worker, rw, PHASE_REFAULT);
}

/* One write per page, its first touch, timed: ops are pages refaulted. */
static int refault_some(struct workload_worker *worker,
			struct release_worker *rw)
{
	size_t page, end = chunk_end(rw, REFAULT_CHUNK_PAGES);
	int done = end - rw->pages_done, ret;

	for (page = rw->pages_done; page < end; page++) {
		uint64_t t = workload_sample_start(worker);

		rw->region[page * page_size] = DIRTY_BYTE;
		workload_sample_end(worker, t);
	}
	worker->counters[BYTES_REFAULTED] += (size_t)done * page_size;
	rw->pages_done = end;
	if (end < region_pages)
		return done;
	ret = enter_phase(worker, rw, PHASE_DONE);
	if (ret)
		return ret;
	worker->counters[REFAULT_COMPLETE] = 1;
	return done;
}

static int release_run_op(struct workload_worker *worker)
{
	struct release_worker *rw = worker->priv;
	int ret;

	if (!rw) {
		nap(NAP_NS);
		return 0;
	}
	switch (rw->phase) {
	case PHASE_WARMUP:
		if (!workload_measuring(worker)) {
			nap(WARMUP_NAP_NS);
			return 0;
		}
		ret = map_region(rw);
		return ret ? ret : enter_phase(worker, rw, PHASE_DIRTY);
	case PHASE_DIRTY:
		return dirty_some(worker, rw);
	case PHASE_FREE:
		return free_some(worker, rw);
	case PHASE_REST:
		return rest_some(worker, rw);
	case PHASE_REFAULT:
		return refault_some(worker, rw);
	case PHASE_DONE:
		break;
	}
	/* The refaulted memory stays mapped, as the host sees it, to the end */
	nap(NAP_NS);
	return 0;
}

/* A histogram of part of the refault must not pass for all of it. */
static int release_finish(struct workload_worker *worker)
{
	const struct release_worker *rw = worker->priv;
	int began = phase_starts[rw ? rw->phase : PHASE_WARMUP].time_counter;
	uint64_t at = began < 0 ? 0 : worker->counters[began];

	if (!rw || worker->counters[REFAULT_COMPLETE])
		return 0;
	return workload_fail(
		worker, ETIME,
		"the run ended in the %s phase (begun at %.1f s of --duration %lu; %zu of %zu pages refaulted): the refault latency would be partial (accepted: a longer --duration)",
		phase_starts[rw->phase].name,
		at ? (at - worker->measuring_since_ns) / 1e9 : 0.0,
		worker->ctx->duration_s,
		rw->phase == PHASE_REFAULT ? rw->pages_done : 0, region_pages);
}

static void release_worker_exit(struct workload_worker *worker)
{
	struct release_worker *rw = worker->priv;
	size_t from;

	if (!rw)
		return;
	if (rw->region) {
		/* The free phase has unmapped the pages before pages_done */
		from = rw->phase == PHASE_FREE ? rw->pages_done : 0;
		munmap(rw->region + from * page_size,
		       (region_pages - from) * page_size);
	}
	free(rw);
}

const struct workload release_workload = {
	.name = "release",
	.description =
		"One worker (the others nap) dirties --percent of the memory free at\n"
		"start, frees it all, rests --rest-s seconds, then maps as much again and\n"
		"touches every page once: with free page reporting the host has discarded\n"
		"the freed memory by then, and each first touch costs it a fault too.\n"
		"The phases begin when measuring does and must all end within --duration,\n"
		"else the run fails. One op is one page refaulted. Each phase's start is\n"
		"a LOCKHOLD: workload-phase line with its CLOCK_MONOTONIC; the counters\n"
		"have the bytes, those times and MemFree at each boundary.",
	.options = release_options,
	.latency_of =
		"one page's first write after the rest: the guest's fault and, if the host discarded the page, the host's",
	/*
	 * Every page: a fixed stride aliases with the 2 MiB blocks the host
	 * discarded and backs again (a huge page) on their first touch. At 8,
	 * a mainline-report refault's sampled touches averaged 30 us and the
	 * others 55 us; at 1 the samples add up to the phase. Two clock reads
	 * cost ~0.3 us under TCG, a refault 10 us or more.
	 */
	.default_sample_period = 1,
	.counter_names = release_counters,
	.setup = release_setup,
	.worker_init = release_worker_init,
	.run_op = release_run_op,
	.finish = release_finish,
	.worker_exit = release_worker_exit,
};
