// SPDX-License-Identifier: GPL-2.0
#include "runs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run_files.h"

const char *run_meta(const struct run *r, const char *key)
{
	const char *s = json_string_value(
		json_object_get(json_object_get(r->metrics, "meta"), key));

	return s ? s : "?";
}

static int meta_int(const struct run *r, const char *key)
{
	return (int)json_number_value(
		json_object_get(json_object_get(r->metrics, "meta"), key));
}

/*
 * The variant's own boot parameters, as meta.json records them; for a run
 * from before it did, the virtio_balloon.* of its guest command line.
 */
static void variant_params(const struct run *r, char *out, size_t len)
{
	json_t *meta = json_object_get(r->metrics, "meta");
	json_t *recorded = json_object_get(meta, "variant_params");
	const char *cmdline = run_meta(r, "guest_cmdline");
	size_t used = 0;

	out[0] = '\0';
	if (json_is_string(recorded)) {
		snprintf(out, len, "%s", json_string_value(recorded));
		return;
	}
	for (const char *p = cmdline; (p = strstr(p, "virtio_balloon."));) {
		size_t n = strcspn(p, " ");

		if (used + n + 2 < len)
			used += snprintf(out + used, len - used, "%s%.*s",
					 used ? " " : "", (int)n, p);
		p += n;
	}
}

/*
 * " rounds=N every=Ss" for runs whose hinting rounds the guest ran on
 * demand, without a migration: they compare only with each other.
 */
static void rounds_on_demand(const struct run *r, char *out, size_t len)
{
	json_t *meta = json_object_get(r->metrics, "meta");
	json_t *od = json_object_get(meta, "rounds_on_demand");
	json_int_t n = json_integer_value(json_object_get(od, "rounds"));

	out[0] = '\0';
	if (n > 0)
		snprintf(out, len, " rounds=%lld every=%gs", (long long)n,
			 json_number_value(json_object_get(od, "every_s")));
}

/* k=v of workload.json's options, in its (sorted) key order */
static void workload_options(const struct run *r, char *out, size_t len)
{
	json_t *opts = json_object_get(json_object_get(r->metrics, "workload"),
				       "options");
	const char *k;
	json_t *v;
	size_t used = 0;

	out[0] = '\0';
	json_object_foreach(opts, k, v)
	{
		char *val = json_dumps(v, JSON_ENCODE_ANY);

		if (val && used + strlen(k) + strlen(val) + 3 < len)
			used += snprintf(out + used, len - used, "%s%s=%s",
					 used ? " " : "", k, val);
		free(val);
	}
}

int run_load(struct run *r, const char *dir, char *err, size_t errlen)
{
	char params[256], opts[256], rounds[64];
	json_t *trace;

	memset(r, 0, sizeof(*r));
	snprintf(r->dir, sizeof(r->dir), "%s", dir);
	r->metrics = run_file_load(dir, "metrics.json", err, errlen);
	if (!r->metrics) {
		if (!err[0])
			snprintf(
				err, errlen,
				"%s/metrics.json: missing (run lockhold-metrics on the run first)",
				dir);
		return -1;
	}
	r->figures = json_object_get(r->metrics, "figures");
	r->name = json_string_value(json_object_get(r->metrics, "run"));
	if (!r->name || !json_is_object(r->figures)) {
		snprintf(
			err, errlen,
			"%s/metrics.json: no 'run' or 'figures': not written by lockhold-metrics",
			dir);
		json_decref(r->metrics);
		r->metrics = NULL;
		return -1;
	}
	r->variant = run_meta(r, "variant");
	r->workload = run_meta(r, "workload");
	r->status = run_meta(r, "status");
	r->mem_mib = meta_int(r, "mem_mib");
	r->host = run_meta(r, "host");
	r->ok = !strcmp(r->status, "ok");
	trace = json_object_get(r->metrics, "trace");
	r->trace_usable = json_is_true(json_object_get(trace, "usable"));
	r->trace_problem = json_string_value(json_object_get(trace, "error"));
	if (!r->trace_problem)
		r->trace_problem =
			json_string_value(json_object_get(trace, "flag"));

	variant_params(r, params, sizeof(params));
	workload_options(r, opts, sizeof(opts));
	snprintf(r->variant_key, sizeof(r->variant_key), "%s%s%s", r->variant,
		 params[0] ? " " : "", params);
	rounds_on_demand(r, rounds, sizeof(rounds));
	snprintf(r->size_free_key, sizeof(r->size_free_key),
		 "%.64s%s%.256s vcpus=%d duration=%ds%s", r->workload,
		 opts[0] ? " " : "", opts, meta_int(r, "vcpus"),
		 meta_int(r, "duration_s"), rounds);
	snprintf(r->context_key, sizeof(r->context_key), "%.400s mem=%dM",
		 r->size_free_key, r->mem_mib);
	return 0;
}

void run_free(struct run *r)
{
	json_decref(r->metrics);
	r->metrics = NULL;
}

bool run_figure(const struct run *r, const char *name, double *v)
{
	json_t *j = json_object_get(r->figures, name);

	if (!json_is_number(j))
		return false;
	*v = json_number_value(j);
	return true;
}
