// SPDX-License-Identifier: GPL-2.0
/*
 * Selects the workload by the name the binary runs under (argv[0], so that
 * one binary can be linked as every workload), else by the first argument,
 * else the only one linked in.
 */
#include <string.h>

#include "runner.h"

static const struct workload *find_workload(const char *name)
{
	size_t i;

	for (i = 0; i < workload_registry_size; i++) {
		if (workload_registry[i] &&
		    !strcmp(workload_registry[i]->name, name))
			return workload_registry[i];
	}
	return NULL;
}

/* A binary built for one workload runs it whatever it is called. */
static const struct workload *only_workload(void)
{
	const struct workload *only = NULL;
	size_t i;

	for (i = 0; i < workload_registry_size; i++) {
		if (workload_registry[i] && only)
			return NULL;
		if (workload_registry[i])
			only = workload_registry[i];
	}
	return only;
}

static void list_workloads(FILE *out, const char *separator)
{
	const char *before = "";
	size_t i;

	for (i = 0; i < workload_registry_size; i++) {
		if (workload_registry[i]) {
			fprintf(out, "%s%s", before,
				workload_registry[i]->name);
			before = separator;
		}
	}
}

int main(int argc, char **argv)
{
	const char *prog = argc > 0 ? argv[0] : "lockhold";
	const struct workload *workload;
	struct workload_ctx ctx;
	char err[512];
	int ret;

	if (strrchr(prog, '/'))
		prog = strrchr(prog, '/') + 1;
	if (argc > 1 && !strcmp(argv[1], "--list")) {
		list_workloads(stdout, "\n");
		putchar('\n');
		return 0;
	}
	workload = find_workload(prog);
	if (!workload && argc > 1 && (workload = find_workload(argv[1]))) {
		argc--;
		argv++;
	}
	if (!workload)
		workload = only_workload();
	if (!workload) {
		fprintf(stderr, "%s: unknown workload '%s' (accepted: ", prog,
			argc > 1 ? argv[1] : "");
		list_workloads(stderr, ", ");
		fputs(")\n", stderr);
		return 2;
	}

	ret = runner_parse_args(workload, argc, argv, &ctx, err, sizeof(err));
	if (ret < 0) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	if (ret == 1)
		runner_print_help(workload, stdout);
	if (ret > 0)
		return 0;
	return runner_run(&ctx);
}
