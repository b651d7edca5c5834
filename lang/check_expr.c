/*
 * check_expr.c - type checking of expressions: operands and their modes, untyped constants
 * and their conversion to a context's type, selectors, indexing and slicing, type
 * assertions, unary and binary operators, composite and function literals.
 *
 * How an expression is checked (go/types' rawExpr, with the same names where they exist):
 *   1. check_raw walks the expression bottom-up and writes mode, type and (for constants)
 *      cval into every node. Operators fold constant operands on the spot, exactly
 *      (check_const.c); a typed constant result must be representable in its type.
 *   2. An untyped operand meeting a typed one takes the typed one's type (match_types);
 *      two untyped numeric operands meet at the larger kind (int < rune < float).
 *   3. An expression that is still untyped when it reaches its context (an assignment, an
 *      argument, an index, a condition, a default) is converted there: convert_untyped
 *      checks that the constant is representable in the target type and update_expr_type
 *      writes the final type into the expression and its untyped operands (go/types'
 *      updateExprType). A non-constant shift of an untyped constant ('1 << n') waits for
 *      that step too, since its type comes from the context.
 *   4. Variables referred to from a function literal other than their own function are
 *      captures: they are added to that literal's FuncLitInfo and to every literal between
 *      it and the variable's function, and move to the heap.
 *
 * Invariants:
 *   - After check_raw, e->mode != MODE_INVALID implies e->type != NULL; an erroneous
 *     expression has MODE_INVALID and t_invalid and has been reported (or contains an
 *     operand that was): no further message is printed about it.
 *   - mark_addr_taken is called for every operation that takes the address of a variable's
 *     own storage (&x, &x.f, x[:] of an array x, x.M() with a pointer method); such a
 *     local variable lives on the heap (VAR_HEAP).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_int.h"
#include "lexer.h"

bool invalid(const Expr *e)
{
	if (e->mode == MODE_INVALID || !e->type)
		return true;
	if (e->mode == MODE_BUILTIN || e->mode == MODE_PACKAGE)
		return false;
	return e->type->kind == K_INVALID && !(e->mode == MODE_TYPE && e->type->name);
}

void set_invalid(Expr *e)
{
	e->mode = MODE_INVALID;
	e->type = t_invalid;
	e->cval = NULL;
}

bool is_blank(const Expr *e)
{
	return e && e->kind == E_IDENT && e->u.ident.name && strcmp(e->u.ident.name, "_") == 0;
}

Type *tuple_empty(void)
{
	return types_tuple(NULL, 0);
}

static Expr *unparen(Expr *e)
{
	while (e->kind == E_PAREN)
		e = e->u.paren.x;
	return e;
}

/* ---------------------------------------------------------------- variables */

/* Records that the current function refers to variable o of an enclosing function. */
static void capture(Checker *c, Object *o, Pos pos)
{
	if (!o->owner || !c->fn || o->owner == c->fn->info)
		return;
	for (FuncState *f = c->fn; f && f->info != o->owner; f = f->outer) {
		FuncLitInfo *info = f->info;
		bool have = false;
		for (int i = 0; i < info->ncaptures && !have; i++)
			have = info->captures[i] == o;
		if (!have) {
			int n = info->ncaptures;
			VEC_PUSH(info->capture_pos, n, f->capcapture_pos, pos);
			VEC_PUSH(info->captures, info->ncaptures, f->capcaptures, o);
		}
	}
	o->captured = true;
	if (o->storage != VAR_GLOBAL)
		o->storage = VAR_HEAP;
}

void mark_addr_taken(Expr *e)
{
	e = unparen(e);
	switch (e->kind) {
	case E_IDENT: {
		Object *o = e->u.ident.obj;
		if (o && o->kind == OBJ_VAR) {
			o->addr_taken = true;
			if (o->storage != VAR_GLOBAL)
				o->storage = VAR_HEAP;
		}
		return;
	}
	case E_SELECTOR:
		if (e->u.sel.kind != SEL_FIELD)
			return;
		if (types_under(e->u.sel.x->type)->kind == K_POINTER)
			return;
		for (int i = 0; i < e->u.sel.npath; i++)
			if (e->u.sel.path[i].deref)
				return;
		mark_addr_taken(e->u.sel.x);
		return;
	case E_INDEX:
		if (e->u.index.x->type && types_under(e->u.index.x->type)->kind == K_ARRAY)
			mark_addr_taken(e->u.index.x);
		return;
	default: return;
	}
}

/* ---------------------------------------------------------------- identifiers */

static void ident(Checker *c, Expr *e, bool lhs)
{
	const char *name = e->u.ident.name;
	if (is_blank(e)) {
		errorf(c, e->pos, "cannot use _ as value");
		return;
	}
	Object *o = scope_lookup(c->scope, name);
	if (!o) {
		if (!strcmp(name, "complex") || !strcmp(name, "real") || !strcmp(name, "imag") ||
		    !strcmp(name, "complex64") || !strcmp(name, "complex128"))
			errorf(c, e->pos, "complex numbers are not supported");
		else
			errorf(c, e->pos, "undefined: %s", name);
		return;
	}
	e->u.ident.obj = o;
	switch (o->kind) {
	case OBJ_PKG:
		o->used = true;
		e->mode = MODE_PACKAGE;
		e->type = t_invalid;
		return;
	case OBJ_CONST:
		use_object(c, o);
		if (!o->pkg && !strcmp(name, "iota")) {
			if (!c->in_const) {
				errorf(c, e->pos, "cannot use iota outside constant declaration");
				return;
			}
			e->mode = MODE_CONSTANT;
			e->type = t_untyped_int;
			e->cval = cv_int(c->iota);
			return;
		}
		if (!o->type || o->type->kind == K_INVALID || !o->val)
			return;
		e->mode = MODE_CONSTANT;
		e->type = o->type;
		e->cval = o->val;
		return;
	case OBJ_TYPE:
		use_object(c, o);
		e->mode = MODE_TYPE;
		e->type = o->type ? o->type : t_invalid;
		return;
	case OBJ_VAR:
		use_object(c, o);
		if (!lhs)
			o->used = true;
		capture(c, o, e->pos);
		if (!o->type || o->type->kind == K_INVALID)
			return;
		e->mode = MODE_VARIABLE;
		e->type = o->type;
		return;
	case OBJ_FUNC:
		use_object(c, o);
		if (!o->type || o->type->kind == K_INVALID)
			return;
		e->mode = MODE_VALUE;
		e->type = o->type;
		return;
	case OBJ_BUILTIN:
		e->mode = MODE_BUILTIN;
		e->type = t_invalid;
		return;
	case OBJ_NIL:
		e->mode = MODE_VALUE;
		e->type = t_untyped_nil;
		return;
	default: return;
	}
}

void check_lhs(Checker *c, Expr *e)
{
	Expr *u = unparen(e);
	if (u->kind == E_IDENT && !is_blank(u)) {
		set_invalid(e);
		ident(c, u, true);
		for (Expr *p = e; p != u; p = p->u.paren.x) {
			p->mode = u->mode;
			p->type = u->type;
		}
		if (u->mode == MODE_INVALID)
			u->type = t_invalid;
		return;
	}
	check_expr(c, e);
}

/* ---------------------------------------------------------------- literals */

