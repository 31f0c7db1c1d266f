// SPDX-License-Identifier: GPL-2.0
#include "rounds_on_demand.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../guest/protocol.h"

/* Where the blocks of a round on demand went, by the trigger that ran it */
static const char *sink_of(const char *trigger)
{
	if (strstr(trigger, "virtio_balloon/hint_round"))
		return "a sink in the guest that took each block at once (no host, no migration)";
	if (strstr(trigger, "page_reporting/report_now"))
		return "the host, which discarded the pages, as in any reporting pass";
	return "nowhere: this kernel has no trigger and ran no round (mainline-hint: only the host starts a hinting round, at a migration)";
}

json_t *rounds_on_demand_load(const char *dir, char *err, size_t errlen)
{
	char path[PATH_MAX], line[1024], trigger[512] = "";
	char first_failure[512] = "";
	double min_ms = 0, max_ms = 0, sum_ms = 0;
	int run = 0, failed = 0, lineno = 0;
	FILE *f;

	err[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s", dir, PROTO_FILE_ROUNDS);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	while (fgets(line, sizeof(line), f)) {
		double start, end, ms;
		int i, at = 0;

		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (lineno == 1) {
			if (sscanf(line, "trigger=%511s", trigger) != 1)
				break;
			continue;
		}
		if (sscanf(line,
			   "round=%d start_uptime=%lf end_uptime=%lf status=%n",
			   &i, &start, &end, &at) != 3 ||
		    !at || end < start) {
			trigger[0] = '\0';
			break;
		}
		/* /proc/uptime counts in 10 ms steps */
		ms = round((end - start) * 1000);
		run++;
		if (strcmp(line + at, "ok")) {
			failed++;
			if (!first_failure[0])
				snprintf(first_failure, sizeof(first_failure),
					 "round %d: %s", i, line + at);
		}
		min_ms = run == 1 || ms < min_ms ? ms : min_ms;
		max_ms = ms > max_ms ? ms : max_ms;
		sum_ms += ms;
	}
	fclose(f);
	if (!trigger[0]) {
		snprintf(
			err, errlen,
			"%s:%d: malformed (expected 'trigger=PATH', then 'round=I start_uptime=S end_uptime=S status=...' lines)",
			path, lineno);
		return NULL;
	}
	return json_pack("{s:s, s:s, s:i, s:i, s:s?, s:{s:f, s:f, s:f}}",
			 "trigger", trigger, "sink", sink_of(trigger),
			 "rounds_run", run, "rounds_failed", failed,
			 "first_failure",
			 first_failure[0] ? first_failure : NULL, "wall_ms",
			 "min", min_ms, "max", max_ms, "sum", sum_ms);
}
