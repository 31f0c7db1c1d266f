// SPDX-License-Identifier: GPL-2.0
/*
 * What the host got back from a release run: the guest's RAM resident in
 * its QEMU (host.roles.source.series) read at the release workload's phase
 * boundaries (release_phases.after_workload_start_s), which the host
 * places from the workload-start marker it saw (host.workload_start_s).
 * The run-wide "peak - end" of the host section does not answer it: the
 * refault phase takes the memory back before the end.
 */
#include "release_host.h"

#include <math.h>

#include "figures.h"

/* Under this share of what the workload freed, no give-back times */
#define GIVE_BACK_MIN_SHARE 0.05
#define MIB (1024.0 * 1024.0)

static double row_t(json_t *row)
{
	return json_number_value(json_array_get(row, 0));
}

static double row_mib(json_t *row)
{
	return json_number_value(json_array_get(row, 1));
}

/* The last sample at or before t, NAN before the first */
static double rss_at(json_t *rows, double t)
{
	double v = NAN;
	json_t *row;
	size_t i;

	json_array_foreach(rows, i, row)
	{
		if (row_t(row) > t)
			break;
		v = row_mib(row);
	}
	return v;
}

/* The lowest sample in [from, to], and when */
static double rss_lowest(json_t *rows, double from, double to, double *at)
{
	double low = NAN;
	json_t *row;
	size_t i;

	json_array_foreach(rows, i, row)
	{
		double t = row_t(row);

		if (t < from || t > to)
			continue;
		if (isnan(low) || row_mib(row) < low) {
			low = row_mib(row);
			*at = t;
		}
	}
	return low;
}

/* Seconds from from until the RSS first fell to level or below, NAN never */
static double first_down_to(json_t *rows, double from, double to, double level)
{
	json_t *row;
	size_t i;

	json_array_foreach(rows, i, row)
	{
		double t = row_t(row);

		if (t >= from && t <= to && row_mib(row) <= level)
			return t - from;
	}
	return NAN;
}

json_t *release_host(json_t *metrics)
{
	json_t *phases =
		figure_path(metrics, "release_phases.after_workload_start_s");
	json_t *host = json_object_get(metrics, "host");
	/* [t_s, anon_mib] rows on the host's run clock */
	json_t *rows = figure_path(host, "roles.source.series.rows");
	double ws =
		json_number_value(json_object_get(host, "workload_start_s"));
	double freed = json_number_value(figure_path(
			       metrics, "release_phases.bytes.freed")) /
		       MIB;
	double free_at, refault_at, before, low, low_at = NAN, given;
	json_t *out;

	if (!phases || !json_is_array(rows) ||
	    !json_is_number(json_object_get(host, "workload_start_s")) ||
	    !json_is_number(json_object_get(phases, "free")) ||
	    !json_is_number(json_object_get(phases, "refault")))
		return NULL;
	free_at = ws + json_number_value(json_object_get(phases, "free"));
	refault_at = ws + json_number_value(json_object_get(phases, "refault"));
	before = rss_at(rows, free_at);
	low = rss_lowest(rows, free_at, refault_at, &low_at);
	if (isnan(before) || isnan(low))
		return NULL;
	given = before > low ? before - low : 0;
	out = json_pack(
		"{s:s, s:f, s:f, s:f, s:f, s:f, s:f}", "of",
		"the source QEMU's RssAnon from the start of the free to the start of the refault, the phases placed on the host's clock from its workload-start marker",
		"freed_mib", freed, "rss_at_free_start_mib", before,
		"rss_lowest_before_refault_mib", low, "lowest_at_s",
		low_at - free_at, "given_back_mib", given, "given_back_share",
		freed > 0 ? given / freed : 0);
	if (freed > 0 && given >= GIVE_BACK_MIN_SHARE * freed) {
		json_object_set_new(
			out, "given_back_half_s",
			json_real(first_down_to(rows, free_at, refault_at,
						before - 0.5 * given)));
		json_object_set_new(
			out, "given_back_90pct_s",
			json_real(first_down_to(rows, free_at, refault_at,
						before - 0.9 * given)));
	} else {
		json_object_set_new(
			out, "given_back_times",
			json_string(
				"under 5 % of what the workload freed came back: no time to half or 90 % of it"));
	}
	return out;
}
