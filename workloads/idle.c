// SPDX-License-Identifier: GPL-2.0
/*
 * Nothing at all: the baseline against which every other workload's
 * migration cost, and every variant's hinting, is measured.
 */
#include <time.h>

#include "workload.h"

static int idle_run_op(struct workload_worker *worker)
{
	/* Short, so that the end of the run is noticed at once */
	struct timespec nap = { .tv_sec = 0, .tv_nsec = 20 * 1000 * 1000 };

	(void)worker;
	nanosleep(&nap, NULL);
	return 0;
}

const struct workload idle_workload = {
	.name = "idle",
	.description =
		"Does nothing: the baseline for migration cost. Counts no ops.",
	.run_op = idle_run_op,
};
