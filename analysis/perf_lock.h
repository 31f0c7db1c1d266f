/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_PERF_LOCK_H
#define LOCKHOLD_PERF_LOCK_H

#include <jansson.h>
#include <stddef.h>

/* Disagreement between the two instruments worth saying, as a fraction. */
#define PERF_LOCK_TOLERANCE 0.10

/*
 * The second instrument: dir/perf-lock.txt, the guest's `perf lock
 * contention -l -x ,` (by lock address, times in ns), summed over the zone
 * locks that metrics (hint_metrics_to_json) knows, zone_locks.locks: named
 * by the kernel's boot record or its events, next to
 * trace.dat's own figures for them. NULL when the run has no
 * perf-lock.txt; on a file that cannot be parsed, an object with "error".
 */
json_t *perf_lock_compare(const char *dir, json_t *metrics);

#endif
