// SPDX-License-Identifier: GPL-2.0
/*
 * bench: one benchmark run = boot a variant's guest kernel in QEMU, run a
 * workload under trace-cmd, live-migrate the guest to a second QEMU while the
 * workload runs, and collect everything into one new result directory.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness/accel.h"
#include "harness/clock.h"
#include "harness/events.h"
#include "harness/migration.h"
#include "harness/options.h"
#include "harness/provenance.h"
#include "harness/qemu.h"
#include "harness/qmp.h"
#include "harness/rundir.h"
#include "harness/serial.h"
#include "harness/splat.h"
#include "harness/variant.h"
#include "harness/workload_catalog.h"

#define ERR_LEN 1024
#define QMP_TIMEOUT_MS 10000
#define MIGRATION_TIMEOUT_MS (10 * 60 * 1000)
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

struct run {
	const struct bench_options *opt;
	const struct variant *variant;
	const char *root;
	const char *kernel;
	const char *initrd;
	const char *kernel_release;
	enum accel accel;
	const char *accel_reason;
	unsigned int index; /* repetition of this variant, from 1 */
	unsigned int seq, total; /* position among all runs of this bench */
	bool hung; /* a wait for the guest timed out */
	bool no_space; /* the result directory's filesystem filled up */

	struct rundir rd;
	char scratch[64]; /* sockets: sun_path is short, so not in rd */
	char share[PATH_MAX];
	struct qemu_proc src, dst;
	struct qmp *qsrc, *qdst;
	FILE *tsrc, *tdst;
	struct serial_watch ssrc, sdst;
	int control_src, control_dst; /* -1 until the first line is sent */
	/*
	 * The QEMU names of the two slots ("source", "destination", then
	 * "destination-2"... in a ping-pong); they name its files and sockets.
	 */
	char role_names[2][32];
	char *role_src, *role_dst;
	json_t *meta;
	char err[ERR_LEN];
};

