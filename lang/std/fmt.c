/*
 * fmt.c - package fmt: Go's formatter (src/fmt/format.go) and printer (src/fmt/print.go) over
 * minirt's Go values, and the natives Sprintf, Sprint, Sprintln, Printf, Print, Println,
 * Appendf, Append, Appendln and the helper behind Errorf.
 *
 * How a call is formatted:
 *   1. The arguments arrive as a slice of empty interfaces. Every value the printer touches is
 *      a pair (Type *t, const void *p) where p points at the value in its memory layout: for a
 *      pointer-shaped dynamic type (Type.direct_iface) that is the interface's data word
 *      itself, otherwise the data word points at the boxed copy.
 *   2. printArg handles nil, %T and %p, then the value's Error or String method
 *      (handleMethods), then printValue, which walks the value by kind: basic kinds go to the
 *      Fmt formatters, composite ones recurse with depth + 1. At depth > 0 the methods are
 *      tried again for each element, unless the element was reached through an unexported
 *      struct field (Go's CanInterface; the 'ro' flag here).
 *   3. Methods run script code through rt_call_string_method. If one panics, the panic is
 *      taken back (rt_take_panic) and printed as "%!v(PANIC=String method: ...)" as Go's
 *      catchPanic does, or "<nil>" for a nil pointer receiver; a panic while printing that
 *      panic stays pending and the native gives up.
 *   4. Maps print with their keys sorted by Go's internal/fmtsort rules (compare_values).
 *   5. doPrintf is Go's format-string loop: flags, argument indexes [n], '*' widths and
 *      precisions, and the error forms %!v(MISSING), %!(EXTRA ...), %!(BADINDEX), %!(NOVERB).
 * All output goes to a C-heap FmtBuf; the native turns it into one Go string at the end.
 *
 * Formatter (a Format method) and GoStringer are not consulted except GoString for %#v.
 *
 * Invariants:
 *   - No GC allocation happens while the printer holds raw pointers it computed itself
 *     (other than into the arguments, which stay reachable through the argument block).
 *   - Printer.failed is set exactly when a panic is pending in g; every loop checks it.
 */
#include "fmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../runtime/map.h"
#include "../../runtime/proc.h"
#include "../../runtime/rtstring.h"
#include "../native.h"
#include "std_int.h"

/* A callback's panic is left in g as a pending native panic (lang/vm.c); taking it back is
 * what recover() does for Go's catchPanic. Weak, so that the runtime may provide its own. */
__attribute__((weak)) bool rt_take_panic(G *g, Iface *val)
{
	if (!g || !g->native_panic)
		return false;
	*val = g->native_panic_val;
	g->native_panic = false;
	g->native_panic_val = (Iface){NULL, NULL};
	return true;
}

/* ---------------------------------------------------------------- FmtBuf */

void fmtbuf_grow(FmtBuf *b, size_t n)
{
	if (b->len + n <= b->cap)
		return;
	size_t cap = b->cap ? b->cap * 2 : 64;
	while (cap < b->len + n)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p) {
		fputs("fatal error: runtime: out of memory\n", stderr);
		abort();
	}
	b->p = p;
	b->cap = cap;
}

