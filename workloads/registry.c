// SPDX-License-Identifier: GPL-2.0
/*
 * Every workload, one line each. The references are weak so that a binary
 * may link any subset of the workloads: those left out read as NULL.
 */
#include <stddef.h>

#include "harness.h"

extern const struct workload pagefault_workload __attribute__((weak));

const struct workload *const workload_registry[] = {
	&pagefault_workload,
};

const size_t workload_registry_size =
	sizeof(workload_registry) / sizeof(workload_registry[0]);
