# shellcheck shell=bash disable=SC2154 # root and work come from the sourcing script
# lib.sh - helpers shared by the benchmark scripts (sourced, not run). The sourcing script sets
# root (the repository) and work (its temporary directory) first.

# bench_minirt NAME: prints the minirt binary to measure: $MINIRT, or build/minirt once the
# launcher (./minirt) has built it; on failure prints "NAME: building minirt failed" on stderr
# and returns 1.
bench_minirt() {
	if [[ -n ${MINIRT:-} ]]; then
		echo "$MINIRT"
	elif "$root/minirt" --version >/dev/null; then
		echo "$root/build/minirt"
	else
		echo "$1: building minirt failed" >&2
		return 1
	fi
}

# bench_alloc_binary NAME: prints the path of the allocation benchmark (tests/bench/alloc.c),
# the build target tests/bench/bench_alloc or else compiled into $work against build/'s gc and
# prof libraries; on failure says why on stderr (prefixed with NAME) and returns 1.
bench_alloc_binary() {
	if ninja -C "$root/build" tests/bench/bench_alloc >"$work/ninja.log" 2>&1; then
		echo "$root/build/tests/bench/bench_alloc"
		return
	fi
	local lib
	for lib in gc/libgc.a prof/libprof.a; do
		if [[ ! -f $root/build/$lib ]]; then
			echo "$1: no $root/build/$lib for the allocation benchmark" >&2
			return 1
		fi
	done
	# shellcheck disable=SC2046 # pkg-config prints several words
	if ! ${CC:-cc} -std=gnu11 -O2 -o "$work/bench_alloc" "$root/tests/bench/alloc.c" \
		"$root/build/gc/libgc.a" "$root/build/prof/libprof.a" $(pkg-config --cflags --libs bdw-gc); then
		echo "$1: could not build the allocation benchmark" >&2
		return 1
	fi
	echo "$work/bench_alloc"
}
