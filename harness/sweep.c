// SPDX-License-Identifier: GPL-2.0
#include "sweep.h"

#include <stdio.h>
#include <string.h>

/* The values of the parameters variant v has, odometer-style */
static size_t plan_variant(const struct bench_options *o, unsigned int v,
			   unsigned int mem_mib,
			   const bool applies[VARIANTS_MAX][PARAMS_MAX],
			   struct sweep_point *points, size_t n, size_t max)
{
	unsigned int at[PARAMS_MAX] = { 0 };

	for (;;) {
		struct sweep_point *pt;
		size_t used = 0;
		int p;

		if (n == max)
			return max + 1;
		pt = &points[n++];
		*pt = (struct sweep_point){ .variant = v, .mem_mib = mem_mib };
		for (unsigned int i = 0; i < o->nparams; i++)
			if (applies[v][i])
				used += snprintf(pt->params + used,
						 sizeof(pt->params) - used,
						 "%s%s=%s", used ? " " : "",
						 o->params[i].name,
						 o->params[i].values[at[i]]);
		/* the last parameter fastest */
		for (p = (int)o->nparams - 1; p >= 0; p--) {
			if (!applies[v][p])
				continue;
			if (++at[p] < o->params[p].nvalues)
				break;
			at[p] = 0;
		}
		if (p < 0)
			return n;
	}
}

size_t sweep_plan(const struct bench_options *o,
		  const bool applies[VARIANTS_MAX][PARAMS_MAX],
		  struct sweep_point *points, size_t max, char *err,
		  size_t errlen)
{
	size_t n = 0;

	for (unsigned int m = 0; m < o->nmems; m++)
		for (unsigned int v = 0; v < o->nvariants; v++) {
			n = plan_variant(o, v, o->mems_mib[m], applies, points,
					 n, max);
			if (n > max) {
				snprintf(
					err, errlen,
					"the sweep has more than %zu runs per repetition (accepted: fewer sizes, variants or --param values)",
					max);
				return 0;
			}
		}
	return n;
}

bool sweep_kernel_has_param(const char *system_map, const char *param)
{
	const char *name = strchr(param, '.');
	char line[512], symbol[128];
	bool found = false;
	FILE *f = fopen(system_map, "r");

	if (!f)
		return true;
	snprintf(symbol, sizeof(symbol), " __param_%s\n",
		 name ? name + 1 : param);
	while (!found && fgets(line, sizeof(line), f)) {
		char *sp = strrchr(line, ' ');

		found = sp && !strcmp(sp, symbol);
	}
	fclose(f);
	return found;
}
