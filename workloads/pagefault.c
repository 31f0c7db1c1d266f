// SPDX-License-Identifier: GPL-2.0
/*
 * Page fault scalability, after will-it-scale's page_fault1: each worker maps
 * anonymous memory, writes to every page and unmaps it again, so that every
 * page costs a fault, a page allocation and, at unmap, a page free.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "workload.h"

/*
 * Work per run_op, bounded so that the harness sees the end of the run within
 * a few ms even under QEMU TCG, where 256 faults take about 1 ms and an 8 MiB
 * munmap() about 1.5 ms. page_fault1 unmaps the whole region at once, which
 * there takes 15-25 ms for 128 MiB; 8 MiB pieces still free 2048 pages each.
 */
#define TOUCH_CHUNK_PAGES 256
#define UNMAP_CHUNK_BYTES (8UL << 20)

static size_t page_size, region_pages;

struct pagefault_worker {
	char *region; /* NULL between two map/touch/unmap cycles */
	size_t touched, unmapped; /* pages, from the start of the region */
};

static const struct workload_option pagefault_options[] = {
	{ .name = "size-mib",
	  .help = "MiB each worker maps, touches and unmaps per cycle",
	  .type = WOPT_UINT,
	  .default_value = "128",
	  .min = 1,
	  .max = 65536 },
	{ .name = "thp",
	  .help = "0: no transparent huge pages, so every page faults; 1: as the system says",
	  .type = WOPT_UINT,
	  .default_value = "0",
	  .min = 0,
	  .max = 1 },
	{ .name = NULL },
};

static int pagefault_setup(struct workload_ctx *ctx)
{
	unsigned long size_mib = workload_opt_uint(ctx, "size-mib");
	long size = sysconf(_SC_PAGESIZE);

	if (size <= 0)
		return -EINVAL;
	if (size_mib > SIZE_MAX >> 20)
		return -EOVERFLOW;
	page_size = size;
	region_pages = (size_mib << 20) / page_size;
	/* A huge page maps 2 MiB with one fault; an op is meant to be a fault. */
	if (!workload_opt_uint(ctx, "thp") &&
	    prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0))
		return -errno;
	return 0;
}

static int pagefault_worker_init(struct workload_worker *worker)
{
	worker->priv = calloc(1, sizeof(struct pagefault_worker));
	return worker->priv ? 0 : -ENOMEM;
}

static int pagefault_run_op(struct workload_worker *worker)
{
	struct pagefault_worker *pf = worker->priv;
	size_t page, end;
	int done;

	if (!pf->region) {
		void *region = mmap(NULL, region_pages * page_size,
				    PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (region == MAP_FAILED)
			return -errno;
		pf->region = region;
		pf->touched = 0;
		pf->unmapped = 0;
	}
	if (pf->touched < region_pages) {
		end = pf->touched + TOUCH_CHUNK_PAGES;
		if (end > region_pages)
			end = region_pages;
		/* Non-zero, so that no kernel can map the shared zero page */
		for (page = pf->touched; page < end; page++) {
			uint64_t t = workload_sample_start(worker);

			pf->region[page * page_size] = 1;
			workload_sample_end(worker, t);
		}
		done = end - pf->touched;
		pf->touched = end;
		return done;
	}
	end = pf->unmapped + UNMAP_CHUNK_BYTES / page_size;
	if (end > region_pages)
		end = region_pages;
	if (munmap(pf->region + pf->unmapped * page_size,
		   (end - pf->unmapped) * page_size))
		return -errno;
	pf->unmapped = end;
	if (end == region_pages)
		pf->region = NULL;
	return 0;
}

static void pagefault_worker_exit(struct workload_worker *worker)
{
	struct pagefault_worker *pf = worker->priv;

	if (pf->region)
		munmap(pf->region + pf->unmapped * page_size,
		       (region_pages - pf->unmapped) * page_size);
	free(pf);
}

const struct workload pagefault_workload = {
	.name = "pagefault",
	.description =
		"Each worker maps anonymous memory, writes to every page and unmaps it\n"
		"again (like will-it-scale page_fault1). One op is one page touched.",
	.options = pagefault_options,
	.latency_of = "one page's first write: the fault and its allocation",
	/* A fault takes ~4 us under TCG, two clock reads ~0.3 us */
	.default_sample_period = 64,
	.setup = pagefault_setup,
	.worker_init = pagefault_worker_init,
	.run_op = pagefault_run_op,
	.worker_exit = pagefault_worker_exit,
};
