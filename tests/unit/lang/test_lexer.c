/*
 * test_lexer.c - tokens, positions, semicolon insertion, literal forms and values, and
 * lexical errors of lang/lexer.c. Expected values come from Go's specification.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang/arena.h"
#include "lang/diag.h"
#include "lang/lexer.h"

#define MAXTOK 512

static Token toks[MAXTOK];
static int ntoks;

/* Scans src completely into toks (the final T_EOF included). */
static void lex_n(const char *src, size_t len)
{
	Lexer lx;
	diag_reset();
	lexer_init(&lx, "t.go", src, len);
	ntoks = 0;
	do
		lexer_next(&lx, &toks[ntoks]);
	while (toks[ntoks++].kind != T_EOF && ntoks < MAXTOK);
}

static void lex(const char *src)
{
	lex_n(src, strlen(src));
}

/* The collected diagnostics as diag_flush prints them, then forgotten. */
static char *errors(void)
{
	static char buf[8192];
	fflush(stderr);
	int saved = dup(2);
	FILE *tf = tmpfile();
	dup2(fileno(tf), 2);
	diag_flush();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tf);
	size_t n = fread(buf, 1, sizeof buf - 1, tf);
	buf[n] = 0;
	fclose(tf);
	diag_reset();
	return buf;
}

static void expect_kinds(const TokenKind *want, int n)
{
	cr_assert_eq(ntoks, n, "got %d tokens, want %d", ntoks, n);
	for (int i = 0; i < n; i++)
		cr_expect_eq(toks[i].kind, want[i], "token %d: got %s, want %s", i,
		             token_text(toks[i].kind), token_text(want[i]));
}

Test(lexer, operators)
{
	lex("+ - * / % & | ^ << >> &^ += -= *= /= %= &= |= ^= <<= >>= &^= && || <- ++ -- == < > = "
	    "! "
	    "!= <= >= := ... ( [ { , . ) ] } ; : ~");
	const TokenKind want[] = {T_ADD,        T_SUB,
	                          T_MUL,        T_QUO,
	                          T_REM,        T_AND,
	                          T_OR,         T_XOR,
	                          T_SHL,        T_SHR,
	                          T_AND_NOT,    T_ADD_ASSIGN,
	                          T_SUB_ASSIGN, T_MUL_ASSIGN,
	                          T_QUO_ASSIGN, T_REM_ASSIGN,
	                          T_AND_ASSIGN, T_OR_ASSIGN,
	                          T_XOR_ASSIGN, T_SHL_ASSIGN,
	                          T_SHR_ASSIGN, T_AND_NOT_ASSIGN,
	                          T_LAND,       T_LOR,
	                          T_ARROW,      T_INC,
	                          T_DEC,        T_EQL,
	                          T_LSS,        T_GTR,
	                          T_ASSIGN,     T_NOT,
	                          T_NEQ,        T_LEQ,
	                          T_GEQ,        T_DEFINE,
	                          T_ELLIPSIS,   T_LPAREN,
	                          T_LBRACK,     T_LBRACE,
	                          T_COMMA,      T_PERIOD,
	                          T_RPAREN,     T_RBRACK,
	                          T_RBRACE,     T_SEMICOLON,
	                          T_COLON,      T_TILDE,
	                          T_EOF};
	expect_kinds(want, sizeof want / sizeof *want);
	cr_expect_eq(diag_count(), 0);
}

Test(lexer, two_dots_are_two_periods)
{
	lex("a..b");
	const TokenKind want[] = {T_IDENT, T_PERIOD, T_PERIOD, T_IDENT, T_SEMICOLON, T_EOF};
	expect_kinds(want, 6);
}

