// SPDX-License-Identifier: GPL-2.0
#include "rundir.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

static int mkdir_parents(const char *path, char *err, size_t errlen)
{
	char buf[PATH_MAX];

	if (strlen(path) >= sizeof(buf)) {
		snprintf(err, errlen, "path too long: %s", path);
		return -1;
	}
	strcpy(buf, path);
	for (char *p = buf + 1;; p++) {
		if (*p && *p != '/')
			continue;
		char saved = *p;

		*p = '\0';
		if (mkdir(buf, 0777) && errno != EEXIST) {
			snprintf(err, errlen, "cannot create directory %s: %s",
				 buf, strerror(errno));
			return -1;
		}
		if (!saved)
			break;
		*p = saved;
	}
	struct stat st;

	if (stat(path, &st) || !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "not a directory: %s", path);
		return -1;
	}
	return 0;
}

int rundir_create(struct rundir *rd, const char *parent, const char *name,
		  char *err, size_t errlen)
{
	memset(rd, 0, sizeof(*rd));
	if (strlen(parent) >= sizeof(rd->parent) - 300 ||
	    strlen(name) >= sizeof(rd->name) - 32 || strchr(name, '/')) {
		snprintf(err, errlen, "invalid result directory %s/%s", parent,
			 name);
		return -1;
	}
	strcpy(rd->parent, parent);
	strcpy(rd->name, name);
	if (mkdir_parents(parent, err, errlen))
		return -1;
	snprintf(rd->partial, sizeof(rd->partial), "%s/.%s.partial-XXXXXX",
		 parent, name);
	if (!mkdtemp(rd->partial)) {
		snprintf(err, errlen, "cannot create a directory in %s: %s",
			 parent, strerror(errno));
		return -1;
	}
	return 0;
}

int rundir_check_parent(const char *parent, char *err, size_t errlen)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s", parent);
	while (stat(path, &st)) {
		char *slash = strrchr(path, '/');

		if (errno != ENOENT)
			break;
		if (!slash) {
			strcpy(path, ".");
		} else if (slash == path) {
			strcpy(path, "/");
		} else {
			*slash = '\0';
		}
	}
	if (stat(path, &st) || !S_ISDIR(st.st_mode) || access(path, W_OK)) {
		snprintf(
			err, errlen,
			"invalid --out '%s': %s is %s (accepted: a writable directory, or a path that can be created in one)",
			parent, path,
			stat(path, &st)	     ? strerror(errno) :
			!S_ISDIR(st.st_mode) ? "not a directory" :
					       "not writable");
		return -1;
	}
	return 0;
}

void rundir_path(const struct rundir *rd, const char *file, char *path,
		 size_t len)
{
	int n = snprintf(path, len, "%s/%s", rd->partial, file);

	/* An empty path fails to open: a truncated one could open elsewhere. */
	if (n < 0 || (size_t)n >= len)
		path[0] = '\0';
}

int rundir_check_space(const struct rundir *rd, char *err, size_t errlen)
{
	struct statvfs st;

	if (statvfs(rd->partial, &st))
		return 0; /* not full, as far as anyone can tell */
	if (st.f_bavail && (st.f_favail || !st.f_files))
		return 0;
	snprintf(
		err, errlen,
		"no space left on device: the filesystem of %s is full (%s), so the run's files are incomplete",
		rd->parent, st.f_bavail ? "no free inodes" : "no free blocks");
	return -1;
}

int rundir_write_json(const struct rundir *rd, const char *file, json_t *json,
		      char *err, size_t errlen)
{
	char path[PATH_MAX];

	rundir_path(rd, file, path, sizeof(path));
	if (json_dump_file(json, path, JSON_INDENT(2) | JSON_SORT_KEYS)) {
		snprintf(err, errlen, "cannot write %s: %s", path,
			 strerror(errno));
		return -1;
	}
	return 0;
}

/* Flush the files and the directory so a crash cannot leave them empty. */
static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	int ret;

	if (fd < 0)
		return -1;
	ret = syncfs(fd);
	close(fd);
	return ret;
}

static int flush_partial(const struct rundir *rd, char *err, size_t errlen)
{
	if (!sync_dir(rd->partial))
		return 0;
	snprintf(err, errlen, "cannot flush %s: %s", rd->partial,
		 strerror(errno));
	return -1;
}

/* The partial directory to name: 0, 1 when the name is taken, else -1 */
static int commit_as(struct rundir *rd, const char *suffix, char *err,
		     size_t errlen)
{
	int n = snprintf(rd->final, sizeof(rd->final), "%s/%s%s", rd->parent,
			 rd->name, suffix);

	if (n < 0 || (size_t)n >= sizeof(rd->final)) {
		snprintf(err, errlen, "no free name for %s/%s", rd->parent,
			 rd->name);
		return -1;
	}
	if (!renameat2(AT_FDCWD, rd->partial, AT_FDCWD, rd->final,
		       RENAME_NOREPLACE))
		return sync_dir(rd->parent) ? -1 : 0;
	if (errno == EEXIST)
		return 1;
	snprintf(err, errlen, "cannot move %s to %s: %s", rd->partial,
		 rd->final, strerror(errno));
	return -1;
}

int rundir_commit(struct rundir *rd, bool failed, char *err, size_t errlen)
{
	if (flush_partial(rd, err, errlen))
		return -1;
	for (int attempt = 1; attempt < 1000; attempt++) {
		const char *end = failed ? ".failed" : "";
		char suffix[32];
		int ret;

		if (attempt > 1)
			snprintf(suffix, sizeof(suffix), "-%d%s", attempt, end);
		else
			snprintf(suffix, sizeof(suffix), "%s", end);
		ret = commit_as(rd, suffix, err, errlen);
		if (ret <= 0)
			return ret;
	}
	snprintf(err, errlen, "no free name for %s/%s", rd->parent, rd->name);
	return -1;
}

int rundir_commit_exact(struct rundir *rd, char *err, size_t errlen)
{
	int ret;

	if (flush_partial(rd, err, errlen))
		return -1;
	ret = commit_as(rd, "", err, errlen);
	if (ret == 1)
		snprintf(err, errlen, "%s exists, left as it was", rd->final);
	return ret ? -1 : 0;
}
