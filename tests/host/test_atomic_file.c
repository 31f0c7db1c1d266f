// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "harness/atomic_file.h"

static char dir[] = "/tmp/lockhold-atomic-XXXXXX";

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static int entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return n;
}

static void slurp(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

static void replaces_whole_file(void **state)
{
	char path[128], buf[64];
	struct stat st;

	(void)state;
	snprintf(path, sizeof(path), "%s/result.json", dir);
	assert_int_equal(atomic_file_write(path, "{\"a\": 1}\n"), 0);
	assert_int_equal(atomic_file_write(path, "{}\n"), 0);
	slurp(path, buf, sizeof(buf));
	assert_string_equal(buf, "{}\n");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	/* no temporary file is left beside it */
	assert_int_equal(entries(), 1);
}

static void failure_leaves_old_file_and_no_temporary(void **state)
{
	char path[128], sub[160], buf[64];

	(void)state;
	snprintf(path, sizeof(path), "%s/result.json", dir);
	assert_int_equal(atomic_file_write(path, "old\n"), 0);
	/* a directory in the way: the rename fails, after the data was written */
	snprintf(sub, sizeof(sub), "%s/busy", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_int_equal(atomic_file_write(sub, "new\n"), -EISDIR);
	assert_int_equal(entries(), 2);
	snprintf(sub, sizeof(sub), "%s/missing/result.json", dir);
	assert_int_equal(atomic_file_write(sub, "new\n"), -ENOENT);
	slurp(path, buf, sizeof(buf));
	assert_string_equal(buf, "old\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(replaces_whole_file),
		cmocka_unit_test(failure_leaves_old_file_and_no_temporary),
	};

	return cmocka_run_group_tests_name("atomic_file", tests, setup,
					   teardown);
}
