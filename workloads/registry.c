// SPDX-License-Identifier: GPL-2.0
/*
 * Every workload, one line each. The references are weak so that a binary
 * may link any subset of the workloads: those left out read as NULL.
 */
#include <stddef.h>

#include "runner.h"

extern const struct workload pagefault_workload __attribute__((weak));
extern const struct workload thp_workload __attribute__((weak));
extern const struct workload forkexec_workload __attribute__((weak));
extern const struct workload churn_workload __attribute__((weak));
extern const struct workload integrity_workload __attribute__((weak));
extern const struct workload idle_workload __attribute__((weak));
extern const struct workload crossfree_workload __attribute__((weak));
extern const struct workload buddychurn_workload __attribute__((weak));
extern const struct workload release_workload __attribute__((weak));

const struct workload *const workload_registry[] = {
	&pagefault_workload, &thp_workload,	   &forkexec_workload,
	&churn_workload,     &integrity_workload,  &idle_workload,
	&crossfree_workload, &buddychurn_workload, &release_workload,
};

const size_t workload_registry_size =
	sizeof(workload_registry) / sizeof(workload_registry[0]);
