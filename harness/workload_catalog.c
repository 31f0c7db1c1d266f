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

#define MAX_ARGS 64

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

/*
 * "a=1,b=2" becomes --a 1 --b 2 in argv, pointing into a copy made as
 * "--a=1,--b=2" and cut up in place; returns the copy (to free) or NULL.
 */
static char *split_args(const char *args, char **argv, int *argc)
{
	char *copy = malloc(3 * strlen(args) + 3), *to = copy, *save, *pair;
	const char *from;

	if (!copy)
		return NULL;
	for (from = args; *from; from++) {
		if (from == args || from[-1] == ',')
			to = stpcpy(to, "--");
		*to++ = *from;
	}
	*to = '\0';
	for (pair = strtok_r(copy, ",", &save); pair;
	     pair = strtok_r(NULL, ",", &save)) {
		to = strchr(pair, '=');
		if (!to || *argc + 3 >= MAX_ARGS) {
			free(copy);
			return NULL;
		}
		*to = '\0';
		argv[(*argc)++] = pair;
		argv[(*argc)++] = to + 1;
	}
	return copy;
}

int workload_catalog_check_args(const char *root, const char *name,
				const char *args, char *err, size_t errlen)
{
	char binary[PATH_MAX], line[512] = "", *copy;
	char *argv[MAX_ARGS] = { binary };
	int argc = 1, fds[2], status = -1;
	ssize_t got = 0, n;
	pid_t pid;

	snprintf(binary, sizeof(binary), "%s/build/workloads/%s", root, name);
	copy = split_args(args ?: "", argv, &argc);
	if (!copy || pipe2(fds, O_CLOEXEC)) {
		snprintf(err, errlen, "cannot check --workload-args '%s': %s",
			 args, copy ? strerror(errno) : "too many");
		free(copy);
		return -1;
	}
	argv[argc++] = "--validate";
	argv[argc] = NULL;
	fflush(NULL);
	pid = fork();
	if (!pid) {
		dup2(fds[1], STDERR_FILENO);
		dup2(fds[1], STDOUT_FILENO);
		execv(binary, argv);
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
	free(copy);
	if (pid > 0 && WIFEXITED(status) && !WEXITSTATUS(status))
		return 0;
	snprintf(err, errlen, "invalid --workload-args '%s': %s", args,
		 *line ? line : "the workload would not run");
	return -1;
}