static void progress(const struct run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int run_error(struct run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Record why the run failed; returns -1 for "return run_error(...)". */
static int run_error(struct run *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->err, sizeof(r->err), fmt, ap);
	va_end(ap);
	return -1;
}

static void progress(const struct run *r, const char *fmt, ...)
{
	va_list ap;

	printf("[run %u/%u: %s %s %uM #%u] ", r->seq, r->total,
	       r->variant->name, r->opt->workload, r->opt->mem_mib, r->index);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static void describe_interrupt(char *err, size_t errlen)
{
	snprintf(err, errlen, "interrupted by SIG%s (signal %d)",
		 sigabbrev_np(interrupted) ?: "?", (int)interrupted);
}

/*
 * Both QEMUs still running, room left for the results and nobody pressed
 * ^C; else err says why.
 */
static bool run_alive(void *ctx, char *err, size_t errlen)
{
	struct run *r = ctx;

	if (interrupted) {
		describe_interrupt(err, errlen);
		return false;
	}
	if (r->src.pid && qemu_exited(&r->src)) {
		qemu_describe_exit(&r->src, err, errlen);
		return false;
	}
	if (r->dst.pid && qemu_exited(&r->dst)) {
		qemu_describe_exit(&r->dst, err, errlen);
		return false;
	}
	if (rundir_check_space(&r->rd, err, errlen)) {
		r->no_space = true;
		return false;
	}
	return true;
}

/*
 * The root cause goes first: ^C, or a QEMU that died, shows to the code that
 * noticed it as an interrupted call or a closed QMP connection.
 */
static void name_cause(struct run *r)
{
	struct qemu_proc *procs[] = { &r->src, &r->dst };
	int64_t deadline = now_ms() + 1000;
	char why[ERR_LEN], dead[256];

	snprintf(why, sizeof(why), "%s", r->err);
	if (interrupted) {
		describe_interrupt(r->err, sizeof(r->err));
		return;
	}
	if (strstr(why, "QEMU (pid "))
		return;
	do {
		for (int i = 0; i < 2; i++) {
			if (procs[i]->pid && qemu_exited(procs[i])) {
				qemu_describe_exit(procs[i], dead,
						   sizeof(dead));
				run_error(r, "%s; %s", dead, why);
				return;
			}
		}
		/* A QEMU's socket closes a moment before it can be reaped. */
		if (!strstr(why, "closed the connection"))
			return;
		usleep(20000);
	} while (ms_left(deadline));
}

/*
 * Wait for the guest to print "LOCKHOLD: <word>" on the console watched, or
 * on the destination's once the guest may have moved there (migrated).
 * A guest that reports failure, a dead QEMU or ^C ends the wait at once.
 */
static int wait_marker(struct run *r, bool migrated, const char *word,
		       int timeout_s, char *rest, size_t len)
{
	int64_t deadline = now_ms() + (int64_t)timeout_s * 1000;
	struct serial_watch *consoles[] = { &r->ssrc, &r->sdst };
	int n = migrated ? 2 : 1;
	char why[512];

	for (;;) {
		for (int i = 0; i < n; i++) {
			serial_refresh(consoles[i]);
			if (serial_marker(consoles[i], word, rest, len))
				return 0;
		}
		struct serial_watch *w = consoles[n - 1];

		if (serial_marker(w, "failed", NULL, 0)) {
			if (!serial_marker(w, "error:", why, sizeof(why)))
				snprintf(why, sizeof(why), "no reason given");
			run_error(r, "guest reported an error: %s", why);
			return -1;
		}
		if (!run_alive(r, r->err, sizeof(r->err)))
			return -1;
		if (!ms_left(deadline)) {
			r->hung = true;
			return run_error(
				r,
				"guest did not report '%s' within %d s (hung?)",
				word, timeout_s);
		}
		usleep(20000);
	}
}

static int sleep_watching(struct run *r, int ms)
{
	int64_t deadline = now_ms() + ms;

	while (ms_left(deadline)) {
		if (!run_alive(r, r->err, sizeof(r->err)))
			return -1;
		usleep(20000);
	}
	return 0;
}

/* A per-QEMU socket in the short scratch directory (sun_path is short). */
static void socket_path(const struct run *r, const char *what, const char *role,
			char *path, size_t len)
{
	snprintf(path, len, "%s/%s-%s.sock", r->scratch, what, role);
}

/* One line to the guest init on the control port of one QEMU. */
static int tell_guest(struct run *r, bool destination, const char *command)
{
	const char *role = destination ? r->role_dst : r->role_src;
	char control[128], err[ERR_LEN];

	socket_path(r, "control", role, control, sizeof(control));
	if (serial_send_line(destination ? &r->control_dst : &r->control_src,
			     control, command, err, sizeof(err)))
		return run_error(r, "%s", err);
	return 0;
}

static int start_qemu(struct run *r, bool incoming)
{
	const char *role = incoming ? r->role_dst : r->role_src;
	struct qemu_proc *proc = incoming ? &r->dst : &r->src;
	struct qmp **qmp = incoming ? &r->qdst : &r->qsrc;
	FILE **transcript = incoming ? &r->tdst : &r->tsrc;
	char cmdline[2048], serial[PATH_MAX], log[PATH_MAX], sock[128];
	char control[128];
	char file[64], err[ERR_LEN];

	snprintf(
		cmdline, sizeof(cmdline),
		"console=ttyS0 panic=-1 sysctl.kernel.panic_on_rcu_stall=1 %s%s lockhold.mode=run lockhold.workload=%s lockhold.duration=%u lockhold.vcpus=%u lockhold.prefill=%u lockhold.events=%s lockhold.wargs=%s",
		r->opt->debug ? "debug_pagealloc=on " : "", r->variant->cmdline,
		r->opt->workload, r->opt->duration_s, r->opt->vcpus,
		r->opt->prefill_pct, r->opt->trace ? r->opt->events : "none",
		r->opt->workload_args ?: "");
	snprintf(file, sizeof(file), "serial-%s.log", role);
	rundir_path(&r->rd, file, serial, sizeof(serial));
	snprintf(file, sizeof(file), "qemu-%s.log", role);
	rundir_path(&r->rd, file, log, sizeof(log));
	socket_path(r, "qmp", role, sock, sizeof(sock));
	socket_path(r, "control", role, control, sizeof(control));

	struct qemu_spec spec = {
		.role = role,
		.accel = r->accel,
		.mem_mib = r->opt->mem_mib,
		.vcpus = r->opt->vcpus,
		.kernel = r->kernel,
		.initrd = r->initrd,
		.cmdline = cmdline,
		.balloon = r->variant->balloon,
		.share_dir = r->share,
		.serial_path = serial,
		.control_path = control,
		.qmp_path = sock,
		.incoming = incoming,
	};

	serial_watch_init(incoming ? &r->sdst : &r->ssrc, serial);
	if (qemu_start(&spec, log, proc, r->err, sizeof(r->err)))
		return -1;
	/* Lets a user, or the fault-injection tests, find this QEMU. */
	snprintf(file, sizeof(file), "qemu-%s.pid", role);
	rundir_path(&r->rd, file, log, sizeof(log));
	FILE *pidf = fopen(log, "w");

	if (pidf) {
		fprintf(pidf, "%d\n", (int)proc->pid);
		fclose(pidf);
	}
	snprintf(file, sizeof(file), "qmp-%s.log", role);
	rundir_path(&r->rd, file, log, sizeof(log));
	*transcript = fopen(log, "w");
	*qmp = qmp_connect(sock, QMP_TIMEOUT_MS, *transcript, err, sizeof(err));
	if (!*qmp) {
		if (!run_alive(r, r->err, sizeof(r->err)))
			return -1;
		return run_error(r, "%s QEMU: %s", role, err);
	}
	if (!incoming)
		json_object_set_new(r->meta, "guest_cmdline",
				    json_string(cmdline));
	return 0;
}

static void record_qemu_version(struct run *r)
{
	json_t *v = json_object_get(qmp_greeting(r->qsrc), "version");
	json_t *q = json_object_get(v, "qemu");
	char version[256];

	snprintf(version, sizeof(version), "%lld.%lld.%lld (%s)",
		 json_integer_value(json_object_get(q, "major")),
		 json_integer_value(json_object_get(q, "minor")),
		 json_integer_value(json_object_get(q, "micro")),
		 json_string_value(json_object_get(v, "package")) ?:
								    "no package");
	json_object_set_new(r->meta, "qemu_version", json_string(version));
}

static void meta_phase(struct run *r, const char *name, int64_t since)
{
	json_t *phases = json_object_get(r->meta, "phase_seconds");

	json_object_set_new(phases, name,
			    json_real((now_ms() - since) / 1000.0));
}

static void stop_qemu(struct qemu_proc *proc, struct qmp **qmp, FILE **tr)
{
	char err[ERR_LEN];

	if (*qmp && proc->pid > 0 &&
	    !qmp_execute(*qmp, "quit", NULL, 2000, NULL, err, sizeof(err)))
		qemu_reap(proc, 5000);
	qemu_kill(proc);
	qmp_close(*qmp);
	*qmp = NULL;
	if (*tr)
		fclose(*tr);
	*tr = NULL;
}

/*
 * One migration, source slot to destination slot; on success *summary is
 * migration.json's content for it.
 */
static int migrate_once(struct run *r, const char *uri, double issued_at_s,
			json_t **summary)
{
	char err[ERR_LEN];
	json_t *info;

	if (migration_start(r->qsrc, uri, r->opt->bandwidth_mib, err,
			    sizeof(err)) ||
	    migration_wait(r->qsrc, MIGRATION_TIMEOUT_MS, run_alive, r, &info,
			   err, sizeof(err)))
		return run_error(r, "migration: %s%s",
				 strncmp(err, "QMP", 3) ? "" : "source QEMU ",
				 err);
	*summary = migration_summary(info, r->opt->bandwidth_mib, issued_at_s);
	json_decref(info);
	json_object_set_new(*summary, "from", json_string(r->role_src));
	json_object_set_new(*summary, "to", json_string(r->role_dst));
	/*
	 * A switch-over after the workload ended measured an idle guest, not
	 * the workload: say so (and QEMU before 9.0 corrupted such guests
	 * under TCG, see README).
	 */
	serial_refresh(&r->ssrc);
	json_object_set_new(
		*summary, "switchover_after_workload_end",
		json_boolean(serial_marker(&r->ssrc, "workload-end", NULL, 0)));
	if (migration_wait_resumed(r->qdst, 10000, r->err, sizeof(r->err))) {
		json_decref(*summary);
		return -1;
	}
	return 0;
}

/*
 * Ping-pong: the guest now runs in the destination slot. Retire the source
 * QEMU (after checking its console: a splat there fails the run now, as
 * its log is not scanned again), make the destination the source, and start
 * a fresh destination listening for the next migration.
 */
static int next_hop(struct run *r, unsigned int hop, char *uri, size_t len)
{
	struct splat splat;
	char *role;

	serial_refresh(&r->ssrc);
	if (splat_scan(r->ssrc.data, &splat, 1))
		return run_error(r, "kernel splat (%s) on the %s console: %s",
				 splat.kind, r->role_src, splat.line);
	stop_qemu(&r->src, &r->qsrc, &r->tsrc);
	serial_watch_free(&r->ssrc);
	if (r->control_src >= 0)
		close(r->control_src);
	role = r->role_src;
	r->src = r->dst;
	r->qsrc = r->qdst;
	r->tsrc = r->tdst;
	r->ssrc = r->sdst;
	r->control_src = r->control_dst;
	r->role_src = r->role_dst;
	r->dst = (struct qemu_proc){ 0 };
	r->qdst = NULL;
	r->tdst = NULL;
	r->sdst = (struct serial_watch){ 0 };
	r->control_dst = -1;
	r->role_dst = role;
	snprintf(role, sizeof(r->role_names[0]), "destination-%u", hop);
	return start_qemu(r, true) ||
	       migration_listen(r->qdst, uri, len, r->err, sizeof(r->err));
}

static int write_migration_json(struct run *r, json_t *first, json_t *hops)
{
	char err[ERR_LEN];
	int ret;

	if (r->opt->migrations > 1) {
		json_object_set_new(first, "migrations",
				    json_integer(json_array_size(hops)));
		json_object_set(first, "hops", hops);
	}
	ret = rundir_write_json(&r->rd, "migration.json", first, err,
				sizeof(err));
	if (ret)
		run_error(r, "%s", err);
	return ret;
}

/*
 * Every migration asked for, then migration-done to the guest. The first
 * migration's figures are migration.json's own; a ping-pong adds each
 * migration's under "hops".
 */
static int migrate_all(struct run *r, char *uri, size_t urilen,
		       int64_t workload_start)
{
	json_t *hops = json_array(), *first = NULL, *summary = NULL;
	unsigned int hop;
	int ret = 0;

	for (hop = 1; hop <= r->opt->migrations && !ret; hop++) {
		double issued_at_s = (now_ms() - workload_start) / 1000.0;

		if (hop > 1 && (ret = next_hop(r, hop, uri, urilen)))
			break;
		progress(r, "migration %u of %u at %.1f s into the workload",
			 hop, r->opt->migrations, issued_at_s);
		ret = migrate_once(r, uri, issued_at_s, &summary);
		if (ret)
			break;
		progress(
			r,
			"migrated: total %lld ms, downtime %lld ms, %lld pages skipped%s",
			json_integer_value(
				json_object_get(summary, "total_time_ms")),
			json_integer_value(
				json_object_get(summary, "downtime_ms")),
			json_integer_value(
				json_object_get(summary, "pages_skipped")),
			json_is_true(json_object_get(
				summary, "switchover_after_workload_end")) ?
				"; after the workload ended, so the switch-over saw an idle guest" :
				"");
		if (!first)
			first = json_deep_copy(summary);
		json_array_append_new(hops, summary);
	}
	/* What was migrated is kept, even when a later hop failed */
	if (first && write_migration_json(r, first, hops))
		ret = -1;
	json_decref(first);
	json_decref(hops);
	if (!ret)
		ret = tell_guest(r, true, "migration-done");
	return ret;
}

static int run_guest(struct run *r)
{
	bool migrate = r->opt->migrate_at_s != MIGRATE_OFF;
	char uri[128], rest[512];
	int64_t t0 = now_ms(), t;
	/* KASAN, lockdep and debug_pagealloc under TCG: boot and prefill crawl. */
	int slow = r->opt->debug ? 5 : 1;

	/* Destination first, so the source can migrate the moment it must. */
	if (migrate &&
	    (start_qemu(r, true) || migration_listen(r->qdst, uri, sizeof(uri),
						     r->err, sizeof(r->err))))
		return -1;
	if (start_qemu(r, false))
		return -1;
	record_qemu_version(r);
	progress(r, "booting %s (%s), %u vCPUs", r->kernel_release,
		 accel_name(r->accel), r->opt->vcpus);

	if (wait_marker(r, false, "booted", 120 * slow, rest, sizeof(rest)))
		return -1;
	meta_phase(r, "boot", t0);
	json_object_set_new(r->meta, "guest_booted", json_string(rest));
	t = now_ms();
	if (wait_marker(r, false, "workload-start", 300 * slow, NULL, 0))
		return -1;
	meta_phase(r, "prefill_and_trace_start", t);
	t = now_ms();
	progress(r, "workload running for %u s", r->opt->duration_s);
	/* Without a migration, the workload's final check need not wait. */
	if (!migrate && tell_guest(r, false, "migration-done"))
		return -1;

	if (migrate) {
		if (sleep_watching(r, r->opt->migrate_at_s * 1000) ||
		    migrate_all(r, uri, sizeof(uri), t))
			return -1;
	}

	/*
	 * The guest touches 9p only when told: QEMU refuses to migrate with 9p
	 * mounted. By now any migration is over.
	 */
	int left_s = r->opt->timeout_s - (now_ms() - t) / 1000;

	if (wait_marker(r, migrate, "ready-to-collect", left_s > 1 ? left_s : 1,
			NULL, 0)) {
		if (r->hung)
			run_error(
				r,
				"guest hung: the workload had not finished %u s after it started (--timeout %u)",
				r->opt->timeout_s, r->opt->timeout_s);
		return -1;
	}
	if (tell_guest(r, migrate, "collect"))
		return -1;
	/*
	 * On the destination this marker proves the guest ran on after the
	 * migration: it comes after the workload and the results copy.
	 */
	if (wait_marker(r, migrate, "results-written", 60 * slow, NULL, 0))
		return -1;
	if (migrate) {
		serial_refresh(&r->sdst);
		json_object_set_new(
			r->meta, "ran_on_after_migration",
			json_boolean(serial_marker(&r->sdst, "results-written",
						   NULL, 0)));
	}
	meta_phase(r, "workload_and_collect", t);
	return 0;
}

/*
 * A guest that stopped answering: keep each vCPU's registers (RIP against
 * build/kernel/<kernel>/System.map says where it is stuck).
 */
static void dump_vcpus(struct run *r)
{
	struct qmp *q = r->dst.pid > 0 ? r->qdst : r->qsrc;
	char path[PATH_MAX], err[ERR_LEN];
	json_t *out;
	FILE *f;

	if (!q || !r->hung)
		return;
	if (qmp_execute(q, "human-monitor-command",
			json_pack("{s:s}", "command-line", "info registers -a"),
			5000, &out, err, sizeof(err)))
		return;
	rundir_path(&r->rd, "hung-vcpus.txt", path, sizeof(path));
	f = fopen(path, "w");
	if (f) {
		fputs(json_string_value(out) ?: "", f);
		fclose(f);
	}
	json_decref(out);
}

static int append_file(FILE *out, const char *path)
{
	char buf[65536];
	size_t n;
	FILE *in = fopen(path, "r");

	if (!in)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, out);
	fclose(in);
	return 0;
}

/*
 * serial.log: the source console, then the destination's after a separator,
 * so one file reads as the guest's whole life. The two consoles stay beside
 * it as QEMU wrote them.
 */
static void merge_serial(struct run *r)
{
	char path[PATH_MAX], console[PATH_MAX], file[64];
	FILE *out;

	rundir_path(&r->rd, "serial.log", path, sizeof(path));
	rundir_path(&r->rd, "serial-source.log", console, sizeof(console));
	out = fopen(path, "w");
	if (!out)
		return;
	append_file(out, console);
	/* Then each destination in turn: one, or a ping-pong's many */
	for (unsigned int hop = 1;; hop++) {
		if (hop == 1)
			snprintf(file, sizeof(file), "serial-destination.log");
		else
			snprintf(file, sizeof(file),
				 "serial-destination-%u.log", hop);
		rundir_path(&r->rd, file, console, sizeof(console));
		if (access(console, F_OK))
			break;
		fprintf(out,
			"\n==== lockhold: migration %u; the console of the QEMU it went to follows ====\n",
			hop);
		append_file(out, console);
	}
	fclose(out);
}

/* The guest wrote its results into the 9p share; lift them to the top. */
static void collect_guest_files(struct run *r)
{
	static const char *const files[] = { "trace.dat",      "workload.json",
					     "workload.err",   "events.txt",
					     "zone-locks.txt", "dmesg.txt",
					     "perf-lock.txt" };
	char from[PATH_MAX + 64], to[PATH_MAX];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(from, sizeof(from), "%s/%s", r->share, files[i]);
		rundir_path(&r->rd, files[i], to, sizeof(to));
		rename(from, to);
	}
	rmdir(r->share);
}

