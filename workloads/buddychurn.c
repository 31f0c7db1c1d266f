// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's buddy churner (CONFIG_FREE_LIST_CHURN, common patch 0006)
 * run for the workload's duration: a kernel thread that, cycle after cycle,
 * takes a pool of blocks below pageblock_order from the heads of the free
 * lists and frees them in a random order, so that the lists a hinting round
 * walks change all along their length. No userspace load does that: its order-0 pages go through
 * the per-CPU lists. This is the load that exposes a cursor which falls
 * back to the head of its list when its block left it.
 *
 * One op is one block allocated or freed by the churner, as it counts them
 * (free_list_churn/ops); the workers only watch, so one of them is enough.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <time.h>
#include <unistd.h>

#include "workload.h"

#define CHURN_DIR "/sys/kernel/debug/free_list_churn"

static const char *const buddychurn_counters[] = { "pool_blocks", "order",
						   NULL };
enum { POOL_BLOCKS, ORDER };

static const struct workload_option buddychurn_options[] = {
	{ .name = "order",
	  .help = "order of the blocks churned (the kernel's default: pageblock_order - 1)",
	  .type = WOPT_UINT,
	  .default_value = "8",
	  .min = 0,
	  .max = 10 },
	{ .name = "pool-percent",
	  .help = "% of the memory free at start that the churner takes per cycle",
	  .type = WOPT_UINT,
	  .default_value = "50",
	  .min = 1,
	  .max = 90 },
	{ .name = NULL },
};

struct buddychurn {
	unsigned long pool_blocks;
	uint64_t ops_seen; /* the churner's count when last read */
	bool started;
};

static struct buddychurn state;

static int write_knob(const char *knob, unsigned long value)
{
	char path[128], text[32];
	int fd, len, err = 0;

	snprintf(path, sizeof(path), CHURN_DIR "/%s", knob);
	len = snprintf(text, sizeof(text), "%lu\n", value);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != len)
		err = -errno;
	close(fd);
	return err;
}

static int read_ops(uint64_t *ops)
{
	FILE *f = fopen(CHURN_DIR "/ops", "re");
	int ok;

	if (!f)
		return -errno;
	ok = fscanf(f, "%" SCNu64, ops) == 1;
	fclose(f);
	return ok ? 0 : -EIO;
}

static int buddychurn_setup(struct workload_ctx *ctx)
{
	unsigned long order = workload_opt_uint(ctx, "order");
	struct sysinfo info;
	int err;

	if (access(CHURN_DIR, F_OK)) {
		fprintf(stderr,
			"buddychurn: %s: %s (a kernel with CONFIG_FREE_LIST_CHURN, and debugfs mounted)\n",
			CHURN_DIR, strerror(errno));
		return -ENOENT;
	}
	if (sysinfo(&info))
		return -errno;
	state.pool_blocks =
		(unsigned long long)info.freeram * info.mem_unit *
		workload_opt_uint(ctx, "pool-percent") / 100 /
		((unsigned long long)sysconf(_SC_PAGESIZE) << order);
	if (!state.pool_blocks)
		return -ENOMEM;
	err = write_knob("order", order);
	if (!err)
		err = write_knob("pool", state.pool_blocks);
	if (!err)
		err = read_ops(&state.ops_seen);
	if (!err)
		err = write_knob("run", 1);
	if (err)
		return err;
	state.started = true;
	return 0;
}

static int buddychurn_run_op(struct workload_worker *worker)
{
	struct timespec nap = { .tv_sec = 0, .tv_nsec = 20 * 1000 * 1000 };
	uint64_t ops, done;
	int err;

	nanosleep(&nap, NULL);
	if (worker->id)
		return 0;
	worker->counters[POOL_BLOCKS] = state.pool_blocks;
	worker->counters[ORDER] = workload_opt_uint(worker->ctx, "order");
	err = read_ops(&ops);
	if (err)
		return workload_fail(worker, err, "cannot read %s/ops",
				     CHURN_DIR);
	done = ops - state.ops_seen;
	state.ops_seen = ops;
	/* A bounded op count per call: the runner adds them up */
	return done > INT32_MAX ? INT32_MAX : (int)done;
}

static void buddychurn_cleanup(struct workload_ctx *ctx)
{
	(void)ctx;
	/* Stopping gives the pool back before the results are collected */
	if (state.started && write_knob("run", 0))
		fprintf(stderr, "buddychurn: cannot stop the churner: %s\n",
			strerror(errno));
	state.started = false;
}

const struct workload buddychurn_workload = {
	.name = "buddychurn",
	.description =
		"Runs the kernel's buddy churner (debugfs free_list_churn, test\n"
		"instrumentation of common patch 0006) for the whole run: cycles that\n"
		"take --pool-percent of free memory in blocks of --order and free them\n"
		"in a random order. One op is one block allocated or freed.",
	.options = buddychurn_options,
	.counter_names = buddychurn_counters,
	.setup = buddychurn_setup,
	.run_op = buddychurn_run_op,
	.cleanup = buddychurn_cleanup,
};
