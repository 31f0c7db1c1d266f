// SPDX-License-Identifier: GPL-2.0
#include "qmp.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "clock.h"

#define QMP_LINE_MAX (1 << 20)

struct qmp {
	int fd;
	FILE *transcript;
	char *buf; /* bytes received and not yet parsed */
	size_t len, cap;
	json_t *greeting;
	json_t *events; /* array, oldest first */
	unsigned long next_id;
};

static void log_line(struct qmp *q, char dir, const char *line, size_t len)
{
	if (!q->transcript)
		return;
	fprintf(q->transcript, "%c %.*s\n", dir, (int)len, line);
	fflush(q->transcript);
}

/* Read one newline-terminated JSON message, waiting at most until deadline. */
static json_t *read_message(struct qmp *q, int64_t deadline, char *err,
			    size_t errlen)
{
	for (;;) {
		char *nl = q->len ? memchr(q->buf, '\n', q->len) : NULL;

		if (nl) {
			size_t line_len = nl - q->buf;
			json_error_t jerr;
			json_t *msg;

			if (line_len && q->buf[line_len - 1] == '\r')
				line_len--;
			log_line(q, '<', q->buf, line_len);
			msg = json_loadb(q->buf, line_len, 0, &jerr);
			q->len -= nl + 1 - q->buf;
			memmove(q->buf, nl + 1, q->len);
			if (!msg || !json_is_object(msg)) {
				snprintf(err, errlen,
					 "QMP: malformed message from QEMU: %s",
					 msg ? "not an object" : jerr.text);
				json_decref(msg);
				return NULL;
			}
			return msg;
		}
		if (q->cap - q->len < 4096) {
			size_t cap = q->cap ? q->cap * 2 : 65536;
			char *buf;

			if (cap > QMP_LINE_MAX) {
				snprintf(
					err, errlen,
					"QMP: message from QEMU longer than %d bytes",
					QMP_LINE_MAX);
				return NULL;
			}
			buf = realloc(q->buf, cap);
			if (!buf) {
				snprintf(err, errlen, "QMP: out of memory");
				return NULL;
			}
			q->buf = buf;
			q->cap = cap;
		}

		struct pollfd pfd = { .fd = q->fd, .events = POLLIN };
		int left = ms_left(deadline);
		int ready = poll(&pfd, 1, left);

		if (ready < 0 && errno == EINTR) {
			snprintf(err, errlen, "QMP: interrupted");
			return NULL;
		}
		if (ready <= 0) {
			snprintf(err, errlen,
				 "QMP: no answer from QEMU in time");
			return NULL;
		}
		ssize_t n = read(q->fd, q->buf + q->len, q->cap - q->len);

		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		/* A reset is a QEMU that died with our reply unread: the same */
		if (n == 0 || (n < 0 && errno == ECONNRESET)) {
			snprintf(err, errlen,
				 "QMP: QEMU closed the connection");
			return NULL;
		}
		if (n < 0) {
			snprintf(err, errlen, "QMP: read: %s", strerror(errno));
			return NULL;
		}
		q->len += n;
	}
}

static int send_message(struct qmp *q, json_t *msg, char *err, size_t errlen)
{
	char *text = json_dumps(msg, JSON_COMPACT);
	size_t len, off = 0;
	int ret = 0;

	if (!text) {
		snprintf(err, errlen, "QMP: cannot encode command");
		return -1;
	}
	len = strlen(text);
	log_line(q, '>', text, len);
	text[len] = '\n'; /* the terminating NUL becomes QMP's line end */
	while (off < len + 1) {
		ssize_t n =
			send(q->fd, text + off, len + 1 - off, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			if (errno == EPIPE || errno == ECONNRESET)
				snprintf(err, errlen,
					 "QMP: QEMU closed the connection");
			else
				snprintf(err, errlen, "QMP: send: %s",
					 strerror(errno));
			ret = -1;
			break;
		}
		off += n;
	}
	free(text);
	return ret;
}

