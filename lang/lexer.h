/*
 * lexer.h - Go's lexical grammar: source bytes to tokens, with automatic semicolons.
 *
 * The parser pulls one token at a time with lexer_next. Literal tokens keep their source text
 * unchanged; the checker turns that text into values with the lexer_unquote_* and lexer_parse_*
 * helpers below, which accept exactly the literal forms the lexer produces.
 * Lexical errors are reported through diag_error ("file:line:col: message") and the lexer keeps
 * going, so that a parse reports every independent mistake up to diag's limit.
 */
#ifndef MINIRT_LANG_LEXER_H
#define MINIRT_LANG_LEXER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"

/* One token. */
typedef struct Token {
	TokenKind kind;
	Pos pos; /* position of the token's first byte */
	/*
	 * T_IDENT: the interned name (compare with ==).
	 * T_INT, T_FLOAT, T_IMAG, T_CHAR, T_STRING: the literal's source text, quotes and
	 *   prefixes included, NUL-terminated (arena memory).
	 * T_SEMICOLON: "semicolon" for a ';' in the source, "newline" or "EOF" for one the
	 *   lexer inserted (Go's messages say "unexpected newline").
	 * Otherwise NULL.
	 */
	const char *lit;
	size_t len; /* length of lit in bytes */
	bool bad;   /* a literal with a lexical error (already reported) */
} Token;

/* The lexer's state over one source buffer. Fields are private to lexer.c. */
typedef struct Lexer {
	const char *file; /* for messages */
	const char *src;  /* the source; need not be NUL-terminated */
	size_t len;
	int32_t ch;       /* current character, -1 at end of input */
	size_t off;       /* offset of ch in src */
	size_t chsize;    /* bytes ch occupies */
	int line;         /* line of ch (1-based) */
	size_t linestart; /* offset of the first byte of that line */
	bool nlsemi;      /* a newline or the end of input now yields a ';' */
	int nerrors;      /* lexical errors reported so far */
} Lexer;

void lexer_init(Lexer *lx, const char *filename, const char *src, size_t len);

/* Scans the next token into *t. After the end of input it keeps returning T_EOF. */
void lexer_next(Lexer *lx, Token *t);

/*
 * Literal values, for the checker. Each takes a literal's text as the lexer kept it and
 * returns false when the text is malformed (the lexer reported such literals already, so a
 * false result needs no further message unless stated).
 *
 * lexer_unquote_string: an interpreted ("...") or raw (`...`) string literal to its bytes.
 *   Raw strings lose their carriage returns; escapes are decoded (\x and octal escapes give
 *   single bytes, \u and \U give UTF-8). *out is arena memory with a NUL after the last byte;
 *   the value may itself contain NUL bytes, so use *outlen.
 * lexer_unquote_char: a rune literal ('a', '\n', '\u00e9', '\377') to its value.
 * lexer_parse_int: an integer literal (decimal, 0x, 0o, 0b, legacy octal 0777, '_'
 *   separators) to its value. Returns false when the value does not fit in 64 bits
 *   ('*out' is then UINT64_MAX) or the text is malformed.
 * lexer_parse_float: a floating-point literal (decimal or hexadecimal, '_' separators) to the
 *   nearest double. Returns false only for malformed text; overflow gives +Inf, as strtod.
 * lexer_encode_rune: writes r as UTF-8 (at most 4 bytes; an invalid r writes U+FFFD) and
 *   returns the number of bytes written.
 */
bool lexer_unquote_string(const char *lit, size_t len, const char **out, size_t *outlen);
bool lexer_unquote_char(const char *lit, size_t len, int32_t *out);
bool lexer_parse_int(const char *lit, uint64_t *out);
bool lexer_parse_float(const char *lit, double *out);
int lexer_encode_rune(char *buf, int32_t r);

#endif
