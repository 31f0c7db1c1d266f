/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_SPLAT_H
#define LOCKHOLD_SPLAT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Kernel splats on a guest console: lockdep reports, BUG, WARNING, KASAN and
 * UBSAN reports, list corruption, soft lockups, hung tasks, Oopses, general
 * protection faults, panics and RCU stalls. Any of them fails a run.
 */
#define SPLAT_LINE_MAX 240

struct splat {
	const char *kind; /* "lockdep", "KASAN", "list corruption", ... */
	char line[SPLAT_LINE_MAX]; /* the report's first line */
};

/*
 * The kind of splat a console line opens, or NULL when it opens none. A
 * line is a report's first line only if the pattern starts a word.
 */
const char *splat_line_kind(const char *line, size_t len);

/*
 * Scan a console's text (NUL-terminated). Returns how many splats it holds:
 * lines that open one, where lines less than SPLAT_GAP lines after the
 * previous such line belong to the same report (a list corruption message
 * and its WARNING, a NULL dereference and its Oops). The first max are
 * copied to found (which may be NULL when max is 0).
 */
#define SPLAT_GAP 8
unsigned int splat_scan(const char *text, struct splat *found,
			unsigned int max);

/*
 * A run's verdict on its two consoles, named by roles (either console may be
 * NULL): records "splats" (up to SPLATS_KEPT per console: console, kind,
 * line) and "splat_count" in meta. With no splat returns ret. Otherwise
 * the run fails, even one whose workload finished: err (the run's error,
 * when ret says it already failed) gets the first splat's line, and the
 * result is -1.
 */
#define SPLATS_KEPT 8
int splat_check_run(const char *const consoles[2], const char *const roles[2],
		    json_t *meta, int ret, char *err, size_t errlen);

#endif
