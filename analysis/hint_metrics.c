// SPDX-License-Identifier: GPL-2.0
/*
 * From the free_page_hint, zone_lock and lock contention events to the
 * figures of one run.
 *
 * Which contended lock is a zone->lock? lock:contention_begin gives only an
 * address, and a guess by address range once took the LRU lock, which
 * lives next to the zones in the static contig_page_data, for a zone lock.
 * So only the kernel names zone locks: its boot record (zone-locks.txt)
 * and the lock field of its zone_lock_hold and hint_lock_hold events. An
 * address none of them names is not a zone lock.
 *
 * Which zone->lock holds waited? Those whose zone_lock_hold or
 * hint_lock_hold event has a wait_ns other than 0: the kernel tries the
 * lock first and reports 0 when it was free. lock:contention_begin misses
 * most of them: queued spinlocks fire it only for a waiter that queues,
 * and at 2 CPUs the one waiter spins on the pending bit instead.
 *
 * Which zone->lock holds are the hinting path's? Those of hint_lock_hold,
 * and, in a round that takes its blocks from the allocator, its task's
 * rmqueue_buddy holds: a round is one by allocation when it has no
 * hint_lock_hold event of its task in its zone (enum round_kind). That is
 * known only at its end, so until then they wait in the round.
 */
#include "hint_metrics.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hint_fit.h"

const char *const zone_lock_evidence_name[ZL_EVIDENCES] = {
	[ZL_BOOT] = "kernel boot record (zone-locks.txt)",
	[ZL_ZONE_LOCK_HOLD] = "zone_lock_hold event",
	[ZL_HINT_LOCK_HOLD] = "hint_lock_hold event",
};

static void *grow(void *p, size_t *cap, size_t n, size_t elem)
{
	if (n < *cap)
		return p;
	size_t ncap = *cap ? 2 * *cap : 16;
	void *np = realloc(p, ncap * elem);

	if (!np)
		abort(); /* an analysis that runs out of memory has no answer */
	*cap = ncap;
	return np;
}

void hint_metrics_init(struct hint_metrics *m)
{
	memset(m, 0, sizeof(*m));
	m->conflicts = json_array();
}

void hint_metrics_free(struct hint_metrics *m)
{
	for (int i = 0; i < m->nholders; i++) {
		samples_free(&m->holders[i].hold_ns);
		for (int z = 0; z < m->holders[i].nzones; z++)
			samples_free(&m->holders[i].zones[z].hold_ns);
	}
	for (size_t i = 0; i < m->nopen; i++) {
		free(m->open[i].covered);
		free(m->open[i].pending);
	}
	free(m->open);
	free(m->done);
	free(m->holds);
	free(m->pending);
	free(m->waits);
	free(m->zone_waits);
	coverage_timed_free(&m->timed);
	json_decref(m->conflicts);
	memset(m, 0, sizeof(*m));
}

