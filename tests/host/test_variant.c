// SPDX-License-Identifier: GPL-2.0
/* variant.conf parsing: a variant is a directory; bad files are named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/variant.h"

static char root[64];

static void write_variant(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/kernel-variants/%s", root, name);
	mkdir(path, 0777);
	strcat(path, "/variant.conf");
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	char path[128];

	(void)state;
	strcpy(root, "/tmp/lockhold-test-variant.XXXXXX");
	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/kernel-variants", root);
	mkdir(path, 0777);
	write_variant("hint",
		      "# comment\ndescription = hints, with = sign\n"
		      "kernel = mainline\n"
		      "balloon = free-page-hint=on,iothread=lockhold-io\n");
	write_variant("batched", "description=own kernel\ncmdline = x.n=4\n");
	write_variant("typo", "descripton = oops\n");
	write_variant("noeq", "description\n");
	write_variant("evil", "kernel = ../../etc\n");
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	return system(cmd);
}

static void loads_fields(void **state)
{
	struct variant v;
	char err[512];

	(void)state;
	assert_int_equal(variant_load(root, "hint", &v, err, sizeof(err)), 0);
	assert_string_equal(v.description, "hints, with = sign");
	assert_string_equal(v.kernel, "mainline");
	assert_string_equal(v.balloon,
			    "free-page-hint=on,iothread=lockhold-io");
	assert_string_equal(v.cmdline, "");

	/* Without a kernel key a variant builds a kernel of its own. */
	assert_int_equal(variant_load(root, "batched", &v, err, sizeof(err)),
			 0);
	assert_string_equal(v.kernel, "batched");
	assert_string_equal(v.cmdline, "x.n=4");
}

/* variant_field is what build/host/variant-conf prints for the kernel build. */
static void field_by_key(void **state)
{
	struct variant v;
	char err[512];

	(void)state;
	assert_int_equal(variant_load(root, "batched", &v, err, sizeof(err)),
			 0);
	assert_string_equal(variant_field(&v, "kernel"), "batched");
	assert_string_equal(variant_field(&v, "cmdline"), "x.n=4");
	assert_ptr_equal(variant_field(&v, "cmdline"), v.cmdline);
	assert_null(variant_field(&v, "colour"));
	assert_null(variant_field(&v, ""));
}

static void rejects_bad_files(void **state)
{
	struct variant v;
	char err[512], want[512];

	(void)state;
	assert_int_equal(variant_load(root, "typo", &v, err, sizeof(err)), -1);
	snprintf(
		want, sizeof(want),
		"%s/kernel-variants/typo/variant.conf:1: unknown key 'descripton' (accepted: description, kernel, balloon, cmdline)",
		root);
	assert_string_equal(err, want);

	assert_int_equal(variant_load(root, "noeq", &v, err, sizeof(err)), -1);
	assert_non_null(strstr(
		err,
		"noeq/variant.conf:1: expected 'key = value', got 'description'"));

	assert_int_equal(variant_load(root, "evil", &v, err, sizeof(err)), -1);
	assert_non_null(
		strstr(err, "evil/variant.conf:1: invalid kernel '../../etc'"));
}

static void unknown_variant_lists_known(void **state)
{
	struct variant v;
	char err[512];

	(void)state;
	assert_int_equal(variant_load(root, "nosuch", &v, err, sizeof(err)),
			 -1);
	assert_string_equal(
		err,
		"unknown variant 'nosuch' (accepted: batched, evil, hint, noeq, typo)");
	assert_int_equal(variant_load(root, "../kernel-variants/hint", &v, err,
				      sizeof(err)),
			 -1);
	assert_non_null(
		strstr(err, "unknown variant '../kernel-variants/hint'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loads_fields),
		cmocka_unit_test(field_by_key),
		cmocka_unit_test(rejects_bad_files),
		cmocka_unit_test(unknown_variant_lists_known),
	};

	return cmocka_run_group_tests_name("variant", tests, setup, teardown);
}
