# Shared by the figures: one look, PNG and SVG. Each figure script runs
#   do for [t in "png svg"] { eval term(t); set output dir.'/NAME.'.t; ... }
# with dir, the report directory, given on the command line.
term(t) = t eq "png" ? \
	"set terminal pngcairo size 1000,620 font 'DejaVu Sans,10' noenhanced" : \
	"set terminal svg size 1000,620 dynamic font 'DejaVu Sans,10' noenhanced"
set grid
set key noenhanced
set style fill solid 0.55 border -1
set boxwidth 0.6
set errorbars 1.5
