/*
 * parser.h - Go-subset source text to AST (lang/ast.h).
 *
 * The lexer (lang/lexer.h) inserts semicolons as Go's spec says; the parser is recursive
 * descent over Go's grammar, including the syntax of features the checker rejects (goroutines,
 * channels, select, generics, goto), so that a user gets "not supported" rather than a syntax
 * error for valid Go. Errors go to diag_error ("file:line:col: syntax error: ..."); the parser
 * recovers at statement and declaration boundaries and always returns a File.
 * Nesting deeper than 1000 levels (expressions, blocks, types) is reported as an error rather
 * than overflowing the C stack.
 */
#ifndef MINIRT_LANG_PARSER_H
#define MINIRT_LANG_PARSER_H

#include <stddef.h>

#include "ast.h"

/* 'filename' is used in messages and kept in the File. 'src' need not be NUL-terminated. */
File *parse_file(const char *filename, const char *src, size_t len);

/* Parses a single expression (tests). */
Expr *parse_expr_string(const char *src);

/*
 * Go's short rendering of an expression for messages, as types2 prints one: "x.f(a, b)",
 * "[]int{…}", "func(int) string {…}", "<-chan int". The result is arena memory.
 *
 * Notes for the checker. The parser leaves these to it (Go's type checker reports them too):
 *   - E_TYPEASSERT with type == NULL (x.(type)) anywhere but a type switch guard:
 *     "use of .(type) outside type switch";
 *   - E_ELLIPSISLEN ([...]T) outside a composite literal's type;
 *   - a select case whose statement is not a send or receive;
 *   - const specs without values and no previous spec to repeat (implicit == false).
 * Shapes worth knowing: a generic instantiation T[A, B] is an E_INDEX keeping only A; a go or
 * defer whose operand is not a call is reported here and becomes S_BAD; empty statements are
 * dropped from statement lists (a label before '}' labels an S_EMPTY); a struct tag is the
 * raw literal text; parentheses are kept as E_PAREN, except that &(x) becomes &x.
 */
const char *parser_expr_string(const Expr *e);

/* A simple statement as Go quotes it in "cannot use ... as value" (lang/astprint.c). */
const char *parser_stmt_string(const Stmt *s);

#endif
