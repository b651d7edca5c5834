/*
 * math.c - package math's functions, on the C library's libm.
 *
 * Exactly rounded operations (Sqrt, Floor, Ceil, Trunc, Abs, Copysign, Mod, Remainder,
 * Frexp-style bit work) agree with Go bit for bit. Transcendental functions (Sin, Exp, Log,
 * Pow, ...) come from glibc, which is accurate to within an ulp as Go's own implementations
 * are; the two can differ in the last bit for some arguments, which may show in the 17th
 * significant digit of a printed result.
 *
 * Go's special cases that C's functions do not share are written out: Max/Min with NaN and
 * signed zeros, Round (half away from zero, as C's round), RoundToEven, Pow(1, NaN) and
 * Pow(NaN, 0) are both 1 in C and in Go.
 *
 * Invariants:
 *   - Every native reads its float64 arguments as IEEE bits from the slots and writes its
 *     result the same way (runtime/value.h).
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "std_int.h"

#define F(i) slot_f64(a[i])

#define MATH1(goname, cexpr)                  \
	static void n_##goname(G *g, Slot *a) \
	{                                     \
		double x = F(0);              \
		a[1] = f64_slot(cexpr);       \
	}
#define MATH2(goname, cexpr)                  \
	static void n_##goname(G *g, Slot *a) \
	{                                     \
		double x = F(0), y = F(1);    \
		a[2] = f64_slot(cexpr);       \
	}

MATH1(Sqrt, sqrt(x))
MATH1(Abs, fabs(x))
MATH1(Floor, floor(x))
MATH1(Ceil, ceil(x))
MATH1(Trunc, trunc(x))
MATH1(Round, round(x))
MATH1(RoundToEven, nearbyint(x))
MATH1(Exp, exp(x))
MATH1(Exp2, exp2(x))
MATH1(Expm1, expm1(x))
MATH1(Log, log(x))
MATH1(Log2, log2(x))
MATH1(Log10, log10(x))
MATH1(Log1p, log1p(x))
MATH1(Sin, sin(x))
MATH1(Cos, cos(x))
MATH1(Tan, tan(x))
MATH1(Asin, asin(x))
MATH1(Acos, acos(x))
MATH1(Atan, atan(x))
MATH1(Sinh, sinh(x))
MATH1(Cosh, cosh(x))
MATH1(Tanh, tanh(x))
MATH1(Asinh, asinh(x))
MATH1(Acosh, acosh(x))
MATH1(Atanh, atanh(x))
MATH1(Cbrt, cbrt(x))
MATH1(Gamma, tgamma(x))
MATH1(Erf, erf(x))
MATH1(Erfc, erfc(x))
MATH1(Logb, logb(x))
MATH2(Pow, pow(x, y))
MATH2(Atan2, atan2(x, y))
MATH2(Hypot, hypot(x, y))
MATH2(Mod, fmod(x, y))
MATH2(Remainder, remainder(x, y))
MATH2(Copysign, copysign(x, y))
MATH2(Dim, (isnan(x) || isnan(y)) ? NAN : (x - y <= 0 ? 0 : x - y))
MATH2(Nextafter, nextafter(x, y))

static double go_max(double x, double y)
{
	if (isinf(x) && x > 0)
		return x;
	if (isinf(y) && y > 0)
		return y;
	if (isnan(x) || isnan(y))
		return NAN;
	if (x == 0 && x == y)
		return signbit(x) ? y : x;
	return x > y ? x : y;
}

static double go_min(double x, double y)
{
	if (isinf(x) && x < 0)
		return x;
	if (isinf(y) && y < 0)
		return y;
	if (isnan(x) || isnan(y))
		return NAN;
	if (x == 0 && x == y)
		return signbit(x) ? x : y;
	return x < y ? x : y;
}

MATH2(Max, go_max(x, y))
MATH2(Min, go_min(x, y))

/* func Inf(sign int) float64 */
static void n_Inf(G *g, Slot *a)
{
	a[1] = f64_slot((int64_t)a[0] >= 0 ? INFINITY : -INFINITY);
}
/* func NaN() float64 */
static void n_NaN(G *g, Slot *a)
{
	a[0] = f64_slot(NAN);
}
/* func IsNaN(f float64) bool */
static void n_IsNaN(G *g, Slot *a)
{
	a[1] = isnan(F(0)) != 0;
}
/* func IsInf(f float64, sign int) bool */
static void n_IsInf(G *g, Slot *a)
{
	double f = F(0);
	int64_t sign = (int64_t)a[1];
	a[2] = (sign >= 0 && f > 1.7976931348623157e308) ||
	       (sign <= 0 && f < -1.7976931348623157e308);
}
/* func Signbit(x float64) bool */
static void n_Signbit(G *g, Slot *a)
{
	a[1] = signbit(F(0)) != 0;
}
/* func Float64bits(f float64) uint64 */
static void n_Float64bits(G *g, Slot *a)
{
	a[1] = a[0];
}
/* func Float64frombits(b uint64) float64 */
static void n_Float64frombits(G *g, Slot *a)
{
	a[1] = a[0];
}
/* func Float32bits(f float32) uint32 */
static void n_Float32bits(G *g, Slot *a)
{
	float f = (float)F(0);
	uint32_t u;
	memcpy(&u, &f, 4);
	a[1] = u;
}
/* func Float32frombits(b uint32) float32 */
static void n_Float32frombits(G *g, Slot *a)
{
	uint32_t u = (uint32_t)a[0];
	float f;
	memcpy(&f, &u, 4);
	a[1] = f64_slot((double)f);
}
/* func Modf(f float64) (int float64, frac float64) */
static void n_Modf(G *g, Slot *a)
{
	double ip;
	double fr = modf(F(0), &ip);
	a[1] = f64_slot(ip);
	a[2] = f64_slot(fr);
}
/* func Frexp(f float64) (frac float64, exp int) */
static void n_Frexp(G *g, Slot *a)
{
	int e = 0;
	double fr = frexp(F(0), &e);
	a[1] = f64_slot(fr);
	a[2] = (Slot)(int64_t)e;
}
/* func Ldexp(frac float64, exp int) float64 */
static void n_Ldexp(G *g, Slot *a)
{
	int64_t e = (int64_t)a[1];
	if (e > 100000)
		e = 100000;
	if (e < -100000)
		e = -100000;
	a[2] = f64_slot(ldexp(F(0), (int)e));
}
/* func Sincos(x float64) (sin, cos float64) */
static void n_Sincos(G *g, Slot *a)
{
	double x = F(0);
	a[1] = f64_slot(sin(x));
	a[2] = f64_slot(cos(x));
}