/* An integer literal's value; Go's syntax with 0x, 0o, 0b, legacy octal and '_'. */
static bool parse_int_lit(const char *s, __int128 *out)
{
	unsigned base = 10;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) {
		base = 8;
		s += 2;
	} else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
		base = 2;
		s += 2;
	} else if (s[0] == '0' && s[1]) {
		base = 8;
	}
	unsigned __int128 v = 0;
	const unsigned __int128 limit = ((unsigned __int128)1 << 126);
	for (; *s; s++) {
		if (*s == '_')
			continue;
		unsigned d;
		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a' + 10);
		else if (*s >= 'A' && *s <= 'F')
			d = (unsigned)(*s - 'A' + 10);
		else
			return false;
		if (d >= base)
			return false;
		if (v > limit / base)
			return false;
		v = v * base + d;
	}
	*out = (__int128)v;
	return true;
}

static long double parse_float_lit(const char *text)
{
	char buf[512];
	size_t n = 0;
	for (const char *p = text; *p && n + 1 < sizeof buf; p++)
		if (*p != '_')
			buf[n++] = *p;
	buf[n] = 0;
	long double ld = strtold(buf, NULL);
	double d = strtod(buf, NULL);
	/* Keep the extra precision only where it cannot spoil the float64 value the literal
	 * most often ends up as (rounding twice can differ from rounding once). */
	if ((double)ld != d)
		ld = d;
	return ld;
}

static void basic_lit(Checker *c, Expr *e)
{
	const char *text = e->u.lit.text;
	switch (e->u.lit.kind) {
	case T_INT: {
		__int128 v;
		if (!parse_int_lit(text, &v)) {
			errorf(c, e->pos, "integer constant overflow");
			return;
		}
		e->cval = cv_int(v);
		e->type = t_untyped_int;
		break;
	}
	case T_FLOAT:
		e->cval = cv_float(parse_float_lit(text));
		e->type = t_untyped_float;
		break;
	case T_IMAG: errorf(c, e->pos, "complex numbers are not supported"); return;
	case T_CHAR: {
		int32_t r;
		if (!lexer_unquote_char(text, strlen(text), &r))
			return;
		e->cval = cv_int(r);
		e->type = t_untyped_rune;
		break;
	}
	case T_STRING: {
		const char *s;
		size_t n;
		if (!lexer_unquote_string(text, strlen(text), &s, &n))
			return;
		e->cval = cv_string(s, (int64_t)n);
		e->type = t_untyped_string;
		break;
	}
	default: return;
	}
	e->mode = MODE_CONSTANT;
}

/* ---------------------------------------------------------------- untyped conversion */

static int kind_rank(Kind k)
{
	switch (k) {
	case K_UNTYPED_INT: return 1;
	case K_UNTYPED_RUNE: return 2;
	case K_UNTYPED_FLOAT: return 3;
	default: return 0;
	}
}

static bool has_nil(Type *t)
{
	switch (types_under(t)->kind) {
	case K_POINTER:
	case K_FUNC:
	case K_SLICE:
	case K_MAP:
	case K_CHAN:
	case K_INTERFACE:
	case K_UNSAFEPTR:
	case K_UNTYPED_NIL: return true;
	default: return false;
	}
}

/*
 * go/types' implicitTypeAndValue: the type an untyped x takes in a context of type target,
 * and its value there. Returns REPR_OK or the reason it cannot.
 */
static int implicit_type(Expr *x, Type *target, Type **newt, ConstVal **val)
{
	*newt = x->type;
	*val = NULL;
	if (types_is_untyped(target)) {
		int a = kind_rank(x->type->kind), b = kind_rank(target->kind);
		if (a && b) {
			*newt = a >= b ? x->type : target;
			return REPR_OK;
		}
		if (x->type == target)
			return REPR_OK;
		return REPR_INVALID;
	}
	Type *u = types_under(target);
	if (u->kind >= K_BOOL && u->kind <= K_STRING) {
		if (x->mode == MODE_CONSTANT) {
			int code = cv_represent(x->cval, target, val);
			if (code)
				return code;
		} else {
			switch (x->type->kind) {
			case K_UNTYPED_BOOL:
				if (u->kind != K_BOOL)
					return REPR_INVALID;
				break;
			case K_UNTYPED_INT:
			case K_UNTYPED_RUNE:
			case K_UNTYPED_FLOAT:
				if (!types_is_numeric(u))
					return REPR_INVALID;
				break;
			case K_UNTYPED_STRING:
				if (u->kind != K_STRING)
					return REPR_INVALID;
				break;
			default: return REPR_INVALID;
			}
		}
		*newt = target;
		return REPR_OK;
	}
	if (u->kind == K_INTERFACE) {
		if (x->type->kind == K_UNTYPED_NIL)
			return REPR_OK; /* nil stays untyped nil (the caller may give it the target) */
		*newt = types_default(x->type);
		return REPR_OK;
	}
	if (has_nil(u) && x->type->kind == K_UNTYPED_NIL)
		return REPR_OK;
	return REPR_INVALID;
}

static void invalid_conversion(Checker *c, int code, Expr *x, Type *target)
{
	const char *xs = operand_string(c, x), *ts = type_string(c, target);
	switch (code) {
	case REPR_TRUNCATED: errorf(c, x->pos, "%s truncated to %s", xs, ts); break;
	case REPR_OVERFLOW: errorf(c, x->pos, "%s overflows %s", xs, ts); break;
	default: errorf(c, x->pos, "cannot convert %s to type %s", xs, ts); break;
	}
}

void convert_untyped(Checker *c, Expr *x, Type *target)
{
	if (invalid(x) || !types_is_untyped(x->type) || !target || target->kind == K_INVALID)
		return;
	Type *newt;
	ConstVal *val;
	int code = implicit_type(x, target, &newt, &val);
	if (code) {
		invalid_conversion(c, code, x, target);
		set_invalid(x);
		return;
	}
	if (newt != x->type)
		update_expr_type(c, x, newt);
	if (val && x->mode == MODE_CONSTANT)
		x->cval = val;
}

/*
 * Writes type t into untyped expression x and into the operands its type flows from.
 * 'lhs_shift' marks the untyped left operand of a non-constant shift, which must end up as
 * an integer; 'report' asks for representability errors of constants met below a
 * non-constant node (the caller has already checked x itself).
 */
static void update0(Checker *c, Expr *x, Type *t, bool lhs_shift, bool report)
{
	if (!x || !x->type || !types_is_untyped(x->type) || x->mode == MODE_INVALID)
		return;
	bool isconst = x->mode == MODE_CONSTANT;
	switch (x->kind) {
	case E_PAREN: update0(c, x->u.paren.x, t, lhs_shift, report); break;
	case E_UNARY: update0(c, x->u.op.x, t, false, !isconst); break;
	case E_BINARY: {
		TokenKind op = x->u.op.op;
		if (op == T_EQL || op == T_NEQ || op == T_LSS || op == T_LEQ || op == T_GTR ||
		    op == T_GEQ)
			break; /* operands have their own final types */
		if (op == T_SHL || op == T_SHR) {
			update0(c, x->u.op.x, t, !isconst, !isconst);
			break;
		}
		update0(c, x->u.op.x, t, false, !isconst);
		update0(c, x->u.op.y, t, false, !isconst);
		break;
	}
	case E_CALL:
		if (isconst && (x->u.call.builtin == BI_MIN || x->u.call.builtin == BI_MAX))
			for (int i = 0; i < x->u.call.nargs; i++)
				update0(c, x->u.call.args[i], t, false, false);
		break;
	default: break;
	}
	if (types_is_untyped(t)) {
		x->type = t;
		return;
	}
	Type *u = types_under(t);
	if (lhs_shift && !types_is_integer(u)) {
		errorf(c, x->pos, "invalid operation: shifted operand %s (type %s) must be integer",
		       expr_string(x), type_string(c, t));
		set_invalid(x);
		return;
	}
	if (isconst && x->cval) {
		if (u->kind == K_INTERFACE) {
			t = types_default(x->type);
		} else {
			ConstVal *v;
			int code = cv_represent(x->cval, t, &v);
			if (code == REPR_OK) {
				x->cval = v;
			} else if (report) {
				invalid_conversion(c, code, x, t);
				set_invalid(x);
				return;
			}
		}
	}
	x->type = t;
}