static bool collected(struct run *r, const char *file)
{
	char path[PATH_MAX];
	struct stat st;

	rundir_path(&r->rd, file, path, sizeof(path));
	return !stat(path, &st) && st.st_size > 0;
}

/* Any kernel splat on either console fails the run (harness/splat.c). */
static int check_splats(struct run *r, int ret)
{
	const char *consoles[2];

	serial_refresh(&r->ssrc);
	serial_refresh(&r->sdst);
	consoles[0] = r->ssrc.data;
	consoles[1] = r->sdst.data;
	return splat_check_run(consoles, r->meta, ret, r->err, sizeof(r->err));
}

static json_t *run_meta(struct run *r)
{
	const struct bench_options *o = r->opt;
	const struct variant *v = r->variant;
	json_t *meta = provenance_host(r->root);

	json_object_update_missing_new(
		meta,
		json_pack(
			"{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:s, s:I, s:I, s:s, s:{}}",
			"variant", v->name, "variant_description",
			v->description, "kernel", v->kernel, "kernel_release",
			r->kernel_release, "balloon", v->balloon, "workload",
			o->workload, "workload_args", o->workload_args ?: "",
			"trace_events", o->trace ? o->events : "none",
			"mem_mib", (json_int_t)o->mem_mib, "vcpus",
			(json_int_t)o->vcpus, "duration_s",
			(json_int_t)o->duration_s, "migrate_at_s",
			(json_int_t)o->migrate_at_s, "prefill_pct",
			(json_int_t)o->prefill_pct, "run_index",
			(json_int_t)r->index, "accel", accel_name(r->accel),
			"accel_reason", r->accel_reason, "runs",
			(json_int_t)o->runs, "bandwidth_mib",
			(json_int_t)o->bandwidth_mib, "status", "running",
			"phase_seconds"));
	json_object_set_new(meta, "debug", json_boolean(o->debug));
	json_object_set_new(meta, "timeout_s", json_integer(o->timeout_s));
	return meta;
}

