/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_RELEASE_HOST_H
#define LOCKHOLD_RELEASE_HOST_H

#include <jansson.h>

/*
 * For a release run with host samples: the MiB the source QEMU gave back
 * between the start of the workload's free and the start of its refault
 * (RssAnon at the free's start - the lowest before the refault), against
 * what the workload freed, and the seconds from the free's start until
 * half and 90 % of it was back (when 5 % or more of it was). NULL for
 * another workload, or without host samples.
 */
json_t *release_host(json_t *metrics);

#endif
