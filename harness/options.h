/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_OPTIONS_H
#define LOCKHOLD_OPTIONS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum accel { ACCEL_AUTO, ACCEL_KVM, ACCEL_TCG };

#define MEM_MIN_MIB 256
#define MEM_MAX_MIB (16 * 1024)
#define VCPUS_MAX 8 /* CONFIG_NR_CPUS of the guest kernels */
#define DURATION_MAX_S 3600
#define RUNS_MAX 1000
#define TIMEOUT_MAX_S 86400
#define MIGRATE_OFF (-1)
#define MIGRATIONS_MAX 100000
#define VARIANTS_MAX 16
#define MEMS_MAX 16
#define MEM_MIGRATE_MAX_MIB (8 * 1024) /* two QEMUs of it fit this host */
#define PARAMS_MAX 4
#define PARAM_VALUES_MAX 16
#define ROUNDS_MAX 100000
#define WORKLOADS_MAX 16 /* several only with --matrix */
#define GIVEN_MAX 64 /* options on one command line, for --matrix */
/*
 * Recorded in every run unless --events says otherwise; the guest records
 * those its kernel has. free_page_hint and zone_lock are the instrument
 * every lockhold kernel carries: zone_lock_hold fires once per zone->lock
 * hold, a per-CPU list refill or drain of many pages, not per page.
 * kmem:mm_page_alloc_zone_locked fires for every page a per-CPU refill
 * takes: with it the page-fault storm lost 9.5 % of its throughput here,
 * without it 1.8 %, so it is opt-in.
 */
#define DEFAULT_TRACE_EVENTS \
	"lock:contention_begin,lock:contention_end,free_page_hint,zone_lock"

/* --param NAME=V1,V2,...: a boot parameter and the values it sweeps */
struct param_sweep {
	const char *name; /* module.parameter, into buf */
	const char *values[PARAM_VALUES_MAX];
	unsigned int nvalues;
	char buf[256];
};

/* One option as the command line gave it (value NULL for a flag) */
struct option_given {
	const char *name, *value;
};

/* Its lists point into its own buffers: pass it by pointer, never copy it */
struct bench_options {
	/* --variant a,b,c: runs interleave the variants, a b c a b c ... */
	const char *variants[VARIANTS_MAX];
	unsigned int nvariants;
	char variant_list[1024];
	const char *workload; /* workloads[0] */
	/* --workload a,b: several only with --matrix, a factor of it */
	const char *workloads[WORKLOADS_MAX];
	unsigned int nworkloads;
	char workload_list[256];
	const char *workload_arg; /* --workload as given */
	const char *workload_args; /* NAME=VALUE,...; NULL: the defaults */
	/* --mem 1G,2G: guest sizes, interleaved like the variants */
	unsigned int mems_mib[MEMS_MAX];
	unsigned int nmems;
	/* --param, each given once: every combination of their values */
	struct param_sweep params[PARAMS_MAX];
	unsigned int nparams;
	/* --rounds N --round-every S: rounds on demand, without migration */
	unsigned int rounds;
	unsigned int round_every_ms;
	unsigned int vcpus;
	unsigned int duration_s;
	unsigned int runs;
	unsigned int first_run; /* the repetition number of the first run */
	int migrate_at_s; /* MIGRATE_OFF: no migration */
	enum accel accel;
	unsigned int prefill_pct; /* of MemAvailable, dirtied then freed */
	unsigned int bandwidth_mib; /* QEMU max-bandwidth, MiB/s */
	unsigned int migrations; /* ping-pong: how many, one after another */
	unsigned int timeout_s; /* workload start to results, else hung */
	bool debug; /* boot the debug kernels (lockdep, KASAN, ...) */
	bool trace; /* run the workload under trace-cmd record */
	bool host_sampling; /* the QEMUs' RSS and threads' CPU (host_sampler.h) */
	const char *events; /* comma-separated system:event or system names */
	const char *out_dir; /* parent of the run directories */
	bool list;
	bool help;
	bool check; /* check the options against the tree, run nothing */
	/* --matrix NAME: write the runs as a job list, run nothing */
	const char *matrix;
	/* --cell NAME:K: this one run is cell K of matrix NAME (cell_of) */
	char cell_of[64];
	unsigned int cell;
	/* the options as given, in order, for the matrix's cells */
	struct option_given given[GIVEN_MAX];
	unsigned int ngiven;
};

/*
 * Parse bench's command line into o (string fields point into argv).
 * Returns 0, or -1 with a one-line message naming the bad value and what is
 * accepted. Checks syntax and ranges only: whether a variant or workload
 * exists is checked against the tree by the caller.
 */
int options_parse(int argc, char **argv, struct bench_options *o, char *err,
		  size_t errlen);

void options_usage(FILE *out);

const char *accel_name(enum accel accel);

#endif