static void remove_scratch(const char *dir)
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

static int run_one(struct run *r)
{
	char name[256], stamp[32], err[ERR_LEN];
	time_t now = time(NULL);
	int64_t t0 = now_ms();
	int ret;

	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", localtime(&now));
	snprintf(name, sizeof(name), "%s-%s-%s-%uM-run%u", stamp,
		 r->variant->name, r->opt->workload, r->opt->mem_mib, r->index);
	if (rundir_create(&r->rd, r->opt->out_dir, name, r->err,
			  sizeof(r->err)))
		return -1;
	rundir_path(&r->rd, "guest", r->share, sizeof(r->share));
	strcpy(r->scratch, "/tmp/lockhold.XXXXXX");
	if (mkdir(r->share, 0777) || !mkdtemp(r->scratch))
		return run_error(r, "cannot create %s: %s", r->share,
				 strerror(errno));
	r->meta = run_meta(r);

	ret = run_guest(r);
	/* A full disk the guest's copy hit unnoticed leaves truncated files. */
	if (!ret && rundir_check_space(&r->rd, r->err, sizeof(r->err))) {
		r->no_space = true;
		ret = -1;
	}
	if (ret) {
		name_cause(r);
		dump_vcpus(r);
	}

	stop_qemu(&r->dst, &r->qdst, &r->tdst);
	stop_qemu(&r->src, &r->qsrc, &r->tsrc);
	if (r->control_dst >= 0)
		close(r->control_dst);
	if (r->control_src >= 0)
		close(r->control_src);
	ret = check_splats(r, ret);
	serial_watch_free(&r->ssrc);
	serial_watch_free(&r->sdst);
	if (r->no_space)
		remove_scratch(r->share); /* what the guest half-wrote */
	merge_serial(r);
	collect_guest_files(r);
	if (!ret && ((r->opt->trace && !collected(r, "trace.dat")) ||
		     !collected(r, "workload.json"))) {
		run_error(
			r,
			"guest finished but trace.dat or workload.json is missing or empty");
		ret = -1;
	}
	meta_phase(r, "total", t0);
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
	remove_scratch(r->scratch);
	if (!ret)
		progress(r, "done in %.1f s: %s", (now_ms() - t0) / 1000.0,
			 r->rd.final);
	return ret;
}

