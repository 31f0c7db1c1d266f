// SPDX-License-Identifier: GPL-2.0
/* trace.dat through libtracecmd: each event and field resolved once. */
#include "trace_reader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <event-parse.h>
#include <trace-cmd.h>

#define MAX_FIELDS 12

struct kind_desc {
	const char *system, *event;
	const char *fields[MAX_FIELDS]; /* numeric fields, NULL-terminated */
	bool has_zone; /* a __string(zone) field */
};

static const struct kind_desc kinds[TRACE_KINDS] = {
	[TRACE_ROUND_START] = { "free_page_hint",
				"hint_round_start",
				{ "nid", "free_pages", "free_pages_min_order",
				  "min_order", "free_pages_pageblock" },
				true },
	[TRACE_ROUND_END] = { "free_page_hint",
			      "hint_round_end",
			      { "nid", "pages", "unique_pages", "blocks",
				"duplicates", "restarts", "skipped",
				"duration_ns" },
			      true },
	[TRACE_LOCK_HOLD] = { "free_page_hint",
			      "hint_lock_hold",
			      { "nid", "order", "migratetype", "hold_ns",
				"blocks", "irqs_disabled", "lock", "wait_ns",
				"visited", "skipped", "put_back",
				"pages_scanned" },
			      true },
	[TRACE_BLOCK] = { "free_page_hint", "hint_block", { "pfn", "order" } },
	[TRACE_CONTENTION_BEGIN] = { "lock",
				     "contention_begin",
				     { "lock_addr", "flags" } },
	[TRACE_CONTENTION_END] = { "lock",
				   "contention_end",
				   { "lock_addr", "ret" } },
	[TRACE_ZONE_LOCKED] = { "kmem", "mm_page_alloc_zone_locked", { "pfn" } },
	[TRACE_ZONE_LOCK_HOLD] = { "zone_lock",
				   "zone_lock_hold",
				   { "nid", "lock", "holder", "ip", "wait_ns",
				     "hold_ns" },
				   true },
};

/* zone_lock_hold's holder values and the names its print format gives */
#define MAX_HOLDERS 16

struct holder_name {
	int value;
	char name[TRACE_HOLDER_NAME_LEN];
};

struct resolved {
	int id;
	struct tep_format_field *fields[MAX_FIELDS];
	struct tep_format_field *zone;
};

struct reader {
	struct tep_handle *tep;
	struct resolved res[TRACE_KINDS];
	struct holder_name holders[MAX_HOLDERS];
	int nholders;
	trace_sample_fn fn;
	void *ctx;
	struct trace_read_stats *stats;
	int stopped;
};

const char *trace_kind_name(enum trace_kind kind)
{
	return kinds[kind].event;
}

/*
 * The kernel names each holder in the event's print format
 * (__print_symbolic): read the names from there, not from a copy of the
 * kernel's enum that could fall out of step with it.
 */
static void read_holder_names(struct reader *r, struct tep_event *ev)
{
	for (struct tep_print_arg *a = ev->print_fmt.args; a; a = a->next) {
		struct tep_print_arg *f = a->symbol.field;

		if (a->type != TEP_PRINT_SYMBOL || !f ||
		    f->type != TEP_PRINT_FIELD ||
		    strcmp(f->field.name, "holder"))
			continue;
		for (struct tep_print_flag_sym *sym = a->symbol.symbols;
		     sym && r->nholders < MAX_HOLDERS; sym = sym->next) {
			struct holder_name *h = &r->holders[r->nholders++];

			h->value = (int)strtol(sym->value, NULL, 0);
			snprintf(h->name, sizeof(h->name), "%s", sym->str);
		}
	}
}

static const char *holder_name(const struct reader *r, int value)
{
	for (int i = 0; i < r->nholders; i++)
		if (r->holders[i].value == value)
			return r->holders[i].name;
	return "unnamed";
}

