// SPDX-License-Identifier: GPL-2.0
/*
 * lockhold-metrics RUN_DIR...: read each run's trace.dat, zone-locks.txt,
 * meta.json, migration.json, workload.json and the host sampler's
 * host-*.tsv, and write the run's figures
 * to RUN_DIR/metrics.json (atomically). A run whose trace cannot be read,
 * or lost events, still gets its metrics.json, with the trace marked
 * unusable; so does one whose zone-locks.txt is malformed, with only the
 * events naming zone locks.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../harness/host_files.h"
#include "figures.h"
#include "hint_metrics.h"
#include "host_side.h"
#include "perf_lock.h"
#include "release_host.h"
#include "release_phases.h"
#include "rounds_on_demand.h"
#include "run_files.h"
#include "trace_reader.h"
#include "workload_windows.h"
#include "zone_locks.h"

#define ERR_LEN (PATH_MAX + 1024)

static const char *const run_inputs[] = {
	PROTO_FILE_TRACE,      "meta.json",	    "migration.json",
	PROTO_FILE_ZONE_LOCKS, PROTO_FILE_WORKLOAD, PROTO_FILE_PERF_LOCK,
	HOST_FILE_RSS,	       HOST_FILE_THREADS,   HOST_FILE_MARKS
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: lockhold-metrics [--force] [--quiet] RUN_DIR...\n"
		"  writes RUN_DIR/metrics.json from the run's trace.dat and JSON files;\n"
		"  a run whose metrics.json is newer than its inputs and this program is\n"
		"  skipped unless --force. Exit 1 when a trace was unusable or a\n"
		"  zone-locks.txt malformed.\n");
}

static double mtime_of(const char *path)
{
	struct stat st;

	if (stat(path, &st))
		return -1;
	return st.st_mtim.tv_sec + st.st_mtim.tv_nsec / 1e9;
}

static bool up_to_date(const char *dir)
{
	char path[PATH_MAX];
	double out, self = mtime_of("/proc/self/exe");

	snprintf(path, sizeof(path), "%s/metrics.json", dir);
	out = mtime_of(path);
	if (out < 0 || out < self)
		return false;
	for (size_t i = 0; i < sizeof(run_inputs) / sizeof(run_inputs[0]);
	     i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, run_inputs[i]);
		if (mtime_of(path) > out)
			return false;
	}
	return true;
}

/* The last component of dir, trailing slashes ignored. */
static const char *run_name(const char *dir, char *name, size_t len)
{
	size_t n = strlen(dir);
	const char *start;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	start = dir + n;
	while (start > dir && start[-1] != '/')
		start--;
	snprintf(name, len, "%.*s", (int)(dir + n - start), start);
	return name;
}

static json_t *trace_part(const char *dir, struct hint_metrics *m, bool *usable,
			  char *err, size_t errlen)
{
	struct trace_read_stats st;
	char path[PATH_MAX];
	json_t *j, *events;

	snprintf(path, sizeof(path), "%s/trace.dat", dir);
	*usable = false;
	if (trace_read(path, hint_metrics_add, m, &st, err, errlen))
		return json_pack("{s:s, s:b, s:s}", "file", "trace.dat",
				 "usable", 0, "error", err);
	events = json_object();
	for (int k = 0; k < TRACE_KINDS; k++)
		if (st.present[k])
			json_object_set_new(
				events, trace_kind_name(k),
				json_integer((json_int_t)st.samples[k]));
	j = json_pack("{s:s, s:I, s:o, s:I, s:I, s:f}", "file", "trace.dat",
		      "records", (json_int_t)st.records, "events", events,
		      "missed_events", (json_int_t)st.missed_events,
		      "missed_unknown", (json_int_t)st.missed_unknown, "span_s",
		      (st.last_ts - st.first_ts) / 1e9);
	if (st.missed_events || st.missed_unknown) {
		snprintf(
			err, errlen,
			"%s: the ring buffer lost events (%llu counted, %llu more times uncounted): its trace figures are not used",
			path, (unsigned long long)st.missed_events,
			(unsigned long long)st.missed_unknown);
		json_object_set_new(j, "flag", json_string(err));
	} else if (!st.present[TRACE_LOCK_HOLD]) {
		snprintf(
			err, errlen,
			"%s: no free_page_hint events recorded: not a lockhold guest trace",
			path);
		json_object_set_new(j, "flag", json_string(err));
	} else {
		*usable = true;
	}
	json_object_set_new(j, "usable", json_boolean(*usable));
	return j;
}

/* Attach dir/name under key, or record why it could not be read. */
static void attach(json_t *metrics, const char *dir, const char *name,
		   const char *key, json_t *problems)
{
	char err[ERR_LEN];
	json_t *j = run_file_load(dir, name, err, sizeof(err));

	if (j)
		json_object_set_new(metrics, key, j);
	else if (err[0])
		json_array_append_new(problems, json_string(err));
}

/* The host side, from the sampler's files; a run from before has none. */
static void attach_host(json_t *metrics, const char *dir, json_t *problems)
{
	struct host_samples_read h;
	char err[ERR_LEN];
	int st = host_samples_load(dir, &h, err, sizeof(err));
	json_t *host;

	if (st < 0)
		json_array_append_new(problems, json_string(err));
	if (st)
		return;
	host = host_side(&h, figure_path(metrics, "meta.host_sampling"));
	if (host)
		json_object_set_new(metrics, "host", host);
	host_samples_free(&h);
}

