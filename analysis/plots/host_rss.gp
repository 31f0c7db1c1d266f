# Guest RAM resident in each variant's QEMUs over time (host_rss.dat: a
# block per QEMU, "s since the workload started" and MiB; the variant's
# colour in colors, solid for the source and dashed for the destination
# in dashes).
load dir.'/host_rss.vars'
load here.'/common.gp'
f = dir.'/host_rss.dat'
do for [t in "png svg"] {
	eval term(t)
	set output dir.'/host_rss.'.t
	set title "Guest RAM resident in QEMU (RssAnon): source solid, destination dashed; the first run of each variant"
	set xlabel "s since the workload started (dotted: its start, and the first run's migration start)"
	set ylabel "MiB"
	set key outside right top
	set yrange [0:*]
	set arrow 1 from 0, graph 0 to 0, graph 1 nohead dt 3 lc rgb "gray50"
	# NaN, which equals nothing, when the runs did not migrate
	if (migration_at == migration_at) {
		set arrow 2 from migration_at, graph 0 to migration_at, graph 1 nohead dt 3 lc rgb "black"
	}
	plot for [i=1:nblocks] f index (i-1) using 1:2 with lines lw 2 \
		lc int(word(colors, i)) dt int(word(dashes, i)) title word(names, i)
	unset output
}
