/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_SWEEP_H
#define LOCKHOLD_SWEEP_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"

#define SWEEP_POINTS_MAX 4096

/* One point of the sweep: what one run of a repetition runs. */
struct sweep_point {
	unsigned int variant; /* index into bench_options.variants */
	unsigned int mem_mib;
	/* the swept boot parameters, "m.p=v m.q=w", or "" */
	char params[256];
};

/*
 * The points of one repetition, in the order they run: guest sizes
 * outermost, then variants, then the values of the --params (the first
 * slowest), so that each size's variants and values interleave.
 * applies[v][p]: the kernel of variant v has parameter p; a variant runs
 * once for the values of a parameter it lacks, without it. Returns the
 * number of points, or 0 with err set when there would be more than max.
 */
size_t sweep_plan(const struct bench_options *o,
		  const bool applies[VARIANTS_MAX][PARAMS_MAX],
		  struct sweep_point *points, size_t max, char *err,
		  size_t errlen);

/*
 * Does the kernel whose System.map is at path have boot parameter
 * "module.name"? A built-in module's parameter is the symbol
 * __param_<name>. A missing System.map says yes: bench --check runs before
 * the kernels are built.
 */
bool sweep_kernel_has_param(const char *system_map, const char *param);

#endif
