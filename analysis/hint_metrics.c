// SPDX-License-Identifier: GPL-2.0
/*
 * From free_page_hint and lock contention events to the figures of one run.
 *
 * Which contended lock is a zone->lock? lock:contention_begin gives only an
 * address, and the guest's kallsyms has no data symbols. Three kinds of
 * evidence, strongest first:
 *  - a task's contention_end on a spinlock directly followed by its
 *    hint_lock_hold: the hinting path waited for that zone's lock;
 *  - ... directly followed by kmem:mm_page_alloc_zone_locked (opt-in event,
 *    fired with zone->lock held);
 *  - a spinlock inside the kernel image: a kernel without NUMA keeps its
 *    zones in the static contig_page_data, and the contended spinlocks of
 *    the image measured here were exactly its zone locks (System.map of the
 *    guest kernel: offset 0x3e0 into each zone). node->lru_lock is static
 *    too, which is why this evidence is named in metrics.json.
 */
#include "hint_metrics.h"

#include <stdlib.h>
#include <string.h>

/* x86-64 __START_KERNEL_map: the kernel image, not the direct map */
#define KERNEL_IMAGE_START 0xffffffff80000000ULL

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
}

void hint_metrics_free(struct hint_metrics *m)
{
	for (int i = 0; i < m->nzones; i++)
		samples_free(&m->zones[i].hold_ns);
	samples_free(&m->all_holds);
	samples_free(&m->round_ns);
	for (size_t i = 0; i < m->nopen; i++)
		free(m->open[i].blocks);
	free(m->open);
	free(m->pending);
	free(m->waits);
	free(m->after_wait);
	memset(m, 0, sizeof(*m));
}

static struct zone_holds *zone_of(struct hint_metrics *m, const char *name)
{
	for (int i = 0; i < m->nzones; i++)
		if (!strcmp(m->zones[i].name, name))
			return &m->zones[i];
	if (m->nzones == HINT_MAX_ZONES)
		return NULL;
	struct zone_holds *z = &m->zones[m->nzones++];

	snprintf(z->name, sizeof(z->name), "%s", name);
	return z;
}

static struct open_round *round_of(struct hint_metrics *m, int pid)
{
	for (size_t i = 0; i < m->nopen; i++)
		if (m->open[i].pid == pid)
			return &m->open[i];
	return NULL;
}

static void zone_lock_found(struct hint_metrics *m, uint64_t addr,
			    const char *zone, const char *evidence)
{
	for (int i = 0; i < m->nzone_locks; i++) {
		struct zone_lock *zl = &m->zone_locks[i];

		if (zl->addr != addr)
			continue;
		if (!zl->zone[0] && zone[0])
			snprintf(zl->zone, sizeof(zl->zone), "%s", zone);
		return;
	}
	if (m->nzone_locks == HINT_MAX_ZONE_LOCKS)
		return;
	struct zone_lock *zl = &m->zone_locks[m->nzone_locks++];

	zl->addr = addr;
	snprintf(zl->zone, sizeof(zl->zone), "%s", zone);
	zl->evidence = evidence;
}

/* The first event of a task after it got a contended lock. */
static void after_wait(struct hint_metrics *m, const struct trace_sample *s)
{
	for (size_t i = 0; i < m->nafter; i++) {
		struct pending_wait *w = &m->after_wait[i];

		if (w->pid != s->pid)
			continue;
		if (w->flags == TRACE_LCB_F_SPIN) {
			if (s->kind == TRACE_LOCK_HOLD)
				zone_lock_found(
					m, w->lock_addr, s->zone,
					"hint_lock_hold after the wait");
			else if (s->kind == TRACE_ZONE_LOCKED)
				zone_lock_found(
					m, w->lock_addr, "",
					"mm_page_alloc_zone_locked after the wait");
		}
		m->after_wait[i] = m->after_wait[--m->nafter];
		return;
	}
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
		.hint_path = round_of(m, s->pid) != NULL,
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
			.wait_ns = s->ts - w.ts,
			.flags = w.flags,
			.hint_path = w.hint_path,
		};
		m->after_wait = grow(m->after_wait, &m->capafter, m->nafter,
				     sizeof(*m->after_wait));
		m->after_wait[m->nafter++] = w;
		return;
	}
	/* its begin was before the trace started */
	m->unmatched_contention_ends++;
}