static int resolve(struct reader *r, const char *path, char *err, size_t errlen)
{
	for (int k = 0; k < TRACE_KINDS; k++) {
		const struct kind_desc *d = &kinds[k];
		struct tep_event *ev =
			tep_find_event_by_name(r->tep, d->system, d->event);

		r->res[k].id = -1;
		if (!ev)
			continue; /* not recorded in this run */
		r->res[k].id = ev->id;
		r->stats->present[k] = true;
		if (k == TRACE_ZONE_LOCK_HOLD)
			read_holder_names(r, ev);
		for (int f = 0; f < MAX_FIELDS && d->fields[f]; f++) {
			r->res[k].fields[f] = tep_find_field(ev, d->fields[f]);
			if (!r->res[k].fields[f]) {
				snprintf(
					err, errlen,
					"%s: event %s:%s has no field '%s': not a lockhold guest trace",
					path, d->system, d->event,
					d->fields[f]);
				return -1;
			}
		}
		if (d->has_zone) {
			r->res[k].zone = tep_find_field(ev, "zone");
			if (!r->res[k].zone ||
			    !(r->res[k].zone->flags & TEP_FIELD_IS_DYNAMIC)) {
				snprintf(
					err, errlen,
					"%s: event %s:%s has no string field 'zone'",
					path, d->system, d->event);
				return -1;
			}
		}
	}
	return 0;
}

static uint64_t number(const struct resolved *res, int f,
		       const struct tep_record *rec)
{
	unsigned long long v = 0;

	tep_read_number_field(res->fields[f], rec->data, &v);
	return v;
}

/* A __string field: a data_loc word (offset | length << 16) to the text. */
static void read_zone(const struct resolved *res, const struct tep_record *rec,
		      char *out)
{
	unsigned long long loc = 0;
	struct tep_format_field *f = res->zone;
	unsigned int off, len;

	out[0] = '\0';
	if (tep_read_number_field(f, rec->data, &loc))
		return;
	off = loc & 0xffff;
	len = (loc >> 16) & 0xffff;
	if (f->flags & TEP_FIELD_IS_RELATIVE)
		off += f->offset + f->size;
	if (off >= (unsigned int)rec->size)
		return;
	if (len > (unsigned int)rec->size - off)
		len = rec->size - off;
	if (len >= TRACE_ZONE_NAME_LEN)
		len = TRACE_ZONE_NAME_LEN - 1;
	memcpy(out, (const char *)rec->data + off, len);
	out[len] = '\0';
}

static void fill(const struct reader *r, struct trace_sample *s,
		 const struct resolved *res, const struct tep_record *rec)
{
	switch (s->kind) {
	case TRACE_ROUND_START:
		s->nid = (int)number(res, 0, rec);
		s->round_start.free_pages = number(res, 1, rec);
		s->round_start.free_pages_min_order = number(res, 2, rec);
		s->round_start.min_order = number(res, 3, rec);
		s->round_start.free_pages_pageblock = number(res, 4, rec);
		break;
	case TRACE_ROUND_END:
		s->nid = (int)number(res, 0, rec);
		s->round_end.pages = number(res, 1, rec);
		s->round_end.unique_pages = number(res, 2, rec);
		s->round_end.blocks = number(res, 3, rec);
		s->round_end.duplicates = number(res, 4, rec);
		s->round_end.restarts = number(res, 5, rec);
		s->round_end.skipped = number(res, 6, rec);
		s->round_end.duration_ns = number(res, 7, rec);
		break;
	case TRACE_LOCK_HOLD:
		s->nid = (int)number(res, 0, rec);
		s->lock_hold.order = number(res, 1, rec);
		s->lock_hold.migratetype = (int)number(res, 2, rec);
		s->lock_hold.hold_ns = number(res, 3, rec);
		s->lock_hold.blocks = number(res, 4, rec);
		s->lock_hold.irqs_disabled = number(res, 5, rec) != 0;
		s->lock_hold.lock_addr = number(res, 6, rec);
		s->lock_hold.wait_ns = number(res, 7, rec);
		s->lock_hold.visited = number(res, 8, rec);
		s->lock_hold.skipped = number(res, 9, rec);
		s->lock_hold.put_back = number(res, 10, rec);
		s->lock_hold.pages_scanned = number(res, 11, rec);
		break;
	case TRACE_ZONE_LOCK_HOLD:
		s->nid = (int)number(res, 0, rec);
		s->zone_lock_hold.lock_addr = number(res, 1, rec);
		s->zone_lock_hold.holder = (int)number(res, 2, rec);
		s->zone_lock_hold.ip = number(res, 3, rec);
		s->zone_lock_hold.wait_ns = number(res, 4, rec);
		s->zone_lock_hold.hold_ns = number(res, 5, rec);
		s->zone_lock_hold.holder_name =
			holder_name(r, s->zone_lock_hold.holder);
		break;
	case TRACE_BLOCK:
		s->block.pfn = number(res, 0, rec);
		s->block.order = number(res, 1, rec);
		break;
	case TRACE_CONTENTION_BEGIN:
		s->contention_begin.lock_addr = number(res, 0, rec);
		s->contention_begin.flags = number(res, 1, rec);
		break;
	case TRACE_CONTENTION_END:
		s->contention_end.lock_addr = number(res, 0, rec);
		s->contention_end.ret = (int)number(res, 1, rec);
		break;
	case TRACE_ZONE_LOCKED:
	case TRACE_KINDS:
		break;
	}
	if (res->zone)
		read_zone(res, rec, s->zone);
}

