/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_GROUPS_H
#define LOCKHOLD_GROUPS_H

#include <stddef.h>

#include "runs.h"
#include "stats.h"

/* The repetitions of one variant (with its parameters) in one context. */
struct group {
	const char *variant, *variant_key, *context_key, *size_free_key;
	/* the host its runs ran on, and its context without it */
	const char *host, *context_any_host;
	int mem_mib;
	struct run **runs;
	size_t n;
	const struct group *baseline; /* same context, baseline variant */
	int order; /* of first appearance among the runs */
	/* the hinting holds of its runs pooled, and their fit
	 * (work_fit_pooled.h); owned */
	json_t *work;
};

struct comparison {
	const char *baseline; /* variant name */
	struct run *runs;
	size_t nruns;
	struct group *groups; /* by context, the baseline first in each */
	size_t ngroups;
	/*
	 * The completed runs came from several hosts: each context is one
	 * host's (" host=NAME" ends its key), so that runs of a variant on
	 * different hosts are never pooled, and each variant is compared
	 * with the baseline on its own host.
	 */
	bool by_host;
};

/*
 * Group the completed runs (status ok) of runs[], by host too when they
 * come from several (by_host). Within a context the baseline comes first,
 * then the variants in the order they first ran.
 */
int comparison_build(struct comparison *c, struct run *runs, size_t nruns,
		     const char *baseline);
void comparison_free(struct comparison *c);

/* The metric over the group's runs that have it. */
struct summary group_summary(const struct group *g, const char *metric);

/*
 * a and b differ at most in guest size: the same variant and boot
 * parameters, in the same context but for the size (one series of a
 * sweep over sizes).
 */
bool groups_same_but_size(const struct group *a, const struct group *b);

/* Whether any run in c has a baseline variant at all */
bool comparison_has_baseline(const struct comparison *c);

/* A run's host, "?" when meta.json has none */
const char *run_host(const struct run *r);

#endif