static void round_start(struct hint_metrics *m, const struct trace_sample *s)
{
	struct open_round *r = round_of(m, s->pid);

	if (!r) {
		m->open =
			grow(m->open, &m->capopen, m->nopen, sizeof(*m->open));
		r = &m->open[m->nopen++];
		r->blocks = NULL;
	}
	free(r->blocks); /* a restarted round's blocks are not this one's */
	*r = (struct open_round){
		.pid = s->pid,
		.free_pages = s->round_start.free_pages,
		.free_pages_min_order = s->round_start.free_pages_min_order,
	};
}

static int by_pfn(const void *a, const void *b)
{
	const struct hinted_block *x = a, *y = b;

	return (x->pfn > y->pfn) - (x->pfn < y->pfn);
}

static uint64_t overlapping(struct open_round *r)
{
	uint64_t n = 0, end = 0;

	if (!r->nblocks)
		return 0;
	qsort(r->blocks, r->nblocks, sizeof(*r->blocks), by_pfn);
	for (size_t i = 0; i < r->nblocks; i++) {
		if (i && r->blocks[i].pfn < end)
			n++;
		if (r->blocks[i].pfn + r->blocks[i].pages > end)
			end = r->blocks[i].pfn + r->blocks[i].pages;
	}
	return n;
}

static void block(struct hint_metrics *m, const struct trace_sample *s)
{
	struct open_round *r = round_of(m, s->pid);

	m->block_events++;
	m->block_pages += 1ULL << s->block.order;
	if (!r)
		return;
	r->blocks =
		grow(r->blocks, &r->capblocks, r->nblocks, sizeof(*r->blocks));
	r->blocks[r->nblocks++] = (struct hinted_block){
		.pfn = s->block.pfn,
		.pages = 1ULL << s->block.order,
	};
}

static void round_end(struct hint_metrics *m, const struct trace_sample *s)
{
	struct open_round *r = round_of(m, s->pid);

	/* A round whose start is not in the trace has no coverage. */
	if (!r)
		return;
	m->rounds++;
	m->free_pages += r->free_pages;
	m->free_pages_min_order += r->free_pages_min_order;
	m->pages += s->round_end.pages;
	m->unique_pages += s->round_end.unique_pages;
	m->blocks += s->round_end.blocks;
	m->duplicates += s->round_end.duplicates;
	m->restarts += s->round_end.restarts;
	m->skipped += s->round_end.skipped;
	samples_add(&m->round_ns, (double)s->round_end.duration_ns);
	m->overlapping_blocks += overlapping(r);
	free(r->blocks);
	*r = m->open[--m->nopen];
}

static void lock_hold(struct hint_metrics *m, const struct trace_sample *s)
{
	struct zone_holds *z = zone_of(m, s->zone);
	double ns = (double)s->lock_hold.hold_ns;

	if (!z)
		return;
	samples_add(&z->hold_ns, ns);
	samples_add(&m->all_holds, ns);
	if (s->lock_hold.irqs_disabled && ns > z->irqs_off_max_ns)
		z->irqs_off_max_ns = ns;
}

