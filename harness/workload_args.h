/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_WORKLOAD_ARGS_H
#define LOCKHOLD_WORKLOAD_ARGS_H

#include <stdbool.h>

#define WORKLOAD_ARGS_MAX_LEN 512
#define WORKLOAD_ARGS_MAX_PAIRS 30

/*
 * --workload-args, NAME=VALUE[,NAME=VALUE]...: the one parser of the
 * format on the host. Names and values are letters, digits and -_./, as
 * they land on the guest's kernel command line (guest/init splits them
 * again, in shell). flag[i] is "--NAME", value[i] its value, both pointing
 * into buf.
 */
struct workload_args {
	char buf[2 * WORKLOAD_ARGS_MAX_LEN];
	const char *flag[WORKLOAD_ARGS_MAX_PAIRS];
	const char *value[WORKLOAD_ARGS_MAX_PAIRS];
	int n;
};

/* 0, or -1 when args is not of the format (or too long, too many pairs) */
int workload_args_parse(const char *args, struct workload_args *wa);

/* Whether the option NAME (without "--") is among them */
bool workload_args_has(const struct workload_args *wa, const char *name);

#endif
