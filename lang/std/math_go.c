/*
 * math_go.c - package math's algorithms, ported from Go's src/math so that every result has
 * exactly the float64 bits Go's function returns on amd64.
 *
 * Why not libm: glibc's sin, exp, pow, cbrt ... are accurate to within an ulp, and so are Go's
 * own implementations, but they are different algorithms and disagree in the last bit for many
 * arguments (Go's Cbrt(27) is 3, glibc's cbrt(27) prints as 3.0000000000000004). A printed
 * float64 shows every bit, so a program's output would differ from 'go run'. Each function
 * here therefore follows the Go source step by step: same constants, same order of
 * operations, same polynomial nesting, same special cases (including which NaN comes back:
 * math.NaN()'s 0x7FF8000000000001 where Go returns NaN(), the argument where Go returns x,
 * and the hardware's result where Go computes through one).
 *
 * How Go computes on amd64, which is what is mirrored:
 *   1. Sqrt, Floor, Ceil, Trunc, Abs and Copysign are single instructions (SQRTSD, ROUNDSD,
 *      bit masks); C's sqrt/floor/ceil/trunc round the same way, so they are used directly.
 *   2. Exp, Log, Hypot, Max and Min are assembly (exp_amd64.s, log_amd64.s, hypot_amd64.s,
 *      dim_amd64.s); their algorithms are ported here, not the pure-Go fallbacks. Exp's
 *      assembly takes a fused multiply-add path when the CPU has AVX and FMA (Go's useFMA),
 *      so math_exp checks the CPU the same way and uses C's fma() there.
 *   3. Everything else is Go's portable code (sin.go, tan.go, trig_reduce.go, pow.go, ...).
 *      Functions call each other as Go's do (Pow calls Exp and Log, Sinh calls Exp, ...).
 *   4. Go never fuses x*y+z into one rounding on amd64, so contraction is switched off below.
 *   5. Go constant expressions such as 4/Pi or 1/Ln10 are exact and rounded once; C would
 *      round Pi first and then divide, so such constants are written as hex literals with
 *      the value Go computes.
 *   6. Go's shifts by 64 or more give 0 and its float-to-int conversions of out-of-range
 *      values give the CPU's 0x8000000000000000 (CVTTSD2SQ); shl/shr and f2i emulate both,
 *      where C would be undefined.
 *   7. Go's & and << bind tighter than + and -; every such expression is parenthesized.
 *
 * Invariants:
 *   - No operation is reordered or folded relative to Go's source: a difference in the
 *     order of two roundings is a difference in the last bit.
 *   - No function here depends on libm beyond sqrt, floor, ceil, trunc, nearbyint and fma,
 *     which are exactly rounded by definition.
 */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#include "math_go.h"

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* bits.go's constants. */
#define UVINF    0x7FF0000000000000ULL
#define UVNEGINF 0xFFF0000000000000ULL
#define UVONE    0x3FF0000000000000ULL
#define MASK     0x7FF
#define SHIFT    52
#define BIAS     1023
#define SIGNMASK (1ULL << 63)
#define FRACMASK ((1ULL << SHIFT) - 1)

/* Go constant expressions, rounded once as Go's compiler rounds them (point 5 above). */
#define PI          0x1.921fb54442d18p+1    /* Pi */
#define PI_2        0x1.921fb54442d18p+0    /* Pi/2 */
#define PI_4        0x1.921fb54442d18p-1    /* Pi/4 */
#define PI3_4       0x1.2d97c7f3321d2p+1    /* 3*Pi/4 */
#define FOUR_PI     0x1.45f306dc9c883p+0    /* 4/Pi */
#define INV_LN10    0x1.bcb7b1526e50ep-2    /* 1/Ln10 */
#define INV_LN2     0x1.71547652b82fep+0    /* 1/Ln2 */
#define LN2         0x1.62e42fefa39efp-1    /* Ln2 */
#define SQRT2_2     0x1.6a09e667f3bcdp-1    /* Sqrt2/2 */
#define INV_0_35    0x1.6db6db6db6db7p+1    /* 1/0.35 */
#define HALF_MAXF64 0x1.fffffffffffffp+1022 /* MaxFloat64/2 */

static inline uint64_t f64bits(double f)
{
	uint64_t u;
	memcpy(&u, &f, sizeof u);
	return u;
}

static inline double f64frombits(uint64_t u)
{
	double f;
	memcpy(&f, &u, sizeof f);
	return f;
}

static inline bool is_nan(double f)
{
	return f != f;
}

/* IsInf(f, sign): sign > 0 tests +Inf, sign < 0 -Inf, 0 either. */
static inline bool is_inf(double f, int sign)
{
	return (sign >= 0 && f > DBL_MAX) || (sign <= 0 && f < -DBL_MAX);
}

static inline bool signbit_go(double x)
{
	return (f64bits(x) & SIGNMASK) != 0;
}

/* Go's x << n and x >> n on uint64: 0 once n reaches 64. */
static inline uint64_t shl(uint64_t x, uint64_t n)
{
	return n >= 64 ? 0 : x << n;
}

static inline uint64_t shr(uint64_t x, uint64_t n)
{
	return n >= 64 ? 0 : x >> n;
}

/* Go's int64(x) on amd64 (CVTTSD2SQ): truncation, 0x8000000000000000 when out of range. */
static inline int64_t f2i(double x)
{
	if (!(x >= -0x1p63 && x < 0x1p63))
		return INT64_MIN;
	return (int64_t)x;
}

/* ---- bits.go, abs.go, copysign.go, sqrt/floor (instructions on amd64) ---- */

double math_nan(void)
{
	return f64frombits(MATH_UVNAN);
}

double math_inf(int64_t sign)
{
	return f64frombits(sign >= 0 ? UVINF : UVNEGINF);
}

double math_abs(double x)
{
	return f64frombits(f64bits(x) & ~SIGNMASK);
}

double math_copysign(double f, double sign)
{
	return f64frombits((f64bits(f) & ~SIGNMASK) | (f64bits(sign) & SIGNMASK));
}

double math_sqrt(double x)
{
	return sqrt(x);
}

/* ROUNDSD quiets a signaling NaN; C's floor, ceil and trunc may return it unchanged. */
static inline double quiet(double x)
{
	return f64frombits(f64bits(x) | (1ULL << 51));
}

double math_floor(double x)
{
	if (is_nan(x))
		return quiet(x);
	return floor(x);
}

double math_ceil(double x)
{
	if (is_nan(x))
		return quiet(x);
	return ceil(x);
}

double math_trunc(double x)
{
	if (is_nan(x))
		return quiet(x);
	return trunc(x);
}

/* normalize returns a normal number y and exponent exp with x == y * 2**exp. */
static double normalize(double x, int64_t *exp)
{
	const double SmallestNormal = 2.2250738585072014e-308; /* 2**-1022 */
	if (math_abs(x) < SmallestNormal) {
		*exp = -52;
		return x * 0x1p52;
	}
	*exp = 0;
	return x;
}

/* ---- floor.go: Round and RoundToEven are bit manipulation ---- */

double math_round(double x)
{
	uint64_t bits = f64bits(x);
	uint64_t e = (bits >> SHIFT) & MASK;
	if (e < BIAS) {
		bits &= SIGNMASK; /* +-0 */
		if (e == BIAS - 1)
			bits |= UVONE; /* +-1 */
	} else if (e < BIAS + SHIFT) {
		const uint64_t half = 1ULL << (SHIFT - 1);
		e -= BIAS;
		bits += half >> e;
		bits &= ~(FRACMASK >> e);
	}
	return f64frombits(bits);
}

/* ROUNDSD with round-to-nearest-even, which Go emits on amd64 with SSE4.1. */
double math_roundToEven(double x)
{
	if (is_nan(x))
		return quiet(x);
	return nearbyint(x);
}

/* ---- modf.go, frexp.go, ldexp.go, logb.go ---- */

double math_modf(double f, double *frac)
{
	if (f < 1) {
		if (f < 0) {
			double fr;
			double ip = math_modf(-f, &fr);
			*frac = -fr;
			return -ip;
		}
		if (f == 0) {
			*frac = f; /* -0, -0 when f == -0 */
			return f;
		}
		*frac = f;
		return 0;
	}
	uint64_t x = f64bits(f);
	uint64_t e = ((x >> SHIFT) & MASK) - BIAS;
	if (e < 64 - 12)
		x &= ~(shl(1, 64 - 12 - e) - 1);
	double ip = f64frombits(x);
	*frac = f - ip;
	return ip;
}

