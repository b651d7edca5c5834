#!/bin/sh
# Script tests: runs tests/scripts/*.mr with minirt and checks each against the expectations
# written at its end, Go-example style:
#
#     // Output:
#     // first line of stdout
#     // second line
#     // Stderr: panic: runtime error: index out of range [5] with length 3
#     // Exit: 2
#     // Args: a b
#
# stdout must equal the Output block exactly (no block: stdout must be empty). "Stderr:" is the
# expected FIRST line of stderr; without it stderr must be empty. "Exit:" is the exit status
# (default 0). "Args:" are the command-line arguments after the script (split at blanks).
# A line "// go1.22" marks a script that needs Go 1.22 semantics (see --skip-go122).
#
# The environment is passed on to minirt, so the collector's stress modes apply to every script:
# meson runs the whole set again as the suites gcstress (RT_TRACE=gcstress: a collection at every
# allocation), checkmark (RT_TRACE=checkmark) and gogc10 (RT_GOGC=10). Two marker lines concern
# those runs:
#
#     // nostress
#     // gcstress: 50
#
# "nostress" marks a script whose expectations hold only without a stress mode (say, its output
# depends on when collections happen): meson does not register it in the stress suites, and
# run.sh skips it when RT_TRACE or RT_GOGC is set. "gcstress: N" is for a script whose live heap
# is too large to mark at every allocation: when RT_TRACE holds a bare "gcstress" item, run.sh
# turns it into "gcstress=N" (a collection every N allocations) for that script only.
#
# usage: run.sh [--minirt PATH] [--skip-go122] [--timeout SECONDS] [-q] [script.mr | dir]...
#   The binary is --minirt, else $MINIRT, else build/minirt at the repository root.
#   With no scripts, runs every *.mr beside this file. Each script runs in a fresh empty
#   directory (files it writes go there and are removed afterwards).
# Prints PASS/FAIL per script (a diff on failure), SKIP for the scripts left out, and
# "scripts: N passed, M failed".
# Exit status: 0 all passed, 1 some failed, 2 usage error.
set -u

here=$(cd -P -- "$(dirname -- "$0")" && pwd -P)
root=$(cd -P -- "$here/../.." && pwd -P)
minirt=${MINIRT:-$root/build/minirt}
skip122=0
tmo=${SCRIPT_TIMEOUT:-60}
quiet=0

while [ $# -gt 0 ]; do
	case $1 in
	--minirt) minirt=$2; shift 2 ;;
	--minirt=*) minirt=${1#--minirt=}; shift ;;
	--skip-go122) skip122=1; shift ;;
	--timeout) tmo=$2; shift 2 ;;
	--timeout=*) tmo=${1#--timeout=}; shift ;;
	-q) quiet=1; shift ;;
	--) shift; break ;;
	-*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done

