#!/usr/bin/env bash
# Benchmarks: runs each program under minirt, compiled Go and Lua 5.4 (each when installed),
# checks the output, and prints a Markdown table of median wall time / peak RSS and the ratios.
# After the table, the allocation benchmark (tests/bench/alloc.c: ns per 32-byte allocation
# for glibc malloc, Boehm GC and minirt's mallocgc) prints its own table.
# Not part of `meson test` (too slow).
#
# usage: tests/bench/run.sh [-n RUNS] [BINARYTREES_SIZE] [PROGRAM:SIZE ...] [alloc[:N]]
#   -n RUNS            runs per measurement, the median is reported (default 3)
#   BINARYTREES_SIZE   size of the binarytrees row (default 17)
#   PROGRAM:SIZE ...   replace the default rows: fib:35 fib:40 binarytrees:N mapstr:1000000
#   alloc[:N]          the allocation benchmark with N allocations (default 50000000); run by
#                      default, otherwise only when asked for (alone: no program rows)
# Environment: MINIRT (binary; default: build/minirt, built by ./minirt first),
#   BENCH_TIMEOUT (seconds per run, default 600).
#
# The programs are tests/bench/programs/*.go (minirt scripts, run as they are by minirt and
# compiled by `go build`); tests/bench/*.lua do the same work in Lua. The expected output of
# PROGRAM at SIZE is programs/PROGRAM.SIZE.expected, or else what the Go build prints.
# A wrong output is marked "WRONG" in its cell; a failed or timed-out run "failed".
# The allocation benchmark is the build target tests/bench/bench_alloc when the build has it,
# or else compiled here from alloc.c against build/'s gc and prof libraries.
set -uo pipefail

here=$(cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
root=$(cd -P -- "$here/../.." && pwd -P)
progs=$here/programs
runs=3
tmo=${BENCH_TIMEOUT:-600}
bt=17
rows=()
alloc_n=

while (($#)); do
	case $1 in
	-n) runs=$2; shift 2 ;;
	-n*) runs=${1#-n}; shift ;;
	alloc) alloc_n=50000000; shift ;;
	alloc:*) alloc_n=${1#alloc:}; shift ;;
	-h | --help) sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*:*) rows+=("$1"); shift ;;
	[0-9]*) bt=$1; shift ;;
	*) echo "bench: unknown argument $1" >&2; exit 2 ;;
	esac
