/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_RELEASE_PHASES_H
#define LOCKHOLD_RELEASE_PHASES_H

#include <jansson.h>

/*
 * The release workload's phases, from a run's metrics (workload.counters,
 * workload.timeline.start_monotonic_ns and, with a usable trace,
 * rounds.per_round.list): when each phase began, in seconds from the
 * timeline's start and from the workload-start marker (which bench, and
 * a host timeline, count from), how long each lasted, MemFree at each
 * start in bytes,
 * and the pages that the rounds ending between the start of the free and
 * the start of the refault reported. NULL for a run of another workload.
 */
json_t *release_phases(json_t *metrics);

#endif
