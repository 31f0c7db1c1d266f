// SPDX-License-Identifier: GPL-2.0
#include "run_files.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

json_t *run_file_load(const char *dir, const char *name, char *err,
		      size_t errlen)
{
	char path[PATH_MAX];
	json_error_t jerr;
	json_t *j;

	err[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (access(path, F_OK))
		return NULL;
	j = json_load_file(path, 0, &jerr);
	if (!j)
		snprintf(err, errlen, "%s: line %d: %s", path, jerr.line,
			 jerr.text);
	return j;
}

int run_file_write(const char *dir, const char *name, json_t *json, char *err,
		   size_t errlen)
{
	char path[PATH_MAX], tmp[PATH_MAX + 16];
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, name);
	fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create a file in %s: %s", dir,
			 strerror(errno));
		return -1;
	}
	/* mkstemp's 0600 would hide the file from other readers */
	fchmod(fd, 0644);
	f = fdopen(fd, "w");
	if (!f || json_dumpf(json, f, JSON_INDENT(2) | JSON_SORT_KEYS) ||
	    fputc('\n', f) == EOF || fflush(f) || fsync(fd)) {
		snprintf(err, errlen, "cannot write %s: %s", tmp,
			 strerror(errno));
		if (f)
			fclose(f);
		else
			close(fd);
		unlink(tmp);
		return -1;
	}
	if (fclose(f) || rename(tmp, path)) {
		snprintf(err, errlen, "cannot write %s: %s", path,
			 strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}
