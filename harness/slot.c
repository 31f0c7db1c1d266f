// SPDX-License-Identifier: GPL-2.0
/* A QEMU of a run and what is kept of it (slot.h). */
#include "slot.h"

#include <string.h>
#include <unistd.h>

#define QUIT_TIMEOUT_MS 2000
#define REAP_TIMEOUT_MS 5000

void slot_init(struct qemu_slot *s, const char *role)
{
	*s = (struct qemu_slot){ .control = -1 };
	snprintf(s->role, sizeof(s->role), "%s", role);
}

void slot_stop(struct qemu_slot *s)
{
	char err[256];

	if (s->qmp && s->proc.pid > 0 &&
	    !qmp_execute(s->qmp, "quit", NULL, QUIT_TIMEOUT_MS, NULL, err,
			 sizeof(err)))
		qemu_reap(&s->proc, REAP_TIMEOUT_MS);
	qemu_kill(&s->proc);
	qmp_close(s->qmp);
	s->qmp = NULL;
	if (s->transcript)
		fclose(s->transcript);
	s->transcript = NULL;
	if (s->control >= 0)
		close(s->control);
	s->control = -1;
}

void slot_release(struct qemu_slot *s)
{
	slot_stop(s);
	serial_watch_free(&s->console);
}

void slot_hop(struct qemu_slot *src, struct qemu_slot *dst, unsigned int hop)
{
	char role[SLOT_ROLE_LEN];

	*src = *dst;
	/* the process names itself by its slot's role, which moved */
	src->proc.role = src->role;
	snprintf(role, sizeof(role), "destination-%u", hop);
	slot_init(dst, role);
}