void update_expr_type(Checker *c, Expr *e, Type *t)
{
	update0(c, e, t, false, false);
}

void use_default(Checker *c, Expr *e, const char *context)
{
	if (invalid(e) || !types_is_untyped(e->type))
		return;
	if (e->type->kind == K_UNTYPED_NIL) {
		errorf(c, e->pos, "use of untyped nil in %s", context);
		set_invalid(e);
		return;
	}
	convert_untyped(c, e, types_default(e->type));
}

/* The reason v is not assignable to interface t, for messages (": T does not implement I ..."). */
static const char *missing_method_cause(Checker *c, Type *v, Type *t)
{
	const char *missing = NULL;
	bool ptr_only = false;
	if (types_implements(v, t, &missing, &ptr_only) || !missing)
		return "";
	if (ptr_only)
		return arena_printf(": %s does not implement %s (method %s has pointer receiver)",
		                    type_string(c, v), type_string(c, t), missing);
	Lookup l = types_lookup(v, missing, c->pkg);
	if (l.kind == LOOKUP_METHOD)
		return arena_printf(": %s does not implement %s (wrong type for method %s)",
		                    type_string(c, v), type_string(c, t), missing);
	return arena_printf(": %s does not implement %s (missing method %s)", type_string(c, v),
	                    type_string(c, t), missing);
}

bool assignment(Checker *c, Expr *x, Type *t, const char *context)
{
	if (invalid(x) || !t || t->kind == K_INVALID)
		return false;
	if (x->type->kind == K_TUPLE) {
		errorf(c, x->pos, "multiple-value %s (value of type %s) in single-value context",
		       expr_string(x), type_string(c, x->type));
		set_invalid(x);
		return false;
	}
	if (types_is_untyped(x->type)) {
		Type *target = t;
		if (types_under(t)->kind == K_INTERFACE)
			target = types_default(x->type);
		Type *newt;
		ConstVal *val;
		int code = implicit_type(x, target, &newt, &val);
		if (code) {
			const char *why = code == REPR_TRUNCATED  ? " (truncated)"
			                  : code == REPR_OVERFLOW ? " (overflows)"
			                                          : "";
			errorf(c, x->pos, "cannot use %s as %s value in %s%s", operand_string(c, x),
			       type_string(c, t), context, why);
			set_invalid(x);
			return false;
		}
		if (newt != x->type)
			update_expr_type(c, x, newt);
		if (val && x->mode == MODE_CONSTANT)
			x->cval = val;
	}
	if (!types_assignable(x->type, t)) {
		const char *cause = "";
		if (types_under(t)->kind == K_INTERFACE)
			cause = missing_method_cause(c, x->type, t);
		else if (types_under(x->type)->kind == K_INTERFACE &&
		         types_implements(t, x->type, NULL, NULL))
			cause = ": need type assertion";
		errorf(c, x->pos, "cannot use %s as %s value in %s%s", operand_string(c, x),
		       type_string(c, t), context, cause);
		return false;
	}
	if (x->type->kind == K_UNTYPED_NIL) {
		/* nil takes the type of its context */
		for (Expr *p = x;; p = p->u.paren.x) {
			p->type = t;
			if (p->kind != E_PAREN)
				break;
		}
	}
	return true;
}

/* ---------------------------------------------------------------- single values */

static void single_value(Checker *c, Expr *e, bool allow_tuple)
{
	switch (e->mode) {
	case MODE_NOVALUE:
		errorf(c, e->pos, "%s (no value) used as value", expr_string(e));
		set_invalid(e);
		return;
	case MODE_TYPE:
		if (!invalid(e))
			errorf(c, e->pos, "%s (type) is not an expression", expr_string(e));
		set_invalid(e);
		return;
	case MODE_BUILTIN:
		errorf(c, e->pos, "%s (built-in) must be called", expr_string(e));
		set_invalid(e);
		return;
	case MODE_PACKAGE:
		errorf(c, e->pos, "use of package %s without selector", expr_string(e));
		set_invalid(e);
		return;
	default: break;
	}
	if (!allow_tuple && e->type && e->type->kind == K_TUPLE) {
		errorf(c, e->pos, "multiple-value %s (value of type %s) in single-value context",
		       expr_string(e), type_string(c, e->type));
		set_invalid(e);
	}
}

void check_expr(Checker *c, Expr *e)
{
	check_raw(c, e, NULL);
	single_value(c, e, false);
}

void check_expr_hint(Checker *c, Expr *e, Type *hint)
{
	check_raw(c, e, hint);
	single_value(c, e, false);
}

void check_multi(Checker *c, Expr *e)
{
	check_raw(c, e, NULL);
	single_value(c, e, true);
}

void check_expr_or_type(Checker *c, Expr *e)
{
	check_raw(c, e, NULL);
	if (e->mode != MODE_TYPE)
		single_value(c, e, false);
}

/* ---------------------------------------------------------------- selectors */

static Type *field_type_at(Type *t, SelStep st, const char **name)
{
	if (st.deref || (types_under(t)->kind == K_POINTER))
		t = types_under(t)->kind == K_POINTER ? types_under(t)->elem : t;
	Type *u = types_under(t);
	if (u->kind != K_STRUCT || st.index >= u->nfields)
		return t_invalid;
	*name = u->fields[st.index].name;
	return u->fields[st.index].type;
}