/*
 * The lockhold tree: the nearest directory above the executable that holds
 * kernel-variants/, so ./bench, build/host/bench and the test builds agree.
 */
static int find_root(char *root, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", root, len - 1);
	char probe[PATH_MAX + 32];
	char *slash;

	if (n <= 0)
		return -1;
	root[n] = '\0';
	while ((slash = strrchr(root, '/')) && slash != root) {
		*slash = '\0';
		snprintf(probe, sizeof(probe), "%s/kernel-variants", root);
		if (!access(probe, F_OK))
			return 0;
	}
	return -1;
}

static int list(const char *root)
{
	char names[2048], err[ERR_LEN];
	struct variant v;

	variant_names(root, names, sizeof(names));
	printf("variants:\n");
	for (char *tok = strtok(names, ", "); tok; tok = strtok(NULL, ", ")) {
		if (variant_load(root, tok, &v, err, sizeof(err)))
			printf("  %-16s (broken: %s)\n", tok, err);
		else
			printf("  %-16s kernel %-10s %s\n", v.name, v.kernel,
			       v.description);
	}
	workload_catalog_names(root, names, sizeof(names));
	printf("workloads: %s\n", *names ? names : "(none built: run make)");
	return 0;
}

/* A variant ready to run: its kernel and the kernel's release string. */
struct target {
	struct variant variant;
	char kernel[PATH_MAX + 64];
	char release[128];
};

