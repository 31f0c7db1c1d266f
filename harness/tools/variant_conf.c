// SPDX-License-Identifier: GPL-2.0
/*
 * variant-conf VARIANT KEY: one key of kernel-variants/VARIANT/variant.conf
 * as the harness reads it, defaults applied. For the kernel build scripts,
 * which run before ./bench is built; the format keeps one parser this way.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../variant.h"

int main(int argc, char **argv)
{
	const char *root = getenv("LOCKHOLD_ROOT");
	const char *value;
	struct variant v;
	char err[1536];

	if (argc != 3) {
		fprintf(stderr,
			"usage: LOCKHOLD_ROOT=DIR variant-conf VARIANT KEY (KEY: %s)\n",
			variant_keys);
		return 2;
	}
	if (variant_load(root ? root : ".", argv[1], &v, err, sizeof(err))) {
		fprintf(stderr, "error: %s\n", err);
		return 1;
	}
	value = variant_field(&v, argv[2]);
	if (!value) {
		fprintf(stderr, "error: unknown key '%s' (accepted: %s)\n",
			argv[2], variant_keys);
		return 2;
	}
	puts(value);
	return 0;
}
