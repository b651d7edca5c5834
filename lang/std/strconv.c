/*
 * strconv.c - package strconv's natives: integer and float parsing and formatting, quoting.
 *
 * The Go side (strconv.go) owns the error values: each parsing native returns its result and
 * a code (STRCONV_OK, _SYNTAX, _RANGE, _BASE, _BITSIZE) and strconv.go turns a code into the
 * *NumError Go would return, with the same Func, Num and Err.
 *
 * Parsing follows Go's src/strconv/atoi.go and atof.go step by step:
 *   1. ParseUint: base 0 reads a 0b/0o/0x or leading-0 prefix and then allows '_' between
 *      digits (checked afterwards by underscore_ok, Go's underscoreOK); bases 2..36 take
 *      digits and letters; overflow past the bit size gives the largest value and ErrRange.
 *   2. ParseInt: an optional sign, then ParseUint, then clamping to the signed range.
 *   3. ParseFloat: "inf"/"infinity"/"nan" in any case (signs only on infinities), otherwise
 *      Go's readFloat grammar decides what is well formed (decimal or hex mantissa, hex needs
 *      a 'p' exponent, underscores only as underscoreOK allows); the value itself then comes
 *      from strtod/strtof on the same text without underscores, which rounds correctly.
 *      Overflow to infinity is ErrRange; underflow to zero is not an error (as Go).
 * Quoting is Go's appendQuotedWith/appendEscapedRune with the printable-rune table generated
 * from Go (unicode_tables.h).
 *
 * Invariants:
 *   - Natives that return strings allocate exactly once, after all parsing.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "std_int.h"

static const char lowerhex[] = "0123456789abcdef";

static uint8_t lower(uint8_t c)
{
	return c | ('x' - 'X');
}

/* ---------------------------------------------------------------- quoting */

static void escaped_rune(FmtBuf *out, int32_t r, char quote, bool ascii_only, bool graphic_only)
{
	if (r == quote || r == '\\') {
		fmtbuf_putc(out, '\\');
		fmtbuf_putc(out, (char)r);
		return;
	}
	if (ascii_only) {
		if (r < 0x80 && strconv_isprint(r)) {
			fmtbuf_putc(out, (char)r);
			return;
		}
	} else if (graphic_only ? strconv_isgraphic(r) : strconv_isprint(r)) {
		fmtbuf_putrune(out, r);
		return;
	}
	switch (r) {
	case '\a': fmtbuf_puts(out, "\\a"); return;
	case '\b': fmtbuf_puts(out, "\\b"); return;
	case '\f': fmtbuf_puts(out, "\\f"); return;
	case '\n': fmtbuf_puts(out, "\\n"); return;
	case '\r': fmtbuf_puts(out, "\\r"); return;
	case '\t': fmtbuf_puts(out, "\\t"); return;
	case '\v': fmtbuf_puts(out, "\\v"); return;
	}
	if (r < ' ' || r == 0x7F) {
		fmtbuf_puts(out, "\\x");
		fmtbuf_putc(out, lowerhex[(r >> 4) & 0xF]);
		fmtbuf_putc(out, lowerhex[r & 0xF]);
		return;
	}
	if (r > UTF8_MAX_RUNE || (r >= 0xD800 && r <= 0xDFFF))
		r = 0xFFFD;
	if (r < 0x10000) {
		fmtbuf_puts(out, "\\u");
		for (int s = 12; s >= 0; s -= 4)
			fmtbuf_putc(out, lowerhex[(r >> s) & 0xF]);
	} else {
		fmtbuf_puts(out, "\\U");
		for (int s = 28; s >= 0; s -= 4)
			fmtbuf_putc(out, lowerhex[(r >> s) & 0xF]);
	}
}

void strconv_quote(FmtBuf *out, const uint8_t *s, size_t n, char quote, bool ascii_only,
                   bool graphic_only)
{
	fmtbuf_grow(out, n + 2);
	fmtbuf_putc(out, quote);
	for (size_t i = 0; i < n;) {
		int32_t r = s[i];
		int width = 1;
		if (r >= 0x80)
			r = utf8_decode(s + i, n - i, &width);
		if (width == 1 && r == UTF8_RUNE_ERROR) {
			fmtbuf_puts(out, "\\x");
			fmtbuf_putc(out, lowerhex[s[i] >> 4]);
			fmtbuf_putc(out, lowerhex[s[i] & 0xF]);
			i++;
			continue;
		}
		escaped_rune(out, r, quote, ascii_only, graphic_only);
		i += (size_t)width;
	}
	fmtbuf_putc(out, quote);
}

