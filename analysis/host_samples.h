/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_HOST_SAMPLES_H
#define LOCKHOLD_HOST_SAMPLES_H

#include <stdbool.h>
#include <stddef.h>

#define HOST_NAME_LEN 64

/* A row of host-rss.tsv (harness/host_files.h) */
struct host_rss_row {
	double t_s;
	char role[HOST_NAME_LEN];
	double rss_kib, anon_kib;
};

/* A row of host-threads.tsv */
struct host_thread_row {
	double t_s;
	char role[HOST_NAME_LEN];
	int tid;
	char class[16];
	double cpu_ms;
	char name[HOST_NAME_LEN];
};

/* A row of host-marks.tsv */
struct host_mark_row {
	double t_s;
	char mark[HOST_NAME_LEN];
};

/* A run's host-*.tsv, as the sampler wrote them: rows in file order. */
struct host_samples_read {
	struct host_rss_row *rss;
	size_t nrss;
	struct host_thread_row *threads;
	size_t nthreads;
	struct host_mark_row *marks;
	size_t nmarks;
};

/*
 * dir's host-rss.tsv, host-threads.tsv and host-marks.tsv into *h. 1 when
 * the run has none (a run from before the sampler), 0 when read, -1 with
 * err naming the file and line that is not the sampler's.
 */
int host_samples_load(const char *dir, struct host_samples_read *h, char *err,
		      size_t errlen);
void host_samples_free(struct host_samples_read *h);

#endif
