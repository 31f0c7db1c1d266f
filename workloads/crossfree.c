// SPDX-License-Identifier: GPL-2.0
/*
 * Cross-CPU free: in each pair of workers, pinned to two CPUs, one maps
 * and touches chunks of memory and the other unmaps them. The pages are
 * allocated from one CPU's per-CPU lists and freed to the other's, so the
 * first keeps refilling its lists from the buddy allocator (rmqueue_bulk)
 * while the second keeps draining its own back (free_pcppages_bulk): both
 * take zone->lock all the time, from two CPUs at once. The pattern of a
 * network stack that receives on one CPU and consumes on another, and the
 * workload where zone->lock is contended at 2 vCPUs.
 */
#include <errno.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "workload.h"

/* Chunks in flight per pair: bounds the memory a pair holds. */
#define RING_SLOTS 16

static const char *const crossfree_counters[] = { "chunks_mapped",
						  "chunks_unmapped",
						  "ring_full", NULL };
enum { MAPPED, UNMAPPED, RING_FULL };

/* A single-producer, single-consumer ring of chunks, one per pair */
struct crossfree_ring {
	alignas(64) atomic_size_t head; /* next slot the mapper fills */
	alignas(64) atomic_size_t tail; /* next slot the unmapper empties */
	char *slots[RING_SLOTS];
};

static size_t chunk_size, page_size;
static struct crossfree_ring *rings;

static const struct workload_option crossfree_options[] = {
	{ .name = "chunk-kib",
	  .help = "KiB mapped, touched and unmapped per op",
	  .type = WOPT_UINT,
	  .default_value = "1024",
	  .min = 4,
	  .max = 65536 },
	{ .name = NULL },
};

static int crossfree_setup(struct workload_ctx *ctx)
{
	page_size = (size_t)sysconf(_SC_PAGESIZE);
	chunk_size = workload_opt_uint(ctx, "chunk-kib") << 10;
	rings = calloc(ctx->threads / 2, sizeof(*rings));
	if (!rings)
		return -ENOMEM;
	/* Order-0 pages: the per-CPU lists hold those */
	if (prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0))
		return -errno;
	return 0;
}

/* Each worker on a CPU of its own, as far as there are CPUs */
static int crossfree_worker_init(struct workload_worker *worker)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t set;

	if (cpus < 1)
		return 0;
	CPU_ZERO(&set);
	CPU_SET(worker->id % cpus, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		return -errno;
	worker->priv = &rings[worker->id / 2];
	return 0;
}

static int map_chunk(struct workload_worker *worker,
		     struct crossfree_ring *ring)
{
	size_t head = atomic_load_explicit(&ring->head, memory_order_relaxed);
	size_t tail = atomic_load_explicit(&ring->tail, memory_order_acquire);
	uint64_t t;
	char *chunk;

	if (head - tail == RING_SLOTS) {
		worker->counters[RING_FULL]++;
		sched_yield();
		return 0;
	}
	t = workload_sample_start(worker);
	chunk = mmap(NULL, chunk_size, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (chunk == MAP_FAILED)
		return -errno;
	/* A write per page: each one faults in a page from this CPU */
	for (size_t off = 0; off < chunk_size; off += page_size)
		chunk[off] = 1;
	workload_sample_end(worker, t);
	ring->slots[head % RING_SLOTS] = chunk;
	atomic_store_explicit(&ring->head, head + 1, memory_order_release);
	worker->counters[MAPPED]++;
	return 1;
}

static int unmap_chunk(struct workload_worker *worker,
		       struct crossfree_ring *ring)
{
	size_t tail = atomic_load_explicit(&ring->tail, memory_order_relaxed);
	size_t head = atomic_load_explicit(&ring->head, memory_order_acquire);

	if (head == tail) {
		sched_yield();
		return 0;
	}
	if (munmap(ring->slots[tail % RING_SLOTS], chunk_size))
		return -errno;
	atomic_store_explicit(&ring->tail, tail + 1, memory_order_release);
	worker->counters[UNMAPPED]++;
	return 1;
}

static int crossfree_run_op(struct workload_worker *worker)
{
	struct crossfree_ring *ring = worker->priv;

	return worker->id % 2 ? unmap_chunk(worker, ring) :
				map_chunk(worker, ring);
}

static void crossfree_cleanup(struct workload_ctx *ctx)
{
	for (unsigned long p = 0; p < ctx->threads / 2; p++) {
		struct crossfree_ring *ring = &rings[p];

		for (size_t i = ring->tail; i != ring->head; i++)
			munmap(ring->slots[i % RING_SLOTS], chunk_size);
	}
	free(rings);
	rings = NULL;
}

const struct workload crossfree_workload = {
	.name = "crossfree",
	.description =
		"Workers in pairs, each pinned to a CPU: one maps and touches a chunk,\n"
		"the other unmaps it, so pages are allocated on one CPU and freed on\n"
		"another and both keep taking zone->lock. One op is a chunk mapped\n"
		"(even workers) or unmapped (odd ones).",
	.options = crossfree_options,
	.latency_of = "mapping and touching one chunk",
	.default_sample_period = 1,
	.counter_names = crossfree_counters,
	.workers_in_pairs = true,
	.setup = crossfree_setup,
	.worker_init = crossfree_worker_init,
	.run_op = crossfree_run_op,
	.cleanup = crossfree_cleanup,
};
