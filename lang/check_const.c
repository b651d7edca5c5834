/*
 * check_const.c - exact constant arithmetic for the type checker, and the spellings of
 * constants, types and operands that its error messages use.
 *
 * Go's constants are exact: untyped integer constants are mathematical integers, untyped
 * float constants are exact reals, and only when a constant meets a typed context is it
 * rounded (floats) or checked (integers: an out-of-range value is an error, never wrapped).
 * minirt keeps integers in 128 bits and floats in long double (64-bit mantissa), which is
 * exact for every constant the subset's programs use in practice:
 *   1. Literals become ConstVals (check_expr.c parses them).
 *   2. Operators fold with cv_unary, cv_binary and cv_shift; an integer result that leaves
 *      the 128-bit range is the error "constant <op> overflow" (Go's limit is 512 bits, the
 *      wording is the same).
 *   3. cv_represent decides whether a value fits a basic type, rounding floats to float32 or
 *      float64 and turning integral floats into integers, and says why it does not fit
 *      (overflow or truncation), which the callers turn into Go's messages.
 *
 * The second half spells things for messages as Go's type checker (types2) does: types are
 * qualified relative to the package being checked ("T", "strings.Builder"), expressions are
 * printed compactly ("T{…}"), and operands carry their mode, constant value and type
 * ("x (variable of type int)", "300 (untyped int constant)", "c (constant 3 of type T)").
 *
 * Invariants:
 *   - A ConstVal is never modified after it is created: folding always makes a new one, so
 *     constants can be shared between expressions and objects.
 *   - CV_INT values of typed constants are always within their type's range.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_int.h"

/* ---------------------------------------------------------------- construction */

ConstVal *cv_int(__int128 v)
{
	ConstVal *c = arena_alloc(sizeof *c);
	c->kind = CV_INT;
	c->i = v;
	return c;
}

ConstVal *cv_float(long double v)
{
	ConstVal *c = arena_alloc(sizeof *c);
	c->kind = CV_FLOAT;
	c->f = v == 0 ? 0.0L : v; /* constants have no negative zero */
	return c;
}

ConstVal *cv_bool(bool b)
{
	ConstVal *c = arena_alloc(sizeof *c);
	c->kind = CV_BOOL;
	c->b = b;
	return c;
}

ConstVal *cv_string(const char *s, int64_t n)
{
	ConstVal *c = arena_alloc(sizeof *c);
	c->kind = CV_STRING;
	c->s = s;
	c->slen = n;
	return c;
}

bool cv_is_zero(const ConstVal *v)
{
	switch (v->kind) {
	case CV_INT: return v->i == 0;
	case CV_FLOAT: return v->f == 0;
	default: return false;
	}
}

ConstVal *cv_to_int(const ConstVal *v)
{
	if (v->kind == CV_INT)
		return (ConstVal *)v;
	if (v->kind != CV_FLOAT || !isfinite((double)v->f))
		return NULL;
	long double t = truncl(v->f);
	if (t != v->f || fabsl(t) >= 1.7e38L)
		return NULL;
	return cv_int((__int128)t);
}

ConstVal *cv_to_float(const ConstVal *v)
{
	if (v->kind == CV_FLOAT)
		return (ConstVal *)v;
	if (v->kind == CV_INT)
		return cv_float((long double)v->i);
	return NULL;
}

bool cv_equal(const ConstVal *x, const ConstVal *y)
{
	if (x->kind != y->kind) {
		if ((x->kind == CV_INT || x->kind == CV_FLOAT) &&
		    (y->kind == CV_INT || y->kind == CV_FLOAT))
			return cv_to_float(x)->f == cv_to_float(y)->f;
		return false;
	}
	switch (x->kind) {
	case CV_BOOL: return x->b == y->b;
	case CV_INT: return x->i == y->i;
	case CV_FLOAT: return x->f == y->f;
	case CV_STRING: return x->slen == y->slen && memcmp(x->s, y->s, (size_t)x->slen) == 0;
	}
	return false;
}

/* ---------------------------------------------------------------- representability */

