/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LOCKHOLD_MIGRATION_H
#define LOCKHOLD_MIGRATION_H

#include <jansson.h>
#include <stdbool.h>

#include "qmp.h"

/*
 * Destination side: listen on an ephemeral loopback port (QEMU picks it) and
 * return the URI the source must migrate to.
 */
int migration_listen(struct qmp *dst, char *uri, size_t urilen, char *err,
		     size_t errlen);

int migration_start(struct qmp *src, const char *uri,
		    unsigned int bandwidth_mib, char *err, size_t errlen);

/*
 * Poll query-migrate until completed, failed or cancelled, or until timeout.
 * alive() is called between polls so a dead QEMU ends the wait at once; it
 * returns false with a message in err. On completion *info is the final
 * query-migrate reply.
 */
int migration_wait(struct qmp *src, int timeout_ms,
		   bool (*alive)(void *ctx, char *err, size_t errlen),
		   void *ctx, json_t **info, char *err, size_t errlen);

/*
 * Destination side: wait until the guest runs there. The source reports
 * "completed" before the destination has resumed, and a chardev drops what
 * it is sent while its guest cannot receive.
 */
int migration_wait_resumed(struct qmp *dst, int timeout_ms, char *err,
			   size_t errlen);

/*
 * migration.json: QEMU's figures under their own names, the raw reply, and
 * pages skipped = guest RAM pages - normal - duplicate. That is a lower bound
 * of the pages never sent: a page sent twice counts twice in "normal".
 */
json_t *migration_summary(json_t *info, unsigned int bandwidth_mib,
			  double migrate_at_s);

#endif
