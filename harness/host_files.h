/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_HOST_FILES_H
#define LOCKHOLD_HOST_FILES_H

#include <jansson.h>
#include <stddef.h>

/*
 * The host sampler's files in a run directory, tab-separated, one row a
 * sample, a "#" line naming the columns, blocks separated by two blank
 * lines: gnuplot reads them as they are ('#' lines are comments, a block
 * is an index, and `index "source"` picks the block whose first comment
 * line begins with "# source"). t_s: seconds since the run started, on
 * bench's clock.
 *
 * host-rss.tsv: t_s role pid rss_kib anon_kib file_shmem_kib, a block a
 * QEMU, the source first. anon_kib is where guest RAM is.
 * host-threads.tsv: t_s role pid tid class cpu_ms name, a block a thread
 * ("# <role>/<tid> <class> <name>" first), cpu_ms its utime + stime so
 * far; the name last, as it may hold blanks (the columns before it need
 * no separator setting).
 * host-marks.tsv: t_s mark, the moments of the run in time order
 * (workload_start, migration_start, migration_end, ...).
 */
#define HOST_FILE_RSS "host-rss.tsv"
#define HOST_FILE_THREADS "host-threads.tsv"
#define HOST_FILE_MARKS "host-marks.tsv"

struct host_samples;
struct rundir;

/* The three files into rd, each written atomically; 0, or -1 with err. */
int host_files_write(const struct host_samples *hs, const struct rundir *rd,
		     char *err, size_t errlen);

/*
 * meta.json's host_sampling: the period, the files, where each figure
 * comes from, the QEMUs sampled and what the sampler itself cost
 * (sampler_cpu_ms).
 */
json_t *host_files_meta(const struct host_samples *hs);

#endif
