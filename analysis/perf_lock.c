// SPDX-License-Identifier: GPL-2.0
#include "perf_lock.h"

#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figures.h"

struct lock_sum {
	double count, total_ns, max_ns;
};

static bool is_zone_lock(json_t *zone_locks, unsigned long long addr)
{
	size_t i;
	json_t *zl;

	json_array_foreach(zone_locks, i, zl)
	{
		const char *a = json_string_value(json_object_get(zl, "addr"));

		if (a && strtoull(a, NULL, 16) == addr)
			return true;
	}
	return false;
}

/* "contended, total, max, avg, address, symbol, type" per line, # header */
static int parse(FILE *f, json_t *zone_locks, struct lock_sum *sum,
		 size_t *lines, char *err, size_t errlen)
{
	char line[1024];
	size_t n = 0;
	bool header = false;

	*lines = 0;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long contended, total, max, avg, addr;

		n++;
		if (!strncmp(line, "# output: contended", 19))
			header = true;
		if (line[0] == '#' || line[strspn(line, " \t\r\n")] == '\0')
			continue;
		if (sscanf(line, "%llu , %llu , %llu , %llu , %llx", &contended,
			   &total, &max, &avg, &addr) != 5) {
			snprintf(
				err, errlen,
				"line %zu is not 'contended, total, max, avg, address, ...'",
				n);
			return -1;
		}
		(*lines)++;
		if (!is_zone_lock(zone_locks, addr))
			continue;
		sum->count += contended;
		sum->total_ns += total;
		if (max > sum->max_ns)
			sum->max_ns = max;
	}
	if (!header) {
		/* an empty file would otherwise read as "no waits at all" */
		snprintf(
			err, errlen,
			"no '# output: contended, ...' header: not perf lock contention -x output");
		return -1;
	}
	return 0;
}

static json_t *sum_json(const struct lock_sum *s)
{
	return json_pack("{s:f, s:f, s:f}", "count", s->count, "total_ns",
			 s->total_ns, "max_ns", s->max_ns);
}

/* One line per figure the two instruments disagree on by > tolerance. */
static void disagree(json_t *out, const char *what, double perf, double trace)
{
	double base = fmax(perf, trace);
	char buf[256];

	if (base == 0 || fabs(perf - trace) / base <= PERF_LOCK_TOLERANCE)
		return;
	snprintf(buf, sizeof(buf),
		 "%s: perf %.6g, trace.dat %.6g (%+.0f %% of the larger)", what,
		 perf, trace, (perf - trace) / base * 100);
	json_array_append_new(out, json_string(buf));
}

json_t *perf_lock_compare(const char *dir, json_t *metrics)
{
	char path[PATH_MAX], err[512];
	struct lock_sum perf = { 0 }, trace = { 0 };
	json_t *zone_locks = figure_path(metrics, "zone_locks.locks");
	/*
	 * trace.dat's waits on the same locks by the same instrument:
	 * perf lock records lock:contention_begin/end too, so it misses the
	 * waits the hold events tell (a waiter on the pending bit)
	 */
	json_t *same = figure_path(
		metrics, "zone_lock_contention.lock_contention_on_zone_locks");
	json_t *j, *d;
	size_t lines;
	FILE *f;

	snprintf(path, sizeof(path), "%s/perf-lock.txt", dir);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	if (parse(f, zone_locks, &perf, &lines, err, sizeof(err))) {
		char msg[PATH_MAX + 600];

		fclose(f);
		snprintf(msg, sizeof(msg), "%s: %s", path, err);
		return json_pack("{s:s, s:s}", "file", "perf-lock.txt", "error",
				 msg);
	}
	fclose(f);
	trace.count = json_number_value(json_object_get(same, "count"));
	trace.total_ns = json_number_value(json_object_get(same, "total_ns"));
	trace.max_ns = json_number_value(json_object_get(same, "max_ns"));
	d = json_array();
	disagree(d, "zone lock waits", perf.count, trace.count);
	disagree(d, "zone lock wait total (ns)", perf.total_ns, trace.total_ns);
	disagree(d, "longest zone lock wait (ns)", perf.max_ns, trace.max_ns);
	j = json_pack("{s:s, s:I, s:o, s:o, s:o}", "file", "perf-lock.txt",
		      "locks", (json_int_t)lines, "zone_locks", sum_json(&perf),
		      "trace_zone_locks", sum_json(&trace), "disagreements", d);
	return j;
}
