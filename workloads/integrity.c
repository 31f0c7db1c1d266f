// SPDX-License-Identifier: GPL-2.0
/*
 * A live data set that must survive migration byte for byte. Every 4 KiB
 * block holds a header (owner, index, generation, checksum) and a payload
 * that is a pure function of them, so any block can be checked on its own.
 * While the run lasts, the workers sweep their blocks, checking each one and
 * rewriting those in the hot part with the next generation: the hot part is
 * dirtied during migration, the cold part is written once before it. After
 * the run (and after --wait-for, the harness's sign that migration is over)
 * every byte is checked again. Any difference fails the run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "workload.h"

#define BLOCK_SIZE 4096
#define PAYLOAD_WORDS ((BLOCK_SIZE - sizeof(struct block_header)) / 8)

static const char *const integrity_counters[] = { "bytes_verified",
						  "mismatched_bytes",
						  "mismatched_blocks",
						  "blocks_rewritten", NULL };
enum { BYTES_VERIFIED, MISMATCHED_BYTES, MISMATCHED_BLOCKS, BLOCKS_REWRITTEN };

struct block_header {
	uint64_t tag; /* worker << 32 | block index */
	uint64_t generation;
	uint64_t checksum; /* of the payload */
};

static size_t blocks_per_worker, hot_blocks, batch_blocks;

struct integrity_worker {
	unsigned char *data;
	uint64_t *generations; /* expected generation of each block */
	unsigned char *expected; /* one block, rebuilt for each check */
	size_t next; /* the block the sweep checks next */
	bool reported; /* the first mismatch has been described */
};

static const struct workload_option integrity_options[] = {
	{ .name = "size-mib",
	  .help = "MiB of live data, shared out among the workers",
	  .type = WOPT_UINT,
	  .default_value = "64",
	  .min = 1,
	  .max = 65536 },
	{ .name = "hot-percent",
	  .help = "% of each worker's blocks rewritten while running; the rest is written once",
	  .type = WOPT_UINT,
	  .default_value = "25",
	  .min = 0,
	  .max = 100 },
	{ .name = "batch-blocks",
	  .help = "blocks checked (and, if hot, rewritten) per op",
	  .type = WOPT_UINT,
	  .default_value = "16",
	  .min = 1,
	  .max = 4096 },
	{ .name = NULL },
};

/* splitmix64: a full-period mixer, so nearby tags give unrelated payloads */
static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static void build_block(unsigned char *block, uint64_t tag, uint64_t generation)
{
	struct block_header header = { .tag = tag, .generation = generation };
	uint64_t state = mix(tag ^ mix(generation)), word, sum = 0;
	size_t i;

	for (i = 0; i < PAYLOAD_WORDS; i++) {
		state = mix(state);
		word = state;
		sum = (sum ^ word) * 0x100000001b3ULL;
		memcpy(block + sizeof(header) + i * 8, &word, 8);
	}
	header.checksum = sum;
	memcpy(block, &header, sizeof(header));
}

static uint64_t block_tag(const struct workload_worker *worker, size_t index)
{
	return (uint64_t)worker->id << 32 | index;
}

static int integrity_setup(struct workload_ctx *ctx)
{
	size_t blocks = (workload_opt_uint(ctx, "size-mib") << 20) / BLOCK_SIZE;

	blocks_per_worker = blocks / ctx->threads;
	if (!blocks_per_worker) {
		fprintf(stderr,
			"integrity: --size-mib %lu gives %lu workers no block each (accepted: at least %lu KiB per worker)\n",
			workload_opt_uint(ctx, "size-mib"), ctx->threads,
			BLOCK_SIZE / 1024UL);
		return -EINVAL;
	}
	hot_blocks =
		blocks_per_worker * workload_opt_uint(ctx, "hot-percent") / 100;
	batch_blocks = workload_opt_uint(ctx, "batch-blocks");
	return 0;
}