void strconv_quote_rune(FmtBuf *out, int32_t r, char quote, bool ascii_only, bool graphic_only)
{
	fmtbuf_putc(out, quote);
	if (utf8_runelen(r) < 0)
		r = UTF8_RUNE_ERROR;
	escaped_rune(out, r, quote, ascii_only, graphic_only);
	fmtbuf_putc(out, quote);
}

bool strconv_can_backquote(const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		int wid = 1;
		int32_t r = s[i];
		if (r >= 0x80)
			r = utf8_decode(s + i, n - i, &wid);
		i += (size_t)wid;
		if (wid > 1) {
			if (r == 0xFEFF)
				return false;
			continue;
		}
		if (r == UTF8_RUNE_ERROR)
			return false;
		if ((r < ' ' && r != '\t') || r == '`' || r == 0x7F)
			return false;
	}
	return true;
}

/* ---------------------------------------------------------------- integers */

/* Go's underscoreOK: '_' only between digits (or after a base prefix). */
static bool underscore_ok(const uint8_t *s, size_t n)
{
	char saw = '^';
	size_t i = 0;
	if (n >= 1 && (s[0] == '-' || s[0] == '+')) {
		s++;
		n--;
	}
	bool hex = false;
	if (n >= 2 && s[0] == '0' &&
	    (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
		i = 2;
		saw = '0';
		hex = lower(s[1]) == 'x';
	}
	for (; i < n; i++) {
		if ((s[i] >= '0' && s[i] <= '9') ||
		    (hex && lower(s[i]) >= 'a' && lower(s[i]) <= 'f')) {
			saw = '0';
			continue;
		}
		if (s[i] == '_') {
			if (saw != '0')
				return false;
			saw = '_';
			continue;
		}
		if (saw == '_')
			return false;
		saw = '!';
	}
	return saw != '_';
}

int strconv_parse_uint(const uint8_t *s, size_t n, int64_t base, int64_t bitsize, uint64_t *out)
{
	*out = 0;
	if (n == 0)
		return STRCONV_SYNTAX;
	bool base0 = base == 0;
	const uint8_t *s0 = s;
	size_t n0 = n;
	if (base == 0) {
		base = 10;
		if (s[0] == '0') {
			if (n >= 3 && lower(s[1]) == 'b') {
				base = 2;
				s += 2;
				n -= 2;
			} else if (n >= 3 && lower(s[1]) == 'o') {
				base = 8;
				s += 2;
				n -= 2;
			} else if (n >= 3 && lower(s[1]) == 'x') {
				base = 16;
				s += 2;
				n -= 2;
			} else {
				base = 8;
				s++;
				n--;
			}
		}
	} else if (base < 2 || base > 36)
		return STRCONV_BASE;
	if (bitsize == 0)
		bitsize = 64;
	else if (bitsize < 0 || bitsize > 64)
		return STRCONV_BITSIZE;
	uint64_t cutoff = UINT64_MAX / (uint64_t)base + 1;
	uint64_t maxval = bitsize == 64 ? UINT64_MAX : (1ull << bitsize) - 1;
	bool underscores = false;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		uint8_t c = s[i], d;
		if (c == '_' && base0) {
			underscores = true;
			continue;
		} else if (c >= '0' && c <= '9')
			d = c - '0';
		else if (lower(c) >= 'a' && lower(c) <= 'z')
			d = lower(c) - 'a' + 10;
		else
			return STRCONV_SYNTAX;
		if (d >= base)
			return STRCONV_SYNTAX;
		if (v >= cutoff) {
			*out = maxval;
			return STRCONV_RANGE;
		}
		v *= (uint64_t)base;
		uint64_t v1 = v + d;
		if (v1 < v || v1 > maxval) {
			*out = maxval;
			return STRCONV_RANGE;
		}
		v = v1;
	}
	if (underscores && !underscore_ok(s0, n0))
		return STRCONV_SYNTAX;
	*out = v;
	return STRCONV_OK;
}