static bool int_range(Kind k, __int128 *lo, __int128 *hi)
{
	switch (k) {
	case K_INT8:
		*lo = INT8_MIN;
		*hi = INT8_MAX;
		return true;
	case K_INT16:
		*lo = INT16_MIN;
		*hi = INT16_MAX;
		return true;
	case K_INT32:
		*lo = INT32_MIN;
		*hi = INT32_MAX;
		return true;
	case K_INT:
	case K_INT64:
		*lo = INT64_MIN;
		*hi = INT64_MAX;
		return true;
	case K_UINT8:
		*lo = 0;
		*hi = UINT8_MAX;
		return true;
	case K_UINT16:
		*lo = 0;
		*hi = UINT16_MAX;
		return true;
	case K_UINT32:
		*lo = 0;
		*hi = UINT32_MAX;
		return true;
	case K_UINT:
	case K_UINT64:
	case K_UINTPTR:
		*lo = 0;
		*hi = UINT64_MAX;
		return true;
	default: return false;
	}
}

int cv_represent(const ConstVal *v, Type *t, ConstVal **out)
{
	Type *u = types_under(t);
	ConstVal *dummy;
	if (!out)
		out = &dummy;
	*out = (ConstVal *)v;
	switch (u->kind) {
	case K_BOOL:
	case K_UNTYPED_BOOL: return v->kind == CV_BOOL ? REPR_OK : REPR_INVALID;
	case K_STRING:
	case K_UNTYPED_STRING: return v->kind == CV_STRING ? REPR_OK : REPR_INVALID;
	case K_FLOAT32:
	case K_FLOAT64:
	case K_UNTYPED_FLOAT: {
		ConstVal *f = cv_to_float(v);
		if (!f)
			return REPR_INVALID;
		if (u->kind == K_FLOAT32) {
			float r = (float)f->f;
			if (isinf(r))
				return REPR_OVERFLOW;
			*out = cv_float(r);
		} else if (u->kind == K_FLOAT64) {
			double r = (double)f->f;
			if (isinf(r))
				return REPR_OVERFLOW;
			*out = cv_float(r);
		} else {
			*out = f;
		}
		return REPR_OK;
	}
	default: break;
	}
	if (!types_is_integer(u))
		return REPR_INVALID;
	if (v->kind != CV_INT && v->kind != CV_FLOAT)
		return REPR_INVALID;
	ConstVal *i = cv_to_int(v);
	if (!i)
		return v->kind == CV_FLOAT && isfinite((double)v->f) && fabsl(v->f) < 1.7e38L
		               ? REPR_TRUNCATED
		               : REPR_OVERFLOW;
	__int128 lo, hi;
	if (int_range(u->kind, &lo, &hi) && (i->i < lo || i->i > hi))
		return REPR_OVERFLOW;
	*out = i;
	return REPR_OK;
}

/* ---------------------------------------------------------------- folding */

static const char *op_name(TokenKind op)
{
	switch (op) {
	case T_ADD: return "addition";
	case T_SUB: return "subtraction";
	case T_MUL: return "multiplication";
	case T_SHL: return "shift";
	default: return "";
	}
}

static ConstVal *overflow(Checker *c, TokenKind op, Pos pos)
{
	const char *name = op_name(op);
	errorf(c, pos, "constant %s%soverflow", name, *name ? " " : "");
	return NULL;
}

/* Truncates an integer to the width of its typed integer kind, for ^x on unsigned types. */
static __int128 mask_to(Type *t, __int128 v)
{
	Type *u = types_under(t);
	switch (u->kind) {
	case K_UINT8: return v & 0xff;
	case K_UINT16: return v & 0xffff;
	case K_UINT32: return v & 0xffffffff;
	case K_UINT:
	case K_UINT64:
	case K_UINTPTR: return v & (__int128)UINT64_MAX;
	default: return v;
	}
}

ConstVal *cv_unary(Checker *c, TokenKind op, ConstVal *x, Type *t, Pos pos)
{
	switch (op) {
	case T_ADD: return x;
	case T_SUB:
		if (x->kind == CV_FLOAT)
			return cv_float(-x->f);
		if (x->i == ((__int128)1 << 126) * -2)
			return overflow(c, op, pos);
		return cv_int(-x->i);
	case T_XOR:
		if (types_is_unsigned(types_under(t)))
			return cv_int(mask_to(t, ~x->i));
		return cv_int(~x->i);
	case T_NOT: return cv_bool(!x->b);
	default: return NULL;
	}
}

