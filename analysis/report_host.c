// SPDX-License-Identifier: GPL-2.0
/* report.md's "Host side" (report_host.h). */
#include "report_host.h"

#include <string.h>

#include "../harness/host_threads.h"
#include "figures.h"
#include "report_md.h"

#define NAMES_LEN 1024
#define CLASSES HOST_THREAD_CLASSES

/* The thread names of every run's QEMUs, by class */
static void names_by_class(const struct comparison *c,
			   char names[CLASSES][NAMES_LEN])
{
	for (size_t i = 0; i < c->nruns; i++) {
		json_t *roles = figure_path(c->runs[i].metrics, "host.roles"),
		       *role, *t;
		const char *key;
		size_t k;

		json_object_foreach(roles, key, role)
		{
			json_array_foreach(json_object_get(role, "threads"), k,
					   t)
			{
				const char *cl = json_string_value(
					json_object_get(t, "class"));
				const char *n = json_string_value(
					json_object_get(t, "name"));

				for (size_t j = 0; cl && n && j < CLASSES; j++)
					if (!strcmp(cl,
						    host_thread_class_name(j)))
						report_list_add_once(
							names[j], NAMES_LEN, n);
			}
		}
	}
}

void report_host_section(FILE *f, const struct comparison *c)
{
	char names[CLASSES][NAMES_LEN] = { { 0 } };
	double cost = 0, share = 0, most = 0, period = 0;
	size_t runs = 0;

	for (size_t i = 0; i < c->nruns; i++) {
		json_t *host = figure_path(c->runs[i].metrics, "host");
		double ms =
			json_number_value(figure_path(host, "sampler_cpu_ms"));

		if (!host)
			continue;
		runs++;
		cost += ms;
		share +=
			json_number_value(figure_path(host, "sampler_cpu_pct"));
		most = ms > most ? ms : most;
		period = json_number_value(figure_path(host, "period_ms"));
	}
	if (!runs)
		return;
	fprintf(f,
		"## Host side\n\n"
		"bench sampled each QEMU every %.0f ms from a thread of its own: its resident memory "
		"from `/proc/PID/statm` (O(1), where `smaps_rollup` walks every mapping), of which the "
		"figures take RssAnon (resident − shared), where guest RAM is: `-m` without a memory "
		"backend is anonymous memory, and what free page reporting discards leaves it; and "
		"each thread's CPU time (utime + stime, in 10 ms ticks) and name from "
		"`/proc/PID/task/TID/stat`, the thread classed by its name (QEMU runs with "
		"`-name ...,debug-threads=on`). `host_*_given_back_*`: peak − end of a QEMU's RssAnon, "
		"the times from the peak to half and 90 %% of it only when it is 5 %% of the peak or "
		"more. `host_cpu_in_migration_*`: from the migration's start to its completion (every "
		"migration of a ping-pong), where a migrated run's hinting rounds are; `host_cpu_run_*`: "
		"from the first sample to the last, every QEMU of the run. Per run, `host` in "
		"metrics.json, and the samples in `host-rss.tsv`, `host-threads.tsv` and "
		"`host-marks.tsv`, which gnuplot reads as they are (`index \"source\"`).\n\n"
		"The sampler's own cost: %.1f ms of CPU per run on average (%.2f %% of one CPU over the "
		"run), at most %.1f ms, over %zu run(s).\n\n"
		"| thread class | QEMU thread names seen |\n|---|---|\n",
		period, cost / runs, share / runs, most, runs);
	names_by_class(c, names);
	for (size_t j = 0; j < CLASSES; j++)
		fprintf(f, "| %s | %s |\n", host_thread_class_name(j),
			names[j][0] ? names[j] : "–");
	fputs("\nThe first thread a QEMU starts, `call_rcu`, bears the process's name when it ran "
	      "before QEMU parsed `debug-threads=on` (it starts from a constructor): it is classed "
	      "rcu by its place.\n\n",
	      f);
}
