// SPDX-License-Identifier: GPL-2.0
/* The host sampler's samples into the run directory (host_files.h). */
#include "host_files.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "host_sampler.h"
#include "rundir.h"

/* The source first, then the other QEMUs in the order they started. */
static size_t block_order(const struct host_samples *hs, size_t proc)
{
	return strcmp(hs->procs[proc]->role, "source") ? proc + 1 : 0;
}

static const struct host_samples *sorting;

static int by_block_then_time(const void *a, const void *b)
{
	const struct host_cpu_sample *x = a, *y = b;
	size_t bx = block_order(sorting, x->proc),
	       by = block_order(sorting, y->proc);

	if (bx != by)
		return bx < by ? -1 : 1;
	if (x->thread != y->thread)
		return x->thread < y->thread ? -1 : 1;
	return (x->t_ms > y->t_ms) - (x->t_ms < y->t_ms);
}

static void rss_text(FILE *f, const struct host_samples *hs)
{
	bool first = true;

	fprintf(f,
		"# QEMU resident memory every %d ms, from /proc/PID/statm (meta.json host_sampling)\n"
		"# anon_kib = resident - shared: RssAnon, where guest RAM is; file_shmem_kib: RssFile + RssShmem\n"
		"# a block a QEMU; gnuplot: index \"<role>\"\n"
		"# t_s\trole\tpid\trss_kib\tanon_kib\tfile_shmem_kib\n",
		hs->period_ms);
	for (size_t order = 0; order <= hs->nprocs; order++) {
		for (size_t p = 0; p < hs->nprocs; p++) {
			const struct host_process *proc = hs->procs[p];
			bool any = false;

			if (block_order(hs, p) != order)
				continue;
			for (size_t i = 0; i < hs->nrss; i++) {
				const struct host_rss_sample *s = &hs->rss[i];

				if (s->proc != p)
					continue;
				if (!any)
					fprintf(f, "%s# %s pid %d\n",
						first ? "" : "\n\n", proc->role,
						(int)proc->pid);
				any = true;
				first = false;
				fprintf(f, "%.3f\t%s\t%d\t%llu\t%llu\t%llu\n",
					s->t_ms / 1e3, proc->role,
					(int)proc->pid, s->mem.rss_kib,
					s->mem.anon_kib, s->mem.file_shmem_kib);
			}
		}
	}
}

static int threads_text(FILE *f, const struct host_samples *hs)
{
	struct host_cpu_sample *cpu =
		malloc((hs->ncpu ? hs->ncpu : 1) * sizeof(*cpu));

	if (!cpu)
		return -1;
	memcpy(cpu, hs->cpu, hs->ncpu * sizeof(*cpu));
	sorting = hs;
	qsort(cpu, hs->ncpu, sizeof(*cpu), by_block_then_time);
	fprintf(f,
		"# QEMU threads' CPU time every %d ms, from /proc/PID/task/TID/stat (meta.json host_sampling)\n"
		"# cpu_ms: utime + stime since the thread started, in clock ticks of 10 ms\n"
		"# class: vcpu, migration, io, rcu, main or other, from the name (harness/host_threads.h)\n"
		"# a block a thread, \"<role>/<tid>\" first: gnuplot index \"<role>/<tid>\"; the name last, as it may hold blanks\n"
		"# t_s\trole\tpid\ttid\tclass\tcpu_ms\tname\n",
		hs->period_ms);
	for (size_t i = 0; i < hs->ncpu; i++) {
		const struct host_process *p = hs->procs[cpu[i].proc];
		const struct host_thread *t = &p->threads[cpu[i].thread];
		const char *class = host_thread_class_name(t->class);

		if (!i || cpu[i].proc != cpu[i - 1].proc ||
		    cpu[i].thread != cpu[i - 1].thread)
			fprintf(f, "%s# %s/%d %s %s\n", i ? "\n\n" : "",
				p->role, (int)t->tid, class, t->name);
		fprintf(f, "%.3f\t%s\t%d\t%d\t%s\t%llu\t%s\n",
			cpu[i].t_ms / 1e3, p->role, (int)p->pid, (int)t->tid,
			class, cpu[i].cpu_ms, t->name);
	}
	free(cpu);
	return 0;
}

static void marks_text(FILE *f, const struct host_samples *hs)
{
	fputs("# moments of the run, on the clock of host-rss.tsv and host-threads.tsv\n"
	      "# t_s\tmark\n",
	      f);
	for (size_t i = 0; i < hs->nmarks; i++)
		fprintf(f, "%.3f\t%s\n", hs->marks[i].t_ms / 1e3,
			hs->marks[i].name);
}

enum host_file { RSS, THREADS, MARKS, HOST_FILES };

static int write_one(const struct host_samples *hs, const struct rundir *rd,
		     enum host_file which, char *err, size_t errlen)
{
	static const char *const names[HOST_FILES] = {
		[RSS] = HOST_FILE_RSS,
		[THREADS] = HOST_FILE_THREADS,
		[MARKS] = HOST_FILE_MARKS,
	};
	char path[PATH_MAX], *text = NULL;
	size_t len;
	FILE *f = open_memstream(&text, &len);
	int ret = f ? 0 : -1;

	if (f) {
		if (which == RSS)
			rss_text(f, hs);
		else if (which == THREADS)
			ret = threads_text(f, hs);
		else
			marks_text(f, hs);
		ret |= fclose(f);
	}
	rundir_path(rd, names[which], path, sizeof(path));
	if (!ret)
		ret = atomic_file_write(path, text);
	free(text);
	if (ret)
		snprintf(err, errlen, "cannot write %s: %s", path,
			 ret < -1 ? strerror(-ret) : "out of memory");
	return ret ? -1 : 0;
}

int host_files_write(const struct host_samples *hs, const struct rundir *rd,
		     char *err, size_t errlen)
{
	for (int which = 0; which < HOST_FILES; which++)
		if (write_one(hs, rd, which, err, errlen))
			return -1;
	return 0;
}

json_t *host_files_meta(const struct host_samples *hs)
{
	json_t *qemus = json_array();

	for (size_t i = 0; i < hs->nprocs; i++)
		json_array_append_new(
			qemus,
			json_pack("{s:s, s:i, s:I}", "role", hs->procs[i]->role,
				  "pid", (int)hs->procs[i]->pid, "threads",
				  (json_int_t)hs->procs[i]->nthreads));
	return json_pack(
		"{s:i, s:[s, s, s], s:s, s:s, s:s, s:f, s:I, s:I, s:I, s:o}",
		"period_ms", hs->period_ms, "files", HOST_FILE_RSS,
		HOST_FILE_THREADS, HOST_FILE_MARKS, "rss_source",
		"/proc/PID/statm: resident and shared pages; anon = resident - shared (RssAnon): guest RAM is anonymous memory (-m, no memory-backend)",
		"cpu_source",
		"/proc/PID/task/TID/stat: utime + stime (clock ticks of 10 ms) and the thread's name (task->comm, as .../comm shows it)",
		"clock", "bench's CLOCK_MONOTONIC, 0 at the start of the run",
		"sampler_cpu_ms", hs->sampler_cpu_ms, "rounds",
		(json_int_t)hs->ticks, "late_rounds",
		(json_int_t)hs->late_ticks, "lost_samples",
		(json_int_t)hs->lost, "qemus", qemus);
}