int strconv_parse_int(const uint8_t *s, size_t n, int64_t base, int64_t bitsize, int64_t *out)
{
	*out = 0;
	if (n == 0)
		return STRCONV_SYNTAX;
	bool neg = false;
	if (s[0] == '+') {
		s++;
		n--;
	} else if (s[0] == '-') {
		neg = true;
		s++;
		n--;
	}
	uint64_t un;
	int code = strconv_parse_uint(s, n, base, bitsize, &un);
	if (code != STRCONV_OK && code != STRCONV_RANGE)
		return code;
	if (bitsize == 0)
		bitsize = 64;
	uint64_t cutoff = 1ull << (bitsize - 1);
	if (!neg && un >= cutoff) {
		*out = (int64_t)(cutoff - 1);
		return STRCONV_RANGE;
	}
	if (neg && un > cutoff) {
		*out = -(int64_t)(cutoff - 1) - 1;
		return STRCONV_RANGE;
	}
	*out = neg ? (int64_t)(0 - un) : (int64_t)un;
	return STRCONV_OK;
}

/* ---------------------------------------------------------------- floats */

static size_t prefix_len_fold(const uint8_t *s, size_t n, const char *prefix)
{
	size_t i = 0;
	for (; i < n && prefix[i]; i++)
		if (lower(s[i]) != (uint8_t)prefix[i])
			break;
	return i;
}

/* Go's special: infinities and NaN; returns the bytes consumed (0 if none). */
static size_t special(const uint8_t *s, size_t n, double *f)
{
	if (n == 0)
		return 0;
	int sign = 1;
	size_t nsign = 0;
	switch (s[0]) {
	case '+':
	case '-':
		if (s[0] == '-')
			sign = -1;
		nsign = 1;
		s++;
		n--;
		/* fallthrough */
	case 'i':
	case 'I': {
		size_t k = prefix_len_fold(s, n, "infinity");
		if (k > 3 && k < 8)
			k = 3;
		if (k == 3 || k == 8) {
			*f = sign * INFINITY;
			return nsign + k;
		}
		break;
	}
	case 'n':
	case 'N':
		if (prefix_len_fold(s, n, "nan") == 3) {
			*f = NAN;
			return 3;
		}
		break;
	}
	return 0;
}

/* Go's readFloat, checking syntax only: the length of the well-formed prefix, 0 if none. */
static size_t read_float(const uint8_t *s, size_t n)
{
	size_t i = 0;
	bool underscores = false;
	if (i >= n)
		return 0;
	if (s[i] == '+' || s[i] == '-')
		i++;
	int base = 10;
	uint8_t expchar = 'e';
	if (i + 2 < n && s[i] == '0' && lower(s[i + 1]) == 'x') {
		base = 16;
		i += 2;
		expchar = 'p';
	}
	bool sawdot = false, sawdigits = false;
	for (; i < n; i++) {
		uint8_t c = s[i];
		if (c == '_') {
			underscores = true;
			continue;
		}
		if (c == '.') {
			if (sawdot)
				break;
			sawdot = true;
			continue;
		}
		if ((c >= '0' && c <= '9') || (base == 16 && lower(c) >= 'a' && lower(c) <= 'f')) {
			sawdigits = true;
			continue;
		}
		break;
	}
	if (!sawdigits)
		return 0;
	if (i < n && lower(s[i]) == expchar) {
		i++;
		if (i >= n)
			return 0;
		if (s[i] == '+' || s[i] == '-')
			i++;
		if (i >= n || s[i] < '0' || s[i] > '9')
			return 0;
		for (; i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_'); i++)
			if (s[i] == '_')
				underscores = true;
	} else if (base == 16)
		return 0;
	if (underscores && !underscore_ok(s, i))
		return 0;
	return i;
}

int strconv_parse_float(const uint8_t *s, size_t n, int64_t bitsize, double *out)
{
	*out = 0;
	double f;
	size_t k = special(s, n, &f);
	if (k) {
		if (k != n)
			return STRCONV_SYNTAX;
		*out = f;
		return STRCONV_OK;
	}
	if (read_float(s, n) != n || n == 0)
		return STRCONV_SYNTAX;
	char small[64];
	char *buf = n < sizeof small ? small : malloc(n + 1);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] != '_')
			buf[m++] = (char)s[i];
	buf[m] = 0;
	if (bitsize == 32) {
		float v = strtof(buf, NULL);
		f = v;
	} else
		f = strtod(buf, NULL);
	if (buf != small)
		free(buf);
	*out = f;
	return isinf(f) ? STRCONV_RANGE : STRCONV_OK;
}

