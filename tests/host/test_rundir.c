// SPDX-License-Identifier: GPL-2.0
/* Result directories: complete or clearly failed, never overwritten. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/rundir.h"

static char parent[64];

static int setup(void **state)
{
	(void)state;
	strcpy(parent, "/tmp/lockhold-test-rundir.XXXXXX");
	return mkdtemp(parent) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", parent);
	return system(cmd);
}

/* Everything in dir, hidden partial directories included. */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return n;
}

static void commit_moves_into_place(void **state)
{
	struct rundir rd;
	char err[512], path[PATH_MAX + 32], nested[128];
	json_t *j = json_pack("{s:i}", "answer", 42);
	json_error_t jerr;

	(void)state;
	snprintf(nested, sizeof(nested), "%s/a/b", parent);
	assert_int_equal(rundir_create(&rd, nested, "run", err, sizeof(err)),
			 0);
	/* Until commit, the only thing in the parent is a hidden partial dir. */
	assert_non_null(strstr(rd.partial, "/.run.partial-"));
	assert_int_equal(
		rundir_write_json(&rd, "meta.json", j, err, sizeof(err)), 0);
	json_decref(j);
	assert_int_equal(rundir_commit(&rd, false, err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/run", nested);
	assert_string_equal(rd.final, path);
	strcat(path, "/meta.json");
	j = json_load_file(path, 0, &jerr);
	assert_non_null(j);
	assert_int_equal(json_integer_value(json_object_get(j, "answer")), 42);
	json_decref(j);
	assert_int_equal(entries(nested), 1);
}

static void never_replaces_a_run(void **state)
{
	struct rundir first, second, failed;
	char err[512], path[PATH_MAX + 32], marker[PATH_MAX + 32];
	FILE *f;

	(void)state;
	assert_int_equal(
		rundir_create(&first, parent, "same", err, sizeof(err)), 0);
	rundir_path(&first, "trace.dat", marker, sizeof(marker));
	f = fopen(marker, "w");
	fputs("first", f);
	fclose(f);
	assert_int_equal(rundir_commit(&first, false, err, sizeof(err)), 0);

	assert_int_equal(
		rundir_create(&second, parent, "same", err, sizeof(err)), 0);
	assert_int_equal(rundir_commit(&second, false, err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/same-2", parent);
	assert_string_equal(second.final, path);

	assert_int_equal(
		rundir_create(&failed, parent, "same", err, sizeof(err)), 0);
	assert_int_equal(rundir_commit(&failed, true, err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/same.failed", parent);
	assert_string_equal(failed.final, path);

	/* The first run's file is still there, untouched. */
	snprintf(path, sizeof(path), "%s/same/trace.dat", parent);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(marker, sizeof(marker), f));
	fclose(f);
	assert_string_equal(marker, "first");
}

/* A directory other files name (a matrix's) is made under its name or not */
static void exact_name_or_none(void **state)
{
	struct rundir rd, again;
	char err[512], path[PATH_MAX + 32];

	(void)state;
	assert_int_equal(rundir_create(&rd, parent, "exact", err, sizeof(err)),
			 0);
	assert_int_equal(rundir_commit_exact(&rd, err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/exact", parent);
	assert_string_equal(rd.final, path);
	assert_int_equal(
		rundir_create(&again, parent, "exact", err, sizeof(err)), 0);
	assert_int_equal(rundir_commit_exact(&again, err, sizeof(err)), -1);
	snprintf(path, sizeof(path), "%s/exact exists, left as it was", parent);
	assert_string_equal(err, path);
	/* the partial directory is the caller's to remove */
	assert_int_equal(rmdir(again.partial), 0);
}

static void unusable_parent_is_an_error(void **state)
{
	struct rundir rd;
	char err[512], file[128], want[256];
	FILE *f;

	(void)state;
	snprintf(file, sizeof(file), "%s/plainfile", parent);
	f = fopen(file, "w");
	fclose(f);
	strcat(file, "/sub");
	assert_int_equal(rundir_create(&rd, file, "run", err, sizeof(err)), -1);
	snprintf(want, sizeof(want),
		 "cannot create directory %s: Not a directory", file);
	assert_string_equal(err, want);
	assert_int_equal(rundir_create(&rd, parent, "a/b", err, sizeof(err)),
			 -1);
}

/* --out is checked before any run: the nearest existing ancestor decides. */
static void parent_checked_up_front(void **state)
{
	char err[1024], path[256], want[1024];
	FILE *f;

	(void)state;
	assert_int_equal(rundir_check_parent(parent, err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/not/yet/there", parent);
	assert_int_equal(rundir_check_parent(path, err, sizeof(err)), 0);
	assert_int_equal(rundir_check_parent("relative/x", err, sizeof(err)),
			 0);
	snprintf(path, sizeof(path), "%s/file", parent);
	f = fopen(path, "w");
	fclose(f);
	assert_int_equal(rundir_check_parent(path, err, sizeof(err)), -1);
	snprintf(
		want, sizeof(want),
		"invalid --out '%s': %s is not a directory (accepted: a writable directory, or a path that can be created in one)",
		path, path);
	assert_string_equal(err, want);
	strcat(path, "/below");
	assert_int_equal(rundir_check_parent(path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "Not a directory"));
	/* Nothing was created on the way. */
	snprintf(path, sizeof(path), "%s/not", parent);
	assert_int_equal(access(path, F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(commit_moves_into_place),
		cmocka_unit_test(never_replaces_a_run),
		cmocka_unit_test(exact_name_or_none),
		cmocka_unit_test(unusable_parent_is_an_error),
		cmocka_unit_test(parent_checked_up_front),
	};

	return cmocka_run_group_tests_name("rundir", tests, setup, teardown);
}