Test(lexer, keywords)
{
	lex("break case chan const continue default defer else fallthrough for func go goto if "
	    "import interface map package range return select struct switch type var");
	const TokenKind want[] = {
	        T_BREAK,  T_CASE,        T_CHAN, T_CONST,   T_CONTINUE, T_DEFAULT, T_DEFER,
	        T_ELSE,   T_FALLTHROUGH, T_FOR,  T_FUNC,    T_GO,       T_GOTO,    T_IF,
	        T_IMPORT, T_INTERFACE,   T_MAP,  T_PACKAGE, T_RANGE,    T_RETURN,  T_SELECT,
	        T_STRUCT, T_SWITCH,      T_TYPE, T_VAR,     T_EOF};
	expect_kinds(want, sizeof want / sizeof *want);
}

Test(lexer, identifiers_are_interned)
{
	lex("foo _x9 foo π 日本語 breaks");
	cr_assert_eq(toks[0].kind, T_IDENT);
	cr_expect_str_eq(toks[0].lit, "foo");
	cr_expect_eq(toks[0].lit, toks[2].lit, "same name, same pointer");
	cr_expect_eq(toks[0].lit, intern_cstr("foo"));
	cr_expect_str_eq(toks[1].lit, "_x9");
	cr_expect_eq(toks[3].kind, T_IDENT);
	cr_expect_str_eq(toks[3].lit, "π");
	cr_expect_str_eq(toks[4].lit, "日本語");
	cr_expect_eq(toks[5].kind, T_IDENT, "a keyword prefix is still an identifier");
	cr_expect_eq(diag_count(), 0);
}

Test(lexer, positions_are_line_and_byte_column)
{
	lex("a\n  bb := 12\n\tπ+c");
	/* a ; bb := 12 ; π + c ; EOF */
	cr_expect_eq(toks[0].pos.line, 1);
	cr_expect_eq(toks[0].pos.col, 1);
	cr_expect_eq(toks[1].kind, T_SEMICOLON);
	cr_expect_eq(toks[1].pos.line, 1);
	cr_expect_eq(toks[1].pos.col, 2, "the newline's own position");
	cr_expect_eq(toks[2].pos.line, 2);
	cr_expect_eq(toks[2].pos.col, 3);
	cr_expect_eq(toks[3].kind, T_DEFINE);
	cr_expect_eq(toks[3].pos.col, 6);
	cr_expect_eq(toks[4].pos.col, 9);
	cr_expect_eq(toks[6].pos.line, 3);
	cr_expect_eq(toks[6].pos.col, 2);
	cr_expect_eq(toks[7].kind, T_ADD);
	cr_expect_eq(toks[7].pos.col, 4, "columns count bytes: π is two");
}

/* The token sequence of src, spelled compactly: names as "id", literals as "lit", other
 * tokens as their text, tokens separated by spaces (EOF omitted). */
static const char *seq(const char *src)
{
	static char buf[1024];
	size_t n = 0;
	lex(src);
	buf[0] = 0;
	for (int i = 0; i < ntoks && toks[i].kind != T_EOF; i++) {
		TokenKind k = toks[i].kind;
		const char *t = k == T_IDENT                    ? "id"
		                : (k >= T_INT && k <= T_STRING) ? "lit"
		                                                : token_text(k);
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", n ? " " : "", t);
	}
	return buf;
}