static int load_target(const char *root, const char *name,
		       const struct bench_options *o, struct target *t)
{
	const char *suffix = o->debug ? "-debug" : "";
	char err[ERR_LEN], path[PATH_MAX + 64];
	bool debug = o->debug;

	if (variant_load(root, name, &t->variant, err, sizeof(err))) {
		fprintf(stderr, "bench: %s\n", err);
		return -1;
	}
	if (o->check)
		return 0;
	snprintf(t->kernel, sizeof(t->kernel),
		 "%s/build/kernel/%s%s/arch/x86/boot/bzImage", root,
		 t->variant.kernel, suffix);
	snprintf(path, sizeof(path), "%s/build/kernel/%s%s/kernel.release",
		 root, t->variant.kernel, suffix);
	if (access(t->kernel, R_OK)) {
		fprintf(stderr,
			"bench: %skernel for variant '%s' not built (run: make kernel VARIANT=%s%s)\n",
			debug ? "debug " : "", name, name,
			debug ? " DEBUG=1" : "");
		return -1;
	}
	read_first_line(path, t->release, sizeof(t->release));
	snprintf(path, sizeof(path), "%s/build/kernel/%s%s/System.map", root,
		 t->variant.kernel, suffix);
	if (o->trace && events_check(path, o->events, err, sizeof(err)) == 1) {
		fprintf(stderr,
			"bench: unknown trace event '%s' in kernel %s%s of variant '%s' (accepted: system:event or system names that kernel has, e.g. lock:contention_begin, free_page_hint)\n",
			err, t->variant.kernel, suffix, name);
		return -1;
	}
	return 0;
}

