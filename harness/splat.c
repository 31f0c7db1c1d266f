// SPDX-License-Identifier: GPL-2.0
#include "splat.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "serial.h"

/*
 * Checked in this order, so the most specific kind wins: "BUG: KASAN:" is a
 * KASAN report before it is a BUG, a lockdep report is a WARNING too.
 */
static const struct pattern {
	const char *text;
	const char *kind;
} patterns[] = {
	{ "BUG: KASAN:", "KASAN" },
	{ "BUG: soft lockup", "soft lockup" },
	{ "list_add corruption", "list corruption" },
	{ "list_del corruption", "list corruption" },
	{ "list_add double add", "list corruption" },
	{ "WARNING: possible circular locking", "lockdep" },
	{ "WARNING: possible recursive locking", "lockdep" },
	{ "WARNING: inconsistent lock state", "lockdep" },
	{ "WARNING: possible irq lock inversion", "lockdep" },
	{ "WARNING: bad unlock balance", "lockdep" },
	{ "WARNING: held lock freed", "lockdep" },
	{ "WARNING: lock held when returning", "lockdep" },
	{ "WARNING: suspicious RCU usage", "lockdep" },
	{ "WARNING: Nested lock was not taken", "lockdep" },
	{ "-safe -> ", "lockdep" }, /* "WARNING: HARDIRQ-safe -> ..." */
	{ "UBSAN:", "UBSAN" },
	{ "general protection fault", "general protection fault" },
	{ "kernel BUG at", "BUG" },
	{ "BUG:", "BUG" },
	{ "Oops:", "Oops" },
	{ "WARNING:", "WARNING" },
	{ "Kernel panic", "panic" },
	{ "rcu: INFO:", "RCU stall" },
};

/* needle in line[0..len), where it starts a word. */
static bool contains_word(const char *line, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= len; i++) {
		if (memcmp(line + i, needle, n))
			continue;
		if (i == 0 || (!isalnum((unsigned char)line[i - 1]) &&
			       line[i - 1] != '_'))
			return true;
	}
	return false;
}

/* "INFO: task kworker/0:1:12 blocked for more than 122 seconds." */
static bool hung_task(const char *line, size_t len)
{
	return contains_word(line, len, "INFO: task ") &&
	       contains_word(line, len, "blocked for more than");
}

const char *splat_line_kind(const char *line, size_t len)
{
	for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++) {
		/* "-safe -> " starts mid-word on purpose: "HARDIRQ-safe". */
		if (patterns[i].text[0] == '-' ?
			    memmem(line, len, patterns[i].text,
				   strlen(patterns[i].text)) &&
				    contains_word(line, len, "WARNING:") :
			    contains_word(line, len, patterns[i].text))
			return patterns[i].kind;
	}
	return hung_task(line, len) ? "hung task" : NULL;
}

unsigned int splat_scan(const char *text, struct splat *found, unsigned int max)
{
	unsigned int count = 0, lineno = 0, last = 0;

	for (const char *p = text; p && *p; lineno++) {
		size_t len = strcspn(p, "\r\n");
		/* The guest init's own lines are not the kernel's. */
		const char *kind =
			strncmp(p, SERIAL_MARKER, strlen(SERIAL_MARKER)) ?
				splat_line_kind(p, len) :
				NULL;

		if (kind && (!count || lineno - last >= SPLAT_GAP)) {
			if (count < max) {
				found[count].kind = kind;
				/* Printable only: it goes into one-line errors. */
				size_t n = len < SPLAT_LINE_MAX - 1 ?
						   len :
						   SPLAT_LINE_MAX - 1;

				for (size_t i = 0; i < n; i++)
					found[count].line[i] =
						isprint((unsigned char)p[i]) ?
							p[i] :
							'?';
				found[count].line[n] = '\0';
			}
			count++;
		}
		if (kind)
			last = lineno;
		p += len;
		if (*p == '\r')
			p++;
		if (*p == '\n')
			p++;
	}
	return count;
}

int splat_check_run(const char *const consoles[2], const char *const roles[2],
		    json_t *meta, int ret, char *err, size_t errlen)
{
	struct splat found[2][SPLATS_KEPT];
	const struct splat *first = NULL;
	const char *first_role = NULL;
	json_t *list = json_array();
	unsigned int total = 0;

	for (int i = 0; i < 2; i++) {
		unsigned int n = splat_scan(consoles[i], found[i], SPLATS_KEPT);

		for (unsigned int j = 0; j < n && j < SPLATS_KEPT; j++)
			json_array_append_new(
				list,
				json_pack("{s:s, s:s, s:s}", "console",
					  roles[i], "kind", found[i][j].kind,
					  "line", found[i][j].line));
		if (n && !first) {
			first = &found[i][0];
			first_role = roles[i];
		}
		total += n;
	}
	json_object_set_new(meta, "splat_count", json_integer(total));
	json_object_set_new(meta, "splats", list);
	if (!first)
		return ret;
	if (ret) {
		size_t used = strlen(err);

		snprintf(err + used, errlen - used, "; %s guest kernel: %s",
			 first_role, first->line);
	} else {
		snprintf(err, errlen,
			 "kernel splat (%s) on the %s console, %u in all: %s",
			 first->kind, first_role, total, first->line);
	}
	return -1;
}