ConstVal *cv_binary(Checker *c, TokenKind op, ConstVal *x, ConstVal *y, bool intdiv, Pos pos)
{
	if (x->kind == CV_STRING) {
		char *s = arena_alloc((size_t)(x->slen + y->slen) + 1);
		memcpy(s, x->s, (size_t)x->slen);
		memcpy(s + x->slen, y->s, (size_t)y->slen);
		return cv_string(s, x->slen + y->slen);
	}
	if (x->kind == CV_BOOL) {
		if (op == T_LAND)
			return cv_bool(x->b && y->b);
		return cv_bool(x->b || y->b);
	}
	if (x->kind == CV_FLOAT || y->kind == CV_FLOAT || (op == T_QUO && !intdiv)) {
		long double a = cv_to_float(x)->f, b = cv_to_float(y)->f, r;
		switch (op) {
		case T_ADD: r = a + b; break;
		case T_SUB: r = a - b; break;
		case T_MUL: r = a * b; break;
		case T_QUO: r = a / b; break;
		default: return NULL;
		}
		if (isinf((double)r) && !isinf((double)a) && !isinf((double)b)) {
			if (isinfl(r))
				return overflow(c, op, pos);
		}
		return cv_float(r);
	}
	__int128 a = x->i, b = y->i, r;
	switch (op) {
	case T_ADD:
		if (__builtin_add_overflow(a, b, &r))
			return overflow(c, op, pos);
		break;
	case T_SUB:
		if (__builtin_sub_overflow(a, b, &r))
			return overflow(c, op, pos);
		break;
	case T_MUL:
		if (__builtin_mul_overflow(a, b, &r))
			return overflow(c, op, pos);
		break;
	case T_QUO: r = a / b; break;
	case T_REM: r = a % b; break;
	case T_AND: r = a & b; break;
	case T_OR: r = a | b; break;
	case T_XOR: r = a ^ b; break;
	case T_AND_NOT: r = a & ~b; break;
	default: return NULL;
	}
	return cv_int(r);
}

ConstVal *cv_shift(Checker *c, TokenKind op, ConstVal *x, uint64_t n, Pos pos)
{
	__int128 a = x->i;
	if (op == T_SHR) {
		if (n >= 127)
			return cv_int(a < 0 ? -1 : 0);
		return cv_int(a >> n);
	}
	if (a == 0)
		return x;
	if (n >= 127)
		return overflow(c, T_SHL, pos);
	__int128 r = (__int128)((unsigned __int128)a << n);
	if ((r >> n) != a)
		return overflow(c, T_SHL, pos);
	return cv_int(r);
}

static int cmp3(const ConstVal *x, const ConstVal *y)
{
	if (x->kind == CV_STRING) {
		int64_t n = x->slen < y->slen ? x->slen : y->slen;
		int r = memcmp(x->s, y->s, (size_t)n);
		if (r)
			return r < 0 ? -1 : 1;
		return x->slen < y->slen ? -1 : x->slen > y->slen;
	}
	if (x->kind == CV_INT && y->kind == CV_INT)
		return x->i < y->i ? -1 : x->i > y->i;
	long double a = cv_to_float(x)->f, b = cv_to_float(y)->f;
	return a < b ? -1 : a > b;
}

bool cv_compare(TokenKind op, const ConstVal *x, const ConstVal *y)
{
	if (x->kind == CV_BOOL) {
		bool eq = x->b == y->b;
		return op == T_EQL ? eq : !eq;
	}
	int r = cmp3(x, y);
	switch (op) {
	case T_EQL: return r == 0;
	case T_NEQ: return r != 0;
	case T_LSS: return r < 0;
	case T_LEQ: return r <= 0;
	case T_GTR: return r > 0;
	case T_GEQ: return r >= 0;
	default: return false;
	}
}

/* ---------------------------------------------------------------- text building */

typedef struct Buf {
	char *p;
	size_t n, cap;
} Buf;

static void put(Buf *b, const char *s, size_t k)
{
	if (b->n + k + 1 > b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 64;
		while (ncap < b->n + k + 1)
			ncap *= 2;
		char *np = arena_alloc(ncap);
		if (b->p)
			memcpy(np, b->p, b->n);
		b->p = np;
		b->cap = ncap;
	}
	memcpy(b->p + b->n, s, k);
	b->n += k;
	b->p[b->n] = 0;
}