void fmtbuf_write(FmtBuf *b, const void *p, size_t n)
{
	if (!n)
		return;
	fmtbuf_grow(b, n);
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

void fmtbuf_puts(FmtBuf *b, const char *s)
{
	fmtbuf_write(b, s, strlen(s));
}

void fmtbuf_putc(FmtBuf *b, char c)
{
	fmtbuf_grow(b, 1);
	b->p[b->len++] = c;
}

void fmtbuf_putrune(FmtBuf *b, int32_t r)
{
	if (r >= 0 && r < 0x80) {
		fmtbuf_putc(b, (char)r);
		return;
	}
	fmtbuf_grow(b, 4);
	b->len += (size_t)utf8_encode((uint8_t *)b->p + b->len, r);
}

void fmtbuf_free(FmtBuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

String fmtbuf_string(const FmtBuf *b)
{
	return rt_string_copy(b->p, (int64_t)b->len);
}

/* ---------------------------------------------------------------- Fmt (format.go) */

static const char ldigits[] = "0123456789abcdefx";
static const char udigits[] = "0123456789ABCDEFX";

void fmt_clearflags(Fmt *f)
{
	FmtBuf *b = f->buf;
	memset(f, 0, sizeof *f);
	f->buf = b;
}

void fmt_padding(Fmt *f, int n)
{
	if (n <= 0)
		return;
	fmtbuf_grow(f->buf, (size_t)n);
	memset(f->buf->p + f->buf->len, f->zero ? '0' : ' ', (size_t)n);
	f->buf->len += (size_t)n;
}

static int64_t count_runes(const uint8_t *s, size_t n)
{
	return utf8_count(s, n);
}

void fmt_pad(Fmt *f, const char *s, size_t n)
{
	if (!f->wid_present || f->wid == 0) {
		fmtbuf_write(f->buf, s, n);
		return;
	}
	int width = f->wid - (int)count_runes((const uint8_t *)s, n);
	if (!f->minus) {
		fmt_padding(f, width);
		fmtbuf_write(f->buf, s, n);
	} else {
		fmtbuf_write(f->buf, s, n);
		fmt_padding(f, width);
	}
}

static void fmt_pads(Fmt *f, const char *s)
{
	fmt_pad(f, s, strlen(s));
}

void fmt_boolean(Fmt *f, bool v)
{
	fmt_pads(f, v ? "true" : "false");
}

void fmt_unicode(Fmt *f, uint64_t u)
{
	char small[68];
	char *buf = small;
	size_t len = sizeof small;
	int prec = 4;
	if (f->prec_present && f->prec > 4) {
		prec = f->prec;
		size_t width = 2 + (size_t)prec + 2 + 4 + 1;
		if (width > len) {
			buf = malloc(width);
			len = width;
		}
	}
	size_t i = len;
	if (f->sharp && u <= 0x10FFFF && strconv_isprint((int32_t)u)) {
		buf[--i] = '\'';
		i -= (size_t)utf8_runelen((int32_t)u);
		utf8_encode((uint8_t *)buf + i, (int32_t)u);
		buf[--i] = '\'';
		buf[--i] = ' ';
	}
	while (u >= 16) {
		buf[--i] = udigits[u & 0xF];
		prec--;
		u >>= 4;
	}
	buf[--i] = udigits[u];
	prec--;
	while (prec > 0) {
		buf[--i] = '0';
		prec--;
	}
	buf[--i] = '+';
	buf[--i] = 'U';
	bool oldzero = f->zero;
	f->zero = false;
	fmt_pad(f, buf + i, len - i);
	f->zero = oldzero;
	if (buf != small)
		free(buf);
}

void fmt_integer(Fmt *f, uint64_t u, int base, bool is_signed, int verb, bool upper)
{
	const char *digits = upper ? udigits : ldigits;
	bool negative = is_signed && (int64_t)u < 0;
	if (negative)
		u = -u;
	char small[68];
	char *buf = small;
	size_t len = sizeof small;
	if (f->wid_present || f->prec_present) {
		size_t width = 3 + (size_t)f->wid + (size_t)f->prec;
		if (width > len) {
			buf = malloc(width);
			len = width;
		}
	}
	int prec = 0;
	if (f->prec_present) {
		prec = f->prec;
		if (prec == 0 && u == 0) {
			bool oldzero = f->zero;
			f->zero = false;
			fmt_padding(f, f->wid);
			f->zero = oldzero;
			if (buf != small)
				free(buf);
			return;
		}
	} else if (f->zero && f->wid_present) {
		prec = f->wid;
		if (negative || f->plus || f->space)
			prec--;
	}
	size_t i = len;
	switch (base) {
	case 10:
		while (u >= 10) {
			buf[--i] = (char)('0' + u % 10);
			u /= 10;
		}
		break;
	case 16:
		while (u >= 16) {
			buf[--i] = digits[u & 0xF];
			u >>= 4;
		}
		break;
	case 8:
		while (u >= 8) {
			buf[--i] = (char)('0' + (u & 7));
			u >>= 3;
		}
		break;
	case 2:
		while (u >= 2) {
			buf[--i] = (char)('0' + (u & 1));
			u >>= 1;
		}
		break;
	}
	buf[--i] = digits[u];
	while (i > 0 && prec > (int)(len - i))
		buf[--i] = '0';
	if (f->sharp) {
		switch (base) {
		case 2:
			buf[--i] = 'b';
			buf[--i] = '0';
			break;
		case 8:
			if (buf[i] != '0')
				buf[--i] = '0';
			break;
		case 16:
			buf[--i] = digits[16];
			buf[--i] = '0';
			break;
		}
	}
	if (verb == 'O') {
		buf[--i] = 'o';
		buf[--i] = '0';
	}
	if (negative)
		buf[--i] = '-';
	else if (f->plus)
		buf[--i] = '+';
	else if (f->space)
		buf[--i] = ' ';
	bool oldzero = f->zero;
	f->zero = false;
	fmt_pad(f, buf + i, len - i);
	f->zero = oldzero;
	if (buf != small)
		free(buf);
}

/* Bytes of s within the precision (counted in runes), as Go's truncateString. */
static size_t truncate(const Fmt *f, const uint8_t *s, size_t n)
{
	if (!f->prec_present)
		return n;
	int left = f->prec;
	for (size_t i = 0; i < n;) {
		if (--left < 0)
			return i;
		int size = 1;
		if (s[i] >= 0x80)
			utf8_decode(s + i, n - i, &size);
		i += (size_t)size;
	}
	return n;
}

void fmt_s(Fmt *f, const uint8_t *s, size_t n)
{
	fmt_pad(f, (const char *)s, truncate(f, s, n));
}

void fmt_sx(Fmt *f, const uint8_t *s, size_t n, bool upper)
{
	const char *digits = upper ? udigits : ldigits;
	size_t length = n;
	if (f->prec_present && (size_t)f->prec < length)
		length = (size_t)f->prec;
	size_t width = 2 * length;
	if (width > 0) {
		if (f->space) {
			if (f->sharp)
				width *= 2;
			width += length - 1;
		} else if (f->sharp)
			width += 2;
	} else {
		if (f->wid_present)
			fmt_padding(f, f->wid);
		return;
	}
	if (f->wid_present && f->wid > (int)width && !f->minus)
		fmt_padding(f, f->wid - (int)width);
	FmtBuf *b = f->buf;
	if (f->sharp) {
		fmtbuf_putc(b, '0');
		fmtbuf_putc(b, digits[16]);
	}
	for (size_t i = 0; i < length; i++) {
		if (f->space && i > 0) {
			fmtbuf_putc(b, ' ');
			if (f->sharp) {
				fmtbuf_putc(b, '0');
				fmtbuf_putc(b, digits[16]);
			}
		}
		fmtbuf_putc(b, digits[s[i] >> 4]);
		fmtbuf_putc(b, digits[s[i] & 0xF]);
	}
	if (f->wid_present && f->wid > (int)width && f->minus)
		fmt_padding(f, f->wid - (int)width);
}

void fmt_q(Fmt *f, const uint8_t *s, size_t n)
{
	n = truncate(f, s, n);
	FmtBuf tmp = {0};
	if (f->sharp && strconv_can_backquote(s, n)) {
		fmtbuf_putc(&tmp, '`');
		fmtbuf_write(&tmp, s, n);
		fmtbuf_putc(&tmp, '`');
	} else
		strconv_quote(&tmp, s, n, '"', f->plus, false);
	fmt_pad(f, tmp.p, tmp.len);
	fmtbuf_free(&tmp);
}

void fmt_c(Fmt *f, uint64_t c)
{
	int32_t r = c > 0x10FFFF ? 0xFFFD : (int32_t)c;
	uint8_t buf[4];
	int n = utf8_encode(buf, r);
	fmt_pad(f, (const char *)buf, (size_t)n);
}

void fmt_qc(Fmt *f, uint64_t c)
{
	int32_t r = c > 0x10FFFF ? 0xFFFD : (int32_t)c;
	FmtBuf tmp = {0};
	strconv_quote_rune(&tmp, r, '\'', f->plus, false);
	fmt_pad(f, tmp.p, tmp.len);
	fmtbuf_free(&tmp);
}

void fmt_float(Fmt *f, double v, int size, int verb, int prec)
{
	if (f->prec_present)
		prec = f->prec;
	FmtBuf nb = {0};
	fmtbuf_putc(&nb, '+');
	fmt_format_float(&nb, v, verb, prec, size);
	char *num = nb.p;
	size_t n = nb.len;
	if (num[1] == '-' || num[1] == '+') {
		num++;
		n--;
	} else
		num[0] = '+';
	if (f->space && num[0] == '+' && !f->plus)
		num[0] = ' ';
	if (num[1] == 'I' || num[1] == 'N') {
		bool oldzero = f->zero;
		f->zero = false;
		if (num[1] == 'N' && !f->space && !f->plus) {
			num++;
			n--;
		}
		fmt_pad(f, num, n);
		f->zero = oldzero;
		fmtbuf_free(&nb);
		return;
	}
	FmtBuf sharp = {0};
	if (f->sharp && verb != 'b') {
		int digits = 0;
		switch (verb) {
		case 'v':
		case 'g':
		case 'G':
		case 'x':
			digits = prec;
			if (digits == -1)
				digits = 6;
		}
		char tail[8];
		size_t ntail = 0;
		bool has_point = false, saw_nonzero = false;
		for (size_t i = 1; i < n; i++) {
			switch (num[i]) {
			case '.': has_point = true; break;
			case 'p':
			case 'P':
				ntail = n - i < sizeof tail ? n - i : sizeof tail;
				memcpy(tail, num + i, ntail);
				n = i;
				break;
			case 'e':
			case 'E':
				if (verb != 'x' && verb != 'X') {
					ntail = n - i < sizeof tail ? n - i : sizeof tail;
					memcpy(tail, num + i, ntail);
					n = i;
					break;
				}
				/* fallthrough */
			default:
				if (num[i] != '0')
					saw_nonzero = true;
				if (saw_nonzero)
					digits--;
			}
		}
		fmtbuf_write(&sharp, num, n);
		if (!has_point) {
			if (n == 2 && num[1] == '0')
				digits--;
			fmtbuf_putc(&sharp, '.');
		}
		for (; digits > 0; digits--)
			fmtbuf_putc(&sharp, '0');
		fmtbuf_write(&sharp, tail, ntail);
		num = sharp.p;
		n = sharp.len;
	}
	if (f->plus || num[0] != '+') {
		if (f->zero && f->wid_present && f->wid > (int)n) {
			fmtbuf_putc(f->buf, num[0]);
			fmt_padding(f, f->wid - (int)n);
			fmtbuf_write(f->buf, num + 1, n - 1);
		} else
			fmt_pad(f, num, n);
	} else
		fmt_pad(f, num + 1, n - 1);
	fmtbuf_free(&sharp);
	fmtbuf_free(&nb);
}

/* ---------------------------------------------------------------- the printer (print.go) */

typedef struct Printer {
	G *g;
	FmtBuf *buf;
	Fmt fmt;
	bool erroring;  /* inside badVerb: no methods are called */
	bool panicking; /* printing a recovered panic value */
	bool wrap_errs; /* Errorf: %w allowed */
	bool reordered; /* an explicit argument index was used */
	bool good_argnum;
	bool failed;      /* a panic is pending in g: stop formatting */
	int64_t *wrapped; /* Errorf: argument indexes of %w verbs */
	int64_t nwrapped, wrapped_cap;
	Type *cur_t; /* the value badVerb describes (Go's p.arg / p.value) */
	const void *cur_p;
} Printer;

static void print_value(Printer *p, Type *t, const void *v, int verb, int depth, bool ro);

static bool is_int_kind(Kind k)
{
	return k >= K_INT && k <= K_INT64;
}
static bool is_uint_kind(Kind k)
{
	return k >= K_UINT && k <= K_UINTPTR;
}

static int64_t load_int(const Type *t, const void *p)
{
	switch (t->size) {
	case 1: return *(const int8_t *)p;
	case 2: return *(const int16_t *)p;
	case 4: return *(const int32_t *)p;
	default: return *(const int64_t *)p;
	}
}

static uint64_t load_uint(const Type *t, const void *p)
{
	switch (t->size) {
	case 1: return *(const uint8_t *)p;
	case 2: return *(const uint16_t *)p;
	case 4: return *(const uint32_t *)p;
	default: return *(const uint64_t *)p;
	}
}

static double load_float(const Type *t, const void *p)
{
	if (t->kind == K_FLOAT32)
		return *(const float *)p;
	return *(const double *)p;
}

/* The interface data word for the value of type t at p. */
static void *data_word(const Type *t, const void *p)
{
	return t->direct_iface ? *(void *const *)p : (void *)p;
}

/* The value an interface at p holds: its dynamic type and a pointer to the value. */
static Type *iface_elem(Type *it, const void *p, const void **elem)
{
	const Iface *v = p;
	Type *dt = iface_type(*v, types_under(it)->nimethods == 0);
	if (dt)
		*elem = dt->direct_iface ? (const void *)&v->data : v->data;
	return dt;
}

static void put_type_string(Printer *p, const Type *t)
{
	fmtbuf_puts(p->buf, t->str);
}

static void bad_verb(Printer *p, int verb)
{
	p->erroring = true;
	fmtbuf_puts(p->buf, "%!");
	fmtbuf_putrune(p->buf, verb);
	fmtbuf_putc(p->buf, '(');
	if (p->cur_t) {
		Type *t = p->cur_t;
		const void *v = p->cur_p;
		put_type_string(p, t);
		fmtbuf_putc(p->buf, '=');
		print_value(p, t, v, 'v', 0, false);
	} else
		fmtbuf_puts(p->buf, "<nil>");
	fmtbuf_putc(p->buf, ')');
	p->erroring = false;
}

static void fmt_bool(Printer *p, bool v, int verb)
{
	if (verb == 't' || verb == 'v')
		fmt_boolean(&p->fmt, v);
	else
		bad_verb(p, verb);
}

static void fmt_0x64(Printer *p, uint64_t v, bool leading0x)
{
	bool sharp = p->fmt.sharp;
	p->fmt.sharp = leading0x;
	fmt_integer(&p->fmt, v, 16, false, 'v', false);
	p->fmt.sharp = sharp;
}

static void print_integer(Printer *p, uint64_t v, bool is_signed, int verb)
{
	Fmt *f = &p->fmt;
	switch (verb) {
	case 'v':
		if (f->sharp_v && !is_signed)
			fmt_0x64(p, v, true);
		else
			fmt_integer(f, v, 10, is_signed, verb, false);
		break;
	case 'd': fmt_integer(f, v, 10, is_signed, verb, false); break;
	case 'b': fmt_integer(f, v, 2, is_signed, verb, false); break;
	case 'o':
	case 'O': fmt_integer(f, v, 8, is_signed, verb, false); break;
	case 'x': fmt_integer(f, v, 16, is_signed, verb, false); break;
	case 'X': fmt_integer(f, v, 16, is_signed, verb, true); break;
	case 'c': fmt_c(f, v); break;
	case 'q': fmt_qc(f, v); break;
	case 'U': fmt_unicode(f, v); break;
	default: bad_verb(p, verb);
	}
}

static void print_float(Printer *p, double v, int size, int verb)
{
	switch (verb) {
	case 'v': fmt_float(&p->fmt, v, size, 'g', -1); break;
	case 'b':
	case 'g':
	case 'G':
	case 'x':
	case 'X': fmt_float(&p->fmt, v, size, verb, -1); break;
	case 'f':
	case 'e':
	case 'E': fmt_float(&p->fmt, v, size, verb, 6); break;
	case 'F': fmt_float(&p->fmt, v, size, 'f', 6); break;
	default: bad_verb(p, verb);
	}
}

static void print_string(Printer *p, const uint8_t *s, size_t n, int verb)
{
	switch (verb) {
	case 'v':
		if (p->fmt.sharp_v)
			fmt_q(&p->fmt, s, n);
		else
			fmt_s(&p->fmt, s, n);
		break;
	case 's': fmt_s(&p->fmt, s, n); break;
	case 'x': fmt_sx(&p->fmt, s, n, false); break;
	case 'X': fmt_sx(&p->fmt, s, n, true); break;
	case 'q': fmt_q(&p->fmt, s, n); break;
	default: bad_verb(p, verb);
	}
}

/* Go's fmtBytes for []byte and byte arrays. 'nil_slice' tells a nil slice from an empty one. */
static void print_bytes(Printer *p, Type *t, const uint8_t *b, int64_t n, bool nil_slice, int verb,
                        const char *type_string, const void *v)
{
	switch (verb) {
	case 'v':
	case 'd':
		if (p->fmt.sharp_v) {
			fmtbuf_puts(p->buf, type_string);
			if (nil_slice) {
				fmtbuf_puts(p->buf, "(nil)");
				return;
			}
			fmtbuf_putc(p->buf, '{');
			for (int64_t i = 0; i < n; i++) {
				if (i > 0)
					fmtbuf_puts(p->buf, ", ");
				fmt_0x64(p, b[i], true);
			}
			fmtbuf_putc(p->buf, '}');
		} else {
			fmtbuf_putc(p->buf, '[');
			for (int64_t i = 0; i < n; i++) {
				if (i > 0)
					fmtbuf_putc(p->buf, ' ');
				fmt_integer(&p->fmt, b[i], 10, false, verb, false);
			}
			fmtbuf_putc(p->buf, ']');
		}
		break;
	case 's': fmt_s(&p->fmt, b, (size_t)n); break;
	case 'x': fmt_sx(&p->fmt, b, (size_t)n, false); break;
	case 'X': fmt_sx(&p->fmt, b, (size_t)n, true); break;
	case 'q': fmt_q(&p->fmt, b, (size_t)n); break;
	default:
		/* Go: printValue(reflect.ValueOf(v), verb, 0): element by element */
		p->cur_t = t;
		p->cur_p = v;
		fmtbuf_putc(p->buf, '[');
		for (int64_t i = 0; i < n; i++) {
			if (i > 0)
				fmtbuf_putc(p->buf, ' ');
			p->cur_t = t_uint8;
			p->cur_p = b + i;
			print_integer(p, b[i], false, verb);
		}
		fmtbuf_putc(p->buf, ']');
	}
}

static uintptr_t pointer_of(const Type *t, const void *v)
{
	if (t->kind == K_SLICE)
		return (uintptr_t)((const Slice *)v)->ptr;
	return (uintptr_t) * (void *const *)v;
}

static void fmt_pointer(Printer *p, Type *t, const void *v, int verb)
{
	switch (t->kind) {
	case K_CHAN:
	case K_FUNC:
	case K_MAP:
	case K_POINTER:
	case K_SLICE:
	case K_UNSAFEPTR: break;
	default: bad_verb(p, verb); return;
	}
	uintptr_t u = pointer_of(t, v);
	switch (verb) {
	case 'v':
		if (p->fmt.sharp_v) {
			fmtbuf_putc(p->buf, '(');
			put_type_string(p, t);
			fmtbuf_puts(p->buf, ")(");
			if (u == 0)
				fmtbuf_puts(p->buf, "nil");
			else
				fmt_0x64(p, u, true);
			fmtbuf_putc(p->buf, ')');
		} else if (u == 0)
			fmt_pads(&p->fmt, "<nil>");
		else
			fmt_0x64(p, u, !p->fmt.sharp);
		break;
	case 'p': fmt_0x64(p, u, !p->fmt.sharp); break;
	case 'b':
	case 'o':
	case 'd':
	case 'x':
	case 'X': print_integer(p, u, false, verb); break;
	default: bad_verb(p, verb);
	}
}

/* ---------------------------------------------------------------- methods */

/* Cheap test before calling into the VM: can t have String or Error in its method set? */
bool std_may_have_methods(const Type *t)
{
	if (t->nmethods > 0)
		return true;
	const Type *s = t;
	if (t->kind == K_POINTER) {
		if (t->elem->nmethods > 0)
			return true;
		s = t->elem;
	}
	if (s->kind == K_STRUCT)
		for (int i = 0; i < s->nfields; i++)
			if (s->fields[i].embedded)
				return true;
	return false;
}

static void print_arg(Printer *p, Type *t, const void *v, int verb);

/*
 * Calls the method 'name' and prints its result with print_string, or deals with its panic as
 * Go's catchPanic. Returns 0 when the type has no such method, 1 when handled.
 */
static int call_and_print(Printer *p, Type *t, const void *v, const char *name, int verb,
                          bool go_string)
{
	String s;
	int r = rt_call_string_method(p->g, t, data_word(t, v), name, &s);
	if (r == 0)
		return 0;
	if (r > 0) {
		if (go_string)
			fmt_s(&p->fmt, s.ptr, (size_t)s.len);
		else
			print_string(p, s.ptr, (size_t)s.len, verb);
		return 1;
	}
	/* The method panicked: Go's catchPanic. */
	if (t->kind == K_POINTER && *(void *const *)v == NULL) {
		Iface dropped;
		rt_take_panic(p->g, &dropped);
		fmtbuf_puts(p->buf, "<nil>");
		return 1;
	}
	if (p->panicking) {
		p->failed = true;
		return 1;
	}
	Iface err;
	if (!rt_take_panic(p->g, &err)) {
		p->failed = true;
		return 1;
	}
	Fmt old = p->fmt;
	fmt_clearflags(&p->fmt);
	fmtbuf_puts(p->buf, "%!");
	fmtbuf_putrune(p->buf, verb);
	fmtbuf_puts(p->buf, "(PANIC=");
	fmtbuf_puts(p->buf, go_string ? "GoString" : name);
	fmtbuf_puts(p->buf, " method: ");
	p->panicking = true;
	Type *et = err.tab;
	print_arg(p, et, et && et->direct_iface ? (const void *)&err.data : err.data, 'v');
	p->panicking = false;
	fmtbuf_putc(p->buf, ')');
	p->fmt = old;
	return 1;
}

static bool handle_methods(Printer *p, Type *t, const void *v, int verb)
{
	if (p->erroring || p->failed)
		return false;
	if (verb == 'w') {
		if (!p->wrap_errs) {
			p->cur_t = t;
			p->cur_p = v;
			bad_verb(p, verb);
			return true;
		}
		if (!std_may_have_methods(t) || !call_and_print(p, t, v, "Error", 'v', false)) {
			p->cur_t = t;
			p->cur_p = v;
			bad_verb(p, verb);
		}
		return true;
	}
	if (!std_may_have_methods(t))
		return false;
	if (p->fmt.sharp_v)
		return call_and_print(p, t, v, "GoString", verb, true) != 0;
	switch (verb) {
	case 'v':
	case 's':
	case 'x':
	case 'X':
	case 'q':
		if (call_and_print(p, t, v, "Error", verb, false))
			return true;
		return call_and_print(p, t, v, "String", verb, false) != 0;
	}
	return false;
}

/* ---------------------------------------------------------------- maps (internal/fmtsort) */

static int compare_values(Type *t, const void *a, const void *b);

static int cmp3(bool lt, bool gt)
{
	return lt ? -1 : gt ? 1 : 0;
}

static int compare_float(double a, double b)
{
	if (a < b)
		return -1;
	if (a > b)
		return 1;
	if (a == b)
		return 0;
	if (isnan(a) && !isnan(b))
		return -1;
	if (!isnan(a) && isnan(b))
		return 1;
	return 0;
}

static int compare_values(Type *t, const void *a, const void *b)
{
	switch (t->kind) {
	case K_BOOL:
		return cmp3(!*(const uint8_t *)a && *(const uint8_t *)b,
		            *(const uint8_t *)a && !*(const uint8_t *)b);
	case K_STRING: {
		int64_t c = cmp_bytes(*(const String *)a, *(const String *)b);
		return c < 0 ? -1 : c > 0;
	}
	case K_FLOAT32:
	case K_FLOAT64: return compare_float(load_float(t, a), load_float(t, b));
	case K_POINTER:
	case K_CHAN:
	case K_UNSAFEPTR:
	case K_FUNC:
	case K_MAP: {
		uintptr_t x = (uintptr_t) * (void *const *)a, y = (uintptr_t) * (void *const *)b;
		return cmp3(x<y, x> y);
	}
	case K_STRUCT:
		for (int i = 0; i < t->nfields; i++) {
			int c = compare_values(t->fields[i].type,
			                       (const char *)a + t->fields[i].offset,
			                       (const char *)b + t->fields[i].offset);
			if (c)
				return c;
		}
		return 0;
	case K_ARRAY:
		for (int64_t i = 0; i < t->len; i++) {
			int c = compare_values(t->elem, (const char *)a + i * t->elem->size,
			                       (const char *)b + i * t->elem->size);
			if (c)
				return c;
		}
		return 0;
	case K_INTERFACE: {
		const void *ea = NULL, *eb = NULL;
		Type *ta = iface_elem(t, a, &ea), *tb = iface_elem(t, b, &eb);
		if (!ta || !tb)
			return cmp3(!ta && tb, ta && !tb);
		if (ta != tb)
			return cmp3((uintptr_t)ta<(uintptr_t)tb, (uintptr_t)ta>(uintptr_t) tb);
		return compare_values(ta, ea, eb);
	}
	default:
		if (is_int_kind(t->kind)) {
			int64_t x = load_int(t, a), y = load_int(t, b);
			return cmp3(x<y, x> y);
		}
		if (is_uint_kind(t->kind)) {
			uint64_t x = load_uint(t, a), y = load_uint(t, b);
			return cmp3(x<y, x> y);
		}
		return 0;
	}
}

typedef struct MapEntry {
	void *key, *val;
} MapEntry;

/* Stable merge sort of map entries by key (Go sorts with sort.Stable). */
static void sort_entries(Type *kt, MapEntry *e, MapEntry *tmp, int64_t n)
{
	if (n < 2)
		return;
	if (n <= 8) {
		for (int64_t i = 1; i < n; i++)
			for (int64_t j = i; j > 0 && compare_values(kt, e[j].key, e[j - 1].key) < 0;
			     j--) {
				MapEntry x = e[j];
				e[j] = e[j - 1];
				e[j - 1] = x;
			}
		return;
	}
	int64_t m = n / 2;
	sort_entries(kt, e, tmp, m);
	sort_entries(kt, e + m, tmp, n - m);
	int64_t i = 0, j = m, k = 0;
	while (i < m && j < n)
		tmp[k++] = compare_values(kt, e[j].key, e[i].key) < 0 ? e[j++] : e[i++];
	while (i < m)
		tmp[k++] = e[i++];
	while (j < n)
		tmp[k++] = e[j++];
	memcpy(e, tmp, (size_t)n * sizeof *e);
}

static void print_map(Printer *p, Type *t, const void *v, int verb, int depth, bool ro)
{
	Map *m = *(Map *const *)v;
	if (p->fmt.sharp_v) {
		put_type_string(p, t);
		if (!m) {
			fmtbuf_puts(p->buf, "(nil)");
			return;
		}
		fmtbuf_putc(p->buf, '{');
	} else
		fmtbuf_puts(p->buf, "map[");
	int64_t n = m ? map_len(m) : 0, cnt = 0;
	MapEntry *e = malloc(sizeof *e * (size_t)(2 * n + 1));
	MapIter it;
	if (m) {
		map_iter_init(&it, m);
		void *k, *val;
		while (cnt < n && map_iter_next(&it, &k, &val)) {
			e[cnt].key = k;
			e[cnt].val = val;
			cnt++;
		}
	}
	sort_entries(t->key, e, e + n, cnt);
	for (int64_t i = 0; i < cnt && !p->failed; i++) {
		if (i > 0) {
			if (p->fmt.sharp_v)
				fmtbuf_puts(p->buf, ", ");
			else
				fmtbuf_putc(p->buf, ' ');
		}
		print_value(p, t->key, e[i].key, verb, depth + 1, ro);
		fmtbuf_putc(p->buf, ':');
		print_value(p, t->elem, e[i].val, verb, depth + 1, ro);
	}
	free(e);
	fmtbuf_putc(p->buf, p->fmt.sharp_v ? '}' : ']');
}

static void print_struct(Printer *p, Type *t, const void *v, int verb, int depth, bool ro)
{
	if (p->fmt.sharp_v)
		put_type_string(p, t);
	fmtbuf_putc(p->buf, '{');
	for (int i = 0; i < t->nfields && !p->failed; i++) {
		StructField *fl = &t->fields[i];
		if (i > 0) {
			if (p->fmt.sharp_v)
				fmtbuf_puts(p->buf, ", ");
			else
				fmtbuf_putc(p->buf, ' ');
		}
		if ((p->fmt.plus_v || p->fmt.sharp_v) && fl->name && fl->name[0]) {
			fmtbuf_puts(p->buf, fl->name);
			fmtbuf_putc(p->buf, ':');
		}
		Type *ft = fl->type;
		const void *fv = (const char *)v + fl->offset;
		bool fro = ro || !fl->exported;
		/* Go's getField: a non-nil interface field prints as the value inside it. */
		if (ft->kind == K_INTERFACE) {
			const void *ev;
			Type *et = iface_elem(ft, fv, &ev);
			if (et) {
				print_value(p, et, ev, verb, depth + 1, fro);
				continue;
			}
		}
		print_value(p, ft, fv, verb, depth + 1, fro);
	}
	fmtbuf_putc(p->buf, '}');
}

static void print_list(Printer *p, Type *t, const void *v, int verb, int depth, bool ro)
{
	Type *et = t->elem;
	const char *base;
	int64_t n;
	bool is_nil = false;
	if (t->kind == K_SLICE) {
		const Slice *s = v;
		base = s->ptr;
		n = s->len;
		is_nil = s->ptr == NULL;
	} else {
		base = v;
		n = t->len;
	}
	if (et->kind == K_UINT8 && (verb == 's' || verb == 'q' || verb == 'x' || verb == 'X')) {
		print_bytes(p, t, (const uint8_t *)base, n, is_nil, verb, t->str, v);
		return;
	}
	if (p->fmt.sharp_v) {
		put_type_string(p, t);
		if (t->kind == K_SLICE && is_nil) {
			fmtbuf_puts(p->buf, "(nil)");
			return;
		}
		fmtbuf_putc(p->buf, '{');
		for (int64_t i = 0; i < n && !p->failed; i++) {
			if (i > 0)
				fmtbuf_puts(p->buf, ", ");
			print_value(p, et, base + i * et->size, verb, depth + 1, ro);
		}
		fmtbuf_putc(p->buf, '}');
	} else {
		fmtbuf_putc(p->buf, '[');
		for (int64_t i = 0; i < n && !p->failed; i++) {
			if (i > 0)
				fmtbuf_putc(p->buf, ' ');
			print_value(p, et, base + i * et->size, verb, depth + 1, ro);
		}
		fmtbuf_putc(p->buf, ']');
	}
}

static void print_value(Printer *p, Type *t, const void *v, int verb, int depth, bool ro)
{
	if (p->failed)
		return;
	if (depth > 0 && t && !ro && handle_methods(p, t, v, verb))
		return;
	p->cur_t = t;
	p->cur_p = v;
	if (!t) {
		if (depth == 0)
			fmtbuf_puts(p->buf, "<invalid reflect.Value>");
		else if (verb == 'v')
			fmtbuf_puts(p->buf, "<nil>");
		else
			bad_verb(p, verb);
		return;
	}
	switch (t->kind) {
	case K_BOOL: fmt_bool(p, *(const uint8_t *)v != 0, verb); return;
	case K_FLOAT32: print_float(p, *(const float *)v, 32, verb); return;
	case K_FLOAT64: print_float(p, *(const double *)v, 64, verb); return;
	case K_STRING: {
		const String *s = v;
		print_string(p, s->ptr, (size_t)s->len, verb);
		return;
	}
	case K_MAP: print_map(p, t, v, verb, depth, ro); return;
	case K_STRUCT: print_struct(p, t, v, verb, depth, ro); return;
	case K_INTERFACE: {
		const void *ev = NULL;
		Type *et = iface_elem(t, v, &ev);
		if (!et) {
			if (p->fmt.sharp_v) {
				put_type_string(p, t);
				fmtbuf_puts(p->buf, "(nil)");
			} else
				fmtbuf_puts(p->buf, "<nil>");
		} else
			print_value(p, et, ev, verb, depth + 1, ro);
		return;
	}
	case K_ARRAY:
	case K_SLICE: print_list(p, t, v, verb, depth, ro); return;
	case K_POINTER:
		if (depth == 0 && *(void *const *)v != NULL) {
			Type *et = t->elem;
			switch (et->kind) {
			case K_ARRAY:
			case K_SLICE:
			case K_STRUCT:
			case K_MAP:
				fmtbuf_putc(p->buf, '&');
				print_value(p, et, *(void *const *)v, verb, depth + 1, ro);
				return;
			default: break;
			}
		}
		fmt_pointer(p, t, v, verb);
		return;
	case K_CHAN:
	case K_FUNC:
	case K_UNSAFEPTR: fmt_pointer(p, t, v, verb); return;
	default:
		if (is_int_kind(t->kind)) {
			print_integer(p, (uint64_t)load_int(t, v), true, verb);
			return;
		}
		if (is_uint_kind(t->kind)) {
			print_integer(p, load_uint(t, v), false, verb);
			return;
		}
		fmtbuf_putc(p->buf, '?');
		put_type_string(p, t);
		fmtbuf_putc(p->buf, '?');
	}
}

static void print_arg(Printer *p, Type *t, const void *v, int verb)
{
	if (p->failed)
		return;
	p->cur_t = t;
	p->cur_p = v;
	if (!t) {
		if (verb == 'T' || verb == 'v')
			fmt_pads(&p->fmt, "<nil>");
		else
			bad_verb(p, verb);
		return;
	}
	if (verb == 'T') {
		fmt_s(&p->fmt, (const uint8_t *)t->str, strlen(t->str));
		return;
	}
	if (verb == 'p') {
		fmt_pointer(p, t, v, 'p');
		return;
	}
	/* []byte itself (not a named byte slice) prints its type as "[]byte" under %#v. */
	if (t->kind == K_SLICE && !t->name && t->elem == t_uint8) {
		const Slice *s = v;
		print_bytes(p, t, s->ptr, s->len, s->ptr == NULL, verb, "[]byte", v);
		return;
	}
	if (handle_methods(p, t, v, verb))
		return;
	print_value(p, t, v, verb, 0, false);
}

static void print_iface(Printer *p, const Iface *a, int verb)
{
	Type *t = a->tab;
	print_arg(p, t, t && t->direct_iface ? (const void *)&a->data : a->data, verb);
}

/* ---------------------------------------------------------------- Printf */

static bool too_large(int64_t x)
{
	return x > 1000000 || x < -1000000;
}

static int parsenum(const uint8_t *s, int start, int end, bool *isnum, int *newi)
{
	int num = 0;
	*isnum = false;
	if (start >= end) {
		*newi = end;
		return 0;
	}
	int i;
	for (i = start; i < end && s[i] >= '0' && s[i] <= '9'; i++) {
		if (too_large(num)) {
			*isnum = false;
			*newi = end;
			return 0;
		}
		num = num * 10 + (s[i] - '0');
		*isnum = true;
	}
	*newi = i;
	return num;
}

/* Go's intFromArg: a width or precision taken from an integer argument. */
static int int_from_arg(const Iface *a, int64_t nargs, int64_t *argnum, bool *is_int)
{
	int64_t num = 0;
	*is_int = false;
	if (*argnum < nargs) {
		Type *t = a[*argnum].tab;
		if (t) {
			const void *v =
			        t->direct_iface ? (const void *)&a[*argnum].data : a[*argnum].data;
			if (is_int_kind(t->kind)) {
				num = load_int(t, v);
				*is_int = true;
			} else if (is_uint_kind(t->kind)) {
				uint64_t u = load_uint(t, v);
				if ((int64_t)u >= 0) {
					num = (int64_t)u;
					*is_int = true;
				}
			}
		}
		(*argnum)++;
		if (too_large(num)) {
			num = 0;
			*is_int = false;
		}
	}
	return (int)num;
}

/* Go's argNumber: an explicit [n] argument index at format[i]. */
static int64_t arg_number(Printer *p, int64_t argnum, const uint8_t *fmt, int end, int *i,
                          int64_t nargs, bool *found)
{
	*found = false;
	if (*i >= end || fmt[*i] != '[')
		return argnum;
	p->reordered = true;
	/* parseArgNumber */
	int wid = 1;
	bool ok = false;
	int index = 0;
	if (end - *i >= 3) {
		for (int j = *i + 1; j < end; j++) {
			if (fmt[j] == ']') {
				bool isnum;
				int newi;
				int w = parsenum(fmt, *i + 1, j, &isnum, &newi);
				if (!isnum || newi != j) {
					wid = j - *i + 1;
					ok = false;
				} else {
					index = w - 1;
					wid = j - *i + 1;
					ok = true;
				}
				break;
			}
		}
	}
	if (ok && index >= 0 && index < nargs) {
		*i += wid;
		*found = true;
		return index;
	}
	p->good_argnum = false;
	*i += wid;
	*found = ok;
	return argnum;
}

static void set_v_flags(Fmt *f)
{
	f->sharp_v = f->sharp;
	f->sharp = false;
	f->plus_v = f->plus;
	f->plus = false;
}

static void record_wrapped(Printer *p, int64_t argnum)
{
	if (p->wrapped && p->nwrapped < p->wrapped_cap)
		p->wrapped[p->nwrapped] = argnum;
	p->nwrapped++;
}

static void do_printf(Printer *p, String format, const Iface *a, int64_t nargs)
{
	const uint8_t *fs = format.ptr;
	int end = (int)format.len;
	int64_t argnum = 0;
	bool after_index = false;
	p->reordered = false;
	Fmt *f = &p->fmt;
	int i = 0;
	while (i < end && !p->failed) {
		p->good_argnum = true;
		int lasti = i;
		while (i < end && fs[i] != '%')
			i++;
		if (i > lasti)
			fmtbuf_write(p->buf, fs + lasti, (size_t)(i - lasti));
		if (i >= end)
			break;
		i++;
		fmt_clearflags(f);
		bool simple_done = false;
		for (; i < end; i++) {
			uint8_t c = fs[i];
			if (c == '#')
				f->sharp = true;
			else if (c == '0')
				f->zero = !f->minus;
			else if (c == '+')
				f->plus = true;
			else if (c == '-') {
				f->minus = true;
				f->zero = false;
			} else if (c == ' ')
				f->space = true;
			else {
				if (c >= 'a' && c <= 'z' && argnum < nargs) {
					if (c == 'w') {
						record_wrapped(p, argnum);
						set_v_flags(f);
					} else if (c == 'v')
						set_v_flags(f);
					print_iface(p, &a[argnum], c);
					argnum++;
					i++;
					simple_done = true;
				}
				break;
			}
		}
		if (simple_done)
			continue;
		argnum = arg_number(p, argnum, fs, end, &i, nargs, &after_index);
		if (i < end && fs[i] == '*') {
			i++;
			f->wid = int_from_arg(a, nargs, &argnum, &f->wid_present);
			if (!f->wid_present)
				fmtbuf_puts(p->buf, "%!(BADWIDTH)");
			if (f->wid < 0) {
				f->wid = -f->wid;
				f->minus = true;
				f->zero = false;
			}
			after_index = false;
		} else {
			bool isnum;
			f->wid = parsenum(fs, i, end, &isnum, &i);
			f->wid_present = isnum;
			if (after_index && f->wid_present)
				p->good_argnum = false;
		}
		if (i + 1 < end && fs[i] == '.') {
			i++;
			if (after_index)
				p->good_argnum = false;
			argnum = arg_number(p, argnum, fs, end, &i, nargs, &after_index);
			if (i < end && fs[i] == '*') {
				i++;
				f->prec = int_from_arg(a, nargs, &argnum, &f->prec_present);
				if (f->prec < 0) {
					f->prec = 0;
					f->prec_present = false;
				}
				if (!f->prec_present)
					fmtbuf_puts(p->buf, "%!(BADPREC)");
				after_index = false;
			} else {
				bool isnum;
				f->prec = parsenum(fs, i, end, &isnum, &i);
				f->prec_present = true;
				if (!isnum)
					f->prec = 0;
			}
		}
		if (!after_index)
			argnum = arg_number(p, argnum, fs, end, &i, nargs, &after_index);
		if (i >= end) {
			fmtbuf_puts(p->buf, "%!(NOVERB)");
			break;
		}
		int32_t verb = fs[i];
		int size = 1;
		if (verb >= 0x80)
			verb = utf8_decode(fs + i, (size_t)(end - i), &size);
		i += size;
		if (verb == '%')
			fmtbuf_putc(p->buf, '%');
		else if (!p->good_argnum) {
			fmtbuf_puts(p->buf, "%!");
			fmtbuf_putrune(p->buf, verb);
			fmtbuf_puts(p->buf, "(BADINDEX)");
		} else if (argnum >= nargs) {
			fmtbuf_puts(p->buf, "%!");
			fmtbuf_putrune(p->buf, verb);
			fmtbuf_puts(p->buf, "(MISSING)");
		} else {
			if (verb == 'w')
				record_wrapped(p, argnum);
			if (verb == 'v' || verb == 'w')
				set_v_flags(f);
			print_iface(p, &a[argnum], verb);
			argnum++;
		}
	}
	if (!p->failed && !p->reordered && argnum < nargs) {
		fmt_clearflags(f);
		fmtbuf_puts(p->buf, "%!(EXTRA ");
		for (int64_t k = argnum; k < nargs && !p->failed; k++) {
			if (k > argnum)
				fmtbuf_puts(p->buf, ", ");
			Type *t = a[k].tab;
			if (!t)
				fmtbuf_puts(p->buf, "<nil>");
			else {
				put_type_string(p, t);
				fmtbuf_putc(p->buf, '=');
				print_iface(p, &a[k], 'v');
			}
		}
		fmtbuf_putc(p->buf, ')');
	}
}

static void printer_init(Printer *p, G *g, FmtBuf *out)
{
	memset(p, 0, sizeof *p);
	p->g = g;
	p->buf = out;
	p->fmt.buf = out;
}

bool fmt_sprintf(G *g, FmtBuf *out, String format, const Iface *args, int64_t nargs,
                 int64_t *wrapped, int64_t nwrapped_cap, int64_t *nwrapped)
{
	Printer p;
	printer_init(&p, g, out);
	p.wrap_errs = wrapped != NULL;
	p.wrapped = wrapped;
	p.wrapped_cap = nwrapped_cap;
	do_printf(&p, format, args, nargs);
	if (nwrapped)
		*nwrapped = p.nwrapped < nwrapped_cap ? p.nwrapped : nwrapped_cap;
	return !p.failed;
}

bool fmt_sprint(G *g, FmtBuf *out, const Iface *args, int64_t nargs)
{
	Printer p;
	printer_init(&p, g, out);
	bool prev_string = false;
	for (int64_t i = 0; i < nargs && !p.failed; i++) {
		Type *t = args[i].tab;
		bool is_string = t && t->kind == K_STRING;
		if (i > 0 && !is_string && !prev_string)
			fmtbuf_putc(out, ' ');
		fmt_clearflags(&p.fmt);
		print_iface(&p, &args[i], 'v');
		prev_string = is_string;
	}
	return !p.failed;
}

bool fmt_sprintln(G *g, FmtBuf *out, const Iface *args, int64_t nargs)
{
	Printer p;
	printer_init(&p, g, out);
	for (int64_t i = 0; i < nargs && !p.failed; i++) {
		if (i > 0)
			fmtbuf_putc(out, ' ');
		fmt_clearflags(&p.fmt);
		print_iface(&p, &args[i], 'v');
	}
	fmtbuf_putc(out, '\n');
	return !p.failed;
}

/* ---------------------------------------------------------------- natives */

static const Iface *slice_ifaces(const Slot *s)
{
	return (const Iface *)(uintptr_t)s[0];
}

/* func Sprintf(format string, a ...any) string */
static void n_sprintf(G *g, Slot *a)
{
	FmtBuf b = {0};
	if (fmt_sprintf(g, &b, string_from_slots(a), slice_ifaces(a + 2), (int64_t)a[3], NULL, 0,
	                NULL)) {
		String s = fmtbuf_string(&b);
		a[5] = (Slot)(uintptr_t)s.ptr;
		a[6] = (Slot)s.len;
	}
	fmtbuf_free(&b);
}

/* func Sprint(a ...any) string */
static void n_sprint(G *g, Slot *a)
{
	FmtBuf b = {0};
	if (fmt_sprint(g, &b, slice_ifaces(a), (int64_t)a[1])) {
		String s = fmtbuf_string(&b);
		a[3] = (Slot)(uintptr_t)s.ptr;
		a[4] = (Slot)s.len;
	}
	fmtbuf_free(&b);
}

/* func Sprintln(a ...any) string */
static void n_sprintln(G *g, Slot *a)
{
	FmtBuf b = {0};
	if (fmt_sprintln(g, &b, slice_ifaces(a), (int64_t)a[1])) {
		String s = fmtbuf_string(&b);
		a[3] = (Slot)(uintptr_t)s.ptr;
		a[4] = (Slot)s.len;
	}
	fmtbuf_free(&b);
}

/* Results (n int, err error) at r: n bytes written, nil error. */
static void put_n_err(Slot *r, size_t n)
{
	r[0] = (Slot)n;
	r[1] = 0;
	r[2] = 0;
}

/* func Printf(format string, a ...any) (n int, err error) */
static void n_printf(G *g, Slot *a)
{
	FmtBuf b = {0};
	if (fmt_sprintf(g, &b, string_from_slots(a), slice_ifaces(a + 2), (int64_t)a[3], NULL, 0,
	                NULL)) {
		rt_stdout_write(b.p, b.len);
		put_n_err(a + 5, b.len);
	}
	fmtbuf_free(&b);
}

/* func Print(a ...any) (n int, err error) */
static void n_print(G *g, Slot *a)
{
	FmtBuf b = {0};
	if (fmt_sprint(g, &b, slice_ifaces(a), (int64_t)a[1])) {
		rt_stdout_write(b.p, b.len);
		put_n_err(a + 3, b.len);
	}
	fmtbuf_free(&b);
}

/* func Println(a ...any) (n int, err error) */
static void n_println(G *g, Slot *a)
{
	FmtBuf b = {0};
	if (fmt_sprintln(g, &b, slice_ifaces(a), (int64_t)a[1])) {
		rt_stdout_write(b.p, b.len);
		put_n_err(a + 3, b.len);
	}
	fmtbuf_free(&b);
}

/* dst + the formatted bytes, in dst's spare capacity when it fits (as append). */
static void append_result(const Slot *dst, const FmtBuf *b, Slot *r)
{
	Slice s = {(void *)(uintptr_t)dst[0], (int64_t)dst[1], (int64_t)dst[2]};
	int64_t newlen = s.len + (int64_t)b->len;
	if (newlen > s.cap)
		s = growslice(t_uint8, s, newlen);
	else
		s.len = newlen;
	if (b->len)
		memcpy((char *)s.ptr + newlen - (int64_t)b->len, b->p, b->len);
	r[0] = (Slot)(uintptr_t)s.ptr;
	r[1] = (Slot)s.len;
	r[2] = (Slot)s.cap;
}

/* func Appendf(b []byte, format string, a ...any) []byte */
static void n_appendf(G *g, Slot *a)
{
	FmtBuf b = {0};
	if (fmt_sprintf(g, &b, string_from_slots(a + 3), slice_ifaces(a + 5), (int64_t)a[6], NULL,
	                0, NULL))
		append_result(a, &b, a + 8);
	fmtbuf_free(&b);
}

/* func Append(b []byte, a ...any) []byte */
static void n_append(G *g, Slot *a)
{
	FmtBuf b = {0};
	if (fmt_sprint(g, &b, slice_ifaces(a + 3), (int64_t)a[4]))
		append_result(a, &b, a + 6);
	fmtbuf_free(&b);
}

/* func Appendln(b []byte, a ...any) []byte */
static void n_appendln(G *g, Slot *a)
{
	FmtBuf b = {0};
	if (fmt_sprintln(g, &b, slice_ifaces(a + 3), (int64_t)a[4]))
		append_result(a, &b, a + 6);
	fmtbuf_free(&b);
}

/* func errorf(format string, a []any, idx []int) (string, int): Sprintf allowing %w, with the
 * argument indexes of the %w verbs stored into idx (at most len(idx)) and their count. */
static void n_errorf(G *g, Slot *a)
{
	FmtBuf b = {0};
	int64_t n = 0;
	int64_t *idx = (int64_t *)(uintptr_t)a[5];
	int64_t cap = (int64_t)a[6];
	int64_t dummy;
	if (!idx || cap == 0) {
		idx = &dummy;
		cap = 0;
	}
	/* wrap_errs is keyed on a non-NULL wrapped array */
	if (fmt_sprintf(g, &b, string_from_slots(a), slice_ifaces(a + 2), (int64_t)a[3], idx, cap,
	                &n)) {
		String s = fmtbuf_string(&b);
		a[8] = (Slot)(uintptr_t)s.ptr;
		a[9] = (Slot)s.len;
		a[10] = (Slot)n;
	}
	fmtbuf_free(&b);
}

const NativeEntry std_fmt_natives[] = {
        {"fmt.Sprintf", n_sprintf},
        {"fmt.Sprint", n_sprint},
        {"fmt.Sprintln", n_sprintln},
        {"fmt.Printf", n_printf},
        {"fmt.Print", n_print},
        {"fmt.Println", n_println},
        {"fmt.Appendf", n_appendf},
        {"fmt.Append", n_append},
        {"fmt.Appendln", n_appendln},
        {"fmt.errorf", n_errorf},
        {NULL, NULL},
};