static void conflict(struct hint_metrics *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void conflict(struct hint_metrics *m, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	json_array_append_new(m->conflicts, json_string(buf));
}

static const struct lru_lock *lru_lock_of(const struct hint_metrics *m,
					  uint64_t addr)
{
	for (int i = 0; i < m->nlru_locks; i++)
		if (m->lru_locks[i].addr == addr)
			return &m->lru_locks[i];
	return NULL;
}

static struct zone_lock *zone_lock_of(struct hint_metrics *m, uint64_t addr)
{
	for (int i = 0; i < m->nzone_locks; i++)
		if (m->zone_locks[i].addr == addr)
			return &m->zone_locks[i];
	return NULL;
}

/* The kernel named addr the lock of zone (nid, zone), on evidence e. */
static void zone_lock_named(struct hint_metrics *m, uint64_t addr, int nid,
			    const char *zone, enum zone_lock_evidence e)
{
	struct zone_lock *zl = zone_lock_of(m, addr);
	const struct lru_lock *lru;

	if (zl && zl->named[e] && (zl->nid == nid && !strcmp(zl->zone, zone)))
		return; /* the common case: once per event */
	if (!zl) {
		if (m->nzone_locks == HINT_MAX_ZONE_LOCKS) {
			m->zone_locks_dropped++;
			return;
		}
		zl = &m->zone_locks[m->nzone_locks++];
		memset(zl, 0, sizeof(*zl));
		zl->addr = addr;
		zl->nid = nid;
		snprintf(zl->zone, sizeof(zl->zone), "%s", zone);
		if (e != ZL_BOOT && m->boot == BOOT_RECORD_USED)
			conflict(
				m,
				"0x%llx: a %s names it the lock of nid %d zone %s, the boot record does not name it",
				(unsigned long long)addr,
				zone_lock_evidence_name[e], nid, zone);
		lru = lru_lock_of(m, addr);
		if (lru)
			conflict(
				m,
				"0x%llx: a %s names it the lock of nid %d zone %s, the boot record the LRU lock of node %d",
				(unsigned long long)addr,
				zone_lock_evidence_name[e], nid, zone,
				lru->nid);
	} else if ((zl->nid != nid || strcmp(zl->zone, zone)) &&
		   !zl->conflict_told[e]) {
		zl->conflict_told[e] = true;
		conflict(
			m,
			"0x%llx: the %s says nid %d zone %s, the %s said nid %d zone %s",
			(unsigned long long)addr, zone_lock_evidence_name[e],
			nid, zone,
			zone_lock_evidence_name[zl->named[ZL_BOOT] ?
							ZL_BOOT :
						zl->named[ZL_ZONE_LOCK_HOLD] ?
							ZL_ZONE_LOCK_HOLD :
							ZL_HINT_LOCK_HOLD],
			zl->nid, zl->zone);
	}
	zl->named[e] = true;
}

void hint_metrics_boot_record(struct hint_metrics *m,
			      const struct zone_lock_boot *b, int status,
			      const char *error)
{
	if (status < 0) {
		m->boot = BOOT_RECORD_BAD;
		snprintf(m->boot_error, sizeof(m->boot_error), "%s",
			 error ? error : "unreadable");
		return;
	}
	if (status > 0) {
		m->boot = BOOT_RECORD_ABSENT;
		return;
	}
	m->boot = BOOT_RECORD_USED;
	for (int i = 0; i < b->n; i++) {
		const struct zone_lock_record *r = &b->rec[i];

		if (!r->lru) {
			zone_lock_named(m, r->addr, r->nid, r->zone, ZL_BOOT);
		} else if (m->nlru_locks < HINT_MAX_ZONE_LOCKS) {
			m->lru_locks[m->nlru_locks++] =
				(struct lru_lock){ r->addr, r->nid };
		}
	}
}

static struct holder_class *holder_of(struct hint_metrics *m, const char *name)
{
	for (int i = 0; i < m->nholders; i++)
		if (!strcmp(m->holders[i].name, name))
			return &m->holders[i];
	if (m->nholders == HINT_MAX_HOLDERS)
		return NULL;
	struct holder_class *h = &m->holders[m->nholders++];

	memset(h, 0, sizeof(*h));
	snprintf(h->name, sizeof(h->name), "%s", name);
	return h;
}

static void holder_add(struct hint_metrics *m, const char *name, int nid,
		       const char *zone, uint64_t wait_ns, uint64_t hold_ns)
{
	struct holder_class *h = holder_of(m, name);
	struct holder_zone *z = NULL;

	if (!h)
		return;
	samples_add(&h->hold_ns, (double)hold_ns);
	h->wait_total_ns += (double)wait_ns;
	if (wait_ns > h->wait_max_ns)
		h->wait_max_ns = (double)wait_ns;
	for (int i = 0; i < h->nzones && !z; i++)
		if (h->zones[i].nid == nid && !strcmp(h->zones[i].zone, zone))
			z = &h->zones[i];
	if (!z && h->nzones < HINT_MAX_ZONES) {
		z = &h->zones[h->nzones++];
		memset(z, 0, sizeof(*z));
		z->nid = nid;
		snprintf(z->zone, sizeof(z->zone), "%s", zone);
	}
	if (!z)
		return;
	samples_add(&z->hold_ns, (double)hold_ns);
	z->wait_total_ns += (double)wait_ns;
	if (wait_ns > z->wait_max_ns)
		z->wait_max_ns = (double)wait_ns;
}

static bool has_round(const struct hint_metrics *m, int pid)
{
	for (size_t i = 0; i < m->nopen; i++)
		if (m->open[i].pid == pid)
			return true;
	return false;
}

static struct open_round *round_of(struct hint_metrics *m, int pid, int nid,
				   const char *zone)
{
	for (size_t i = 0; i < m->nopen; i++)
		if (m->open[i].pid == pid && m->open[i].nid == nid &&
		    !strcmp(m->open[i].zone, zone))
			return &m->open[i];
	return NULL;
}

static void contention_begin(struct hint_metrics *m,
			     const struct trace_sample *s)
{
	m->pending = grow(m->pending, &m->cappending, m->npending,
			  sizeof(*m->pending));
	m->pending[m->npending++] = (struct pending_wait){
		.pid = s->pid,
		.ts = s->ts,
		.lock_addr = s->contention_begin.lock_addr,
		.flags = s->contention_begin.flags,
		.hint_path = has_round(m, s->pid),
	};
}

static void contention_end(struct hint_metrics *m, const struct trace_sample *s)
{
	for (size_t i = 0; i < m->npending; i++) {
		struct pending_wait w = m->pending[i];

		if (w.pid != s->pid ||
		    w.lock_addr != s->contention_end.lock_addr)
			continue;
		m->pending[i] = m->pending[--m->npending];
		m->waits = grow(m->waits, &m->capwaits, m->nwaits,
				sizeof(*m->waits));
		m->waits[m->nwaits++] = (struct lock_wait){
			.lock_addr = w.lock_addr,
			.begin = w.ts,
			.end = s->ts,
			.flags = w.flags,
			.hint_path = w.hint_path,
		};
		return;
	}
	/* its begin was before the trace started */
	m->unmatched_contention_ends++;
}

static void round_decide(struct hint_metrics *m, struct open_round *r);

static void round_start(struct hint_metrics *m, const struct trace_sample *s)
{
	struct open_round *r = round_of(m, s->pid, s->nid, s->zone);

	if (r) {
		/* its end is not in the trace: decided with what it had */
		round_decide(m, r);
		m->restarted_before_end++;
	} else {
		m->open =
			grow(m->open, &m->capopen, m->nopen, sizeof(*m->open));
		r = &m->open[m->nopen++];
		r->covered = NULL;
		r->pending = NULL;
	}
	free(r->covered); /* a restarted round's blocks are not this one's */
	free(r->pending);
	*r = (struct open_round){
		.pid = s->pid,
		.nid = s->nid,
		.free_pages = s->round_start.free_pages,
		.free_pages_min_order = s->round_start.free_pages_min_order,
		.free_pages_pageblock = s->round_start.free_pages_pageblock,
	};
	snprintf(r->zone, sizeof(r->zone), "%s", s->zone);
}

/*
 * Whether [start, end) overlaps what the round hinted before it, which it
 * then includes. Kept as merged ranges: overlap is with blocks hinted
 * earlier, in the order they were hinted.
 */
static bool cover(struct open_round *r, uint64_t start, uint64_t end)
{
	size_t lo = 0, hi = r->ncovered, first, last;
	bool overlaps;

	/* the first range ending after start */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (r->covered[mid].end <= start)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	overlaps = first < r->ncovered && r->covered[first].start < end;
	/* merge with every range it overlaps or touches */
	if (first > 0 && r->covered[first - 1].end == start)
		first--;
	last = first;
	while (last < r->ncovered && r->covered[last].start <= end)
		last++;
	if (last > first) {
		if (r->covered[first].start < start)
			start = r->covered[first].start;
		if (r->covered[last - 1].end > end)
			end = r->covered[last - 1].end;
		r->covered[first] = (struct pfn_range){ start, end };
		memmove(&r->covered[first + 1], &r->covered[last],
			(r->ncovered - last) * sizeof(*r->covered));
		r->ncovered -= last - first - 1;
		return overlaps;
	}
	r->covered = grow(r->covered, &r->capcovered, r->ncovered,
			  sizeof(*r->covered));
	memmove(&r->covered[first + 1], &r->covered[first],
		(r->ncovered - first) * sizeof(*r->covered));
	r->covered[first] = (struct pfn_range){ start, end };
	r->ncovered++;
	return overlaps;
}

/*
 * When a round's task last held its zone's lock for it: its last
 * hint_lock_hold, or, in a round that has none (yet), its last
 * rmqueue_buddy hold, which a round by allocation hints.
 */
static uint64_t last_hold_ts(const struct open_round *r)
{
	return r->hint_lock_holds ? r->last_lock_hold_ts :
				    r->last_rmqueue_buddy_ts;
}

/*
 * hint_block has no zone: a task with rounds open in two zones at once
 * (hinting by allocation) hints the block it took last, in the zone of its
 * last hinting hold.
 */
static struct open_round *block_round(struct hint_metrics *m, int pid)
{
	struct open_round *best = NULL;

	for (size_t i = 0; i < m->nopen; i++) {
		struct open_round *r = &m->open[i];

		if (r->pid == pid &&
		    (!best || last_hold_ts(r) > last_hold_ts(best)))
			best = r;
	}
	return best;
}

static void block(struct hint_metrics *m, const struct trace_sample *s)
{
	struct open_round *r = block_round(m, s->pid);
	uint64_t pages = 1ULL << s->block.order;

	m->block_events++;
	m->block_pages += pages;
	if (!r)
		return;
	r->blocks++;
	r->overlapping += cover(r, s->block.pfn, s->block.pfn + pages);
}

static void round_end(struct hint_metrics *m, const struct trace_sample *s)
{
	struct open_round *r = round_of(m, s->pid, s->nid, s->zone);

	/* A round whose start is not in the trace has no coverage. */
	if (!r) {
		m->rounds_without_start++;
		return;
	}
	round_decide(m, r);
	m->free_pages += r->free_pages;
	m->free_pages_min_order += r->free_pages_min_order;
	m->free_pages_pageblock += r->free_pages_pageblock;
	m->pages += s->round_end.pages;
	m->unique_pages += s->round_end.unique_pages;
	m->blocks += s->round_end.blocks;
	m->duplicates += s->round_end.duplicates;
	m->restarts += s->round_end.restarts;
	m->skipped += s->round_end.skipped;
	m->done = grow(m->done, &m->capdone, m->ndone, sizeof(*m->done));
	m->done[m->ndone] = (struct round_summary){
		.pid = r->pid,
		.nid = r->nid,
		.by_allocation = r->kind == ROUND_BY_ALLOCATION,
		.holds = r->holds,
		.visited = r->visited,
		.blocks = r->blocks,
		.overlapping = r->overlapping,
		.pages = s->round_end.pages,
		.restarts = s->round_end.restarts,
		.duplicates = s->round_end.duplicates,
		.unique_pages = s->round_end.unique_pages,
		.hold_max_ns = r->hold_max_ns,
		.hold_total_ns = r->hold_total_ns,
		.duration_ns = (double)s->round_end.duration_ns,
		.end_ts = s->ts,
	};
	memcpy(m->done[m->ndone].zone, r->zone, sizeof(r->zone));
	m->ndone++;
	free(r->covered);
	free(r->pending);
	*r = m->open[--m->nopen];
}

/* A hold of the hinting path, of round r (NULL: of none). */
static void hint_hold(struct hint_metrics *m, struct open_round *r,
		      const struct hint_hold *h)
{
	m->holds = grow(m->holds, &m->capholds, m->nholds, sizeof(*m->holds));
	m->holds[m->nholds++] = *h;
	m->holds_by_allocation += h->by_allocation;
	holder_add(m, HINT_HOLDER, h->nid, h->zone, h->wait_ns, h->hold_ns);
	if (!r) {
		m->holds_outside_rounds++;
		return;
	}
	r->holds++;
	r->visited += h->visited;
	r->hold_total_ns += (double)h->hold_ns;
	if ((double)h->hold_ns > r->hold_max_ns)
		r->hold_max_ns = (double)h->hold_ns;
}

/* An rmqueue_buddy hold of r's task in its zone, r being decided. */
static void rmqueue_buddy_hold(struct hint_metrics *m, struct open_round *r,
			       const struct hint_hold *h)
{
	if (r->kind == ROUND_BY_ALLOCATION)
		hint_hold(m, r, h);
	else
		holder_add(m, "rmqueue_buddy", h->nid, h->zone, h->wait_ns,
			   h->hold_ns);
}

/*
 * Whether r hints by allocation, with what the trace has of it so far; its
 * rmqueue_buddy holds kept until now go where that says. Once per round.
 */
static void round_decide(struct hint_metrics *m, struct open_round *r)
{
	if (r->kind != ROUND_UNDECIDED)
		return;
	if (r->hint_lock_holds) {
		r->kind = ROUND_HINT_LOCK_HOLD;
		m->rounds_hint_lock_hold++;
	} else {
		r->kind = ROUND_BY_ALLOCATION;
		m->rounds_by_allocation++;
	}
	for (size_t i = 0; i < r->npending; i++)
		rmqueue_buddy_hold(m, r, &r->pending[i]);
	r->npending = 0;
}

/* When a hold of ns that ended at ts began; the trace clock starts at 0 */
static uint64_t since(uint64_t ts, uint64_t ns)
{
	return ts > ns ? ts - ns : 0;
}

/*
 * A zone->lock hold whose event says it waited: the kernel reports a wait
 * of 0 when the lock was free at the first try, so every other value is a
 * wait on a lock someone held. Its span ends where the hold began.
 */
static void zone_wait(struct hint_metrics *m, const struct trace_sample *s,
		      uint64_t lock, uint64_t wait_ns, uint64_t hold_ns,
		      bool hint_path)
{
	uint64_t acquired = since(s->ts, hold_ns);

	if (!wait_ns)
		return;
	m->zone_waits = grow(m->zone_waits, &m->capzone_waits, m->nzone_waits,
			     sizeof(*m->zone_waits));
	m->zone_waits[m->nzone_waits++] = (struct lock_wait){
		.lock_addr = lock,
		.begin = since(acquired, wait_ns),
		.end = acquired,
		.hint_path = hint_path,
	};
}

static void lock_hold(struct hint_metrics *m, const struct trace_sample *s)
{
	struct open_round *r = round_of(m, s->pid, s->nid, s->zone);
	struct hint_hold h = {
		.seq = m->seq++,
		.lock_addr = s->lock_hold.lock_addr,
		.start = since(s->ts, s->lock_hold.hold_ns),
		.end = s->ts,
		.wait_ns = s->lock_hold.wait_ns,
		.hold_ns = s->lock_hold.hold_ns,
		.visited = s->lock_hold.visited,
		.skipped = s->lock_hold.skipped,
		.blocks = s->lock_hold.blocks,
		.put_back = s->lock_hold.put_back,
		.pages_scanned = s->lock_hold.pages_scanned,
		.pages_scanned_known = true,
		.irqs_disabled = s->lock_hold.irqs_disabled,
		.nid = s->nid,
	};

	snprintf(h.zone, sizeof(h.zone), "%s", s->zone);
	zone_lock_named(m, h.lock_addr, s->nid, s->zone, ZL_HINT_LOCK_HOLD);
	zone_wait(m, s, h.lock_addr, h.wait_ns, h.hold_ns, true);
	if (r) {
		r->hint_lock_holds++;
		r->last_lock_hold_ts = s->ts;
	}
	hint_hold(m, r, &h);
}

static void zone_lock_hold(struct hint_metrics *m, const struct trace_sample *s)
{
	const char *holder = s->zone_lock_hold.holder_name;
	struct open_round *r;

	zone_lock_named(m, s->zone_lock_hold.lock_addr, s->nid, s->zone,
			ZL_ZONE_LOCK_HOLD);
	/* a waiter with a round open is the hinting path, by allocation */
	zone_wait(m, s, s->zone_lock_hold.lock_addr, s->zone_lock_hold.wait_ns,
		  s->zone_lock_hold.hold_ns, has_round(m, s->pid));
	/*
	 * The round's, if it hints by allocation: by construction one
	 * order-10 block per hold, found at the head of its free list; the
	 * struct pages it walks are not counted.
	 */
	if (holder && !strcmp(holder, "rmqueue_buddy") &&
	    (r = round_of(m, s->pid, s->nid, s->zone))) {
		struct hint_hold h = {
			.seq = m->seq++,
			.lock_addr = s->zone_lock_hold.lock_addr,
			.start = since(s->ts, s->zone_lock_hold.hold_ns),
			.end = s->ts,
			.wait_ns = s->zone_lock_hold.wait_ns,
			.hold_ns = s->zone_lock_hold.hold_ns,
			.visited = 1,
			.blocks = 1,
			.by_allocation = true,
			.irqs_disabled = true, /* zone->lock is irqsave */
			.nid = s->nid,
		};

		snprintf(h.zone, sizeof(h.zone), "%s", s->zone);
		r->last_rmqueue_buddy_ts = s->ts;
		if (r->kind != ROUND_UNDECIDED) {
			rmqueue_buddy_hold(m, r, &h);
			return;
		}
		r->pending = grow(r->pending, &r->cappending, r->npending,
				  sizeof(*r->pending));
		r->pending[r->npending++] = h;
		return;
	}
	holder_add(m, holder ? holder : "unnamed", s->nid, s->zone,
		   s->zone_lock_hold.wait_ns, s->zone_lock_hold.hold_ns);
}

int hint_metrics_add(const struct trace_sample *s, void *ctx)
{
	struct hint_metrics *m = ctx;

	switch (s->kind) {
	case TRACE_ROUND_START:
		round_start(m, s);
		return coverage_timed_add(&m->timed, s);
	case TRACE_ROUND_END:
		round_end(m, s);
		break;
	case TRACE_LOCK_HOLD:
		lock_hold(m, s);
		break;
	case TRACE_ZONE_LOCK_HOLD:
		zone_lock_hold(m, s);
		break;
	case TRACE_BLOCK:
		block(m, s);
		return coverage_timed_add(&m->timed, s);
	case TRACE_CONTENTION_BEGIN:
		contention_begin(m, s);
		break;
	case TRACE_CONTENTION_END:
		contention_end(m, s);
		break;
	case TRACE_ZONE_LOCKED:
	case TRACE_KINDS:
		break;
	}
	return 0;
}

static void hex(char *buf, size_t len, uint64_t addr)
{
	snprintf(buf, len, "0x%llx", (unsigned long long)addr);
}

/* "DMA32" on node 0, "node1:DMA32" elsewhere: the keys of per-zone parts */
static void zone_key(char *buf, size_t len, int nid, const char *zone)
{
	if (nid)
		snprintf(buf, len, "node%d:%s", nid, zone);
	else
		snprintf(buf, len, "%s", zone);
}

static json_t *zone_locks_json(struct hint_metrics *m)
{
	json_t *sources = json_array(), *locks = json_array(),
	       *lru = json_array(), *boot;
	bool used[ZL_EVIDENCES] = { false };
	char addr[32];

	for (int i = 0; i < m->nzone_locks; i++) {
		const struct zone_lock *zl = &m->zone_locks[i];
		json_t *ev = json_array();

		for (int e = 0; e < ZL_EVIDENCES; e++) {
			if (!zl->named[e])
				continue;
			used[e] = true;
			json_array_append_new(
				ev, json_string(zone_lock_evidence_name[e]));
		}
		hex(addr, sizeof(addr), zl->addr);
		json_array_append_new(locks,
				      json_pack("{s:s, s:i, s:s, s:o}", "addr",
						addr, "nid", zl->nid, "zone",
						zl->zone, "evidence", ev));
	}
	for (int i = 0; i < m->nlru_locks; i++) {
		hex(addr, sizeof(addr), m->lru_locks[i].addr);
		json_array_append_new(lru,
				      json_pack("{s:s, s:i}", "addr", addr,
						"nid", m->lru_locks[i].nid));
	}
	used[ZL_BOOT] |= m->boot == BOOT_RECORD_USED;
	for (int e = 0; e < ZL_EVIDENCES; e++)
		if (used[e])
			json_array_append_new(
				sources,
				json_string(zone_lock_evidence_name[e]));
	switch (m->boot) {
	case BOOT_RECORD_USED:
		boot = json_pack("{s:s, s:b}", "file", ZONE_LOCKS_FILE, "used",
				 1);
		break;
	case BOOT_RECORD_BAD:
		boot = json_pack("{s:s, s:b, s:s}", "file", ZONE_LOCKS_FILE,
				 "used", 0, "error", m->boot_error);
		break;
	case BOOT_RECORD_ABSENT:
		boot = json_pack(
			"{s:s, s:b, s:s}", "file", ZONE_LOCKS_FILE, "used", 0,
			"note",
			"no such file (a run from before the kernels recorded it): only events name zone locks");
		break;
	default:
		boot = json_pack("{s:s, s:b, s:s}", "file", ZONE_LOCKS_FILE,
				 "used", 0, "note", "not read");
		break;
	}
	json_t *j = json_pack("{s:o, s:o, s:o, s:o, s:O}", "sources", sources,
			      "boot_record", boot, "locks", locks, "lru_locks",
			      lru, "conflicts", m->conflicts);

	if (m->zone_locks_dropped)
		json_object_set_new(
			j, "not_kept",
			json_integer((json_int_t)m->zone_locks_dropped));
	return j;
}

/* A hinting hold's time span, for the waits that overlap it */
struct span {
	uint64_t lock_addr, start, end, end_max; /* end_max: of the prefix */
};

static int by_lock_start(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->lock_addr != y->lock_addr)
		return (x->lock_addr > y->lock_addr) -
		       (x->lock_addr < y->lock_addr);
	return (x->start > y->start) - (x->start < y->start);
}

