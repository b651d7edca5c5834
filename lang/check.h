/*
 * check.h - the type checker: resolves names, computes the type of every expression, folds
 * constants, checks every rule of the subset, and loads the standard packages a program
 * imports (their Go sources are embedded in the binary, see lang/std/).
 *
 * The checker fills the fields marked "checker" in lang/ast.h. After a successful check:
 *   - every expression has mode and type; constants have cval and the type they take in
 *     context (an untyped constant with no context has its default type); no non-constant
 *     expression has an untyped type, except that nil takes the type of its context;
 *   - every identifier points at its Object; selectors are classified (SelKind) with their
 *     embedding paths; calls are classified (builtin, conversion, variadic packing);
 *   - every variable has its storage: VAR_GLOBAL at package level, VAR_HEAP when its address is
 *     taken, a function literal captures it or it is over 64 KiB, VAR_LOCAL otherwise;
 *   - every function (declared or literal) has a FuncLitInfo listing its locals and captures;
 *   - each package lists its variables in initialisation order (Go's dependency order).
 * Implicit conversions (a concrete value assigned to an interface) are left to the compiler,
 * which sees both types.
 */
#ifndef MINIRT_LANG_CHECK_H
#define MINIRT_LANG_CHECK_H

#include "types.h"

typedef struct Program {
	Package *main;
	Package **pkgs; /* every loaded package, dependencies before dependents; main last */
	int npkgs;
	Package *
	        runtime; /* always loaded: the runtime's own types (runtime.Error ...) live there */
} Program;

/* Checks the main file and loads what it imports. Returns NULL when errors were reported
 * (through diag_error). */
Program *check_program(File *mainfile);

/* The embedded source of a standard package ("fmt", "unicode/utf8"), or NULL. */
const char *std_source(const char *path, size_t *len);

#endif