/*
 * The kernel's record of its zone locks, before the trace is read: what
 * decides which contended locks are zone locks. Returns false when the
 * file is there but cannot be used (err says why).
 */
static bool boot_record(const char *dir, struct hint_metrics *m, char *err,
			size_t errlen)
{
	struct zone_lock_boot b;
	int st = zone_locks_load(dir, &b, err, errlen);

	hint_metrics_boot_record(m, &b, st, err);
	return st >= 0;
}

/*
 * 0: trace usable; 1: metrics written, trace unusable or zone-locks.txt
 * malformed; -1: nothing written.
 * crash_sig: a first attempt died of this signal inside libtracecmd (it
 * crashes on some corrupted files), so the trace is not read again.
 */
static int one_run(const char *dir, int crash_sig)
{
	char err[ERR_LEN], path[PATH_MAX];
	struct hint_metrics m;
	json_t *metrics, *problems, *trace, *windows, *rounds, *phases,
		*given_back;
	bool usable, boot_ok;
	char name[256];
	int ret;

	snprintf(path, sizeof(path), "%s/meta.json", dir);
	if (access(path, R_OK)) {
		fprintf(stderr,
			"error: %s: no meta.json: not a run directory (expected a directory bench wrote, with meta.json)\n",
			dir);
		return -1;
	}
	metrics = json_object();
	problems = json_array();
	json_object_set_new(metrics, "run",
			    json_string(run_name(dir, name, sizeof(name))));
	attach(metrics, dir, "meta.json", "meta", problems);
	attach(metrics, dir, "migration.json", "migration", problems);
	attach(metrics, dir, "workload.json", "workload", problems);
	rounds = rounds_on_demand_load(dir, err, sizeof(err));
	if (rounds)
		json_object_set_new(metrics, "rounds_on_demand", rounds);
	else if (err[0])
		json_array_append_new(problems, json_string(err));

	hint_metrics_init(&m);
	boot_ok = boot_record(dir, &m, err, sizeof(err));
	if (!boot_ok) {
		fprintf(stderr, "error: %s\n", err);
		json_array_append_new(problems, json_string(err));
	}
	if (crash_sig) {
		snprintf(
			err, sizeof(err),
			"%s/trace.dat: reading it crashed the reader (%s): corrupted?",
			dir, strsignal(crash_sig));
		usable = false;
		trace = json_pack("{s:s, s:b, s:s}", "file", "trace.dat",
				  "usable", 0, "error", err);
	} else {
		trace = trace_part(dir, &m, &usable, err, sizeof(err));
	}
	json_object_set_new(metrics, "trace", trace);
	if (usable) {
		json_t *hint = hint_metrics_to_json(&m), *perf, *timed;

		json_object_update(metrics, hint);
		json_decref(hint);
		timed = coverage_timed_migration(metrics, &m.timed);
		if (timed)
			json_object_set_new(metrics, "coverage_by_migration",
					    timed);
		perf = perf_lock_compare(dir, metrics);
		if (perf)
			json_object_set_new(metrics, "perf_lock", perf);
	}
	hint_metrics_free(&m);
	if (!usable) {
		fprintf(stderr, "error: %s\n", err);
		json_array_append_new(problems, json_string(err));
	}
	windows = workload_windows(metrics);
	if (windows)
		json_object_set_new(metrics, "workload_windows", windows);
	phases = release_phases(metrics);
	if (phases)
		json_object_set_new(metrics, "release_phases", phases);
	attach_host(metrics, dir, problems);
	given_back = release_host(metrics);
	if (given_back)
		json_object_set_new(metrics, "release_host", given_back);
	json_object_set_new(metrics, "figures",
			    figures_from_metrics(metrics, usable));
	json_object_set_new(metrics, "problems", problems);
	ret = usable && boot_ok ? 0 : 1;
	if (run_file_write(dir, "metrics.json", metrics, err, sizeof(err))) {
		fprintf(stderr, "error: %s\n", err);
		ret = -1;
	}
	json_decref(metrics);
	return ret;
}

/* One run in a child process, so that a crash is one run's error. */
static int isolated_run(const char *dir)
{
	int wstatus;
	pid_t pid;

	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return one_run(dir, 0);
	if (pid == 0)
		_exit(one_run(dir, 0) & 0xff);
	if (waitpid(pid, &wstatus, 0) != pid)
		return -1;
	if (WIFSIGNALED(wstatus))
		return one_run(dir, WTERMSIG(wstatus));
	return (signed char)WEXITSTATUS(wstatus);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	bool force = false, quiet = false;
	int c, status = 0, done = 0, skipped = 0;

	while ((c = getopt_long(argc, argv, "fqh", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			force = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind == argc) {
		usage(stderr);
		return 2;
	}
	for (int i = optind; i < argc; i++) {
		const char *dir = argv[i];

		if (!force && up_to_date(dir)) {
			skipped++;
			continue;
		}
		if (!quiet)
			fprintf(stderr, "metrics: [%d/%d] %s\n", i - optind + 1,
				argc - optind, dir);
		int r = isolated_run(dir);

		if (r < 0)
			status = 2;
		else if (r > 0 && !status)
			status = 1;
		done++;
	}
	if (!quiet)
		fprintf(stderr, "metrics: %d run(s) analysed, %d up to date\n",
			done, skipped);
	return status;
}