/* ---------------------------------------------------------------- natives */

static void put_new_string(Slot *r, const FmtBuf *b)
{
	put_string(r, fmtbuf_string(b));
}

static void format_bits(FmtBuf *b, uint64_t u, int base, bool neg)
{
	static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	char tmp[65];
	int i = 65;
	do {
		tmp[--i] = digits[u % (uint64_t)base];
		u /= (uint64_t)base;
	} while (u);
	if (neg)
		tmp[--i] = '-';
	fmtbuf_write(b, tmp + i, (size_t)(65 - i));
}

/* A short ASCII result as a string: one allocation. */
static String small_string(const char *p, size_t n)
{
	return rt_string_copy(p, (int64_t)n);
}

/* func FormatInt(i int64, base int) string */
static void n_format_int(G *g, Slot *a)
{
	int64_t v = (int64_t)a[0], base = (int64_t)a[1];
	if (base < 2 || base > 36) {
		rt_panic_string(g, "strconv: illegal AppendInt/FormatInt base");
		return;
	}
	FmtBuf b = {0};
	char tmp[80];
	b.p = tmp;
	b.cap = sizeof tmp;
	format_bits(&b, v < 0 ? -(uint64_t)v : (uint64_t)v, (int)base, v < 0);
	put_string(a + 2, small_string(b.p, b.len));
}

/* func FormatUint(i uint64, base int) string */
static void n_format_uint(G *g, Slot *a)
{
	uint64_t v = a[0];
	int64_t base = (int64_t)a[1];
	if (base < 2 || base > 36) {
		rt_panic_string(g, "strconv: illegal AppendInt/FormatInt base");
		return;
	}
	FmtBuf b = {0};
	char tmp[80];
	b.p = tmp;
	b.cap = sizeof tmp;
	format_bits(&b, v, (int)base, false);
	put_string(a + 2, small_string(b.p, b.len));
}

/* func Itoa(i int) string */
static void n_itoa(G *g, Slot *a)
{
	int64_t v = (int64_t)a[0];
	FmtBuf b = {0};
	char tmp[80];
	b.p = tmp;
	b.cap = sizeof tmp;
	format_bits(&b, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0);
	put_string(a + 1, small_string(b.p, b.len));
}

/* func atoi(s string) (int, int): Go's Atoi fast path, then ParseInt(s, 10, 0). */
static void n_atoi(G *g, Slot *a)
{
	String s = arg_string(a);
	const uint8_t *p = s.ptr;
	size_t n = (size_t)s.len;
	if (n > 0 && n < 19) {
		size_t i = 0;
		if (p[0] == '-' || p[0] == '+') {
			i = 1;
			if (n < 2) {
				a[2] = 0;
				a[3] = STRCONV_SYNTAX;
				return;
			}
		}
		int64_t v = 0;
		for (; i < n; i++) {
			uint8_t d = p[i] - '0';
			if (d > 9) {
				a[2] = 0;
				a[3] = STRCONV_SYNTAX;
				return;
			}
			v = v * 10 + d;
		}
		a[2] = (Slot)(p[0] == '-' ? -v : v);
		a[3] = STRCONV_OK;
		return;
	}
	int64_t v;
	a[3] = (Slot)strconv_parse_int(p, n, 10, 0, &v);
	a[2] = (Slot)v;
}

/* func parseInt(s string, base int, bitSize int) (int64, int) */
static void n_parse_int(G *g, Slot *a)
{
	String s = arg_string(a);
	int64_t v;
	a[5] = (Slot)strconv_parse_int(s.ptr, (size_t)s.len, (int64_t)a[2], (int64_t)a[3], &v);
	a[4] = (Slot)v;
}

/* func parseUint(s string, base int, bitSize int) (uint64, int) */
static void n_parse_uint(G *g, Slot *a)
{
	String s = arg_string(a);
	uint64_t v;
	a[5] = (Slot)strconv_parse_uint(s.ptr, (size_t)s.len, (int64_t)a[2], (int64_t)a[3], &v);
	a[4] = v;
}

