/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_BENCH_RUN_H
#define LOCKHOLD_BENCH_RUN_H

#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "host_sampler.h"
#include "options.h"
#include "rundir.h"
#include "slot.h"
#include "variant.h"

#define RUN_ERR_LEN 1024

/* The signal that asked bench to stop, or 0; set by its handler */
extern volatile sig_atomic_t bench_interrupted;

/* One benchmark run: a variant's guest booted, run, migrated, collected. */
struct bench_run {
	const struct bench_options *opt;
	const struct variant *variant;
	const char *root;
	const char *kernel;
	const char *initrd;
	const char *kernel_release;
	enum accel accel;
	const char *accel_reason;
	unsigned int mem_mib; /* this run's point of the sweep */
	const char *swept_params; /* "m.p=v ...", or "" */
	unsigned int index; /* repetition of this point, from 1 */
	unsigned int seq, total; /* position among all runs of this bench */
	bool hung; /* a wait for the guest timed out */
	bool no_space; /* the result directory's filesystem filled up */

	struct rundir rd;
	char scratch[64]; /* sockets: sun_path is short, so not in rd */
	char share[PATH_MAX];
	/* the QEMU the guest runs in, and the one it migrates to */
	struct qemu_slot src, dst;
	/* each QEMU's memory and threads' CPU time (host-*.tsv), or NULL */
	struct host_sampler *host;
	json_t *meta;
	char err[RUN_ERR_LEN];
};

/*
 * The run as a whole (run.c): a new result directory, the guest's life
 * (run_guest), the collection of its files and the verdict, the directory
 * committed whatever happened. 0, or -1 with the reason in r->err.
 */
int run_one(struct bench_run *r);

/* Remove a scratch directory and the files in it. */
void scratch_remove(const char *dir);

/* The guest's life, from both QEMUs' start to its results (run_guest.c) */
int run_guest(struct bench_run *r);

/* Record why the run failed; returns -1 for "return run_error(...)". */
int run_error(struct bench_run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* One line of progress, prefixed with the run's place and name */
void run_progress(const struct bench_run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Both QEMUs still running, room left for the results and nobody pressed
 * ^C; else err says why. ctx is the struct bench_run.
 */
bool run_alive(void *ctx, char *err, size_t errlen);

/*
 * The root cause first in r->err: ^C, or a QEMU that died, shows to the
 * code that noticed it as an interrupted call or a closed QMP connection.
 */
void run_name_cause(struct bench_run *r);

/*
 * Wait for "LOCKHOLD: <word>" on the source's console, or on the
 * destination's too once the guest may have moved there (migrated); rest
 * gets the rest of the line. A guest that reports failure, a dead QEMU or
 * ^C ends the wait at once.
 */
int run_wait_marker(struct bench_run *r, bool migrated, const char *word,
		    int timeout_s, char *rest, size_t len);

/* Sleep ms, watching the run as run_alive() does */
int run_sleep_watching(struct bench_run *r, int ms);

/* One line to the guest init on the control port of one QEMU. */
int run_tell_guest(struct bench_run *r, bool destination, const char *command);

/* Start the QEMU of the source slot, or of the destination (incoming). */
int run_start_qemu(struct bench_run *r, bool incoming);

/* meta.json's phase_seconds.name: the time since since (now_ms()) */
void run_meta_phase(struct bench_run *r, const char *name, int64_t since);

/* A hung guest's vCPU registers, into hung-vcpus.txt */
void run_dump_vcpus(struct bench_run *r);

/*
 * Every migration asked for, then migration-done to the guest
 * (pingpong.c). The first migration's figures are migration.json's own; a
 * ping-pong adds each migration's under "hops".
 */
int run_migrate_all(struct bench_run *r, char *uri, size_t urilen,
		    int64_t workload_start);

#endif
