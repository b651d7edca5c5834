#!/bin/sh
# Checks the script tests' expectations against real Go: every tests/scripts/*.mr (or the
# scripts/directories given) is copied to a .go file, built with `go build` and run by
# tests/scripts/run.sh exactly as minirt would be, so the comparison covers stdout, the first
# stderr line and the real exit status (`go run` would print "exit status 2" and exit 1).
# Scripts marked "// go1.22" are skipped when the installed Go is older than 1.22.
#
# usage: go-compare.sh [-q] [script.mr | dir]...   (-q: print only failures and the summary)
# Exit status: 0 all agree, 1 some differ, 77 (skip) when go is not installed.
set -u

here=$(cd -P -- "$(dirname -- "$0")" && pwd -P)
quiet=
if [ "${1:-}" = -q ]; then
	quiet=-q
	shift
fi

if ! command -v go >/dev/null 2>&1; then
	echo "go-compare: go is not installed; skipping"
	exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/minirt-gocompare.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# go needs a writable build cache; CI may run without HOME.
if [ -z "${GOCACHE:-}" ] && [ -z "${HOME:-}" ] && [ -z "${XDG_CACHE_HOME:-}" ]; then
	GOCACHE=$work/gocache
	export GOCACHE
fi
GOTOOLCHAIN=local
export GOTOOLCHAIN

goversion=$(go env GOVERSION 2>/dev/null)
minor=$(printf '%s\n' "$goversion" | sed -n 's/^go1\.\([0-9]*\).*/\1/p')
[ -n "$minor" ] || minor=0

# A stand-in for minirt: build the script as Go, then run it with the same arguments in the
# current directory.
cat >"$work/gominirt" <<'EOF'
#!/bin/sh
script=$1
shift
d=$(mktemp -d "${TMPDIR:-/tmp}/minirt-gobuild.XXXXXX") || exit 3
cp "$script" "$d/main.go"
if ! go build -o "$d/prog" "$d/main.go" 2>"$d/build.err"; then
	echo "go build failed:" >&2
	cat "$d/build.err" >&2
	rm -rf "$d"
	exit 3
fi
"$d/prog" "$@"
st=$?
rm -rf "$d"
exit $st
EOF
chmod +x "$work/gominirt"

echo "go-compare: checking expectations with $goversion"
skipflag=
if [ "$minor" -lt 22 ]; then
	skipflag=--skip-go122
	echo "go-compare: $goversion predates Go 1.22: scripts marked // go1.22 (range over int," \
		"min/max/clear, per-iteration loop variables) are skipped"
fi
if [ $# -eq 0 ]; then
	set -- "$here"
fi
"$here/run.sh" --minirt "$work/gominirt" --timeout 300 $skipflag $quiet "$@"
