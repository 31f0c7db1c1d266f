// SPDX-License-Identifier: GPL-2.0
/*
 * A run as a whole: its result directory, the guest's life, the collection
 * of what the guest and the QEMUs wrote, the verdict, and the directory
 * committed whatever happened.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../guest/protocol.h"
#include "bench_run.h"
#include "clock.h"
#include "console_log.h"
#include "guest_cmdline.h"
#include "host_files.h"
#include "provenance.h"
#include "splat.h"

/* The guest wrote its results into the 9p share; lift them to the top. */
static void collect_guest_files(struct bench_run *r)
{
	static const char *const files[] = { PROTO_RESULT_FILES };
	char from[PATH_MAX + 64], to[PATH_MAX];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(from, sizeof(from), "%s/%s", r->share, files[i]);
		rundir_path(&r->rd, files[i], to, sizeof(to));
		rename(from, to);
	}
	rmdir(r->share);
}

static bool collected(struct bench_run *r, const char *file)
{
	char path[PATH_MAX];
	struct stat st;

	rundir_path(&r->rd, file, path, sizeof(path));
	return !stat(path, &st) && st.st_size > 0;
}

/* Any kernel splat on either console fails the run (harness/splat.c). */
static int check_splats(struct bench_run *r, int ret)
{
	const char *consoles[2], *roles[2] = { r->src.role, r->dst.role };

	serial_refresh(&r->src.console);
	serial_refresh(&r->dst.console);
	consoles[0] = r->src.console.data;
	consoles[1] = r->dst.console.data;
	return splat_check_run(consoles, roles, r->meta, ret, r->err,
			       sizeof(r->err));
}

static json_t *run_meta_initial(struct bench_run *r)
{
	const struct bench_options *o = r->opt;
	const struct variant *v = r->variant;
	json_t *meta = provenance_host(r->root);
	char params[sizeof(v->cmdline) + 256];

	json_object_update_missing_new(
		meta,
		json_pack(
			"{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:s, s:I, s:I, s:s, s:{}}",
			"variant", v->name, "variant_description",
			v->description, "kernel", v->kernel, "kernel_release",
			r->kernel_release, "balloon", v->balloon, "workload",
			o->workload, "workload_args", o->workload_args ?: "",
			"trace_events", o->trace ? o->events : "none",
			"mem_mib", (json_int_t)r->mem_mib, "vcpus",
			(json_int_t)o->vcpus, "duration_s",
			(json_int_t)o->duration_s, "migrate_at_s",
			(json_int_t)o->migrate_at_s, "prefill_pct",
			(json_int_t)o->prefill_pct, "run_index",
			(json_int_t)r->index, "accel", accel_name(r->accel),
			"accel_reason", r->accel_reason, "runs",
			(json_int_t)o->runs, "bandwidth_mib",
			(json_int_t)o->bandwidth_mib, "status", "running",
			"phase_seconds"));
	/*
	 * What the analysis groups runs by, recorded rather than recovered:
	 * the boot parameters the run's variant ran with, its own and the
	 * sweep's, and of these the swept ones alone.
	 */
	boot_params(v, r->swept_params, params, sizeof(params));
	json_object_set_new(meta, "variant_params", json_string(params));
	json_object_set_new(meta, "swept_params", json_string(r->swept_params));
	json_object_set_new(meta, "rounds_on_demand",
			    json_pack("{s:I, s:f}", "rounds",
				      (json_int_t)o->rounds, "every_s",
				      o->round_every_ms / 1000.0));
	/* a matrix's cell: which, so that its runs can be told apart */
	if (o->cell)
		json_object_set_new(meta, "matrix",
				    json_pack("{s:s, s:I}", "name", o->cell_of,
					      "cell", (json_int_t)o->cell));
	json_object_set_new(meta, "debug", json_boolean(o->debug));
	json_object_set_new(meta, "timeout_s", json_integer(o->timeout_s));
	return meta;
}

/*
 * The host side into the run directory and meta.json, sampled until now:
 * called before the QEMUs quit, whose memory is then let go. A file that
 * cannot be written costs the run its host figures, not its result.
 */
