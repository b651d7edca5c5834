/*
 * math.c - package math's natives: each unpacks its float64 arguments from the argument
 * block, calls the Go algorithm in math_go.c and stores the result.
 *
 * The functions are not the C library's: Go computes most of package math with its own
 * algorithms, which differ from libm's in the last bit for many arguments, and a printed
 * float64 shows every bit. math_go.c ports Go's algorithms step by step (including the amd64
 * assembly versions of Exp, Log, Hypot, Max and Min) so results are bit-identical to Go's.
 *
 * Invariants:
 *   - Every native reads its float64 arguments as IEEE bits from the slots and writes its
 *     result the same way (runtime/value.h), so NaN payloads pass through unchanged.
 */
#include <stdint.h>
#include <string.h>

#include "math_go.h"
#include "std_int.h"

#define F(i) slot_f64(a[i])

#define MATH1(goname, fn)                     \
	static void n_##goname(G *g, Slot *a) \
	{                                     \
		a[1] = f64_slot(fn(F(0)));    \
	}
#define MATH2(goname, fn)                        \
	static void n_##goname(G *g, Slot *a)    \
	{                                        \
		a[2] = f64_slot(fn(F(0), F(1))); \
	}

MATH1(Sqrt, math_sqrt)
MATH1(Abs, math_abs)
MATH1(Floor, math_floor)
MATH1(Ceil, math_ceil)
MATH1(Trunc, math_trunc)
MATH1(Round, math_round)
MATH1(RoundToEven, math_roundToEven)
MATH1(Exp, math_exp)
MATH1(Exp2, math_exp2)
MATH1(Expm1, math_expm1)
MATH1(Log, math_log)
MATH1(Log2, math_log2)
MATH1(Log10, math_log10)
MATH1(Log1p, math_log1p)
MATH1(Sin, math_sin)
MATH1(Cos, math_cos)
MATH1(Tan, math_tan)
MATH1(Asin, math_asin)
MATH1(Acos, math_acos)
MATH1(Atan, math_atan)
MATH1(Sinh, math_sinh)
MATH1(Cosh, math_cosh)
MATH1(Tanh, math_tanh)
MATH1(Asinh, math_asinh)
MATH1(Acosh, math_acosh)
MATH1(Atanh, math_atanh)
MATH1(Cbrt, math_cbrt)
MATH1(Gamma, math_gamma)
MATH1(Erf, math_erf)
MATH1(Erfc, math_erfc)
MATH1(Logb, math_logb)
MATH2(Pow, math_pow)
MATH2(Atan2, math_atan2)
MATH2(Hypot, math_hypot)
MATH2(Mod, math_mod)
MATH2(Remainder, math_remainder)
MATH2(Copysign, math_copysign)
MATH2(Dim, math_dim)
MATH2(Nextafter, math_nextafter)
MATH2(Max, math_max)
MATH2(Min, math_min)

/* func Inf(sign int) float64 */
static void n_Inf(G *g, Slot *a)
{
	a[1] = f64_slot(math_inf((int64_t)a[0]));
}
/* func NaN() float64 */
static void n_NaN(G *g, Slot *a)
{
	a[0] = f64_slot(math_nan());
}
/* func IsNaN(f float64) bool */
static void n_IsNaN(G *g, Slot *a)
{
	double f = F(0);
	a[1] = f != f;
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
	a[1] = a[0] >> 63;
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
	double frac;
	double ip = math_modf(F(0), &frac);
	a[1] = f64_slot(ip);
	a[2] = f64_slot(frac);
}
/* func Frexp(f float64) (frac float64, exp int) */
static void n_Frexp(G *g, Slot *a)
{
	int64_t exp;
	double frac = math_frexp(F(0), &exp);
	a[1] = f64_slot(frac);
	a[2] = (Slot)exp;
}
/* func Ldexp(frac float64, exp int) float64 */
static void n_Ldexp(G *g, Slot *a)
{
	a[2] = f64_slot(math_ldexp(F(0), (int64_t)a[1]));
}
/* func Sincos(x float64) (sin, cos float64) */
static void n_Sincos(G *g, Slot *a)
{
	double s, c;
	math_sincos(F(0), &s, &c);
	a[1] = f64_slot(s);
	a[2] = f64_slot(c);
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
