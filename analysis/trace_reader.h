/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_TRACE_READER_H
#define LOCKHOLD_TRACE_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The events of a run's trace.dat that the analysis reads: the
 * free_page_hint trace system every guest kernel carries, the zone->lock
 * holds of zone_lock:zone_lock_hold, the lock contention tracepoints, and
 * the opt-in kmem event fired under zone->lock.
 */
enum trace_kind {
	TRACE_ROUND_START,
	TRACE_ROUND_END,
	TRACE_LOCK_HOLD,
	TRACE_BLOCK,
	TRACE_CONTENTION_BEGIN,
	TRACE_CONTENTION_END,
	TRACE_ZONE_LOCKED,
	TRACE_ZONE_LOCK_HOLD,
	TRACE_KINDS
};

/* lock:contention_begin flags, from include/trace/events/lock.h: a plain
 * spinlock_t waits with exactly this flag, rwlocks add READ or WRITE */
#define TRACE_LCB_F_SPIN (1U << 0)

#define TRACE_ZONE_NAME_LEN 16
#define TRACE_HOLDER_NAME_LEN 32

/* One record, its fields already read as numbers. */
struct trace_sample {
	enum trace_kind kind;
	uint64_t ts; /* ns, trace clock */
	int cpu;
	int pid;
	char zone[TRACE_ZONE_NAME_LEN]; /* round and lock hold events */
	int nid;
	union {
		struct {
			uint64_t free_pages, free_pages_min_order;
			/* from pageblock_order up, whatever min_order is */
			uint64_t free_pages_pageblock;
			unsigned int min_order;
		} round_start;
		struct {
			uint64_t pages, unique_pages, blocks, duplicates,
				restarts, skipped, duration_ns;
		} round_end;
		struct {
			uint64_t lock_addr;
			unsigned int order, blocks;
			int migratetype;
			uint64_t wait_ns, hold_ns;
			/* the work under the hold: no host timing in these */
			unsigned int visited, skipped, put_back;
			uint64_t pages_scanned;
			bool irqs_disabled;
		} lock_hold;
		struct {
			uint64_t lock_addr, ip, wait_ns, hold_ns;
			int holder;
			/* the kernel's name for holder, from the event's
			 * print format; valid while trace_read() runs */
			const char *holder_name;
		} zone_lock_hold;
		struct {
			uint64_t pfn;
			unsigned int order;
		} block;
		struct {
			uint64_t lock_addr;
			unsigned int flags;
		} contention_begin;
		struct {
			uint64_t lock_addr;
			int ret;
		} contention_end;
	};
};

struct trace_read_stats {
	uint64_t records; /* every record in the file, of any event */
	uint64_t samples[TRACE_KINDS];
	bool present[TRACE_KINDS]; /* the event is in the file's formats */
	uint64_t missed_events; /* events the ring buffer dropped */
	uint64_t missed_unknown; /* drops reported without a count */
	uint64_t first_ts, last_ts;
};

typedef int (*trace_sample_fn)(const struct trace_sample *s, void *ctx);

/*
 * Read path record by record in time order, resolving every event and field
 * once, and call fn for each record of a kind above. Returns 0, or -1 with a
 * one-line error naming path in err. fn returning non-zero stops the read.
 */
int trace_read(const char *path, trace_sample_fn fn, void *ctx,
	       struct trace_read_stats *stats, char *err, size_t errlen);

const char *trace_kind_name(enum trace_kind kind);

#endif
