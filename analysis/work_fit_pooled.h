/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_WORK_FIT_POOLED_H
#define LOCKHOLD_WORK_FIT_POOLED_H

#include <jansson.h>
#include <stddef.h>

struct group;

/*
 * The hinting holds of several runs pooled (hint_work.holds of each
 * metrics.json), their work and one fit of hold time on work, by
 * hint_fit() as for one run, as JSON: {runs, runs_without_holds_list,
 * runs_capped, holds, holds_left_out, visited: {count, min, p50, max},
 * blocks, pages_scanned: the same (or pages_scanned_note), fit, hold_ns,
 * hold_ns_by_zone: {ZONE: ...}, runs_without_zone}. A variant with a few
 * holds per run (fullscan: one per zone and round) has a fit only so.
 * max is the largest of every hold, the capped ones included. hold_ns and
 * each zone's: samples_to_json() of the hold times listed (a capped run's
 * evenly spaced in trace order), with the p50's 95 % interval; a zone's
 * holds only from runs whose rows name it (runs_without_zone: the runs
 * with a row that does not, metrics.json older than the zone column).
 */
json_t *work_pooled(json_t *const *metrics, size_t n);

/* work_pooled() of the runs of g with a usable trace. */
json_t *work_pooled_group(const struct group *g);

#endif
