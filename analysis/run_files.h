/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_RUN_FILES_H
#define LOCKHOLD_RUN_FILES_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

/*
 * dir/name parsed, or NULL: err is empty when the file does not exist, and
 * names the file and the fault when it cannot be read or parsed.
 */
json_t *run_file_load(const char *dir, const char *name, char *err,
		      size_t errlen);

/*
 * dir/name opened for reading, its path in path: NULL with err empty when
 * the file does not exist (an older run's), naming the file and the fault
 * when it cannot be opened.
 */
FILE *run_file_open(const char *dir, const char *name, char *path,
		    size_t pathlen, char *err, size_t errlen);

/*
 * Write json to dir/name through a temporary file renamed into place, so
 * that a reader sees the old file or the new one, never half of one.
 */
int run_file_write(const char *dir, const char *name, json_t *json, char *err,
		   size_t errlen);

#endif
