/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_HOST_PROC_H
#define LOCKHOLD_HOST_PROC_H

#include <stddef.h>
#include <sys/types.h>

/*
 * A process's resident memory, from /proc/PID/statm. statm, not
 * smaps_rollup: statm reads the mm's RSS counters, O(1) whatever the size
 * of the guest, while smaps_rollup walks every VMA and its page tables,
 * a cost that grows with the guest's RAM, ten times a second. What statm
 * lacks is the split of "shared" into file and shmem, which is not needed:
 * QEMU's guest RAM here is anonymous (-m without a memory-backend, so
 * memory-backend-ram: a private anonymous mapping), and what free page
 * reporting gives back (MADV_DONTNEED on it) leaves RssAnon.
 */
struct host_memory {
	unsigned long long rss_kib; /* resident */
	unsigned long long anon_kib; /* resident - shared: RssAnon */
	unsigned long long file_shmem_kib; /* shared: RssFile + RssShmem */
};

/* statm's text into *m; 0, or -1 when it is not statm's */
int host_memory_parse(const char *text, long page_kib, struct host_memory *m);

/* 0, or -1 when the process is gone */
int host_memory_read(pid_t pid, struct host_memory *m);

#define HOST_TASK_NAME_LEN 64

/*
 * One thread, from /proc/PID/task/TID/stat. Its name is stat's second
 * field, the same task->comm that .../comm shows: one read a thread
 * instead of two.
 */
struct host_task {
	char name[HOST_TASK_NAME_LEN];
	char state; /* 'R', 'S', ..., 'Z' */
	unsigned long long cpu_ticks; /* utime + stime, clock ticks */
	unsigned long long
		start_ticks; /* since boot: with the TID, its identity */
};

/* stat's text into *t; 0, or -1 when it is not a stat line */
int host_task_parse(const char *text, struct host_task *t);

/* 0, or -1 when the thread is gone */
int host_task_read(pid_t pid, pid_t tid, struct host_task *t);

/*
 * The TIDs of pid's threads into *tids (grown as needed, *cap its size);
 * their number, or -1 when the process is gone.
 */
int host_task_list(pid_t pid, pid_t **tids, size_t *cap);

#endif
