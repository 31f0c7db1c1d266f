// SPDX-License-Identifier: GPL-2.0
/* The kernel's boot record of its zone lock and LRU lock addresses. */
#include "zone_locks.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "run_files.h"

#define LINE_FORMS "'nid=N zone=NAME lock=0xADDR' or 'nid=N lru_lock=0xADDR'"

static bool number(const char *v, int base, unsigned long long max,
		   unsigned long long *out)
{
	char *end;

	if (!*v || *v == '-' || *v == '+')
		return false;
	errno = 0;
	*out = strtoull(v, &end, base);
	return !errno && !*end && *out <= max;
}

static bool address(const char *v, uint64_t *out)
{
	unsigned long long a;

	/* the kernel prints %lx after 0x: anything else is not its line */
	if (strncmp(v, "0x", 2) || !number(v + 2, 16, UINT64_MAX, &a) || !a)
		return false;
	*out = a;
	return true;
}

/* One line, blanks trimmed and not empty: 0, or -1 with err. */
static int parse_line(char *line, const char *name, size_t lineno,
		      struct zone_lock_record *r, char *err, size_t errlen)
{
	bool has_nid = false, has_zone = false, has_lock = false;
	unsigned long long nid = 0;
	char *save = NULL;

	memset(r, 0, sizeof(*r));
	for (char *tok = strtok_r(line, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		char *v = strchr(tok, '=');
		bool ok;

		if (!v) {
			snprintf(
				err, errlen,
				"%s: line %zu: '%s' is not KEY=VALUE (expected %s)",
				name, lineno, tok, LINE_FORMS);
			return -1;
		}
		*v++ = '\0';
		if (!strcmp(tok, "nid") && !has_nid) {
			ok = has_nid = number(v, 10, INT_MAX, &nid);
			r->nid = (int)nid;
		} else if (!strcmp(tok, "zone") && !has_zone) {
			ok = has_zone = *v && strlen(v) < sizeof(r->zone);
			snprintf(r->zone, sizeof(r->zone), "%s", v);
		} else if ((!strcmp(tok, "lock") || !strcmp(tok, "lru_lock")) &&
			   !has_lock) {
			r->lru = !strcmp(tok, "lru_lock");
			ok = has_lock = address(v, &r->addr);
		} else {
			snprintf(
				err, errlen,
				"%s: line %zu: unexpected or repeated key '%s' (expected %s)",
				name, lineno, tok, LINE_FORMS);
			return -1;
		}
		if (!ok) {
			snprintf(err, errlen,
				 "%s: line %zu: bad value %s=%s (expected %s)",
				 name, lineno, tok, v, LINE_FORMS);
			return -1;
		}
	}
	if (!has_nid || !has_lock || has_zone == r->lru) {
		snprintf(err, errlen,
			 "%s: line %zu: incomplete line (expected %s)", name,
			 lineno, LINE_FORMS);
		return -1;
	}
	return 0;
}

int zone_locks_parse(FILE *f, const char *name, struct zone_lock_boot *b,
		     char *err, size_t errlen)
{
	char line[512];
	size_t lineno = 0;

	b->n = 0;
	while (fgets(line, sizeof(line), f)) {
		struct zone_lock_record r;
		size_t len = strlen(line);
		char *s = line + strspn(line, " \t");

		lineno++;
		if (len == sizeof(line) - 1 && line[len - 1] != '\n') {
			snprintf(err, errlen,
				 "%s: line %zu: longer than %zu bytes", name,
				 lineno, sizeof(line) - 2);
			return -1;
		}
		while (len && strchr(" \t\r\n", line[len - 1]))
			line[--len] = '\0';
		if (!*s)
			continue;
		if (parse_line(s, name, lineno, &r, err, errlen))
			return -1;
		for (int i = 0; i < b->n; i++) {
			if (b->rec[i].addr != r.addr)
				continue;
			snprintf(err, errlen,
				 "%s: line %zu: address 0x%llx is named twice",
				 name, lineno, (unsigned long long)r.addr);
			return -1;
		}
		if (b->n == ZONE_LOCKS_MAX) {
			snprintf(err, errlen,
				 "%s: line %zu: more than %d locks", name,
				 lineno, ZONE_LOCKS_MAX);
			return -1;
		}
		b->rec[b->n++] = r;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", name);
		return -1;
	}
	return 0;
}

int zone_locks_load(const char *dir, struct zone_lock_boot *b, char *err,
		    size_t errlen)
{
	char path[PATH_MAX];
	FILE *f;
	int ret;

	b->n = 0;
	f = run_file_open(dir, ZONE_LOCKS_FILE, path, sizeof(path), err,
			  errlen);
	if (!f)
		return err[0] ? -1 : 1;
	ret = zone_locks_parse(f, path, b, err, errlen);
	fclose(f);
	return ret;
}