static struct span *hold_spans(const struct hint_metrics *m)
{
	struct span *sp = calloc(m->nholds + 1, sizeof(*sp));

	if (!sp)
		abort();
	for (size_t i = 0; i < m->nholds; i++)
		sp[i] = (struct span){ m->holds[i].lock_addr, m->holds[i].start,
				       m->holds[i].end, 0 };
	qsort(sp, m->nholds, sizeof(*sp), by_lock_start);
	for (size_t i = 0; i < m->nholds; i++) {
		uint64_t prev = i && sp[i - 1].lock_addr == sp[i].lock_addr ?
					sp[i - 1].end_max :
					0;

		sp[i].end_max = sp[i].end > prev ? sp[i].end : prev;
	}
	return sp;
}

/* Whether a hinting hold of lock spans part of [begin, end]. */
static bool overlaps_hint_hold(const struct span *sp, size_t n, uint64_t lock,
			       uint64_t begin, uint64_t end)
{
	size_t lo = 0, hi = n;

	/* the last span of lock starting at or before end */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (sp[mid].lock_addr < lock ||
		    (sp[mid].lock_addr == lock && sp[mid].start <= end))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && sp[lo - 1].lock_addr == lock &&
	       sp[lo - 1].end_max >= begin;
}

struct wait_sum {
	uint64_t count;
	double total_ns, max_ns;
};