double math_frexp(double f, int64_t *exp)
{
	*exp = 0;
	if (f == 0 || is_inf(f, 0) || is_nan(f))
		return f;
	int64_t e;
	f = normalize(f, &e);
	uint64_t x = f64bits(f);
	*exp = e + (int64_t)((x >> SHIFT) & MASK) - BIAS + 1;
	x &= ~((uint64_t)MASK << SHIFT);
	x |= (uint64_t)(-1 + BIAS) << SHIFT;
	return f64frombits(x);
}

/* Go's int additions wrap; so do these (through uint64). */
static inline int64_t add_wrap(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a + (uint64_t)b);
}

double math_ldexp(double frac, int64_t exp)
{
	if (frac == 0 || is_inf(frac, 0) || is_nan(frac))
		return frac;
	int64_t e;
	frac = normalize(frac, &e);
	exp = add_wrap(exp, e);
	uint64_t x = f64bits(frac);
	exp = add_wrap(exp, (int64_t)((x >> SHIFT) & MASK) - BIAS);
	if (exp < -1075)
		return math_copysign(0, frac); /* underflow */
	if (exp > 1023)                        /* overflow */
		return frac < 0 ? math_inf(-1) : math_inf(1);
	double m = 1;
	if (exp < -1022) { /* denormal */
		exp += 53;
		m = 0x1p-53;
	}
	x &= ~((uint64_t)MASK << SHIFT);
	x |= (uint64_t)(exp + BIAS) << SHIFT;
	return m * f64frombits(x);
}

double math_logb(double x)
{
	if (x == 0)
		return math_inf(-1);
	if (is_inf(x, 0))
		return math_inf(1);
	if (is_nan(x))
		return x;
	int64_t exp;
	x = normalize(x, &exp);
	return (double)((int64_t)((f64bits(x) >> SHIFT) & MASK) - BIAS + exp);
}

/* ---- mod.go, remainder.go, nextafter.go, dim.go (+ dim_amd64.s) ---- */

double math_mod(double x, double y)
{
	if (y == 0 || is_inf(x, 0) || is_nan(x) || is_nan(y))
		return math_nan();
	y = math_abs(y);
	int64_t yexp;
	double yfr = math_frexp(y, &yexp);
	double r = x;
	if (x < 0)
		r = -x;
	while (r >= y) {
		int64_t rexp;
		double rfr = math_frexp(r, &rexp);
		if (rfr < yfr)
			rexp = rexp - 1;
		r = r - math_ldexp(y, rexp - yexp);
	}
	if (x < 0)
		r = -r;
	return r;
}

double math_remainder(double x, double y)
{
	const double Tiny = 4.45014771701440276618e-308; /* 0x0020000000000000 */
	if (is_nan(x) || is_nan(y) || is_inf(x, 0) || y == 0)
		return math_nan();
	if (is_inf(y, 0))
		return x;
	bool sign = false;
	if (x < 0) {
		x = -x;
		sign = true;
	}
	if (y < 0)
		y = -y;
	if (x == y)
		return sign ? -0.0 : 0.0;
	if (y <= HALF_MAXF64)
		x = math_mod(x, y + y); /* now x < 2y */
	if (y < Tiny) {
		if (x + x > y) {
			x -= y;
			if (x + x >= y)
				x -= y;
		}
	} else {
		double yHalf = 0.5 * y;
		if (x > yHalf) {
			x -= y;
			if (x >= yHalf)
				x -= y;
		}
	}
	if (sign)
		x = -x;
	return x;
}

double math_nextafter(double x, double y)
{
	if (is_nan(x) || is_nan(y))
		return math_nan();
	if (x == y)
		return x;
	if (x == 0)
		return math_copysign(f64frombits(1), y);
	if ((y > x) == (x > 0))
		return f64frombits(f64bits(x) + 1);
	return f64frombits(f64bits(x) - 1);
}

double math_dim(double x, double y)
{
	double v = x - y;
	if (v <= 0)
		return 0;
	return v;
}

/* dim_amd64.s: +Inf wins, then NaN, then the signed zeros, then MAXSD. */
double math_max(double x, double y)
{
	uint64_t bx = f64bits(x), by = f64bits(y);
	if (bx == UVINF || by == UVINF)
		return f64frombits(UVINF);
	if ((bx & ~SIGNMASK) > UVINF || (by & ~SIGNMASK) > UVINF)
		return math_nan();
	if (((bx | by) & ~SIGNMASK) == 0)
		return bx == SIGNMASK ? y : x;
	return x > y ? x : y;
}

double math_min(double x, double y)
{
	uint64_t bx = f64bits(x), by = f64bits(y);
	if (bx == UVNEGINF || by == UVNEGINF)
		return f64frombits(UVNEGINF);
	if ((bx & ~SIGNMASK) > UVINF || (by & ~SIGNMASK) > UVINF)
		return math_nan();
	if (((bx | by) & ~SIGNMASK) == 0)
		return bx == SIGNMASK ? x : y;
	return x < y ? x : y;
}

/* ---- exp_amd64.s ---- */

/* Go's useFMA (exp_amd64.go): the CPU has AVX and FMA. */
static bool use_fma(void)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
	static int cached = -1;
	if (cached < 0) {
		__builtin_cpu_init();
		cached = __builtin_cpu_supports("avx") && __builtin_cpu_supports("fma");
	}
	return cached;
#else
	return false;
#endif
}

/* CVTSD2SL: round to nearest even, 0x80000000 when out of int32's range. */
static int32_t cvtsd2sl(double x)
{
	double r = nearbyint(x);
	if (!(r >= -0x1p31 && r < 0x1p31))
		return INT32_MIN;
	return (int32_t)r;
}

/*
 * Exp, as exp_amd64.s: k = round(x*Log2e); reduce x - k*Ln2 in two parts; scale by 1/16;
 * evaluate a degree-8 Taylor polynomial of e**r - 1; square (1+p) four times through
 * p' = p*(p+2); add 1; multiply by 2**k built in the exponent bits.
 */
double math_exp(double x)
{
	const double LOG2E = 1.4426950408889634073599246810018920;
	const double LN2U = 0.69314718055966295651160180568695068359375;
	const double LN2L = 0.28235290563031577122588448175013436025525412068e-12;
	const double Overflow = 7.09782712893384e+02;
	const double T0 = 0.5, T1 = 1.0, T2 = 2.0;
	const double T3 = 1.6666666666666666667e-1, T4 = 4.1666666666666666667e-2;
	const double T5 = 8.3333333333333333333e-3, T6 = 1.3888888888888888889e-3;
	const double T7 = 1.9841269841269841270e-4, T8 = 2.4801587301587301587e-5;

	uint64_t bx = f64bits(x);
	if ((bx & ~SIGNMASK) >= UVINF) { /* NaN or Inf */
		if (bx == UVNEGINF)
			return 0;
		return x;
	}
	if (x > Overflow)
		return math_inf(1);
	int32_t k = cvtsd2sl(LOG2E * x);
	double fk = (double)k;
	double r, p;
	if (use_fma()) {
		r = fma(-fk, LN2U, x);
		r = fma(-fk, LN2L, r);
		r = r * 0.0625;
		p = T8;
		p = fma(p, r, T7);
		p = fma(p, r, T6);
		p = fma(p, r, T5);
		p = fma(p, r, T4);
		p = fma(p, r, T3);
		p = fma(p, r, T0);
		p = fma(p, r, T1);
		r = r * p;
		r = r * (r + T2);
		r = r * (r + T2);
		r = r * (r + T2);
		r = fma(r + T2, r, T1);
	} else {
		r = x - fk * LN2U;
		r = r - fk * LN2L;
		r = r * 0.0625;
		p = T8 * r + T7;
		p = p * r + T6;
		p = p * r + T5;
		p = p * r + T4;
		p = p * r + T3;
		p = p * r + T0;
		p = p * r + T1;
		r = r * p;
		r = r * (r + T2);
		r = r * (r + T2);
		r = r * (r + T2);
		r = r * (r + T2);
		r = r + T1;
	}
	/* r * 2**k, with k biased; a denormal result takes two multiplications. */
	int64_t e = (int64_t)k + 0x3FF;
	if (e <= 0) {
		if (e < -52)
			return 0;
		e += 0x3FE;
		r = r * f64frombits((uint64_t)e << 52);
		e = 1;
	} else if (e >= 0x7FF) {
		return math_inf(1);
	}
	return r * f64frombits((uint64_t)e << 52);
}

/* ---- exp.go: Exp2 is portable Go on amd64 ---- */

