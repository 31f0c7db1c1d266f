// SPDX-License-Identifier: GPL-2.0
#include "serial.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

void serial_watch_init(struct serial_watch *w, const char *path)
{
	memset(w, 0, sizeof(*w));
	snprintf(w->path, sizeof(w->path), "%s", path);
}

void serial_refresh(struct serial_watch *w)
{
	int fd = open(w->path, O_RDONLY | O_CLOEXEC);
	char chunk[65536];
	ssize_t n;

	if (fd < 0)
		return;
	while ((n = pread(fd, chunk, sizeof(chunk), w->len)) > 0) {
		char *data = realloc(w->data, w->len + n + 1);

		if (!data)
			break;
		memcpy(data + w->len, chunk, n);
		w->data = data;
		w->len += n;
		w->data[w->len] = '\0';
	}
	close(fd);
}

bool serial_marker(const struct serial_watch *w, const char *word, char *rest,
		   size_t len)
{
	size_t word_len = strlen(word);

	for (const char *p = w->data; p && (p = strstr(p, SERIAL_MARKER));
	     p++) {
		const char *after = p + strlen(SERIAL_MARKER);

		if (p != w->data && p[-1] != '\n')
			continue;
		if (strncmp(after, word, word_len) ||
		    (after[word_len] && !strchr(" \r\n", after[word_len])))
			continue;
		const char *tail =
			after + word_len + strspn(after + word_len, " ");
		size_t n = strcspn(tail, "\r\n");

		if (rest && len)
			snprintf(rest, len, "%.*s", (int)n, tail);
		/* A line still being written is not a marker yet. */
		return tail[n] != '\0';
	}
	return false;
}

void serial_watch_free(struct serial_watch *w)
{
	free(w->data);
	w->data = NULL;
	w->len = 0;
}

int serial_send_line(int *fd, const char *socket_path, const char *line,
		     char *err, size_t errlen)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };

	if (*fd < 0) {
		if (strlen(socket_path) >= sizeof(addr.sun_path)) {
			snprintf(err, errlen, "control port %s: path too long",
				 socket_path);
			return -1;
		}
		strcpy(addr.sun_path, socket_path);
		*fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (*fd >= 0 &&
		    connect(*fd, (struct sockaddr *)&addr, sizeof(addr))) {
			close(*fd);
			*fd = -1;
		}
	}
	if (*fd < 0 || dprintf(*fd, "%s\n", line) < 0) {
		snprintf(err, errlen, "control port %s: %s", socket_path,
			 strerror(errno));
		return -1;
	}
	return 0;
}