static void wait_sum_add(struct wait_sum *w, double ns)
{
	w->count++;
	w->total_ns += ns;
	if (ns > w->max_ns)
		w->max_ns = ns;
}

static json_t *wait_sum_json(const struct wait_sum *w)
{
	return json_pack("{s:I, s:f, s:f}", "count", (json_int_t)w->count,
			 "total_ns", w->total_ns, "max_ns", w->max_ns);
}

struct other_lock {
	uint64_t addr;
	unsigned int flags;
	struct wait_sum w;
};

static int by_total(const void *a, const void *b)
{
	const struct other_lock *x = a, *y = b;

	return (x->w.total_ns < y->w.total_ns) -
	       (x->w.total_ns > y->w.total_ns);
}

/* contention_begin's flags (include/trace/events/lock.h) say the kind */
static const char *lock_kind(unsigned int flags)
{
	if (flags == TRACE_LCB_F_SPIN)
		return "other spinlock";
	if (flags & (1U << 5))
		return "mutex";
	if ((flags & TRACE_LCB_F_SPIN) && (flags & (3U << 1)))
		return "rwlock";
	if (flags & (3U << 1))
		return "rwsem";
	return "other lock";
}

static json_t *other_locks_json(struct hint_metrics *m)
{
	struct other_lock *o = NULL;
	size_t n = 0, cap = 0;
	json_t *a = json_array();
	char addr[32], name[64];

	for (size_t i = 0; i < m->nwaits; i++) {
		const struct lock_wait *w = &m->waits[i];
		size_t k;

		if (zone_lock_of(m, w->lock_addr))
			continue;
		for (k = 0; k < n && o[k].addr != w->lock_addr; k++)
			;
		if (k == n) {
			o = grow(o, &cap, n, sizeof(*o));
			o[n++] = (struct other_lock){ .addr = w->lock_addr,
						      .flags = w->flags };
		}
		o[k].flags |= w->flags;
		wait_sum_add(&o[k].w, (double)(w->end - w->begin));
	}
	if (n)
		qsort(o, n, sizeof(*o), by_total);
	for (size_t k = 0; k < n; k++) {
		const struct lru_lock *lru = lru_lock_of(m, o[k].addr);

		if (lru)
			snprintf(name, sizeof(name), "LRU lock of node %d",
				 lru->nid);
		else
			snprintf(name, sizeof(name), "%s",
				 lock_kind(o[k].flags));
		hex(addr, sizeof(addr), o[k].addr);
		json_array_append_new(
			a,
			json_pack("{s:s, s:s, s:i, s:I, s:f, s:f}", "addr",
				  addr, "name", name, "flags", o[k].flags,
				  "count", (json_int_t)o[k].w.count, "total_ns",
				  o[k].w.total_ns, "max_ns", o[k].w.max_ns));
	}
	free(o);
	return a;
}

