// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's boot record of its lock addresses (zone-locks.txt): the
 * lines the guest copies from dmesg, and a one-line error naming the file,
 * the line and the value for anything else.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/zone_locks.h"
#include "test_support.h"

static char dir[64];
static struct zone_lock_boot b;
static char err[PATH_MAX + 256];

static int setup(void **state)
{
	(void)state;
	return scratch_dir_make(dir, sizeof(dir),
				"/tmp/lockhold-test-zone-locks.XXXXXX");
}

static int teardown(void **state)
{
	(void)state;
	return scratch_dir_remove(dir);
}

static int load(const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/" ZONE_LOCKS_FILE, dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	err[0] = '\0';
	return zone_locks_load(dir, &b, err, sizeof(err));
}

static void the_kernels_lines(void **state)
{
	(void)state;
	assert_int_equal(load("nid=0 zone=DMA32 lock=0xffffffff81b1a420\n"
			      "nid=0 zone=Normal lock=0xffffffff81b1ac20\r\n"
			      "\n"
			      "  nid=0 lru_lock=0xffffffff81b1b070  \n"
			      "nid=1 zone=Normal lock=0xff11000237fd5e00"),
			 0);
	assert_int_equal(b.n, 4);
	assert_true(b.rec[0].addr == 0xffffffff81b1a420ULL);
	assert_string_equal(b.rec[0].zone, "DMA32");
	assert_false(b.rec[0].lru);
	assert_string_equal(b.rec[1].zone, "Normal");
	assert_true(b.rec[2].lru);
	assert_true(b.rec[2].addr == 0xffffffff81b1b070ULL);
	assert_string_equal(b.rec[2].zone, "");
	assert_int_equal(b.rec[3].nid, 1);

	/* a boot whose kernel printed nothing: known, and empty */
	assert_int_equal(load(""), 0);
	assert_int_equal(b.n, 0);
}

static void no_file_is_not_an_error(void **state)
{
	char path[128];

	(void)state;
	snprintf(path, sizeof(path), "%s/" ZONE_LOCKS_FILE, dir);
	unlink(path);
	assert_int_equal(zone_locks_load(dir, &b, err, sizeof(err)), 1);
}

static void bad(const char *text, const char *says)
{
	char where[256];

	assert_int_equal(load(text), -1);
	snprintf(where, sizeof(where), "%s/" ZONE_LOCKS_FILE ": line ", dir);
	if (!strstr(err, where) || !strstr(err, says))
		fail_msg("'%s' lacks '%s' or '%s'", err, where, says);
	assert_null(strchr(err, '\n'));
}

static void malformed_lines_name_file_line_and_value(void **state)
{
	(void)state;
	bad("nid=0 zone=DMA32 lock=0xffffffff81b1a420\n"
	    "nid=0 zone=Normal lock=xyz\n",
	    "line 2: bad value lock=xyz");
	bad("nid=0 zone=DMA32 lock=ffffffff81b1a420\n",
	    "line 1: bad value lock=ffffffff81b1a420");
	bad("nid=zero zone=DMA32 lock=0x1000\n", "bad value nid=zero");
	bad("nid=0 zone=DMA32\n", "line 1: incomplete line");
	bad("nid=0 zone=DMA32 lru_lock=0x1000\n", "line 1: incomplete line");
	bad("nid=0 zone=DMA32 lock=0x1000 cpu=3\n",
	    "unexpected or repeated key 'cpu'");
	bad("\n\nzone_lock: nid=0 zone=DMA32 lock=0x1000\n",
	    "line 3: 'zone_lock:' is not KEY=VALUE");
	bad("nid=0 zone=DMA32 lock=0x1000\nnid=0 lru_lock=0x1000\n",
	    "line 2: address 0x1000 is named twice");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_kernels_lines),
		cmocka_unit_test(no_file_is_not_an_error),
		cmocka_unit_test(malformed_lines_name_file_line_and_value),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
