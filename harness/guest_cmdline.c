// SPDX-License-Identifier: GPL-2.0
/* The guest kernel command line of a run (guest_cmdline.h). */
#include "guest_cmdline.h"

#include <stdio.h>

#include "../guest/protocol.h"

void boot_params(const struct variant *v, const char *swept, char *buf,
		 size_t len)
{
	snprintf(buf, len, "%s%s%s", v->cmdline,
		 *v->cmdline && *swept ? " " : "", swept);
}

int guest_cmdline(const struct bench_options *o, const struct variant *v,
		  const char *swept, char *buf, size_t len)
{
	char params[sizeof(v->cmdline) + 256];
	int n;

	boot_params(v, swept, params, sizeof(params));
	n = snprintf(
		buf, len,
		"console=ttyS0 panic=-1 sysctl.kernel.panic_on_rcu_stall=1 %s%s " PROTO_PARAM_MODE
		"=run " PROTO_PARAM_WORKLOAD "=%s " PROTO_PARAM_DURATION
		"=%u " PROTO_PARAM_VCPUS "=%u " PROTO_PARAM_PREFILL
		"=%u " PROTO_PARAM_EVENTS "=%s " PROTO_PARAM_WARGS
		"=%s " PROTO_PARAM_ROUNDS "=%u " PROTO_PARAM_ROUND_EVERY
		"=%u.%03u",
		o->debug ? "debug_pagealloc=on " : "", params, o->workload,
		o->duration_s, o->vcpus, o->prefill_pct,
		o->trace ? o->events : "none", o->workload_args ?: "",
		o->rounds, o->round_every_ms / 1000, o->round_every_ms % 1000);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}