static void selector(Checker *c, Expr *e)
{
	Expr *x = e->u.sel.x;
	const char *name = e->u.sel.name;
	Expr *ux = unparen(x);
	if (ux == x && x->kind == E_IDENT) {
		Object *po = scope_lookup(c->scope, x->u.ident.name);
		if (po && po->kind == OBJ_PKG) {
			po->used = true;
			x->u.ident.obj = po;
			x->mode = MODE_PACKAGE;
			x->type = t_invalid;
			Package *p = po->imported;
			Object *m = p->scope ? scope_lookup_local(p->scope, name) : NULL;
			if (!m) {
				errorf(c, e->u.sel.namepos, "undefined: %s.%s", x->u.ident.name,
				       name);
				return;
			}
			if (!m->exported) {
				errorf(c, e->u.sel.namepos, "name %s not exported by package %s",
				       name, p->name);
				return;
			}
			e->u.sel.kind = SEL_PKG;
			e->u.sel.obj = m;
			if (!m->type || m->type->kind == K_INVALID)
				return;
			e->type = m->type;
			switch (m->kind) {
			case OBJ_VAR: e->mode = MODE_VARIABLE; break;
			case OBJ_CONST:
				e->mode = MODE_CONSTANT;
				e->cval = m->val;
				break;
			case OBJ_TYPE: e->mode = MODE_TYPE; break;
			case OBJ_FUNC: e->mode = MODE_VALUE; break;
			default: set_invalid(e); break;
			}
			return;
		}
	}
	check_expr_or_type(c, x);
	if (invalid(x))
		return;
	if (x->mode == MODE_TYPE) {
		errorf(c, e->pos, "method expressions are not supported");
		return;
	}
	Type *t = x->type;
	Lookup l = types_lookup(t, name, c->pkg);
	if (l.kind == LOOKUP_AMBIGUOUS) {
		errorf(c, e->u.sel.namepos, "ambiguous selector %s", expr_string(e));
		return;
	}
	if (l.kind == LOOKUP_NONE) {
		Type *u = types_under(t);
		if (u->kind == K_POINTER && types_under(u->elem)->kind == K_INTERFACE)
			errorf(c, e->u.sel.namepos,
			       "%s undefined (type %s is pointer to interface, not interface)",
			       expr_string(e), type_string(c, t));
		else
			errorf(c, e->u.sel.namepos,
			       "%s undefined (type %s has no field or method %s)", expr_string(e),
			       type_string(c, t), name);
		return;
	}
	bool indirect = l.indirect;
	if (l.kind == LOOKUP_FIELD) {
		e->u.sel.kind = SEL_FIELD;
		e->u.sel.npath = l.npath;
		e->u.sel.path = arena_alloc(sizeof(SelStep) * (size_t)(l.npath ? l.npath : 1));
		memcpy(e->u.sel.path, l.path, sizeof(SelStep) * (size_t)l.npath);
		e->type = l.field->type;
		e->mode = x->mode == MODE_VARIABLE || indirect ? MODE_VARIABLE : MODE_VALUE;
		return;
	}
	/* a method */
	Method *m = l.method;
	e->type = m->sig;
	e->mode = MODE_VALUE;
	e->u.sel.is_value = true; /* the call checker clears it */
	if (l.imethod_index >= 0) {
		if (l.npath > 0) {
			/* a method of an interface embedded in a struct: select the field first */
			Expr *fx = arena_alloc(sizeof *fx);
			fx->kind = E_SELECTOR;
			fx->pos = x->pos;
			fx->u.sel.x = x;
			fx->u.sel.namepos = e->u.sel.namepos;
			fx->u.sel.kind = SEL_FIELD;
			fx->u.sel.npath = l.npath;
			fx->u.sel.path = arena_alloc(sizeof(SelStep) * (size_t)l.npath);
			memcpy(fx->u.sel.path, l.path, sizeof(SelStep) * (size_t)l.npath);
			Type *ft = x->type;
			const char *fname = "?";
			for (int i = 0; i < l.npath; i++)
				ft = field_type_at(ft, l.path[i], &fname);
			fx->u.sel.name = fname;
			fx->type = ft;
			fx->mode =
			        x->mode == MODE_VARIABLE || indirect ? MODE_VARIABLE : MODE_VALUE;
			e->u.sel.x = fx;
		}
		e->u.sel.kind = SEL_IMETHOD;
		e->u.sel.index = l.imethod_index;
		e->u.sel.obj = NULL;
		return;
	}
	e->u.sel.kind = SEL_METHOD;
	e->u.sel.obj = m->obj;
	if (m->obj)
		use_object(c, m->obj);
	e->u.sel.npath = l.npath;
	e->u.sel.path = arena_alloc(sizeof(SelStep) * (size_t)(l.npath ? l.npath : 1));
	memcpy(e->u.sel.path, l.path, sizeof(SelStep) * (size_t)l.npath);
	bool reached_ptr = l.reached && l.reached->kind == K_POINTER && !l.reached->name;
	if (m->ptr_recv && !reached_ptr) {
		if (x->mode != MODE_VARIABLE && !indirect) {
			errorf(c, e->u.sel.namepos, "cannot call pointer method %s on %s", name,
			       type_string(c, x->type));
			set_invalid(e);
			return;
		}
		e->u.sel.addr = true;
		if (!indirect)
			mark_addr_taken(x);
	} else if (!m->ptr_recv && reached_ptr) {
		e->u.sel.deref = true;
	}
}

/* ---------------------------------------------------------------- indexing and slicing */

int64_t check_index(Checker *c, Expr *idx, int64_t max)
{
	check_expr(c, idx);
	if (invalid(idx))
		return -2;
	convert_untyped(c, idx, t_int);
	if (invalid(idx))
		return -2;
	if (!types_is_integer(types_under(idx->type))) {
		errorf(c, idx->pos, "invalid argument: index %s must be integer",
		       operand_string(c, idx));
		return -2;
	}
	if (idx->mode != MODE_CONSTANT)
		return -1;
	if (idx->cval->i < 0) {
		errorf(c, idx->pos, "invalid argument: index %s must not be negative",
		       operand_string(c, idx));
		return -2;
	}
	if (idx->cval->i > INT64_MAX) {
		errorf(c, idx->pos, "invalid argument: index %s overflows int",
		       operand_string(c, idx));
		return -2;
	}
	int64_t v = (int64_t)idx->cval->i;
	if (max >= 0 && v >= max) {
		errorf(c, idx->pos, "invalid argument: index %s out of bounds [0:%lld]",
		       cv_string_of(idx->cval), (long long)max);
		return -2;
	}
	return v;
}

static void index_expr(Checker *c, Expr *e)
{
	Expr *x = e->u.index.x;
	check_expr_or_type(c, x);
	if (invalid(x)) {
		check_raw(c, e->u.index.index, NULL);
		return;
	}
	if (x->mode == MODE_TYPE || types_under(x->type)->kind == K_FUNC) {
		errorf(c, e->pos, "generics are not supported");
		return;
	}
	Type *u = types_under(x->type);
	int64_t length = -1;
	switch (u->kind) {
	case K_STRING:
	case K_UNTYPED_STRING:
		if (x->mode == MODE_CONSTANT)
			length = x->cval->slen;
		if (types_is_untyped(x->type))
			update_expr_type(c, x, t_string);
		e->mode = MODE_VALUE;
		e->type = t_uint8;
		break;
	case K_ARRAY:
		length = u->len;
		e->mode = x->mode == MODE_VARIABLE ? MODE_VARIABLE : MODE_VALUE;
		e->type = u->elem;
		break;
	case K_POINTER:
		if (types_under(u->elem)->kind == K_ARRAY) {
			length = types_under(u->elem)->len;
			e->mode = MODE_VARIABLE;
			e->type = types_under(u->elem)->elem;
			break;
		}
		goto bad;
	case K_SLICE:
		e->mode = MODE_VARIABLE;
		e->type = u->elem;
		break;
	case K_MAP: {
		Expr *k = e->u.index.index;
		check_expr_hint(c, k, u->key);
		assignment(c, k, u->key, "map index");
		e->mode = MODE_MAPINDEX;
		e->type = u->elem;
		return;
	}
	default: goto bad;
	}
	check_index(c, e->u.index.index, length);
	return;
bad:
	errorf(c, x->pos, "invalid operation: cannot index %s", operand_string(c, x));
	check_raw(c, e->u.index.index, NULL);
	set_invalid(e);
}

