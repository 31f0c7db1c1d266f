/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_VARIANT_H
#define LOCKHOLD_VARIANT_H

#include <stddef.h>

/*
 * kernel-variants/<name>/variant.conf: "key = value" lines, '#' comments.
 * scripts/variant-conf.sh reads the same file for the kernel build.
 */
struct variant {
	char name[64];
	char description[256];
	char kernel[64]; /* build/kernel/<kernel>; variants may share one */
	char balloon[256]; /* extra virtio-balloon-pci properties */
	char cmdline[512]; /* extra guest kernel command line */
};

/* Returns 0, or -1 with a one-line error (unknown variant lists those found). */
int variant_load(const char *root, const char *name, struct variant *v,
		 char *err, size_t errlen);

/* Space-separated sorted names of the variants under root, into buf. */
void variant_names(const char *root, char *buf, size_t len);

#endif
