# Draws app-bench's --data (bench/apps) as three bar charts: start-up, store operations, disk.
# Usage: gnuplot -e "data='FILE'; out='docs/performance-apps.png'" bench/plot.gp
if (!exists("data")) data = 'app-bench.dat'
if (!exists("out")) out = 'performance-apps.png'

set terminal pngcairo size 1500,520 font ",11"
set output out
set multiplot layout 1,3 title "sandbox vs Flatpak, same Flatpak-built app (medians, interleaved runs; bench/apps)"

set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set grid ytics
set yrange [0:*]
set key top left

set title "Start-up: exec to exit (ms)"
set xtics nomirror rotate by -25
set ylabel "ms"
set offsets 0, 0, graph 0.08, 0
plot data index 0 using 2:xtic(1) notitle lc rgb "#3465a4", \
     '' index 0 using 0:2:(sprintf("%.1f", $2)) with labels offset 0,0.8 notitle
set offsets 0, 0, 0, 0

set title "Install / uninstall (ms)"
plot data index 1 using 2:xtic(1) title "sandbox" lc rgb "#3465a4", \
     '' index 1 using 3 title "flatpak --user" lc rgb "#cc6600"

set title "Disk: runtime + two apps installed (KiB)"
set xtics norotate
set key below
set ylabel "KiB"
plot data index 2 using 2:xtic(1) title "installation (each inode once)" lc rgb "#3465a4", \
     '' index 2 using 3 title "du -l (each link counted)" lc rgb "#999999", \
     '' index 2 using 4 title "runtime + apps' deployments" lc rgb "#73d216"

unset multiplot