struct qmp *qmp_open_fd(int fd, int timeout_ms, FILE *transcript, char *err,
			size_t errlen)
{
	struct qmp *q = calloc(1, sizeof(*q));
	int64_t deadline = now_ms() + timeout_ms;

	if (!q) {
		snprintf(err, errlen, "QMP: out of memory");
		close(fd);
		return NULL;
	}
	q->fd = fd;
	q->transcript = transcript;
	q->events = json_array();

	json_t *hello = read_message(q, deadline, err, errlen);

	if (!hello)
		goto fail;
	q->greeting = json_incref(json_object_get(hello, "QMP"));
	json_decref(hello);
	if (!q->greeting) {
		snprintf(err, errlen, "QMP: no greeting from QEMU");
		goto fail;
	}
	if (qmp_execute(q, "qmp_capabilities", NULL, ms_left(deadline), NULL,
			err, errlen))
		goto fail;
	return q;
fail:
	qmp_close(q);
	return NULL;
}

struct qmp *qmp_connect(const char *socket_path, int timeout_ms,
			FILE *transcript, char *err, size_t errlen)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int64_t deadline = now_ms() + timeout_ms;

	if (strlen(socket_path) >= sizeof(addr.sun_path)) {
		snprintf(err, errlen, "QMP: socket path too long: %s",
			 socket_path);
		return NULL;
	}
	strcpy(addr.sun_path, socket_path);
	for (;;) {
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

		if (fd < 0) {
			snprintf(err, errlen, "QMP: socket: %s",
				 strerror(errno));
			return NULL;
		}
		if (!connect(fd, (struct sockaddr *)&addr, sizeof(addr)))
			return qmp_open_fd(fd, ms_left(deadline), transcript,
					   err, errlen);
		int saved = errno;

		close(fd);
		/* QEMU creates the socket a moment after it starts. */
		if ((saved != ENOENT && saved != ECONNREFUSED) ||
		    !ms_left(deadline)) {
			snprintf(err, errlen, "QMP: cannot connect to %s: %s",
				 socket_path, strerror(saved));
			return NULL;
		}
		usleep(20000);
	}
}

json_t *qmp_greeting(struct qmp *q)
{
	return q->greeting;
}

int qmp_execute(struct qmp *q, const char *command, json_t *args,
		int timeout_ms, json_t **result, char *err, size_t errlen)
{
	int64_t deadline = now_ms() + timeout_ms;
	unsigned long id = ++q->next_id;
	json_t *msg = json_pack("{s:s, s:I}", "execute", command, "id",
				(json_int_t)id);

	if (result)
		*result = NULL;
	if (args)
		json_object_set_new(msg, "arguments", args);
	if (send_message(q, msg, err, errlen)) {
		size_t used = strlen(err);

		snprintf(err + used, errlen - used, " (sending %s)", command);
		json_decref(msg);
		return -1;
	}
	json_decref(msg);

	for (;;) {
		json_t *reply = read_message(q, deadline, err, errlen);

		if (!reply) {
			size_t used = strlen(err);

			snprintf(err + used, errlen - used, " (waiting for %s)",
				 command);
			return -1;
		}
		if (json_object_get(reply, "event")) {
			json_array_append_new(q->events, reply);
			continue;
		}
		if (json_integer_value(json_object_get(reply, "id")) !=
		    (json_int_t)id) {
			json_decref(reply);
			continue;
		}
		json_t *error = json_object_get(reply, "error");

		if (error) {
			snprintf(err, errlen, "QMP %s failed: %s", command,
				 json_string_value(
					 json_object_get(error, "desc")));
			json_decref(reply);
			return -1;
		}
		if (result)
			*result = json_incref(json_object_get(reply, "return"));
		json_decref(reply);
		return 0;
	}
}

int qmp_wait_event(struct qmp *q, const char *name, int timeout_ms,
		   json_t **event, char *err, size_t errlen)
{
	int64_t deadline = now_ms() + timeout_ms;

	for (;;) {
		size_t i;
		json_t *ev;

		json_array_foreach(q->events, i, ev)
		{
			const char *ev_name =
				json_string_value(json_object_get(ev, "event"));

			if (!name || (ev_name && !strcmp(ev_name, name))) {
				*event = json_incref(ev);
				json_array_remove(q->events, i);
				return 0;
			}
		}
		json_t *msg = read_message(q, deadline, err, errlen);

		if (!msg)
			return -1;
		if (json_object_get(msg, "event"))
			json_array_append_new(q->events, msg);
		else
			json_decref(msg);
	}
}

void qmp_close(struct qmp *q)
{
	if (!q)
		return;
	close(q->fd);
	free(q->buf);
	json_decref(q->greeting);
	json_decref(q->events);
	free(q);
}
