// SPDX-License-Identifier: GPL-2.0
/* The host as a factor of the comparison (host_factor.h). */
#include "host_factor.h"

#include <math.h>
#include <string.h>

#include "figures.h"
#include "report_md.h"

#define LIST_LEN 1024

static json_t *meta_of(const struct run *r)
{
	return json_object_get(r->metrics, "meta");
}

/* The host's entry in hosts, added when new */
static json_t *host_entry(json_t *hosts, const struct run *r)
{
	const char *name = run_host(r);
	json_t *h, *meta = meta_of(r);
	size_t i;

	json_array_foreach(
		hosts, i,
		h) if (!strcmp(json_string_value(json_object_get(h, "host")),
			       name)) return h;
	h = json_pack("{s:s, s:i, s:i, s:i, s:[], s:O?, s:O?, s:s, s:s, s:s}",
		      "host", name, "runs", 0, "completed", 0, "failed", 0,
		      "matrix_cells", "host_cpus",
		      json_object_get(meta, "host_cpus"), "host_mem_mib",
		      json_object_get(meta, "host_mem_mib"), "host_kernel", "",
		      "qemu_version", "", "accel", "");
	json_array_append_new(hosts, h);
	return h;
}

static void count(json_t *h, const char *key)
{
	json_object_set_new(
		h, key,
		json_integer(json_integer_value(json_object_get(h, key)) + 1));
}

/* A meta.json string of the run onto the host's list of them */
static void add_distinct(json_t *h, const char *key, const struct run *r)
{
	char list[LIST_LEN];

	snprintf(list, sizeof(list), "%s",
		 json_string_value(json_object_get(h, key)));
	report_list_add_once(list, sizeof(list), run_meta(r, key));
	json_object_set_new(h, key, json_string(list));
}

static json_t *hosts_of(const struct comparison *c)
{
	json_t *hosts = json_array();

	for (size_t i = 0; i < c->nruns; i++) {
		const struct run *r = &c->runs[i];
		json_t *h = host_entry(hosts, r), *cells, *m;
		char cell[128];
		bool seen = false;
		size_t k;

		count(h, "runs");
		count(h, r->ok ? "completed" : "failed");
		add_distinct(h, "host_kernel", r);
		add_distinct(h, "qemu_version", r);
		add_distinct(h, "accel", r);
		m = json_object_get(meta_of(r), "matrix");
		if (!m)
			continue;
		snprintf(cell, sizeof(cell), "%s:%lld",
			 json_string_value(json_object_get(m, "name")),
			 (long long)json_integer_value(
				 json_object_get(m, "cell")));
		cells = json_object_get(h, "matrix_cells");
		json_array_foreach(cells, k, m)
			seen |= !strcmp(json_string_value(m), cell);
		if (!seen)
			json_array_append_new(cells, json_string(cell));
	}
	return hosts;
}

/* Groups i..: those of group i's variant and context, one a host */
static size_t members(const struct comparison *c, size_t i,
		      const struct group **out)
{
	const struct group *g = &c->groups[i];
	size_t n = 0;

	for (size_t k = 0; k < c->ngroups; k++)
		if (!strcmp(c->groups[k].variant_key, g->variant_key) &&
		    !strcmp(c->groups[k].context_any_host, g->context_any_host))
			out[n++] = &c->groups[k];
	return n;
}

