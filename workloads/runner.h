/* SPDX-License-Identifier: GPL-2.0 */
/* The workload runner (runner.c, options.c), for main.c and the unit tests. */
#ifndef LOCKHOLD_WORKLOAD_RUNNER_H
#define LOCKHOLD_WORKLOAD_RUNNER_H

#include <stddef.h>
#include <stdio.h>

#include "workload.h"

/* In registry.c; entries for workloads not linked in are NULL. */
extern const struct workload *const workload_registry[];
extern const size_t workload_registry_size;

/*
 * options.c: parses argv[1..argc-1] into ctx. Returns 0 to run, 1 if
 * --help was asked for, 2 if --validate was, or -1 with a one-line message
 * (no newline) in err.
 */
int runner_parse_args(const struct workload *workload, int argc, char **argv,
		      struct workload_ctx *ctx, char *err, size_t errlen);
void runner_print_help(const struct workload *workload, FILE *out);
/* runner.c: runs a parsed ctx; returns the process exit status. */
int runner_run(struct workload_ctx *ctx);

#endif