int hint_metrics_add(const struct trace_sample *s, void *ctx)
{
	struct hint_metrics *m = ctx;

	if (m->nafter)
		after_wait(m, s);
	switch (s->kind) {
	case TRACE_ROUND_START:
		round_start(m, s);
		break;
	case TRACE_ROUND_END:
		round_end(m, s);
		break;
	case TRACE_LOCK_HOLD:
		lock_hold(m, s);
		break;
	case TRACE_BLOCK:
		block(m, s);
		break;
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

static const struct zone_lock *zone_lock_of(const struct hint_metrics *m,
					    uint64_t addr)
{
	for (int i = 0; i < m->nzone_locks; i++)
		if (m->zone_locks[i].addr == addr)
			return &m->zone_locks[i];
	return NULL;
}

static void static_zone_locks(struct hint_metrics *m)
{
	for (size_t i = 0; i < m->nwaits; i++) {
		const struct lock_wait *w = &m->waits[i];

		if (w->flags == TRACE_LCB_F_SPIN &&
		    w->lock_addr >= KERNEL_IMAGE_START &&
		    !zone_lock_of(m, w->lock_addr))
			zone_lock_found(m, w->lock_addr, "",
					"static spinlock in the kernel image");
	}
}

static json_t *zone_locks_json(const struct hint_metrics *m)
{
	json_t *a = json_array();
	char addr[32];

	for (int i = 0; i < m->nzone_locks; i++) {
		const struct zone_lock *zl = &m->zone_locks[i];

		snprintf(addr, sizeof(addr), "0x%llx",
			 (unsigned long long)zl->addr);
		json_array_append_new(
			a, json_pack("{s:s, s:s?, s:s}", "addr", addr, "zone",
				     zl->zone[0] ? zl->zone : NULL, "evidence",
				     zl->evidence));
	}
	return a;
}

static json_t *contention_json(struct hint_metrics *m)
{
	struct samples hint = { 0 }, alloc = { 0 }, other = { 0 };
	json_t *j;

	static_zone_locks(m);
	for (size_t i = 0; i < m->nwaits; i++) {
		const struct lock_wait *w = &m->waits[i];

		if (!zone_lock_of(m, w->lock_addr))
			samples_add(&other, (double)w->wait_ns);
		else
			samples_add(w->hint_path ? &hint : &alloc,
				    (double)w->wait_ns);
	}
	j = json_pack("{s:o, s:o, s:o, s:o, s:I, s:I}", "zone_locks",
		      zone_locks_json(m), "hint_path",
		      samples_to_json(&hint, 200), "allocators",
		      samples_to_json(&alloc, 200), "other_locks",
		      samples_to_json(&other, 0), "unfinished_waits",
		      (json_int_t)m->npending, "ends_without_begin",
		      (json_int_t)m->unmatched_contention_ends);
	samples_free(&hint);
	samples_free(&alloc);
	samples_free(&other);
	return j;
}

static json_t *holds_json(struct hint_metrics *m)
{
	json_t *zones = json_object();
	double irqs_off_max = 0;

	for (int i = 0; i < m->nzones; i++) {
		struct zone_holds *z = &m->zones[i];
		json_t *zj = samples_to_json(&z->hold_ns, 0);

		json_object_set_new(zj, "irqs_off_max_ns",
				    json_real(z->irqs_off_max_ns));
		json_object_set_new(zones, z->name, zj);
		if (z->irqs_off_max_ns > irqs_off_max)
			irqs_off_max = z->irqs_off_max_ns;
	}
	json_t *all = samples_to_json(&m->all_holds, 500);

	json_object_set_new(all, "irqs_off_max_ns", json_real(irqs_off_max));
	return json_pack("{s:o, s:o}", "zones", zones, "all", all);
}

static json_t *rounds_json(struct hint_metrics *m)
{
	json_t *j = json_pack(
		"{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
		"rounds", (json_int_t)m->rounds, "unfinished",
		(json_int_t)m->nopen, "blocks", (json_int_t)m->blocks, "pages",
		(json_int_t)m->pages, "unique_pages",
		(json_int_t)m->unique_pages, "duplicates",
		(json_int_t)m->duplicates, "restarts", (json_int_t)m->restarts,
		"skipped", (json_int_t)m->skipped, "free_pages_at_start",
		(json_int_t)m->free_pages, "free_pages_min_order_at_start",
		(json_int_t)m->free_pages_min_order, "hint_block_events",
		(json_int_t)m->block_events, "hint_block_pages",
		(json_int_t)m->block_pages, "overlapping_blocks",
		(json_int_t)m->overlapping_blocks);
	struct samples_summary d = samples_summarize(&m->round_ns);

	/* pages hinted once over the free pages there were when it began */
	if (m->free_pages)
		json_object_set_new(j, "coverage",
				    json_real((double)m->unique_pages /
					      (double)m->free_pages));
	if (m->free_pages_min_order)
		json_object_set_new(j, "coverage_min_order",
				    json_real((double)m->unique_pages /
					      (double)m->free_pages_min_order));
	if (d.count) {
		json_object_set_new(j, "duration_max_ns", json_real(d.max));
		json_object_set_new(j, "duration_total_ns", json_real(d.total));
	}
	return j;
}

json_t *hint_metrics_to_json(struct hint_metrics *m)
{
	return json_pack("{s:o, s:o, s:o}", "hint_lock_hold", holds_json(m),
			 "zone_lock_contention", contention_json(m), "rounds",
			 rounds_json(m));
}
