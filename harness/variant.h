/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_VARIANT_H
#define LOCKHOLD_VARIANT_H

#include <stddef.h>

/*
 * kernel-variants/<name>/variant.conf: "key = value" lines, '#' comments.
 * The kernel build scripts read it through build/host/variant-conf
 * (harness/tools/variant_conf.c), so this is its one parser.
 */
struct variant {
	char name[64];
	char description[256];
	char kernel[64]; /* build/kernel/<kernel>; variants may share one */
	char balloon[256]; /* extra virtio-balloon-pci properties */
	char cmdline[512]; /* extra guest kernel command line */
};

/* The accepted keys, ", "-separated, for error messages. */
extern const char *const variant_keys;

/* Returns 0, or -1 with a one-line error (unknown variant lists those found). */
int variant_load(const char *root, const char *name, struct variant *v,
		 char *err, size_t errlen);

/* The value of key in v, or NULL when key is not one of variant_keys. */
const char *variant_field(const struct variant *v, const char *key);

/* Space-separated sorted names of the variants under root, into buf. */
void variant_names(const char *root, char *buf, size_t len);

#endif
