/*
 * check_call.c - type checking of call expressions: function and method calls, conversions
 * T(x), and the builtin functions.
 *
 * A call's function operand decides what the call is (go/types' callExpr):
 *   1. a type: a conversion (call.conversion). Constant arguments of constant types fold
 *      (int8(100), string('a'), float64(1)/3); everything else must satisfy the spec's
 *      convertibility rules (types_convertible).
 *   2. a builtin: each has its own typing rule (builtin below); call.builtin records which.
 *   3. a value of function type: the arguments are matched to the parameters. A single
 *      multi-valued call may supply all arguments (f(g())); a variadic function takes the
 *      extra arguments packed into a slice (call.variadic_pack) unless the last argument is
 *      followed by '...'.
 * Method values used as the callee (x.M(...)) are marked as called, not as method values.
 *
 * Invariants:
 *   - A call with no results has MODE_NOVALUE and an empty tuple type; one result gives its
 *     type; several give a K_TUPLE type, which only assignments, returns and f(g()) accept.
 *   - Every argument is checked exactly once, also when the call itself is erroneous, so
 *     errors inside arguments are still reported.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_int.h"
#include "lexer.h"

static Expr *unparen(Expr *e)
{
	while (e->kind == E_PAREN)
		e = e->u.paren.x;
	return e;
}

static void check_all(Checker *c, Expr **args, int n)
{
	for (int i = 0; i < n; i++)
		check_raw(c, args[i], NULL);
}

/* "number, string" style summary of argument types, as types2's typesSummary. */
static const char *types_summary(Checker *c, Type **ts, int n, bool variadic)
{
	char *out = "";
	for (int i = 0; i < n; i++) {
		Type *t = ts[i];
		const char *s;
		if (!t || t->kind == K_INVALID)
			s = "unknown type";
		else if (types_is_untyped(t))
			s = types_is_numeric(t) ? "number" : t->str + strlen("untyped ");
		else if (variadic && i == n - 1 && t->kind == K_SLICE)
			s = arena_printf("...%s", type_string(c, t->elem));
		else
			s = type_string(c, t);
		out = arena_printf("%s%s%s", out, i ? ", " : "", s);
	}
	return out;
}

/*
 * Matches arguments to a signature's parameters. 'args' are already checked; when 'tuple'
 * is set, args[0] is a multi-valued call supplying all of them. 'fname' names the function
 * in messages.
 */
static void arguments(Checker *c, Expr *call, Expr **args, int nargs, Type *sig, bool ellipsis,
                      const char *fname)
{
	Type **atypes = NULL;
	int na = nargs;
	bool tuple = false;
	if (nargs == 1 && args[0]->type && args[0]->type->kind == K_TUPLE && !invalid(args[0])) {
		tuple = true;
		atypes = args[0]->type->results;
		na = args[0]->type->nresults;
	} else {
		atypes = arena_alloc(sizeof(Type *) * (size_t)(nargs ? nargs : 1));
		for (int i = 0; i < nargs; i++) {
			if (args[i]->type && args[i]->type->kind == K_TUPLE && !invalid(args[i])) {
				errorf(c, args[i]->pos,
				       "multiple-value %s (value of type %s) in single-value "
				       "context",
				       expr_string(args[i]), type_string(c, args[i]->type));
				set_invalid(args[i]);
			}
			atypes[i] = args[i]->type;
		}
	}
	int np = sig->nparams;
	bool variadic = sig->variadic;
	if (ellipsis) {
		if (!variadic) {
			errorf(c, args[nargs - 1]->pos,
			       "have (...%s) but function is not variadic: %s",
			       type_string(c, args[nargs - 1]->type), fname);
			return;
		}
		if (tuple) {
			errorf(c, args[0]->pos, "cannot use ... with %d-valued %s", na,
			       expr_string(args[0]));
			return;
		}
	}
	bool pack = variadic && !ellipsis;
	bool count_ok = pack ? na >= np - 1 : na == np;
	if (!count_ok) {
		bool few = na < (pack ? np - 1 : np);
		Pos at;
		if (!few)
			at = tuple ? args[0]->pos : args[pack ? np : np]->pos;
		else
			at = nargs > 0 ? args[nargs - 1]->pos : call->u.call.rparen;
		if (!few && !tuple && np < nargs)
			at = args[np]->pos;
		errorf(c, at, "%s arguments in call to %s\n\thave (%s)\n\twant (%s)",
		       few ? "not enough" : "too many", fname, types_summary(c, atypes, na, false),
		       types_summary(c, sig->params, np, variadic));
		return;
	}
	const char *context = arena_printf("argument to %s", fname);
	for (int i = 0; i < na; i++) {
		Type *pt = pack && i >= np - 1 ? sig->params[np - 1]->elem : sig->params[i];
		if (tuple) {
			if (!types_assignable(atypes[i], pt))
				errorf(c, args[0]->pos,
				       "cannot use %s (value of type %s) as %s value in %s",
				       expr_string(args[0]), type_string(c, atypes[i]),
				       type_string(c, pt), context);
			continue;
		}
		assignment(c, args[i], pt, context);
	}
	if (pack)
		call->u.call.variadic_pack = true;
}