static json_t *contention_json(struct hint_metrics *m)
{
	struct samples hint = { 0 }, alloc = { 0 }, caused = { 0 };
	struct wait_sum by[HINT_MAX_ZONE_LOCKS][3];
	struct span *sp = hold_spans(m);
	json_t *j, *locks = json_array();
	char addr[32];

	struct wait_sum events = { 0 };

	memset(by, 0, sizeof(by));
	for (size_t i = 0; i < m->nwaits; i++)
		if (zone_lock_of(m, m->waits[i].lock_addr))
			wait_sum_add(&events, (double)(m->waits[i].end -
						       m->waits[i].begin));
	for (size_t i = 0; i < m->nzone_waits; i++) {
		const struct lock_wait *w = &m->zone_waits[i];
		const struct zone_lock *zl = zone_lock_of(m, w->lock_addr);
		double ns = (double)(w->end - w->begin);
		int k;

		if (!zl)
			continue;
		k = (int)(zl - m->zone_locks);
		if (w->hint_path) {
			samples_add(&hint, ns);
			wait_sum_add(&by[k][0], ns);
			continue;
		}
		samples_add(&alloc, ns);
		wait_sum_add(&by[k][1], ns);
		if (overlaps_hint_hold(sp, m->nholds, w->lock_addr, w->begin,
				       w->end)) {
			samples_add(&caused, ns);
			wait_sum_add(&by[k][2], ns);
		}
	}
	free(sp);
	for (int k = 0; k < m->nzone_locks; k++) {
		hex(addr, sizeof(addr), m->zone_locks[k].addr);
		json_array_append_new(
			locks,
			json_pack("{s:s, s:i, s:s, s:o, s:o, s:o}", "addr",
				  addr, "nid", m->zone_locks[k].nid, "zone",
				  m->zone_locks[k].zone, "hint_path",
				  wait_sum_json(&by[k][0]), "allocators",
				  wait_sum_json(&by[k][1]),
				  "allocators_caused_by_hinting",
				  wait_sum_json(&by[k][2])));
	}
	j = json_pack(
		"{s:s, s:o, s:o, s:o, s:s, s:o, s:I, s:s, s:o, s:o, s:I, s:I}",
		"waits_from",
		"zone_lock_hold and hint_lock_hold events with wait_ns > 0: the kernel tries the lock first and reports 0 when it was free",
		"hint_path", samples_to_json(&hint, 200), "allocators",
		samples_to_json(&alloc, 200), "allocators_caused_by_hinting",
		samples_to_json(&caused, 200), "caused_by_hinting_rule",
		"an allocator's wait on a zone lock whose [begin, end] overlaps a hinting hold of the same lock",
		"by_lock", locks, "lock_contention_events_on_zone_locks",
		(json_int_t)events.count, "lock_contention_events_note",
		"lock:contention_begin/end on the zone locks: queued spinlocks fire them only for a waiter that queues, never for the one spinning on the pending bit, so at 2 CPUs they miss nearly every wait",
		"lock_contention_on_zone_locks", wait_sum_json(&events),
		"other_locks", other_locks_json(m), "unfinished_waits",
		(json_int_t)m->npending, "ends_without_begin",
		(json_int_t)m->unmatched_contention_ends);
	samples_free(&hint);
	samples_free(&alloc);
	samples_free(&caused);
	return j;
}

