#!/usr/bin/env bash
# matrix.sh: run a matrix of cells, follow it. `bench --matrix NAME ...`
# writes OUT/matrix-NAME/: jobs.txt (line K: the command of cell K, one
# run, from the lockhold tree) and matrix.json; cell K writes its run
# directories under DIR/cell-K (K zero-padded), nowhere else.
#
#   matrix.sh run DIR [--jobs N] [--sshloginfile FILE [--workdir W] [--shared]] [-- PARALLEL_OPTION...]
#       GNU parallel runs the cells not yet done, one at a time per host
#       (--jobs), with DIR/joblog and --resume-failed: run it again after
#       an interruption or a failure and it runs the failed and the
#       remaining cells, no other. Across hosts (--sshloginfile, parallel's
#       format; ':' is this one), each runs its cells in W (default '.':
#       this tree's place relative to the home directory) and, unless the
#       results directory is shared (--shared), gets jobs.txt first and
#       sends each cell's directory back (--basefile, --return). Options
#       after -- go to parallel as they are (--ssh 'ssh -p 2222', say).
#   matrix.sh cell DIR K
#       Run cell K (line K of DIR/jobs.txt): what parallel and Slurm run.
#   matrix.sh slurm DIR [--cells LIST] [--dry-run] [SBATCH_OPTION...]
#       Submit the cells that have no completed run (or LIST, e.g. 2,5-7)
#       as a Slurm job array of scripts/matrix.sbatch, one node each
#       (--dry-run: print the sbatch command instead). Its output goes to
#       DIR/slurm/JOB_TASK.out.
#   matrix.sh progress DIR [--slots N]
#       Cells done, failed, running and left, and the time left: the mean
#       time of a done cell (the joblog's, else meta.json's), times the
#       cells to run (the failed ones too), over N hosts running at once
#       (default: the hosts that ran the done cells).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
usage="usage: matrix.sh run|cell|slurm|progress DIR [OPTION...] (see the head of $0)"

die() {
	echo "error: $*" >&2
	exit 2
}

