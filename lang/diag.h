/*
 * diag.h - compile-time diagnostics: "file:line:col: message", as Go's compiler prints them.
 *
 * Errors are collected and printed in source order, at most 10 (then "too many errors"), and
 * the compilation fails with exit status 2. The front end keeps going after an error where it
 * can, so one run reports several independent mistakes, as Go does.
 */
#ifndef MINIRT_LANG_DIAG_H
#define MINIRT_LANG_DIAG_H

#include <stdbool.h>

#include "ast.h"

/* Report an error at pos in the given file. Duplicate reports at the same line are dropped,
 * as Go drops a second error on the same line. */
void diag_error(const char *file, Pos pos, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
int diag_count(void);
/* Print the collected errors (sorted by position, at most 10, then "too many errors")
 * to stderr. */
void diag_flush(void);
/* Forget all errors (tests). */
void diag_reset(void);
/* True once 10 errors were reported: callers may stop early. */
bool diag_too_many(void);

#endif
