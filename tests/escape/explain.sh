#!/bin/sh
# The explanations of `minirt -m -m` against Go's `-gcflags='-m=2 -l'`.
#
# usage: explain.sh [--minirt PATH] [--go] [--min PERCENT] [-v] [corpus/NN_name.go ...]
#   --minirt PATH  the binary (default: $MINIRT, else build/minirt at the repository root)
#   --go           take the reference from `go build -gcflags='-m=2 -l'` run now (needs go)
#   --min P        exit 1 when fewer than P% of the reference's explanations match (default 80)
#   -v             print every explanation that differs, both sides
#   files          these corpus programs only (default: every corpus/*.go)
#
# With -m -m, Go explains every escape and every parameter leak as it finds it, in blocks:
#     f.go:7:10: new(int) escapes to heap:
#     f.go:7:10:   flow: p = &{storage for new(int)}:
#     f.go:7:10:     from new(int) (spill) at f.go:7:10
#     f.go:7:10:     from p := new(int) (assign) at f.go:7:4
#     f.go:7:10:   flow: ~r0 = p:
#     f.go:7:10:     from return p (return) at f.go:9:2
# (also "parameter p leaks to {heap} with derefs=0:" blocks), and says how each function
# literal captures each variable ("f capturing by ref: x (addr=false assign=true width=8)").
# The unit compared here is the block: its header and all its lines, positions included,
# with directories stripped from the paths. Go prints the blocks in the order its solver meets
# them, which depends on its internal data structures, so the comparison counts blocks as a
# multiset (order ignored); a block printed twice must be printed twice. The final one-line
# decisions are the same as -m's and are scored by compare.sh, not here.
#
# The references are corpus/NN_name.gom2: Go 1.19's output for the program built as main.go
# in an empty directory with GO111MODULE=off, `-gcflags='-m=2 -l'`, with the lines that are
# not escape analysis removed and main.go renamed to the corpus file's name:
#     cp corpus/$f $d/main.go && (cd $d && GO111MODULE=off go build -gcflags='-m=2 -l' \
#       -o /dev/null . 2>&1) | grep -v -e '^#' -e 'inline' -e ': devirtualizing ' |
#       sed "s|\(\./\)\{0,1\}main\.go:|$f:|g" >corpus/${f%.go}.gom2
# Output: per-file counts, then "explanations: reference R, minirt M, matching K (P%)".
set -u

here=$(cd -P -- "$(dirname -- "$0")" && pwd -P)
root=$(cd -P -- "$here/../.." && pwd -P)
minirt=${MINIRT:-$root/build/minirt}
usego=0
min=80
verbose=0

while [ $# -gt 0 ]; do
	case $1 in
	--minirt) [ $# -ge 2 ] || { echo "explain.sh: --minirt needs a path" >&2; exit 2; }
		minirt=$2; shift 2 ;;
	--minirt=*) minirt=${1#--minirt=}; shift ;;
	--min) [ $# -ge 2 ] || { echo "explain.sh: --min needs a number" >&2; exit 2; }
		min=$2; shift 2 ;;
	--go) usego=1; shift ;;
	-v) verbose=1; shift ;;
	-h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	--) shift; break ;;
	-*) echo "explain.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || set -- "$here"/corpus/*.go
if [ ! -x "$minirt" ]; then
	echo "explain.sh: minirt binary not found or not executable: $minirt" >&2
	exit 2
fi
if [ $usego -eq 1 ] && ! command -v go >/dev/null 2>&1; then
	echo "explain.sh: --go given but go is not installed; using the stored .gom2 references" >&2
	usego=0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/escape-explain.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT HUP INT TERM

# blocks BASE < output: one line per block, its lines joined by " | ", directories stripped.
blocks() {
	awk -v base="$1" '
	function flush() { if (cur != "") print cur; cur = "" }
	{
		line = $0
		gsub(/[^ ]*\//, "", line)
		if (index(line, base ":") != 1) next
		msg = substr(line, length(base) + 2)
		sub(/^[0-9]+:[0-9]+: /, "&\001", msg)
		split(msg, parts, "\001")
		text = parts[2]
		if (text ~ /^  (flow:|warning:)/ || text ~ /^    from /) {
			if (cur != "") cur = cur " | " msg
			next
		}
		flush()
		gsub(/\001/, "", msg)
		if (text ~ / escapes to heap:$/ || text ~ /^parameter .* with derefs=[0-9]+:$/)
			cur = msg
		else if (text ~ / capturing by (value|ref): /)
			print msg
	}
	END { flush() }' | tr -d '\001'
}

status=0
: >"$work/totals"
for f in "$@"; do
	base=$(basename -- "$f")
	if [ $usego -eq 1 ]; then
		d=$work/gobuild
		rm -rf "$d"; mkdir "$d"
		cp -- "$f" "$d/main.go"
		(cd "$d" && GO111MODULE=off GOFLAGS='' go build -gcflags='-m=2 -l' -o /dev/null . 2>&1) |
			sed "s|\(\./\)\{0,1\}main\.go:|$base:|g" | blocks "$base" | sort >"$work/ref"
	else
		gom=${f%.go}.gom2
		if [ ! -f "$gom" ]; then
			echo "explain.sh: missing reference $gom" >&2
			status=2
			continue
		fi
		blocks "$base" <"$gom" | sort >"$work/ref"
	fi
	"$minirt" -m -m "$f" 2>&1 | blocks "$base" | sort >"$work/got"
	nref=$(wc -l <"$work/ref")
	ngot=$(wc -l <"$work/got")
	nmatch=$(comm -12 "$work/ref" "$work/got" | wc -l)
	echo "$nref $ngot $nmatch" >>"$work/totals"
	printf '  %-28s %d/%d\n' "$base" "$nmatch" "$nref"
	if [ $verbose -eq 1 ]; then
		comm -23 "$work/ref" "$work/got" | sed 's/^/    go:     /'
		comm -13 "$work/ref" "$work/got" | sed 's/^/    minirt: /'
	fi
done
awk -v min="$min" '
	{ r += $1; g += $2; m += $3 }
	END {
		p = r ? 100 * m / r : 100
		printf "explanations: reference %d, minirt %d, matching %d (%.1f%%)\n", r, g, m, p
		exit (p + 0.0001 < min)
	}' "$work/totals" || status=1
exit $status