case $minirt in
/*) ;;
*) minirt=$(pwd -P)/$minirt ;;
esac
if [ ! -x "$minirt" ]; then
	echo "run.sh: minirt binary not found or not executable: $minirt" >&2
	exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/minirt-scripts.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

if command -v timeout >/dev/null 2>&1; then
	run_limited() { timeout -k 5 "$tmo" "$@"; }
else
	run_limited() { "$@"; }
fi

# A stress mode is on when the environment sets RT_TRACE or RT_GOGC.
stressed=0
if [ -n "${RT_TRACE:-}" ] || [ -n "${RT_GOGC:-}" ]; then
	stressed=1
fi

# RT_TRACE with every bare "gcstress" item replaced by "gcstress=$1"; empty when there is none.
trace_with_interval() {
	printf '%s\n' "${RT_TRACE:-}" | awk -v n="$1" '
	BEGIN { FS = OFS = "," }
	{ hit = 0; for (i = 1; i <= NF; i++) if ($i == "gcstress") { $i = "gcstress=" n; hit = 1 } }
	hit { print }'
}

# The expectations of one script, into $work/want.out and the variables want_err, has_err,
# want_exit, args, is122, nostress, interval.
parse() {
	awk '
	/^\/\/ Output:[ \t]*$/ { on = 1; next }
	on && /^\/\/ (Stderr|Exit|Args):/ { on = 0 }
	on && $0 == "//" { print ""; next }
	on && /^\/\/ / { print substr($0, 4); next }
	on { on = 0 }
	' "$1" >"$work/want.out"
	has_err=0
	want_err=
	if grep -q '^// Stderr: ' "$1"; then
		has_err=1
		want_err=$(grep -m1 '^// Stderr: ' "$1" | cut -c12-)
	fi
	want_exit=$(grep -m1 '^// Exit: ' "$1" | cut -c10- | tr -d ' \t\r')
	[ -n "$want_exit" ] || want_exit=0
	args=$(grep -m1 '^// Args: ' "$1" | cut -c10-)
	is122=0
	if grep -q '^// go1\.22[ \t]*$' "$1"; then
		is122=1
	fi
	nostress=0
	if grep -q '^// nostress[[:blank:]]*$' "$1"; then
		nostress=1
	fi
	interval=$(grep -m1 '^// gcstress: ' "$1" | cut -c14- | tr -d ' \t\r')
}

pass=0
fail=0
skip=0
skipstress=0
failed_names=

run_one() {
	script=$1
	case $script in
	/*) ;;
	*) script=$(pwd -P)/$script ;;
	esac
	name=$(basename "$script" .mr)
	if [ ! -f "$script" ]; then
		echo "FAIL $name: no such script: $script"
		fail=$((fail + 1))
		failed_names="$failed_names $name"
		return
	fi
	parse "$script"
	if [ "$is122" = 1 ] && [ "$skip122" = 1 ]; then
		[ "$quiet" = 1 ] || echo "SKIP $name (needs Go 1.22)"
		skip=$((skip + 1))
		return
	fi
	if [ "$nostress" = 1 ] && [ "$stressed" = 1 ]; then
		[ "$quiet" = 1 ] || echo "SKIP $name (nostress, and RT_TRACE or RT_GOGC is set)"
		skipstress=$((skipstress + 1))
		return
	fi
	trace=
	if [ -n "$interval" ]; then
		trace=$(trace_with_interval "$interval")
	fi
	rm -rf "$work/cwd"
	mkdir "$work/cwd"
	set -f
	# shellcheck disable=SC2086
	(
		cd "$work/cwd" || exit 125
		if [ -n "$trace" ]; then
			RT_TRACE=$trace
			export RT_TRACE
		fi
		run_limited "$minirt" "$script" $args
	) <"${RUN_STDIN:-/dev/null}" >"$work/got.out" 2>"$work/got.err"
	status=$?
	set +f
	problems=
	if [ "$status" != "$want_exit" ]; then
		if [ "$status" = 124 ]; then
			problems="$problems
  timed out after ${tmo}s"
		elif [ "$status" -gt 128 ]; then
			problems="$problems
  killed by signal $((status - 128)) (want exit status $want_exit)"
		else
			problems="$problems
  exit status $status, want $want_exit"
		fi
	fi
	if ! cmp -s "$work/want.out" "$work/got.out"; then
		problems="$problems
  stdout differs (- want, + got):
$(diff -u "$work/want.out" "$work/got.out" | tail -n +3 | head -n 60 | sed 's/^/    /')"
	fi
	got_err=$(head -n 1 "$work/got.err")
	if [ "$has_err" = 1 ]; then
		if [ "$got_err" != "$want_err" ]; then
			problems="$problems
  first stderr line differs:
    want: $want_err
    got:  $got_err"
		fi
	elif [ -s "$work/got.err" ]; then
		problems="$problems
  unexpected stderr:
$(head -n 10 "$work/got.err" | sed 's/^/    /')"
	fi
	if [ -z "$problems" ]; then
		[ "$quiet" = 1 ] || echo "PASS $name"
		pass=$((pass + 1))
	else
		echo "FAIL $name$problems"
		if [ "$has_err" = 1 ] && [ "$got_err" != "$want_err" ] && [ -s "$work/got.err" ]; then
			echo "  stderr (first lines):"
			head -n 8 "$work/got.err" | sed 's/^/    /'
		fi
		fail=$((fail + 1))
		failed_names="$failed_names $name"
	fi
}

if [ $# -eq 0 ]; then
	set -- "$here"
fi
for arg in "$@"; do
	if [ -d "$arg" ]; then
		for f in "$arg"/*.mr; do
			[ -e "$f" ] || continue
			run_one "$f"
		done
	else
		run_one "$arg"
	fi
done

summary="scripts: $pass passed, $fail failed"
if [ "$skip" -gt 0 ]; then
	summary="$summary, $skip skipped (need Go 1.22)"
fi
if [ "$skipstress" -gt 0 ]; then
	summary="$summary, $skipstress skipped (nostress)"
fi
echo "$summary"
if [ "$fail" -gt 0 ]; then
	[ $((pass + fail)) -gt 1 ] && echo "failed:$failed_names"
	exit 1
fi
exit 0