/* expmulti returns e**r * 2**k where r = hi - lo and |r| <= ln(2)/2. */
static double expmulti(double hi, double lo, int64_t k)
{
	const double P1 = 1.66666666666666657415e-01;  /* 0x3FC55555; 0x55555555 */
	const double P2 = -2.77777777770155933842e-03; /* 0xBF66C16C; 0x16BEBD93 */
	const double P3 = 6.61375632143793436117e-05;  /* 0x3F11566A; 0xAF25DE2C */
	const double P4 = -1.65339022054652515390e-06; /* 0xBEBBBD41; 0xC5D26BF1 */
	const double P5 = 4.13813679705723846039e-08;  /* 0x3E663769; 0x72BEA4D0 */

	double r = hi - lo;
	double t = r * r;
	double c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
	double y = 1 - ((lo - (r * c) / (2 - c)) - hi);
	return math_ldexp(y, k);
}

double math_exp2(double x)
{
	const double Ln2Hi = 6.93147180369123816490e-01;
	const double Ln2Lo = 1.90821492927058770002e-10;
	const double Overflow = 1.0239999999999999e+03;
	const double Underflow = -1.0740e+03;

	if (is_nan(x) || is_inf(x, 1))
		return x;
	if (is_inf(x, -1))
		return 0;
	if (x > Overflow)
		return math_inf(1);
	if (x < Underflow)
		return 0;
	int64_t k = 0;
	if (x > 0)
		k = f2i(x + 0.5);
	else if (x < 0)
		k = f2i(x - 0.5);
	double t = x - (double)k;
	double hi = t * Ln2Hi;
	double lo = -t * Ln2Lo;
	return expmulti(hi, lo, k);
}

/* ---- expm1.go ---- */

double math_expm1(double x)
{
	const double Othreshold = 7.09782712893383973096e+02; /* 0x40862E42FEFA39EF */
	const double Ln2X56 = 3.88162421113569373274e+01;     /* 0x4043687a9f1af2b1 */
	const double Ln2HalfX3 = 1.03972077083991796413e+00;  /* 0x3ff0a2b23f3bab73 */
	const double Ln2Half = 3.46573590279972654709e-01;    /* 0x3fd62e42fefa39ef */
	const double Ln2Hi = 6.93147180369123816490e-01;      /* 0x3fe62e42fee00000 */
	const double Ln2Lo = 1.90821492927058770002e-10;      /* 0x3dea39ef35793c76 */
	const double InvLn2 = 1.44269504088896338700e+00;     /* 0x3ff71547652b82fe */
	const double Tiny = 0x1p-54;
	const double Q1 = -3.33333333333331316428e-02; /* 0xBFA11111111110F4 */
	const double Q2 = 1.58730158725481460165e-03;  /* 0x3F5A01A019FE5585 */
	const double Q3 = -7.93650757867487942473e-05; /* 0xBF14CE199EAADBB7 */
	const double Q4 = 4.00821782732936239552e-06;  /* 0x3ED0CFCA86E65239 */
	const double Q5 = -2.01099218183624371326e-07; /* 0xBE8AFDB76E09C32D */

	if (is_inf(x, 1) || is_nan(x))
		return x;
	if (is_inf(x, -1))
		return -1;
	double absx = x;
	bool sign = false;
	if (x < 0) {
		absx = -absx;
		sign = true;
	}
	if (absx >= Ln2X56) { /* |x| >= 56 * ln2 */
		if (sign)
			return -1;
		if (absx >= Othreshold)
			return math_inf(1);
	}
	double c = 0;
	int64_t k;
	if (absx > Ln2Half) { /* |x| > 0.5 * ln2 */
		double hi, lo;
		if (absx < Ln2HalfX3) { /* and |x| < 1.5 * ln2 */
			if (!sign) {
				hi = x - Ln2Hi;
				lo = Ln2Lo;
				k = 1;
			} else {
				hi = x + Ln2Hi;
				lo = -Ln2Lo;
				k = -1;
			}
		} else {
			if (!sign)
				k = f2i(InvLn2 * x + 0.5);
			else
				k = f2i(InvLn2 * x - 0.5);
			double t = (double)k;
			hi = x - t * Ln2Hi; /* t * Ln2Hi is exact here */
			lo = t * Ln2Lo;
		}
		x = hi - lo;
		c = (hi - x) - lo;
	} else if (absx < Tiny) { /* |x| < 2**-54: return x */
		return x;
	} else {
		k = 0;
	}

	/* x is now in primary range. */
	double hfx = 0.5 * x;
	double hxs = x * hfx;
	double r1 = 1 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
	double t = 3 - r1 * hfx;
	double e = hxs * ((r1 - t) / (6.0 - x * t));
	if (k == 0)
		return x - (x * e - hxs); /* c is 0 */
	e = (x * (e - c) - c);
	e -= hxs;
	if (k == -1)
		return 0.5 * (x - e) - 0.5;
	if (k == 1) {
		if (x < -0.25)
			return -2 * (e - (x + 0.5));
		return 1 + 2 * (x - e);
	}
	if (k <= -2 || k > 56) { /* suffices to return exp(x)-1 */
		double y = 1 - (e - x);
		y = f64frombits(f64bits(y) + ((uint64_t)k << 52)); /* add k to y's exponent */
		return y - 1;
	}
	if (k < 20) {
		t = f64frombits(0x3ff0000000000000ULL - (0x20000000000000ULL >> k)); /* 1-2**-k */
		double y = t - (e - x);
		y = f64frombits(f64bits(y) + ((uint64_t)k << 52));
		return y;
	}
	t = f64frombits((uint64_t)(0x3ff - k) << 52); /* 2**-k */
	double y = x - (e + t);
	y++;
	y = f64frombits(f64bits(y) + ((uint64_t)k << 52));
	return y;
}

/* ---- log_amd64.s, log10.go, log1p.go ---- */

/*
 * Log, as log_amd64.s: split x into f1 * 2**k with f1 in [0.5, 1) taken straight from the
 * exponent bits (the assembly does not normalize subnormals first, and moves f1 up when
 * f1 <= Sqrt2/2, where log.go tests f1 < Sqrt2/2), then log(1+f) = f - hfsq + s*(hfsq+R).
 */
double math_log(double x)
{
	const double HSqrt2 = 7.07106781186547524401e-01; /* sqrt(2)/2 */
	const double Ln2Hi = 6.93147180369123816490e-01;  /* 0x3fe62e42fee00000 */
	const double Ln2Lo = 1.90821492927058770002e-10;  /* 0x3dea39ef35793c76 */
	const double L1 = 6.666666666666735130e-01;       /* 0x3FE5555555555593 */
	const double L2 = 3.999999999940941908e-01;       /* 0x3FD999999997FA04 */
	const double L3 = 2.857142874366239149e-01;       /* 0x3FD2492494229359 */
	const double L4 = 2.222219843214978396e-01;       /* 0x3FCC71C51D8E78AF */
	const double L5 = 1.818357216161805012e-01;       /* 0x3FC7466496CB03DE */
	const double L6 = 1.531383769920937332e-01;       /* 0x3FC39A09D078C69F */
	const double L7 = 1.479819860511658591e-01;       /* 0x3FC2F112DF3E5244 */

	uint64_t bx = f64bits(x);
	if ((bx & ~SIGNMASK) == 0)
		return math_inf(-1);
	if ((int64_t)bx < 0)
		return math_nan();
	if (bx >= UVINF) /* +Inf or NaN */
		return x;
	double f1 = f64frombits((bx & FRACMASK) | 0x3FE0000000000000ULL);
	double k = (double)((int32_t)((bx >> 52) & 0x7FF) - 0x3FE);
	if (!(HSqrt2 < f1)) {
		k = k - 1.0;
		f1 = f1 * 2.0;
	}
	double f = f1 - 1.0;
	double s = f / (2.0 + f);
	double s2 = s * s;
	double s4 = s2 * s2;
	double t1 = s2 * (L1 + s4 * (L3 + s4 * (L5 + s4 * L7)));
	double t2 = s4 * (L2 + s4 * (L4 + s4 * L6));
	double R = t1 + t2;
	double hfsq = 0.5 * f * f;
	return k * Ln2Hi - ((hfsq - (s * (hfsq + R) + k * Ln2Lo)) - f);
}

double math_log10(double x)
{
	return math_log(x) * INV_LN10;
}

double math_log2(double x)
{
	int64_t exp;
	double frac = math_frexp(x, &exp);
	/* Make sure exact powers of two give an exact answer. */
	if (frac == 0.5)
		return (double)(exp - 1);
	return math_log(frac) * INV_LN2 + (double)exp;
}

