// SPDX-License-Identifier: GPL-2.0
#include "groups.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "work_fit_pooled.h"

static struct group *find(struct comparison *c, const struct run *r)
{
	for (size_t i = 0; i < c->ngroups; i++)
		if (!strcmp(c->groups[i].variant_key, r->variant_key) &&
		    !strcmp(c->groups[i].context_key, r->context_key))
			return &c->groups[i];
	return NULL;
}

/* Order of first appearance; within a context the baseline first. */
static int rank(const struct comparison *c, const struct group *g)
{
	return !strcmp(g->variant, c->baseline) ? -1 : g->order;
}

static const struct comparison *sorting;

static int by_context(const void *a, const void *b)
{
	const struct group *ga = a, *gb = b;
	int d = strcmp(ga->context_key, gb->context_key);

	if (d)
		return d;
	return rank(sorting, ga) - rank(sorting, gb);
}

const char *run_host(const struct run *r)
{
	return r->host ? r->host : "?";
}

/* Whether the completed runs come from more than one host */
static bool several_hosts(const struct run *runs, size_t nruns)
{
	const char *first = NULL;

	for (size_t i = 0; i < nruns; i++) {
		if (!runs[i].ok)
			continue;
		if (first && strcmp(first, run_host(&runs[i])))
			return true;
		first = run_host(&runs[i]);
	}
	return false;
}

/* The keys without the host, kept; with it when the hosts are several */
static void key_by_host(struct run *r, bool by_host)
{
	if (!r->context_any_host[0]) {
		snprintf(r->context_any_host, sizeof(r->context_any_host), "%s",
			 r->context_key);
		snprintf(r->size_free_any_host, sizeof(r->size_free_any_host),
			 "%s", r->size_free_key);
	}
	snprintf(r->context_key, sizeof(r->context_key), "%.440s%s%.64s",
		 r->context_any_host, by_host ? " host=" : "",
		 by_host ? run_host(r) : "");
	snprintf(r->size_free_key, sizeof(r->size_free_key), "%.440s%s%.64s",
		 r->size_free_any_host, by_host ? " host=" : "",
		 by_host ? run_host(r) : "");
}

int comparison_build(struct comparison *c, struct run *runs, size_t nruns,
		     const char *baseline)
{
	memset(c, 0, sizeof(*c));
	c->by_host = several_hosts(runs, nruns);
	for (size_t i = 0; i < nruns; i++)
		key_by_host(&runs[i], c->by_host);
	c->baseline = baseline;
	c->runs = runs;
	c->nruns = nruns;
	c->groups = calloc(nruns ? nruns : 1, sizeof(*c->groups));
	if (!c->groups)
		return -1;
	for (size_t i = 0; i < nruns; i++) {
		struct run *r = &runs[i];
		struct group *g;

		if (!r->ok)
			continue;
		g = find(c, r);
		if (!g) {
			g = &c->groups[c->ngroups++];
			*g = (struct group){
				.variant = r->variant,
				.variant_key = r->variant_key,
				.context_key = r->context_key,
				.size_free_key = r->size_free_key,
				.host = run_host(r),
				.context_any_host = r->context_any_host,
				.mem_mib = r->mem_mib,
				.order = (int)c->ngroups - 1,
				.runs = calloc(nruns, sizeof(struct run *)),
			};
			if (!g->runs)
				return -1;
		}
		g->runs[g->n++] = r;
	}
	sorting = c;
	qsort(c->groups, c->ngroups, sizeof(*c->groups), by_context);
	for (size_t i = 0; i < c->ngroups; i++) {
		struct group *g = &c->groups[i];

		for (size_t j = 0; j < c->ngroups; j++)
			if (!strcmp(c->groups[j].variant, baseline) &&
			    !strcmp(c->groups[j].context_key, g->context_key))
				g->baseline = &c->groups[j];
		g->work = work_pooled_group(g);
		if (!g->work)
			return -1;
	}
	return 0;
}

void comparison_free(struct comparison *c)
{
	for (size_t i = 0; i < c->ngroups; i++) {
		free(c->groups[i].runs);
		json_decref(c->groups[i].work);
	}
	free(c->groups);
	memset(c, 0, sizeof(*c));
}

bool groups_same_but_size(const struct group *a, const struct group *b)
{
	return !strcmp(a->variant_key, b->variant_key) &&
	       !strcmp(a->size_free_key, b->size_free_key);
}

struct summary group_summary(const struct group *g, const char *metric)
{
	double *v = calloc(g->n ? g->n : 1, sizeof(*v));
	size_t n = 0;
	struct summary s = { 0 };

	if (!v)
		return s;
	for (size_t i = 0; i < g->n; i++)
		n += run_figure(g->runs[i], metric, &v[n]);
	s = summarize(v, n);
	free(v);
	return s;
}

bool comparison_has_baseline(const struct comparison *c)
{
	for (size_t i = 0; i < c->ngroups; i++)
		if (!strcmp(c->groups[i].variant, c->baseline))
			return true;
	return false;
}
