/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_RUNS_H
#define LOCKHOLD_RUNS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define RUN_KEY_LEN 512

/* One run as the comparison sees it: its metrics.json and its group keys. */
struct run {
	char dir[4096];
	json_t *metrics; /* owned */
	json_t *figures; /* borrowed from metrics */
	const char *name, *variant, *workload, *status;
	int mem_mib;
	/* variant and its own boot parameters (virtio_balloon.*) */
	char variant_key[RUN_KEY_LEN];
	/* what must match for two variants to be compared: workload and
	 * its options, guest size, vCPUs, duration */
	char context_key[RUN_KEY_LEN];
	/* the context without the guest size, for plots against it */
	char size_free_key[RUN_KEY_LEN];
	const char *host; /* meta.json's; NULL: "?" */
	/* the two keys above without the host, which the comparison adds to
	 * them when the runs come from several hosts (groups.c) */
	char context_any_host[RUN_KEY_LEN], size_free_any_host[RUN_KEY_LEN];
	bool ok; /* the run completed */
	bool trace_usable;
	const char *trace_problem; /* why not, or NULL */
};

/*
 * Load dir/metrics.json. Returns 0, or -1 with a one-line error naming the
 * file in err.
 */
int run_load(struct run *r, const char *dir, char *err, size_t errlen);
void run_free(struct run *r);

/* A string of meta.json, or "?" */
const char *run_meta(const struct run *r, const char *key);

/* The number figures[name] of the run, if it has it. */
bool run_figure(const struct run *r, const char *name, double *v);

#endif