done
if ((${#rows[@]} == 0)) && [[ -z $alloc_n ]]; then
	rows=(fib:35 fib:40 "binarytrees:$bt" mapstr:1000000)
	alloc_n=50000000
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/minirt-bench.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# The interpreters and compilers that are present.
# shellcheck source=tests/bench/lib.sh
. "$here/lib.sh"
minirt=$(bench_minirt bench) || echo "bench: the minirt column is left empty" >&2
have_go=0
command -v go >/dev/null 2>&1 && have_go=1
lua=$(command -v lua5.4 || true)
timer=
if [[ -x /usr/bin/time ]]; then
	timer=/usr/bin/time
fi

# measure NAME OUTFILE CMD...: runs CMD $runs times; sets m_time (median seconds), m_rss
# (median peak RSS in KiB, empty without /usr/bin/time) and m_ok (1 if every run exited 0).
# The output of the last run is left in OUTFILE.
measure() {
	local out=$1
	shift
	local times=() rss=() i t r
	m_ok=1
	for ((i = 0; i < runs; i++)); do
		local t0=$EPOCHREALTIME st
		if [[ -n $timer ]]; then
			timeout "$tmo" "$timer" -f '%M' -o "$work/time" "$@" >"$out" 2>"$work/stderr"
			st=$?
			# GNU time writes "Command exited with non-zero status N" before the figure.
			r=$(tail -n 1 "$work/time" 2>/dev/null)
		else
			timeout "$tmo" "$@" >"$out" 2>"$work/stderr"
			st=$?
			r=
		fi
		t=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.4f", b - a }')
		if ((st != 0)); then
			m_ok=0
			break
		fi
		times+=("$t")
		[[ -n $r ]] && rss+=("$r")
	done
	if ((m_ok == 0)); then
		m_time='' m_rss=''
		return
	fi
	m_time=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
	m_rss=
	if ((${#rss[@]})); then
		m_rss=$(printf '%s\n' "${rss[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
	fi
}

# cell: formats the last measurement, checked against the expected output.
cell() { # outfile expectedfile
	if ((m_ok == 0)); then
		echo "failed"
		return
	fi
	local c
	c=$(awk -v t="$m_time" 'BEGIN { printf (t < 1 ? "%.3f s" : t < 10 ? "%.2f s" : "%.1f s"), t }')
	if [[ -n $m_rss ]]; then
		c="$c / $(awk -v k="$m_rss" 'BEGIN { printf (k < 10240 ? "%.1f MB" : "%.0f MB"), k / 1024 }')"
	fi
	if [[ -n $2 && -f $2 ]] && ! cmp -s "$1" "$2"; then
		c="$c WRONG"
	fi
	echo "$c"
}

ratio() { # a b
	if [[ -n $1 && -n $2 ]]; then
		awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf (a / b < 10 ? "%.2fx" : "%.1fx"), a / b; else print "-" }'
	else
		echo "-"
	fi
}

echo "benchmarks: median of $runs run(s); time / peak RSS" >&2
table="| program | size | minirt | go | lua5.4 | minirt/go | minirt/lua |
|---|---:|---:|---:|---:|---:|---:|"
declare -A built
for row in "${rows[@]}"; do
	name=${row%%:*}
	size=${row#*:}
	src=$progs/$name.go
	if [[ ! -f $src ]]; then
		echo "bench: no program $src" >&2
		continue
	fi
	expected=$progs/$name.$size.expected
	mt='' gt='' lt=''
	gcell="-" mcell="-" lcell="-"
	if ((have_go)); then
		if [[ -z ${built[$name]:-} ]]; then
			go build -o "$work/$name.bin" "$src" && built[$name]=1
		fi
		if [[ -n ${built[$name]:-} ]]; then
			echo "  $name $size: go" >&2
			measure "$work/go.out" "$work/$name.bin" "$size"
			if [[ ! -f $expected && $m_ok == 1 ]]; then
				cp "$work/go.out" "$work/$name.$size.expected"
				expected=$work/$name.$size.expected
			fi
			gcell=$(cell "$work/go.out" "$expected")
			((m_ok)) && gt=$m_time
		fi
	fi
	if [[ -n $minirt ]]; then
		echo "  $name $size: minirt" >&2
		measure "$work/minirt.out" "$minirt" "$src" "$size"
		mcell=$(cell "$work/minirt.out" "$expected")
		((m_ok)) && [[ $mcell != *WRONG ]] && mt=$m_time
		if ((m_ok == 0)); then
			echo "  minirt failed on $name $size:" >&2
			head -n 5 "$work/stderr" >&2
		fi
	fi
	if [[ -n $lua && -f $here/$name.lua ]]; then
		echo "  $name $size: lua5.4" >&2
		measure "$work/lua.out" "$lua" "$here/$name.lua" "$size"
		lcell=$(cell "$work/lua.out" "$expected")
		((m_ok)) && lt=$m_time
	fi
	table="$table
| $name | $size | $mcell | $gcell | $lcell | $(ratio "$mt" "$gt") | $(ratio "$mt" "$lt") |"
done
((${#rows[@]})) && echo "$table"

# The allocation benchmark, after the table (its columns are not the programs' columns).
if [[ -n $alloc_n ]] && bench=$(bench_alloc_binary bench); then
	echo "  alloc $alloc_n" >&2
	((${#rows[@]})) && echo
	timeout "$tmo" "$bench" -n "$alloc_n" -r "$runs" ||
		echo "bench: the allocation benchmark failed" >&2
fi
