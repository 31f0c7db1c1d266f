/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The workloads bench can run: those with a source file in workloads/ and a
 * built binary in build/workloads/ (helpers built beside them do not count).
 */
#ifndef LOCKHOLD_WORKLOAD_CATALOG_H
#define LOCKHOLD_WORKLOAD_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

/* Comma-separated names into buf, in directory order. */
void workload_catalog_names(const char *root, char *buf, size_t len);
bool workload_catalog_known(const char *root, const char *name);
/*
 * Checks NAME=VALUE,... against the workload's own option table by running
 * its binary with --validate, so bench and the guest agree on what is
 * valid. Returns 0, or -1 with the workload's one-line complaint in err.
 */
int workload_catalog_check_args(const char *root, const char *name,
				const char *args, char *err, size_t errlen);

#endif
