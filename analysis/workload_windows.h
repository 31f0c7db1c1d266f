/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_WORKLOAD_WINDOWS_H
#define LOCKHOLD_WORKLOAD_WINDOWS_H

#include <jansson.h>
#include <stdbool.h>

/*
 * From a run's metrics (workload.timeline, migration.migrate_at_s and the
 * trace's rounds.per_round.list): ops/s before the migration, in its first
 * second and inside the hinting rounds. NULL for a workload.json without
 * a timeline.
 */
json_t *workload_windows(json_t *metrics);

/*
 * When the migration began, in the guest's CLOCK_MONOTONIC (the trace's
 * clock): from the timeline's start, the warm-up and migrate_at_s. False
 * without a timeline or a migration.
 */
bool migration_start_guest_ns(json_t *metrics, double *ns);

#endif
