/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_GUEST_CMDLINE_H
#define LOCKHOLD_GUEST_CMDLINE_H

#include <stddef.h>

#include "options.h"
#include "variant.h"

/*
 * The guest kernel's command line for a run of variant v with options o:
 * the console, the debug kernels' debug_pagealloc, the variant's own boot
 * parameters, then the run's point of a --param sweep (swept: "m.p=v ...",
 * or ""), which so win over the variant's, and the lockhold.* parameters
 * guest/init reads. Returns 0, or -1 when it does not fit in len.
 */
int guest_cmdline(const struct bench_options *o, const struct variant *v,
		  const char *swept, char *buf, size_t len);

/*
 * The boot parameters a run of variant v gives its kernel: the variant's
 * own, then the swept ones, space-separated ("" when none), as the
 * command line carries them and meta.json records them.
 */
void boot_params(const struct variant *v, const char *swept, char *buf,
		 size_t len);

#endif