static json_t *holder_json(struct holder_class *h)
{
	json_t *j = samples_to_json(&h->hold_ns, 0), *zones = json_object();
	char key[64];

	json_object_set_new(j, "wait_total_ns", json_real(h->wait_total_ns));
	json_object_set_new(j, "wait_max_ns", json_real(h->wait_max_ns));
	for (int i = 0; i < h->nzones; i++) {
		struct holder_zone *z = &h->zones[i];
		json_t *zj = samples_to_json(&z->hold_ns, 0);

		json_object_set_new(zj, "wait_total_ns",
				    json_real(z->wait_total_ns));
		json_object_set_new(zj, "wait_max_ns",
				    json_real(z->wait_max_ns));
		zone_key(key, sizeof(key), z->nid, z->zone);
		json_object_set_new(zones, key, zj);
	}
	json_object_set_new(j, "zones", zones);
	return j;
}

static json_t *holders_json(struct hint_metrics *m)
{
	json_t *j = json_object();

	for (int i = 0; i < m->nholders; i++)
		json_object_set_new(j, m->holders[i].name,
				    holder_json(&m->holders[i]));
	return j;
}

static const char *hold_source(const struct hint_metrics *m)
{
	if (!m->holds_by_allocation)
		return "hint_lock_hold events";
	if (m->holds_by_allocation < m->nholds)
		return "hint_lock_hold events, and the zone_lock_hold events with holder rmqueue_buddy of rounds by allocation (rounds.hinting_by_allocation_rule)";
	return "zone_lock_hold events with holder rmqueue_buddy of rounds by allocation (rounds.hinting_by_allocation_rule)";
}

static const char *work_source(const struct hint_metrics *m)
{
	if (!m->holds_by_allocation)
		return "hint_lock_hold events";
	if (m->holds_by_allocation < m->nholds)
		return "hint_lock_hold events; for the holds of rounds by allocation, by construction: one free list entry visited and one block taken per order-10 allocation, pages_scanned not measured";
	return "by construction: one free list entry visited and one block taken per order-10 allocation; pages_scanned not measured";
}

static json_t *holds_json(struct hint_metrics *m)
{
	struct samples all = { 0 }, irqs_off = { 0 }, wait = { 0 };
	struct {
		int nid;
		char zone[TRACE_ZONE_NAME_LEN];
		struct samples hold;
		double irqs_off_max;
	} zones[HINT_MAX_ZONES];
	int nzones = 0;
	json_t *zj = json_object(), *j;
	char key[64];

	for (size_t i = 0; i < m->nholds; i++) {
		const struct hint_hold *h = &m->holds[i];
		double ns = (double)h->hold_ns,
		       off = (double)(h->wait_ns + h->hold_ns);
		int z;

		samples_add(&all, ns);
		samples_add(&wait, (double)h->wait_ns);
		if (h->irqs_disabled)
			samples_add(&irqs_off, off);
		for (z = 0; z < nzones; z++)
			if (zones[z].nid == h->nid &&
			    !strcmp(zones[z].zone, h->zone))
				break;
		if (z == nzones) {
			if (nzones == HINT_MAX_ZONES)
				continue;
			memset(&zones[z], 0, sizeof(zones[z]));
			zones[z].nid = h->nid;
			memcpy(zones[z].zone, h->zone, sizeof(h->zone));
			nzones++;
		}
		samples_add(&zones[z].hold, ns);
		if (h->irqs_disabled && off > zones[z].irqs_off_max)
			zones[z].irqs_off_max = off;
	}
	for (int z = 0; z < nzones; z++) {
		json_t *one = samples_to_json(&zones[z].hold, 0);

		json_object_set_new(one, "irqs_off_max_ns",
				    json_real(zones[z].irqs_off_max));
		zone_key(key, sizeof(key), zones[z].nid, zones[z].zone);
		json_object_set_new(zj, key, one);
		samples_free(&zones[z].hold);
	}
	j = json_pack("{s:s, s:o, s:o, s:o, s:s, s:o, s:I}", "source",
		      hold_source(m), "all", samples_to_json(&all, 500), "wait",
		      samples_to_json(&wait, 0), "irqs_off",
		      samples_to_json(&irqs_off, 0), "irqs_off_is",
		      "wait_ns + hold_ns of the holds taken with irqs disabled",
		      "zones", zj, "outside_rounds",
		      (json_int_t)m->holds_outside_rounds);
	samples_free(&all);
	samples_free(&irqs_off);
	samples_free(&wait);
	return j;
}