double math_log1p(double x)
{
	const double Sqrt2M1 = 4.142135623730950488017e-01;      /* Sqrt(2)-1 */
	const double Sqrt2HalfM1 = -2.928932188134524755992e-01; /* Sqrt(2)/2-1 */
	const double Small = 0x1p-29;
	const double Tiny = 0x1p-54;
	const double Two53 = 0x1p53;
	const double Ln2Hi = 6.93147180369123816490e-01; /* 3fe62e42fee00000 */
	const double Ln2Lo = 1.90821492927058770002e-10; /* 3dea39ef35793c76 */
	const double Lp1 = 6.666666666666735130e-01;     /* 3FE5555555555593 */
	const double Lp2 = 3.999999999940941908e-01;     /* 3FD999999997FA04 */
	const double Lp3 = 2.857142874366239149e-01;     /* 3FD2492494229359 */
	const double Lp4 = 2.222219843214978396e-01;     /* 3FCC71C51D8E78AF */
	const double Lp5 = 1.818357216161805012e-01;     /* 3FC7466496CB03DE */
	const double Lp6 = 1.531383769920937332e-01;     /* 3FC39A09D078C69F */
	const double Lp7 = 1.479819860511658591e-01;     /* 3FC2F112DF3E5244 */

	if (x < -1 || is_nan(x)) /* includes -Inf */
		return math_nan();
	if (x == -1)
		return math_inf(-1);
	if (is_inf(x, 1))
		return math_inf(1);

	double absx = math_abs(x);
	double f = 0;
	uint64_t iu = 0;
	int64_t k = 1;
	if (absx < Sqrt2M1) {       /* |x| < Sqrt(2)-1 */
		if (absx < Small) { /* |x| < 2**-29 */
			if (absx < Tiny)
				return x;
			return x - x * x * 0.5;
		}
		if (x > Sqrt2HalfM1) { /* Sqrt(2)/2-1 < x */
			/* -0.2929 < x < 0.41422 */
			k = 0;
			f = x;
			iu = 1;
		}
	}
	double c = 0;
	if (k != 0) {
		double u;
		if (absx < Two53) {
			u = 1.0 + x;
			iu = f64bits(u);
			k = (int64_t)((iu >> 52) - 1023);
			/* Correction term. */
			if (k > 0)
				c = 1.0 - (u - x);
			else
				c = x - (u - 1.0);
			c /= u;
		} else {
			u = x;
			iu = f64bits(u);
			k = (int64_t)((iu >> 52) - 1023);
			c = 0;
		}
		iu &= 0x000fffffffffffffULL;
		if (iu < 0x0006a09e667f3bcdULL) {                    /* mantissa of Sqrt(2) */
			u = f64frombits(iu | 0x3ff0000000000000ULL); /* normalize u */
		} else {
			k++;
			u = f64frombits(iu | 0x3fe0000000000000ULL); /* normalize u/2 */
			iu = (0x0010000000000000ULL - iu) >> 2;
		}
		f = u - 1.0; /* Sqrt(2)/2 < u < Sqrt(2) */
	}
	double hfsq = 0.5 * f * f;
	double s, R, z;
	if (iu == 0) { /* |f| < 2**-20 */
		if (f == 0) {
			if (k == 0)
				return 0;
			c += (double)k * Ln2Lo;
			return (double)k * Ln2Hi + c;
		}
		R = hfsq * (1.0 - 0.66666666666666666 * f); /* avoid division */
		if (k == 0)
			return f - R;
		return (double)k * Ln2Hi - ((R - ((double)k * Ln2Lo + c)) - f);
	}
	s = f / (2.0 + f);
	z = s * s;
	R = z * (Lp1 + z * (Lp2 + z * (Lp3 + z * (Lp4 + z * (Lp5 + z * (Lp6 + z * Lp7))))));
	if (k == 0)
		return f - (hfsq - s * (hfsq + R));
	return (double)k * Ln2Hi - ((hfsq - (s * (hfsq + R) + ((double)k * Ln2Lo + c))) - f);
}

/* ---- pow.go ---- */

static bool isOddInt(double x)
{
	double xf;
	double xi = math_modf(x, &xf);
	return xf == 0 && (f2i(xi) & 1) == 1;
}

/*
 * Pow: special cases first, then y = yi + yf with |yf| <= 0.5; x**yf through Exp(yf*Log(x))
 * and x**yi by repeated squaring of Frexp(x)'s fraction, tracking the exponent separately.
 */
double math_pow(double x, double y)
{
	if (y == 0 || x == 1)
		return 1;
	if (y == 1)
		return x;
	if (is_nan(x) || is_nan(y))
		return math_nan();
	if (x == 0) {
		if (y < 0) {
			if (isOddInt(y))
				return math_copysign(math_inf(1), x);
			return math_inf(1);
		}
		if (y > 0) {
			if (isOddInt(y))
				return x;
			return 0;
		}
	} else if (is_inf(y, 0)) {
		if (x == -1)
			return 1;
		if ((math_abs(x) < 1) == is_inf(y, 1))
			return 0;
		return math_inf(1);
	} else if (is_inf(x, 0)) {
		if (is_inf(x, -1))
			return math_pow(1 / x, -y); /* Pow(-0, -y) */
		if (y < 0)
			return 0;
		if (y > 0)
			return math_inf(1);
	} else if (y == 0.5) {
		return math_sqrt(x);
	} else if (y == -0.5) {
		return 1 / math_sqrt(x);
	}

	double yf;
	double yi = math_modf(math_abs(y), &yf);
	if (yf != 0 && x < 0)
		return math_nan();
	if (yi >= 0x1p63) {
		/* yi is a large even int that will lead to overflow (or underflow to 0)
		 * for all x except -1 (x == 1 was handled earlier). */
		if (x == -1)
			return 1;
		if ((math_abs(x) < 1) == (y > 0))
			return 0;
		return math_inf(1);
	}

	/* ans = a1 * 2**ae (= 1 for now). */
	double a1 = 1.0;
	int64_t ae = 0;

	/* ans *= x**yf */
	if (yf != 0) {
		if (yf > 0.5) {
			yf--;
			yi++;
		}
		a1 = math_exp(yf * math_log(x));
	}

	/* ans *= x**yi by repeated squaring, the exponent kept apart to avoid overflow. */
	int64_t xe;
	double x1 = math_frexp(x, &xe);
	for (int64_t i = f2i(yi); i != 0; i >>= 1) {
		if (xe < -(1 << 12) || (1 << 12) < xe) {
			/* Catastrophic overflow: let Ldexp handle it. */
			ae += xe;
			break;
		}
		if ((i & 1) == 1) {
			a1 *= x1;
			ae += xe;
		}
		x1 *= x1;
		xe <<= 1;
		if (x1 < .5) {
			x1 += x1;
			xe--;
		}
	}

	/* ans = a1 * 2**ae; if y < 0 { ans = 1 / ans } but in the opposite order. */
	if (y < 0) {
		a1 = 1 / a1;
		ae = -ae;
	}
	return math_ldexp(a1, ae);
}

/* ---- cbrt.go, hypot_amd64.s ---- */

double math_cbrt(double x)
{
	const uint64_t B1 = 715094163;                /* (682-0.03306235651)*2**20 */
	const uint64_t B2 = 696219795;                /* (664-0.03306235651)*2**20 */
	const double C = 5.42857142857142815906e-01;  /* 19/35     = 0x3FE15F15F15F15F1 */
	const double D = -7.05306122448979611050e-01; /* -864/1225 = 0xBFE691DE2532C834 */
	const double E = 1.41428571428571436819e+00;  /* 99/70     = 0x3FF6A0EA0EA0EA0F */
	const double F = 1.60714285714285720630e+00;  /* 45/28     = 0x3FF9B6DB6DB6DB6E */
	const double G = 3.57142857142857150787e-01;  /* 5/14      = 0x3FD6DB6DB6DB6DB7 */
	const double SmallestNormal = 2.22507385850720138309e-308; /* 2**-1022 */

	if (x == 0 || is_nan(x) || is_inf(x, 0))
		return x;
	bool sign = false;
	if (x < 0) {
		x = -x;
		sign = true;
	}

	/* Rough cbrt to 5 bits. */
	double t = f64frombits(f64bits(x) / 3 + (B1 << 32));
	if (x < SmallestNormal) {
		/* Subnormal number. */
		t = 0x1p54;
		t *= x;
		t = f64frombits(f64bits(t) / 3 + (B2 << 32));
	}

	/* New cbrt to 23 bits. */
	double r = t * t / x;
	double s = C + r * t;
	t *= G + F / (s + E + D / s);

	/* Chop to 22 bits, make larger than cbrt(x). */
	t = f64frombits((f64bits(t) & (0xFFFFFFFFCULL << 28)) + (1ULL << 30));

	/* One step newton iteration to 53 bits with error less than 0.667ulps. */
	s = t * t; /* t*t is exact */
	r = x / s;
	double w = t + t;
	r = (r - t) / (w + r); /* r-s is exact */
	t = t + t * r;

	if (sign)
		t = -t;
	return t;
}