static void slice_expr(Checker *c, Expr *e)
{
	Expr *x = e->u.slice.x;
	check_expr(c, x);
	Expr *idx[3] = {e->u.slice.lo, e->u.slice.hi, e->u.slice.max};
	if (invalid(x)) {
		for (int i = 0; i < 3; i++)
			if (idx[i])
				check_raw(c, idx[i], NULL);
		return;
	}
	Type *u = types_under(x->type);
	int64_t length = -1;
	Type *result = NULL;
	switch (u->kind) {
	case K_STRING:
	case K_UNTYPED_STRING:
		if (e->u.slice.three) {
			errorf(c, idx[2] ? idx[2]->pos : e->pos,
			       "invalid operation: 3-index slice of string");
			return;
		}
		if (x->mode == MODE_CONSTANT)
			length = x->cval->slen;
		if (types_is_untyped(x->type))
			update_expr_type(c, x, t_string);
		result = x->type;
		break;
	case K_ARRAY:
		length = u->len;
		if (x->mode != MODE_VARIABLE) {
			errorf(c, x->pos,
			       "invalid operation: cannot slice %s (value not addressable)",
			       operand_string(c, x));
			return;
		}
		mark_addr_taken(x);
		result = types_slice(u->elem);
		break;
	case K_POINTER:
		if (types_under(u->elem)->kind == K_ARRAY) {
			length = types_under(u->elem)->len;
			result = types_slice(types_under(u->elem)->elem);
		}
		break;
	case K_SLICE: result = x->type; break;
	default: break;
	}
	if (!result) {
		errorf(c, x->pos, "cannot slice %s", operand_string(c, x));
		return;
	}
	if (e->u.slice.three && (!idx[1] || !idx[2])) {
		errorf(c, e->pos, "middle and final index required in 3-index slice");
		return;
	}
	int64_t ind[3];
	for (int i = 0; i < 3; i++) {
		ind[i] = -1;
		if (idx[i]) {
			int64_t v = check_index(c, idx[i], length >= 0 ? length + 1 : -1);
			if (v >= 0)
				ind[i] = v;
		} else if (i == 0) {
			ind[i] = 0;
		} else if (length >= 0) {
			ind[i] = length;
		}
	}
	for (int i = 0; i < 2; i++) {
		if (ind[i] <= 0)
			continue;
		for (int j = i + 1; j < 3; j++)
			if (ind[j] >= 0 && ind[j] < ind[i] && idx[j]) {
				errorf(c, idx[j]->pos, "invalid slice indices: %lld < %lld",
				       (long long)ind[j], (long long)ind[i]);
				i = 2;
				break;
			}
	}
	e->mode = MODE_VALUE;
	e->type = result;
}

/* ---------------------------------------------------------------- type assertions */

static void type_assert(Checker *c, Expr *e)
{
	Expr *x = e->u.assert.x;
	check_expr(c, x);
	if (!e->u.assert.type) {
		errorf(c, e->pos, "use of .(type) outside type switch");
		return;
	}
	if (invalid(x)) {
		type_expr(c, e->u.assert.type);
		return;
	}
	if (types_under(x->type)->kind != K_INTERFACE) {
		errorf(c, x->pos, "invalid operation: %s is not an interface",
		       operand_string(c, x));
		type_expr(c, e->u.assert.type);
		return;
	}
	Type *t = type_expr(c, e->u.assert.type);
	if (t->kind == K_INVALID)
		return;
	if (types_under(t)->kind != K_INTERFACE) {
		const char *missing = NULL;
		bool ptr_only = false;
		if (!types_implements(t, x->type, &missing, &ptr_only)) {
			errorf(c, e->pos,
			       "impossible type assertion: %s\n\t%s does not implement %s (%s %s)",
			       expr_string(e), type_string(c, t), type_string(c, x->type),
			       ptr_only ? "method has pointer receiver:" : "missing method",
			       missing ? missing : "?");
			return;
		}
	}
	e->mode = MODE_COMMAOK;
	e->type = t;
}

/* ---------------------------------------------------------------- operators */

static bool is_comparison(TokenKind op)
{
	return op == T_EQL || op == T_NEQ || op == T_LSS || op == T_LEQ || op == T_GTR ||
	       op == T_GEQ;
}

static bool all_numeric(Type *t)
{
	return types_is_numeric(types_under(t));
}
static bool all_integer(Type *t)
{
	return types_is_integer(types_under(t));
}
static bool all_string(Type *t)
{
	return types_is_string(types_under(t));
}
static bool all_boolean(Type *t)
{
	return types_is_boolean(types_under(t));
}

static bool all_ordered(Type *t)
{
	Type *u = types_under(t);
	return types_is_numeric(u) || types_is_string(u);
}

/* go/types' matchTypes: an untyped operand takes the other operand's type where it can. */
static void match_types(Checker *c, Expr *x, Expr *y)
{
	bool xu = types_is_untyped(x->type), yu = types_is_untyped(y->type);
	if (!xu && !yu)
		return;
	if (all_numeric(x->type) != all_numeric(y->type))
		return;
	bool may = true;
	if (types_under(x->type)->kind == K_INTERFACE ||
	    types_under(y->type)->kind == K_INTERFACE) {
		may = true;
	} else if (all_boolean(x->type) != all_boolean(y->type) ||
	           all_string(x->type) != all_string(y->type)) {
		may = false;
	} else if (x->type->kind == K_UNTYPED_NIL) {
		may = has_nil(y->type);
	} else if (y->type->kind == K_UNTYPED_NIL) {
		may = has_nil(x->type);
	} else if (types_under(x->type)->kind == K_POINTER ||
	           types_under(y->type)->kind == K_POINTER) {
		may = false;
	}
	if (!may)
		return;
	convert_untyped(c, x, y->type);
	if (invalid(x))
		return;
	convert_untyped(c, y, x->type);
}

static const char *kind_string(Checker *c, Type *t)
{
	switch (types_under(t)->kind) {
	case K_ARRAY: return "array";
	case K_SLICE: return "slice";
	case K_STRUCT: return "struct";
	case K_POINTER: return "pointer";
	case K_FUNC: return "func";
	case K_INTERFACE: return "interface";
	case K_MAP: return "map";
	case K_CHAN: return "chan";
	default: return type_string(c, t);
	}
}

static const char *incomparable_cause(Checker *c, Type *t)
{
	Type *u = types_under(t);
	switch (u->kind) {
	case K_SLICE:
	case K_FUNC:
	case K_MAP: return arena_printf("%s can only be compared to nil", kind_string(c, t));
	case K_STRUCT:
		for (int i = 0; i < u->nfields; i++)
			if (!types_comparable(u->fields[i].type))
				return arena_printf("struct containing %s cannot be compared",
				                    type_string(c, u->fields[i].type));
		return "struct cannot be compared";
	case K_ARRAY: return arena_printf("%s cannot be compared", type_string(c, t));
	default: return arena_printf("operator == not defined on %s", kind_string(c, t));
	}
}