static void puts_(Buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static const char *done(Buf *b)
{
	return b->p ? b->p : "";
}

static void put_int128(Buf *b, __int128 v)
{
	char tmp[64];
	int n = 0;
	unsigned __int128 u = v < 0 ? -(unsigned __int128)v : (unsigned __int128)v;
	do {
		tmp[n++] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[n++] = '-';
	char out[64];
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	put(b, out, (size_t)n);
}

/* Go's strconv.Quote for the bytes of a string constant (ASCII escapes; other bytes as is). */
static void put_quoted(Buf *b, const char *s, int64_t n)
{
	puts_(b, "\"");
	for (int64_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		char esc[8];
		switch (ch) {
		case '"': puts_(b, "\\\""); break;
		case '\\': puts_(b, "\\\\"); break;
		case '\n': puts_(b, "\\n"); break;
		case '\t': puts_(b, "\\t"); break;
		case '\r': puts_(b, "\\r"); break;
		default:
			if (ch < 0x20 || ch == 0x7f) {
				snprintf(esc, sizeof esc, "\\x%02x", ch);
				puts_(b, esc);
			} else {
				put(b, (const char *)&ch, 1);
			}
		}
	}
	puts_(b, "\"");
}

const char *cv_string_of(const ConstVal *v)
{
	Buf b = {0};
	char tmp[64];
	switch (v->kind) {
	case CV_BOOL: return v->b ? "true" : "false";
	case CV_INT: put_int128(&b, v->i); return done(&b);
	case CV_FLOAT:
		snprintf(tmp, sizeof tmp, "%.6Lg", v->f);
		if (truncl(v->f) != v->f && !strchr(tmp, '.'))
			snprintf(tmp, sizeof tmp, "%Lg", v->f);
		return arena_strdup(tmp);
	case CV_STRING: {
		put_quoted(&b, v->s, v->slen);
		const char *s = done(&b);
		if (strlen(s) > 72) {
			char *t = arena_strndup(s, 69);
			return arena_printf("%s...", t);
		}
		return s;
	}
	}
	return "?";
}

/* ---------------------------------------------------------------- type spellings */

static void put_type(Checker *c, Buf *b, Type *t);

static void put_sig(Checker *c, Buf *b, Type *f)
{
	puts_(b, "(");
	for (int i = 0; i < f->nparams; i++) {
		if (i)
			puts_(b, ", ");
		if (f->variadic && i == f->nparams - 1 && f->params[i]->kind == K_SLICE) {
			puts_(b, "...");
			put_type(c, b, f->params[i]->elem);
		} else {
			put_type(c, b, f->params[i]);
		}
	}
	puts_(b, ")");
	if (f->nresults == 1) {
		puts_(b, " ");
		put_type(c, b, f->results[0]);
	} else if (f->nresults > 1) {
		puts_(b, " (");
		for (int i = 0; i < f->nresults; i++) {
			if (i)
				puts_(b, ", ");
			put_type(c, b, f->results[i]);
		}
		puts_(b, ")");
	}
}

static void put_type(Checker *c, Buf *b, Type *t)
{
	char num[32];
	if (!t) {
		puts_(b, "invalid type");
		return;
	}
	if (t->name) { /* a declared type */
		if (t->pkg && (!c || t->pkg != c->pkg)) {
			puts_(b, t->pkg->name);
			puts_(b, ".");
		}
		puts_(b, t->name);
		return;
	}
	switch (t->kind) {
	case K_POINTER:
		puts_(b, "*");
		put_type(c, b, t->elem);
		return;
	case K_SLICE:
		puts_(b, "[]");
		put_type(c, b, t->elem);
		return;
	case K_ARRAY:
		snprintf(num, sizeof num, "[%lld]", (long long)t->len);
		puts_(b, num);
		put_type(c, b, t->elem);
		return;
	case K_MAP:
		puts_(b, "map[");
		put_type(c, b, t->key);
		puts_(b, "]");
		put_type(c, b, t->elem);
		return;
	case K_CHAN:
		puts_(b, t->dir == CHAN_SEND   ? "chan<- "
		         : t->dir == CHAN_RECV ? "<-chan "
		                               : "chan ");
		put_type(c, b, t->elem);
		return;
	case K_FUNC:
		puts_(b, "func");
		put_sig(c, b, t);
		return;
	case K_TUPLE:
		puts_(b, "(");
		for (int i = 0; i < t->nresults; i++) {
			if (i)
				puts_(b, ", ");
			put_type(c, b, t->results[i]);
		}
		puts_(b, ")");
		return;
	case K_STRUCT:
		puts_(b, "struct{");
		for (int i = 0; i < t->nfields; i++) {
			if (i)
				puts_(b, "; ");
			if (!t->fields[i].embedded) {
				puts_(b, t->fields[i].name);
				puts_(b, " ");
			}
			put_type(c, b, t->fields[i].type);
		}
		puts_(b, "}");
		return;
	case K_INTERFACE:
		if (t == t_any) {
			puts_(b, "any");
			return;
		}
		puts_(b, "interface{");
		for (int i = 0; i < t->nimethods; i++) {
			if (i)
				puts_(b, "; ");
			puts_(b, t->imethods[i].name);
			put_sig(c, b, t->imethods[i].sig);
		}
		puts_(b, "}");
		return;
	default: puts_(b, t->str ? t->str : "invalid type"); return;
	}
}

const char *type_string(Checker *c, Type *t)
{
	Buf b = {0};
	put_type(c, &b, t);
	return done(&b);
}

/* ---------------------------------------------------------------- expression spellings */

static void put_expr(Buf *b, Expr *e);

static void put_fields(Buf *b, Field *fs, int n, const char *sep)
{
	for (int i = 0; i < n; i++) {
		if (i)
			puts_(b, sep);
		for (int j = 0; j < fs[i].nnames; j++) {
			if (j)
				puts_(b, ", ");
			put_expr(b, fs[i].names[j]);
		}
		if (fs[i].nnames)
			puts_(b, " ");
		put_expr(b, fs[i].type);
	}
}

static void put_functype(Buf *b, Expr *f)
{
	puts_(b, "(");
	put_fields(b, f->u.func.params, f->u.func.nparams, ", ");
	puts_(b, ")");
	int nr = f->u.func.nresults;
	if (nr == 1 && f->u.func.results[0].nnames == 0) {
		puts_(b, " ");
		put_expr(b, f->u.func.results[0].type);
	} else if (nr > 0) {
		puts_(b, " (");
		put_fields(b, f->u.func.results, nr, ", ");
		puts_(b, ")");
	}
}

static void put_expr(Buf *b, Expr *e)
{
	if (!e) {
		return;
	}
	switch (e->kind) {
	case E_BAD: puts_(b, "BadExpr"); return;
	case E_IDENT: puts_(b, e->u.ident.name); return;
	case E_BASICLIT: puts_(b, e->u.lit.text); return;
	case E_COMPOSITE:
		put_expr(b, e->u.composite.type);
		puts_(b, e->u.composite.nelts ? "{…}" : "{}");
		return;
	case E_FUNCLIT:
		puts_(b, "func");
		put_functype(b, e->u.funclit.type);
		puts_(b, " {…}");
		return;
	case E_PAREN:
		puts_(b, "(");
		put_expr(b, e->u.paren.x);
		puts_(b, ")");
		return;
	case E_SELECTOR:
		put_expr(b, e->u.sel.x);
		puts_(b, ".");
		puts_(b, e->u.sel.name);
		return;
	case E_INDEX:
		put_expr(b, e->u.index.x);
		puts_(b, "[");
		put_expr(b, e->u.index.index);
		puts_(b, "]");
		return;
	case E_SLICE:
		put_expr(b, e->u.slice.x);
		puts_(b, "[");
		put_expr(b, e->u.slice.lo);
		puts_(b, ":");
		put_expr(b, e->u.slice.hi);
		if (e->u.slice.three) {
			puts_(b, ":");
			put_expr(b, e->u.slice.max);
		}
		puts_(b, "]");
		return;
	case E_TYPEASSERT:
		put_expr(b, e->u.assert.x);
		puts_(b, ".(");
		if (e->u.assert.type)
			put_expr(b, e->u.assert.type);
		else
			puts_(b, "type");
		puts_(b, ")");
		return;
	case E_CALL:
		put_expr(b, e->u.call.fun);
		puts_(b, "(");
		for (int i = 0; i < e->u.call.nargs; i++) {
			if (i)
				puts_(b, ", ");
			put_expr(b, e->u.call.args[i]);
		}
		if (e->u.call.has_ellipsis)
			puts_(b, "...");
		puts_(b, ")");
		return;
	case E_STAR:
		puts_(b, "*");
		put_expr(b, e->u.star.x);
		return;
	case E_UNARY:
		puts_(b, token_text(e->u.op.op));
		put_expr(b, e->u.op.x);
		return;
	case E_BINARY:
		put_expr(b, e->u.op.x);
		puts_(b, " ");
		puts_(b, token_text(e->u.op.op));
		puts_(b, " ");
		put_expr(b, e->u.op.y);
		return;
	case E_KEYVALUE:
		put_expr(b, e->u.kv.key);
		puts_(b, ": ");
		put_expr(b, e->u.kv.value);
		return;
	case E_ARRAYTYPE:
		puts_(b, "[");
		put_expr(b, e->u.array.len);
		puts_(b, "]");
		put_expr(b, e->u.array.elem);
		return;
	case E_ELLIPSISLEN: puts_(b, "..."); return;
	case E_STRUCTTYPE:
		puts_(b, "struct{");
		put_fields(b, e->u.strct.fields, e->u.strct.nfields, "; ");
		puts_(b, "}");
		return;
	case E_FUNCTYPE:
		puts_(b, "func");
		put_functype(b, e);
		return;
	case E_INTERFACETYPE:
		puts_(b, e->u.iface.nmethods ? "interface{…}" : "interface{}");
		return;
	case E_MAPTYPE:
		puts_(b, "map[");
		put_expr(b, e->u.map.key);
		puts_(b, "]");
		put_expr(b, e->u.map.value);
		return;
	case E_CHANTYPE:
		puts_(b, e->u.chan.dir == CHAN_SEND   ? "chan<- "
		         : e->u.chan.dir == CHAN_RECV ? "<-chan "
		                                      : "chan ");
		put_expr(b, e->u.chan.elem);
		return;
	case E_ELLIPSIS:
		puts_(b, "...");
		put_expr(b, e->u.ellipsis.elem);
		return;
	}
}

const char *expr_string(Expr *e)
{
	Buf b = {0};
	put_expr(&b, e);
	return done(&b);
}

static const char *mode_string(ExprMode m)
{
	switch (m) {
	case MODE_INVALID: return "invalid operand";
	case MODE_NOVALUE: return "no value";
	case MODE_VALUE: return "value";
	case MODE_VARIABLE: return "variable";
	case MODE_MAPINDEX: return "map index expression";
	case MODE_COMMAOK: return "comma, ok expression";
	case MODE_CONSTANT: return "constant";
	case MODE_TYPE: return "type";
	case MODE_BUILTIN: return "built-in";
	case MODE_PACKAGE: return "package";
	}
	return "?";
}

/*
 * go/types' operandString: "<expr> (<untyped kind> <mode> <value> of type <T>)", each part
 * present when it says something: "x (variable of type int)", "1.5 (untyped float constant)",
 * "c (untyped int constant 3)", "k * 2 (constant 200 of type int8)", "nil".
 */
const char *operand_string(Checker *c, Expr *e)
{
	if (e->mode == MODE_VALUE && e->type && e->type->kind == K_UNTYPED_NIL)
		return "nil";
	Buf b = {0};
	const char *es = expr_string(e);
	puts_(&b, es);
	puts_(&b, " (");
	bool has_type = false;
	switch (e->mode) {
	case MODE_INVALID:
	case MODE_NOVALUE:
	case MODE_BUILTIN:
	case MODE_TYPE:
	case MODE_PACKAGE: break;
	default:
		if (e->type) {
			if (types_is_untyped(e->type)) {
				puts_(&b, e->type->str);
				puts_(&b, " ");
			} else {
				has_type = true;
			}
		}
	}
	puts_(&b, mode_string(e->mode));
	if (e->mode == MODE_CONSTANT && e->cval) {
		const char *vs = cv_string_of(e->cval);
		if (strcmp(vs, es) != 0) {
			puts_(&b, " ");
			puts_(&b, vs);
		}
	}
	if (has_type) {
		if (e->type->kind != K_INVALID) {
			puts_(&b, " of type ");
			puts_(&b, type_string(c, e->type));
		} else {
			puts_(&b, " with invalid type");
		}
	}
	puts_(&b, ")");
	return done(&b);
}
