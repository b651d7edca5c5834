/*
 * math_go.h - Go's math algorithms in C (math_go.c), bit for bit as Go computes them on amd64.
 * math.c wraps them as package math's natives; unit tests call them directly.
 *
 * Invariants:
 *   - Each function returns exactly the float64 bits Go's function of the same name returns
 *     for the same argument bits, NaN payloads included.
 */
#ifndef MINIRT_LANG_STD_MATH_GO_H
#define MINIRT_LANG_STD_MATH_GO_H

#include <stdint.h>

/* The NaN math.NaN returns (Go's uvnan). */
#define MATH_UVNAN 0x7FF8000000000001ULL

double math_nan(void);
double math_inf(int64_t sign);
double math_abs(double x);
double math_copysign(double f, double sign);
double math_sqrt(double x);
double math_floor(double x);
double math_ceil(double x);
double math_trunc(double x);
double math_round(double x);
double math_roundToEven(double x);
double math_modf(double f, double *frac); /* returns the integer part */
double math_frexp(double f, int64_t *exp);
double math_ldexp(double frac, int64_t exp);
double math_logb(double x);
double math_mod(double x, double y);
double math_remainder(double x, double y);
double math_nextafter(double x, double y);
double math_dim(double x, double y);
double math_max(double x, double y);
double math_min(double x, double y);

double math_exp(double x);
double math_exp2(double x);
double math_expm1(double x);
double math_log(double x);
double math_log2(double x);
double math_log10(double x);
double math_log1p(double x);
double math_pow(double x, double y);
double math_cbrt(double x);
double math_hypot(double p, double q);

double math_sin(double x);
double math_cos(double x);
double math_tan(double x);
void math_sincos(double x, double *sin, double *cos);
double math_asin(double x);
double math_acos(double x);
double math_atan(double x);
double math_atan2(double y, double x);

double math_sinh(double x);
double math_cosh(double x);
double math_tanh(double x);
double math_asinh(double x);
double math_acosh(double x);
double math_atanh(double x);

double math_gamma(double x);
double math_erf(double x);
double math_erfc(double x);

#endif