/* The index of zone (nid, zone) in names, appended when it is new */
static size_t zone_index(json_t *names, int nid, const char *zone)
{
	char key[64];
	size_t i;
	json_t *v;

	zone_key(key, sizeof(key), nid, zone);
	json_array_foreach(names, i, v)
	{
		if (!strcmp(json_string_value(v), key))
			return i;
	}
	json_array_append_new(names, json_string(key));
	return json_array_size(names) - 1;
}

/*
 * The holds one row each, for the comparison to pool over the runs of a
 * variant: a run of fullscan has a few holds, too few to fit alone. The
 * zone is a number like the other columns, an index into zone_names, so
 * the pool can split the holds by zone (fullscan's DMA32 and Normal holds
 * are two modes, their median together falls between them).
 */
static json_t *hold_rows_json(const struct hint_metrics *m)
{
	size_t kept = m->nholds < HINT_WORK_HOLDS_CAP ? m->nholds :
							HINT_WORK_HOLDS_CAP;
	json_t *rows = json_array(), *zone_names = json_array(), *j;

	for (size_t k = 0; k < kept; k++) {
		/* evenly spaced in trace order when capped */
		const struct hint_hold *h =
			&m->holds[kept < m->nholds ? (size_t)((double)k *
							      (double)m->nholds /
							      (double)kept) :
						     k];

		json_array_append_new(
			rows,
			json_pack(
				"[I, I, o, I, I, I, I]", (json_int_t)h->hold_ns,
				(json_int_t)h->visited,
				h->pages_scanned_known ?
					json_integer(
						(json_int_t)h->pages_scanned) :
					json_null(),
				(json_int_t)h->blocks, (json_int_t)h->skipped,
				(json_int_t)h->put_back,
				(json_int_t)zone_index(zone_names, h->nid,
						       h->zone)));
	}
	j = json_pack(
		"{s:[s,s,s,s,s,s,s], s:o, s:o, s:s, s:I, s:I, s:b, s:I}",
		"columns", "hold_ns", "visited", "pages_scanned", "blocks",
		"skipped", "put_back", "zone", "rows", rows, "zone_names",
		zone_names, "zone_is",
		"an index into zone_names, the keys of hint_lock_hold.zones",
		"count", (json_int_t)m->nholds, "rows_kept", (json_int_t)kept,
		"capped", kept < m->nholds, "left_out",
		(json_int_t)(m->nholds - kept));
	if (kept < m->nholds) {
		char note[160];

		snprintf(
			note, sizeof(note),
			"capped at %d rows: %zu of %zu holds, evenly spaced in trace order",
			HINT_WORK_HOLDS_CAP, kept, m->nholds);
		json_object_set_new(j, "capped_note", json_string(note));
	}
	json_object_set_new(
		j, "pages_scanned_null",
		json_string(
			"not measured for the hold (rounds by allocation)"));
	return j;
}

static json_t *work_json(struct hint_metrics *m)
{
	static const char *const names[] = { "visited", "skipped", "blocks",
					     "put_back", "pages_scanned" };
	struct samples col[5] = { { 0 } };
	struct hint_fit_point *pts = calloc(m->nholds + 1, sizeof(*pts));
	bool known[HINT_FIT_COLS] = { true, true };
	json_t *j = json_object();

	if (!pts)
		abort();
	for (size_t i = 0; i < m->nholds; i++) {
		const struct hint_hold *h = &m->holds[i];

		samples_add(&col[0], h->visited);
		samples_add(&col[1], h->skipped);
		samples_add(&col[2], h->blocks);
		samples_add(&col[3], h->put_back);
		if (h->pages_scanned_known)
			samples_add(&col[4], (double)h->pages_scanned);
		else
			known[HINT_FIT_PAGES_SCANNED] = false;
		pts[i] = (struct hint_fit_point){
			(double)h->hold_ns,
			{ h->visited, (double)h->pages_scanned },
		};
	}
	json_object_set_new(j, "source", json_string(work_source(m)));
	for (int c = 0; c < 5; c++) {
		if (c == 4 && !known[HINT_FIT_PAGES_SCANNED] && m->nholds)
			json_object_set_new(
				j, "pages_scanned_note",
				json_string("not measured on this path"));
		else
			json_object_set_new(j, names[c],
					    samples_to_json_unit(&col[c], 0,
								 ""));
		samples_free(&col[c]);
	}
	json_object_set_new(j, "fit", hint_fit(pts, m->nholds, known));
	json_object_set_new(j, "holds", hold_rows_json(m));
	free(pts);
	return j;
}

/*
 * Lock round trips per block hinted once: 1 for a walk that never lost its
 * place, more for a cursor sent back to the head of its list (the blocks
 * it is handed again are the duplicates); NAN for a round with no block.
 */
static double holds_per_unique_block(const struct round_summary *r)
{
	uint64_t unique =
		r->blocks -
		(r->duplicates < r->blocks ? r->duplicates : r->blocks);

	return unique ? (double)r->holds / (double)unique : NAN;
}