Test(lexer, semicolon_insertion)
{
	/* after a name, a literal, four keywords, ++ -- ) ] } */
	cr_expect_str_eq(seq("x\n"), "id ;");
	cr_expect_str_eq(seq("1\n2.5\n1i\n'a'\n\"s\"\n`r`\n"),
	                 "lit ; lit ; lit ; lit ; lit ; lit ;");
	cr_expect_str_eq(seq("break\ncontinue\nfallthrough\nreturn\n"),
	                 "break ; continue ; fallthrough ; return ;");
	cr_expect_str_eq(seq("x++\nx--\n"), "id ++ ; id -- ;");
	cr_expect_str_eq(seq("f()\na[1]\n{}\n"), "id ( ) ; id [ lit ] ; { } ;");
	/* at EOF, and through comments */
	cr_expect_str_eq(seq("x"), "id ;");
	cr_expect_str_eq(seq("x // comment\ny"), "id ; id ;");
	cr_expect_str_eq(seq("x /* multi\nline */ y"), "id ; id ;");
	cr_expect_str_eq(seq("x /* one line */ + y"), "id + id ;");
	/* not after operators, other keywords or opening brackets */
	cr_expect_str_eq(seq("x +\ny"), "id + id ;");
	cr_expect_str_eq(seq("f(\na"), "id ( id ;");
	cr_expect_str_eq(seq("func\nif\nx =\n1"), "func if id = lit ;");
	cr_expect_str_eq(seq("go\ndefer\n"), "go defer");
	/* blank lines add nothing */
	cr_expect_str_eq(seq(""), "");
	cr_expect_str_eq(seq("\n\n\t\r\n"), "");
	cr_expect_str_eq(seq("x\n\n\ny\n"), "id ; id ;");
	cr_expect_str_eq(seq("a;b"), "id ; id ;");
}

Test(lexer, semicolon_texts)
{
	lex("a;b\nc");
	cr_expect_str_eq(toks[1].lit, "semicolon");
	cr_expect_str_eq(toks[3].lit, "newline");
	cr_expect_str_eq(toks[5].lit, "EOF");
	cr_expect_eq(toks[6].kind, T_EOF);
}

Test(lexer, comment_newline_position)
{
	lex("x /* a\nb */ y");
	cr_assert_eq(toks[1].kind, T_SEMICOLON);
	cr_expect_str_eq(toks[1].lit, "newline");
	cr_expect_eq(toks[2].pos.line, 2);
	cr_expect_eq(toks[2].pos.col, 6);
}

typedef struct LitCase {
	const char *src;
	TokenKind kind;
} LitCase;

Test(lexer, literal_forms)
{
	static const LitCase cases[] = {
	        {"0", T_INT},           {"42", T_INT},
	        {"0x1F", T_INT},        {"0X_1f", T_INT},
	        {"0o17", T_INT},        {"0O17", T_INT},
	        {"0b1011", T_INT},      {"0B_1", T_INT},
	        {"0777", T_INT},        {"1_000_000", T_INT},
	        {"0_7", T_INT},         {"3.14", T_FLOAT},
	        {".5", T_FLOAT},        {"1.", T_FLOAT},
	        {"1e10", T_FLOAT},      {"1E-5", T_FLOAT},
	        {"6.02e+23", T_FLOAT},  {"0x1p-2", T_FLOAT},
	        {"0x1.8p1", T_FLOAT},   {"0X.8P0", T_FLOAT},
	        {"0777.5", T_FLOAT},    {"089.5", T_FLOAT},
	        {"089e1", T_FLOAT},     {"1_0.2_5", T_FLOAT},
	        {"1i", T_IMAG},         {"0.5i", T_IMAG},
	        {"0x1p2i", T_IMAG},     {"0777i", T_IMAG},
	        {"'a'", T_CHAR},        {"'\\n'", T_CHAR},
	        {"'\\x41'", T_CHAR},    {"'\\101'", T_CHAR},
	        {"'\\u00e9'", T_CHAR},  {"'\\U0001F600'", T_CHAR},
	        {"'本'", T_CHAR},       {"'\\''", T_CHAR},
	        {"\"\"", T_STRING},     {"\"a\\tb\\\"c\"", T_STRING},
	        {"`raw\\n`", T_STRING},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		lex(cases[i].src);
		cr_expect_eq(toks[0].kind, cases[i].kind, "%s: got %s", cases[i].src,
		             token_text(toks[0].kind));
		cr_expect_str_eq(toks[0].lit, cases[i].src, "literal text is kept raw");
		cr_expect(!toks[0].bad, "%s is valid", cases[i].src);
		cr_expect_eq(diag_count(), 0, "%s: %s", cases[i].src, errors());
		cr_expect_eq(toks[1].kind, T_SEMICOLON, "%s then EOF semicolon", cases[i].src);
	}
}

