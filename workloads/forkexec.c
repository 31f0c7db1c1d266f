// SPDX-License-Identifier: GPL-2.0
/*
 * Fork, exec a tiny static program, wait: the process churn of a kernel
 * build, whose page tables, stacks and exec'd images come and go in small
 * allocations from every CPU.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "workload.h"

#define CHILD_NAME "forkexec-child"

static char program[PATH_MAX];

static const struct workload_option forkexec_options[] = {
	{ .name = "program",
	  .help = "program to exec (default: " CHILD_NAME
		  " beside this binary); it must exit 0",
	  .type = WOPT_STRING },
	{ .name = NULL },
};

static int forkexec_setup(struct workload_ctx *ctx)
{
	const char *given = workload_opt_string(ctx, "program");
	ssize_t len;
	char *slash;

	if (given) {
		snprintf(program, sizeof(program), "%s", given);
	} else {
		len = readlink("/proc/self/exe", program, sizeof(program) - 1);
		if (len < 0)
			return -errno;
		program[len] = '\0';
		slash = strrchr(program, '/');
		if (!slash ||
		    (size_t)(slash - program) + sizeof(CHILD_NAME) + 1 >
			    sizeof(program))
			return -ENAMETOOLONG;
		strcpy(slash + 1, CHILD_NAME);
	}
	if (access(program, X_OK)) {
		fprintf(stderr, "forkexec: cannot execute '%s': %s\n", program,
			strerror(errno));
		return -ENOEXEC;
	}
	return 0;
}

static int forkexec_run_op(struct workload_worker *worker)
{
	char *const argv[] = { program, NULL }, *const envp[] = { NULL };
	uint64_t t = workload_sample_start(worker);
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		execve(program, argv, envp);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	workload_sample_end(worker, t);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return workload_fail(worker, ECHILD,
				     "'%s' did not exit 0 (wait status %#x)",
				     program, status);
	return 1;
}

const struct workload forkexec_workload = {
	.name = "forkexec",
	.description =
		"Each worker forks, execs a tiny static program and waits for it, like\n"
		"the process churn of a kernel build. One op is one fork+exec+wait.",
	.options = forkexec_options,
	.latency_of = "one fork, exec and wait, end to end",
	/* An op is hundreds of microseconds even natively */
	.default_sample_period = 1,
	.setup = forkexec_setup,
	.run_op = forkexec_run_op,
};
