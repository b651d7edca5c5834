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

#endif
