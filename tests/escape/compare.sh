#!/bin/sh
# Escape-analysis comparison: checks `minirt -m` against the Go compiler's `-gcflags='-m -l'`.
#
# usage: compare.sh [--minirt PATH] [--go] [corpus/NN_name.go ...]
#   --minirt PATH  the binary (default: $MINIRT, else build/minirt at the repository root)
#   --go           take the reference from `go build -gcflags='-m -l'` run now (needs `go` on
#                  PATH; without it a warning is printed and the stored .gom files are used)
#   files          compare only these corpus programs (default: every corpus/*.go)
#
# THE CORPUS (corpus/NN_name.go)
#   Small `package main` programs, each valid Go and inside minirt's language subset, each
#   printing a line or two (minirt and `go run` print the same). Every file exercises a few
#   classic escape-analysis cases, one construct per line so that every report has its own
#   line:col: new(T) and &T{...} kept local / returned / stored in a global / sent on a channel /
#   stored in a heap object; address-taken locals; make of slices, maps and channels (constant,
#   non-constant and > 64 KiB sizes); slice and map literals; closures (called at once, stored,
#   returned, started as goroutines, deferred, built in loops) and the variables they capture;
#   conversions to interfaces (fmt arguments, assignments, returns); string <-> []byte/[]rune
#   conversions and concatenation; variadic argument slices; parameters that leak to results,
#   to the heap, only through their contents, or not at all; recursion; pointer-receiver
#   methods and method values; interface method calls; pointers in struct fields, arrays,
#   slices and maps; append to local and package-level slices; a few standard-library calls.
#   Two files pin down where Go reports interface conversions (52_iface_positions.go,
#   59_iface_conv_sites.go). The programs avoid what would tie the reference to compiler
#   internals or to one Go version: no closure captures a loop variable (Go 1.19 and 1.22
#   differ) and no message names a compiler temporary (`.autotmp_N`). 61_big_local.go has
#   local arrays over Go's 10 MiB limit for variables (moved to heap without their address
#   being taken).
#
# THE REFERENCE (corpus/NN_name.gom)
#   What Go 1.19 prints for the file under `go build -gcflags='-m -l'` (inlining off, because
#   minirt does not inline), built as main.go in an empty directory with GO111MODULE=off, with
#   the file name in each line rewritten to the corpus file's base name and Go's order kept.
#   Lines that are not escape-analysis results are left out: `# command-line-arguments`,
#   `can inline ...`, `inlining call to ...` and `devirtualizing x.M to *T` (devirtualization
#   still happens with -l; its effect on escapes, e.g. an argument that then does not escape,
#   stays in the reference). The escape pass's own note `(*T).m ignoring self-assignment in
#   ...` is kept. This script never writes the .gom files; after editing a program, rebuild
#   its reference where Go 1.19 is installed (d=$(mktemp -d); f=NN_name.go):
#       cp corpus/$f $d/main.go && (cd $d && GO111MODULE=off go build -gcflags='-m -l' \
#         -o /dev/null . 2>&1) | grep -v -e '^#' -e 'can inline' -e 'inlining call' \
#         -e ': devirtualizing ' | sed "s|^\(\./\)\{0,1\}main\.go:|$f:|" >corpus/${f%.go}.gom
#
# HOW THE OUTPUTS ARE COMPARED
#   minirt runs as `$minirt -m FILE` (stdout and stderr together). From both outputs only lines
#   of the form `path:LINE:COL: message` whose path has the corpus file's base name count; the
#   directory part of the path is ignored. Whitespace inside a message is collapsed to single
#   blanks and trimmed; nothing else is rewritten, so the wording must be Go's exactly (e.g.
#   `make([]int, n) escapes to heap`, `&T{...} does not escape`, `leaking param: p to result
#   ~r0 level=0`).
#   Positions are Go's: the declaring identifier for `moved to heap` and `leaking param`
#   (receivers and named results included); `new`, `make`, calls and conversions at their `(`;
#   composite literals at `{`, but `&T{...}` at `&`; binary operators (`a + b`) at the
#   operator; selectors at the `.`; index expressions at `[`; `func literal` at `func`; a
#   variadic call's `... argument` at the call's `(`.
#   An implicit conversion to an interface is reported at the converted expression when that
#   has a position of its own (a call, selector, literal...), while a plain variable takes the
#   position of the last argument before it that has one, else the call's `(`
#   (`fmt.Println(a, "x", b)`: a at `(`, b at "x"); in an assignment `v = x` at the start of
#   the statement; in `return x`, `ch <- x`, `var v T = x` and composite-literal elements at x
#   (but `var v T = 5`, a constant, at v).
#   The unit of comparison is the SITE, a LINE:COL position in a file. A site agrees when the
#   multiset of messages minirt prints there equals the reference's (order ignored). In this
#   corpus Go prints several messages at one position only for the interface conversions of
#   one call's arguments (`... argument does not escape` plus `x escapes to heap` for each
#   converted argument that has no position of its own); those describe one call, so they
#   are scored as one unit rather than message by message. A site present on only one side
#   disagrees, so extra reports from minirt count against it just as missing ones do. The
#   number of single messages that match is printed too, for information.
#
# OUTPUT
#   One line per differing site:  FILE LINE:COL go: <messages> | minirt: <messages or (none)>
#   (several messages at one site are joined with " ; "), a note for each file where minirt
#   -m exited non-zero, then per-file agreement, then
#       messages: reference R, minirt M, matching K
#       escape sites: N, agree: A (P%)
#   Exit status: 0 when P >= 95, 1 otherwise (including when minirt does not support -m, in
#   which case every site disagrees), 2 on a usage error or a missing reference file.
set -u

