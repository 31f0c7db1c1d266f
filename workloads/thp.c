// SPDX-License-Identifier: GPL-2.0
/*
 * Transparent huge page faults: like pagefault, but the region is advised
 * MADV_HUGEPAGE, so every fault allocates an order-9 page. Those bypass the
 * per-CPU lists and take zone->lock on every allocation and free, which is
 * where a long hint-path hold hurts most.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "workload.h"

#define HUGE_SIZE (2UL << 20)
/* Unmap a few huge pages per run_op, so the end of the run is seen soon */
#define UNMAP_CHUNK (4 * HUGE_SIZE)
/* Reading smaps costs a little: check one cycle in this many */
#define CHECK_EVERY_CYCLES 8

static const char *const thp_counters[] = { "bytes_checked", "huge_bytes_found",
					    NULL };
enum { BYTES_CHECKED, HUGE_BYTES_FOUND };

static size_t region_size;
static bool thp_always; /* the system's policy, not only madvised areas */

struct thp_worker {
	void *mapping; /* what mmap returned, larger than the region */
	char *region; /* HUGE_SIZE aligned; NULL between cycles */
	size_t touched, unmapped; /* bytes from the start of the region */
	unsigned long cycles;
};

static const struct workload_option thp_options[] = {
	{ .name = "size-mib",
	  .help = "MiB each worker maps, faults in huge pages and unmaps per cycle",
	  .type = WOPT_UINT,
	  .default_value = "128",
	  .min = 2,
	  .max = 65536 },
	{ .name = NULL },
};

static int thp_setup(struct workload_ctx *ctx)
{
	const char *path = "/sys/kernel/mm/transparent_hugepage/enabled";
	char mode[128] = "";
	FILE *f = fopen(path, "re");

	if (f) {
		if (!fgets(mode, sizeof(mode), f))
			mode[0] = '\0';
		fclose(f);
	}
	if (!f || strstr(mode, "[never]")) {
		fprintf(stderr,
			"thp: transparent huge pages are off (%s: %s; accepted: [always] or [madvise])\n",
			path, f ? strtok(mode, "\n") : strerror(errno));
		return -EOPNOTSUPP;
	}
	thp_always = strstr(mode, "[always]");
	region_size = (workload_opt_uint(ctx, "size-mib") << 20) &
		      ~(HUGE_SIZE - 1);
	return 0;
}

static int thp_worker_init(struct workload_worker *worker)
{
	worker->priv = calloc(1, sizeof(struct thp_worker));
	return worker->priv ? 0 : -ENOMEM;
}

/* AnonHugePages of the mapping holding addr, from /proc/self/smaps */
static long anon_huge_bytes(const void *addr)
{
	FILE *f = fopen("/proc/self/smaps", "re");
	uintptr_t start, end, at = (uintptr_t)addr;
	bool inside = false;
	long kib = -1;
	char line[256];

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &start, &end) == 2)
			inside = start <= at && at < end;
		else if (inside &&
			 sscanf(line, "AnonHugePages: %ld kB", &kib) == 1)
			break;
	}
	fclose(f);
	return kib < 0 ? -1 : kib * 1024;
}

static int map_region(struct thp_worker *thp)
{
	size_t size = region_size + HUGE_SIZE;
	uintptr_t aligned;

	thp->mapping = mmap(NULL, size, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (thp->mapping == MAP_FAILED)
		return -errno;
	aligned = ((uintptr_t)thp->mapping + HUGE_SIZE - 1) & ~(HUGE_SIZE - 1);
	/* Only the aligned region stays, so every fault can be a huge one */
	if ((aligned > (uintptr_t)thp->mapping &&
	     munmap(thp->mapping, aligned - (uintptr_t)thp->mapping)) ||
	    munmap((char *)aligned + region_size,
		   (uintptr_t)thp->mapping + size - aligned - region_size))
		return -errno;
	thp->region = (char *)aligned;
	/*
	 * A kernel without ADVISE_SYSCALLS (tinyconfig) has no madvise();
	 * with THP "always" the pages are huge all the same, and the smaps
	 * check below says whether they were.
	 */
	if (madvise(thp->region, region_size, MADV_HUGEPAGE) &&
	    (errno != ENOSYS || !thp_always))
		return -errno;
	thp->touched = 0;
	thp->unmapped = 0;
	return 0;
}

static int thp_run_op(struct workload_worker *worker)
{
	struct thp_worker *thp = worker->priv;
	size_t end;
	uint64_t t;
	long huge;
	int ret;

	if (!thp->region && (ret = map_region(thp)))
		return ret;
	if (thp->touched < region_size) {
		t = workload_sample_start(worker);
		thp->region[thp->touched] = 1;
		workload_sample_end(worker, t);
		thp->touched += HUGE_SIZE;
		return 1;
	}
	if (!thp->unmapped && thp->cycles++ % CHECK_EVERY_CYCLES == 0) {
		huge = anon_huge_bytes(thp->region);
		if (huge < 0)
			return workload_fail(
				worker, EIO,
				"cannot read AnonHugePages from /proc/self/smaps");
		worker->counters[BYTES_CHECKED] += region_size;
		worker->counters[HUGE_BYTES_FOUND] += huge;
	}
	end = thp->unmapped + UNMAP_CHUNK;
	if (end > region_size)
		end = region_size;
	if (munmap(thp->region + thp->unmapped, end - thp->unmapped))
		return -errno;
	thp->unmapped = end;
	if (end == region_size)
		thp->region = NULL;
	return 0;
}

/* A THP run that got no huge pages measured pagefault under another name. */
static int thp_finish(struct workload_worker *worker)
{
	if (worker->counters[BYTES_CHECKED] &&
	    !worker->counters[HUGE_BYTES_FOUND])
		return workload_fail(
			worker, EOPNOTSUPP,
			"worker %u got no huge pages in %llu checked bytes (AnonHugePages 0)",
			worker->id,
			(unsigned long long)worker->counters[BYTES_CHECKED]);
	return 0;
}

static void thp_worker_exit(struct workload_worker *worker)
{
	struct thp_worker *thp = worker->priv;

	if (thp->region)
		munmap(thp->region + thp->unmapped,
		       region_size - thp->unmapped);
	free(thp);
}

const struct workload thp_workload = {
	.name = "thp",
	.description =
		"Each worker maps anonymous memory advised MADV_HUGEPAGE, faults it in one\n"
		"2 MiB page at a time and unmaps it: order-9 allocations straight from\n"
		"the buddy lists under zone->lock. One op is one huge page faulted. The\n"
		"counters say how much of the memory was really mapped huge.",
	.options = thp_options,
	.latency_of =
		"one huge page's first write: the fault, allocation and zeroing",
	.default_sample_period = 1,
	.counter_names = thp_counters,
	.setup = thp_setup,
	.worker_init = thp_worker_init,
	.run_op = thp_run_op,
	.finish = thp_finish,
	.worker_exit = thp_worker_exit,
};