Test(lexer, parse_int_values)
{
	uint64_t v;
	cr_expect(lexer_parse_int("0", &v) && v == 0);
	cr_expect(lexer_parse_int("42", &v) && v == 42);
	cr_expect(lexer_parse_int("0x1F", &v) && v == 31);
	cr_expect(lexer_parse_int("0X_ff", &v) && v == 255);
	cr_expect(lexer_parse_int("0o17", &v) && v == 15);
	cr_expect(lexer_parse_int("0777", &v) && v == 511);
	cr_expect(lexer_parse_int("0b1011", &v) && v == 11);
	cr_expect(lexer_parse_int("1_000_000", &v) && v == 1000000);
	cr_expect(lexer_parse_int("18446744073709551615", &v) && v == UINT64_MAX);
	cr_expect(lexer_parse_int("0xFFFFFFFFFFFFFFFF", &v) && v == UINT64_MAX);
	cr_expect(!lexer_parse_int("18446744073709551616", &v), "2^64 overflows");
	cr_expect_eq(v, UINT64_MAX);
	cr_expect(!lexer_parse_int("0x10000000000000000", &v));
	cr_expect(!lexer_parse_int("089", &v), "not octal");
	cr_expect(!lexer_parse_int("0x", &v));
}

Test(lexer, parse_float_values)
{
	double d;
	cr_expect(lexer_parse_float("3.25", &d) && d == 3.25);
	cr_expect(lexer_parse_float(".5", &d) && d == 0.5);
	cr_expect(lexer_parse_float("1.", &d) && d == 1.0);
	cr_expect(lexer_parse_float("1e3", &d) && d == 1000.0);
	cr_expect(lexer_parse_float("1_000.5", &d) && d == 1000.5);
	cr_expect(lexer_parse_float("0x1p-2", &d) && d == 0.25);
	cr_expect(lexer_parse_float("0x1.8p1", &d) && d == 3.0);
	cr_expect(lexer_parse_float("0777.5", &d) && d == 777.5, "decimal despite the 0");
	cr_expect(lexer_parse_float("089e1", &d) && d == 890.0);
}

Test(lexer, unquote_char)
{
	static const struct {
		const char *lit;
		int32_t value;
	} cases[] = {
	        {"'a'", 'a'},
	        {"'\\a'", 7},
	        {"'\\b'", 8},
	        {"'\\f'", 12},
	        {"'\\n'", 10},
	        {"'\\r'", 13},
	        {"'\\t'", 9},
	        {"'\\v'", 11},
	        {"'\\\\'", '\\'},
	        {"'\\''", '\''},
	        {"'\\x41'", 0x41},
	        {"'\\101'", 0101},
	        {"'\\000'", 0},
	        {"'\\377'", 255},
	        {"'\\xff'", 255},
	        {"'\\u00e9'", 0xE9},
	        {"'\\U0001F600'", 0x1F600},
	        {"'é'", 0xE9},
	        {"'本'", 0x672C},
	        {"'\\u672C'", 0x672C},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int32_t r;
		cr_expect(lexer_unquote_char(cases[i].lit, strlen(cases[i].lit), &r), "%s",
		          cases[i].lit);
		cr_expect_eq(r, cases[i].value, "%s: got %d", cases[i].lit, r);
	}
	int32_t r;
	cr_expect(!lexer_unquote_char("'ab'", 4, &r));
	cr_expect(!lexer_unquote_char("''", 2, &r));
	cr_expect(!lexer_unquote_char("'\\\"'", 4, &r), "\\\" is not a rune escape");
	cr_expect(!lexer_unquote_char("'\\uD800'", 8, &r), "surrogate");
	cr_expect(!lexer_unquote_char("'\\400'", 6, &r));
}

