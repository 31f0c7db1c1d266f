// SPDX-License-Identifier: GPL-2.0
/* A process's memory and its threads' CPU time, from /proc (host_proc.h). */
#include "host_proc.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The whole of a small /proc file into buf; its length, or -1. */
static ssize_t read_small(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

int host_memory_parse(const char *text, long page_kib, struct host_memory *m)
{
	unsigned long long size, resident, shared;

	if (sscanf(text, "%llu %llu %llu", &size, &resident, &shared) != 3 ||
	    shared > resident)
		return -1;
	m->rss_kib = resident * page_kib;
	m->file_shmem_kib = shared * page_kib;
	m->anon_kib = (resident - shared) * page_kib;
	return 0;
}

int host_memory_read(pid_t pid, struct host_memory *m)
{
	char path[64], buf[256];

	snprintf(path, sizeof(path), "/proc/%d/statm", (int)pid);
	if (read_small(path, buf, sizeof(buf)) < 0)
		return -1;
	return host_memory_parse(buf, sysconf(_SC_PAGESIZE) / 1024, m);
}

int host_task_parse(const char *text, struct host_task *t)
{
	/* the name may hold blanks and parentheses: it ends at the last ')' */
	const char *open = strchr(text, '('), *close = strrchr(text, ')');
	unsigned long long utime, stime;
	size_t n;

	if (!open || !close || close < open)
		return -1;
	n = (size_t)(close - open - 1);
	if (n >= sizeof(t->name))
		n = sizeof(t->name) - 1;
	memcpy(t->name, open + 1, n);
	t->name[n] = '\0';
	/* fields 3 (state) to 22 (starttime); 14 and 15 are utime, stime */
	if (sscanf(close + 1,
		   " %c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %*d %*d %*d %*d %*d %*d %llu",
		   &t->state, &utime, &stime, &t->start_ticks) != 4)
		return -1;
	t->cpu_ticks = utime + stime;
	return 0;
}

int host_task_read(pid_t pid, pid_t tid, struct host_task *t)
{
	char path[64], buf[1024];

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)pid,
		 (int)tid);
	if (read_small(path, buf, sizeof(buf)) < 0)
		return -1;
	return host_task_parse(buf, t);
}

int host_task_list(pid_t pid, pid_t **tids, size_t *cap)
{
	char path[64];
	struct dirent *de;
	size_t n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		long tid = strtol(de->d_name, NULL, 10);

		if (tid <= 0)
			continue;
		if (n == *cap) {
			size_t more = *cap ? 2 * *cap : 32;
			pid_t *grown = realloc(*tids, more * sizeof(**tids));

			if (!grown)
				break; /* the threads listed so far */
			*tids = grown;
			*cap = more;
		}
		(*tids)[n++] = (pid_t)tid;
	}
	closedir(d);
	return (int)n;
}
