// SPDX-License-Identifier: GPL-2.0
/*
 * lockhold-compare --out DIR [--baseline VARIANT] RUN_DIR...: read each
 * run's metrics.json, group the runs by variant and context, and write
 * DIR/comparison.csv, DIR/report.md and the data of the figures
 * (DIR/NAME.dat, DIR/NAME.vars) that analysis/plots/NAME.gp draws.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "groups.h"
#include "plot_data.h"
#include "report_csv.h"
#include "report_md.h"

#define ERR_LEN (PATH_MAX + 512)

static void usage(FILE *f)
{
	fprintf(f,
		"usage: lockhold-compare --out DIR [--baseline VARIANT] [--label TEXT] RUN_DIR...\n"
		"  DIR: an existing directory for comparison.csv, report.md and plot data\n"
		"  VARIANT: the variant every other is compared with (default none)\n");
}

typedef int (*writer_fn)(FILE *f, const void *arg);

static int write_file(const char *dir, const char *name, writer_fn fn,
		      const void *arg)
{
	char path[PATH_MAX];
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "error: cannot write %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	ret = fn(f, arg);
	if (fclose(f) || ret) {
		fprintf(stderr, "error: cannot write %s\n", path);
		return -1;
	}
	return 0;
}

static int csv_writer(FILE *f, const void *arg)
{
	return report_csv_write(f, arg);
}

static int md_writer(FILE *f, const void *arg)
{
	return report_md_write(f, arg);
}

/* The distinct variants of the runs, for an error message. */
static void variants_present(const struct run *runs, size_t n, char *out,
			     size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		bool seen = false;

		for (size_t j = 0; j < i; j++)
			seen |= !strcmp(runs[j].variant, runs[i].variant);
		if (!seen && used < len)
			used += snprintf(out + used, len - used, "%s%s",
					 used ? ", " : "", runs[i].variant);
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "baseline", required_argument, NULL, 'b' },
		{ "label", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *out = NULL, *baseline = "none", *label = NULL;
	bool baseline_chosen = false, drawn[PLOTS];
	char err[ERR_LEN], names[1024];
	struct comparison c;
	struct run *runs;
	size_t nruns = 0;
	struct stat st;
	int opt, status = 0;

	while ((opt = getopt_long(argc, argv, "o:b:l:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'o':
			out = optarg;
			break;
		case 'b':
			baseline = optarg;
			baseline_chosen = true;
			break;
		case 'l':
			label = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!out || optind == argc) {
		usage(stderr);
		return 2;
	}
	if (stat(out, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "error: --out %s: not an existing directory\n",
			out);
		return 2;
	}
	runs = calloc(argc - optind, sizeof(*runs));
	if (!runs)
		return 2;
	for (int i = optind; i < argc; i++) {
		if (run_load(&runs[nruns], argv[i], err, sizeof(err))) {
			fprintf(stderr, "error: %s\n", err);
			status = 1; /* reported, and the rest still compared */
			continue;
		}
		nruns++;
	}
	for (size_t i = 0; i < nruns; i++) {
		if (runs[i].trace_usable)
			continue;
		fprintf(stderr,
			"warning: %s: trace unusable, marked in the report: %s\n",
			runs[i].name,
			runs[i].trace_problem ? runs[i].trace_problem : "?");
		status = 1;
	}
	if (!nruns) {
		fprintf(stderr,
			"error: no run with a metrics.json to compare\n");
		return 2;
	}
	if (comparison_build(&c, runs, nruns, baseline)) {
		fprintf(stderr, "error: out of memory\n");
		return 2;
	}
	bool have_base = comparison_has_baseline(&c);

	if (!have_base && baseline_chosen) {
		variants_present(runs, nruns, names, sizeof(names));
		fprintf(stderr,
			"error: --baseline %s: no completed run of that variant; variants present: %s\n",
			baseline, names);
		return 2;
	}
	if (!have_base)
		fprintf(stderr,
			"warning: no runs of the baseline '%s': changes not computed\n",
			baseline);
	if (plot_data_write(out, &c, drawn, err, sizeof(err))) {
		fprintf(stderr, "error: %s\n", err);
		return 2;
	}
	struct report_input in = {
		.c = &c,
		.runs_dir = label ? label : argv[optind],
		.baseline_present = have_base,
		.drawn = drawn,
	};

	if (write_file(out, "comparison.csv", csv_writer, &c) ||
	    write_file(out, "report.md", md_writer, &in))
		return 2;
	/* what to draw, for the report script */
	FILE *f = fopen(strcat(strcpy(err, out), "/plots.list"), "w");

	for (int p = 0; f && p < PLOTS; p++)
		if (drawn[p])
			fprintf(f, "%s\n", plot_descs[p].name);
	if (!f || fclose(f)) {
		fprintf(stderr, "error: cannot write %s\n", err);
		return 2;
	}
	comparison_free(&c);
	for (size_t i = 0; i < nruns; i++)
		run_free(&runs[i]);
	free(runs);
	return status;
}
