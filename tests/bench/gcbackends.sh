#!/usr/bin/env bash
# Collector backends benchmark: runs each program under minirt with --gc=native (the default,
# minirt's own collector) and --gc=boehm (Boehm GC) in the same run, checks the output, and
# prints one Markdown table: per program and backend the median wall time, peak RSS, number of
# collections and longest pause, with the boehm/native ratios of time and RSS. After the table,
# the allocation benchmark (tests/bench/alloc.c) prints its own table for the two collectors
# alone (Boehm GC_MALLOC and minirt's mallocgc). Not part of `meson test` (too slow).
#
# usage: tests/bench/gcbackends.sh [-n RUNS] [PROGRAM:SIZE ...] [alloc[:N]]
#   -n RUNS        runs per measurement, the median is reported (default 3)
#   PROGRAM:SIZE   replace the default rows: binarytrees:17 mapstr:1000000 gcpause:1000000
#                  allocloop:20000000
#   alloc[:N]      the allocation benchmark with N allocations (default 50000000, at least
#                  10000000); run by default, otherwise only when asked for (alone: no
#                  program rows)
# Environment: MINIRT (binary; default: build/minirt, built by ./minirt first),
#   BENCH_TIMEOUT (seconds per run, default 600), BOEHM_INCREMENTAL=1 (the boehm runs in
#   libgc's incremental mode).
#
# The programs are tests/bench/programs/*.go, run with RT_TRACE=gc=2, standard error going to a
# file that is read after the run (the timing covers the run alone). Collections: the gctrace
# lines ("gc N @..."). Max pause: over the collections of a run, the largest of each one's
# stop-the-world time (X of the line ending "pauses X ms") and its longest mark step (L of
# "longest L ms" on that line: the program does not run during a step either - minirt's
# assists, libgc's incremental steps); the median over the runs is reported.
# "-" in both columns: the run printed no gctrace line (none happened, or the backend does not
# trace). The expected output of PROGRAM at SIZE is programs/PROGRAM.SIZE.expected, or else
# what the Go build prints; a wrong output in any run marks the time cell "WRONG" (and leaves
# the ratios out), a failed or timed-out run "failed".
# The allocation benchmark is the build target tests/bench/bench_alloc when the build has it,
# or else compiled here from alloc.c against build/'s gc and prof libraries.
set -uo pipefail

here=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
root=$(cd -P -- "$here/../.." && pwd -P)
progs=$here/programs
runs=3
tmo=${BENCH_TIMEOUT:-600}
rows=()
alloc_n=
backends=(native boehm)
# BOEHM_INCREMENTAL=1: the boehm runs use libgc's incremental mode (RT_TRACE=boehmincremental)
declare -A backend_trace=()
[[ ${BOEHM_INCREMENTAL:-} == 1 ]] && backend_trace[boehm]=,boehmincremental

while (($#)); do
	case $1 in
	-n) runs=${2:-}; shift 2 ;;
	-n*) runs=${1#-n}; shift ;;
	alloc) alloc_n=50000000; shift ;;
	alloc:*) alloc_n=${1#alloc:}; shift ;;
	-h | --help) sed -n '2,28p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*:*) rows+=("$1"); shift ;;
	*) echo "gcbackends: unknown argument $1" >&2; exit 2 ;;
	esac
done
if [[ ! $runs =~ ^[1-9][0-9]*$ ]]; then
	echo "gcbackends: -n needs a positive number of runs" >&2
	exit 2
fi
if [[ -n $alloc_n ]] && { [[ ! $alloc_n =~ ^[0-9]+$ ]] || ((alloc_n < 10000000)); }; then
	echo "gcbackends: alloc:N needs N >= 10000000 (the ring must fill)" >&2
	exit 2