/* ---------------------------------------------------------------- conversions */

static const char *target_name(Checker *c, Expr *call, Type *t)
{
	Expr *f = unparen(call->u.call.fun);
	if (f->kind == E_IDENT &&
	    (!strcmp(f->u.ident.name, "byte") || !strcmp(f->u.ident.name, "rune")))
		return f->u.ident.name;
	return type_string(c, t);
}

static bool is_const_type(Type *t)
{
	Kind k = types_under(t)->kind;
	return k >= K_BOOL && k <= K_STRING;
}

/* string(r) for an integer constant r: its UTF-8 encoding, "\uFFFD" when not a code point. */
static ConstVal *rune_string(ConstVal *v)
{
	__int128 r = v->i;
	int32_t cp = (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) ? 0xFFFD : (int32_t)r;
	char buf[8];
	int n = lexer_encode_rune(buf, cp);
	return cv_string(arena_strndup(buf, (size_t)n), n);
}

void check_conversion(Checker *c, Expr *e, Type *t)
{
	int nargs = e->u.call.nargs;
	e->u.call.conversion = true;
	const char *tname = target_name(c, e, t);
	if (nargs != 1) {
		check_all(c, e->u.call.args, nargs);
		if (nargs == 0)
			errorf(c, e->u.call.rparen, "missing argument in conversion to %s", tname);
		else
			errorf(c, e->u.call.args[1]->pos, "too many arguments in conversion to %s",
			       tname);
		return;
	}
	Expr *x = e->u.call.args[0];
	check_expr(c, x);
	if (e->u.call.has_ellipsis) {
		errorf(c, x->pos, "invalid use of ... in conversion to %s", tname);
		return;
	}
	if (invalid(x) || t->kind == K_INVALID)
		return;
	bool const_arg = x->mode == MODE_CONSTANT;
	Type *tu = types_under(t);
	if (const_arg && is_const_type(t)) {
		ConstVal *v = NULL;
		if (types_is_integer(types_under(x->type)) && tu->kind == K_STRING) {
			v = rune_string(x->cval);
		} else {
			int code = cv_represent(x->cval, t, &v);
			if (code) {
				if (code == REPR_OVERFLOW &&
				    types_is_integer(types_under(x->type)) && types_is_integer(tu))
					errorf(c, x->pos, "constant %s overflows %s",
					       cv_string_of(x->cval), tname);
				else
					errorf(c, x->pos, "cannot convert %s to type %s%s",
					       operand_string(c, x), tname,
					       code == REPR_TRUNCATED ? " (truncated)" : "");
				return;
			}
		}
		e->mode = MODE_CONSTANT;
		e->cval = v;
	} else {
		if (!types_convertible(x->type, t)) {
			errorf(c, x->pos, "cannot convert %s to type %s", operand_string(c, x),
			       tname);
			return;
		}
		e->mode = MODE_VALUE;
	}
	if (types_is_untyped(x->type)) {
		/* the conversion gives an untyped argument its type; for interfaces, non-constant
		 * targets ([]byte("s")) and string(rune) it takes its default type */
		Type *final = t;
		if (x->type->kind != K_UNTYPED_NIL &&
		    (tu->kind == K_INTERFACE || (const_arg && !is_const_type(t)) ||
		     (const_arg && types_is_integer(x->type) && tu->kind == K_STRING)))
			final = types_default(x->type);
		update_expr_type(c, x, final);
		if (x->mode == MODE_INVALID) {
			set_invalid(e);
			return;
		}
	}
	e->type = t;
}