static void record_host_side(struct bench_run *r)
{
	const struct host_samples *hs;
	char err[RUN_ERR_LEN];
	json_t *meta;

	host_sampler_stop(r->host);
	hs = host_sampler_samples(r->host);
	if (!hs)
		return;
	meta = host_files_meta(hs);
	if (host_files_write(hs, &r->rd, err, sizeof(err))) {
		run_progress(r, "warning: %s: no host figures", err);
		json_object_set_new(meta, "error", json_string(err));
	}
	json_object_set_new(r->meta, "host_sampling", meta);
	host_sampler_free(r->host);
	r->host = NULL;
}

void scratch_remove(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	char path[PATH_MAX];

	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			unlink(path);
		}
	if (d)
		closedir(d);
	rmdir(dir);
}

int run_one(struct bench_run *r)
{
	char name[256], stamp[32], err[RUN_ERR_LEN];
	time_t now = time(NULL);
	int64_t t0 = now_ms();
	int ret;

	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", localtime(&now));
	snprintf(name, sizeof(name), "%s-%s%s%s-%s-%uM-run%u", stamp,
		 r->variant->name, *r->swept_params ? "-" : "", r->swept_params,
		 r->opt->workload, r->mem_mib, r->index);
	/* "m.p=v m.q=w" into "m.p=v+m.q=w": no spaces in a path QEMU gets */
	for (char *c = name; *c; c++)
		if (*c == ' ')
			*c = '+';
	if (rundir_create(&r->rd, r->opt->out_dir, name, r->err,
			  sizeof(r->err)))
		return -1;
	rundir_path(&r->rd, "guest", r->share, sizeof(r->share));
	strcpy(r->scratch, "/tmp/lockhold.XXXXXX");
	if (mkdir(r->share, 0777) || !mkdtemp(r->scratch))
		return run_error(r, "cannot create %s: %s", r->share,
				 strerror(errno));
	r->meta = run_meta_initial(r);
	if (!r->opt->host_sampling)
		json_object_set_new(r->meta, "host_sampling",
				    json_pack("{s:b}", "off", 1));
	else if (!(r->host = host_sampler_start(t0, HOST_SAMPLE_PERIOD_MS, err,
						sizeof(err)))) {
		run_progress(r, "warning: %s: no host figures", err);
		json_object_set_new(r->meta, "host_sampling",
				    json_pack("{s:s}", "error", err));
	}

	ret = run_guest(r);
	/* A full disk the guest's copy hit unnoticed leaves truncated files. */
	if (!ret && rundir_check_space(&r->rd, r->err, sizeof(r->err))) {
		r->no_space = true;
		ret = -1;
	}
	if (ret) {
		run_name_cause(r);
		run_dump_vcpus(r);
	}

	record_host_side(r);
	slot_stop(&r->dst);
	slot_stop(&r->src);
	ret = check_splats(r, ret);
	slot_release(&r->src);
	slot_release(&r->dst);
	if (r->no_space)
		scratch_remove(r->share); /* what the guest half-wrote */
	console_log_merge(&r->rd);
	collect_guest_files(r);
	if (!ret && ((r->opt->trace && !collected(r, PROTO_FILE_TRACE)) ||
		     !collected(r, PROTO_FILE_WORKLOAD))) {
		run_error(
			r,
			"guest finished but trace.dat or workload.json is missing or empty");
		ret = -1;
	}
	run_meta_phase(r, "total", t0);
	json_object_set_new(r->meta, "status",
			    json_string(ret ? "failed" : "ok"));
	if (ret)
		json_object_set_new(r->meta, "error", json_string(r->err));
	/* Whatever was written, the directory is committed: failed if need be. */
	if (rundir_write_json(&r->rd, "meta.json", r->meta, err, sizeof(err)) &&
	    !ret) {
		run_error(r, "%s", err);
		ret = -1;
	}
	if (rundir_commit(&r->rd, ret != 0, err, sizeof(err))) {
		if (!ret)
			run_error(r, "%s", err);
		ret = -1;
	}
	json_decref(r->meta);
	scratch_remove(r->scratch);
	if (!ret)
		run_progress(r, "done in %.1f s: %s", (now_ms() - t0) / 1000.0,
			     r->rd.final);
	return ret;
}