/* One figure over the hosts of a variant and context; NULL on fewer than 2 */
static json_t *figure_spread(const struct figure_def *d, const struct group **m,
			     size_t n)
{
	struct summary s[n], lo = { 0 }, hi = { 0 }, over;
	double means[n];
	const char *lowest = NULL, *highest = NULL;
	json_t *by_host = json_array(), *f;
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		s[i] = group_summary(m[i], d->name);
		if (!s[i].n)
			continue;
		json_t *row = json_pack("{s:s, s:i, s:f, s:f}", "host",
					m[i]->host, "n", (int)s[i].n, "mean",
					s[i].mean, "sd", s[i].sd);

		if (m[i]->baseline && m[i]->baseline != m[i]) {
			struct summary b =
				group_summary(m[i]->baseline, d->name);
			struct welch w = welch_test(&s[i], &b);

			if (w.change_valid)
				json_object_set_new(row, "change_pct",
						    json_real(w.change_pct));
		}
		json_array_append_new(by_host, row);
		if (!lowest || s[i].mean < lo.mean) {
			lo = s[i];
			lowest = m[i]->host;
		}
		if (!highest || s[i].mean > hi.mean) {
			hi = s[i];
			highest = m[i]->host;
		}
		means[k++] = s[i].mean;
	}
	if (k < 2) {
		json_decref(by_host);
		return NULL;
	}
	over = summarize(means, k);
	f = json_pack("{s:s, s:s, s:o, s:f, s:f, s:f, s:f}", "name", d->name,
		      "unit", d->unit, "by_host", by_host, "mean", over.mean,
		      "sd", over.sd, "min", over.min, "max", over.max);
	if (over.mean != 0)
		json_object_set_new(f, "spread_pct",
				    json_real(100 * (over.max - over.min) /
					      fabs(over.mean)));
	/* equal means: no host lowest, nothing to test */
	if (over.max == over.min)
		return f;
	json_object_set_new(f, "lowest", json_string(lowest));
	json_object_set_new(f, "highest", json_string(highest));
	struct welch w = welch_test(&hi, &lo);

	if (w.valid) {
		json_object_set_new(f, "welch_p", json_real(w.p));
		json_object_set_new(f, "significance",
				    json_string(significance_mark(&w)));
	}
	return f;
}

static json_t *spread_of(const struct comparison *c)
{
	json_t *spread = json_array();
	const struct group *m[c->ngroups ? c->ngroups : 1];

	for (size_t i = 0; i < c->ngroups; i++) {
		size_t n = members(c, i, m);
		json_t *figures, *hosts, *one;

		/* once per variant and context: at its first host */
		if (n < 2 || m[0] != &c->groups[i])
			continue;
		figures = json_array();
		hosts = json_array();
		for (size_t k = 0; k < n; k++)
			json_array_append_new(hosts, json_string(m[k]->host));
		for (int d = 0; d < figure_count; d++)
			if ((one = figure_spread(&figure_defs[d], m, n)))
				json_array_append_new(figures, one);
		json_array_append_new(
			spread, json_pack("{s:s, s:s, s:i, s:o, s:o}",
					  "variant", m[0]->variant_key,
					  "context", m[0]->context_any_host,
					  "mem_mib", m[0]->mem_mib, "hosts",
					  hosts, "figures", figures));
	}
	return spread;
}

json_t *host_factor(const struct comparison *c)
{
	return json_pack("{s:o, s:b, s:o}", "hosts", hosts_of(c), "by_host",
			 c->by_host, "spread", spread_of(c));
}

static void hosts_table(FILE *f, json_t *hosts)
{
	json_t *h, *cell;
	size_t i, k;

	fputs("| host | runs | completed | failed | matrix cells | CPUs | memory | host kernel | QEMU | accelerator |\n"
	      "|---|---|---|---|---|---|---|---|---|---|\n",
	      f);
	json_array_foreach(hosts, i, h)
	{
		json_t *cells = json_object_get(h, "matrix_cells");

		fprintf(f, "| %s | %lld | %lld | %lld | ",
			json_string_value(json_object_get(h, "host")),
			(long long)json_integer_value(
				json_object_get(h, "runs")),
			(long long)json_integer_value(
				json_object_get(h, "completed")),
			(long long)json_integer_value(
				json_object_get(h, "failed")));
		json_array_foreach(cells, k, cell) fprintf(
			f, "%s%s", k ? ", " : "", json_string_value(cell));
		fprintf(f, "%s | %lld | %lld MiB | %s | %s | %s |\n",
			json_array_size(cells) ? "" : "–",
			(long long)json_integer_value(
				json_object_get(h, "host_cpus")),
			(long long)json_integer_value(
				json_object_get(h, "host_mem_mib")),
			json_string_value(json_object_get(h, "host_kernel")),
			json_string_value(json_object_get(h, "qemu_version")),
			json_string_value(json_object_get(h, "accel")));
	}
	fputc('\n', f);
}