static int on_record(struct tracecmd_input *handle, struct tep_record *rec,
		     int cpu, void *data)
{
	struct reader *r = data;
	struct trace_read_stats *st = r->stats;
	int type;

	(void)handle;
	st->records++;
	if (rec->missed_events > 0)
		st->missed_events += rec->missed_events;
	else if (rec->missed_events < 0)
		st->missed_unknown++;
	if (!st->first_ts || rec->ts < st->first_ts)
		st->first_ts = rec->ts;
	if (rec->ts > st->last_ts)
		st->last_ts = rec->ts;

	type = tep_data_type(r->tep, rec);
	for (int k = 0; k < TRACE_KINDS; k++) {
		if (r->res[k].id != type)
			continue;
		struct trace_sample s = { .kind = k,
					  .ts = rec->ts,
					  .cpu = cpu };

		s.pid = tep_data_pid(r->tep, rec);
		fill(r, &s, &r->res[k], rec);
		st->samples[k]++;
		r->stopped = r->fn(&s, r->ctx);
		return r->stopped;
	}
	return 0;
}

int trace_read(const char *path, trace_sample_fn fn, void *ctx,
	       struct trace_read_stats *stats, char *err, size_t errlen)
{
	struct reader r = { .fn = fn, .ctx = ctx, .stats = stats };
	struct tracecmd_input *handle;
	struct stat st;
	int ret;

	memset(stats, 0, sizeof(*stats));
	if (stat(path, &st)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	/* libtracecmd explains its failures on stderr; the error here does. */
	tracecmd_set_loglevel(TEP_LOG_NONE);
	handle = tracecmd_open(path, 0);
	if (!handle) {
		snprintf(
			err, errlen,
			"%s: not a readable trace-cmd file (truncated or corrupted?)",
			path);
		return -1;
	}
	r.tep = tracecmd_get_tep(handle);
	ret = resolve(&r, path, err, errlen);
	if (!ret) {
		ret = tracecmd_iterate_events(handle, NULL, 0, on_record, &r);
		if (ret < 0 && !r.stopped) {
			snprintf(err, errlen, "%s: reading the events failed",
				 path);
			ret = -1;
		} else {
			ret = r.stopped ? -1 : 0;
			if (r.stopped)
				snprintf(err, errlen,
					 "%s: stopped at record %llu", path,
					 (unsigned long long)stats->records);
		}
	}
	tracecmd_close(handle);
	return ret;
}
