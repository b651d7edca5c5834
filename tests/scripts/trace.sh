#!/bin/sh
# The collector's diagnostics, checked end to end on the inputs in tests/scripts/trace/:
#   1. RT_TRACE=gc prints one line per cycle in Go's gctrace format, numbered from 1, with
#      " (forced)" exactly for runtime.GC(); the forced cycles of gctrace.mr (8 MiB live in a
#      global) report 8 MB marked and, by Go's goal formula, a 16 MB goal for the cycle after;
#      standard output is unchanged.
#   2. RT_TRACE=scavenge prints Go's scavtrace line, " (forced)" for debug.FreeOSMemory, and at
#      least the 16 MiB freed by scavenge.mr is then released.
#   3. --memprofile writes a gzipped pprof profile at exit (also on os.Exit, keeping its status)
#      naming the allocating functions; --memprofilerate sets runtime.MemProfileRate; an
#      unwritable path gives one error line and exit status 2 after the program's output; a bad
#      rate is refused with exit status 2.
#   3b. --blockprofile, --mutexprofile and --cpuprofile: the same at exit (samples/contention.mr's
#      output unchanged, a gzip file written, an unwritable path reported with exit status 2),
#      and bad --blockprofilerate / --mutexprofilefraction values refused with exit status 2.
#   4. Out of memory (under ulimit -v): "fatal error: runtime: out of memory", exit status 2,
#      and what the program printed before is not lost. Skipped for sanitizer builds, whose
#      shadow memory does not fit under such a limit.
# usage: trace.sh --minirt PATH
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

# 1. gctrace
RT_TRACE=gc "$minirt" "$here/trace/gctrace.mr" >"$tmp/out" 2>"$tmp/err"
st=$?
[ $st -eq 0 ] || fail "gctrace.mr exited $st"
[ "$(cat "$tmp/out")" = "41943040 8388608" ] || fail "gctrace.mr stdout: $(cat "$tmp/out")"
re='^gc [0-9]+ @[0-9]+\.[0-9]{3}s [0-9]+%: [0-9.]+\+[0-9.]+\+[0-9.]+ ms clock, [0-9.]+\+[0-9.]+/[0-9.]+/[0-9.]+\+[0-9.]+ ms cpu, [0-9]+->[0-9]+->[0-9]+ MB, [0-9]+ MB goal, [0-9]+ MB stacks, [0-9]+ MB globals, 1 P( \(forced\))?$'
n=$(wc -l <"$tmp/err")
[ "$n" -ge 3 ] || fail "gctrace: expected at least 3 lines (40 MiB of garbage, then 2 forced), got $n"
bad=$(grep -Evc "$re" "$tmp/err")
[ "$bad" -eq 0 ] || fail "gctrace: $bad line(s) not in Go's format: $(grep -Ev "$re" "$tmp/err" | head -1)"
nums=$(sed 's/^gc \([0-9]*\) .*/\1/' "$tmp/err" | tr '\n' ' ')
want=$(seq 1 "$n" | tr '\n' ' ')
[ "$nums" = "$want" ] || fail "gctrace: cycles numbered '$nums', want '$want'"
[ "$(grep -c '(forced)$' "$tmp/err")" -eq 2 ] || fail "gctrace: want exactly 2 forced cycles"
[ "$(tail -n 2 "$tmp/err" | grep -c '(forced)$')" -eq 2 ] || fail "gctrace: the forced cycles are not the last two"
last=$(tail -n 1 "$tmp/err")
marked=$(echo "$last" | sed 's/.*->\([0-9]*\) MB, .*/\1/')
[ "$marked" = 8 ] || fail "gctrace: last cycle marked $marked MB, want 8 (the live 8 MiB)"
goal=$(echo "$last" | sed 's/.* \([0-9]*\) MB goal.*/\1/')
# the last cycle's goal was set by the first forced one: 8 MiB marked -> 8 + 8 * 100/100 = 16
[ "$goal" = 16 ] || fail "gctrace: last cycle's goal $goal MB, want 16"