/* Hypot, as hypot_amd64.s: max * sqrt(1 + (min/max)**2), Inf beating NaN. */
double math_hypot(double p, double q)
{
	uint64_t bp = f64bits(p) & ~SIGNMASK, bq = f64bits(q) & ~SIGNMASK;
	if (bp >= UVINF || bq >= UVINF) {
		if (bp == UVINF || bq == UVINF)
			return math_inf(1);
		return math_nan();
	}
	if ((bp | bq) == 0)
		return 0;
	p = f64frombits(bp);
	q = f64frombits(bq);
	double hi = p > q ? p : q;
	double lo = q < p ? q : p;
	lo = lo / hi;
	lo = lo * lo;
	lo = lo + 1.0;
	return hi * sqrt(lo);
}

/* ---- trig_reduce.go, sin.go, tan.go, sincos.go ---- */

/* Bits of 4/Pi, for reducing huge arguments (trig_reduce.go's mPi4). */
static const uint64_t mPi4[] = {
        0x0000000000000001, 0x45f306dc9c882a53, 0xf84eafa3ea69bb81, 0xb6c52b3278872083,
        0xfca2c757bd778ac3, 0x6e48dc74849ba5c0, 0x0c925dd413a32439, 0xfc3bd63962534e7d,
        0xd1046bea5d768909, 0xd338e04d68befc82, 0x7323ac7306a673e9, 0x3908bf177bf25076,
        0x3ff12fffbc0b301f, 0xde5e2316b414da3e, 0xda6cfd9e4f96136e, 0x9e8c7ecd3cbfd45a,
        0xea4f758fd7cbe2f6, 0x7a0e73ef14a525d4, 0xd7f6bf623f1aba10, 0xac06608df8f6d757,
};

/* Arguments at least this large go through trigReduce (Payne-Hanek). */
#define REDUCE_THRESHOLD 0x1p29

/* bits.Mul64: the 128-bit product of x and y, as (hi, lo). */
static void mul64(uint64_t x, uint64_t y, uint64_t *hi, uint64_t *lo)
{
	const uint64_t mask32 = (1ULL << 32) - 1;
	uint64_t x0 = x & mask32, x1 = x >> 32;
	uint64_t y0 = y & mask32, y1 = y >> 32;
	uint64_t w0 = x0 * y0;
	uint64_t t = x1 * y0 + (w0 >> 32);
	uint64_t w1 = t & mask32, w2 = t >> 32;
	w1 += x0 * y1;
	*hi = x1 * y1 + w2 + (w1 >> 32);
	*lo = x * y;
}

/*
 * trigReduce: x = j*(Pi/4) + z with z in [0, Pi/4), for x >= REDUCE_THRESHOLD: multiply x's
 * mantissa by the bits of 4/Pi that matter for its exponent; the integer part's low three
 * bits are the octant j, the fraction times Pi/4 is z.
 */
static double trigReduce(double x, uint64_t *jp)
{
	if (x < PI_4) {
		*jp = 0;
		return x;
	}
	/* Extract out the integer and exponent such that x = ix * 2 ** exp. */
	uint64_t ix = f64bits(x);
	int64_t exp = (int64_t)((ix >> SHIFT) & MASK) - BIAS - SHIFT;
	ix &= ~((uint64_t)MASK << SHIFT);
	ix |= 1ULL << SHIFT;
	/* Use the exponent to extract the 3 appropriate uint64 digits from mPi4. */
	uint64_t digit = (uint64_t)(exp + 61) / 64, bitshift = (uint64_t)(exp + 61) % 64;
	uint64_t z0 = shl(mPi4[digit], bitshift) | shr(mPi4[digit + 1], 64 - bitshift);
	uint64_t z1 = shl(mPi4[digit + 1], bitshift) | shr(mPi4[digit + 2], 64 - bitshift);
	uint64_t z2 = shl(mPi4[digit + 2], bitshift) | shr(mPi4[digit + 3], 64 - bitshift);
	/* Multiply mantissa by the digits and extract the upper two digits (hi, lo). */
	uint64_t z2hi, z2lo, z1hi, z1lo;
	mul64(z2, ix, &z2hi, &z2lo);
	mul64(z1, ix, &z1hi, &z1lo);
	uint64_t z0lo = z0 * ix;
	uint64_t lo = z1lo + z2hi;
	uint64_t carry = lo < z1lo;
	uint64_t hi = z0lo + z1hi + carry;
	/* The top 3 bits of hi give j. */
	uint64_t j = hi >> 61;
	/* Extract the fraction and find its magnitude. */
	hi = (hi << 3) | (lo >> 61);
	uint64_t lz = hi == 0 ? 64 : (uint64_t)__builtin_clzll(hi);
	uint64_t e = (uint64_t)BIAS - (lz + 1);
	/* Clear implicit mantissa bit and shift into place. */
	hi = shl(hi, lz + 1) | shr(lo, 64 - (lz + 1));
	hi >>= 64 - SHIFT;
	/* Include the exponent and convert to a float. */
	hi |= e << SHIFT;
	double z = f64frombits(hi);
	/* Map zeros to origin. */
	if ((j & 1) == 1) {
		j++;
		j &= 7;
		z--;
	}
	*jp = j;
	/* Multiply the fractional part by pi/4. */
	return z * PI_4;
}

/* Pi/4 split into three parts, for the extended-precision reduction. */
#define PI4A 7.85398125648498535156e-1  /* 0x3fe921fb40000000 */
#define PI4B 3.77489470793079817668e-8  /* 0x3e64442d00000000 */
#define PI4C 2.69515142907905952645e-15 /* 0x3ce8469898cc5170 */

static const double _sin[] = {
        1.58962301576546568060e-10, /* 0x3de5d8fd1fd19ccd */
        -2.50507477628578072866e-8, /* 0xbe5ae5e5a9291f5d */
        2.75573136213857245213e-6,  /* 0x3ec71de3567d48a1 */
        -1.98412698295895385996e-4, /* 0xbf2a01a019bfdf03 */
        8.33333333332211858878e-3,  /* 0x3f8111111110f7d0 */
        -1.66666666666666307295e-1, /* 0xbfc5555555555548 */
};

static const double _cos[] = {
        -1.13585365213876817300e-11, /* 0xbda8fa49a0861a9b */
        2.08757008419747316778e-9,   /* 0x3e21ee9d7b4e3f05 */
        -2.75573141792967388112e-7,  /* 0xbe927e4f7eac4bc6 */
        2.48015872888517045348e-5,   /* 0x3efa01a019c844f5 */
        -1.38888888888730564116e-3,  /* 0xbf56c16c16c14f91 */
        4.16666666666665929218e-2,   /* 0x3fa555555555554b */
};

/*
 * Reduces x >= 0 to z in [-Pi/4, Pi/4] and the octant j (0..7, except for tan, whose j is
 * not taken modulo 8 as it only tests bit 1), as sin.go, tan.go and sincos.go do inline.
 */
static double reduce(double x, uint64_t *jp, bool mod8)
{
	if (x >= REDUCE_THRESHOLD)
		return trigReduce(x, jp);
	uint64_t j = (uint64_t)f2i(x * FOUR_PI); /* integer part of x/(Pi/4) */
	double y = (double)j;
	/* Map zeros to origin. */
	if ((j & 1) == 1) {
		j++;
		y++;
	}
	if (mod8)
		j &= 7; /* octant modulo 2Pi radians (360 degrees) */
	*jp = j;
	return ((x - y * PI4A) - y * PI4B) - y * PI4C; /* extended precision modular arithmetic */
}

/* The polynomials of sin.go; p is the parenthesized factor Go multiplies in last. */
static inline double sin_poly(double z, double zz)
{
	double p =
	        (((((_sin[0] * zz) + _sin[1]) * zz + _sin[2]) * zz + _sin[3]) * zz + _sin[4]) * zz;
	p = p + _sin[5];
	return z + z * zz * p;
}

static inline double cos_poly(double zz)
{
	double p =
	        (((((_cos[0] * zz) + _cos[1]) * zz + _cos[2]) * zz + _cos[3]) * zz + _cos[4]) * zz;
	p = p + _cos[5];
	return 1.0 - 0.5 * zz + zz * zz * p;
}