static void expect_unquote(const char *lit, const char *want, size_t wantlen)
{
	const char *s;
	size_t n;
	cr_assert(lexer_unquote_string(lit, strlen(lit), &s, &n), "%s", lit);
	cr_expect_eq(n, wantlen, "%s: length %zu, want %zu", lit, n, wantlen);
	cr_expect(memcmp(s, want, wantlen) == 0, "%s", lit);
	cr_expect_eq(s[n], 0, "NUL after the value");
}

Test(lexer, unquote_string)
{
	expect_unquote("\"\"", "", 0);
	expect_unquote("\"hello\"", "hello", 5);
	expect_unquote("\"a\\tb\\nc\"", "a\tb\nc", 5);
	expect_unquote("\"\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\"", "\a\b\f\n\r\t\v\\\"", 9);
	expect_unquote("\"\\xff\\x41\"",
	               "\xff"
	               "A",
	               2);
	expect_unquote("\"\\101\\000z\"", "A\0z", 3);
	expect_unquote("\"\\u00e9\"", "\xc3\xa9", 2);
	expect_unquote("\"\\U0001F600\"", "\xf0\x9f\x98\x80", 4);
	expect_unquote("\"日本\"", "日本", 6);
	expect_unquote("`a\\n\"b`", "a\\n\"b", 5);
	expect_unquote("`a\r\nb\r`", "a\nb", 3);

	const char *s;
	size_t n;
	cr_expect(!lexer_unquote_string("\"\\q\"", 4, &s, &n));
	cr_expect(!lexer_unquote_string("\"\\'\"", 4, &s, &n), "\\' is not a string escape");
	cr_expect(!lexer_unquote_string("\"abc", 4, &s, &n));
}

Test(lexer, raw_string_keeps_carriage_returns_in_text)
{
	lex("`a\r\nb`");
	cr_expect_eq(toks[0].kind, T_STRING);
	cr_expect_eq(toks[0].len, 6);
	cr_expect_eq(toks[1].kind, T_SEMICOLON);
}

Test(lexer, byte_order_mark_at_start_is_skipped)
{
	lex("\xef\xbb\xbfx");
	cr_expect_eq(toks[0].kind, T_IDENT);
	cr_expect_eq(diag_count(), 0);
}

typedef struct ErrCase {
	const char *src;
	const char *want; /* the first error line, "t.go:line:col: message" */
} ErrCase;

