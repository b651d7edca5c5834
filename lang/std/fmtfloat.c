/*
 * fmtfloat.c - strconv.FormatFloat: the text of a float64 or float32 in Go's formats, shared
 * by fmt (%e %f %g %v %x %b) and strconv.
 *
 * Go (src/strconv/ftoa.go) works in two steps, and so does this file:
 *   1. Decimal digits. Either the shortest digit string that reads back as the same float
 *      (precision -1), or the value correctly rounded (half to even on the exact binary value)
 *      to a number of significant digits ('e', 'g') or of fractional digits ('f'). Digits
 *      come as d[0..nd) with trailing zeros removed and a decimal point position dp, so the
 *      value is 0.d[0]d[1]... * 10^dp; zero has nd == 0.
 *        - Rounded digits come from the C library's printf ("%.*e", "%.*f"), which glibc
 *          computes exactly on the binary value with round-half-even, as Go does.
 *        - Shortest digits: for each length n, the decimal numbers of n significant digits
 *          closest to v from below and above are the candidates; the shortest n for which one
 *          of them reads back (strtod/strtof) as v wins, the nearer candidate first. Reading
 *          back uses round-half-even as Go's interval test does (its bounds are inclusive
 *          exactly when the mantissa is even). Only the nearest candidate can succeed unless v
 *          is a power of two (its rounding interval is asymmetric), so the common case is a
 *          binary search on n over the nearest candidate alone.
 *   2. Layout (formatDigits, fmtE, fmtF): %e as d.ddde±dd, %f as ddd.ddd, %g picking %e when
 *      the exponent is < -4 or >= the precision (6 for the shortest form), with 'g' never
 *      showing trailing zeros. 'b' (mantissa p exponent) and 'x' (hex mantissa p exponent) work
 *      on the bits directly.
 *
 * Invariants:
 *   - Digit strings hold at most 17 significant digits for shortest and 'e'/'g' forms capped
 *     by the requested precision; 'f' output can be long (up to 1100 digits) and is sized
 *     dynamically.
 *   - A float32 is formatted from its exact value (every float32 is exactly a double).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"

typedef struct Digits {
	char *d; /* ASCII digits, no trailing zeros */
	int nd;  /* number of digits */
	int dp;  /* decimal point position */
	char small[40];
	char *heap; /* d points here when the digits did not fit in 'small' */
} Digits;

static double reparse(const char *s, int bitsize)
{
	if (bitsize == 32)
		return (double)strtof(s, NULL);
	return strtod(s, NULL);
}

/* The n-significant-digit decimal nearest to v (v > 0, finite), as printf writes it. */
static void nearest_e(double v, int n, char *buf, size_t size)
{
	snprintf(buf, size, "%.*e", n - 1, v);
}