/* ---------------------------------------------------------------- builtins */

typedef struct BuiltinInfo {
	const char *name;
	int nargs;
	bool variadic;
	bool statement; /* may be used as an expression statement */
} BuiltinInfo;

static const BuiltinInfo builtins[] = {
        [BI_NONE] = {"?", 0, false, false},        [BI_APPEND] = {"append", 1, true, false},
        [BI_CAP] = {"cap", 1, false, false},       [BI_CLEAR] = {"clear", 1, false, true},
        [BI_CLOSE] = {"close", 1, false, true},    [BI_COPY] = {"copy", 2, false, true},
        [BI_DELETE] = {"delete", 2, false, true},  [BI_LEN] = {"len", 1, false, false},
        [BI_MAKE] = {"make", 1, true, false},      [BI_MAX] = {"max", 1, true, false},
        [BI_MIN] = {"min", 1, true, false},        [BI_NEW] = {"new", 1, false, false},
        [BI_PANIC] = {"panic", 1, false, true},    [BI_PRINT] = {"print", 0, true, true},
        [BI_PRINTLN] = {"println", 0, true, true}, [BI_RECOVER] = {"recover", 0, false, true},
};

/* Whether evaluating e would call a function (then len/cap of an array is not constant). */
static bool has_call(Expr *e)
{
	if (!e)
		return false;
	switch (e->kind) {
	case E_CALL:
		if (!e->u.call.conversion && e->mode != MODE_CONSTANT)
			return true;
		for (int i = 0; i < e->u.call.nargs; i++)
			if (has_call(e->u.call.args[i]))
				return true;
		return false;
	case E_UNARY: return e->u.op.op == T_ARROW || has_call(e->u.op.x);
	case E_BINARY: return has_call(e->u.op.x) || has_call(e->u.op.y);
	case E_PAREN: return has_call(e->u.paren.x);
	case E_SELECTOR: return has_call(e->u.sel.x);
	case E_INDEX: return has_call(e->u.index.x) || has_call(e->u.index.index);
	case E_SLICE:
		return has_call(e->u.slice.x) || has_call(e->u.slice.lo) ||
		       has_call(e->u.slice.hi) || has_call(e->u.slice.max);
	case E_STAR: return has_call(e->u.star.x);
	case E_TYPEASSERT: return has_call(e->u.assert.x);
	case E_COMPOSITE:
		for (int i = 0; i < e->u.composite.nelts; i++)
			if (has_call(e->u.composite.elts[i]))
				return true;
		return false;
	case E_KEYVALUE: return has_call(e->u.kv.key) || has_call(e->u.kv.value);
	default: return false;
	}
}

static void builtin_len_cap(Checker *c, Expr *e, Builtin id, Expr *x)
{
	Type *u = types_under(x->type);
	if (u->kind == K_POINTER && types_under(u->elem)->kind == K_ARRAY)
		u = types_under(u->elem);
	ExprMode mode = MODE_INVALID;
	ConstVal *val = NULL;
	switch (u->kind) {
	case K_STRING:
	case K_UNTYPED_STRING:
		if (id == BI_LEN) {
			if (x->mode == MODE_CONSTANT) {
				mode = MODE_CONSTANT;
				val = cv_int(x->cval->slen);
			} else {
				mode = MODE_VALUE;
			}
		}
		break;
	case K_ARRAY:
		mode = MODE_VALUE;
		if (!has_call(x)) {
			mode = MODE_CONSTANT;
			val = cv_int(u->len);
		}
		break;
	case K_SLICE:
	case K_CHAN: mode = MODE_VALUE; break;
	case K_MAP:
		if (id == BI_LEN)
			mode = MODE_VALUE;
		break;
	default: break;
	}
	if (mode == MODE_INVALID) {
		errorf(c, x->pos, "invalid argument: %s for built-in %s", operand_string(c, x),
		       builtins[id].name);
		return;
	}
	use_default(c, x, "argument");
	e->mode = mode;
	e->type = t_int;
	e->cval = val;
}

