// SPDX-License-Identifier: GPL-2.0
/*
 * Coverage by a point in time: the union of the pfn ranges hinted up to
 * it, over the free pages of pageblock order or more its zones last had at
 * a round's start.
 */
#include "coverage_timed.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "workload_windows.h"

void coverage_timed_free(struct coverage_timed *c)
{
	free(c->blocks);
	free(c->starts);
	memset(c, 0, sizeof(*c));
}

static int reserve(void **array, size_t *cap, size_t n, size_t size)
{
	size_t want = *cap ? *cap * 2 : 256;
	void *grown;

	if (n < *cap)
		return 0;
	grown = realloc(*array, want * size);
	if (!grown)
		return -ENOMEM;
	*array = grown;
	*cap = want;
	return 0;
}

int coverage_timed_add(struct coverage_timed *c, const struct trace_sample *s)
{
	if (s->kind == TRACE_BLOCK) {
		if (reserve((void **)&c->blocks, &c->capblocks, c->nblocks,
			    sizeof(*c->blocks)))
			return -ENOMEM;
		c->blocks[c->nblocks++] = (struct timed_block){
			.ts = s->ts,
			.pfn = s->block.pfn,
			.pages = 1ULL << s->block.order,
		};
	} else if (s->kind == TRACE_ROUND_START) {
		struct timed_zone_start *z;

		if (reserve((void **)&c->starts, &c->capstarts, c->nstarts,
			    sizeof(*c->starts)))
			return -ENOMEM;
		z = &c->starts[c->nstarts++];
		*z = (struct timed_zone_start){
			.ts = s->ts,
			.free_pages_pageblock =
				s->round_start.free_pages_pageblock,
			.nid = s->nid,
		};
		snprintf(z->zone, sizeof(z->zone), "%s", s->zone);
	}
	return 0;
}

static int by_pfn(const void *a, const void *b)
{
	const struct timed_block *x = a, *y = b;

	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

/* Pages in the union of the blocks hinted at or before ts */
static int union_pages(const struct coverage_timed *c, uint64_t ts,
		       uint64_t *pages, uint64_t *blocks)
{
	struct timed_block *sorted = malloc((c->nblocks + 1) * sizeof(*sorted));
	uint64_t end = 0;
	size_t n = 0;

	if (!sorted)
		return -ENOMEM;
	for (size_t i = 0; i < c->nblocks; i++)
		if (c->blocks[i].ts <= ts)
			sorted[n++] = c->blocks[i];
	qsort(sorted, n, sizeof(*sorted), by_pfn);
	*pages = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t lo = sorted[i].pfn, hi = lo + sorted[i].pages;

		if (lo < end)
			lo = end;
		if (hi > lo)
			*pages += hi - lo;
		if (hi > end)
			end = hi;
	}
	*blocks = n;
	free(sorted);
	return 0;
}

json_t *coverage_timed_at(const struct coverage_timed *c, uint64_t ts)
{
	uint64_t free_pages = 0, pages, blocks;
	size_t zones = 0;

	/* each zone's last round start at or before ts */
	for (size_t i = 0; i < c->nstarts; i++) {
		const struct timed_zone_start *z = &c->starts[i];
		bool later = false;

		if (z->ts > ts)
			continue;
		for (size_t j = i + 1; j < c->nstarts && !later; j++)
			later = c->starts[j].ts <= ts &&
				c->starts[j].nid == z->nid &&
				!strcmp(c->starts[j].zone, z->zone);
		if (later)
			continue;
		free_pages += z->free_pages_pageblock;
		zones++;
	}
	if (!zones || union_pages(c, ts, &pages, &blocks))
		return NULL;
	return json_pack("{s:I, s:I, s:I, s:I, s:f}", "zones",
			 (json_int_t)zones, "blocks", (json_int_t)blocks,
			 "pages_hinted", (json_int_t)pages,
			 "free_pages_pageblock", (json_int_t)free_pages,
			 "coverage",
			 free_pages ? (double)pages / (double)free_pages : 0.0);
}

/*
 * How much of the free memory had been hinted by the time the migration
 * began and by the end of its pre-copy (total time less downtime): for
 * page reporting, which reports before any migration, the figure that says
 * what the migration could skip. Placed in the guest's clock from the
 * workload's timeline, so only as exact as the harness's start of the
 * migration (tens of ms).
 */
json_t *coverage_timed_migration(json_t *metrics,
				 const struct coverage_timed *c)
{
	json_t *mig = json_object_get(metrics, "migration");
	json_t *total = json_object_get(mig, "total_time_ms");
	json_t *down = json_object_get(mig, "downtime_ms");
	json_t *out, *at;
	double start;

	if (!migration_start_guest_ns(metrics, &start) || start < 0)
		return NULL;
	out = json_pack(
		"{s:s}", "of",
		"pages hinted (each once, hint_block) by then over the free pages of pageblock order or more at each zone's last round start by then; a page hinted and allocated since still counts");
	at = coverage_timed_at(c, (uint64_t)start);
	json_object_set_new(out, "at_migration_start", at ? at : json_null());
	if (json_is_number(total) && json_is_number(down)) {
		double end = start + (json_number_value(total) -
				      json_number_value(down)) *
					     1e6;

		at = coverage_timed_at(c, (uint64_t)end);
		json_object_set_new(out, "at_precopy_end",
				    at ? at : json_null());
	}
	return out;
}
