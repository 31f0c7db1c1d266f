/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_REPORT_CSV_H
#define LOCKHOLD_REPORT_CSV_H

#include <stdio.h>

#include "groups.h"

/* One row per group and metric: the statistics and the change against the
 * baseline with Welch's test. */
int report_csv_write(FILE *f, const struct comparison *c);

#endif