static void builtin_append(Checker *c, Expr *e, Expr **args, int nargs)
{
	Expr *s = args[0];
	Type *st = s->type;
	if (types_under(st)->kind != K_SLICE) {
		if (st->kind == K_UNTYPED_NIL)
			errorf(c, s->pos,
			       "first argument to append must be a slice; have untyped nil");
		else
			errorf(c, s->pos, "first argument to append must be a slice; have %s",
			       operand_string(c, s));
		return;
	}
	e->mode = MODE_VALUE;
	e->type = st;
	if (nargs == 2 && e->u.call.has_ellipsis && types_under(st)->elem == t_uint8 &&
	    types_is_string(types_under(args[1]->type))) {
		use_default(c, args[1], "argument to append");
		return; /* append([]byte, string...) */
	}
	Type *ps[2] = {st, types_slice(types_under(st)->elem)};
	Type *sig = types_func(ps, 2, NULL, 0, true);
	arguments(c, e, args, nargs, sig, e->u.call.has_ellipsis, "append");
}

static void builtin_minmax(Checker *c, Expr *e, Builtin id, Expr **args, int nargs)
{
	Expr *x = args[0];
	TokenKind op = id == BI_MAX ? T_GTR : T_LSS;
	Type *t = NULL;
	ExprMode mode = MODE_CONSTANT;
	ConstVal *val = NULL;
	for (int i = 0; i < nargs; i++) {
		Expr *a = args[i];
		Type *u = types_under(a->type);
		if (!types_is_numeric(u) && !types_is_string(u)) {
			errorf(c, a->pos, "invalid argument: %s cannot be ordered",
			       operand_string(c, a));
			return;
		}
		if (i == 0) {
			t = a->type;
			mode = a->mode == MODE_CONSTANT ? MODE_CONSTANT : MODE_VALUE;
			val = a->cval;
			continue;
		}
		/* match types as for a binary operation between the result so far and a */
		if (types_is_untyped(t) && !types_is_untyped(a->type)) {
			for (int j = 0; j < i; j++)
				convert_untyped(c, args[j], a->type);
			for (int j = 0; j < i; j++)
				if (invalid(args[j]))
					return;
			t = a->type;
			if (val && mode == MODE_CONSTANT)
				val = args[0]->cval;
		} else if (!types_is_untyped(t) && types_is_untyped(a->type)) {
			convert_untyped(c, a, t);
			if (invalid(a))
				return;
		} else if (types_is_untyped(t) && types_is_untyped(a->type)) {
			int ra = a->type->kind == K_UNTYPED_FLOAT  ? 3
			         : a->type->kind == K_UNTYPED_RUNE ? 2
			                                           : 1;
			int rt = t->kind == K_UNTYPED_FLOAT ? 3 : t->kind == K_UNTYPED_RUNE ? 2 : 1;
			if (types_is_string(t) != types_is_string(a->type)) {
				errorf(c, a->pos,
				       "invalid argument: mismatched types %s (previous argument) "
				       "and %s (type of %s)",
				       type_string(c, t), type_string(c, a->type), expr_string(a));
				return;
			}
			if (ra > rt)
				t = a->type;
		}
		if (!types_is_untyped(t) && t != a->type) {
			errorf(c, a->pos,
			       "invalid argument: mismatched types %s (previous argument) and %s "
			       "(type of %s)",
			       type_string(c, t), type_string(c, a->type), expr_string(a));
			return;
		}
		if (mode == MODE_CONSTANT && a->mode == MODE_CONSTANT) {
			if (cv_compare(op, a->cval, val))
				val = a->cval;
		} else {
			mode = MODE_VALUE;
			val = NULL;
		}
	}
	(void)x;
	e->mode = mode;
	e->cval = mode == MODE_CONSTANT ? val : NULL;
	e->type = t;
	if (mode != MODE_CONSTANT && types_is_untyped(t))
		t = types_default(t);
	for (int i = 0; i < nargs; i++)
		if (types_is_untyped(t))
			update_expr_type(c, args[i], types_default(t));
		else
			update_expr_type(c, args[i], t);
	if (mode != MODE_CONSTANT)
		e->type = t;
}

