// SPDX-License-Identifier: GPL-2.0
#include "run_files.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../harness/atomic_file.h"

json_t *run_file_load(const char *dir, const char *name, char *err,
		      size_t errlen)
{
	char path[PATH_MAX];
	json_error_t jerr;
	json_t *j;

	err[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (access(path, F_OK))
		return NULL;
	j = json_load_file(path, 0, &jerr);
	if (!j)
		snprintf(err, errlen, "%s: line %d: %s", path, jerr.line,
			 jerr.text);
	return j;
}

FILE *run_file_open(const char *dir, const char *name, char *path,
		    size_t pathlen, char *err, size_t errlen)
{
	FILE *f;

	err[0] = '\0';
	snprintf(path, pathlen, "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f && errno != ENOENT)
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	return f;
}

/*
 * The rows of a table ("rows": [[...], ...], numbers only) one a line, as
 * written by JSON_INDENT they would take a line per number: drop the
 * white space inside each row. Anything else is left as it is.
 */
static void compact_rows(char *s)
{
	static const char key[] = "\"rows\": [";
	char *out = s, *p = s;

	while (*p) {
		char *hit = strstr(p, key), *end;
		int depth = 1;

		if (!hit) {
			memmove(out, p, strlen(p) + 1);
			return;
		}
		hit += sizeof(key) - 1;
		memmove(out, p, (size_t)(hit - p));
		out += hit - p;
		/* the matching bracket; strings or objects inside: not a table */
		for (end = hit; *end && depth; end++) {
			if (*end == '"' || *end == '{')
				break;
			depth += (*end == '[') - (*end == ']');
		}
		if (depth) {
			p = hit;
			continue;
		}
		depth = 1;
		for (p = hit; p < end; p++) {
			depth += (*p == '[') - (*p == ']');
			if (depth >= 2 && (*p == ' ' || *p == '\n'))
				continue;
			*out++ = *p;
		}
	}
	*out = '\0';
}

int run_file_write(const char *dir, const char *name, json_t *json, char *err,
		   size_t errlen)
{
	char path[PATH_MAX], *text, *line;
	int ret = -ENOMEM;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	text = json_dumps(json, JSON_INDENT(2) | JSON_SORT_KEYS);
	if (text) {
		compact_rows(text);
		/* json_dumps leaves off the final newline */
		if (asprintf(&line, "%s\n", text) >= 0) {
			ret = atomic_file_write(path, line);
			free(line);
		}
		free(text);
	}
	if (ret) {
		snprintf(err, errlen, "cannot write %s: %s", path,
			 strerror(-ret));
		return -1;
	}
	return 0;
}