void check_comparison(Checker *c, Expr *e, Expr *x, Expr *y, TokenKind op, Pos pos)
{
	(void)pos;
	bool switch_case = e == NULL;
	const char *cause = NULL;
	Expr *err = x;
	bool ok = types_assignable(x->type, y->type) || types_assignable(y->type, x->type);
	if (!ok) {
		err = y;
		cause = arena_printf("mismatched types %s and %s", type_string(c, x->type),
		                     type_string(c, y->type));
		goto error;
	}
	if (op == T_EQL || op == T_NEQ) {
		bool xn = x->type->kind == K_UNTYPED_NIL, yn = y->type->kind == K_UNTYPED_NIL;
		if (xn || yn) {
			Type *t = xn ? y->type : x->type;
			if (!has_nil(t) || (xn && yn)) {
				err = y;
				goto error;
			}
		} else if (!types_comparable(x->type) &&
		           types_under(x->type)->kind != K_INTERFACE) {
			err = x;
			cause = incomparable_cause(c, x->type);
			goto error;
		} else if (!types_comparable(y->type) &&
		           types_under(y->type)->kind != K_INTERFACE) {
			err = y;
			cause = incomparable_cause(c, y->type);
			goto error;
		}
	} else if (!all_ordered(x->type)) {
		err = x;
		goto error;
	} else if (!all_ordered(y->type)) {
		err = y;
		goto error;
	}
	if (switch_case)
		return;
	if (x->mode == MODE_CONSTANT && y->mode == MODE_CONSTANT) {
		e->cval = cv_bool(cv_compare(op, x->cval, y->cval));
		e->mode = MODE_CONSTANT;
	} else {
		e->mode = MODE_VALUE;
	}
	if (x->type->kind != K_UNTYPED_NIL)
		update_expr_type(c, x, types_default(x->type));
	if (y->type->kind != K_UNTYPED_NIL)
		update_expr_type(c, y, types_default(y->type));
	e->type = t_untyped_bool;
	return;
error:
	if (!cause)
		cause = arena_printf("operator %s not defined on %s", token_text(op),
		                     kind_string(c, err->type));
	if (switch_case)
		errorf(c, x->pos, "invalid case %s in switch on %s (%s)", expr_string(x),
		       expr_string(y), cause);
	else
		errorf(c, err->pos, "invalid operation: %s %s %s (%s)", expr_string(x),
		       token_text(op), expr_string(y), cause);
	if (e)
		set_invalid(e);
}

/* A typed constant result must fit its type ("x * 2 (constant 200 of type int8) overflows int8"). */
static void check_representable(Checker *c, Expr *e)
{
	if (types_is_untyped(e->type) || !e->cval)
		return;
	ConstVal *v;
	int code = cv_represent(e->cval, e->type, &v);
	if (code) {
		invalid_conversion(c, code, e, e->type);
		set_invalid(e);
		return;
	}
	e->cval = v;
}

static void shift(Checker *c, Expr *e, Expr *x, Expr *y, TokenKind op)
{
	ConstVal *xval = NULL;
	if (x->mode == MODE_CONSTANT)
		xval = cv_to_int(x->cval);
	if (!(all_integer(x->type) || (types_is_untyped(x->type) && xval))) {
		errorf(c, x->pos, "invalid operation: shifted operand %s must be integer",
		       operand_string(c, x));
		return;
	}
	ConstVal *yval = NULL;
	if (y->mode == MODE_CONSTANT) {
		yval = cv_to_int(y->cval);
		if (yval && yval->i < 0) {
			errorf(c, y->pos, "invalid operation: negative shift count %s",
			       operand_string(c, y));
			return;
		}
		if (types_is_untyped(y->type)) {
			if (!yval || yval->i > UINT64_MAX) {
				errorf(c, y->pos, "cannot use %s as uint value in shift count",
				       operand_string(c, y));
				return;
			}
			update_expr_type(c, y, t_uint);
			y->cval = yval;
		} else if (!all_integer(y->type)) {
			errorf(c, y->pos, "invalid operation: shift count %s must be integer",
			       operand_string(c, y));
			return;
		}
	} else if (all_integer(y->type)) {
		/* fine */
	} else if (types_is_untyped(y->type)) {
		convert_untyped(c, y, t_uint);
		if (invalid(y))
			return;
	} else {
		errorf(c, y->pos, "invalid operation: shift count %s must be integer",
		       operand_string(c, y));
		return;
	}
	if (x->mode == MODE_CONSTANT) {
		if (y->mode == MODE_CONSTANT) {
			if (!yval || yval->i > 1023 - 1 + 52) {
				errorf(c, y->pos, "invalid operation: invalid shift count %s",
				       operand_string(c, y));
				return;
			}
			Type *t = x->type;
			if (!types_is_integer(types_under(t)))
				t = t_untyped_int;
			ConstVal *v = cv_shift(c, op, xval, (uint64_t)yval->i, e->u.op.oppos);
			if (!v)
				return;
			e->mode = MODE_CONSTANT;
			e->type = t;
			e->cval = v;
			check_representable(c, e);
			return;
		}
		if (types_is_untyped(x->type)) {
			/* '1 << n': the type comes from the context (update_expr_type) */
			e->mode = MODE_VALUE;
			e->type = x->type;
			return;
		}
	}
	if (!all_integer(x->type)) {
		errorf(c, x->pos, "invalid operation: shifted operand %s must be integer",
		       operand_string(c, x));
		return;
	}
	e->mode = MODE_VALUE;
	e->type = x->type;
}

static bool op_defined(TokenKind op, Type *t)
{
	switch (op) {
	case T_ADD: return all_numeric(t) || all_string(t);
	case T_SUB:
	case T_MUL:
	case T_QUO: return all_numeric(t);
	case T_REM:
	case T_AND:
	case T_OR:
	case T_XOR:
	case T_AND_NOT: return all_integer(t);
	case T_LAND:
	case T_LOR: return all_boolean(t);
	default: return false;
	}
}

/* Checks x op y into e (also used for op-assignments, where e is a scratch node). */
static void binary(Checker *c, Expr *e, Expr *x, Expr *y, TokenKind op)
{
	check_expr(c, x);
	check_expr(c, y);
	if (invalid(x) || invalid(y))
		return;
	if (op == T_SHL || op == T_SHR) {
		shift(c, e, x, y, op);
		return;
	}
	match_types(c, x, y);
	if (invalid(x) || invalid(y))
		return;
	if (is_comparison(op)) {
		check_comparison(c, e, x, y, op, e->u.op.oppos);
		return;
	}
	if (x->type != y->type) {
		errorf(c, x->pos, "invalid operation: %s (mismatched types %s and %s)",
		       expr_string(e), type_string(c, x->type), type_string(c, y->type));
		return;
	}
	if (!op_defined(op, x->type)) {
		errorf(c, x->pos, "invalid operation: operator %s not defined on %s",
		       token_text(op), operand_string(c, x));
		return;
	}
	if ((op == T_QUO || op == T_REM) && (x->mode == MODE_CONSTANT || all_integer(x->type)) &&
	    y->mode == MODE_CONSTANT && cv_is_zero(y->cval)) {
		errorf(c, y->pos, "invalid operation: division by zero");
		return;
	}
	if (x->mode == MODE_CONSTANT && y->mode == MODE_CONSTANT) {
		bool intdiv = all_integer(x->type);
		ConstVal *v = cv_binary(c, op, x->cval, y->cval, intdiv, e->u.op.oppos);
		if (!v)
			return;
		e->mode = MODE_CONSTANT;
		e->type = x->type;
		e->cval = v;
		check_representable(c, e);
		return;
	}
	e->mode = MODE_VALUE;
	e->type = x->type;
}

