/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_HINT_METRICS_H
#define LOCKHOLD_HINT_METRICS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "samples.h"
#include "trace_reader.h"

#define HINT_MAX_ZONES 8
#define HINT_MAX_ZONE_LOCKS 16

struct zone_holds {
	char name[TRACE_ZONE_NAME_LEN];
	struct samples hold_ns;
	double irqs_off_max_ns; /* longest hold with irqs disabled */
};

/* A task waiting for a lock: between its contention_begin and _end. */
struct pending_wait {
	int pid;
	uint64_t ts, lock_addr;
	unsigned int flags;
	bool hint_path;
};

struct lock_wait {
	uint64_t lock_addr, wait_ns;
	unsigned int flags;
	bool hint_path;
};

struct hinted_block {
	uint64_t pfn, pages;
};

struct open_round {
	int pid;
	uint64_t free_pages, free_pages_min_order;
	struct hinted_block *blocks; /* its hint_block events */
	size_t nblocks, capblocks;
};

/* A lock found to be a zone->lock, and how that was found. */
struct zone_lock {
	uint64_t addr;
	char zone[TRACE_ZONE_NAME_LEN]; /* "" when the evidence names none */
	const char *evidence;
};

/* What one trace says about the hinting path and zone->lock. */
struct hint_metrics {
	struct zone_holds zones[HINT_MAX_ZONES];
	int nzones;
	struct samples all_holds;

	struct open_round *open;
	size_t nopen, capopen;
	uint64_t rounds, rounds_unfinished, blocks, pages, unique_pages,
		duplicates, restarts, skipped, free_pages, free_pages_min_order;
	struct samples round_ns;
	uint64_t block_events, block_pages;
	/* blocks overlapping one hinted before in the same round, found from
	 * the pfns of hint_block: the rounds' own count is 0 where untracked */
	uint64_t overlapping_blocks;

	struct pending_wait *pending;
	size_t npending, cappending;
	struct lock_wait *waits;
	size_t nwaits, capwaits;
	uint64_t unmatched_contention_ends;

	/* per task: the lock its last contention_end was on, until its next
	 * event says what it does holding it */
	struct pending_wait *after_wait;
	size_t nafter, capafter;

	struct zone_lock zone_locks[HINT_MAX_ZONE_LOCKS];
	int nzone_locks;
};

void hint_metrics_init(struct hint_metrics *m);
void hint_metrics_free(struct hint_metrics *m);

/* A trace_sample_fn: ctx is the struct hint_metrics. */
int hint_metrics_add(const struct trace_sample *s, void *ctx);

/*
 * Decide which contended locks are zone locks (see hint_metrics.c), then
 * describe everything: hint-path lock holds per zone, zone lock waits on
 * the hinting path and in allocators, rounds and coverage.
 */
json_t *hint_metrics_to_json(struct hint_metrics *m);

#endif
