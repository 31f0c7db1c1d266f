/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_REPORT_MD_H
#define LOCKHOLD_REPORT_MD_H

#include <stdbool.h>
#include <stdio.h>

#include "figures.h"
#include "groups.h"
#include "plot_data.h"

struct report_input {
	const struct comparison *c;
	const char *runs_dir; /* what the report covers, as given */
	bool baseline_present;
	const bool *drawn; /* [PLOTS] */
};

/* A figure's value as the tables show it, ns in µs and bytes in MiB, and
 * the unit shown */
double report_shown(const struct figure_def *d, double v, const char **unit);

/* Adds s to list (", "-separated) unless it is one of its items already */
void report_list_add_once(char *list, size_t len, const char *s);

/* report.md: provenance, runs and their problems, the comparison tables
 * and the figures. */
int report_md_write(FILE *f, const struct report_input *in);

#endif