static void builtin(Checker *c, Expr *e, Builtin id)
{
	Expr **args = e->u.call.args;
	int nargs = e->u.call.nargs;
	const BuiltinInfo *bi = &builtins[id];
	e->u.call.builtin = id;
	if (e->u.call.has_ellipsis && id != BI_APPEND) {
		errorf(c, e->pos, "invalid operation: invalid use of ... with built-in %s",
		       bi->name);
		check_all(c, args, nargs);
		return;
	}
	const char *msg = nargs < bi->nargs                      ? "not enough"
	                  : (!bi->variadic && nargs > bi->nargs) ? "too many"
	                                                         : NULL;
	if (msg) {
		check_all(c, args, nargs);
		errorf(c, nargs ? args[nargs - 1]->pos : e->u.call.rparen,
		       "invalid operation: %s arguments for %s (expected %d, found %d)", msg,
		       expr_string(e), bi->nargs, nargs);
		return;
	}
	/* make and new take a type first; the others take values */
	if (id == BI_MAKE || id == BI_NEW) {
		Type *t = type_expr(c, args[0]);
		if (t->kind == K_INVALID) {
			check_all(c, args + 1, nargs - 1);
			return;
		}
		if (id == BI_NEW) {
			e->mode = MODE_VALUE;
			e->type = types_pointer(t);
			return;
		}
		Kind k = types_under(t)->kind;
		int min = k == K_SLICE ? 2 : (k == K_MAP || k == K_CHAN) ? 1 : 0;
		if (!min) {
			errorf(c, args[0]->pos,
			       "invalid argument: cannot make %s; type must be slice, map, or "
			       "channel",
			       expr_string(args[0]));
			check_all(c, args + 1, nargs - 1);
			return;
		}
		if (nargs < min || nargs > min + 1) {
			check_all(c, args + 1, nargs - 1);
			errorf(c, e->pos,
			       "invalid operation: %s expects %d or %d arguments; found %d",
			       expr_string(e), min, min + 1, nargs);
			return;
		}
		int64_t sizes[2];
		int nsizes = 0;
		for (int i = 1; i < nargs; i++) {
			int64_t v = check_index(c, args[i], -1);
			if (v >= 0)
				sizes[nsizes++] = v;
		}
		if (nsizes == 2 && sizes[0] > sizes[1])
			errorf(c, args[1]->pos, "invalid argument: length and capacity swapped");
		e->mode = MODE_VALUE;
		e->type = t;
		return;
	}
	for (int i = 0; i < nargs; i++)
		check_expr(c, args[i]);
	for (int i = 0; i < nargs; i++)
		if (invalid(args[i]) &&
		    !(args[i]->mode != MODE_INVALID && args[i]->type == t_untyped_nil))
			return;
	Expr *x = nargs ? args[0] : NULL;
	switch (id) {
	case BI_APPEND: builtin_append(c, e, args, nargs); return;
	case BI_CAP:
	case BI_LEN: builtin_len_cap(c, e, id, x); return;
	case BI_CLEAR: {
		Kind k = types_under(x->type)->kind;
		if (k != K_MAP && k != K_SLICE) {
			errorf(c, x->pos,
			       "invalid argument: cannot clear %s: argument must be (or "
			       "constrained by) map or slice",
			       operand_string(c, x));
			return;
		}
		e->mode = MODE_NOVALUE;
		e->type = tuple_empty();
		return;
	}
	case BI_CLOSE: {
		Type *u = types_under(x->type);
		if (u->kind != K_CHAN) {
			errorf(c, x->pos, "invalid operation: cannot close non-channel %s",
			       operand_string(c, x));
			return;
		}
		if (u->dir == CHAN_RECV) {
			errorf(c, x->pos, "invalid operation: cannot close receive-only channel %s",
			       operand_string(c, x));
			return;
		}
		e->mode = MODE_NOVALUE;
		e->type = tuple_empty();
		return;
	}
	case BI_COPY: {
		Expr *y = args[1];
		Type *dst = types_under(x->type);
		Type *src = types_under(y->type);
		if (types_is_string(src))
			src = types_slice(t_uint8);
		if (dst->kind != K_SLICE || src->kind != K_SLICE) {
			errorf(c, x->pos,
			       "invalid argument: copy expects slice arguments; found %s and %s",
			       operand_string(c, x), operand_string(c, y));
			return;
		}
		if (dst->elem != src->elem) {
			errorf(c, x->pos,
			       "invalid argument: arguments to copy %s and %s have different "
			       "element types %s and %s",
			       operand_string(c, x), operand_string(c, y),
			       type_string(c, dst->elem), type_string(c, src->elem));
			return;
		}
		use_default(c, y, "argument to copy");
		e->mode = MODE_VALUE;
		e->type = t_int;
		return;
	}
	case BI_DELETE: {
		Type *m = types_under(x->type);
		if (m->kind != K_MAP) {
			errorf(c, x->pos, "invalid argument: %s is not a map",
			       operand_string(c, x));
			return;
		}
		assignment(c, args[1], m->key, "argument to delete");
		e->mode = MODE_NOVALUE;
		e->type = tuple_empty();
		return;
	}
	case BI_MAX:
	case BI_MIN: builtin_minmax(c, e, id, args, nargs); return;
	case BI_PANIC:
		assignment(c, x, t_any, "argument to panic");
		e->mode = MODE_NOVALUE;
		e->type = tuple_empty();
		return;
	case BI_PRINT:
	case BI_PRINTLN:
		for (int i = 0; i < nargs; i++)
			use_default(c, args[i], arena_printf("argument to built-in %s", bi->name));
		e->mode = MODE_NOVALUE;
		e->type = tuple_empty();
		return;
	case BI_RECOVER:
		if (c->fn)
			c->fn->info->has_recover_call = true;
		e->mode = MODE_VALUE;
		e->type = t_any;
		return;
	default: return;
	}
}

