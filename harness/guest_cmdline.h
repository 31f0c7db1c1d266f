/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_GUEST_CMDLINE_H
#define LOCKHOLD_GUEST_CMDLINE_H

#include <stddef.h>

#include "options.h"
#include "variant.h"

/*
 * The guest kernel's command line for a run of variant v with options o:
 * the console, the debug kernels' debug_pagealloc, the variant's own boot
 * parameters, and the lockhold.* parameters guest/init reads. Returns 0,
 * or -1 when it does not fit in len.
 */
int guest_cmdline(const struct bench_options *o, const struct variant *v,
		  char *buf, size_t len);

#endif