# matrix_dir DIR: checks DIR is a matrix; sets dir, jobs, cells, name, width
matrix_dir() {
	[ -n "${1:-}" ] || die "no matrix directory given ($usage)"
	dir=${1%/}
	jobs=$dir/jobs.txt
	[ -f "$jobs" ] && [ -f "$dir/matrix.json" ] ||
		die "'$dir' is not a matrix directory (accepted: one bench --matrix NAME wrote, with jobs.txt and matrix.json)"
	cells=$(wc -l <"$jobs")
	name=$(jq -r .matrix "$dir/matrix.json") ||
		die "'$dir/matrix.json' cannot be read (accepted: bench --matrix's matrix.json)"
	width=${#cells}
}

# cell_dir K: where cell K's runs are
cell_dir() {
	printf '%s/cell-%0*d' "$dir" "$width" "$((10#$1))"
}

# number WHAT VALUE MIN MAX: VALUE, a whole number in MIN..MAX
number() {
	[[ $2 =~ ^[0-9]+$ ]] && [ "$((10#$2))" -ge "$3" ] && [ "$((10#$2))" -le "$4" ] ||
		die "invalid $1 '$2' (accepted: $3..$4)"
}

cmd_cell() {
	[ $# -eq 2 ] || die "cell takes DIR K ($usage)"
	matrix_dir "$1"
	number "cell of $dir" "$2" 1 "$cells"
	local line
	line=$(sed -n "$((10#$2))p" "$jobs")
	echo "==> cell $((10#$2)) of $cells on $(hostname): $line"
	cd "$root" || exit 2
	exec bash -c "$line"
}

# The cells without a completed run, comma-separated
cells_to_run() {
	local k list=
	for k in $(seq 1 "$cells"); do
		cell_state "$k"
		[ "$state" = done ] || list+=${list:+,}$k
	done
	echo "$list"
}

cmd_run() {
	matrix_dir "${1:-}"
	shift
	local slots=1 login= workdir=. shared=0 rel extra=()
	while [ $# -gt 0 ]; do
		case $1 in
		--jobs)
			number --jobs "${2:-}" 1 64
			slots=$2
			shift 2
			;;
		--sshloginfile)
			[ -r "${2:-}" ] || die "invalid --sshloginfile '${2:-}' (accepted: a readable file of parallel's --sshlogin entries, one a line)"
			login=$(realpath "$2")
			shift 2
			;;
		--workdir)
			[ -n "${2:-}" ] || die "invalid --workdir '' (accepted: the lockhold tree on the hosts, relative to their home or absolute)"
			workdir=$2
			shift 2
			;;
		--shared)
			shared=1
			shift
			;;
		--)
			shift
			extra=("$@")
			break
			;;
		*) die "unknown option '$1' to matrix.sh run (accepted: --jobs N, --sshloginfile FILE, --workdir W, --shared, -- PARALLEL_OPTION...)" ;;
		esac
	done
	# The cells run from the tree: the matrix relative to it, when inside
	rel=$(realpath --relative-base="$root" "$dir")
	cd "$root" || exit 2
	args=(--jobs "$slots" --joblog "$rel/joblog" --resume-failed
		--line-buffer --tagstring "cell {}")
	if [ -n "$login" ]; then
		args+=(--sshloginfile "$login" --workdir "$workdir")
		[ $shared = 1 ] || args+=(--basefile "$rel/jobs.txt"
			--basefile "$rel/matrix.json" --return "$rel/cell-{}")
	fi
	args+=("${extra[@]}")
	echo "==> matrix $name: $cells cell(s), $rel/joblog; parallel ${args[*]}"
	seq -w 1 "$cells" | parallel "${args[@]}" "scripts/matrix.sh cell $(printf %q "$rel") {}"
	rc=$?
	cmd_progress "$rel"
	[ $rc -eq 0 ] || echo "error: $rc cell(s) of $name failed: run 'scripts/matrix.sh run $rel' again to run them, and only them, again" >&2
	[ $rc -eq 0 ]
}

cmd_slurm() {
	matrix_dir "${1:-}"
	shift
	local list= rel dry=0
	while [ $# -gt 0 ]; do
		case $1 in
		--cells)
			[[ ${2:-} =~ ^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$ ]] ||
				die "invalid --cells '${2:-}' (accepted: cell numbers and ranges from 1..$cells, e.g. 2,5-7)"
			list=$2
			shift 2
			;;
		--dry-run)
			dry=1
			shift
			;;
		*) break ;;
		esac
	done
	if [ -z "$list" ]; then
		load_joblog
		list=$(cells_to_run)
	fi
	if [ -z "$list" ]; then
		echo "matrix $name: every cell has a completed run, nothing to submit"
		return 0
	fi
	rel=$(realpath --relative-base="$root" "$dir")
	submit=(sbatch --array="$list" --job-name="lockhold-$name" --chdir="$root"
		--output="$rel/slurm/%A_%a.out" "$@" scripts/matrix.sbatch "$rel")
	if [ $dry = 1 ]; then
		echo "${submit[*]}"
		return 0
	fi
	mkdir -p "$dir/slurm" || exit 2
	cd "$root" || exit 2
	"${submit[@]}"
}

