// SPDX-License-Identifier: GPL-2.0
#include "atomic_file.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int atomic_file_write(const char *path, const char *text)
{
	char tmp[PATH_MAX + 16], dir[PATH_MAX], base[PATH_MAX];
	size_t len = strlen(text), done = 0;
	int fd, ret = 0;

	if (strlen(path) >= PATH_MAX)
		return -ENAMETOOLONG;
	/* dirname and basename may modify their argument */
	strcpy(dir, path);
	strcpy(base, path);
	snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dirname(dir),
		 basename(base));
	fd = mkstemp(tmp);
	if (fd < 0)
		return -errno;
	/* mkstemp's 0600 would hide the file from other readers */
	if (fchmod(fd, 0644))
		ret = -errno;
	while (!ret && done < len) {
		ssize_t n = write(fd, text + done, len - done);

		if (n < 0 && errno != EINTR)
			ret = -errno;
		else if (n > 0)
			done += n;
	}
	if (!ret && fsync(fd))
		ret = -errno;
	if (close(fd) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret)
		unlink(tmp);
	return ret;
}
