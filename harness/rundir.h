/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_RUNDIR_H
#define LOCKHOLD_RUNDIR_H

#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * One run's result directory. Everything is written into a hidden partial
 * directory beside the final one; commit renames it into place without ever
 * replacing an existing directory, so a directory with a run's name is always
 * complete, and an earlier run is never written into.
 */
struct rundir {
	char parent[PATH_MAX];
	char name[256];
	char partial[PATH_MAX]; /* where files are written until commit */
	char final[PATH_MAX]; /* set by rundir_commit */
};

/* Create parent (and its parents) if needed, and the partial directory. */
int rundir_create(struct rundir *rd, const char *parent, const char *name,
		  char *err, size_t errlen);

/*
 * Whether parent can hold result directories: it, or the nearest of its
 * ancestors that exists, is a writable directory. -1 with a message if not.
 */
int rundir_check_parent(const char *parent, char *err, size_t errlen);

/* Path of a file inside the partial directory. */
void rundir_path(const struct rundir *rd, const char *file, char *path,
		 size_t len);

/*
 * -1 with a one-line message when the filesystem holding the run's files is
 * full (QEMU's writes of the console and the guest's results then fail
 * without a word), else 0.
 */
int rundir_check_space(const struct rundir *rd, char *err, size_t errlen);

int rundir_write_json(const struct rundir *rd, const char *file, json_t *json,
		      char *err, size_t errlen);

/*
 * Move the partial directory to parent/name (or parent/name.failed when the
 * run failed), adding -2, -3, ... if that name is taken.
 */
int rundir_commit(struct rundir *rd, bool failed, char *err, size_t errlen);

/*
 * Move the partial directory to parent/name, that name or none: -1 with a
 * message naming it when it is taken (a directory other files point to).
 */
int rundir_commit_exact(struct rundir *rd, char *err, size_t errlen);

#endif
