/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_HOST_FACTOR_H
#define LOCKHOLD_HOST_FACTOR_H

#include <jansson.h>
#include <stdio.h>

#include "groups.h"

/*
 * The host as a factor of the comparison. When the runs come from several
 * hosts (a matrix fanned out, results merged), groups.c keeps each host's
 * runs of a variant apart; this says what each host ran and, for each
 * variant and context run on two hosts or more, how far the hosts' means
 * of each figure lie apart:
 *
 * {"hosts": [{host, runs, completed, failed, matrix_cells, host_cpus,
 *             host_mem_mib, host_kernel, qemu_version, accel}],
 *  "spread": [{variant, context, mem_mib, hosts: [...],
 *              figures: [{name, unit, by_host: [{host, n, mean, sd,
 *                         change_pct}], mean, min, max, spread_pct,
 *                         lowest, highest, welch_p, significance}]}]}
 *
 * mean is that of the hosts' means, spread_pct (max - min) / mean in %,
 * welch_p Welch's t-test of the host of the highest mean against the host
 * of the lowest (both with 2 runs or more), change_pct a host's change
 * against the baseline on that host. Hosts in order of first appearance.
 */
json_t *host_factor(const struct comparison *c);

/* report.md's "Hosts" (hf: host_factor's); nothing from one host */
void host_factor_report(FILE *f, const struct comparison *c, json_t *hf);

#endif