/* " MEAN ±SD (n=N) [CHANGE] |" of one host's runs, "–" without */
static void host_cell(FILE *f, const struct figure_def *d, json_t *by_host,
		      const char *host)
{
	json_t *row;
	const char *unit;
	size_t i;

	json_array_foreach(by_host, i, row)
	{
		json_t *change = json_object_get(row, "change_pct");
		long long n = json_integer_value(json_object_get(row, "n"));

		if (strcmp(json_string_value(json_object_get(row, "host")),
			   host))
			continue;
		fprintf(f, " %.4g",
			report_shown(
				d,
				json_number_value(json_object_get(row, "mean")),
				&unit));
		if (n >= 2)
			fprintf(f, " ±%.2g",
				report_shown(d,
					     json_number_value(json_object_get(
						     row, "sd")),
					     &unit));
		fprintf(f, " (n=%lld)", n);
		if (change)
			fprintf(f, " [%+.1f %%]", json_number_value(change));
		fputs(" |", f);
		return;
	}
	fputs(" – |", f);
}

static void spread_table(FILE *f, json_t *s)
{
	json_t *hosts = json_object_get(s, "hosts"), *h, *fig;
	size_t i, k;
	int zeros = 0;

	fprintf(f, "### %s, %s\n\n| metric | unit |",
		json_string_value(json_object_get(s, "variant")),
		json_string_value(json_object_get(s, "context")));
	json_array_foreach(hosts, i, h)
		fprintf(f, " %s |", json_string_value(h));
	fputs(" spread between hosts | furthest apart |\n|---|---|", f);
	json_array_foreach(hosts, i, h) fputs("---|", f);
	fputs("---|---|\n", f);
	json_array_foreach(json_object_get(s, "figures"), k, fig)
	{
		const struct figure_def *d = figure_find(
			json_string_value(json_object_get(fig, "name")));
		json_t *pct = json_object_get(fig, "spread_pct");
		json_t *mark = json_object_get(fig, "significance");
		const char *unit;

		/* nought on every host: nothing to set apart */
		if (!json_number_value(json_object_get(fig, "min")) &&
		    !json_number_value(json_object_get(fig, "max"))) {
			zeros++;
			continue;
		}
		report_shown(d, 0, &unit);
		fprintf(f, "| %s: %s | %s |", d->name, d->what, unit);
		json_array_foreach(hosts, i, h)
			host_cell(f, d, json_object_get(fig, "by_host"),
				  json_string_value(h));
		if (pct)
			fprintf(f, " %.1f %% |", json_number_value(pct));
		else
			fputs(" – |", f);
		if (json_object_get(fig, "lowest"))
			fprintf(f, " %s < %s%s%s |\n",
				json_string_value(
					json_object_get(fig, "lowest")),
				json_string_value(
					json_object_get(fig, "highest")),
				mark && *json_string_value(mark) ? " " : "",
				mark ? json_string_value(mark) : "");
		else
			fputs(" equal |\n", f);
	}
	fputc('\n', f);
	if (zeros)
		fprintf(f,
			"%d more figure(s) nought on every host: in comparison.csv.\n\n",
			zeros);
}

void host_factor_report(FILE *f, const struct comparison *c, json_t *hf)
{
	json_t *hosts = json_object_get(hf, "hosts"), *s;
	size_t i;

	if (json_array_size(hosts) < 2)
		return;
	fprintf(f,
		"## Hosts\n\n"
		"These runs come from %zu hosts, each named by the meta.json of its runs (`host`). "
		"The host is a factor of the comparison: ",
		json_array_size(hosts));
	if (c->by_host)
		fputs("the runs of a variant on different hosts are not pooled, each host's are a group "
		      "of their own (its context ends in `host=NAME`), and a variant is compared with the "
		      "baseline on its own host. For each variant and context run on two hosts or more: "
		      "each figure's mean on each host (±sd, n: its runs; in brackets its change against "
		      "the baseline on that host), the spread between the hosts' means, (highest − lowest) "
		      "/ their mean, and the two hosts furthest apart, lowest < highest, marked when they "
		      "differ beyond their runs' own spread (Welch's t-test, `**` p < 0.01, `*` p < 0.05). "
		      "Every figure's spread is also in comparison.csv (`METRIC_host_spread`).\n\n",
		      f);
	else
		fputs("only one host has completed runs, so there is nothing to set apart.\n\n",
		      f);
	hosts_table(f, hosts);
	json_array_foreach(json_object_get(hf, "spread"), i, s)
		spread_table(f, s);
	if (c->by_host && !json_array_size(json_object_get(hf, "spread")))
		fputs("No variant ran in the same context on two hosts: no spread between hosts to show.\n\n",
		      f);
}
