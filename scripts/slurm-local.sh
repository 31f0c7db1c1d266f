#!/usr/bin/env bash
# slurm-local.sh start|stop|status [DIR]: a one-node Slurm cluster on this
# machine, to try a matrix's Slurm array (scripts/matrix.sh slurm) where no
# cluster is at hand. As root: installs slurm-wlm and munge (scripts/
# deps.sh --slurm), then runs munged, slurmctld and slurmd of its own, all
# state, logs, sockets and pid files in DIR (default build/slurm), with a
# slurm.conf there: one node, this host, with its CPUs, one partition,
# no accounting database (sacct has none to read; each job's end is in
# DIR/jobcomp.log instead). The clients need SLURM_CONF=DIR/slurm.conf,
# which start prints. stop ends the three daemons it started, by the pids
# they recorded, and nothing else.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${2:-$root/build/slurm}
conf=$dir/slurm.conf
daemons=(slurmd slurmctld munged)

die() {
	echo "error: $*" >&2
	exit 2
}

# pid NAME: the pid DIR/NAME.pid records, if that process is NAME
pid() {
	local p
	p=$(cat "$dir/$1.pid" 2>/dev/null) || return 1
	[ -n "$p" ] && [ "$(cat "/proc/$p/comm" 2>/dev/null)" = "$1" ] && echo "$p"
}

start() {
	[ "$(id -u)" = 0 ] || die "slurm-local.sh start runs as root, not as $(id -un) (accepted: root, which installs and starts the daemons)"
	"$root/scripts/deps.sh" --slurm || exit 2
	local host cpus mem key d state
	host=$(hostname -s)
	cpus=$(nproc)
	mem=$(($(awk '/^MemTotal:/ { print $2 }' /proc/meminfo) / 1024 - 1024))
	mkdir -p "$dir"/{ctld,spool} || exit 2
	chmod 700 "$dir"
	key=$dir/munge.key
	[ -s "$key" ] || { mungekey --create --keyfile="$key" && chmod 600 "$key"; } || exit 2
	cat >"$conf" <<-EOF
		# One node, this host: written by scripts/slurm-local.sh
		ClusterName=lockhold
		SlurmctldHost=$host(127.0.0.1)
		SlurmUser=root
		SlurmdUser=root
		AuthType=auth/munge
		AuthInfo=socket=$dir/munge.socket
		CredType=cred/munge
		StateSaveLocation=$dir/ctld
		SlurmdSpoolDir=$dir/spool
		SlurmctldPidFile=$dir/slurmctld.pid
		SlurmdPidFile=$dir/slurmd.pid
		SlurmctldLogFile=$dir/slurmctld.log
		SlurmdLogFile=$dir/slurmd.log
		ProctrackType=proctrack/linuxproc
		TaskPlugin=task/none
		SwitchType=switch/none
		MpiDefault=none
		ReturnToService=2
		SchedulerType=sched/backfill
		SelectType=select/cons_tres
		SelectTypeParameters=CR_Core
		AccountingStorageType=accounting_storage/none
		JobAcctGatherType=jobacct_gather/none
		JobCompType=jobcomp/filetxt
		JobCompLoc=$dir/jobcomp.log
		MinJobAge=86400
		NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
		PartitionName=lockhold Nodes=$host Default=YES MaxTime=INFINITE State=UP
	EOF
	if ! pid munged >/dev/null; then
		munged --force --socket="$dir/munge.socket" --key-file="$key" \
			--pid-file="$dir/munged.pid" --log-file="$dir/munged.log" \
			--seed-file="$dir/munged.seed" || die "munged did not start (see $dir/munged.log)"
	fi
	if ! pid slurmctld >/dev/null; then
		slurmctld -f "$conf" || die "slurmctld did not start (see $dir/slurmctld.log)"
	fi
	if ! pid slurmd >/dev/null; then
		slurmd -f "$conf" || die "slurmd did not start (see $dir/slurmd.log)"
	fi
	for _ in $(seq 60); do
		state=$(SLURM_CONF=$conf sinfo -h -N -o %t 2>/dev/null)
		case $state in idle | mix | alloc) break ;; esac
		sleep 1
	done
	for d in "${daemons[@]}"; do
		pid "$d" >/dev/null || die "$d is not running (see $dir/$d.log)"
	done
	case $state in
	idle | mix | alloc) ;;
	*) die "node $host is '$state', not idle, after 60 s (see $dir/slurmctld.log and $dir/slurmd.log)" ;;
	esac
	echo "==> one-node Slurm up: node $host, $cpus CPUs, $mem MiB; daemons $(for d in "${daemons[@]}"; do printf '%s %s ' "$d" "$(pid "$d")"; done)"
	echo "export SLURM_CONF=$conf"
}

stop() {
	local d p any=0
	for d in "${daemons[@]}"; do
		p=$(pid "$d") || continue
		kill -TERM "$p"
		for _ in $(seq 100); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.1
		done
		kill -0 "$p" 2>/dev/null && die "$d (pid $p) still running 10 s after SIGTERM"
		echo "==> stopped $d (pid $p)"
		any=1
	done
	[ $any = 1 ] || echo "==> no daemon of $dir running"
}

status() {
	local d p
	for d in "${daemons[@]}"; do
		if p=$(pid "$d"); then echo "$d: running, pid $p"; else echo "$d: not running"; fi
	done
	[ -f "$conf" ] && SLURM_CONF=$conf sinfo -N 2>&1
}

case ${1:-} in
start | stop | status) "$1" ;;
*) die "invalid subcommand '${1:-}' (accepted: start, stop, status, then an optional state directory)" ;;
esac
