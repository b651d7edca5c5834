#!/bin/sh
# The Boehm backend's diagnostics and pacing, end to end (the collector-independent checks of
# trace.sh run under Boehm as well, in the 'boehm' suite):
#   1. RT_GOGC paces Boehm: on boehm/churn.mr (4 MiB live, 40 MiB of garbage) the collections
#      fall as GOGC rises - Go's pacer gives about 40 / 10 / 2.5 at GOGC 25 / 100 / 400 (the
#      garbage over live x GOGC / 100) - so each step must at least halve them.
#   2. RT_TRACE=gc=2: one gctrace line and one "mark steps ... pauses X ms" line per cycle, as
#      many cycles as the program's NumGC, numbered from 1.
#   3. RT_TRACE=boehmincremental: the same output, and libgc marks in steps inside allocations
#      (some cycle reports mark steps), with its final pause printed.
# usage: boehm.sh --minirt PATH
set -u
here=$(cd -P -- "$(dirname -- "$0")" && pwd -P)
minirt=${MINIRT:-$here/../../build/minirt}
[ "${1:-}" = --minirt ] && minirt=$2
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}
churn=$here/boehm/churn.mr

# 1. GOGC
for g in 25 100 400; do
	# shellcheck disable=SC2034 # read by the eval below
	out=$(RT_GOGC=$g "$minirt" --gc=boehm "$churn") || fail "churn.mr at GOGC=$g exited $?"
	eval "n$g=\${out%% *}"
done
# shellcheck disable=SC2154
{
	[ "$n25" -ge $((2 * n100)) ] || fail "GOGC 25 made $n25 collections, GOGC 100 $n100: want at least twice as many"
	[ "$n100" -ge $((2 * n400)) ] || fail "GOGC 100 made $n100 collections, GOGC 400 $n400: want at least twice as many"
	[ "$n400" -ge 1 ] || fail "GOGC 400 made no collection for 40 MiB of garbage"
}

# 2. and 3. the trace lines
re='^gc [0-9]+ @[0-9]+\.[0-9]{3}s [0-9]+%: [0-9.]+\+[0-9.]+\+[0-9.]+ ms clock, [0-9.]+\+[0-9.]+/0/0\+[0-9.]+ ms cpu, [0-9]+->[0-9]+->[0-9]+ MB, [0-9]+ MB goal, [0-9]+ MB stacks, [0-9]+ MB globals, 1 P$'
re2='^gc [0-9]+ mark steps: [0-9]+, [0-9.]+ ms in all, longest [0-9.]+ ms; pauses [0-9.]+ ms$'
for mode in gc=2 gc=2,boehmincremental; do
	RT_TRACE=$mode "$minirt" --gc=boehm "$churn" >"$tmp/out" 2>"$tmp/err" || fail "$mode: exited $?"
	numgc=$(sed 's/.* //' "$tmp/out")
	grep -E '^gc [0-9]+ @' "$tmp/err" >"$tmp/lines"
	grep -E '^gc [0-9]+ mark steps' "$tmp/err" >"$tmp/steps"
	[ "$(wc -l <"$tmp/lines")" -eq "$numgc" ] || fail "$mode: $(wc -l <"$tmp/lines") gctrace lines, NumGC $numgc"
	[ "$(wc -l <"$tmp/steps")" -eq "$numgc" ] || fail "$mode: $(wc -l <"$tmp/steps") step lines, NumGC $numgc"
	[ "$(wc -l <"$tmp/err")" -eq $((2 * numgc)) ] || fail "$mode: unexpected stderr: $(grep -Ev '^gc [0-9]+ ' "$tmp/err" | head -n 1)"
	bad=$(grep -Evc "$re" "$tmp/lines")
	[ "$bad" -eq 0 ] || fail "$mode: not in Go's gctrace format: $(grep -Ev "$re" "$tmp/lines" | head -n 1)"
	bad=$(grep -Evc "$re2" "$tmp/steps")
	[ "$bad" -eq 0 ] || fail "$mode: bad step line: $(grep -Ev "$re2" "$tmp/steps" | head -n 1)"
	nums=$(sed 's/^gc \([0-9]*\) .*/\1/' "$tmp/lines" | tr '\n' ' ')
	[ "$nums" = "$(seq 1 "$numgc" | tr '\n' ' ')" ] || fail "$mode: cycles numbered '$nums'"
	stepped=$(grep -Evc '^gc [0-9]+ mark steps: 0,' "$tmp/steps")
	case $mode in
	*incremental) [ "$stepped" -gt 0 ] || fail "$mode: no cycle marked in steps" ;;
	*) [ "$stepped" -eq 0 ] || fail "$mode: a full collection reports mark steps" ;;
	esac
done

[ $fails -eq 0 ] && echo "boehm: all checks passed" || echo "boehm: $fails check(s) failed"
[ $fails -eq 0 ]
