// SPDX-License-Identifier: GPL-2.0
/* --workload-args NAME=VALUE[,NAME=VALUE]... (workload_args.h) */
#include "workload_args.h"

#include <string.h>

static const char allowed[] = "abcdefghijklmnopqrstuvwxyz"
			      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./";

int workload_args_parse(const char *args, struct workload_args *wa)
{
	char *to = wa->buf;

	wa->n = 0;
	if (!*args || strlen(args) > WORKLOAD_ARGS_MAX_LEN)
		return -1;
	for (;;) {
		size_t name = strspn(args, allowed), value;

		if (!name || args[name] != '=' ||
		    wa->n == WORKLOAD_ARGS_MAX_PAIRS)
			return -1;
		value = strspn(args + name + 1, allowed);
		if (!value)
			return -1;
		/* "--NAME\0VALUE\0": 4 bytes more than the pair's 2 + lengths */
		wa->flag[wa->n] = to;
		to = stpcpy(to, "--");
		memcpy(to, args, name);
		to += name;
		*to++ = '\0';
		wa->value[wa->n] = to;
		memcpy(to, args + name + 1, value);
		to += value;
		*to++ = '\0';
		wa->n++;
		args += name + 1 + value;
		if (!*args)
			return 0;
		if (*args++ != ',')
			return -1;
	}
}

bool workload_args_has(const struct workload_args *wa, const char *name)
{
	for (int i = 0; i < wa->n; i++)
		if (!strcmp(wa->flag[i] + 2, name))
			return true;
	return false;
}