static void unary(Checker *c, Expr *e)
{
	TokenKind op = e->u.op.op;
	Expr *x = e->u.op.x;
	switch (op) {
	case T_AND: {
		Expr *ux = unparen(x);
		check_expr(c, x);
		if (invalid(x))
			return;
		if (ux->kind != E_COMPOSITE && x->mode != MODE_VARIABLE) {
			errorf(c, x->pos, "invalid operation: cannot take address of %s",
			       operand_string(c, x));
			return;
		}
		if (ux->kind != E_COMPOSITE)
			mark_addr_taken(x);
		e->mode = MODE_VALUE;
		e->type = types_pointer(x->type);
		return;
	}
	case T_ARROW: {
		/* a receive: the element, usable in a comma-ok assignment */
		check_expr(c, x);
		if (invalid(x))
			return;
		Type *u = types_under(x->type);
		if (u->kind != K_CHAN) {
			errorf(c, x->pos, "invalid operation: cannot receive from non-channel %s",
			       operand_string(c, x));
			return;
		}
		if (u->dir == CHAN_SEND) {
			errorf(c, x->pos,
			       "invalid operation: cannot receive from send-only channel %s",
			       operand_string(c, x));
			return;
		}
		e->mode = MODE_COMMAOK;
		e->type = u->elem;
		return;
	}
	case T_TILDE: errorf(c, e->pos, "generics are not supported"); return;
	default: break;
	}
	check_expr(c, x);
	if (invalid(x))
		return;
	bool ok = op == T_ADD || op == T_SUB ? all_numeric(x->type)
	          : op == T_XOR              ? all_integer(x->type)
	          : op == T_NOT              ? all_boolean(x->type)
	                                     : false;
	if (!ok) {
		errorf(c, x->pos, "invalid operation: operator %s not defined on %s",
		       token_text(op), operand_string(c, x));
		return;
	}
	e->type = x->type;
	if (x->mode == MODE_CONSTANT) {
		ConstVal *v = cv_unary(c, op, x->cval, x->type, e->pos);
		if (!v)
			return;
		e->mode = MODE_CONSTANT;
		e->cval = v;
		check_representable(c, e);
		return;
	}
	e->mode = MODE_VALUE;
}

static void star(Checker *c, Expr *e)
{
	Expr *x = e->u.star.x;
	check_expr_or_type(c, x);
	if (invalid(x))
		return;
	if (x->mode == MODE_TYPE) {
		e->mode = MODE_TYPE;
		e->type = types_pointer(x->type);
		return;
	}
	if (x->type->kind == K_UNTYPED_NIL) {
		errorf(c, x->pos, "invalid operation: cannot indirect nil");
		return;
	}
	Type *u = types_under(x->type);
	if (u->kind != K_POINTER) {
		errorf(c, x->pos, "invalid operation: cannot indirect %s", operand_string(c, x));
		return;
	}
	e->mode = MODE_VARIABLE;
	e->type = u->elem;
}

/* ---------------------------------------------------------------- composite literals */

/* A set of constant indices/keys seen in a literal, for duplicate detection. */
typedef struct IndexSet {
	uint8_t *bits;
	int64_t cap;
} IndexSet;

static bool index_seen(IndexSet *s, int64_t i)
{
	if (i < 0 || i >= ((int64_t)1 << 26))
		return false;
	if (i / 8 >= s->cap) {
		int64_t ncap = s->cap ? s->cap : 64;
		while (i / 8 >= ncap)
			ncap *= 2;
		uint8_t *nb = arena_alloc((size_t)ncap);
		if (s->bits)
			memcpy(nb, s->bits, (size_t)s->cap);
		s->bits = nb;
		s->cap = ncap;
	}
	bool seen = (s->bits[i / 8] >> (i % 8)) & 1;
	s->bits[i / 8] |= (uint8_t)(1u << (i % 8));
	return seen;
}

/* Elements of an array or slice literal; returns the length the literal needs. */
static int64_t indexed_elts(Checker *c, Expr *e, Type *elem, int64_t length)
{
	IndexSet seen = {0};
	int64_t index = 0, max = 0;
	for (int i = 0; i < e->u.composite.nelts; i++) {
		Expr *el = e->u.composite.elts[i];
		Expr *val = el;
		bool valid = false;
		if (el->kind == E_KEYVALUE) {
			int64_t v = check_index(c, el->u.kv.key, length);
			if (v >= 0) {
				index = v;
				valid = true;
			} else if (v == -1) {
				errorf(c, el->u.kv.key->pos, "index %s must be integer constant",
				       expr_string(el->u.kv.key));
			}
			val = el->u.kv.value;
			el->mode = MODE_VALUE;
		} else if (length >= 0 && index >= length) {
			errorf(c, el->pos, "index %lld is out of bounds (>= %lld)",
			       (long long)index, (long long)length);
		} else {
			valid = true;
		}
		if (valid && index_seen(&seen, index))
			errorf(c, el->pos, "duplicate index %lld in array or slice literal",
			       (long long)index);
		index++;
		if (index > max)
			max = index;
		check_expr_hint(c, val, elem);
		assignment(c, val, elem, "array or slice literal");
		if (el != val)
			el->type = val->type;
	}
	return max;
}

static void struct_lit(Checker *c, Expr *e, Type *base)
{
	Type *u = types_under(base);
	int n = e->u.composite.nelts;
	if (n == 0)
		return;
	if (e->u.composite.elts[0]->kind == E_KEYVALUE) {
		bool *seen = arena_alloc(sizeof(bool) * (size_t)(u->nfields ? u->nfields : 1));
		for (int i = 0; i < n; i++) {
			Expr *el = e->u.composite.elts[i];
			if (el->kind != E_KEYVALUE) {
				errorf(c, el->pos,
				       "mixture of field:value and value elements in struct "
				       "literal");
				check_raw(c, el, NULL);
				continue;
			}
			Expr *key = el->u.kv.key;
			Expr *val = el->u.kv.value;
			if (key->kind != E_IDENT) {
				errorf(c, key->pos, "invalid field name %s in struct literal",
				       expr_string(key));
				check_raw(c, val, NULL);
				continue;
			}
			int fi = -1;
			for (int k = 0; k < u->nfields; k++)
				if (u->fields[k].name == key->u.ident.name)
					fi = k;
			if (fi < 0) {
				errorf(c, key->pos, "unknown field %s in struct literal of type %s",
				       key->u.ident.name, type_string(c, base));
				check_raw(c, val, NULL);
				continue;
			}
			StructField *f = &u->fields[fi];
			if (!f->exported && f->pkg && f->pkg != c->pkg) {
				errorf(c, key->pos,
				       "cannot refer to unexported field %s in struct literal of "
				       "type %s",
				       f->name, type_string(c, base));
				check_raw(c, val, NULL);
				continue;
			}
			key->mode = MODE_VALUE;
			key->type = f->type;
			el->mode = MODE_VALUE;
			el->type = f->type;
			if (seen[fi]) {
				errorf(c, key->pos, "duplicate field name %s in struct literal",
				       f->name);
				check_raw(c, val, NULL);
				continue;
			}
			seen[fi] = true;
			check_expr_hint(c, val, f->type);
			assignment(c, val, f->type, "struct literal");
		}
		return;
	}
	for (int i = 0; i < n; i++) {
		Expr *el = e->u.composite.elts[i];
		if (el->kind == E_KEYVALUE) {
			errorf(c, el->pos,
			       "mixture of field:value and value elements in struct literal");
			check_raw(c, el->u.kv.value, NULL);
			continue;
		}
		if (i >= u->nfields) {
			errorf(c, el->pos, "too many values in struct literal of type %s",
			       type_string(c, base));
			check_raw(c, el, NULL);
			break;
		}
		StructField *f = &u->fields[i];
		check_expr_hint(c, el, f->type);
		if (!f->exported && f->pkg && f->pkg != c->pkg) {
			errorf(c, el->pos,
			       "implicit assignment to unexported field %s in struct literal of "
			       "type %s",
			       f->name, type_string(c, base));
			continue;
		}
		assignment(c, el, f->type, "struct literal");
	}
	if (n < u->nfields)
		errorf(c, e->u.composite.rbrace, "too few values in struct literal of type %s",
		       type_string(c, base));
}

