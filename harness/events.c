// SPDX-License-Identifier: GPL-2.0
#include "events.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		if (cap - len < 65536) {
			char *more = realloc(text, cap + (1 << 20) + 1);

			if (!more) {
				free(text);
				fclose(f);
				return NULL;
			}
			text = more;
			cap += 1 << 20;
		}
		n = fread(text + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	text[len] = '\0';
	return text;
}

/* A System.map line "<address> <type> <prefix><name><suffix>". */
static bool has_symbol(const char *map, const char *prefix, const char *name,
		       size_t name_len, const char *suffix)
{
	char symbol[256];

	if (snprintf(symbol, sizeof(symbol), " %s%.*s%s\n", prefix,
		     (int)name_len, name, suffix) >= (int)sizeof(symbol))
		return false;
	return strstr(map, symbol);
}

int events_check(const char *system_map, const char *events, char *bad,
		 size_t badlen)
{
	char *map = slurp(system_map);
	int ret = 0;

	if (!map)
		return -1;
	for (const char *p = events; *p && !ret;) {
		size_t len = strcspn(p, ",");
		const char *colon = memchr(p, ':', len);
		size_t sys_len = colon ? (size_t)(colon - p) : len;
		bool ok = sys_len && has_symbol(map, "str__", p, sys_len,
						"__trace_system_name");

		if (ok && colon)
			ok = has_symbol(map, "__tracepoint_", colon + 1,
					len - sys_len - 1, "");
		if (!ok) {
			snprintf(bad, badlen, "%.*s", (int)len, p);
			ret = 1;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	free(map);
	return ret;
}
