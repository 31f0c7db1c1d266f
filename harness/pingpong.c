// SPDX-License-Identifier: GPL-2.0
/*
 * The migrations of a run: one, or a ping-pong of many, each from the
 * source slot to the destination slot, the destination becoming the source
 * for the next one.
 */
#include <string.h>

#include "../guest/protocol.h"
#include "bench_run.h"
#include "clock.h"
#include "migration.h"
#include "serial.h"
#include "splat.h"

#define MIGRATION_TIMEOUT_MS (10 * 60 * 1000)

/*
 * One migration, source slot to destination slot; on success *summary is
 * migration.json's content for it.
 */
static int migrate_once(struct bench_run *r, const char *uri,
			double issued_at_s, json_t **summary)
{
	char err[RUN_ERR_LEN];
	json_t *info;

	host_sampler_mark(r->host, "migration_start");
	if (migration_start(r->src.qmp, uri, r->opt->bandwidth_mib, err,
			    sizeof(err)) ||
	    migration_wait(r->src.qmp, MIGRATION_TIMEOUT_MS, run_alive, r,
			   &info, err, sizeof(err)))
		return run_error(r, "migration: %s%s",
				 strncmp(err, "QMP", 3) ? "" : "source QEMU ",
				 err);
	/* completed: the switch-over is over, the source stopped */
	host_sampler_mark(r->host, "migration_end");
	*summary = migration_summary(info, r->opt->bandwidth_mib, issued_at_s);
	json_decref(info);
	json_object_set_new(*summary, "from", json_string(r->src.role));
	json_object_set_new(*summary, "to", json_string(r->dst.role));
	/*
	 * A switch-over after the workload ended measured an idle guest, not
	 * the workload: say so (and QEMU before 9.0 corrupted such guests
	 * under TCG, see README).
	 */
	serial_refresh(&r->src.console);
	json_object_set_new(*summary, "switchover_after_workload_end",
			    json_boolean(serial_marker(&r->src.console,
						       PROTO_WORKLOAD_END, NULL,
						       0)));
	if (migration_wait_resumed(r->dst.qmp, 10000, r->err, sizeof(r->err))) {
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
static int next_hop(struct bench_run *r, unsigned int hop, char *uri,
		    size_t len)
{
	struct splat splat;

	serial_refresh(&r->src.console);
	if (splat_scan(r->src.console.data, &splat, 1))
		return run_error(r, "kernel splat (%s) on the %s console: %s",
				 splat.kind, r->src.role, splat.line);
	host_sampler_unwatch(r->host, r->src.proc.pid);
	slot_release(&r->src);
	slot_hop(&r->src, &r->dst, hop);
	return run_start_qemu(r, true) ||
	       migration_listen(r->dst.qmp, uri, len, r->err, sizeof(r->err));
}

static int write_migration_json(struct bench_run *r, json_t *first,
				json_t *hops)
{
	char err[RUN_ERR_LEN];
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
int run_migrate_all(struct bench_run *r, char *uri, size_t urilen,
		    int64_t workload_start)
{
	json_t *hops = json_array(), *first = NULL, *summary = NULL;
	unsigned int hop;
	int ret = 0;

	for (hop = 1; hop <= r->opt->migrations && !ret; hop++) {
		double issued_at_s = (now_ms() - workload_start) / 1000.0;

		if (hop > 1 && (ret = next_hop(r, hop, uri, urilen)))
			break;
		run_progress(r,
			     "migration %u of %u at %.1f s into the workload",
			     hop, r->opt->migrations, issued_at_s);
		ret = migrate_once(r, uri, issued_at_s, &summary);
		if (ret)
			break;
		run_progress(
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
		ret = run_tell_guest(r, true, PROTO_MIGRATION_DONE);
	return ret;
}