here=$(cd -P -- "$(dirname -- "$0")" && pwd -P)
root=$(cd -P -- "$here/../.." && pwd -P)
minirt=${MINIRT:-$root/build/minirt}
usego=0

while [ $# -gt 0 ]; do
	case $1 in
	--minirt) [ $# -ge 2 ] || { echo "compare.sh: --minirt needs a path" >&2; exit 2; }
		minirt=$2; shift 2 ;;
	--minirt=*) minirt=${1#--minirt=}; shift ;;
	--go) usego=1; shift ;;
	-h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	--) shift; break ;;
	-*) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done

if [ $# -eq 0 ]; then
	set -- "$here"/corpus/*.go
fi

if [ ! -x "$minirt" ]; then
	echo "compare.sh: minirt binary not found or not executable: $minirt" >&2
	exit 2
fi

if [ $usego -eq 1 ] && ! command -v go >/dev/null 2>&1; then
	echo "compare.sh: --go given but go is not installed; using the stored .gom references" >&2
	usego=0
fi

tmo=
if command -v timeout >/dev/null 2>&1; then
	tmo="timeout 30"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/escape-compare.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT HUP INT TERM

# extract BASE < output: keeps `path:L:C: msg` lines for file BASE as `L:C<TAB>msg`, drops the
# lines that are not escape-analysis results, collapses whitespace.
extract() {
	awk -v base="$1" '
	{
		line = $0
		if (!match(line, /:[0-9]+:[0-9]+:/)) next
		path = substr(line, 1, RSTART - 1)
		pos = substr(line, RSTART + 1, RLENGTH - 2)
		msg = substr(line, RSTART + RLENGTH)
		sub(/^.*\//, "", path)
		if (path != base) next
		gsub(/[ \t\r]+/, " ", msg)
		sub(/^ /, "", msg); sub(/ $/, "", msg)
		if (msg ~ /^can inline / || msg ~ /^inlining call to / || msg ~ /^devirtualizing /) next
		printf "%s\t%s\n", pos, msg
	}'
}

status=0
nfail=0
firstfail=
: >"$work/perfile"
: >"$work/totals"

for f in "$@"; do
	base=$(basename -- "$f")
	if [ ! -f "$f" ]; then
		echo "compare.sh: no such file: $f" >&2
		status=2
		continue
	fi
	# Reference lines.
	if [ $usego -eq 1 ]; then
		d=$work/gobuild
		rm -rf "$d"; mkdir "$d"
		cp -- "$f" "$d/main.go"
		(cd "$d" && GO111MODULE=off GOFLAGS='' go build -gcflags='-m -l' -o /dev/null . 2>&1) |
			sed "s|^\(\./\)\{0,1\}main\.go:|$base:|" | extract "$base" >"$work/ref"
	else
		gom=${f%.go}.gom
		if [ ! -f "$gom" ]; then
			echo "compare.sh: missing reference $gom (run with --go where Go is installed)" >&2
			status=2
			continue
		fi
		extract "$base" <"$gom" >"$work/ref"
	fi
	# minirt's lines.
	$tmo "$minirt" -m "$f" >"$work/out" 2>&1
	rc=$?
	extract "$base" <"$work/out" >"$work/got"
	if [ $rc -ne 0 ]; then
		nfail=$((nfail + 1))
		first=$(grep -v '^[[:space:]]*$' "$work/out" | head -n 1)
		[ -n "$firstfail" ] || firstfail=$first
		echo "$base: minirt -m exited $rc: ${first:-(no output)}"
	fi
	# Per-site comparison. Prints the differing sites (sorted by position) and appends
	# "base sites agree refmsgs gotmsgs matchedmsgs" to perfile.
	awk -F '\t' -v base="$base" -v perfile="$work/perfile" -v reffile="$work/ref" '
	function sortjoin(s,    a, n, i, j, t, r) {
		n = split(s, a, "\001")
		for (i = 2; i <= n; i++) {
			t = a[i]
			for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]
			a[j + 1] = t
		}
		r = ""
		for (i = 1; i <= n; i++) r = r (i > 1 ? "\001" : "") a[i]
		return r
	}
	function show(s) { gsub(/\001/, " ; ", s); return s }
	FILENAME == reffile {
		if (!($1 in ref)) { ref[$1] = $2 } else { ref[$1] = ref[$1] "\001" $2 }
		site[$1] = 1; rcount[$1 SUBSEP $2]++; nref++
		next
	}
	{
		if (!($1 in got)) { got[$1] = $2 } else { got[$1] = got[$1] "\001" $2 }
		site[$1] = 1; gcount[$1 SUBSEP $2]++; ngot++
		next
	}
	END {
		for (k in rcount) {
			m = rcount[k]
			if ((k in gcount) && gcount[k] < m) m = gcount[k]
			if (!(k in gcount)) m = 0
			matched += m
		}
		for (s in site) {
			nsites++
			r = (s in ref) ? sortjoin(ref[s]) : ""
			g = (s in got) ? sortjoin(got[s]) : ""
			if ((s in ref) && (s in got) && r == g) { agree++; continue }
			split(s, lc, ":")
			printf "%d %d %s %s go: %s | minirt: %s\n", lc[1], lc[2], base, s,
				(s in ref) ? show(ref[s]) : "(none)", (s in got) ? show(got[s]) : "(none)"
		}
		printf "%s %d %d %d %d %d\n", base, nsites, agree, nref, ngot, matched >> perfile
	}' "$work/ref" "$work/got" | sort -n -k1,1 -k2,2 | cut -d' ' -f3-
done

echo
echo "per file (sites agreeing / sites):"
awk '{ printf "  %-28s %d/%d\n", $1, $3, $2 }' "$work/perfile"
awk -v nfail="$nfail" -v nfiles="$#" -v first="$firstfail" '
	{ n += $2; a += $3; r += $4; g += $5; k += $6 }
	END {
		if (nfail > 0)
			printf "minirt -m failed (non-zero exit) on %d of %d files; first message: %s\n", nfail, nfiles, first
		printf "messages: reference %d, minirt %d, matching %d\n", r, g, k
		p = (n > 0) ? 100 * a / n : 0
		printf "escape sites: %d, agree: %d (%.1f%%)\n", n, a, p
		exit (n > 0 && a * 100 >= 95 * n) ? 0 : 1
	}' "$work/perfile"
rc=$?
[ $status -ne 0 ] && exit $status
exit $rc