double math_cos(double x)
{
	if (is_nan(x) || is_inf(x, 0))
		return math_nan();
	bool sign = false;
	x = math_abs(x);
	uint64_t j;
	double z = reduce(x, &j, true);
	if (j > 3) {
		j -= 4;
		sign = !sign;
	}
	if (j > 1)
		sign = !sign;
	double zz = z * z;
	double y = (j == 1 || j == 2) ? sin_poly(z, zz) : cos_poly(zz);
	if (sign)
		y = -y;
	return y;
}

double math_sin(double x)
{
	if (x == 0 || is_nan(x))
		return x; /* +-0 or NaN */
	if (is_inf(x, 0))
		return math_nan();
	bool sign = false;
	if (x < 0) {
		x = -x;
		sign = true;
	}
	uint64_t j;
	double z = reduce(x, &j, true);
	/* Reflect in x axis. */
	if (j > 3) {
		sign = !sign;
		j -= 4;
	}
	double zz = z * z;
	double y = (j == 1 || j == 2) ? cos_poly(zz) : sin_poly(z, zz);
	if (sign)
		y = -y;
	return y;
}

void math_sincos(double x, double *sinp, double *cosp)
{
	if (x == 0) {
		*sinp = x; /* +-0 */
		*cosp = 1;
		return;
	}
	if (is_nan(x) || is_inf(x, 0)) {
		*sinp = *cosp = math_nan();
		return;
	}
	bool sinSign = false, cosSign = false;
	if (x < 0) {
		x = -x;
		sinSign = true;
	}
	uint64_t j;
	double z = reduce(x, &j, true);
	if (j > 3) { /* reflect in x axis */
		j -= 4;
		sinSign = !sinSign;
		cosSign = !cosSign;
	}
	if (j > 1)
		cosSign = !cosSign;
	double zz = z * z;
	double c = cos_poly(zz);
	double s = sin_poly(z, zz);
	if (j == 1 || j == 2) {
		double t = s;
		s = c;
		c = t;
	}
	if (cosSign)
		c = -c;
	if (sinSign)
		s = -s;
	*sinp = s;
	*cosp = c;
}

static const double _tanP[] = {
        -1.30936939181383777646e4, /* 0xc0c992d8d24f3f38 */
        1.15351664838587416140e6,  /* 0x413199eca5fc9ddd */
        -1.79565251976484877988e7, /* 0xc1711fead3299176 */
};

static const double _tanQ[] = {
        1.00000000000000000000e0,  /* 0x3ff0000000000000 */
        1.36812963470692954678e4,  /* 0x40cab8a5eeb36572 */
        -1.32089234440210967447e6, /* 0xc13427bc582abc96 */
        2.50083801823357915839e7,  /* 0x4177d98fc2ead8ef */
        -5.38695755929454629881e7, /* 0xc189afe03cbe5a31 */
};

double math_tan(double x)
{
	if (x == 0 || is_nan(x))
		return x; /* +-0 or NaN */
	if (is_inf(x, 0))
		return math_nan();
	bool sign = false;
	if (x < 0) {
		x = -x;
		sign = true;
	}
	uint64_t j;
	double z = reduce(x, &j, false);
	double zz = z * z;
	double y;
	if (zz > 1e-14)
		y = z + z * (zz * (((_tanP[0] * zz) + _tanP[1]) * zz + _tanP[2]) /
		             ((((zz + _tanQ[1]) * zz + _tanQ[2]) * zz + _tanQ[3]) * zz + _tanQ[4]));
	else
		y = z;
	if ((j & 2) == 2)
		y = -1 / y;
	if (sign)
		y = -y;
	return y;
}

/* ---- atan.go, asin.go, atan2.go ---- */

