// SPDX-License-Identifier: GPL-2.0
/* The guest kernel command line of a run (guest_cmdline.h). */
#include "guest_cmdline.h"

#include <stdio.h>

int guest_cmdline(const struct bench_options *o, const struct variant *v,
		  char *buf, size_t len)
{
	int n = snprintf(
		buf, len,
		"console=ttyS0 panic=-1 sysctl.kernel.panic_on_rcu_stall=1 %s%s lockhold.mode=run lockhold.workload=%s lockhold.duration=%u lockhold.vcpus=%u lockhold.prefill=%u lockhold.events=%s lockhold.wargs=%s",
		o->debug ? "debug_pagealloc=on " : "", v->cmdline, o->workload,
		o->duration_s, o->vcpus, o->prefill_pct,
		o->trace ? o->events : "none", o->workload_args ?: "");

	return n < 0 || (size_t)n >= len ? -1 : 0;
}
