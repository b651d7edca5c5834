#!/bin/sh
# pprof_cpu_go.sh - the CPU and goroutine profiles written by minirt itself: --cpuprofile and
# runtime/pprof's Lookup("goroutine").WriteTo(f, 0).
# Usage: pprof_cpu_go.sh MINIRT [GO]
# Always: --cpuprofile writes a gzip file at exit (also after os.Exit, keeping its status, and
# after a panic); an unwritable path gives one error line and exit status 2 after the program's
# own output. With GO: `go tool pprof` reads both profiles; -top shows the hot function of a
# CPU-burning script as the top entry and the ten goroutines blocked in main.worker.
set -u
minirt=$1
go=${2:-}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

fail() { echo "FAIL: $*"; [ -f "$dir/out" ] && { echo "--- output:"; cat "$dir/out"; }; exit 1; }
expect() { grep -q -- "$1" "$dir/out" || fail "missing: $1"; }

cat >"$dir/burn.mr" <<'MR'
package main

import (
	"fmt"
	"os"
	"time"
)

func hot(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i * i % 7
	}
	return s
}

func main() {
	t0 := time.Now()
	n := 0
	for time.Since(t0) < 300*time.Millisecond {
		n += hot(100000)
	}
	fmt.Println(n > 0)
	if len(os.Args) > 1 && os.Args[1] == "exit" {
		os.Exit(3)
	}
	if len(os.Args) > 1 && os.Args[1] == "panic" {
		panic("boom")
	}
}
MR

cat >"$dir/goroutines.mr" <<'MR'
package main

import (
	"os"
	"runtime"
	"runtime/pprof"
)

func worker(c chan int) {
	<-c
}

func main() {
	c := make(chan int)
	for i := 0; i < 10; i++ {
		go worker(c)
	}
	runtime.Gosched()
	f, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	pprof.Lookup("goroutine").WriteTo(f, 0)
	f.Close()
}
MR

# --cpuprofile at a normal exit, after os.Exit and after a panic
"$minirt" --cpuprofile="$dir/cpu.pb" "$dir/burn.mr" >"$dir/out" 2>&1
st=$?
[ $st -eq 0 ] || fail "burn.mr exited $st"
[ "$(cat "$dir/out")" = "true" ] || fail "burn.mr output"
gzip -t "$dir/cpu.pb" 2>/dev/null || fail "--cpuprofile did not write a gzip file"
gzip -dc "$dir/cpu.pb" | grep -aq main.hot || fail "the CPU profile lacks main.hot"
"$minirt" --cpuprofile="$dir/cpu_exit.pb" "$dir/burn.mr" exit >"$dir/out" 2>&1
st=$?
[ $st -eq 3 ] || fail "burn.mr exit: status $st, want 3"
gzip -dc "$dir/cpu_exit.pb" | grep -aq main.hot || fail "no CPU profile after os.Exit"
"$minirt" --cpuprofile="$dir/cpu_panic.pb" "$dir/burn.mr" panic >"$dir/out" 2>&1
st=$?
[ $st -eq 2 ] || fail "burn.mr panic: status $st, want 2"
expect '^panic: boom$'
gzip -dc "$dir/cpu_panic.pb" | grep -aq main.hot || fail "no CPU profile after a panic"

# an unwritable path: the program's output unchanged, one error line, exit status 2
"$minirt" --cpuprofile="$dir/no/such/dir/cpu.pb" "$dir/burn.mr" >"$dir/out" 2>"$dir/err"
st=$?
[ $st -eq 2 ] || fail "unwritable --cpuprofile path: exit $st, want 2"
[ "$(cat "$dir/out")" = "true" ] || fail "unwritable path changed the program's output"
[ "$(cat "$dir/err")" = "minirt: --cpuprofile: cannot write $dir/no/such/dir/cpu.pb: no such file or directory" ] ||
	fail "unwritable path message: $(cat "$dir/err")"
"$minirt" --cpuprofile= "$dir/burn.mr" >"$dir/out" 2>&1
[ $? -eq 2 ] || fail "--cpuprofile= accepted"
expect '^minirt: --cpuprofile needs a file name$'

"$minirt" "$dir/goroutines.mr" "$dir/goroutine.pb" >"$dir/out" 2>&1 || fail "goroutines.mr failed"

if [ -z "$go" ]; then
	echo "ok (go not installed: go tool pprof checks not run)"
	exit 0
fi

# the CPU profile: Go's header; main.hot is the top entry, with nearly all the samples
"$go" tool pprof -raw "$dir/cpu.pb" >"$dir/out" 2>&1 || fail "pprof -raw cpu"
expect '^PeriodType: cpu nanoseconds$'
expect '^Period: 10000000$'
expect '^Duration: '
expect '^samples/count cpu/nanoseconds$'
expect 'main.hot .*burn.mr:1[123] '
"$go" tool pprof -top "$dir/cpu.pb" >"$dir/out" 2>&1 || fail "pprof -top cpu"
expect '^Type: cpu$'
first=$(grep -A1 '^ *flat  flat%' "$dir/out" | tail -n 1)
echo "$first" | grep -Eq '^ *[0-9.]+m?s +(9[0-9]|100)(\.[0-9]+)?% .*  main\.hot$' ||
	fail "top entry is not main.hot with >= 90%: $first"
expect '  main\.main$'

# the goroutine profile: 11 goroutines, 10 of them in main.worker
"$go" tool pprof -raw "$dir/goroutine.pb" >"$dir/out" 2>&1 || fail "pprof -raw goroutine"
expect '^PeriodType: goroutine count$'
expect '^Period: 1$'
expect '^ *10: 1 2 $'  # runtime.chanrecv1, main.worker
expect 'main.worker .*goroutines.mr:10 '
"$go" tool pprof -top "$dir/goroutine.pb" >"$dir/out" 2>&1 || fail "pprof -top goroutine"
expect '^Type: goroutine$'
expect 'Showing nodes accounting for 11, 100% of 11 total'
expect '^ *10 90\.91% 90\.91% *10 90\.91%  runtime\.chanrecv1$'
expect '^ *0  *0%  *100%  *10 90\.91%  main\.worker$'
echo ok
