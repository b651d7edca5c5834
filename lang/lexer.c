/*
 * lexer.c - Go's lexical grammar (go.dev/ref/spec#Lexical_elements), after Go's own scanner
 * (cmd/compile/internal/syntax/scanner.go and source.go), whose error messages it uses.
 *
 * How it works:
 *   1. Characters. nextch decodes one UTF-8 character at a time into 'ch', tracking the line
 *      and the byte column. A NUL byte and a byte order mark after the start of the file are
 *      reported and skipped; a malformed UTF-8 sequence is reported and read as U+FFFD.
 *   2. Tokens. lexer_next skips blanks (a newline is a blank only when no semicolon is due),
 *      then dispatches on the first character: identifiers and keywords, numbers, strings,
 *      runes, comments, operators. A literal token's text is the source slice it came from.
 *   3. Semicolons. After an identifier, a literal, one of the keywords break, continue,
 *      fallthrough and return, or one of ++ -- ) ] }, 'nlsemi' is set: the next newline (or a
 *      general comment spanning lines, or the end of input) becomes a T_SEMICOLON whose text
 *      is "newline" or "EOF".
 *   4. Errors are reported where Go reports them and scanning continues: a bad literal is
 *      still returned as a literal (with 'bad' set) so the parser does not add follow-up errors.
 *
 * Invariants:
 *   - 'ch' is the character at 'off', 'chsize' bytes long; ch == -1 exactly at end of input.
 *   - Every loop consumes at least one character or stops at end of input, so any input,
 *     including binary garbage, is scanned in time linear in its length.
 *   - Lexical errors stop being reported once diag_too_many() holds, which bounds the work
 *     diag does for inputs that are all errors.
 */
#include "lexer.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"

static const char *const token_texts[] = {
#define X(name, text) text,
        TOKEN_LIST(X)
#undef X
};

const char *token_text(TokenKind k)
{
	if ((int)k < 0 || k >= T_COUNT)
		return "?";
	return token_texts[k];
}

/* ---------------------------------------------------------------- UTF-8 */

#define RUNE_ERROR 0xFFFD
#define MAX_RUNE   0x10FFFF

/* Decodes one character of s[0..n) (n > 0) as Go's utf8.DecodeRune does: overlong forms,
 * surrogates and values above U+10FFFF are invalid and yield RUNE_ERROR with size 1. */
static int32_t decode_rune(const unsigned char *s, size_t n, size_t *size)
{
	unsigned char b = s[0];
	*size = 1;
	if (b < 0x80)
		return b;
	int need;
	int32_t r, min;
	if (b >= 0xC2 && b <= 0xDF) {
		need = 1, r = b & 0x1F, min = 0x80;
	} else if (b >= 0xE0 && b <= 0xEF) {
		need = 2, r = b & 0x0F, min = 0x800;
	} else if (b >= 0xF0 && b <= 0xF4) {
		need = 3, r = b & 0x07, min = 0x10000;
	} else {
		return RUNE_ERROR;
	}
	if ((size_t)need >= n)
		return RUNE_ERROR;
	for (int i = 1; i <= need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return RUNE_ERROR;
		r = (r << 6) | (s[i] & 0x3F);
	}
	if (r < min || r > MAX_RUNE || (r >= 0xD800 && r <= 0xDFFF))
		return RUNE_ERROR;
	*size = (size_t)need + 1;
	return r;
}

int lexer_encode_rune(char *buf, int32_t r)
{
	if (r < 0 || r > MAX_RUNE || (r >= 0xD800 && r <= 0xDFFF))
		r = RUNE_ERROR;
	if (r < 0x80) {
		buf[0] = (char)r;
		return 1;
	}
	if (r < 0x800) {
		buf[0] = (char)(0xC0 | (r >> 6));
		buf[1] = (char)(0x80 | (r & 0x3F));
		return 2;
	}
	if (r < 0x10000) {
		buf[0] = (char)(0xE0 | (r >> 12));
		buf[1] = (char)(0x80 | ((r >> 6) & 0x3F));
		buf[2] = (char)(0x80 | (r & 0x3F));
		return 3;
	}
	buf[0] = (char)(0xF0 | (r >> 18));
	buf[1] = (char)(0x80 | ((r >> 12) & 0x3F));
	buf[2] = (char)(0x80 | ((r >> 6) & 0x3F));
	buf[3] = (char)(0x80 | (r & 0x3F));
	return 4;
}

