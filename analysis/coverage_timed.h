/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_COVERAGE_TIMED_H
#define LOCKHOLD_COVERAGE_TIMED_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "trace_reader.h"

/*
 * Coverage by a point in time, for paths whose rounds do not line up with
 * the migration: page reporting reports continually, so what matters is
 * how much of the free memory had been reported by the time the migration
 * read it. Kept from the hint_block and hint_round_start events.
 */
struct timed_block {
	uint64_t ts, pfn, pages;
};

struct timed_zone_start {
	uint64_t ts, free_pages_pageblock;
	int nid;
	char zone[TRACE_ZONE_NAME_LEN];
};

struct coverage_timed {
	struct timed_block *blocks;
	size_t nblocks, capblocks;
	struct timed_zone_start *starts;
	size_t nstarts, capstarts;
};

void coverage_timed_free(struct coverage_timed *c);
/* Keeps a hint_block or hint_round_start (other events are ignored). */
int coverage_timed_add(struct coverage_timed *c, const struct trace_sample *s);

/*
 * The pages hinted by ts (hint_block at or before it, each page once)
 * over the free pages in blocks of pageblock order or more of each zone
 * at its last hint_round_start at or before ts. NULL when no round had
 * started by then.
 */
json_t *coverage_timed_at(const struct coverage_timed *c, uint64_t ts);

/*
 * coverage_timed_at() when the migration of a run's metrics began and when
 * its pre-copy ended; NULL without a migration or a workload timeline.
 */
json_t *coverage_timed_migration(json_t *metrics,
				 const struct coverage_timed *c);

#endif