static json_t *per_round_json(struct hint_metrics *m)
{
	struct samples holds = { 0 }, hmax = { 0 }, htot = { 0 },
		       visited = { 0 }, dur = { 0 }, restarts = { 0 },
		       dups = { 0 }, per_unique = { 0 };
	json_t *list = json_array(), *j;

	for (size_t i = 0; i < m->ndone; i++) {
		const struct round_summary *r = &m->done[i];
		double trips = holds_per_unique_block(r);
		json_t *row;

		samples_add(&holds, (double)r->holds);
		samples_add(&hmax, r->hold_max_ns);
		samples_add(&htot, r->hold_total_ns);
		samples_add(&visited, (double)r->visited);
		samples_add(&dur, r->duration_ns);
		samples_add(&restarts, (double)r->restarts);
		samples_add(&dups, (double)r->duplicates);
		if (!isnan(trips))
			samples_add(&per_unique, trips);
		row = json_pack(
			"{s:i, s:i, s:s, s:b, s:I, s:I, s:f, s:f, s:I, s:f, s:I, s:I, s:I, s:I, s:I, s:I}",
			"pid", r->pid, "nid", r->nid, "zone", r->zone,
			"by_allocation", r->by_allocation, "end_ts_ns",
			(json_int_t)r->end_ts, "holds", (json_int_t)r->holds,
			"hold_max_ns", r->hold_max_ns, "hold_total_ns",
			r->hold_total_ns, "visited", (json_int_t)r->visited,
			"duration_ns", r->duration_ns, "hint_blocks",
			(json_int_t)r->blocks, "pages", (json_int_t)r->pages,
			"overlapping_blocks", (json_int_t)r->overlapping,
			"restarts", (json_int_t)r->restarts, "duplicates",
			(json_int_t)r->duplicates, "unique_pages",
			(json_int_t)r->unique_pages);
		if (!isnan(trips))
			json_object_set_new(row, "holds_per_unique_block",
					    json_real(trips));
		json_array_append_new(list, row);
	}
	j = json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		      "count", (json_int_t)m->ndone, "key",
		      "task pid, nid, zone", "holds",
		      samples_to_json_unit(&holds, 0, ""), "hold_max_ns",
		      samples_to_json(&hmax, 0), "hold_total_ns",
		      samples_to_json(&htot, 0), "visited",
		      samples_to_json_unit(&visited, 0, ""), "duration_ns",
		      samples_to_json(&dur, 0), "restarts",
		      samples_to_json_unit(&restarts, 0, ""), "duplicates",
		      samples_to_json_unit(&dups, 0, ""),
		      "holds_per_unique_block",
		      samples_to_json_unit(&per_unique, 0, ""), "list", list);
	samples_free(&holds);
	samples_free(&hmax);
	samples_free(&htot);
	samples_free(&visited);
	samples_free(&dur);
	samples_free(&restarts);
	samples_free(&dups);
	samples_free(&per_unique);
	return j;
}

static json_t *rounds_json(struct hint_metrics *m)
{
	uint64_t overlapping = 0, unfinished_by_allocation = 0;
	double dmax = 0, dtotal = 0;

	for (size_t i = 0; i < m->ndone; i++) {
		overlapping += m->done[i].overlapping;
		dtotal += m->done[i].duration_ns;
		if (m->done[i].duration_ns > dmax)
			dmax = m->done[i].duration_ns;
	}
	json_t *j = json_pack(
		"{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
		"rounds", (json_int_t)m->ndone, "unfinished",
		(json_int_t)m->nopen, "ends_without_start",
		(json_int_t)m->rounds_without_start, "blocks",
		(json_int_t)m->blocks, "pages", (json_int_t)m->pages,
		"unique_pages", (json_int_t)m->unique_pages, "duplicates",
		(json_int_t)m->duplicates, "restarts", (json_int_t)m->restarts,
		"skipped", (json_int_t)m->skipped, "free_pages_at_start",
		(json_int_t)m->free_pages, "free_pages_min_order_at_start",
		(json_int_t)m->free_pages_min_order,
		"free_pages_pageblock_at_start",
		(json_int_t)m->free_pages_pageblock, "hint_block_events",
		(json_int_t)m->block_events, "hint_block_pages",
		(json_int_t)m->block_pages, "overlapping_blocks",
		(json_int_t)overlapping);

	/* pages hinted once over the free pages there were when it began */
	if (m->free_pages)
		json_object_set_new(j, "coverage",
				    json_real((double)m->unique_pages /
					      (double)m->free_pages));
	if (m->free_pages_min_order)
		json_object_set_new(j, "coverage_min_order",
				    json_real((double)m->unique_pages /
					      (double)m->free_pages_min_order));
	/* one order for every path: mainline hinting hints from order 10 */
	if (m->free_pages_pageblock)
		json_object_set_new(j, "coverage_pageblock_order",
				    json_real((double)m->unique_pages /
					      (double)m->free_pages_pageblock));
	if (m->ndone) {
		json_object_set_new(j, "duration_max_ns", json_real(dmax));
		json_object_set_new(j, "duration_total_ns", json_real(dtotal));
	}
	for (size_t i = 0; i < m->nopen; i++)
		unfinished_by_allocation += m->open[i].kind ==
					    ROUND_BY_ALLOCATION;
	json_object_set_new(
		j, "hinting_by_allocation_rule",
		json_string(
			"a round (one task, one zone) with no hint_lock_hold event of its task in its zone takes its blocks from the allocator (virtio-balloon free page hinting: alloc_pages(order 10) per block): its task's zone_lock_hold events with holder rmqueue_buddy in that zone, inside the round, are its hinting holds (visited 1, blocks 1 each); a round with hint_lock_hold events keeps them as rmqueue_buddy holds. Decided at the round's end, or with what the trace has of it when the trace ends first; a round with neither kind of hold counts as by allocation"));
	json_object_set_new(j, "rounds_hinting_by_allocation",
			    json_integer((json_int_t)m->rounds_by_allocation));
	json_object_set_new(j, "rounds_with_hint_lock_hold",
			    json_integer((json_int_t)m->rounds_hint_lock_hold));
	json_object_set_new(j, "unfinished_hinting_by_allocation",
			    json_integer((json_int_t)unfinished_by_allocation));
	json_object_set_new(j, "restarted_before_end",
			    json_integer((json_int_t)m->restarted_before_end));
	json_object_set_new(j, "per_round", per_round_json(m));
	return j;
}

static int by_seq(const void *a, const void *b)
{
	const struct hint_hold *x = a, *y = b;

	return (x->seq > y->seq) - (x->seq < y->seq);
}

/*
 * The trace is read: decide the rounds still open, and put the hinting
 * holds back in trace order, those of rounds by allocation having joined
 * at their round's end.
 */
static void finish(struct hint_metrics *m)
{
	for (size_t i = 0; i < m->nopen; i++)
		round_decide(m, &m->open[i]);
	if (m->nholds)
		qsort(m->holds, m->nholds, sizeof(*m->holds), by_seq);
}

json_t *hint_metrics_to_json(struct hint_metrics *m)
{
	finish(m);
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "zone_locks",
			 zone_locks_json(m), "zone_lock_contention",
			 contention_json(m), "zone_lock_holders",
			 holders_json(m), "hint_lock_hold", holds_json(m),
			 "hint_work", work_json(m), "rounds", rounds_json(m));
}
