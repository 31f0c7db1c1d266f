/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_HINT_METRICS_H
#define LOCKHOLD_HINT_METRICS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "coverage_timed.h"
#include "samples.h"
#include "trace_reader.h"
#include "zone_locks.h"

#define HINT_MAX_ZONES 8
#define HINT_MAX_ZONE_LOCKS 16
#define HINT_MAX_HOLDERS 16

/*
 * At most this many of a run's hinting holds are listed, one row each, in
 * hint_work.holds for the comparison to pool; beyond it, evenly spaced in
 * trace order, and the JSON says how many were left out.
 */
#define HINT_WORK_HOLDS_CAP 20000

/* The holder class of the hinting path's holds, next to the kernel's. */
#define HINT_HOLDER "hinting"

/* What named an address as a zone->lock: the kernel, in three places. */
enum zone_lock_evidence {
	ZL_BOOT, /* its boot record, zone-locks.txt */
	ZL_ZONE_LOCK_HOLD, /* the lock field of zone_lock:zone_lock_hold */
	ZL_HINT_LOCK_HOLD, /* the lock field of free_page_hint:hint_lock_hold */
	ZL_EVIDENCES
};

extern const char *const zone_lock_evidence_name[ZL_EVIDENCES];

struct zone_lock {
	uint64_t addr;
	int nid; /* as the first evidence (the boot record first) said */
	char zone[TRACE_ZONE_NAME_LEN];
	bool named[ZL_EVIDENCES];
	bool conflict_told[ZL_EVIDENCES];
};

struct lru_lock {
	uint64_t addr;
	int nid;
};

/* A task waiting for a lock: between its contention_begin and _end. */
struct pending_wait {
	int pid;
	uint64_t ts, lock_addr;
	unsigned int flags;
	bool hint_path;
};

struct lock_wait {
	uint64_t lock_addr, begin, end;
	unsigned int flags;
	bool hint_path; /* the waiter had a hinting round open */
};

/* One zone->lock hold of the hinting path. */
struct hint_hold {
	uint64_t seq; /* its event's place among the trace's hinting holds */
	uint64_t lock_addr, start, end; /* end: when its event fired */
	uint64_t wait_ns, hold_ns;
	unsigned int visited, skipped, blocks, put_back;
	uint64_t pages_scanned;
	bool pages_scanned_known; /* not for allocator-based hinting */
	bool by_allocation; /* an rmqueue_buddy hold of a round by allocation */
	bool irqs_disabled;
	int nid;
	char zone[TRACE_ZONE_NAME_LEN];
};

struct holder_zone {
	int nid;
	char zone[TRACE_ZONE_NAME_LEN];
	struct samples hold_ns;
	double wait_total_ns, wait_max_ns;
};

/* Every zone->lock hold of one kind: a zone_lock_hold holder, or hinting. */
struct holder_class {
	char name[TRACE_HOLDER_NAME_LEN];
	struct samples hold_ns;
	double wait_total_ns, wait_max_ns;
	struct holder_zone zones[HINT_MAX_ZONES];
	int nzones;
};

/* Free pfn ranges a round has hinted, merged, in pfn order. */
struct pfn_range {
	uint64_t start, end;
};

/*
 * Where a round takes its blocks from. A round with no hint_lock_hold event
 * of its task in its zone takes them from the allocator (virtio-balloon's
 * free page hinting: alloc_pages(order 10) per block), so its task's
 * rmqueue_buddy holds there are its zone->lock holds; a round with
 * hint_lock_hold events walks the free lists itself, and its task's
 * rmqueue_buddy holds are ordinary allocations. Known at the round's end,
 * or when the trace ends with the round open.
 */
enum round_kind {
	ROUND_UNDECIDED,
	ROUND_BY_ALLOCATION,
	ROUND_HINT_LOCK_HOLD,
};