Test(lexer, errors)
{
	static const ErrCase cases[] = {
	        {"x @ y", "t.go:1:3: invalid character U+0040 '@'\n"},
	        {"\"abc\ndef\"", "t.go:1:5: newline in string\n"},
	        {"x = \"abc", "t.go:1:5: string literal not terminated\n"},
	        {"x = `abc\n", "t.go:1:5: raw string literal not terminated\n"},
	        {"x /* abc\n", "t.go:1:3: comment not terminated\n"},
	        {"'a\n'", "t.go:1:3: newline in rune literal\n"},
	        {"  'a", "t.go:1:3: rune literal not terminated\n"},
	        {"x := 'ab'", "t.go:1:6: more than one character in rune literal\n"},
	        {"''", "t.go:1:2: empty rune literal or unescaped '\n"},
	        {"\"\\q\"", "t.go:1:3: unknown escape\n"},
	        {"\"\\xZZ\"", "t.go:1:4: invalid character 'Z' in hexadecimal escape\n"},
	        {"'\\08'", "t.go:1:4: invalid character '8' in octal escape\n"},
	        {"\"\\400\"", "t.go:1:6: octal escape value 256 > 255\n"},
	        {"'\\uD800'", "t.go:1:8: escape is invalid Unicode code point U+D800\n"},
	        {"'\\U00110000'", "t.go:1:12: escape is invalid Unicode code point U+110000\n"},
	        {"0789", "t.go:1:3: invalid digit '8' in octal literal\n"},
	        {"0b102", "t.go:1:5: invalid digit '2' in binary literal\n"},
	        {"x 0x", "t.go:1:5: hexadecimal literal has no digits\n"},
	        {"0b", "t.go:1:3: binary literal has no digits\n"},
	        {"1__0", "t.go:1:3: '_' must separate successive digits\n"},
	        {"10_", "t.go:1:3: '_' must separate successive digits\n"},
	        {"1e+", "t.go:1:4: exponent has no digits\n"},
	        {"0x1.5", "t.go:1:6: hexadecimal mantissa requires a 'p' exponent\n"},
	        {"0b1.0", "t.go:1:4: invalid radix point in binary literal\n"},
	        {"0o1e5", "t.go:1:4: 'e' exponent requires decimal mantissa\n"},
	        {"1p5", "t.go:1:2: 'p' exponent requires hexadecimal mantissa\n"},
	        {"a\xc2\xb7"
	         "b",
	         "t.go:1:2: invalid character U+00B7 '\xc2\xb7' in identifier\n"},
	        {"\xd9\xa1x", "t.go:1:1: identifier cannot begin with digit U+0661 '\xd9\xa1'\n"},
	        {"x\xef\xbb\xbf", "t.go:1:2: invalid BOM in the middle of the file\n"},
	        {"x \xff y", "t.go:1:3: invalid UTF-8 encoding\n"},
	        {"x \xc0\xaf y", "t.go:1:3: invalid UTF-8 encoding\n"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		lex(cases[i].src);
		cr_expect_gt(diag_count(), 0, "%s: an error", cases[i].src);
		char *got = errors();
		char *nl = strchr(got, '\n');
		if (nl)
			nl[1] = 0;
		cr_expect_str_eq(got, cases[i].want, "source %s", cases[i].src);
	}
}

Test(lexer, bad_literals_are_still_literals)
{
	lex("x := 0789 + 1");
	cr_expect_eq(toks[2].kind, T_INT);
	cr_expect(toks[2].bad);
	cr_expect_eq(toks[3].kind, T_ADD);
	errors();
}

Test(lexer, nul_bytes_are_errors)
{
	static const char src[] = "x\0y \"a\0b\"";
	lex_n(src, sizeof src - 1);
	char *got = errors();
	cr_expect(strstr(got, "t.go:1:2: invalid NUL character") != NULL, "%s", got);
	cr_expect_eq(toks[0].kind, T_IDENT);
	cr_expect_eq(toks[1].kind, T_STRING, "the NUL is skipped and scanning goes on");
}

Test(lexer, errors_on_several_lines_are_all_reported)
{
	lex("a @\nb #\nc $\n");
	char *got = errors();
	cr_expect(strstr(got, "t.go:1:3: invalid character U+0040 '@'") != NULL, "%s", got);
	cr_expect(strstr(got, "t.go:2:3: invalid character U+0023 '#'") != NULL, "%s", got);
	cr_expect(strstr(got, "t.go:3:3: invalid character U+0024 '$'") != NULL, "%s", got);
}

Test(lexer, binary_garbage_terminates)
{
	/* Every byte value, repeatedly: the lexer must reach EOF without crashing. */
	static unsigned char buf[64 * 1024];
	unsigned x = 12345;
	for (size_t i = 0; i < sizeof buf; i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (unsigned char)(x >> 16);
	}
	Lexer lx;
	Token t;
	diag_reset();
	lexer_init(&lx, "t.go", (const char *)buf, sizeof buf);
	long n = 0;
	do {
		lexer_next(&lx, &t);
		n++;
	} while (t.kind != T_EOF && n < 1000000);
	cr_expect_eq(t.kind, T_EOF);
	cr_expect_gt(diag_count(), 0);
	diag_reset();
}

Test(lexer, token_text)
{
	cr_expect_str_eq(token_text(T_AND_NOT_ASSIGN), "&^=");
	cr_expect_str_eq(token_text(T_FALLTHROUGH), "fallthrough");
	cr_expect_str_eq(token_text(T_EOF), "EOF");
	cr_expect_str_eq(token_text(T_IDENT), "identifier");
}
