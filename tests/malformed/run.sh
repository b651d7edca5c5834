#!/bin/sh
# Malformed-input corpus: minirt must reject every file here cleanly.
#
# Each tests/malformed/<group>/*.mr names what it expects on its first line:
#     // want: <substring>
# (a file that cannot carry that line, such as an empty or binary file, has a NAME.want file
# beside it holding the substring instead). For each file minirt must
#   - exit with status 2 (not die by a signal, not run past the time limit),
#   - print nothing on stdout,
#   - print a first stderr line "file:line:col: message" that contains the substring.
# The runner also generates inputs too large to keep in the tree (a 1 MB line, nesting far
# deeper than the parser allows) and tries command-line mistakes (missing file, a directory,
# bad flags, no script, wrong extension): for those minirt must exit 2 with exactly one line
# on stderr containing the expected substring.
#
# usage: run.sh [--minirt PATH] [--timeout SECONDS] [-q] [file.mr | dir]...
#   The binary is --minirt, else $MINIRT, else build/minirt at the repository root.
#   With no arguments, runs every tests/malformed/*/*.mr plus the generated and command-line
#   cases.
# Prints PASS/FAIL per case and "malformed: N passed, M failed".
set -u

here=$(cd -P -- "$(dirname -- "$0")" && pwd -P)
root=$(cd -P -- "$here/../.." && pwd -P)
minirt=${MINIRT:-$root/build/minirt}
tmo=10
quiet=0

while [ $# -gt 0 ]; do
	case $1 in
	--minirt) minirt=$2; shift 2 ;;
	--minirt=*) minirt=${1#--minirt=}; shift ;;
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

work=$(mktemp -d "${TMPDIR:-/tmp}/minirt-malformed.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

if command -v timeout >/dev/null 2>&1; then
	run_limited() { timeout -k 5 "$tmo" "$@"; }
else
	run_limited() { "$@"; }
fi

pass=0
fail=0
failed_names=

report() { # name problems
	if [ -z "$2" ]; then
		[ "$quiet" = 1 ] || echo "PASS $1"
		pass=$((pass + 1))
	else
		echo "FAIL $1$2"
		if [ -s "$work/err" ]; then
			echo "  stderr (first lines):"
			head -n 5 "$work/err" | cut -c1-300 | sed 's/^/    /'
		fi
		fail=$((fail + 1))
		failed_names="$failed_names $1"
	fi
}

# Runs minirt with the given arguments; sets status, first (first stderr line), problems
# (exit status, signal, timeout and stdout checks).
run_minirt() {
	(cd "$work" && run_limited "$minirt" "$@") </dev/null >"$work/out" 2>"$work/err"
	status=$?
	first=$(head -n 1 "$work/err")
	problems=
	if [ "$status" = 124 ]; then
		problems="$problems
  timed out after ${tmo}s"
	elif [ "$status" -gt 128 ]; then
		problems="$problems
  killed by signal $((status - 128))"
	elif [ "$status" != 2 ]; then
		problems="$problems
  exit status $status, want 2"
	fi
	if [ -s "$work/out" ]; then
		problems="$problems
  unexpected stdout: $(head -c 200 "$work/out" | head -n 3)"
	fi
}

check_want() { # want
	if [ -z "$first" ]; then
		problems="$problems
  no message on stderr"
	else
		case $first in
		*"$1"*) ;;
		*) problems="$problems
  first stderr line does not contain: $1" ;;
		esac
	fi
}

# A file the compiler must reject: positioned message.
compile_case() { # name file want
	run_minirt "$2"
	check_want "$3"
	if [ -n "$first" ] && ! printf '%s\n' "$first" | grep -q '^[^:][^:]*:[0-9][0-9]*:[0-9][0-9]*: '; then
		problems="$problems
  first stderr line is not file:line:col: message"
	fi
	report "$1" "$problems"
}

# A command-line mistake: exactly one line on stderr.
cmdline_case() { # name want args...
	name=$1
	want=$2
	shift 2
	run_minirt "$@"
	check_want "$want"
	lines=$(wc -l <"$work/err")
	if [ "$lines" -ne 1 ]; then
		problems="$problems
  $lines lines on stderr, want exactly one"
	fi
	report "$name" "$problems"
}

