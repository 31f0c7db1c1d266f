// SPDX-License-Identifier: GPL-2.0
#include "qemu.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"

static int add(struct qemu_args *args, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	if (args->argc >= QEMU_ARGS_MAX)
		return -1;
	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	args->argv[args->argc++] = s;
	args->argv[args->argc] = NULL;
	return 0;
}

int qemu_args_build(const struct qemu_spec *s, struct qemu_args *args)
{
	int ret = 0;

	memset(args, 0, sizeof(*args));
	ret |= add(args, QEMU_BINARY);
	ret |= add(args, "-name");
	/* debug-threads: QEMU names its threads, which says what each does */
	ret |= add(args, "lockhold-%s,debug-threads=on", s->role);
	ret |= add(args, "-nodefaults");
	ret |= add(args, "-no-user-config");
	ret |= add(args, "-display");
	ret |= add(args, "none");
	ret |= add(args, "-machine");
	ret |= add(args, "pc");
	/*
	 * -cpu host aborts on MSR 0x10a under nested KVM here; "max" works with
	 * both accelerators and is identical on both sides of a migration.
	 */
	ret |= add(args, "-accel");
	ret |= add(args, s->accel == ACCEL_KVM ? "kvm" : "tcg");
	ret |= add(args, "-cpu");
	ret |= add(args, "max");
	ret |= add(args, "-m");
	ret |= add(args, "%u", s->mem_mib);
	ret |= add(args, "-smp");
	ret |= add(args, "%u", s->vcpus);
	ret |= add(args, "-kernel");
	ret |= add(args, "%s", s->kernel);
	ret |= add(args, "-initrd");
	ret |= add(args, "%s", s->initrd);
	ret |= add(args, "-append");
	ret |= add(args, "%s", s->cmdline);
	ret |= add(args, "-serial");
	ret |= add(args, "file:%s", s->serial_path);
	if (s->control_path) {
		ret |= add(args, "-chardev");
		ret |= add(args,
			   "socket,id=control0,path=%s,server=on,wait=off",
			   s->control_path);
		ret |= add(args, "-serial");
		ret |= add(args, "chardev:control0");
	}
	/* QEMU 7.2 refuses free-page-hint=on without an iothread. */
	ret |= add(args, "-object");
	ret |= add(args, "iothread,id=%s", QEMU_IOTHREAD);
	ret |= add(args, "-device");
	ret |= add(args, "virtio-balloon-pci,id=balloon0%s%s",
		   s->balloon && *s->balloon ? "," : "",
		   s->balloon ? s->balloon : "");
	if (s->share_dir) {
		ret |= add(args, "-fsdev");
		ret |= add(args, "local,id=share0,path=%s,security_model=none",
			   s->share_dir);
		ret |= add(args, "-device");
		ret |= add(args, "virtio-9p-pci,fsdev=share0,mount_tag=%s",
			   QEMU_SHARE_TAG);
	}
	if (s->qmp_path) {
		ret |= add(args, "-qmp");
		ret |= add(args, "unix:%s,server=on,wait=off", s->qmp_path);
	}
	if (s->incoming) {
		ret |= add(args, "-incoming");
		ret |= add(args, "defer");
	}
	ret |= add(args, "-no-reboot");
	if (ret)
		qemu_args_free(args);
	return ret ? -1 : 0;
}

void qemu_args_free(struct qemu_args *args)
{
	for (int i = 0; i < args->argc; i++)
		free(args->argv[i]);
	args->argc = 0;
}

int qemu_start(const struct qemu_spec *spec, const char *log_path,
	       struct qemu_proc *proc, char *err, size_t errlen)
{
	struct qemu_args args;
	pid_t parent = getpid();
	int log_fd;

	memset(proc, 0, sizeof(*proc));
	proc->role = spec->role;
	if (qemu_args_build(spec, &args)) {
		snprintf(err, errlen, "cannot build the %s QEMU command line",
			 spec->role);
		return -1;
	}
	log_fd =
		open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (log_fd < 0) {
		snprintf(err, errlen, "cannot create %s: %s", log_path,
			 strerror(errno));
		qemu_args_free(&args);
		return -1;
	}
	for (int i = 0; i < args.argc; i++)
		dprintf(log_fd, "%s%s", i ? " " : "# ", args.argv[i]);
	dprintf(log_fd, "\n");

	proc->pid = fork();
	if (proc->pid == 0) {
		/* Never outlive bench, whatever kills it. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		signal(SIGINT, SIG_IGN);
		dup2(log_fd, STDOUT_FILENO);
		dup2(log_fd, STDERR_FILENO);
		int devnull = open("/dev/null", O_RDONLY);

		if (devnull >= 0)
			dup2(devnull, STDIN_FILENO);
		execvp(args.argv[0], args.argv);
		dprintf(STDERR_FILENO, "exec %s: %s\n", args.argv[0],
			strerror(errno));
		_exit(127);
	}
	close(log_fd);
	qemu_args_free(&args);
	if (proc->pid < 0) {
		proc->pid = 0;
		snprintf(err, errlen, "cannot start %s QEMU: %s", spec->role,
			 strerror(errno));
		return -1;
	}
	return 0;
}

bool qemu_exited(struct qemu_proc *proc)
{
	if (proc->pid <= 0)
		return true;
	if (waitpid(proc->pid, &proc->status, WNOHANG) == proc->pid) {
		proc->pid = -proc->pid; /* keep the number for messages */
		return true;
	}
	return false;
}

void qemu_describe_exit(const struct qemu_proc *proc, char *buf, size_t len)
{
	pid_t pid = proc->pid < 0 ? -proc->pid : proc->pid;

	if (WIFSIGNALED(proc->status))
		snprintf(buf, len, "%s QEMU (pid %d) was killed by signal %d",
			 proc->role, pid, WTERMSIG(proc->status));
	else
		snprintf(buf, len, "%s QEMU (pid %d) exited with status %d",
			 proc->role, pid, WEXITSTATUS(proc->status));
}

void qemu_reap(struct qemu_proc *proc, int timeout_ms)
{
	int64_t deadline = now_ms() + timeout_ms;

	while (proc->pid > 0 && !qemu_exited(proc) && ms_left(deadline))
		usleep(10000);
	qemu_kill(proc);
}

void qemu_kill(struct qemu_proc *proc)
{
	if (proc->pid <= 0)
		return;
	kill(proc->pid, SIGKILL);
	if (waitpid(proc->pid, &proc->status, 0) == proc->pid)
		proc->pid = -proc->pid;
}
