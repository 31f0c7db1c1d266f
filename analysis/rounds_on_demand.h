/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_ROUNDS_ON_DEMAND_H
#define LOCKHOLD_ROUNDS_ON_DEMAND_H

#include <jansson.h>
#include <stddef.h>

/*
 * The guest's record of its rounds on demand (bench --rounds), rounds.txt:
 * "trigger=PATH|none", then "round=I start_uptime=S end_uptime=S
 * status=ok|failed: why" lines. As JSON: {trigger, sink, rounds_run,
 * rounds_failed, first_failure, wall_ms: {min, max, sum}}, where sink says
 * where the blocks went. NULL when the run has no rounds.txt, or NULL with
 * err set when it is malformed.
 */
json_t *rounds_on_demand_load(const char *dir, char *err, size_t errlen);

#endif
