/*
 * escape.h - escape analysis (lang/escape.c): which allocation sites of the main package must
 * go to the heap, and what each function's parameters leak. `minirt -m` prints the decisions
 * as `go build -gcflags='-m -l'` does.
 */
#ifndef MINIRT_LANG_ESCAPE_H
#define MINIRT_LANG_ESCAPE_H

#include <stdbool.h>

#include "check.h"

/* Analyses the main package of p. With 'print', Go's decisions are collected as -m reports them
 * (escape_report) and, when level > 0, written to stderr in Go's order (level 2 adds the explanations of -m -m); without it, the
 * analysis is the compiler's (escape_on_stack). Returns 0. */
int escape_analyse(Program *p, bool print, int level);

/* The -m lines of the last escape_analyse with 'print' ("file:line:col: message\n" each). */
const char *escape_report(void);

/* After escape_analyse without printing: whether the allocation site - a new(T) call, or the
 * composite literal of &T{...} - can live in its function's frame. */
bool escape_on_stack(Expr *site);

#endif