/* func parseFloat(s string, bitSize int) (float64, int) */
static void n_parse_float(G *g, Slot *a)
{
	String s = arg_string(a);
	double v;
	a[4] = (Slot)strconv_parse_float(s.ptr, (size_t)s.len, (int64_t)a[2], &v);
	a[3] = f64_slot(v);
}

/* func FormatFloat(f float64, fmt byte, prec, bitSize int) string */
static void n_format_float(G *g, Slot *a)
{
	int64_t bitsize = (int64_t)a[3];
	if (bitsize != 32 && bitsize != 64) {
		rt_panic_string(g, "strconv: illegal AppendFloat/FormatFloat bitSize");
		return;
	}
	FmtBuf b = {0};
	fmt_format_float(&b, slot_f64(a[0]), (int)(uint8_t)a[1], (int)(int64_t)a[2], (int)bitsize);
	put_new_string(a + 4, &b);
	fmtbuf_free(&b);
}

static void quote_native(Slot *a, char quote, bool ascii, bool graphic)
{
	String s = arg_string(a);
	FmtBuf b = {0};
	strconv_quote(&b, s.ptr, (size_t)s.len, quote, ascii, graphic);
	put_new_string(a + 2, &b);
	fmtbuf_free(&b);
}

/* func Quote(s string) string */
static void n_quote(G *g, Slot *a)
{
	quote_native(a, '"', false, false);
}
/* func QuoteToASCII(s string) string */
static void n_quote_to_ascii(G *g, Slot *a)
{
	quote_native(a, '"', true, false);
}
/* func QuoteToGraphic(s string) string */
static void n_quote_to_graphic(G *g, Slot *a)
{
	quote_native(a, '"', false, true);
}

static void quote_rune_native(Slot *a, bool ascii, bool graphic)
{
	FmtBuf b = {0};
	strconv_quote_rune(&b, (int32_t)(int64_t)a[0], '\'', ascii, graphic);
	put_new_string(a + 1, &b);
	fmtbuf_free(&b);
}

/* func QuoteRune(r rune) string */
static void n_quote_rune(G *g, Slot *a)
{
	quote_rune_native(a, false, false);
}
/* func QuoteRuneToASCII(r rune) string */
static void n_quote_rune_to_ascii(G *g, Slot *a)
{
	quote_rune_native(a, true, false);
}
/* func QuoteRuneToGraphic(r rune) string */
static void n_quote_rune_to_graphic(G *g, Slot *a)
{
	quote_rune_native(a, false, true);
}

/* func IsPrint(r rune) bool */
static void n_is_print(G *g, Slot *a)
{
	a[1] = strconv_isprint((int32_t)(int64_t)a[0]);
}
/* func IsGraphic(r rune) bool */
static void n_is_graphic(G *g, Slot *a)
{
	a[1] = strconv_isgraphic((int32_t)(int64_t)a[0]);
}

/* func CanBackquote(s string) bool */
static void n_can_backquote(G *g, Slot *a)
{
	String s = arg_string(a);
	a[2] = strconv_can_backquote(s.ptr, (size_t)s.len);
}

const NativeEntry std_strconv_natives[] = {
        {"strconv.FormatInt", n_format_int},
        {"strconv.FormatUint", n_format_uint},
        {"strconv.Itoa", n_itoa},
        {"strconv.atoi", n_atoi},
        {"strconv.parseInt", n_parse_int},
        {"strconv.parseUint", n_parse_uint},
        {"strconv.parseFloat", n_parse_float},
        {"strconv.FormatFloat", n_format_float},
        {"strconv.Quote", n_quote},
        {"strconv.QuoteToASCII", n_quote_to_ascii},
        {"strconv.QuoteToGraphic", n_quote_to_graphic},
        {"strconv.QuoteRune", n_quote_rune},
        {"strconv.QuoteRuneToASCII", n_quote_rune_to_ascii},
        {"strconv.QuoteRuneToGraphic", n_quote_rune_to_graphic},
        {"strconv.IsPrint", n_is_print},
        {"strconv.IsGraphic", n_is_graphic},
        {"strconv.CanBackquote", n_can_backquote},
        {NULL, NULL},
};