/* xatan evaluates a series valid in the range [0, 0.66]. */
static double xatan(double x)
{
	const double P0 = -8.750608600031904122785e-01;
	const double P1 = -1.615753718733365076637e+01;
	const double P2 = -7.500855792314704667340e+01;
	const double P3 = -1.228866684490136173410e+02;
	const double P4 = -6.485021904942025371773e+01;
	const double Q0 = +2.485846490142306297962e+01;
	const double Q1 = +1.650270098316988542046e+02;
	const double Q2 = +4.328810604912902668951e+02;
	const double Q3 = +4.853903996359136964868e+02;
	const double Q4 = +1.945506571482613964425e+02;

	double z = x * x;
	z = z * ((((P0 * z + P1) * z + P2) * z + P3) * z + P4) /
	    (((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4);
	z = x * z + x;
	return z;
}

/* satan reduces its argument (known to be positive) to the range [0, 0.66] and calls xatan. */
static double satan(double x)
{
	const double Morebits = 6.123233995736765886130e-17; /* pi/2 = PIO2 + Morebits */
	const double Tan3pio8 = 2.41421356237309504880;      /* tan(3*pi/8) */
	if (x <= 0.66)
		return xatan(x);
	if (x > Tan3pio8)
		return PI_2 - xatan(1 / x) + Morebits;
	return PI_4 + xatan((x - 1) / (x + 1)) + 0.5 * Morebits;
}

double math_atan(double x)
{
	if (x == 0)
		return x;
	if (x > 0)
		return satan(x);
	return -satan(-x);
}

double math_asin(double x)
{
	if (x == 0)
		return x; /* special case */
	bool sign = false;
	if (x < 0) {
		x = -x;
		sign = true;
	}
	if (x > 1)
		return math_nan(); /* special case */
	double temp = math_sqrt(1 - x * x);
	if (x > 0.7)
		temp = PI_2 - satan(temp / x);
	else
		temp = satan(x / temp);
	if (sign)
		temp = -temp;
	return temp;
}

double math_acos(double x)
{
	return PI_2 - math_asin(x);
}

double math_atan2(double y, double x)
{
	if (is_nan(y) || is_nan(x))
		return math_nan();
	if (y == 0) {
		if (x >= 0 && !signbit_go(x))
			return math_copysign(0, y);
		return math_copysign(PI, y);
	}
	if (x == 0)
		return math_copysign(PI_2, y);
	if (is_inf(x, 0)) {
		if (is_inf(x, 1))
			return is_inf(y, 0) ? math_copysign(PI_4, y) : math_copysign(0, y);
		return is_inf(y, 0) ? math_copysign(PI3_4, y) : math_copysign(PI, y);
	}
	if (is_inf(y, 0))
		return math_copysign(PI_2, y);

	double q = math_atan(y / x);
	if (x < 0) {
		if (q <= 0)
			return q + PI;
		return q - PI;
	}
	return q;
}

/* ---- sinh.go, tanh.go, asinh.go, acosh.go, atanh.go ---- */

double math_sinh(double x)
{
	/* The coefficients are #2029 from Hart & Cheney. (20.36D) */
	const double P0 = -0.6307673640497716991184787251e+6;
	const double P1 = -0.8991272022039509355398013511e+5;
	const double P2 = -0.2894211355989563807284660366e+4;
	const double P3 = -0.2630563213397497062819489e+2;
	const double Q0 = -0.6307673640497716991212077277e+6;
	const double Q1 = 0.1521517378790019070696485176e+5;
	const double Q2 = -0.173678953558233699533450911e+3;

	bool sign = false;
	if (x < 0) {
		x = -x;
		sign = true;
	}
	double temp;
	if (x > 21) {
		temp = math_exp(x) * 0.5;
	} else if (x > 0.5) {
		double ex = math_exp(x);
		temp = (ex - 1 / ex) * 0.5;
	} else {
		double sq = x * x;
		temp = (((P3 * sq + P2) * sq + P1) * sq + P0) * x;
		temp = temp / (((sq + Q2) * sq + Q1) * sq + Q0);
	}
	if (sign)
		temp = -temp;
	return temp;
}

double math_cosh(double x)
{
	x = math_abs(x);
	if (x > 21)
		return math_exp(x) * 0.5;
	double ex = math_exp(x);
	return (ex + 1 / ex) * 0.5;
}

static const double tanhP[] = {
        -9.64399179425052238628e-1,
        -9.92877231001918586564e1,
        -1.61468768441708447952e3,
};

static const double tanhQ[] = {
        1.12811678491632931402e2,
        2.23548839060100448583e3,
        4.84406305325125486048e3,
};

double math_tanh(double x)
{
	const double MAXLOG = 8.8029691931113054295988e+01; /* log(2**127) */
	double z = math_abs(x);
	if (z > 0.5 * MAXLOG) {
		if (x < 0)
			return -1;
		return 1;
	}
	if (z >= 0.625) {
		double s = math_exp(2 * z);
		z = 1 - 2 / (s + 1);
		if (x < 0)
			z = -z;
		return z;
	}
	if (x == 0)
		return x;
	double s = x * x;
	z = x + x * s * ((tanhP[0] * s + tanhP[1]) * s + tanhP[2]) /
	                (((s + tanhQ[0]) * s + tanhQ[1]) * s + tanhQ[2]);
	return z;
}

double math_asinh(double x)
{
	const double Ln2 = 6.93147180559945286227e-01; /* 0x3FE62E42FEFA39EF */
	const double NearZero = 0x1p-28;
	const double Large = 0x1p28;

	if (is_nan(x) || is_inf(x, 0))
		return x;
	bool sign = false;
	if (x < 0) {
		x = -x;
		sign = true;
	}
	double temp;
	if (x > Large)
		temp = math_log(x) + Ln2; /* |x| > 2**28 */
	else if (x > 2)
		temp = math_log(2 * x + 1 / (math_sqrt(x * x + 1) + x)); /* 2**28 > |x| > 2.0 */
	else if (x < NearZero)
		temp = x; /* |x| < 2**-28 */
	else
		temp = math_log1p(x + x * x / (1 + math_sqrt(1 + x * x))); /* 2.0 > |x| > 2**-28 */
	if (sign)
		temp = -temp;
	return temp;
}

double math_acosh(double x)
{
	const double Large = 0x1p28;
	if (x < 1 || is_nan(x))
		return math_nan();
	if (x == 1)
		return 0;
	if (x >= Large)
		return math_log(x) + LN2; /* x > 2**28 */
	if (x > 2)
		return math_log(2 * x - 1 / (x + math_sqrt(x * x - 1))); /* 2**28 > x > 2 */
	double t = x - 1;
	return math_log1p(t + math_sqrt(2 * t + t * t)); /* 2 >= x > 1 */
}

double math_atanh(double x)
{
	const double NearZero = 0x1p-28;
	if (x < -1 || x > 1 || is_nan(x))
		return math_nan();
	if (x == 1)
		return math_inf(1);
	if (x == -1)
		return math_inf(-1);
	bool sign = false;
	if (x < 0) {
		x = -x;
		sign = true;
	}
	double temp;
	if (x < NearZero) {
		temp = x;
	} else if (x < 0.5) {
		temp = x + x;
		temp = 0.5 * math_log1p(temp + temp * x / (1 - x));
	} else {
		temp = 0.5 * math_log1p((x + x) / (1 - x));
	}
	if (sign)
		temp = -temp;
	return temp;
}

/* ---- gamma.go ---- */

static const double _gamP[] = {
        1.60119522476751861407e-04, 1.19135147006586384913e-03, 1.04213797561761569935e-02,
        4.76367800457137231464e-02, 2.07448227648435975150e-01, 4.94214826801497100753e-01,
        9.99999999999999996796e-01,
};

static const double _gamQ[] = {
        -2.31581873324120129819e-05, 5.39605580493303397842e-04, -4.45641913851797240494e-03,
        1.18139785222060435552e-02,  3.58236398605498653373e-02, -2.34591795718243348568e-01,
        7.14304917030273074085e-02,  1.00000000000000000320e+00,
};

static const double _gamS[] = {
        7.87311395793093628397e-04, -2.29549961613378126380e-04, -2.68132617805781232825e-03,
        3.47222221605458667310e-03, 8.33333333333482257126e-02,
};

/* Gamma function computed by Stirling's formula, returned as the product y1*y2. */
static double stirling(double x, double *y2p)
{
	const double SqrtTwoPi = 2.506628274631000502417;
	const double MaxStirling = 143.01608;
	if (x > 200) {
		*y2p = 1;
		return math_inf(1);
	}
	double w = 1 / x;
	w = 1 + w * ((((_gamS[0] * w + _gamS[1]) * w + _gamS[2]) * w + _gamS[3]) * w + _gamS[4]);
	double y1 = math_exp(x);
	double y2 = 1.0;
	if (x > MaxStirling) { /* avoid Pow() overflow */
		double v = math_pow(x, 0.5 * x - 0.25);
		y2 = v / y1;
		y1 = v;
	} else {
		y1 = math_pow(x, x - 0.5) / y1;
	}
	*y2p = SqrtTwoPi * w * y2;
	return y1;
}

static bool isNegInt(double x)
{
	if (x < 0) {
		double xf;
		math_modf(x, &xf);
		return xf == 0;
	}
	return false;
}

double math_gamma(double x)
{
	const double Euler = 0.57721566490153286060651209008240243104215933593992; /* A001620 */
	if (isNegInt(x) || is_inf(x, -1) || is_nan(x))
		return math_nan();
	if (is_inf(x, 1))
		return math_inf(1);
	if (x == 0)
		return signbit_go(x) ? math_inf(-1) : math_inf(1);

	double q = math_abs(x);
	double p = math_floor(q);
	if (q > 33) {
		double sq1, sq2;
		if (x >= 0) {
			sq1 = stirling(x, &sq2);
			return sq1 * sq2;
		}
		/* Note: x is negative but (checked above) not a negative integer, so x must be
		 * small enough to be in range for conversion to int64. */
		int64_t sign = 1; /* Go's signgam */
		if ((f2i(p) & 1) == 0)
			sign = -1;
		double z = q - p;
		if (z > 0.5) {
			p = p + 1;
			z = q - p;
		}
		z = q * math_sin(PI * z);
		if (z == 0)
			return math_inf(sign);
		sq1 = stirling(q, &sq2);
		double absz = math_abs(z);
		double d = absz * sq1 * sq2;
		if (is_inf(d, 0))
			z = PI / absz / sq1 / sq2;
		else
			z = PI / d;
		return (double)sign * z;
	}

	/* Reduce argument. */
	double z = 1.0;
	while (x >= 3) {
		x = x - 1;
		z = z * x;
	}
	while (x < 0) {
		if (x > -1e-09)
			goto small;
		z = z / x;
		x = x + 1;
	}
	while (x < 2) {
		if (x < 1e-09)
			goto small;
		z = z / x;
		x = x + 1;
	}
	if (x == 2)
		return z;

	x = x - 2;
	/* Go's nested Horner forms, evaluated in the same order in two steps. */
	p = (((x * _gamP[0] + _gamP[1]) * x + _gamP[2]) * x + _gamP[3]) * x + _gamP[4];
	p = (p * x + _gamP[5]) * x + _gamP[6];
	q = (((x * _gamQ[0] + _gamQ[1]) * x + _gamQ[2]) * x + _gamQ[3]) * x + _gamQ[4];
	q = ((q * x + _gamQ[5]) * x + _gamQ[6]) * x + _gamQ[7];
	return z * p / q;

small:
	if (x == 0)
		return math_inf(1);
	return z / ((1 + Euler * x) * x);
}

/* ---- erf.go ---- */

static const double erx = 8.45062911510467529297e-01; /* 0x3FEB0AC160000000 */
/* Coefficients for approximation to erf in |x| <= 0.84375. */
static const double efx = 1.28379167095512586316e-01;  /* 0x3FC06EBA8214DB69 */
static const double efx8 = 1.02703333676410069053e+00; /* 0x3FF06EBA8214DB69 */
static const double pp0 = 1.28379167095512558561e-01;  /* 0x3FC06EBA8214DB68 */
static const double pp1 = -3.25042107247001499370e-01; /* 0xBFD4CD7D691CB913 */
static const double pp2 = -2.84817495755985104766e-02; /* 0xBF9D2A51DBD7194F */
static const double pp3 = -5.77027029648944159157e-03; /* 0xBF77A291236668E4 */
static const double pp4 = -2.37630166566501626084e-05; /* 0xBEF8EAD6120016AC */
static const double qq1 = 3.97917223959155352819e-01;  /* 0x3FD97779CDDADC09 */
static const double qq2 = 6.50222499887672944485e-02;  /* 0x3FB0A54C5536CEBA */
static const double qq3 = 5.08130628187576562776e-03;  /* 0x3F74D022C4D36B0F */
static const double qq4 = 1.32494738004321644526e-04;  /* 0x3F215DC9221C1A10 */
static const double qq5 = -3.96022827877536812320e-06; /* 0xBED09C4342A26120 */
/* Coefficients for approximation to erf in 0.84375 <= |x| <= 1.25. */
static const double pa0 = -2.36211856075265944077e-03; /* 0xBF6359B8BEF77538 */
static const double pa1 = 4.14856118683748331666e-01;  /* 0x3FDA8D00AD92B34D */
static const double pa2 = -3.72207876035701323847e-01; /* 0xBFD7D240FBB8C3F1 */
static const double pa3 = 3.18346619901161753674e-01;  /* 0x3FD45FCA805120E4 */
static const double pa4 = -1.10894694282396677476e-01; /* 0xBFBC63983D3E28EC */
static const double pa5 = 3.54783043256182359371e-02;  /* 0x3FA22A36599795EB */
static const double pa6 = -2.16637559486879084300e-03; /* 0xBF61BF380A96073F */
static const double qa1 = 1.06420880400844228286e-01;  /* 0x3FBB3E6618EEE323 */
static const double qa2 = 5.40397917702171048937e-01;  /* 0x3FE14AF092EB6F33 */
static const double qa3 = 7.18286544141962662868e-02;  /* 0x3FB2635CD99FE9A7 */
static const double qa4 = 1.26171219808761642112e-01;  /* 0x3FC02660E763351F */
static const double qa5 = 1.36370839120290507362e-02;  /* 0x3F8BEDC26B51DD1C */
static const double qa6 = 1.19844998467991074170e-02;  /* 0x3F888B545735151D */
/* Coefficients for approximation to erfc in 1.25 <= |x| <= 1/0.35. */
static const double ra0 = -9.86494403484714822705e-03; /* 0xBF843412600D6435 */
static const double ra1 = -6.93858572707181764372e-01; /* 0xBFE63416E4BA7360 */
static const double ra2 = -1.05586262253232909814e+01; /* 0xC0251E0441B0E726 */
static const double ra3 = -6.23753324503260060396e+01; /* 0xC04F300AE4CBA38D */
static const double ra4 = -1.62396669462573470355e+02; /* 0xC0644CB184282266 */
static const double ra5 = -1.84605092906711035994e+02; /* 0xC067135CEBCCABB2 */
static const double ra6 = -8.12874355063065934246e+01; /* 0xC054526557E4D2F2 */
static const double ra7 = -9.81432934416914548592e+00; /* 0xC023A0EFC69AC25C */
static const double sa1 = 1.96512716674392571292e+01;  /* 0x4033A6B9BD707687 */
static const double sa2 = 1.37657754143519042600e+02;  /* 0x4061350C526AE721 */
static const double sa3 = 4.34565877475229228821e+02;  /* 0x407B290DD58A1A71 */
static const double sa4 = 6.45387271733267880336e+02;  /* 0x40842B1921EC2868 */
static const double sa5 = 4.29008140027567833386e+02;  /* 0x407AD02157700314 */
static const double sa6 = 1.08635005541779435134e+02;  /* 0x405B28A3EE48AE2C */
static const double sa7 = 6.57024977031928170135e+00;  /* 0x401A47EF8E484A93 */
static const double sa8 = -6.04244152148580987438e-02; /* 0xBFAEEFF2EE749A62 */
/* Coefficients for approximation to erfc in 1/.35 <= |x| <= 28. */
static const double rb0 = -9.86494292470009928597e-03; /* 0xBF84341239E86F4A */
static const double rb1 = -7.99283237680523006574e-01; /* 0xBFE993BA70C285DE */
static const double rb2 = -1.77579549177547519889e+01; /* 0xC031C209555F995A */
static const double rb3 = -1.60636384855821916062e+02; /* 0xC064145D43C5ED98 */
static const double rb4 = -6.37566443368389627722e+02; /* 0xC083EC881375F228 */
static const double rb5 = -1.02509513161107724954e+03; /* 0xC09004616A2E5992 */
static const double rb6 = -4.83519191608651397019e+02; /* 0xC07E384E9BDC383F */
static const double sb1 = 3.03380607434824582924e+01;  /* 0x403E568B261D5190 */
static const double sb2 = 3.25792512996573918826e+02;  /* 0x40745CAE221B9F0A */
static const double sb3 = 1.53672958608443695994e+03;  /* 0x409802EB189D5118 */
static const double sb4 = 3.19985821950859553908e+03;  /* 0x40A8FFB7688C246A */
static const double sb5 = 2.55305040643316442583e+03;  /* 0x40A3F219CEDF3BE6 */
static const double sb6 = 4.74528541206955367215e+02;  /* 0x407DA874E79FE763 */
static const double sb7 = -2.24409524465858183362e+01; /* 0xC03670E242712D62 */

/* P/Q for 0.84375 <= |x| < 1.25, where s = |x| - 1 (shared by erf and erfc). */
static double erf_pq(double s)
{
	double P = pa0 + s * (pa1 + s * (pa2 + s * (pa3 + s * (pa4 + s * (pa5 + s * pa6)))));
	double Q = 1 + s * (qa1 + s * (qa2 + s * (qa3 + s * (qa4 + s * (qa5 + s * qa6)))));
	return P / Q;
}

/*
 * exp(-x*x - 0.5625 + R/S) for 1.25 <= x < 28, which erf and erfc divide by x. The nested
 * polynomials are split in two statements; the innermost part is computed first either way.
 */
static double erf_tail(double x)
{
	double s = 1 / (x * x);
	double R, S, t;
	if (x < INV_0_35) { /* |x| < 1 / 0.35 ~ 2.857143 */
		t = ra4 + s * (ra5 + s * (ra6 + s * ra7));
		R = ra0 + s * (ra1 + s * (ra2 + s * (ra3 + s * t)));
		t = sa5 + s * (sa6 + s * (sa7 + s * sa8));
		S = 1 + s * (sa1 + s * (sa2 + s * (sa3 + s * (sa4 + s * t))));
	} else { /* |x| >= 1 / 0.35 ~ 2.857143 */
		t = rb4 + s * (rb5 + s * rb6);
		R = rb0 + s * (rb1 + s * (rb2 + s * (rb3 + s * t)));
		t = sb5 + s * (sb6 + s * sb7);
		S = 1 + s * (sb1 + s * (sb2 + s * (sb3 + s * (sb4 + s * t))));
	}
	double z = f64frombits(f64bits(x) & 0xffffffff00000000ULL); /* pseudo-single x */
	return math_exp(-z * z - 0.5625) * math_exp((z - x) * (z + x) + R / S);
}

double math_erf(double x)
{
	const double VeryTiny = 2.848094538889218e-306; /* 0x0080000000000000 */
	const double Small = 0x1p-28;
	if (is_nan(x))
		return math_nan();
	if (is_inf(x, 1))
		return 1;
	if (is_inf(x, -1))
		return -1;
	bool sign = false;
	if (x < 0) {
		x = -x;
		sign = true;
	}
	if (x < 0.84375) { /* |x| < 0.84375 */
		double temp;
		if (x < Small) { /* |x| < 2**-28 */
			if (x < VeryTiny)
				temp = 0.125 * (8.0 * x + efx8 * x); /* avoid underflow */
			else
				temp = x + efx * x;
		} else {
			double z = x * x;
			double r = pp0 + z * (pp1 + z * (pp2 + z * (pp3 + z * pp4)));
			double s = 1 + z * (qq1 + z * (qq2 + z * (qq3 + z * (qq4 + z * qq5))));
			double y = r / s;
			temp = x + x * y;
		}
		return sign ? -temp : temp;
	}
	if (x < 1.25) { /* 0.84375 <= |x| < 1.25 */
		double pq = erf_pq(x - 1);
		if (sign)
			return -erx - pq;
		return erx + pq;
	}
	if (x >= 6) /* inf > |x| >= 6 */
		return sign ? -1 : 1;
	double r = erf_tail(x);
	if (sign)
		return r / x - 1;
	return 1 - r / x;
}

double math_erfc(double x)
{
	const double Tiny = 0x1p-56;
	if (is_nan(x))
		return math_nan();
	if (is_inf(x, 1))
		return 0;
	if (is_inf(x, -1))
		return 2;
	bool sign = false;
	if (x < 0) {
		x = -x;
		sign = true;
	}
	if (x < 0.84375) { /* |x| < 0.84375 */
		double temp;
		if (x < Tiny) { /* |x| < 2**-56 */
			temp = x;
		} else {
			double z = x * x;
			double r = pp0 + z * (pp1 + z * (pp2 + z * (pp3 + z * pp4)));
			double s = 1 + z * (qq1 + z * (qq2 + z * (qq3 + z * (qq4 + z * qq5))));
			double y = r / s;
			if (x < 0.25) /* |x| < 1/4 */
				temp = x + x * y;
			else
				temp = 0.5 + (x * y + (x - 0.5));
		}
		if (sign)
			return 1 + temp;
		return 1 - temp;
	}
	if (x < 1.25) { /* 0.84375 <= |x| < 1.25 */
		double pq = erf_pq(x - 1);
		if (sign)
			return 1 + erx + pq;
		return 1 - erx - pq;
	}
	if (x < 28) { /* |x| < 28 */
		if (sign && x > 6)
			return 2; /* x < -6 */
		double r = erf_tail(x);
		if (sign)
			return 2 - r / x;
		return r / x;
	}
	return sign ? 2 : 0;
}