fi
if ((${#rows[@]} == 0)) && [[ -z $alloc_n ]]; then
	rows=(binarytrees:17 mapstr:1000000 gcpause:1000000 allocloop:20000000)
	alloc_n=50000000
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/minirt-gcbackends.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# shellcheck source=tests/bench/lib.sh
. "$here/lib.sh"
minirt=$(bench_minirt gcbackends) || exit 2
have_go=0
command -v go >/dev/null 2>&1 && have_go=1
timer=
if [[ -x /usr/bin/time ]]; then
	timer=/usr/bin/time
else
	echo "gcbackends: no /usr/bin/time (GNU time); RSS columns left empty" >&2
fi

median() { # reads numbers, one a line; prints the median (the upper one of an even count)
	sort -g | awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)] }'
}

# measure BACKEND EXPECTED SRC SIZE: runs minirt --gc=BACKEND SRC SIZE $runs times with
# RT_TRACE=gc=2; sets m_ok (1 if every run exited 0), m_wrong (1 if a run's output differed
# from EXPECTED, when that file exists), m_time (median seconds), m_rss (median peak RSS in
# KiB, empty without /usr/bin/time), m_gcs (median number of collections, empty when no run
# printed a gctrace line) and m_pause (median of the runs' longest pause in ms, empty when no
# run printed a pause).
measure() {
	local backend=$1 expected=$2
	shift 2
	local times=() rss=() gcs=() pauses=() i t r st n p t0
	m_ok=1 m_wrong=0 m_time='' m_rss='' m_gcs='' m_pause=''
	for ((i = 0; i < runs; i++)); do
		t0=$EPOCHREALTIME
		if [[ -n $timer ]]; then
			RT_TRACE=gc=2${backend_trace[$backend]:-} timeout "$tmo" "$timer" -f '%M' -o "$work/time" \
				"$minirt" --gc="$backend" "$@" >"$work/out" 2>"$work/trace"
			st=$?
		else
			RT_TRACE=gc=2${backend_trace[$backend]:-} timeout "$tmo" "$minirt" --gc="$backend" "$@" \
				>"$work/out" 2>"$work/trace"
			st=$?
		fi
		t=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.4f", b - a }')
		# Everything below happens after the clock stopped.
		if ((st != 0)); then
			m_ok=0
			if ((st == 124)); then
				echo "  minirt --gc=$backend timed out (${tmo} s) on $*" >&2
			else
				echo "  minirt --gc=$backend failed on $* (status $st):" >&2
			fi
			grep -v -E '^gc [0-9]+ ' "$work/trace" | head -n 5 >&2
			return
		fi
		times+=("$t")
		if [[ -n $timer ]]; then
			# GNU time writes "Command exited with non-zero status N" before the figure.
			r=$(tail -n 1 "$work/time" 2>/dev/null)
			[[ -n $r ]] && rss+=("$r")
		fi
		[[ -f $expected ]] && ! cmp -s "$work/out" "$expected" && m_wrong=1
		n=$(grep -c -E '^gc [0-9]+ @' "$work/trace")
		((n > 0)) && gcs+=("$n")
		p=$(awk '$(NF - 2) == "pauses" && $NF == "ms" && $(NF - 1) ~ /^[0-9]+(\.[0-9]+)?$/ {
				v = $(NF - 1) + 0
				if ($(NF - 5) == "longest" && $(NF - 4) + 0 > v) v = $(NF - 4) + 0
				if (!seen || v > mx) mx = v
				seen = 1
			}
			END { if (seen) print mx }' "$work/trace")
		[[ -n $p ]] && pauses+=("$p")
	done
	m_time=$(printf '%s\n' "${times[@]}" | median)
	((${#rss[@]})) && m_rss=$(printf '%s\n' "${rss[@]}" | median)
	((${#gcs[@]})) && m_gcs=$(printf '%s\n' "${gcs[@]}" | median)
	((${#pauses[@]})) && m_pause=$(printf '%s\n' "${pauses[@]}" | median)
}

fmt_time() { awk -v t="$1" 'BEGIN { printf (t < 1 ? "%.3f s" : t < 10 ? "%.2f s" : "%.1f s"), t }'; }
fmt_rss() { awk -v k="$1" 'BEGIN { printf (k < 10240 ? "%.1f MB" : "%.0f MB"), k / 1024 }'; }
fmt_ms() { awk -v x="$1" 'BEGIN { printf (x < 1 ? "%.3f ms" : x < 10 ? "%.2f ms" : "%.1f ms"), x }'; }

ratio() { # a b
	if [[ -n $1 && -n $2 ]]; then
		awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf (a / b < 10 ? "%.2fx" : "%.1fx"), a / b; else print "-" }'
	else
		echo "-"
	fi
}

# expected_for NAME SIZE: sets expected to the file holding the expected output (empty if
# there is none: no file and no Go).
declare -A built
expected_for() {
	local name=$1 size=$2
	expected=$progs/$name.$size.expected
	[[ -f $expected ]] && return
	expected=
	((have_go)) || return
	if [[ -z ${built[$name]:-} ]]; then
		mkdir -p "$work/go-$name" && cp "$progs/$name.go" "$work/go-$name/main.go" &&
			(cd "$work/go-$name" && GO111MODULE=off go build -o "$work/$name.bin" main.go) &&
			built[$name]=1
	fi
	if [[ -n ${built[$name]:-} ]] &&
		timeout "$tmo" "$work/$name.bin" "$size" >"$work/$name.$size.expected"; then
		expected=$work/$name.$size.expected
	fi
}

if ((${#rows[@]})); then
	echo "collector backends: median of $runs run(s); load: $(uptime | sed 's/.*load average/load average/')" >&2
	table="| program | size | native time | boehm time | boehm/native time | native RSS | boehm RSS | boehm/native RSS | native GCs | boehm GCs | native max pause | boehm max pause |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	for row in "${rows[@]}"; do
		name=${row%%:*}
		size=${row#*:}
		src=$progs/$name.go
		if [[ ! -f $src ]]; then
			echo "gcbackends: no program $src" >&2
			continue
		fi
		expected_for "$name" "$size"
		[[ -z $expected ]] && echo "gcbackends: no expected output for $name $size; not checked" >&2
		declare -A tcell=() rcell=() gcell=() pcell=() tval=() rval=()
		for b in "${backends[@]}"; do
			echo "  $name $size: --gc=$b" >&2
			measure "$b" "$expected" "$src" "$size"
			if ((m_ok == 0)); then
				tcell[$b]=failed rcell[$b]=- gcell[$b]=- pcell[$b]=- tval[$b]='' rval[$b]=''
				continue
			fi
			tcell[$b]=$(fmt_time "$m_time")
			tval[$b]=$m_time rval[$b]=$m_rss
			if ((m_wrong)); then
				tcell[$b]="${tcell[$b]} WRONG"
				tval[$b]='' rval[$b]=''
			fi
			rcell[$b]=-
			[[ -n $m_rss ]] && rcell[$b]=$(fmt_rss "$m_rss")
			gcell[$b]=${m_gcs:--}
			pcell[$b]=-
			[[ -n $m_pause ]] && pcell[$b]=$(fmt_ms "$m_pause")
		done
		table="$table
| $name | $size | ${tcell[native]} | ${tcell[boehm]} | $(ratio "${tval[boehm]}" "${tval[native]}") | ${rcell[native]} | ${rcell[boehm]} | $(ratio "${rval[boehm]}" "${rval[native]}") | ${gcell[native]} | ${gcell[boehm]} | ${pcell[native]} | ${pcell[boehm]} |"
	done
	echo "$table"
fi

# The allocation benchmark, after the table (its columns are not the programs' columns).
if [[ -n $alloc_n ]] && bench=$(bench_alloc_binary gcbackends); then
	aruns=$runs
	if ((aruns > 15)); then
		echo "gcbackends: the allocation benchmark takes at most 15 runs" >&2
		aruns=15
	fi
	echo "  alloc $alloc_n" >&2
	((${#rows[@]})) && echo
	timeout "$tmo" "$bench" -n "$alloc_n" -r "$aruns" boehm minirt ||
		echo "gcbackends: the allocation benchmark failed" >&2
fi