static enum accel choose_accel(const char *root, enum accel requested,
			       const char *kernel, const char *initrd,
			       char *reason, size_t len)
{
	char cache[PATH_MAX + 64], scratch[] = "/tmp/lockhold.XXXXXX";
	enum accel accel;

	snprintf(reason, len, "requested with --accel %s",
		 accel_name(requested));
	if (requested != ACCEL_AUTO)
		return requested;
	snprintf(cache, sizeof(cache), "%s/build/kvm-probe", root);
	if (!mkdtemp(scratch)) {
		snprintf(reason, len, "cannot create %s for the KVM probe: %s",
			 scratch, strerror(errno));
		return ACCEL_TCG;
	}
	accel = accel_choose(kernel, initrd, cache, scratch, reason, len);
	remove_scratch(scratch);
	printf("bench: accelerator %s: %s\n", accel_name(accel), reason);
	return accel;
}

int main(int argc, char **argv)
{
	static struct target targets[VARIANTS_MAX];
	char err[ERR_LEN], root[PATH_MAX], initrd[PATH_MAX + 64];
	char reason[512], names[1024];
	struct bench_options opt;
	struct sigaction sa = { .sa_handler = on_signal };
	enum accel accel;
	unsigned int done = 0, total;
	int ret = 0;

	if (options_parse(argc, argv, &opt, err, sizeof(err))) {
		fprintf(stderr, "bench: %s\n", err);
		return 2;
	}
	if (opt.help) {
		options_usage(stdout);
		return 0;
	}
	if (find_root(root, sizeof(root))) {
		fprintf(stderr, "bench: cannot find the lockhold directory\n");
		return 1;
	}
	if (opt.list)
		return list(root);
	for (unsigned int v = 0; v < opt.nvariants; v++)
		if (load_target(root, opt.variants[v], &opt, &targets[v]))
			return 2;
	if (!workload_catalog_known(root, opt.workload)) {
		workload_catalog_names(root, names, sizeof(names));
		fprintf(stderr, "bench: unknown workload '%s' (accepted: %s)\n",
			opt.workload, *names ? names : "none built: run make");
		return 2;
	}
	if (opt.workload_args &&
	    workload_catalog_check_args(root, opt.workload, opt.workload_args,
					reason, sizeof(reason))) {
		fprintf(stderr, "bench: %s\n", reason);
		return 2;
	}
	if (rundir_check_parent(opt.out_dir, err, sizeof(err))) {
		fprintf(stderr, "bench: %s\n", err);
		return 2;
	}
	if (opt.check)
		return 0;
	snprintf(initrd, sizeof(initrd), "%s/build/initramfs.cpio.gz", root);
	if (access(initrd, R_OK)) {
		fprintf(stderr,
			"bench: guest image %s not built (run: make initramfs)\n",
			initrd);
		return 2;
	}

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* A closed stdout (bench | head) must not kill a run half-way. */
	signal(SIGPIPE, SIG_IGN);
	accel = choose_accel(root, opt.accel, targets[0].kernel, initrd, reason,
			     sizeof(reason));

	/* Interleaved, so slow drift of the host hits every variant alike. */
	total = opt.runs * opt.nvariants;
	for (unsigned int i = 1; i <= opt.runs && !ret && !interrupted; i++) {
		for (unsigned int v = 0; v < opt.nvariants && !ret; v++) {
			struct run r = {
				.opt = &opt,
				.variant = &targets[v].variant,
				.root = root,
				.kernel = targets[v].kernel,
				.initrd = initrd,
				.kernel_release = targets[v].release,
				.accel = accel,
				.accel_reason = reason,
				.index = i,
				.seq = ++done,
				.total = total,
				.control_src = -1,
				.control_dst = -1,
				.role_names = { "source", "destination" },
			};

			r.role_src = r.role_names[0];
			r.role_dst = r.role_names[1];

			if (run_one(&r)) {
				fprintf(stderr,
					"bench: run %u of %u (%s) failed: %s%s%s\n",
					r.seq, total, r.variant->name, r.err,
					r.rd.final[0] ?
						"; what was collected is in " :
						"",
					r.rd.final);
				ret = 1;
			}
		}
	}
	return ret || interrupted ? 1 : 0;
}