# cell_state K: sets state (done, failed, running or left), attempts (the
# failed ones), why (the last failure), host and secs (of a done run)
cell_state() {
	local d run
	d=$(cell_dir "$1")
	state=left attempts=0 why= host= secs=
	for run in "$d"/*/; do
		[ -f "$run/meta.json" ] || continue
		case $run in
		*.failed/)
			attempts=$((attempts + 1))
			why=$(jq -r '.error // "?"' "$run/meta.json")
			;;
		*)
			state=done
			host=$(jq -r '.host // "?"' "$run/meta.json")
			secs=$(jq -r '.phase_seconds.total // empty' "$run/meta.json")
			;;
		esac
	done
	local exit=${joblog_exit[$1]:-}
	[ "$state" = done ] && return
	if compgen -G "$d/.*.partial-*" >/dev/null; then
		state=running
	elif [ $attempts -gt 0 ]; then
		state=failed
	elif [ -n "$exit" ] && [ "$exit" != 0 ]; then
		state=failed
		why="exit $exit before a run directory was made (see the joblog)"
	fi
}

# The joblog's last word on each cell (parallel's format: Seq Host
# Starttime JobRuntime Send Receive Exitval Signal Command)
load_joblog() {
	declare -gA joblog_exit=() joblog_secs=()
	local seq runtime exitval signal
	[ -f "$dir/joblog" ] || return 0
	while IFS=$'\t' read -r seq _ _ runtime _ _ exitval signal _; do
		[[ $seq =~ ^[0-9]+$ ]] || continue
		joblog_exit[$seq]=$([ "$signal" = 0 ] && echo "$exitval" || echo "signal $signal")
		joblog_secs[$seq]=$runtime
	done <"$dir/joblog"
}

cmd_progress() {
	matrix_dir "${1:-}"
	shift
	local slots=
	while [ $# -gt 0 ]; do
		case $1 in
		--slots)
			number --slots "${2:-}" 1 100000
			slots=$((10#$2))
			shift 2
			;;
		*) die "unknown option '$1' to matrix.sh progress (accepted: --slots N)" ;;
		esac
	done
	load_joblog
	local k done=0 failed=0 running=0 left=0 total=0 timed=0 lines=()
	declare -A hosts=()
	for k in $(seq 1 "$cells"); do
		cell_state "$k"
		case $state in
		done)
			done=$((done + 1))
			hosts[$host]=$((${hosts[$host]:-0} + 1))
			secs=${joblog_secs[$k]:-$secs}
			if [ -n "$secs" ]; then
				total=$(echo "$total + $secs" | bc)
				timed=$((timed + 1))
			fi
			;;
		failed)
			failed=$((failed + 1))
			lines+=("cell $k ($(jq -r --argjson k "$k" '.list[$k - 1] | "\(.variant)\(if .params != "" then " " + .params else "" end) \(.workload) \(.mem_mib)M run \(.repetition)"' "$dir/matrix.json")): failed, $attempts failed attempt(s): $why")
			;;
		running) running=$((running + 1)) ;;
		left) left=$((left + 1)) ;;
		esac
	done
	echo "matrix $name: $cells cells: $done done, $failed failed, $running running, $left left"
	[ ${#lines[@]} -eq 0 ] || printf '%s\n' "${lines[@]}"
	local h names=
	for h in "${!hosts[@]}"; do names+="${names:+, }$h (${hosts[$h]})"; done
	[ -z "$names" ] || echo "done on: $names"
	local todo=$((failed + running + left))
	[ -n "$slots" ] || slots=$((${#hosts[@]} > 0 ? ${#hosts[@]} : 1))
	if [ $todo -eq 0 ]; then
		echo "time left: none, every cell is done"
	elif [ $timed -eq 0 ]; then
		echo "time left: unknown until a cell is done ($todo cell(s) to run)"
	else
		local mean eta
		mean=$(echo "scale=1; $total / $timed" | bc)
		eta=$(echo "scale=1; $mean * $todo / $slots" | bc)
		printf 'time left: about %.0f s for %d cell(s) (the failed ones run again), at %.1f s a cell (mean of %d done) on %d host(s) at once\n' \
			"$eta" "$todo" "$mean" "$timed" "$slots"
	fi
}

case ${1:-} in
run | cell | slurm | progress)
	sub=$1
	shift
	"cmd_$sub" "$@"
	;;
*) die "invalid subcommand '${1:-}' (accepted: run, cell, slurm, progress; $usage)" ;;
esac