# 2. scavtrace
RT_TRACE=scavenge "$minirt" "$here/trace/scavenge.mr" >"$tmp/out" 2>"$tmp/err"
st=$?
[ $st -eq 0 ] || fail "scavenge.mr exited $st"
[ "$(cat "$tmp/out")" = "16777216
freed" ] || fail "scavenge.mr stdout: $(cat "$tmp/out")"
sre='^scav [0-9]+ KiB work \(bg\), [0-9]+ KiB work \(eager\), [0-9]+ KiB now, [0-9]+% util( \(forced\))?$'
bad=$(grep -Evc "$sre" "$tmp/err")
[ "$bad" -eq 0 ] || fail "scavtrace: $bad line(s) not in Go's format: $(grep -Ev "$sre" "$tmp/err" | head -1)"
forced=$(grep '(forced)$' "$tmp/err" | tail -n 1)
[ -n "$forced" ] || fail "scavtrace: no forced line for debug.FreeOSMemory"
eager=$(echo "$forced" | sed 's/.*KiB work (bg), \([0-9]*\) KiB work (eager).*/\1/')
[ "${eager:-0}" -ge 16384 ] || fail "scavtrace: FreeOSMemory released ${eager:-0} KiB, want >= 16384"

# 3. heap profile at exit
rm -f "$tmp/heap.pb"
"$minirt" --memprofile="$tmp/heap.pb" --memprofilerate=1 "$here/trace/memprofile.mr" >"$tmp/out" 2>"$tmp/err"
st=$?
[ $st -eq 0 ] || fail "memprofile.mr exited $st: $(head -n 1 "$tmp/err")"
[ "$(cat "$tmp/out")" = "rate 1" ] || fail "memprofile.mr stdout: $(cat "$tmp/out")"
if ! gzip -t "$tmp/heap.pb" 2>/dev/null; then
	fail "--memprofile did not write a gzip file"
else
	for fn in main.allocTransient main.allocPersistent main.main alloc_space inuse_space; do
		gzip -dc "$tmp/heap.pb" | grep -aq "$fn" || fail "heap profile lacks $fn"
	done
fi
rm -f "$tmp/heap.pb"
"$minirt" --memprofile="$tmp/heap.pb" "$here/trace/memprofile.mr" x >"$tmp/out" 2>"$tmp/err"
st=$?
[ $st -eq 3 ] || fail "memprofile.mr with os.Exit(3) exited $st"
[ -s "$tmp/heap.pb" ] || fail "no heap profile after os.Exit"
[ "$(cat "$tmp/out")" = "rate 524288" ] || fail "default MemProfileRate: $(cat "$tmp/out")"
"$minirt" --memprofile="$tmp/no/such/dir/heap.pb" "$here/trace/memprofile.mr" >"$tmp/out" 2>"$tmp/err"
st=$?
[ $st -eq 2 ] || fail "unwritable --memprofile path: exit $st, want 2"
[ "$(cat "$tmp/out")" = "rate 524288" ] || fail "unwritable path changed the program's output"
[ "$(cat "$tmp/err")" = "minirt: --memprofile: cannot write $tmp/no/such/dir/heap.pb: no such file or directory" ] ||
	fail "unwritable path message: $(cat "$tmp/err")"
"$minirt" --memprofilerate=-5 "$here/trace/memprofile.mr" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "--memprofilerate=-5 accepted"
[ -s "$tmp/out" ] && fail "--memprofilerate=-5 ran the program"

# 3b. the other profile flags, on samples/contention.mr (prints "10 10 10 10")
sample=$here/../../samples/contention.mr
for prof in blockprofile mutexprofile cpuprofile; do
	rm -f "$tmp/p.pb"
	"$minirt" --$prof="$tmp/p.pb" "$sample" >"$tmp/out" 2>"$tmp/err"
	st=$?
	[ $st -eq 0 ] || fail "--$prof: exit $st: $(head -n 1 "$tmp/err")"
	[ "$(cat "$tmp/out")" = "10 10 10 10" ] || fail "--$prof changed the output: $(cat "$tmp/out")"
	[ "$(head -c 2 "$tmp/p.pb" | od -An -tx1 | tr -d ' ')" = 1f8b ] ||
		fail "--$prof did not write a gzip file"
	"$minirt" --$prof="$tmp/no/such/dir/p.pb" "$sample" >"$tmp/out" 2>"$tmp/err"
	st=$?
	[ $st -eq 2 ] || fail "unwritable --$prof path: exit $st, want 2"
	[ "$(cat "$tmp/out")" = "10 10 10 10" ] || fail "unwritable --$prof path changed the output"
	[ "$(cat "$tmp/err")" = "minirt: --$prof: cannot write $tmp/no/such/dir/p.pb: no such file or directory" ] ||
		fail "unwritable --$prof message: $(cat "$tmp/err")"
done
for bad in --blockprofilerate=x --blockprofilerate= --mutexprofilefraction=-1 --mutexprofilefraction=1e3; do
	"$minirt" "$bad" "$sample" >"$tmp/out" 2>"$tmp/err"
	[ $? -eq 2 ] || fail "$bad accepted"
	[ -s "$tmp/out" ] && fail "$bad ran the program"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$bad: not one error line: $(cat "$tmp/err")"
done

# 4. out of memory
if ldd "$minirt" 2>/dev/null | grep -q 'lib[at]san'; then
	echo "trace: out-of-memory check skipped (sanitizer build)"
else
	(ulimit -v 400000 && exec "$minirt" "$here/trace/oom.mr") >"$tmp/out" 2>"$tmp/err"
	st=$?
	[ $st -eq 2 ] || fail "oom.mr exited $st, want 2"
	[ "$(head -n 1 "$tmp/err")" = "fatal error: runtime: out of memory" ] ||
		fail "oom.mr stderr: $(head -n 1 "$tmp/err")"
	[ "$(cat "$tmp/out")" = start ] || fail "oom.mr stdout: $(cat "$tmp/out")"
fi

if [ $fails -eq 0 ]; then
	echo "trace: all checks passed"
	exit 0
fi
echo "trace: $fails check(s) failed"
exit 1
