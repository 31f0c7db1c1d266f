/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What several analysis tests share: reading a metrics.json value by its
 * dotted path, and a scratch directory per test group. Include after
 * cmocka.h.
 */
#ifndef LOCKHOLD_TEST_SUPPORT_H
#define LOCKHOLD_TEST_SUPPORT_H

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* j's member at "a.b.c", or NULL */
static inline json_t *json_at(json_t *j, const char *path)
{
	char key[64];

	while (j && *path) {
		size_t n = strcspn(path, ".");

		snprintf(key, sizeof(key), "%.*s", (int)n, path);
		j = json_object_get(j, key);
		path += n + (path[n] == '.');
	}
	return j;
}

static inline double json_num_at(json_t *j, const char *path)
{
	json_t *v = json_at(j, path);

	if (!json_is_number(v))
		fail_msg("%s: not a number", path);
	return json_number_value(v);
}

/* A fresh directory from template (ending in XXXXXX), and its removal */
static inline int scratch_dir_make(char *dir, size_t len, const char *template)
{
	snprintf(dir, len, "%s", template);
	return mkdtemp(dir) ? 0 : -1;
}

static inline int scratch_dir_remove(const char *dir)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

#endif