/*
 * Unicode classes for identifiers beyond ASCII. Go allows letters (category L) and, after the
 * first character, decimal digits (Nd). Rather than carry Unicode's full tables, minirt lists
 * the blocks of non-letters a program is likely to contain by mistake (punctuation, symbols,
 * combining marks, spaces, emoji, private use) and the decimal digit ranges of the major
 * scripts, and treats every other character as a letter. Valid Go identifiers are therefore
 * never rejected; a few exotic non-letters are accepted.
 */
typedef struct RuneRange {
	int32_t lo, hi;
} RuneRange;

static const RuneRange non_letters[] = {
        {0x80, 0xA9},       {0xAB, 0xB4},       {0xB6, 0xB9},        {0xBB, 0xBF},
        {0xD7, 0xD7},       {0xF7, 0xF7},       {0x2C2, 0x2C5},      {0x2D2, 0x2DF},
        {0x2E5, 0x2EB},     {0x2ED, 0x2ED},     {0x2EF, 0x36F},      {0x375, 0x375},
        {0x37E, 0x37E},     {0x384, 0x385},     {0x387, 0x387},      {0x3F6, 0x3F6},
        {0x482, 0x489},     {0x55A, 0x55F},     {0x589, 0x58A},      {0x591, 0x5C7},
        {0x5F3, 0x5F4},     {0x600, 0x61F},     {0x64B, 0x65F},      {0x66A, 0x66D},
        {0x6D4, 0x6D4},     {0x6D6, 0x6ED},     {0x2000, 0x206F},    {0x2070, 0x2070},
        {0x2074, 0x207E},   {0x2080, 0x208E},   {0x20A0, 0x20FF},    {0x2150, 0x2182},
        {0x2185, 0x2BFF},   {0x2E00, 0x2E7F},   {0x3000, 0x3004},    {0x3007, 0x3020},
        {0x3030, 0x3030},   {0x303D, 0x303F},   {0x3099, 0x309C},    {0x30A0, 0x30A0},
        {0x30FB, 0x30FB},   {0xD800, 0xF8FF},   {0xFE00, 0xFE6F},    {0xFEFF, 0xFEFF},
        {0xFF00, 0xFF20},   {0xFF3B, 0xFF40},   {0xFF5B, 0xFF65},    {0xFFF0, 0xFFFF},
        {0x1F000, 0x1FAFF}, {0xE0000, 0xE007F}, {0xF0000, 0x10FFFF},
};

static const RuneRange digit_ranges[] = {
        {0x660, 0x669},   {0x6F0, 0x6F9},   {0x7C0, 0x7C9},     {0x966, 0x96F}, {0x9E6, 0x9EF},
        {0xA66, 0xA6F},   {0xAE6, 0xAEF},   {0xB66, 0xB6F},     {0xBE6, 0xBEF}, {0xC66, 0xC6F},
        {0xCE6, 0xCEF},   {0xD66, 0xD6F},   {0xE50, 0xE59},     {0xED0, 0xED9}, {0xF20, 0xF29},
        {0x1040, 0x1049}, {0xFF10, 0xFF19}, {0x1D7CE, 0x1D7FF},
};

static bool in_ranges(const RuneRange *t, size_t n, int32_t r)
{
	for (size_t i = 0; i < n; i++)
		if (r >= t[i].lo && r <= t[i].hi)
			return true;
	return false;
}

static bool is_unicode_digit(int32_t r)
{
	return in_ranges(digit_ranges, sizeof digit_ranges / sizeof *digit_ranges, r);
}

static bool is_unicode_letter(int32_t r)
{
	return r >= 0x80 && !is_unicode_digit(r) &&
	       !in_ranges(non_letters, sizeof non_letters / sizeof *non_letters, r);
}

static int32_t lower(int32_t ch)
{
	return ('a' - 'A') | ch;
}
static bool is_letter(int32_t ch)
{
	return ('a' <= lower(ch) && lower(ch) <= 'z') || ch == '_';
}
static bool is_decimal(int32_t ch)
{
	return '0' <= ch && ch <= '9';
}
static bool is_hex(int32_t ch)
{
	return is_decimal(ch) || ('a' <= lower(ch) && lower(ch) <= 'f');
}

/* Go's %#U for a character: "U+0040 '@'", or just "U+0000" when it is not printable. */
static void format_U(char *buf, size_t n, int32_t r)
{
	bool printable = r >= 0x20 && r != 0x7F && !(r >= 0x80 && r < 0xA0) && r <= MAX_RUNE &&
	                 !(r >= 0xD800 && r <= 0xDFFF);
	if (printable) {
		char enc[4];
		int k = lexer_encode_rune(enc, r);
		snprintf(buf, n, "U+%04X '%.*s'", (unsigned)r, k, enc);
	} else {
		snprintf(buf, n, "U+%04X", (unsigned)r);
	}
}

