// SPDX-License-Identifier: GPL-2.0
/* The workloads bench can run, and a check of their options. */
#include "workload_catalog.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "workload_args.h"

bool workload_catalog_known(const char *root, const char *name)
{
	char binary[PATH_MAX], source[PATH_MAX];
	int n = snprintf(binary, sizeof(binary), "%s/build/workloads/%s", root,
			 name);
	int m = snprintf(source, sizeof(source), "%s/workloads/%s.c", root,
			 name);

	return n > 0 && (size_t)n < sizeof(binary) && m > 0 &&
	       (size_t)m < sizeof(source) && !strchr(name, '/') &&
	       !access(binary, X_OK) && !access(source, R_OK);
}

void workload_catalog_names(const char *root, char *buf, size_t len)
{
	char dir[PATH_MAX];
	struct dirent *de;
	size_t used = 0;
	DIR *d;

	buf[0] = '\0';
	snprintf(dir, sizeof(dir), "%s/build/workloads", root);
	d = opendir(dir);
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] != '.' &&
		    workload_catalog_known(root, de->d_name) && used < len)
			used += snprintf(buf + used, len - used, "%s%s",
					 used ? ", " : "", de->d_name);
	}
	closedir(d);
}

int workload_catalog_check_args(const char *root, const char *name,
				const char *args, char *err, size_t errlen)
{
	char binary[PATH_MAX], line[512] = "";
	const char *argv[2 * WORKLOAD_ARGS_MAX_PAIRS + 3] = { binary };
	int argc = 1, fds[2], status = -1;
	struct workload_args wa = { .n = 0 };
	ssize_t got = 0, n;
	pid_t pid;

	snprintf(binary, sizeof(binary), "%s/build/workloads/%s", root, name);
	if (args && workload_args_parse(args, &wa)) {
		snprintf(
			err, errlen,
			"invalid --workload-args '%s' (accepted: NAME=VALUE[,NAME=VALUE]... of letters, digits and -_./)",
			args);
		return -1;
	}
	for (int i = 0; i < wa.n; i++) {
		argv[argc++] = wa.flag[i];
		argv[argc++] = wa.value[i];
	}
	if (pipe2(fds, O_CLOEXEC)) {
		snprintf(err, errlen, "cannot check --workload-args '%s': %s",
			 args, strerror(errno));
		return -1;
	}
	argv[argc++] = "--validate";
	argv[argc] = NULL;
	fflush(NULL);
	pid = fork();
	if (!pid) {
		dup2(fds[1], STDERR_FILENO);
		dup2(fds[1], STDOUT_FILENO);
		execv(binary, (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	while (pid > 0 &&
	       (n = read(fds[0], line + got, sizeof(line) - 1 - got)) > 0)
		got += n;
	close(fds[0]);
	line[got] = '\0';
	line[strcspn(line, "\n")] = '\0';
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (pid > 0 && WIFEXITED(status) && !WEXITSTATUS(status))
		return 0;
	snprintf(err, errlen, "invalid --workload-args '%s': %s", args,
		 *line ? line : "the workload would not run");
	return -1;
}
