/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the workload tests share: a run of a workload in this process, its
 * standard error captured, and its JSON result read back. Include after
 * cmocka.h.
 */
#ifndef LOCKHOLD_TEST_RUN_SUPPORT_H
#define LOCKHOLD_TEST_RUN_SUPPORT_H

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "workloads/runner.h"

/* What a file descriptor (stdout's, stderr's) gets, from _start to _end */
struct capture {
	int fd, saved;
	FILE *file;
};

static inline void capture_start(struct capture *c, FILE *stream)
{
	fflush(stream);
	c->fd = fileno(stream);
	c->saved = dup(c->fd);
	c->file = tmpfile();
	assert_non_null(c->file);
	dup2(fileno(c->file), c->fd);
}

static inline void capture_end(struct capture *c, FILE *stream, char *text,
			       size_t len)
{
	fflush(stream);
	dup2(c->saved, c->fd);
	close(c->saved);
	rewind(c->file);
	text[fread(text, 1, len - 1, c->file)] = '\0';
	fclose(c->file);
}

/*
 * Runs workload with args (NULL-terminated, after argv[0]), which must
 * parse; returns runner_run()'s exit status with its standard error in
 * stderr_text.
 */
static inline int run_captured(const struct workload *workload, char **args,
			       char *stderr_text, size_t len)
{
	char *argv[32] = { "test" };
	struct workload_ctx ctx;
	struct capture c;
	char err[256];
	int argc = 1, ret;

	while (*args && argc < 31)
		argv[argc++] = *args++;
	argv[argc] = NULL;
	if (runner_parse_args(workload, argc, argv, &ctx, err, sizeof(err)))
		fail_msg("%s", err);
	capture_start(&c, stderr);
	ret = runner_run(&ctx);
	capture_end(&c, stderr, stderr_text, len);
	return ret;
}

/* The result at path, whole: the runner's temporary file is gone. */
static inline json_t *load_result_file(const char *path)
{
	char tmp[PATH_MAX];
	json_error_t error;
	json_t *result = json_load_file(path, 0, &error);

	if (!result)
		fail_msg("%s: %s", path, error.text);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	assert_int_equal(access(tmp, F_OK), -1);
	return result;
}

#endif