file_case() { # file
	f=$1
	case $f in
	/*) ;;
	*) f=$(pwd -P)/$f ;;
	esac
	name=$(basename "$(dirname "$f")")/$(basename "$f")
	if [ -f "${f%.mr}.want" ]; then
		want=$(head -n 1 "${f%.mr}.want")
	else
		want=$(head -n 1 "$f" | sed -n 's#^// want: ##p')
	fi
	if [ -z "$want" ]; then
		report "$name" "
  no '// want: <substring>' first line and no ${name%.mr}.want file"
		return
	fi
	compile_case "$name" "$f" "$want"
}

generated_cases() {
	g=$work/gen
	mkdir -p "$g"
	# A 1 MB line: a string literal that never ends.
	{
		printf 'package main\n\nfunc main() {\n\tx := "'
		head -c 1048576 /dev/zero | tr '\0' 'a'
	} >"$g/long_line.mr"
	compile_case gen/long_line.mr "$g/long_line.mr" "string literal not terminated"
	# A 1 MB line of valid tokens: an undefined name 1 MB long.
	{
		printf 'package main\n\nfunc main() {\n\t_ = '
		head -c 1048576 /dev/zero | tr '\0' 'b'
		printf '\n}\n'
	} >"$g/long_ident.mr"
	compile_case gen/long_ident.mr "$g/long_ident.mr" "undefined: bbbb"
	# Expressions and blocks nested 100000 deep.
	awk 'BEGIN {
		printf "package main\n\nvar x = "
		for (i = 0; i < 100000; i++) printf "("
		printf "1"
		for (i = 0; i < 100000; i++) printf ")"
		printf "\n\nfunc main() {}\n"
	}' >"$g/deep_parens.mr"
	compile_case gen/deep_parens.mr "$g/deep_parens.mr" "exceeded max nesting depth"
	awk 'BEGIN {
		printf "package main\n\nfunc main() {\n"
		for (i = 0; i < 100000; i++) printf "{"
		for (i = 0; i < 100000; i++) printf "}"
		printf "\n}\n"
	}' >"$g/deep_blocks.mr"
	compile_case gen/deep_blocks.mr "$g/deep_blocks.mr" "exceeded max nesting depth"
	awk 'BEGIN {
		printf "package main\n\nvar x = "
		for (i = 0; i < 100000; i++) printf "[]"
		printf "int{}\n\nfunc main() {}\n"
	}' >"$g/deep_types.mr"
	compile_case gen/deep_types.mr "$g/deep_types.mr" "exceeded max nesting depth"
}

cmdline_cases() {
	c=$work/cmd
	mkdir -p "$c/adir.mr"
	printf 'package main\n\nfunc main() {}\n' >"$c/ok.mr"
	printf 'package main\n\nfunc main() {}\n' >"$c/script.txt"
	cmdline_case cmd/missing_file "nonexistent.mr" "$c/nonexistent.mr"
	cmdline_case cmd/directory "is a directory" "$c/adir.mr"
	cmdline_case cmd/bad_flag "--bogus-flag" --bogus-flag "$c/ok.mr"
	cmdline_case cmd/bad_short_flag "-z" -z "$c/ok.mr"
	cmdline_case cmd/no_script "no script" 
	cmdline_case cmd/only_flags "no script" --gc=native
	cmdline_case cmd/wrong_extension "script.txt" "$c/script.txt"
	cmdline_case cmd/bad_gc_value "bogus" --gc=bogus "$c/ok.mr"
	cmdline_case cmd/flag_missing_value "memprofile" --memprofile "$c/ok.mr"
	cmdline_case cmd/bad_m_level "-m" -m=x "$c/ok.mr"
}

if [ $# -eq 0 ]; then
	for f in "$here"/*/*.mr; do
		[ -e "$f" ] || continue
		file_case "$f"
	done
	generated_cases
	cmdline_cases
else
	for arg in "$@"; do
		if [ -d "$arg" ]; then
			for f in "$arg"/*.mr; do
				[ -e "$f" ] || continue
				file_case "$f"
			done
		else
			file_case "$arg"
		fi
	done
fi

echo "malformed: $pass passed, $fail failed"
if [ "$fail" -gt 0 ]; then
	echo "failed:$failed_names"
	exit 1
fi
exit 0
