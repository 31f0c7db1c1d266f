// SPDX-License-Identifier: GPL-2.0
/*
 * Memory churn: the workers fill a set fraction of the free memory with
 * non-zero data, free it all, and start again. Free memory stays dirty (what
 * makes hints worth sending: zero pages migrate cheaply anyway) and the free
 * lists keep moving under the hinting code.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/sysinfo.h>

#include "workload.h"

/* munmap() calls per run_op while freeing */
#define FREES_PER_OP 8

static const char *const churn_counters[] = { "cycles", "bytes_filled", NULL };
enum { CYCLES, BYTES_FILLED };

static size_t chunk_size, chunks_per_worker;

struct churn_worker {
	char **chunks;
	size_t filled, freed;
	unsigned long cycle;
};

static const struct workload_option churn_options[] = {
	{ .name = "percent",
	  .help = "% of the memory free at start that the workers fill together",
	  .type = WOPT_UINT,
	  .default_value = "50",
	  .min = 1,
	  .max = 95 },
	{ .name = "chunk-kib",
	  .help = "KiB mapped and filled per op",
	  .type = WOPT_UINT,
	  .default_value = "1024",
	  .min = 4,
	  .max = 1048576 },
	{ .name = NULL },
};

static int churn_setup(struct workload_ctx *ctx)
{
	unsigned long long free_bytes;
	struct sysinfo info;

	if (sysinfo(&info))
		return -errno;
	free_bytes = (unsigned long long)info.freeram * info.mem_unit;
	chunk_size = workload_opt_uint(ctx, "chunk-kib") << 10;
	chunks_per_worker = free_bytes * workload_opt_uint(ctx, "percent") /
			    100 / ctx->threads / chunk_size;
	if (!chunks_per_worker)
		return -ENOMEM;
	/* Order-0 pages, as in pagefault: the churn is on the free lists */
	if (prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0))
		return -errno;
	return 0;
}

static int churn_worker_init(struct workload_worker *worker)
{
	struct churn_worker *churn = calloc(1, sizeof(*churn));

	if (!churn)
		return -ENOMEM;
	churn->chunks = calloc(chunks_per_worker, sizeof(*churn->chunks));
	if (!churn->chunks) {
		free(churn);
		return -ENOMEM;
	}
	worker->priv = churn;
	return 0;
}

static int fill_chunk(struct workload_worker *worker,
		      struct churn_worker *churn)
{
	uint64_t t = workload_sample_start(worker);
	char *chunk = mmap(NULL, chunk_size, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (chunk == MAP_FAILED)
		return -errno;
	/* Never zero, and different each cycle */
	memset(chunk, 1 + churn->cycle % 255, chunk_size);
	workload_sample_end(worker, t);
	churn->chunks[churn->filled++] = chunk;
	worker->counters[BYTES_FILLED] += chunk_size;
	return 1;
}

static int churn_run_op(struct workload_worker *worker)
{
	struct churn_worker *churn = worker->priv;
	size_t i;

	if (churn->filled < chunks_per_worker)
		return fill_chunk(worker, churn);
	for (i = 0; i < FREES_PER_OP && churn->freed < churn->filled; i++) {
		if (munmap(churn->chunks[churn->freed], chunk_size))
			return -errno;
		churn->chunks[churn->freed++] = NULL;
	}
	if (churn->freed == churn->filled) {
		churn->filled = 0;
		churn->freed = 0;
		churn->cycle++;
		worker->counters[CYCLES]++;
	}
	return 0;
}

static void churn_worker_exit(struct workload_worker *worker)
{
	struct churn_worker *churn = worker->priv;
	size_t i;

	for (i = churn->freed; i < churn->filled; i++)
		munmap(churn->chunks[i], chunk_size);
	free(churn->chunks);
	free(churn);
}

const struct workload churn_workload = {
	.name = "churn",
	.description =
		"The workers fill --percent of the memory free at start with non-zero\n"
		"data, a chunk at a time, free it all and start again. One op is one\n"
		"chunk mapped and filled.",
	.options = churn_options,
	.latency_of = "mapping and filling one chunk",
	.default_sample_period = 1,
	.counter_names = churn_counters,
	.setup = churn_setup,
	.worker_init = churn_worker_init,
	.run_op = churn_run_op,
	.worker_exit = churn_worker_exit,
};
