// SPDX-License-Identifier: GPL-2.0
#include "variant.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "names.h"

const char *const variant_keys = "description, kernel, balloon, cmdline";

/* The keys of variant_keys, in its order, and where each is kept. */
static const struct {
	const char *key;
	size_t offset, size;
} variant_fields[] = {
#define FIELD(name)                                         \
	{                                                   \
#name, offsetof(struct variant, name),      \
			sizeof(((struct variant *)0)->name) \
	}
	FIELD(description),
	FIELD(kernel),
	FIELD(balloon),
	FIELD(cmdline),
#undef FIELD
};

const char *variant_field(const struct variant *v, const char *key)
{
	for (size_t i = 0;
	     i < sizeof(variant_fields) / sizeof(variant_fields[0]); i++)
		if (!strcmp(key, variant_fields[i].key))
			return (const char *)v + variant_fields[i].offset;
	return NULL;
}

static char *trim(char *s)
{
	char *end;

	s += strspn(s, " \t");
	end = s + strlen(s);
	while (end > s && strchr(" \t\r\n", end[-1]))
		*--end = '\0';
	return s;
}

static int set_field(char *field, size_t size, const char *value,
		     const char *path, int lineno, char *err, size_t errlen)
{
	if (strlen(value) >= size) {
		snprintf(err, errlen, "%s:%d: value longer than %zu bytes",
			 path, lineno, size - 1);
		return -1;
	}
	strcpy(field, value);
	return 0;
}

static int parse_line(struct variant *v, char *line, const char *path,
		      int lineno, char *err, size_t errlen)
{
	char *eq, *key, *value;

	line = trim(line);
	if (!*line || *line == '#')
		return 0;
	eq = strchr(line, '=');
	if (!eq) {
		snprintf(
			err, errlen,
			"%s:%d: expected 'key = value', got '%s' (accepted keys: %s)",
			path, lineno, line, variant_keys);
		return -1;
	}
	*eq = '\0';
	key = trim(line);
	value = trim(eq + 1);
	/* it names a build directory: nothing that climbs out of it */
	if (!strcmp(key, "kernel") && *value && !name_is_safe(value)) {
		snprintf(
			err, errlen,
			"%s:%d: invalid kernel '%s' (accepted: letters, digits, '-', '_', '.')",
			path, lineno, value);
		return -1;
	}
	for (size_t i = 0;
	     i < sizeof(variant_fields) / sizeof(variant_fields[0]); i++)
		if (!strcmp(key, variant_fields[i].key))
			return set_field((char *)v + variant_fields[i].offset,
					 variant_fields[i].size, value, path,
					 lineno, err, errlen);
	snprintf(err, errlen, "%s:%d: unknown key '%s' (accepted: %s)", path,
		 lineno, key, variant_keys);
	return -1;
}

int variant_load(const char *root, const char *name, struct variant *v,
		 char *err, size_t errlen)
{
	char path[PATH_MAX], line[1024];
	int lineno = 0, ret = 0;
	FILE *f = NULL;

	memset(v, 0, sizeof(*v));
	if (name_is_safe(name) && strlen(name) < sizeof(v->name)) {
		snprintf(path, sizeof(path),
			 "%s/kernel-variants/%s/variant.conf", root, name);
		f = fopen(path, "r");
	}
	if (!f) {
		char names[1024];

		variant_names(root, names, sizeof(names));
		snprintf(err, errlen, "unknown variant '%s' (accepted: %s)",
			 name, names);
		return -1;
	}
	strcpy(v->name, name);
	while (!ret && fgets(line, sizeof(line), f)) {
		lineno++;
		ret = parse_line(v, line, path, lineno, err, errlen);
	}
	fclose(f);
	if (ret)
		return -1;
	if (!v->kernel[0])
		strcpy(v->kernel, v->name);
	if (!name_is_safe(v->kernel)) {
		snprintf(
			err, errlen,
			"%s: invalid kernel '%s' (accepted: letters, digits, '-', '_', '.')",
			path, v->kernel);
		return -1;
	}
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void variant_names(const char *root, char *buf, size_t len)
{
	char path[PATH_MAX], *names[256];
	size_t n = 0, used = 0;
	struct dirent *de;
	DIR *dir;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "%s/kernel-variants", root);
	dir = opendir(path);
	if (!dir)
		return;
	while ((de = readdir(dir)) && n < 256) {
		char conf[PATH_MAX];

		int len = snprintf(conf, sizeof(conf), "%s/%s/variant.conf",
				   path, de->d_name);

		if (len > 0 && (size_t)len < sizeof(conf) &&
		    de->d_name[0] != '.' && !access(conf, R_OK))
			names[n++] = strdup(de->d_name);
	}
	closedir(dir);
	qsort(names, n, sizeof(names[0]), cmp_names);
	for (size_t i = 0; i < n; i++) {
		if (names[i] && used < len)
			used += snprintf(buf + used, len - used, "%s%s",
					 i ? ", " : "", names[i]);
		free(names[i]);
	}
}