static void map_lit(Checker *c, Expr *e, Type *base)
{
	Type *u = types_under(base);
	struct SeenKey {
		Type *type;
		ConstVal *val;
	} *keys = NULL;
	int nkeys = 0, capkeys = 0;
	for (int i = 0; i < e->u.composite.nelts; i++) {
		Expr *el = e->u.composite.elts[i];
		if (el->kind != E_KEYVALUE) {
			errorf(c, el->pos, "missing key in map literal");
			check_raw(c, el, NULL);
			continue;
		}
		Expr *k = el->u.kv.key, *v = el->u.kv.value;
		check_expr_hint(c, k, u->key);
		if (assignment(c, k, u->key, "map literal") && k->mode == MODE_CONSTANT) {
			bool dup = false;
			for (int j = 0; j < nkeys && !dup; j++)
				dup = keys[j].type == k->type && cv_equal(keys[j].val, k->cval);
			if (dup) {
				errorf(c, k->pos, "duplicate key %s in map literal",
				       expr_string(k));
			} else {
				struct SeenKey sk = {k->type, k->cval};
				VEC_PUSH(keys, nkeys, capkeys, sk);
			}
		}
		check_expr_hint(c, v, u->elem);
		assignment(c, v, u->elem, "map literal");
		el->mode = MODE_VALUE;
		el->type = u->elem;
	}
}

static void composite_lit(Checker *c, Expr *e, Type *hint)
{
	Expr *te = e->u.composite.type;
	Type *typ, *base;
	if (te && te->kind == E_ARRAYTYPE && te->u.array.len &&
	    te->u.array.len->kind == E_ELLIPSISLEN) {
		Type *elem = type_expr(c, te->u.array.elem);
		int64_t n = indexed_elts(c, e, elem, -1);
		if (elem->kind == K_INVALID && !elem->name)
			return;
		typ = types_array(elem, n);
		te->mode = MODE_TYPE;
		te->type = typ;
		te->u.array.len->mode = MODE_CONSTANT;
		te->u.array.len->type = t_int;
		te->u.array.len->cval = cv_int(n);
		e->mode = MODE_VALUE;
		e->type = typ;
		return;
	}
	if (te) {
		typ = type_expr(c, te);
		base = typ;
	} else if (hint) {
		typ = hint;
		base = hint;
		if (hint->kind == K_POINTER && !hint->name)
			base = hint->elem; /* &T{...} elided: the literal's type is *T */
	} else {
		errorf(c, e->pos, "invalid composite literal type: missing type");
		for (int i = 0; i < e->u.composite.nelts; i++)
			check_raw(c, e->u.composite.elts[i], NULL);
		return;
	}
	if (typ->kind == K_INVALID)
		return;
	Type *u = types_under(base);
	switch (u->kind) {
	case K_STRUCT: struct_lit(c, e, base); break;
	case K_ARRAY: indexed_elts(c, e, u->elem, u->len); break;
	case K_SLICE: indexed_elts(c, e, u->elem, -1); break;
	case K_MAP: map_lit(c, e, base); break;
	default:
		if (u->kind != K_INVALID)
			errorf(c, e->pos, "invalid composite literal type %s", type_string(c, typ));
		return;
	}
	e->mode = MODE_VALUE;
	e->type = typ;
}

/* ---------------------------------------------------------------- function literals */

void check_funclit(Checker *c, Expr *e)
{
	Type *sig = func_type(c, e->u.funclit.type);
	FuncLitInfo *info = arena_alloc(sizeof *info);
	info->sig = sig;
	info->outer = c->fn ? c->fn->info : NULL;
	e->u.funclit.info = info;
	FuncState fs = {0};
	fs.info = info;
	fs.sig = sig;
	fs.outer = c->fn;
	Scope *saved_scope = c->scope;
	FuncState *saved_fn = c->fn;
	bool saved_in_const = c->in_const;
	c->in_const = false;
	Scope *s = scope_new(c->scope);
	s->is_func = true;
	s->func = info;
	c->scope = s;
	c->fn = &fs;
	declare_params(c, info, NULL, NULL, e->u.funclit.type, sig, &fs.result_names,
	               &fs.named_results);
	check_func_body(c, &fs, e->u.funclit.body);
	c->scope = saved_scope;
	c->fn = saved_fn;
	c->in_const = saved_in_const;
	e->mode = MODE_VALUE;
	e->type = sig;
}

/* ---------------------------------------------------------------- the dispatcher */

void check_raw(Checker *c, Expr *e, Type *hint)
{
	set_invalid(e);
	switch (e->kind) {
	case E_BAD: return;
	case E_IDENT: ident(c, e, false); return;
	case E_BASICLIT: basic_lit(c, e); return;
	case E_COMPOSITE: composite_lit(c, e, hint); return;
	case E_FUNCLIT: check_funclit(c, e); return;
	case E_PAREN: {
		Expr *x = e->u.paren.x;
		check_raw(c, x, hint);
		e->mode = x->mode;
		e->type = x->type;
		e->cval = x->cval;
		return;
	}
	case E_SELECTOR: selector(c, e); return;
	case E_INDEX: index_expr(c, e); return;
	case E_SLICE: slice_expr(c, e); return;
	case E_TYPEASSERT: type_assert(c, e); return;
	case E_CALL: check_call(c, e, hint); return;
	case E_STAR: star(c, e); return;
	case E_UNARY: unary(c, e); return;
	case E_BINARY: binary(c, e, e->u.op.x, e->u.op.y, e->u.op.op); return;
	case E_KEYVALUE: errorf(c, e->pos, "unexpected key:value expression"); return;
	case E_ELLIPSISLEN:
		errorf(c, e->pos, "invalid use of [...] array (outside a composite literal)");
		return;
	case E_ARRAYTYPE:
	case E_STRUCTTYPE:
	case E_FUNCTYPE:
	case E_INTERFACETYPE:
	case E_MAPTYPE:
	case E_CHANTYPE:
	case E_ELLIPSIS: {
		Type *t = type_expr(c, e);
		e->mode = t->kind == K_INVALID ? MODE_INVALID : MODE_TYPE;
		e->type = t;
		return;
	}
	}
}

void check_binary_op(Checker *c, Expr *scratch, Expr *x, Expr *y, TokenKind op)
{
	set_invalid(scratch);
	binary(c, scratch, x, y, op);
}
