/* SPDX-License-Identifier: GPL-2.0 */
/* The harness, for main.c and the unit tests. */
#ifndef LOCKHOLD_HARNESS_H
#define LOCKHOLD_HARNESS_H

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
int harness_parse_args(const struct workload *workload, int argc, char **argv,
		       struct workload_ctx *ctx, char *err, size_t errlen);
void harness_print_help(const struct workload *workload, FILE *out);
/* harness.c: runs a parsed ctx; returns the process exit status. */
int harness_run(struct workload_ctx *ctx);

#endif