static int integrity_worker_init(struct workload_worker *worker)
{
	struct integrity_worker *iw = calloc(1, sizeof(*iw));
	size_t i;

	if (!iw)
		return -ENOMEM;
	worker->priv = iw;
	iw->generations = calloc(blocks_per_worker, sizeof(*iw->generations));
	iw->expected = malloc(BLOCK_SIZE);
	iw->data = mmap(NULL, blocks_per_worker * BLOCK_SIZE,
			PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
			0);
	if (iw->data == MAP_FAILED) {
		iw->data = NULL;
		return -errno;
	}
	if (!iw->generations || !iw->expected)
		return -ENOMEM;
	for (i = 0; i < blocks_per_worker; i++)
		build_block(iw->data + i * BLOCK_SIZE, block_tag(worker, i), 0);
	/* Where to look, for a developer (or a test) who wants to corrupt it */
	printf("LOCKHOLD: integrity-live-set worker=%u pid=%d addr=%p bytes=%zu\n",
	       worker->id, (int)getpid(), (void *)iw->data,
	       blocks_per_worker * BLOCK_SIZE);
	fflush(stdout);
	return 0;
}

/* Returns the number of bytes of block index that differ from expected. */
static size_t check_block(struct workload_worker *worker, size_t index)
{
	struct integrity_worker *iw = worker->priv;
	const unsigned char *block = iw->data + index * BLOCK_SIZE;
	size_t i, differ = 0, first = 0;

	build_block(iw->expected, block_tag(worker, index),
		    iw->generations[index]);
	worker->counters[BYTES_VERIFIED] += BLOCK_SIZE;
	if (!memcmp(block, iw->expected, BLOCK_SIZE))
		return 0;
	for (i = BLOCK_SIZE; i-- > 0;) {
		if (block[i] != iw->expected[i]) {
			differ++;
			first = i;
		}
	}
	worker->counters[MISMATCHED_BYTES] += differ;
	worker->counters[MISMATCHED_BLOCKS]++;
	if (!iw->reported) {
		iw->reported = true;
		fprintf(stderr,
			"integrity: worker %u block %zu (address %p) generation %llu: %zu byte(s) differ, first at offset %zu: expected %#04x, found %#04x\n",
			worker->id, index, (void *)block,
			(unsigned long long)iw->generations[index], differ,
			first, iw->expected[first], block[first]);
	}
	return differ;
}

static int mismatch_error(struct workload_worker *worker)
{
	return workload_fail(
		worker, EIO,
		"DATA CORRUPTED: %llu byte(s) differ in %llu block(s) of worker %u's live set (%llu bytes verified)",
		(unsigned long long)worker->counters[MISMATCHED_BYTES],
		(unsigned long long)worker->counters[MISMATCHED_BLOCKS],
		worker->id,
		(unsigned long long)worker->counters[BYTES_VERIFIED]);
}

static int integrity_run_op(struct workload_worker *worker)
{
	struct integrity_worker *iw = worker->priv;
	uint64_t t = workload_sample_start(worker);
	size_t i, index;
	bool corrupt = false;

	for (i = 0; i < batch_blocks; i++) {
		index = iw->next;
		iw->next = (iw->next + 1) % blocks_per_worker;
		if (check_block(worker, index))
			corrupt = true;
		else if (index < hot_blocks) {
			iw->generations[index]++;
			build_block(iw->data + index * BLOCK_SIZE,
				    block_tag(worker, index),
				    iw->generations[index]);
			worker->counters[BLOCKS_REWRITTEN]++;
		}
	}
	workload_sample_end(worker, t);
	return corrupt ? mismatch_error(worker) : (int)batch_blocks;
}

static int integrity_finish(struct workload_worker *worker)
{
	size_t i;

	/* Counted afresh, so the figures say what the final check found */
	if (!worker->counters[MISMATCHED_BYTES]) {
		for (i = 0; i < blocks_per_worker; i++)
			check_block(worker, i);
	}
	return worker->counters[MISMATCHED_BYTES] ? mismatch_error(worker) : 0;
}

static void integrity_worker_exit(struct workload_worker *worker)
{
	struct integrity_worker *iw = worker->priv;

	if (iw->data)
		munmap(iw->data, blocks_per_worker * BLOCK_SIZE);
	free(iw->generations);
	free(iw->expected);
	free(iw);
}

const struct workload integrity_workload = {
	.name = "integrity",
	.description =
		"A checksummed live data set: written before the run, swept while it\n"
		"runs (every block checked, the hot part rewritten), and checked byte\n"
		"for byte once --wait-for appears. Any difference fails the run.\n"
		"One op is one block checked.",
	.options = integrity_options,
	.latency_of = "checking (and rewriting, if hot) one batch of blocks",
	.default_sample_period = 8,
	.counter_names = integrity_counters,
	.setup = integrity_setup,
	.worker_init = integrity_worker_init,
	.run_op = integrity_run_op,
	.finish = integrity_finish,
	.worker_exit = integrity_worker_exit,
};