/* Go's %q for a character: 'a', '\n', '\x00', '\u00ad'. */
static void format_q(char *buf, size_t n, int32_t r)
{
	switch (r) {
	case '\a': snprintf(buf, n, "'\\a'"); return;
	case '\b': snprintf(buf, n, "'\\b'"); return;
	case '\f': snprintf(buf, n, "'\\f'"); return;
	case '\n': snprintf(buf, n, "'\\n'"); return;
	case '\r': snprintf(buf, n, "'\\r'"); return;
	case '\t': snprintf(buf, n, "'\\t'"); return;
	case '\v': snprintf(buf, n, "'\\v'"); return;
	case '\\': snprintf(buf, n, "'\\\\'"); return;
	case '\'': snprintf(buf, n, "'\\''"); return;
	}
	if (r < 0x20 || r == 0x7F)
		snprintf(buf, n, "'\\x%02x'", (unsigned)r);
	else if (r >= 0x80 && r < 0xA0)
		snprintf(buf, n, "'\\u%04x'", (unsigned)r);
	else {
		char enc[4];
		int k = lexer_encode_rune(enc, r);
		snprintf(buf, n, "'%.*s'", k, enc);
	}
}

/* ---------------------------------------------------------------- characters */

static void error_at(Lexer *lx, int line, int col, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

static void error_at(Lexer *lx, int line, int col, const char *fmt, ...)
{
	lx->nerrors++;
	if (diag_too_many())
		return;
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	diag_error(lx->file, (Pos){line, col}, "%s", buf);
}

static int cur_col(const Lexer *lx)
{
	return (int)(lx->off - lx->linestart) + 1;
}

/* Reports an error at the current character. */
#define errorf(lx, ...) error_at((lx), (lx)->line, cur_col(lx), __VA_ARGS__)

/* Moves to the next character (see step 1 of the file comment). */
static void nextch(Lexer *lx)
{
	for (;;) {
		if (lx->ch == '\n') {
			lx->line++;
			lx->linestart = lx->off + 1;
		}
		lx->off += lx->chsize;
		if (lx->off >= lx->len) {
			lx->off = lx->len;
			lx->ch = -1;
			lx->chsize = 0;
			return;
		}
		const unsigned char *s = (const unsigned char *)lx->src + lx->off;
		lx->ch = decode_rune(s, lx->len - lx->off, &lx->chsize);
		if (lx->ch == 0) {
			errorf(lx, "invalid NUL character");
			continue;
		}
		if (lx->ch == 0xFEFF) {
			if (lx->off > 0)
				errorf(lx, "invalid BOM in the middle of the file");
			continue;
		}
		if (lx->ch == RUNE_ERROR && lx->chsize == 1 && s[0] >= 0x80)
			errorf(lx, "invalid UTF-8 encoding");
		return;
	}
}

void lexer_init(Lexer *lx, const char *filename, const char *src, size_t len)
{
	memset(lx, 0, sizeof *lx);
	lx->file = filename;
	lx->src = src ? src : "";
	lx->len = src ? len : 0;
	lx->line = 1;
	lx->ch = ' '; /* a harmless blank before the first character */
	lx->chsize = 0;
	nextch(lx);
}

/* ---------------------------------------------------------------- tokens */

typedef struct Scan {
	Lexer *lx;
	Token *t;
	size_t start; /* offset of the token's first byte */
} Scan;

static void set_lit(Scan *sc, TokenKind kind, bool ok)
{
	Lexer *lx = sc->lx;
	lx->nlsemi = true;
	sc->t->kind = kind;
	sc->t->len = lx->off - sc->start;
	sc->t->lit = arena_strndup(lx->src + sc->start, sc->t->len);
	sc->t->bad = !ok;
}

/* An error at byte offset 'delta' from the token's start (the token is on one line). */
static void error_in_token(Scan *sc, size_t delta, const char *msg)
{
	error_at(sc->lx, sc->t->pos.line, sc->t->pos.col + (int)delta, "%s", msg);
}

static bool at_ident_char(Lexer *lx, bool first)
{
	char u[32];
	if (is_unicode_letter(lx->ch))
		return true;
	if (is_unicode_digit(lx->ch)) {
		if (first) {
			format_U(u, sizeof u, lx->ch);
			errorf(lx, "identifier cannot begin with digit %s", u);
		}
		return true;
	}
	if (lx->ch >= 0x80) {
		format_U(u, sizeof u, lx->ch);
		errorf(lx, "invalid character %s in identifier", u);
		return true;
	}
	return false;
}

static void scan_ident(Scan *sc)
{
	Lexer *lx = sc->lx;
	for (;;) {
		if (is_letter(lx->ch) || is_decimal(lx->ch))
			nextch(lx);
		else if (lx->ch >= 0x80 && at_ident_char(lx, false))
			nextch(lx);
		else
			break;
	}
	const char *s = lx->src + sc->start;
	size_t n = lx->off - sc->start;
	if (n >= 2 && s[0] >= 'b' && s[0] <= 'v') {
		for (int k = T_BREAK; k <= T_VAR; k++) {
			const char *kw = token_texts[k];
			if (strlen(kw) == n && memcmp(kw, s, n) == 0) {
				sc->t->kind = (TokenKind)k;
				lx->nlsemi = k == T_BREAK || k == T_CONTINUE ||
				             k == T_FALLTHROUGH || k == T_RETURN;
				return;
			}
		}
	}
	lx->nlsemi = true;
	sc->t->kind = T_IDENT;
	sc->t->lit = intern(s, n);
	sc->t->len = n;
}

static const char *base_name(int base)
{
	switch (base) {
	case 2: return "binary";
	case 8: return "octal";
	case 10: return "decimal";
	default: return "hexadecimal";
	}
}

/* Accepts { digit | '_' }; see Go's scanner.digits. Bit 0 of the result: a digit was seen;
 * bit 1: a separator was seen. For base <= 10 the offset of the first digit >= base is
 * recorded in *invalid (if still negative). */
static int scan_digits(Scan *sc, int base, long *invalid)
{
	Lexer *lx = sc->lx;
	int digsep = 0;
	if (base <= 10) {
		int32_t max = '0' + base;
		while (is_decimal(lx->ch) || lx->ch == '_') {
			int ds = 1;
			if (lx->ch == '_')
				ds = 2;
			else if (lx->ch >= max && invalid && *invalid < 0)
				*invalid = (long)(lx->off - sc->start);
			digsep |= ds;
			nextch(lx);
		}
	} else {
		while (is_hex(lx->ch) || lx->ch == '_') {
			digsep |= lx->ch == '_' ? 2 : 1;
			nextch(lx);
		}
	}
	return digsep;
}

/* The offset of the first misplaced '_' in a number literal, or -1 (Go's invalidSep). */
static long invalid_sep(const char *x, size_t n)
{
	int32_t x1 = ' ';
	char d = '.';
	size_t i = 0;
	if (n >= 2 && x[0] == '0') {
		x1 = lower((unsigned char)x[1]);
		if (x1 == 'x' || x1 == 'o' || x1 == 'b') {
			d = '0';
			i = 2;
		}
	}
	for (; i < n; i++) {
		char p = d;
		d = x[i];
		if (d == '_') {
			if (p != '0')
				return (long)i;
		} else if (is_decimal((unsigned char)d) ||
		           (x1 == 'x' && is_hex((unsigned char)d))) {
			d = '0';
		} else {
			if (p == '_')
				return (long)i - 1;
			d = '.';
		}
	}
	if (d == '_')
		return (long)n - 1;
	return -1;
}

static void scan_number(Scan *sc, bool seen_point)
{
	Lexer *lx = sc->lx;
	bool ok = true;
	TokenKind kind = T_INT;
	int base = 10;
	int prefix = 0; /* 0 (decimal), '0' (legacy octal), 'x', 'o' or 'b' */
	int digsep = 0;
	long invalid = -1;
	char q[16];

	if (!seen_point) {
		if (lx->ch == '0') {
			nextch(lx);
			switch (lower(lx->ch)) {
			case 'x':
				nextch(lx);
				base = 16, prefix = 'x';
				break;
			case 'o':
				nextch(lx);
				base = 8, prefix = 'o';
				break;
			case 'b':
				nextch(lx);
				base = 2, prefix = 'b';
				break;
			default: base = 8, prefix = '0', digsep = 1; /* the leading 0 */
			}
		}
		digsep |= scan_digits(sc, base, &invalid);
		if (lx->ch == '.') {
			if (prefix == 'o' || prefix == 'b') {
				errorf(lx, "invalid radix point in %s literal", base_name(base));
				ok = false;
			}
			nextch(lx);
			seen_point = true;
		}
	}
	if (seen_point) {
		kind = T_FLOAT;
		digsep |= scan_digits(sc, base, &invalid);
	}
	if ((digsep & 1) == 0 && ok) {
		errorf(lx, "%s literal has no digits", base_name(base));
		ok = false;
	}
	int32_t e = lower(lx->ch);
	if (e == 'e' || e == 'p') {
		if (ok) {
			format_q(q, sizeof q, lx->ch);
			if (e == 'e' && prefix != 0 && prefix != '0') {
				errorf(lx, "%s exponent requires decimal mantissa", q);
				ok = false;
			} else if (e == 'p' && prefix != 'x') {
				errorf(lx, "%s exponent requires hexadecimal mantissa", q);
				ok = false;
			}
		}
		nextch(lx);
		kind = T_FLOAT;
		if (lx->ch == '+' || lx->ch == '-')
			nextch(lx);
		digsep = scan_digits(sc, 10, NULL) | (digsep & 2);
		if ((digsep & 1) == 0 && ok) {
			errorf(lx, "exponent has no digits");
			ok = false;
		}
	} else if (prefix == 'x' && kind == T_FLOAT && ok) {
		errorf(lx, "hexadecimal mantissa requires a 'p' exponent");
		ok = false;
	}
	if (lx->ch == 'i') {
		kind = T_IMAG;
		nextch(lx);
	}
	set_lit(sc, kind, ok);

	if (kind == T_INT && invalid >= 0 && ok) {
		char msg[64];
		format_q(q, sizeof q, (unsigned char)sc->t->lit[invalid]);
		snprintf(msg, sizeof msg, "invalid digit %s in %s literal", q, base_name(base));
		error_in_token(sc, (size_t)invalid, msg);
		ok = false;
	}
	if ((digsep & 2) && ok) {
		long i = invalid_sep(sc->t->lit, sc->t->len);
		if (i >= 0) {
			error_in_token(sc, (size_t)i, "'_' must separate successive digits");
			ok = false;
		}
	}
	sc->t->bad = !ok;
}

/* Checks one escape sequence after its backslash; see Go's scanner.escape. */
static bool scan_escape(Lexer *lx, int32_t quote)
{
	int n;
	uint32_t base, max;
	char q[16];

	switch (lx->ch) {
	case 'a':
	case 'b':
	case 'f':
	case 'n':
	case 'r':
	case 't':
	case 'v':
	case '\\': nextch(lx); return true;
	case '0':
	case '1':
	case '2':
	case '3':
	case '4':
	case '5':
	case '6':
	case '7': n = 3, base = 8, max = 255; break;
	case 'x':
		nextch(lx);
		n = 2, base = 16, max = 255;
		break;
	case 'u':
		nextch(lx);
		n = 4, base = 16, max = MAX_RUNE;
		break;
	case 'U':
		nextch(lx);
		n = 8, base = 16, max = MAX_RUNE;
		break;
	default:
		if (lx->ch == quote) {
			nextch(lx);
			return true;
		}
		if (lx->ch < 0)
			return true; /* the caller complains about the end of input */
		errorf(lx, "unknown escape");
		return false;
	}

	uint32_t x = 0;
	for (int i = n; i > 0; i--) {
		if (lx->ch < 0)
			return true;
		uint32_t d = base;
		if (is_decimal(lx->ch))
			d = (uint32_t)(lx->ch - '0');
		else if ('a' <= lower(lx->ch) && lower(lx->ch) <= 'f')
			d = (uint32_t)(lower(lx->ch) - 'a' + 10);
		if (d >= base) {
			format_q(q, sizeof q, lx->ch);
			errorf(lx, "invalid character %s in %s escape", q, base_name((int)base));
			return false;
		}
		x = x * base + d;
		nextch(lx);
	}
	if (x > max && base == 8) {
		errorf(lx, "octal escape value %u > 255", x);
		return false;
	}
	if (x > max || (x >= 0xD800 && x < 0xE000)) {
		char u[32];
		format_U(u, sizeof u, (int32_t)x);
		errorf(lx, "escape is invalid Unicode code point %s", u);
		return false;
	}
	return true;
}

static void scan_rune(Scan *sc)
{
	Lexer *lx = sc->lx;
	bool ok = true;
	nextch(lx);
	for (int n = 0;; n++) {
		if (lx->ch == '\'') {
			if (ok) {
				if (n == 0) {
					errorf(lx, "empty rune literal or unescaped '");
					ok = false;
				} else if (n != 1) {
					error_in_token(sc, 0,
					               "more than one character in rune literal");
					ok = false;
				}
			}
			nextch(lx);
			break;
		}
		if (lx->ch == '\\') {
			nextch(lx);
			if (!scan_escape(lx, '\''))
				ok = false;
			continue;
		}
		if (lx->ch == '\n') {
			if (ok) {
				errorf(lx, "newline in rune literal");
				ok = false;
			}
			break;
		}
		if (lx->ch < 0) {
			if (ok) {
				error_in_token(sc, 0, "rune literal not terminated");
				ok = false;
			}
			break;
		}
		nextch(lx);
	}
	set_lit(sc, T_CHAR, ok);
}

static void scan_string(Scan *sc)
{
	Lexer *lx = sc->lx;
	bool ok = true;
	nextch(lx);
	for (;;) {
		if (lx->ch == '"') {
			nextch(lx);
			break;
		}
		if (lx->ch == '\\') {
			nextch(lx);
			if (!scan_escape(lx, '"'))
				ok = false;
			continue;
		}
		if (lx->ch == '\n') {
			errorf(lx, "newline in string");
			ok = false;
			break;
		}
		if (lx->ch < 0) {
			error_in_token(sc, 0, "string literal not terminated");
			ok = false;
			break;
		}
		nextch(lx);
	}
	set_lit(sc, T_STRING, ok);
}

static void scan_raw_string(Scan *sc)
{
	Lexer *lx = sc->lx;
	bool ok = true;
	nextch(lx);
	for (;;) {
		if (lx->ch == '`') {
			nextch(lx);
			break;
		}
		if (lx->ch < 0) {
			error_in_token(sc, 0, "raw string literal not terminated");
			ok = false;
			break;
		}
		nextch(lx);
	}
	set_lit(sc, T_STRING, ok);
}

static void skip_line_comment(Lexer *lx)
{
	/* The newline is left for the semicolon logic. */
	while (lx->ch >= 0 && lx->ch != '\n')
		nextch(lx);
}

/* Skips a general comment whose opening slash-star is consumed; reports one that is never
 * closed at the position of its opening, line/col. */
static void skip_general_comment(Lexer *lx, int line, int col)
{
	while (lx->ch >= 0) {
		while (lx->ch == '*') {
			nextch(lx);
			if (lx->ch == '/') {
				nextch(lx);
				return;
			}
		}
		if (lx->ch < 0)
			break;
		nextch(lx);
	}
	error_at(lx, line, col, "comment not terminated");
}

/* Sets the token to op, or to op_assign when an '=' follows. */
static void assign_op(Scan *sc, TokenKind op, TokenKind op_assign)
{
	if (sc->lx->ch == '=') {
		nextch(sc->lx);
		sc->t->kind = op_assign;
		return;
	}
	sc->t->kind = op;
}

void lexer_next(Lexer *lx, Token *t)
{
	bool nlsemi = lx->nlsemi;
	lx->nlsemi = false;
	Scan sc = {lx, t, 0};

redo:
	while (lx->ch == ' ' || lx->ch == '\t' || (lx->ch == '\n' && !nlsemi) || lx->ch == '\r')
		nextch(lx);

	memset(t, 0, sizeof *t);
	t->pos = (Pos){lx->line, cur_col(lx)};
	sc.start = lx->off;

	if (is_letter(lx->ch) || (lx->ch >= 0x80 && at_ident_char(lx, true))) {
		nextch(lx);
		scan_ident(&sc);
		return;
	}

	int32_t c = lx->ch;
	switch (c) {
	case '0':
	case '1':
	case '2':
	case '3':
	case '4':
	case '5':
	case '6':
	case '7':
	case '8':
	case '9': scan_number(&sc, false); return;
	case '"': scan_string(&sc); return;
	case '`': scan_raw_string(&sc); return;
	case '\'': scan_rune(&sc); return;
	}

	if (c >= 0)
		nextch(lx);
	switch (c) {
	case -1:
		if (nlsemi) {
			t->kind = T_SEMICOLON;
			t->lit = "EOF";
			t->len = 3;
			return;
		}
		t->kind = T_EOF;
		return;
	case '\n':
		t->kind = T_SEMICOLON;
		t->lit = "newline";
		t->len = 7;
		return;
	case '(': t->kind = T_LPAREN; return;
	case '[': t->kind = T_LBRACK; return;
	case '{': t->kind = T_LBRACE; return;
	case ',': t->kind = T_COMMA; return;
	case ';':
		t->kind = T_SEMICOLON;
		t->lit = "semicolon";
		t->len = 9;
		return;
	case ')':
		lx->nlsemi = true;
		t->kind = T_RPAREN;
		return;
	case ']':
		lx->nlsemi = true;
		t->kind = T_RBRACK;
		return;
	case '}':
		lx->nlsemi = true;
		t->kind = T_RBRACE;
		return;
	case ':':
		if (lx->ch == '=') {
			nextch(lx);
			t->kind = T_DEFINE;
			return;
		}
		t->kind = T_COLON;
		return;
	case '.':
		if (is_decimal(lx->ch)) {
			scan_number(&sc, true);
			return;
		}
		if (lx->ch == '.' && lx->off + 1 < lx->len && lx->src[lx->off + 1] == '.') {
			nextch(lx);
			nextch(lx);
			t->kind = T_ELLIPSIS;
			return;
		}
		t->kind = T_PERIOD;
		return;
	case '+':
		if (lx->ch == '+') {
			nextch(lx);
			lx->nlsemi = true;
			t->kind = T_INC;
			return;
		}
		assign_op(&sc, T_ADD, T_ADD_ASSIGN);
		return;
	case '-':
		if (lx->ch == '-') {
			nextch(lx);
			lx->nlsemi = true;
			t->kind = T_DEC;
			return;
		}
		assign_op(&sc, T_SUB, T_SUB_ASSIGN);
		return;
	case '*': assign_op(&sc, T_MUL, T_MUL_ASSIGN); return;
	case '/':
		if (lx->ch == '/') {
			nextch(lx);
			skip_line_comment(lx);
			goto redo;
		}
		if (lx->ch == '*') {
			int line = t->pos.line;
			nextch(lx);
			skip_general_comment(lx, line, t->pos.col);
			if (lx->line > line && nlsemi) {
				/* A comment spanning lines acts like a newline. */
				t->kind = T_SEMICOLON;
				t->lit = "newline";
				t->len = 7;
				return;
			}
			goto redo;
		}
		assign_op(&sc, T_QUO, T_QUO_ASSIGN);
		return;
	case '%': assign_op(&sc, T_REM, T_REM_ASSIGN); return;
	case '&':
		if (lx->ch == '&') {
			nextch(lx);
			t->kind = T_LAND;
			return;
		}
		if (lx->ch == '^') {
			nextch(lx);
			assign_op(&sc, T_AND_NOT, T_AND_NOT_ASSIGN);
			return;
		}
		assign_op(&sc, T_AND, T_AND_ASSIGN);
		return;
	case '|':
		if (lx->ch == '|') {
			nextch(lx);
			t->kind = T_LOR;
			return;
		}
		assign_op(&sc, T_OR, T_OR_ASSIGN);
		return;
	case '^': assign_op(&sc, T_XOR, T_XOR_ASSIGN); return;
	case '<':
		if (lx->ch == '=') {
			nextch(lx);
			t->kind = T_LEQ;
			return;
		}
		if (lx->ch == '<') {
			nextch(lx);
			assign_op(&sc, T_SHL, T_SHL_ASSIGN);
			return;
		}
		if (lx->ch == '-') {
			nextch(lx);
			t->kind = T_ARROW;
			return;
		}
		t->kind = T_LSS;
		return;
	case '>':
		if (lx->ch == '=') {
			nextch(lx);
			t->kind = T_GEQ;
			return;
		}
		if (lx->ch == '>') {
			nextch(lx);
			assign_op(&sc, T_SHR, T_SHR_ASSIGN);
			return;
		}
		t->kind = T_GTR;
		return;
	case '=':
		if (lx->ch == '=') {
			nextch(lx);
			t->kind = T_EQL;
			return;
		}
		t->kind = T_ASSIGN;
		return;
	case '!':
		if (lx->ch == '=') {
			nextch(lx);
			t->kind = T_NEQ;
			return;
		}
		t->kind = T_NOT;
		return;
	case '~': t->kind = T_TILDE; return;
	default: {
		char u[32];
		format_U(u, sizeof u, c);
		error_at(lx, t->pos.line, t->pos.col, "invalid character %s", u);
		goto redo;
	}
	}
}

/* ---------------------------------------------------------------- literal values */

static int hex_val(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (int)lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return 99;
}

/*
 * Decodes one character or escape of an interpreted literal at s[*i] (s[0..n)), appending
 * its bytes to buf (at least 4 bytes free). *rune receives the value (for \x and octal, the
 * byte value). Returns false when malformed.
 */
static bool unquote_one(const char *s, size_t n, size_t *i, char quote, char *buf, int *nbuf,
                        int32_t *rune)
{
	unsigned char c = (unsigned char)s[*i];
	if (c != '\\') {
		size_t size;
		int32_t r = decode_rune((const unsigned char *)s + *i, n - *i, &size);
		memcpy(buf, s + *i, size);
		*nbuf = (int)size;
		*i += size;
		*rune = r;
		return c != (unsigned char)quote && c != '\n';
	}
	if (*i + 1 >= n)
		return false;
	char e = s[*i + 1];
	*i += 2;
	int32_t v;
	switch (e) {
	case 'a': v = '\a'; break;
	case 'b': v = '\b'; break;
	case 'f': v = '\f'; break;
	case 'n': v = '\n'; break;
	case 'r': v = '\r'; break;
	case 't': v = '\t'; break;
	case 'v': v = '\v'; break;
	case '\\': v = '\\'; break;
	case '\'':
	case '"':
		if (e != quote)
			return false;
		v = e;
		break;
	case 'x':
	case 'u':
	case 'U': {
		int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
		if (*i + (size_t)digits > n)
			return false;
		uint32_t x = 0;
		for (int k = 0; k < digits; k++) {
			int d = hex_val((unsigned char)s[*i + (size_t)k]);
			if (d > 15)
				return false;
			x = x * 16 + (uint32_t)d;
		}
		*i += (size_t)digits;
		if (e == 'x') {
			buf[0] = (char)x;
			*nbuf = 1;
			*rune = (int32_t)x;
			return true;
		}
		if (x > MAX_RUNE || (x >= 0xD800 && x < 0xE000))
			return false;
		v = (int32_t)x;
		break;
	}
	default:
		if (e >= '0' && e <= '7') {
			if (*i + 2 > n)
				return false;
			uint32_t x = (uint32_t)(e - '0');
			for (int k = 0; k < 2; k++) {
				char d = s[*i + (size_t)k];
				if (d < '0' || d > '7')
					return false;
				x = x * 8 + (uint32_t)(d - '0');
			}
			*i += 2;
			if (x > 255)
				return false;
			buf[0] = (char)x;
			*nbuf = 1;
			*rune = (int32_t)x;
			return true;
		}
		return false;
	}
	*nbuf = lexer_encode_rune(buf, v);
	*rune = v;
	return true;
}

bool lexer_unquote_string(const char *lit, size_t len, const char **out, size_t *outlen)
{
	*out = "";
	*outlen = 0;
	if (len < 2 || lit[len - 1] != lit[0] || (lit[0] != '"' && lit[0] != '`'))
		return false;
	char *buf = arena_alloc(len + 1); /* a value is never longer than its literal */
	size_t n = 0;
	if (lit[0] == '`') {
		for (size_t i = 1; i + 1 < len; i++) {
			if (lit[i] == '`')
				return false;
			if (lit[i] != '\r')
				buf[n++] = lit[i];
		}
	} else {
		size_t i = 1, end = len - 1;
		while (i < end) {
			int k;
			int32_t r;
			if (!unquote_one(lit, end, &i, '"', buf + n, &k, &r))
				return false;
			n += (size_t)k;
		}
	}
	buf[n] = 0;
	*out = buf;
	*outlen = n;
	return true;
}

bool lexer_unquote_char(const char *lit, size_t len, int32_t *out)
{
	*out = 0;
	if (len < 3 || lit[0] != '\'' || lit[len - 1] != '\'')
		return false;
	size_t i = 1, end = len - 1;
	char buf[4];
	int k;
	if (!unquote_one(lit, end, &i, '\'', buf, &k, out))
		return false;
	return i == end;
}

bool lexer_parse_int(const char *lit, uint64_t *out)
{
	*out = 0;
	const char *s = lit;
	unsigned base = 10;
	if (s[0] == '0') {
		char x = (char)lower((unsigned char)s[1]);
		if (x == 'x')
			base = 16, s += 2;
		else if (x == 'o')
			base = 8, s += 2;
		else if (x == 'b')
			base = 2, s += 2;
		else
			base = 8, s += 1;
	}
	uint64_t v = 0;
	bool any = base == 8 && s == lit + 1; /* a lone "0" */
	bool overflow = false;
	for (; *s; s++) {
		if (*s == '_')
			continue;
		int d = hex_val((unsigned char)*s);
		if ((unsigned)d >= base)
			return false;
		any = true;
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			overflow = true;
		v = v * base + (uint64_t)d;
	}
	if (!any)
		return false;
	*out = overflow ? UINT64_MAX : v;
	return !overflow;
}

bool lexer_parse_float(const char *lit, double *out)
{
	*out = 0;
	size_t n = strlen(lit);
	char stackbuf[128];
	char *buf = n < sizeof stackbuf ? stackbuf : arena_alloc(n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (lit[i] != '_')
			buf[k++] = lit[i];
	buf[k] = 0;
	if (k == 0)
		return false;
	/* A legacy-octal-looking mantissa ("0777.5", "089e1") is decimal in a float. */
	char *end;
	errno = 0;
	double v = strtod(buf, &end);
	if (end == buf || *end != 0)
		return false;
	*out = v;
	return true;
}
