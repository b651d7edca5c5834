/*
 * escape.h - escape analysis (lang/escape.c): which allocation sites of the main package must
 * go to the heap, and what each function's parameters leak. `minirt -m` prints the decisions
 * as `go build -gcflags='-m -l'` does.
 */
#ifndef MINIRT_LANG_ESCAPE_H
#define MINIRT_LANG_ESCAPE_H

#include <stdbool.h>

#include "check.h"

/* Analyses the main package of p; with 'print', writes the -m messages (level 1) to stderr,
 * sorted by position. Returns 0. */
int escape_analyse(Program *p, bool print, int level);

/* After escape_analyse without printing: whether the allocation site - a new(T) call, or the
 * composite literal of &T{...} - can live in its function's frame. */
bool escape_on_stack(Expr *site);

#endif