/* Parses printf's "d.ddde±x" into digits (trailing zeros dropped) and dp. */
static void parse_e(const char *s, char *digits, int *nd, int *dp)
{
	int n = 0;
	const char *p = s;
	for (; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9')
			digits[n++] = *p;
	int exp = *p == 'e' ? atoi(p + 1) : 0;
	while (n > 0 && digits[n - 1] == '0')
		n--;
	*nd = n;
	*dp = n ? exp + 1 : 0;
}

/* Adds one unit in the last place to a "d.ddde±x" string of n digits, in place: the upper
 * neighbour of a decimal of n significant digits (written into out). */
static void step_e(const char *s, int n, int dir, char *out, size_t size)
{
	char digits[40];
	int nd = 0;
	const char *p = s;
	for (; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9')
			digits[nd++] = *p;
	int exp = atoi(p + 1);
	(void)n;
	int i = nd - 1;
	if (dir > 0) {
		while (i >= 0 && digits[i] == '9')
			digits[i--] = '0';
		if (i < 0) {
			/* 99..9 + 1 = 100..0: one more power of ten */
			memmove(digits + 1, digits, (size_t)nd);
			digits[0] = '1';
			exp++;
		} else
			digits[i]++;
	} else {
		while (i >= 0 && digits[i] == '0')
			digits[i--] = '9';
		if (i >= 0)
			digits[i]--;
		if (digits[0] == '0') {
			/* 100..0 - 1 = 99..9 (one digit fewer significant, append a 9) */
			memmove(digits, digits + 1, (size_t)nd - 1);
			digits[nd - 1] = '9';
			exp--;
		}
	}
	snprintf(out, size, "%c.%.*se%d", digits[0], nd - 1, digits + 1, exp);
}

void fmt_shortest_digits(double v, int bitsize, char *digits, int *nd, int *dp)
{
	char buf[64], alt[64];
	v = fabs(v);
	int maxn = bitsize == 32 ? 9 : 17;
	/* Power of two: the interval below is half as wide; try both neighbours at each length. */
	int e;
	double m = frexp(v, &e);
	bool pow2 = m == 0.5;
	if (pow2) {
		for (int n = 1; n <= maxn; n++) {
			nearest_e(v, n, buf, sizeof buf);
			double r = reparse(buf, bitsize);
			if (r == v) {
				parse_e(buf, digits, nd, dp);
				return;
			}
			step_e(buf, n, r < v ? 1 : -1, alt, sizeof alt);
			if (reparse(alt, bitsize) == v) {
				parse_e(alt, digits, nd, dp);
				return;
			}
		}
	}
	/* Nearest candidates round-trip monotonically in n: binary search the smallest n. */
	int lo = 1, hi = maxn;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		nearest_e(v, mid, buf, sizeof buf);
		if (reparse(buf, bitsize) == v)
			hi = mid;
		else
			lo = mid + 1;
	}
	nearest_e(v, lo, buf, sizeof buf);
	parse_e(buf, digits, nd, dp);
}

/* Digits of |v| rounded to n significant digits (n >= 1). */
static void fixed_digits(double v, int n, Digits *d)
{
	size_t size = (size_t)n + 16;
	char *buf = malloc(size);
	snprintf(buf, size, "%.*e", n - 1, fabs(v));
	d->d = size <= sizeof d->small ? d->small : (d->heap = malloc(size));
	parse_e(buf, d->d, &d->nd, &d->dp);
	free(buf);
}

/* Digits of |v| rounded to prec fractional digits. */
static void fixed_f_digits(double v, int prec, Digits *d)
{
	size_t size = (size_t)prec + 330;
	char *buf = malloc(size);
	snprintf(buf, size, "%.*f", prec, fabs(v));
	d->heap = malloc(size);
	d->d = d->heap;
	int n = 0, dp = 0;
	bool seen_point = false, seen_nonzero = false;
	for (const char *p = buf; *p; p++) {
		if (*p == '.') {
			seen_point = true;
			continue;
		}
		if (!seen_nonzero && *p == '0') {
			if (seen_point)
				dp--;
			continue;
		}
		seen_nonzero = true;
		d->d[n++] = *p;
		if (!seen_point)
			dp++;
	}
	while (n > 0 && d->d[n - 1] == '0')
		n--;
	d->nd = n;
	d->dp = n ? dp : 0;
	free(buf);
}

static void put_exp(FmtBuf *out, int exp, int mindigits)
{
	char tmp[16];
	snprintf(tmp, sizeof tmp, "%0*d", mindigits, exp);
	fmtbuf_puts(out, tmp);
}

/* %e: -d.ddddde±dd */
static void fmt_e(FmtBuf *out, bool neg, const Digits *d, int prec, char fmt)
{
	if (neg)
		fmtbuf_putc(out, '-');
	fmtbuf_putc(out, d->nd ? d->d[0] : '0');
	if (prec > 0) {
		fmtbuf_putc(out, '.');
		int i = 1;
		int m = d->nd < prec + 1 ? d->nd : prec + 1;
		if (i < m) {
			fmtbuf_write(out, d->d + i, (size_t)(m - i));
			i = m;
		}
		for (; i <= prec; i++)
			fmtbuf_putc(out, '0');
	}
	fmtbuf_putc(out, fmt);
	int exp = d->nd == 0 ? 0 : d->dp - 1;
	fmtbuf_putc(out, exp < 0 ? '-' : '+');
	put_exp(out, exp < 0 ? -exp : exp, 2);
}

/* %f: -ddddddd.ddddd */
static void fmt_f(FmtBuf *out, bool neg, const Digits *d, int prec)
{
	if (neg)
		fmtbuf_putc(out, '-');
	if (d->dp > 0) {
		int m = d->nd < d->dp ? d->nd : d->dp;
		fmtbuf_write(out, d->d, (size_t)m);
		for (; m < d->dp; m++)
			fmtbuf_putc(out, '0');
	} else
		fmtbuf_putc(out, '0');
	if (prec > 0) {
		fmtbuf_putc(out, '.');
		fmtbuf_grow(out, (size_t)prec);
		for (int i = 0; i < prec; i++) {
			int j = d->dp + i;
			out->p[out->len++] = (j >= 0 && j < d->nd) ? d->d[j] : '0';
		}
	}
}

static void format_digits(FmtBuf *out, bool shortest, bool neg, const Digits *d, int prec, int fmt)
{
	switch (fmt) {
	case 'e':
	case 'E': fmt_e(out, neg, d, prec, (char)fmt); return;
	case 'f': fmt_f(out, neg, d, prec); return;
	case 'g':
	case 'G': {
		int eprec = prec;
		if (eprec > d->nd && d->nd >= d->dp)
			eprec = d->nd;
		if (shortest)
			eprec = 6;
		int exp = d->dp - 1;
		if (exp < -4 || exp >= eprec) {
			if (prec > d->nd)
				prec = d->nd;
			fmt_e(out, neg, d, prec - 1, (char)(fmt + 'e' - 'g'));
			return;
		}
		if (prec > d->dp)
			prec = d->nd;
		fmt_f(out, neg, d, prec - d->dp > 0 ? prec - d->dp : 0);
		return;
	}
	}
	fmtbuf_putc(out, '%');
	fmtbuf_putc(out, (char)fmt);
}

/* %b: -ddddddddp±ddd */
static void fmt_b(FmtBuf *out, bool neg, uint64_t mant, int exp, int mantbits)
{
	char tmp[64];
	exp -= mantbits;
	snprintf(tmp, sizeof tmp, "%s%llup%s%d", neg ? "-" : "", (unsigned long long)mant,
	         exp >= 0 ? "+" : "", exp);
	fmtbuf_puts(out, tmp);
}

/* %x: -0x1.yyyyyyyyp±ddd or -0x0p+00 */
static void fmt_x(FmtBuf *out, int prec, int fmt, bool neg, uint64_t mant, int exp, int mantbits)
{
	if (mant == 0)
		exp = 0;
	mant <<= 60 - mantbits;
	while (mant != 0 && (mant & (1ull << 60)) == 0) {
		mant <<= 1;
		exp--;
	}
	if (prec >= 0 && prec < 15) {
		unsigned shift = (unsigned)prec * 4;
		uint64_t extra = (mant << shift) & ((1ull << 60) - 1);
		mant >>= 60 - shift;
		if ((extra | (mant & 1)) > (1ull << 59))
			mant++;
		mant <<= 60 - shift;
		if (mant & (1ull << 61)) {
			mant >>= 1;
			exp++;
		}
	}
	const char *hex = fmt == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	if (neg)
		fmtbuf_putc(out, '-');
	fmtbuf_putc(out, '0');
	fmtbuf_putc(out, (char)fmt);
	fmtbuf_putc(out, (char)('0' + ((mant >> 60) & 1)));
	mant <<= 4;
	if (prec < 0 && mant != 0) {
		fmtbuf_putc(out, '.');
		while (mant != 0) {
			fmtbuf_putc(out, hex[(mant >> 60) & 15]);
			mant <<= 4;
		}
	} else if (prec > 0) {
		fmtbuf_putc(out, '.');
		for (int i = 0; i < prec; i++) {
			fmtbuf_putc(out, hex[(mant >> 60) & 15]);
			mant <<= 4;
		}
	}
	fmtbuf_putc(out, fmt == 'X' ? 'P' : 'p');
	fmtbuf_putc(out, exp < 0 ? '-' : '+');
	put_exp(out, exp < 0 ? -exp : exp, 2);
}

void fmt_format_float(FmtBuf *out, double v, int fmt, int prec, int bitsize)
{
	uint64_t bits, mant;
	int exp, mantbits, expbits, bias;
	bool neg;
	if (bitsize == 32) {
		float f = (float)v;
		uint32_t b32;
		memcpy(&b32, &f, 4);
		bits = b32;
		mantbits = 23;
		expbits = 8;
		bias = -127;
		v = (double)f;
	} else {
		memcpy(&bits, &v, 8);
		mantbits = 52;
		expbits = 11;
		bias = -1023;
	}
	neg = (bits >> (expbits + mantbits)) != 0;
	exp = (int)(bits >> mantbits) & ((1 << expbits) - 1);
	mant = bits & ((1ull << mantbits) - 1);
	if (exp == (1 << expbits) - 1) {
		fmtbuf_puts(out, mant ? "NaN" : neg ? "-Inf" : "+Inf");
		return;
	}
	if (exp == 0)
		exp++;
	else
		mant |= 1ull << mantbits;
	exp += bias;
	if (fmt == 'b') {
		fmt_b(out, neg, mant, exp, mantbits);
		return;
	}
	if (fmt == 'x' || fmt == 'X') {
		fmt_x(out, prec, fmt, neg, mant, exp, mantbits);
		return;
	}
	Digits d = {0};
	bool shortest = prec < 0;
	if (shortest) {
		d.d = d.small;
		if (v == 0) {
			d.nd = d.dp = 0;
		} else
			fmt_shortest_digits(v, bitsize, d.d, &d.nd, &d.dp);
		switch (fmt) {
		case 'e':
		case 'E': prec = d.nd - 1 > 0 ? d.nd - 1 : 0; break;
		case 'f': prec = d.nd - d.dp > 0 ? d.nd - d.dp : 0; break;
		case 'g':
		case 'G': prec = d.nd; break;
		}
	} else if (fmt == 'f') {
		if (v == 0) {
			d.d = d.small;
			d.nd = d.dp = 0;
		} else
			fixed_f_digits(v, prec, &d);
	} else {
		int digits = prec;
		switch (fmt) {
		case 'e':
		case 'E': digits++; break;
		case 'g':
		case 'G':
			if (prec == 0)
				prec = 1;
			digits = prec;
			break;
		default: digits = 1;
		}
		if (v == 0) {
			d.d = d.small;
			d.nd = d.dp = 0;
		} else
			fixed_digits(v, digits, &d);
	}
	format_digits(out, shortest, neg, &d, prec, fmt);
	free(d.heap);
}
