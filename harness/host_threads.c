// SPDX-License-Identifier: GPL-2.0
/* QEMU's threads by what they do, from their names (host_threads.h). */
#include "host_threads.h"

#include <string.h>

static const char *const class_names[HOST_THREAD_CLASSES] = {
	[HOST_THREAD_VCPU] = "vcpu", [HOST_THREAD_MIGRATION] = "migration",
	[HOST_THREAD_IO] = "io",     [HOST_THREAD_RCU] = "rcu",
	[HOST_THREAD_MAIN] = "main", [HOST_THREAD_OTHER] = "other",
};

/* Name prefixes, each with its class; the first that matches wins. */
static const struct {
	const char *prefix;
	enum host_thread_class class;
} by_prefix[] = {
	{ "CPU ", HOST_THREAD_VCPU },
	{ "ALL CPUs/", HOST_THREAD_VCPU },
	{ "mig/", HOST_THREAD_MIGRATION },
	{ "live_migration", HOST_THREAD_MIGRATION },
	{ "multifd", HOST_THREAD_MIGRATION },
	{ "postcopy/", HOST_THREAD_MIGRATION },
	{ "return path", HOST_THREAD_MIGRATION },
	{ "IO ", HOST_THREAD_IO },
	{ "worker", HOST_THREAD_IO },
	{ "call_rcu", HOST_THREAD_RCU },
};

const char *host_thread_class_name(enum host_thread_class c)
{
	return (unsigned int)c < HOST_THREAD_CLASSES ? class_names[c] : "?";
}

enum host_thread_class host_thread_classify(const char *name, bool main,
					    bool unnamed_first)
{
	if (main)
		return HOST_THREAD_MAIN;
	for (size_t i = 0; i < sizeof(by_prefix) / sizeof(by_prefix[0]); i++)
		if (!strncmp(name, by_prefix[i].prefix,
			     strlen(by_prefix[i].prefix)))
			return by_prefix[i].class;
	return unnamed_first ? HOST_THREAD_RCU : HOST_THREAD_OTHER;
}