const NativeEntry std_math_natives[] = {
        {"math.Sqrt", n_Sqrt},
        {"math.Abs", n_Abs},
        {"math.Floor", n_Floor},
        {"math.Ceil", n_Ceil},
        {"math.Trunc", n_Trunc},
        {"math.Round", n_Round},
        {"math.RoundToEven", n_RoundToEven},
        {"math.Exp", n_Exp},
        {"math.Exp2", n_Exp2},
        {"math.Expm1", n_Expm1},
        {"math.Log", n_Log},
        {"math.Log2", n_Log2},
        {"math.Log10", n_Log10},
        {"math.Log1p", n_Log1p},
        {"math.Sin", n_Sin},
        {"math.Cos", n_Cos},
        {"math.Tan", n_Tan},
        {"math.Asin", n_Asin},
        {"math.Acos", n_Acos},
        {"math.Atan", n_Atan},
        {"math.Sinh", n_Sinh},
        {"math.Cosh", n_Cosh},
        {"math.Tanh", n_Tanh},
        {"math.Asinh", n_Asinh},
        {"math.Acosh", n_Acosh},
        {"math.Atanh", n_Atanh},
        {"math.Cbrt", n_Cbrt},
        {"math.Gamma", n_Gamma},
        {"math.Erf", n_Erf},
        {"math.Erfc", n_Erfc},
        {"math.Logb", n_Logb},
        {"math.Pow", n_Pow},
        {"math.Atan2", n_Atan2},
        {"math.Hypot", n_Hypot},
        {"math.Mod", n_Mod},
        {"math.Remainder", n_Remainder},
        {"math.Copysign", n_Copysign},
        {"math.Dim", n_Dim},
        {"math.Nextafter", n_Nextafter},
        {"math.Max", n_Max},
        {"math.Min", n_Min},
        {"math.Inf", n_Inf},
        {"math.NaN", n_NaN},
        {"math.IsNaN", n_IsNaN},
        {"math.IsInf", n_IsInf},
        {"math.Signbit", n_Signbit},
        {"math.Float64bits", n_Float64bits},
        {"math.Float64frombits", n_Float64frombits},
        {"math.Float32bits", n_Float32bits},
        {"math.Float32frombits", n_Float32frombits},
        {"math.Modf", n_Modf},
        {"math.Frexp", n_Frexp},
        {"math.Ldexp", n_Ldexp},
        {"math.Sincos", n_Sincos},
        {NULL, NULL},
};