/* ---------------------------------------------------------------- calls */

void check_call(Checker *c, Expr *e, Type *hint)
{
	(void)hint;
	Expr *fun = e->u.call.fun;
	check_raw(c, fun, NULL);
	Expr *f = unparen(fun);
	switch (fun->mode) {
	case MODE_INVALID: check_all(c, e->u.call.args, e->u.call.nargs); return;
	case MODE_TYPE: check_conversion(c, e, fun->type); return;
	case MODE_BUILTIN: {
		Object *o = f->kind == E_IDENT ? f->u.ident.obj : NULL;
		builtin(c, e, o ? o->builtin : BI_NONE);
		return;
	}
	case MODE_PACKAGE:
		errorf(c, fun->pos, "use of package %s without selector", expr_string(fun));
		check_all(c, e->u.call.args, e->u.call.nargs);
		return;
	case MODE_NOVALUE:
		errorf(c, fun->pos, "%s (no value) used as value", expr_string(fun));
		check_all(c, e->u.call.args, e->u.call.nargs);
		return;
	default: break;
	}
	if (f->kind == E_SELECTOR)
		f->u.sel.is_value = false;
	Type *sig = types_under(fun->type);
	if (sig->kind != K_FUNC) {
		errorf(c, fun->pos, "invalid operation: cannot call non-function %s",
		       operand_string(c, fun));
		check_all(c, e->u.call.args, e->u.call.nargs);
		return;
	}
	int nargs = e->u.call.nargs;
	Expr **args = e->u.call.args;
	if (nargs == 1)
		check_multi(c, args[0]);
	else
		for (int i = 0; i < nargs; i++)
			check_multi(c, args[i]);
	arguments(c, e, args, nargs, sig, e->u.call.has_ellipsis, expr_string(fun));
	if (sig->nresults == 0) {
		e->mode = MODE_NOVALUE;
		e->type = tuple_empty();
	} else if (sig->nresults == 1) {
		e->mode = MODE_VALUE;
		e->type = sig->results[0];
	} else {
		e->mode = MODE_VALUE;
		e->type = types_tuple(sig->results, sig->nresults);
	}
}