/* A hinting round is one task's walk of one zone. */
struct open_round {
	int pid, nid;
	char zone[TRACE_ZONE_NAME_LEN];
	enum round_kind kind; /* decided: the trace ended with it open */
	uint64_t free_pages, free_pages_min_order, free_pages_pageblock;
	uint64_t hint_lock_holds; /* its task's, in its zone */
	uint64_t last_lock_hold_ts, last_rmqueue_buddy_ts;
	uint64_t holds, visited, blocks, overlapping;
	double hold_max_ns, hold_total_ns;
	struct pfn_range *covered;
	size_t ncovered, capcovered;
	/* its task's rmqueue_buddy holds in its zone, until it is decided */
	struct hint_hold *pending;
	size_t npending, cappending;
};

struct round_summary {
	int pid, nid;
	char zone[TRACE_ZONE_NAME_LEN];
	bool by_allocation;
	uint64_t holds, visited, blocks, overlapping;
	uint64_t pages; /* hinted (reported), as its hint_round_end says */
	/* as its hint_round_end counted them: the cursor's weakness */
	uint64_t restarts, duplicates, unique_pages;
	double hold_max_ns, hold_total_ns, duration_ns;
	uint64_t end_ts; /* trace clock of its hint_round_end */
};

enum boot_record_state {
	BOOT_RECORD_NOT_READ,
	BOOT_RECORD_USED,
	BOOT_RECORD_ABSENT,
	BOOT_RECORD_BAD,
};

/* What one trace says about the hinting path and zone->lock. */
struct hint_metrics {
	enum boot_record_state boot;
	char boot_error[1024];
	struct zone_lock zone_locks[HINT_MAX_ZONE_LOCKS];
	int nzone_locks;
	struct lru_lock lru_locks[HINT_MAX_ZONE_LOCKS];
	int nlru_locks;
	json_t *conflicts; /* strings: evidence that disagrees */
	uint64_t zone_locks_dropped; /* beyond HINT_MAX_ZONE_LOCKS */

	struct holder_class holders[HINT_MAX_HOLDERS];
	int nholders;

	struct hint_hold *holds; /* in seq order once hint_metrics_to_json */
	size_t nholds, capholds;
	uint64_t seq, holds_outside_rounds, holds_by_allocation;

	struct open_round *open;
	size_t nopen, capopen;
	struct round_summary *done;
	size_t ndone, capdone;
	uint64_t rounds_without_start;
	/* rounds decided, each once: at their end, a restart or trace end */
	uint64_t rounds_by_allocation, rounds_hint_lock_hold;
	uint64_t restarted_before_end; /* a start again, its end not traced */
	uint64_t blocks, pages, unique_pages, duplicates, restarts, skipped,
		free_pages, free_pages_min_order, free_pages_pageblock;
	uint64_t block_events, block_pages;
	struct coverage_timed timed;

	struct pending_wait *pending;
	size_t npending, cappending;
	struct lock_wait *waits; /* lock:contention_begin/end */
	size_t nwaits, capwaits;
	/* zone->lock holds that waited, as their hold events tell */
	struct lock_wait *zone_waits;
	size_t nzone_waits, capzone_waits;
	uint64_t unmatched_contention_ends;
};

void hint_metrics_init(struct hint_metrics *m);
void hint_metrics_free(struct hint_metrics *m);

/*
 * The kernel's boot record, before the trace is read. status is what
 * zone_locks_load() returned: 0 (b used), 1 (no file: b ignored) or -1
 * (error names why: b ignored).
 */
void hint_metrics_boot_record(struct hint_metrics *m,
			      const struct zone_lock_boot *b, int status,
			      const char *error);

/* A trace_sample_fn: ctx is the struct hint_metrics. */
int hint_metrics_add(const struct trace_sample *s, void *ctx);

/*
 * Everything, once the trace is read: zone locks and their evidence, waits
 * on them (hinting path, allocators, allocators while hinting held the
 * lock) and on other locks, every zone->lock hold by holder, the hinting
 * holds and the work under them with its fit, rounds. A round still open
 * is decided (enum round_kind) with what the trace had of it; events added
 * after this are taken as the trace going on, the decision standing.
 */
json_t *hint_metrics_to_json(struct hint_metrics *m);

#endif
