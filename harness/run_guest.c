// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's life in a run: both QEMUs started, the guest watched from
 * boot to its results through its console markers and told what to do on
 * its control port, the migration in between (pingpong.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../guest/protocol.h"
#include "bench_run.h"
#include "clock.h"
#include "guest_cmdline.h"
#include "migration.h"
#include "qemu.h"
#include "qmp.h"
#include "serial.h"

volatile sig_atomic_t bench_interrupted;

int run_error(struct bench_run *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->err, sizeof(r->err), fmt, ap);
	va_end(ap);
	return -1;
}

void run_progress(const struct bench_run *r, const char *fmt, ...)
{
	va_list ap;

	printf("[run %u/%u: %s%s%s %s %uM #%u] ", r->seq, r->total,
	       r->variant->name, *r->swept_params ? " " : "", r->swept_params,
	       r->opt->workload, r->mem_mib, r->index);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static void describe_interrupt(char *err, size_t errlen)
{
	snprintf(err, errlen, "interrupted by SIG%s (signal %d)",
		 sigabbrev_np(bench_interrupted) ?: "?",
		 (int)bench_interrupted);
}

/*
 * Both QEMUs still running, room left for the results and nobody pressed
 * ^C; else err says why.
 */
bool run_alive(void *ctx, char *err, size_t errlen)
{
	struct bench_run *r = ctx;

	if (bench_interrupted) {
		describe_interrupt(err, errlen);
		return false;
	}
	if (r->src.proc.pid && qemu_exited(&r->src.proc)) {
		qemu_describe_exit(&r->src.proc, err, errlen);
		return false;
	}
	if (r->dst.proc.pid && qemu_exited(&r->dst.proc)) {
		qemu_describe_exit(&r->dst.proc, err, errlen);
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
void run_name_cause(struct bench_run *r)
{
	struct qemu_proc *procs[] = { &r->src.proc, &r->dst.proc };
	int64_t deadline = now_ms() + 1000;
	char why[RUN_ERR_LEN], dead[256];

	snprintf(why, sizeof(why), "%s", r->err);
	if (bench_interrupted) {
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
int run_wait_marker(struct bench_run *r, bool migrated, const char *word,
		    int timeout_s, char *rest, size_t len)
{
	int64_t deadline = now_ms() + (int64_t)timeout_s * 1000;
	struct serial_watch *consoles[] = { &r->src.console, &r->dst.console };
	int n = migrated ? 2 : 1;
	char why[512];

	for (;;) {
		for (int i = 0; i < n; i++) {
			serial_refresh(consoles[i]);
			if (serial_marker(consoles[i], word, rest, len))
				return 0;
		}
		struct serial_watch *w = consoles[n - 1];

		if (serial_marker(w, PROTO_FAILED, NULL, 0)) {
			if (!serial_marker(w, PROTO_ERROR, why, sizeof(why)))
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

int run_sleep_watching(struct bench_run *r, int ms)
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
static void socket_path(const struct bench_run *r, const char *what,
			const char *role, char *path, size_t len)
{
	snprintf(path, len, "%s/%s-%s.sock", r->scratch, what, role);
}

/* One line to the guest init on the control port of one QEMU. */
int run_tell_guest(struct bench_run *r, bool destination, const char *command)
{
	struct qemu_slot *slot = destination ? &r->dst : &r->src;
	char control[128], err[RUN_ERR_LEN];

	socket_path(r, "control", slot->role, control, sizeof(control));
	if (serial_send_line(&slot->control, control, command, err,
			     sizeof(err)))
		return run_error(r, "%s", err);
	return 0;
}

int run_start_qemu(struct bench_run *r, bool incoming)
{
	struct qemu_slot *slot = incoming ? &r->dst : &r->src;
	const char *role = slot->role;
	char cmdline[2048], serial[PATH_MAX], log[PATH_MAX], sock[128];
	char control[128];
	char file[64], err[RUN_ERR_LEN];

	if (guest_cmdline(r->opt, r->variant, r->swept_params, cmdline,
			  sizeof(cmdline)))
		return run_error(
			r,
			"the guest command line is longer than %zu bytes: shorten --workload-args or --events",
			sizeof(cmdline) - 1);
	snprintf(file, sizeof(file), "serial-%s.log", role);
	rundir_path(&r->rd, file, serial, sizeof(serial));
	snprintf(file, sizeof(file), "qemu-%s.log", role);
	rundir_path(&r->rd, file, log, sizeof(log));
	socket_path(r, "qmp", role, sock, sizeof(sock));
	socket_path(r, "control", role, control, sizeof(control));

	struct qemu_spec spec = {
		.role = role,
		.accel = r->accel,
		.mem_mib = r->mem_mib,
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

	serial_watch_init(&slot->console, serial);
	if (qemu_start(&spec, log, &slot->proc, r->err, sizeof(r->err)))
		return -1;
	host_sampler_watch(r->host, role, slot->proc.pid);
	/* Lets a user, or the fault-injection tests, find this QEMU. */
	snprintf(file, sizeof(file), "qemu-%s.pid", role);
	rundir_path(&r->rd, file, log, sizeof(log));
	FILE *pidf = fopen(log, "w");

	if (pidf) {
		fprintf(pidf, "%d\n", (int)slot->proc.pid);
		fclose(pidf);
	}
	snprintf(file, sizeof(file), "qmp-%s.log", role);
	rundir_path(&r->rd, file, log, sizeof(log));
	slot->transcript = fopen(log, "w");
	slot->qmp = qmp_connect(sock, QMP_TIMEOUT_MS, slot->transcript, err,
				sizeof(err));
	if (!slot->qmp) {
		if (!run_alive(r, r->err, sizeof(r->err)))
			return -1;
		return run_error(r, "%s QEMU: %s", role, err);
	}
	if (!incoming)
		json_object_set_new(r->meta, "guest_cmdline",
				    json_string(cmdline));
	return 0;
}

static void record_qemu_version(struct bench_run *r)
{
	json_t *v = json_object_get(qmp_greeting(r->src.qmp), "version");
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

void run_meta_phase(struct bench_run *r, const char *name, int64_t since)
{
	json_t *phases = json_object_get(r->meta, "phase_seconds");

	json_object_set_new(phases, name,
			    json_real((now_ms() - since) / 1000.0));
}

int run_guest(struct bench_run *r)
{
	bool migrate = r->opt->migrate_at_s != MIGRATE_OFF;
	char uri[128], rest[512];
	int64_t t0 = now_ms(), t;
	/* KASAN, lockdep and debug_pagealloc under TCG: boot and prefill crawl. */
	int slow = r->opt->debug ? 5 : 1;

	/* Destination first, so the source can migrate the moment it must. */
	if (migrate && (run_start_qemu(r, true) ||
			migration_listen(r->dst.qmp, uri, sizeof(uri), r->err,
					 sizeof(r->err))))
		return -1;
	if (run_start_qemu(r, false))
		return -1;
	record_qemu_version(r);
	run_progress(r, "booting %s (%s), %u vCPUs", r->kernel_release,
		     accel_name(r->accel), r->opt->vcpus);

	if (run_wait_marker(r, false, PROTO_BOOTED, 120 * slow, rest,
			    sizeof(rest)))
		return -1;
	run_meta_phase(r, "boot", t0);
	host_sampler_mark(r->host, "booted");
	json_object_set_new(r->meta, "guest_booted", json_string(rest));
	t = now_ms();
	if (run_wait_marker(r, false, PROTO_WORKLOAD_START, 300 * slow, NULL,
			    0))
		return -1;
	run_meta_phase(r, "prefill_and_trace_start", t);
	t = now_ms();
	host_sampler_mark(r->host, "workload_start");
	run_progress(r, "workload running for %u s", r->opt->duration_s);
	/* Without a migration, the workload's final check need not wait. */
	if (!migrate && run_tell_guest(r, false, PROTO_MIGRATION_DONE))
		return -1;

	if (migrate) {
		if (run_sleep_watching(r, r->opt->migrate_at_s * 1000) ||
		    run_migrate_all(r, uri, sizeof(uri), t))
			return -1;
	}

	/*
	 * The guest touches 9p only when told: QEMU refuses to migrate with 9p
	 * mounted. By now any migration is over.
	 */
	int left_s = r->opt->timeout_s - (now_ms() - t) / 1000;

	if (run_wait_marker(r, migrate, PROTO_READY_TO_COLLECT,
			    left_s > 1 ? left_s : 1, NULL, 0)) {
		if (r->hung)
			run_error(
				r,
				"guest hung: the workload had not finished %u s after it started (--timeout %u)",
				r->opt->timeout_s, r->opt->timeout_s);
		return -1;
	}
	host_sampler_mark(r->host, "workload_end");
	if (run_tell_guest(r, migrate, PROTO_COLLECT))
		return -1;
	/*
	 * On the destination this marker proves the guest ran on after the
	 * migration: it comes after the workload and the results copy.
	 */
	if (run_wait_marker(r, migrate, PROTO_RESULTS_WRITTEN, 60 * slow, NULL,
			    0))
		return -1;
	if (migrate) {
		serial_refresh(&r->dst.console);
		json_object_set_new(r->meta, "ran_on_after_migration",
				    json_boolean(serial_marker(
					    &r->dst.console,
					    PROTO_RESULTS_WRITTEN, NULL, 0)));
	}
	run_meta_phase(r, "workload_and_collect", t);
	return 0;
}

/*
 * A guest that stopped answering: keep each vCPU's registers (RIP against
 * build/kernel/<kernel>/System.map says where it is stuck).
 */
void run_dump_vcpus(struct bench_run *r)
{
	struct qmp *q = r->dst.proc.pid > 0 ? r->dst.qmp : r->src.qmp;
	char path[PATH_MAX], err[RUN_ERR_LEN];
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
