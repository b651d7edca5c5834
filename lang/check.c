/*
 * check.c - the type checker's driver: loading packages, package-level declarations, type
 * expressions, and the initialisation order of package variables.
 *
 * A program is checked package by package, dependencies first. check_program loads the
 * runtime package (always present: the runtime's own Go code lives there), then checks the
 * main file; each import met on the way is loaded from the embedded standard library
 * (std_source), parsed and checked before the importing package goes on. Packages are cached
 * by path, and a package met again while it is still being checked is an import cycle.
 *
 * One package is checked in six passes, as go/types does:
 *   1. Collect. Every package-level const, var, type and func gets its Object, entered in
 *      the package scope (imports go to the file scope below it), and a DeclInfo recording
 *      its declaration and resolution state. Nothing is typed yet, so declarations may
 *      appear in any order. Declared types get their Named type at once (without an
 *      underlying type), so references to them resolve immediately.
 *   2. Resolve types. Each type declaration is resolved: its right-hand side is evaluated
 *      and becomes the underlying type. A reference to an object that is not resolved yet
 *      resolves it on the spot (use_object), so the order of declarations does not matter;
 *      an object met again while it is being resolved (state RES_BUSY) is a cycle: legal for
 *      a named type referred to through a pointer, slice, map or func (the Named type
 *      exists), an error for constants and for a type that contains itself by value (found
 *      when types_complete fails: "invalid recursive type").
 *   3. Resolve functions. Signatures are computed and methods are attached to their
 *      receiver's named type (types_add_method), so method sets are complete before any
 *      expression looks at them.
 *   4. Resolve constants and variables, evaluating their initial values (lazily too: a
 *      variable whose value mentions a later variable resolves that one first).
 *   5. Check function bodies (check_stmt.c).
 *   6. Order the package variables for initialisation. While passes 4 and 5 check the
 *      declaration of a package-level object, every package-level var, const and func it
 *      mentions is recorded in its DeclInfo.deps. Go's rule then is: repeatedly pick the
 *      earliest variable in declaration order whose initialiser depends (directly, or
 *      through the bodies of the functions it mentions, transitively) on no uninitialised
 *      variable. A variable that can never be picked is on an initialisation cycle.
 * Finally, imports nobody used are reported.
 *
 * Invariants:
 *   - After pass 1 every package-level object of the package has a DeclInfo (decl_info);
 *     objects of other packages are fully resolved before this package starts.
 *   - An object's DeclInfo.state only grows RES_TODO -> RES_BUSY -> RES_DONE; when it is
 *     RES_DONE, obj->type is set (t_invalid after an error) and a constant has obj->val.
 *   - Package.vars lists every package-level variable exactly once, in initialisation order.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_int.h"
#include "parser.h"

/* ---------------------------------------------------------------- errors */

void errorf(Checker *c, Pos pos, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	diag_error(c->filename, pos, "%s", buf);
}

/* ---------------------------------------------------------------- the object -> DeclInfo map */

static size_t ptr_hash(const void *p)
{
	uint64_t x = (uint64_t)(uintptr_t)p;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return (size_t)x;
}

static void declmap_put(DeclMap *m, Object *k, DeclInfo *v)
{
	if (2 * (m->n + 1) > m->cap) {
		int ncap = m->cap ? m->cap * 2 : 64;
		Object **nk = arena_alloc(sizeof(Object *) * (size_t)ncap);
		DeclInfo **nv = arena_alloc(sizeof(DeclInfo *) * (size_t)ncap);
		for (int i = 0; i < m->cap; i++) {
			if (!m->keys[i])
				continue;
			size_t j = ptr_hash(m->keys[i]) & (size_t)(ncap - 1);
			while (nk[j])
				j = (j + 1) & (size_t)(ncap - 1);
			nk[j] = m->keys[i];
			nv[j] = m->vals[i];
		}
		m->keys = nk;
		m->vals = nv;
		m->cap = ncap;
	}
	size_t j = ptr_hash(k) & (size_t)(m->cap - 1);
	while (m->keys[j] && m->keys[j] != k)
		j = (j + 1) & (size_t)(m->cap - 1);
	if (!m->keys[j])
		m->n++;
	m->keys[j] = k;
	m->vals[j] = v;
}

DeclInfo *decl_info(Checker *c, Object *o)
{
	DeclMap *m = &c->declmap;
	if (!o || !m->cap)
		return NULL;
	size_t j = ptr_hash(o) & (size_t)(m->cap - 1);
	while (m->keys[j]) {
		if (m->keys[j] == o)
			return m->vals[j];
		j = (j + 1) & (size_t)(m->cap - 1);
	}
	return NULL;
}

static DeclInfo *new_decl_info(Checker *c, Object *o, Decl *d, int index)
{
	DeclInfo *di = arena_alloc(sizeof *di);
	di->obj = o;
	di->decl = d;
	di->index = index;
	di->order = c->ndecls;
	declmap_put(&c->declmap, o, di);
	VEC_PUSH(c->decls, c->ndecls, c->capdecls, di);
	return di;
}

void add_dep(Checker *c, Object *o)
{
	DeclInfo *cur = c->decl;
	if (!cur || !o || (o->kind != OBJ_VAR && o->kind != OBJ_CONST && o->kind != OBJ_FUNC))
		return;
	for (int i = 0; i < cur->ndeps; i++)
		if (cur->deps[i] == o)
			return;
	VEC_PUSH(cur->deps, cur->ndeps, cur->capdeps, o);
}

/* ---------------------------------------------------------------- scopes and objects */

void declare_object(Checker *c, Scope *s, Object *o, Pos pos)
{
	Object *old = scope_insert(s, o);
	if (old)
		errorf(c, pos, "%s redeclared in this block", o->name);
}

/*
 * A local variable bigger than this lives in a heap cell, like one whose address is taken: a
 * frame has at most 65000 slots (Go keeps variables up to 10 MiB on the stack; minirt's frames
 * stop at 64 KiB, as its frame objects do, lang/compile.c).
 */
#define LOCAL_FRAME_MAX (64 << 10)

void add_local(Checker *c, Object *o)
{
	if (!c->fn)
		return;
	if (o->storage == VAR_LOCAL && !o->is_param && !o->is_result && o->type &&
	    o->type->kind != K_INVALID && types_complete(o->type) && o->type->size > LOCAL_FRAME_MAX)
		o->storage = VAR_HEAP;
	o->owner = c->fn->info;
	VEC_PUSH(c->fn->info->locals, c->fn->info->nlocals, c->fn->caplocals, o);
}

Object *declare_var(Checker *c, Expr *name, Type *t)
{
	if (is_blank(name)) {
		name->u.ident.obj = NULL;
		name->mode = MODE_VARIABLE;
		name->type = t;
		return NULL;
	}
	Object *o = object_new(OBJ_VAR, name->u.ident.name, name->pos, t);
	o->pkg = c->pkg;
	o->storage = VAR_LOCAL;
	add_local(c, o);
	name->u.ident.obj = o;
	name->mode = MODE_VARIABLE;
	name->type = t;
	declare_object(c, c->scope, o, name->pos);
	return o;
}

/* ---------------------------------------------------------------- resolution */

static void resolve(Checker *c, DeclInfo *di);

void use_object(Checker *c, Object *o)
{
	DeclInfo *di = decl_info(c, o);
	if (!di)
		return;
	add_dep(c, o);
	if (di->state == RES_DONE)
		return;
	if (di->state == RES_BUSY) {
		switch (o->kind) {
		case OBJ_CONST:
			errorf(c, o->pos, "invalid cycle in declaration of %s", o->name);
			o->type = t_invalid;
			o->val = cv_int(0);
			break;
		case OBJ_TYPE:
			if (di->decl->u.type.alias && !o->type) {
				errorf(c, o->pos, "invalid recursive type %s", o->name);
				o->type = t_invalid;
			}
			break;
		case OBJ_VAR:
			/* A cycle through variable initialisers: the initialisation order reports
			 * it; until then the variable's type is unknown. */
			if (!o->type)
				o->type = t_invalid;
			break;
		default: break;
		}
		return;
	}
	resolve(c, di);
}

/* Runs f on a package-level declaration with the checker in package-level context. */
typedef struct Saved {
	Scope *scope;
	FuncState *fn;
	DeclInfo *decl;
	bool in_const;
	__int128 iota;
} Saved;

static Saved enter_package_level(Checker *c, DeclInfo *di)
{
	Saved s = {c->scope, c->fn, c->decl, c->in_const, c->iota};
	c->scope = c->filescope;
	c->fn = NULL;
	c->decl = di;
	c->in_const = false;
	return s;
}

static void leave(Checker *c, Saved s)
{
	c->scope = s.scope;
	c->fn = s.fn;
	c->decl = s.decl;
	c->in_const = s.in_const;
	c->iota = s.iota;
}

static void resolve_type_decl(Checker *c, Decl *d, Object *o);
static void resolve_func(Checker *c, DeclInfo *di);

static void resolve(Checker *c, DeclInfo *di)
{
	Object *o = di->obj;
	Decl *d = di->decl;
	di->state = RES_BUSY;
	Saved s = enter_package_level(c, di);
	switch (o->kind) {
	case OBJ_CONST: const_spec_value(c, d, di->index, o); break;
	case OBJ_VAR: {
		int nn = d->u.value.nnames, nv = d->u.value.nvalues;
		if (nv == 0 || nv == nn) {
			Object *objs[1] = {o};
			/* var_spec with a single name: pretend the spec has only this name. */
			Decl one = *d;
			one.u.value.names = &d->u.value.names[di->index];
			one.u.value.nnames = 1;
			one.u.value.values = nv ? &d->u.value.values[di->index] : NULL;
			one.u.value.nvalues = nv ? 1 : 0;
			var_spec(c, &one, objs);
		} else {
			/* var a, b = f(): the whole spec at once, sharing dependencies */
			Object **objs = d->u.value.objs;
			for (int i = 0; i < nn; i++) {
				DeclInfo *x = decl_info(c, objs[i]);
				if (x)
					x->state = RES_BUSY;
			}
			var_spec(c, d, objs);
			for (int i = 0; i < nn; i++) {
				DeclInfo *x = decl_info(c, objs[i]);
				if (x && x != di) {
					x->state = RES_DONE;
					x->deps = di->deps;
					x->ndeps = di->ndeps;
					x->capdeps = di->capdeps;
				}
			}
		}
		break;
	}
	case OBJ_TYPE:
		c->decl = NULL;
		resolve_type_decl(c, d, o);
		break;
	case OBJ_FUNC: resolve_func(c, di); break;
	default: break;
	}
	leave(c, s);
	di->state = RES_DONE;
	if (!o->type)
		o->type = t_invalid;
}

/* ---------------------------------------------------------------- type expressions */

static Type *struct_type(Checker *c, Expr *e);
static Type *interface_type(Checker *c, Expr *e);

void check_map_key(Checker *c, Type *t, Pos pos)
{
	if (t->kind == K_INVALID && !t->name)
		return;
	struct MapKey mk = {t, pos};
	VEC_PUSH(c->mapkeys, c->nmapkeys, c->capmapkeys, mk);
}

/* Checks the map keys recorded while types were incomplete. */
static void flush_map_keys(Checker *c)
{
	for (int i = 0; i < c->nmapkeys; i++) {
		Type *k = c->mapkeys[i].key;
		if (types_under(k)->kind == K_INVALID)
			continue;
		if (types_under(k)->kind != K_INTERFACE && !types_comparable(k))
			errorf(c, c->mapkeys[i].pos, "invalid map key type %s", type_string(c, k));
	}
	c->nmapkeys = 0;
}

static int64_t array_length(Checker *c, Expr *len)
{
	check_expr(c, len);
	if (invalid(len))
		return -1;
	if (len->mode != MODE_CONSTANT) {
		errorf(c, len->pos, "array length %s must be constant", operand_string(c, len));
		return -1;
	}
	if (types_is_untyped(len->type) || types_is_integer(types_under(len->type))) {
		ConstVal *v = cv_to_int(len->cval);
		if (v && v->i >= 0 && v->i <= INT64_MAX) {
			if (types_is_untyped(len->type))
				update_expr_type(c, len, t_int);
			return (int64_t)v->i;
		}
		if (v || len->cval->kind == CV_FLOAT) {
			errorf(c, len->pos, "invalid array length %s", expr_string(len));
			return -1;
		}
	}
	errorf(c, len->pos, "array length %s must be integer", operand_string(c, len));
	return -1;
}

Type *func_type(Checker *c, Expr *ft)
{
	Type *ptypes[256], *rtypes[256];
	int np = 0, nr = 0;
	bool variadic = false;
	for (int i = 0; i < ft->u.func.nparams; i++) {
		Field *f = &ft->u.func.params[i];
		Type *t;
		if (f->type->kind == E_ELLIPSIS) {
			if (i != ft->u.func.nparams - 1 || f->nnames > 1) {
				errorf(c, f->type->pos,
				       "can only use ... with final parameter in list");
				t = t_invalid;
			} else {
				t = types_slice(type_expr(c, f->type->u.ellipsis.elem));
				variadic = true;
			}
			f->type->mode = MODE_TYPE;
			f->type->type = t;
		} else {
			t = type_expr(c, f->type);
		}
		int n = f->nnames ? f->nnames : 1;
		for (int j = 0; j < n && np < 256; j++)
			ptypes[np++] = t;
	}
	for (int i = 0; i < ft->u.func.nresults; i++) {
		Field *f = &ft->u.func.results[i];
		Type *t;
		if (f->type->kind == E_ELLIPSIS) {
			errorf(c, f->type->pos, "can only use ... with final parameter in list");
			t = t_invalid;
		} else {
			t = type_expr(c, f->type);
		}
		int n = f->nnames ? f->nnames : 1;
		for (int j = 0; j < n && nr < 256; j++)
			rtypes[nr++] = t;
	}
	Type *sig = types_func(ptypes, np, rtypes, nr, variadic);
	ft->mode = MODE_TYPE;
	ft->type = sig;
	return sig;
}

static Type *type_name(Checker *c, Expr *e)
{
	const char *name = e->u.ident.name;
	if (strcmp(name, "_") == 0) {
		errorf(c, e->pos, "cannot use _ as value or type");
		return t_invalid;
	}
	Object *o = scope_lookup(c->scope, name);
	if (!o) {
		if (!strcmp(name, "complex64") || !strcmp(name, "complex128"))
			errorf(c, e->pos, "complex numbers are not supported");
		else
			errorf(c, e->pos, "undefined: %s", name);
		return t_invalid;
	}
	e->u.ident.obj = o;
	if (o->kind != OBJ_TYPE) {
		if (o->kind == OBJ_PKG) {
			o->used = true;
			errorf(c, e->pos, "%s is not a type", name);
			return t_invalid;
		}
		check_raw(c, e, NULL);
		if (!invalid(e))
			errorf(c, e->pos, "%s is not a type", operand_string(c, e));
		return t_invalid;
	}
	use_object(c, o);
	return o->type ? o->type : t_invalid;
}

Type *type_expr(Checker *c, Expr *e)
{
	Type *t = t_invalid;
	switch (e->kind) {
	case E_IDENT: t = type_name(c, e); break;
	case E_PAREN: t = type_expr(c, e->u.paren.x); break;
	case E_STAR:
		t = type_expr(c, e->u.star.x);
		t = t->kind == K_INVALID && !t->name ? t_invalid : types_pointer(t);
		break;
	case E_ARRAYTYPE: {
		if (!e->u.array.len) {
			Type *el = type_expr(c, e->u.array.elem);
			t = types_slice(el);
			break;
		}
		if (e->u.array.len->kind == E_ELLIPSISLEN) {
			errorf(c, e->u.array.len->pos,
			       "invalid use of [...] array (outside a composite literal)");
			type_expr(c, e->u.array.elem);
			break;
		}
		int64_t n = array_length(c, e->u.array.len);
		Type *el = type_expr(c, e->u.array.elem);
		if (n >= 0)
			t = types_array(el, n);
		break;
	}
	case E_MAPTYPE: {
		Type *k = type_expr(c, e->u.map.key);
		Type *v = type_expr(c, e->u.map.value);
		check_map_key(c, k, e->u.map.key->pos);
		t = types_map(k, v);
		break;
	}
	case E_CHANTYPE: {
		Type *el = type_expr(c, e->u.chan.elem);
		/* a named element may still be in the making (type T chan T) */
		if (el->kind != K_INVALID || el->name)
			t = types_chan(el, e->u.chan.dir);
		break;
	}
	case E_FUNCTYPE: t = func_type(c, e); break;
	case E_STRUCTTYPE: t = struct_type(c, e); break;
	case E_INTERFACETYPE: t = interface_type(c, e); break;
	case E_INDEX: errorf(c, e->pos, "generics are not supported"); break;
	case E_ELLIPSIS: errorf(c, e->pos, "invalid use of ..."); break;
	default:
		check_expr_or_type(c, e);
		if (e->mode == MODE_TYPE)
			return e->type;
		if (!invalid(e))
			errorf(c, e->pos, "%s is not a type", expr_string(e));
		break;
	}
	e->mode = MODE_TYPE;
	e->type = t;
	return t;
}

/* The implicit field name of an embedded field's type expression (T, *T, pkg.T, *pkg.T). */
static const char *embedded_name(Expr *te)
{
	while (te->kind == E_PAREN)
		te = te->u.paren.x;
	if (te->kind == E_STAR)
		te = te->u.star.x;
	while (te->kind == E_PAREN)
		te = te->u.paren.x;
	if (te->kind == E_IDENT)
		return te->u.ident.name;
	if (te->kind == E_SELECTOR)
		return te->u.sel.name;
	return NULL;
}

static Type *struct_type(Checker *c, Expr *e)
{
	StructField *fs = NULL;
	int n = 0, cap = 0;
	bool bad = false;
	for (int i = 0; i < e->u.strct.nfields; i++) {
		Field *f = &e->u.strct.fields[i];
		Type *t = type_expr(c, f->type);
		if (t->kind == K_INVALID && !t->name)
			bad = true;
		if (f->nnames == 0) {
			const char *name = embedded_name(f->type);
			if (!name) {
				errorf(c, f->type->pos, "invalid embedded field type %s",
				       expr_string(f->type));
				bad = true;
				continue;
			}
			if (t->kind == K_POINTER && !t->name) {
				Type *base = t->elem;
				if (base->kind == K_POINTER || base->kind == K_INTERFACE) {
					errorf(c, f->type->pos,
					       "embedded field type cannot be a pointer to an "
					       "interface");
					bad = true;
				}
			}
			StructField sf = {.name = intern_cstr(name),
			                  .type = t,
			                  .embedded = true,
			                  .pkg = c->pkg};
			for (int k = 0; k < n; k++)
				if (fs[k].name == sf.name)
					errorf(c, f->type->pos, "%s redeclared", name);
			VEC_PUSH(fs, n, cap, sf);
			continue;
		}
		for (int j = 0; j < f->nnames; j++) {
			const char *name = f->names[j]->u.ident.name;
			StructField sf = {.name = name, .type = t, .pkg = c->pkg};
			if (strcmp(name, "_") != 0)
				for (int k = 0; k < n; k++)
					if (fs[k].name == name)
						errorf(c, f->names[j]->pos, "%s redeclared", name);
			VEC_PUSH(fs, n, cap, sf);
		}
	}
	(void)bad;
	return types_struct(fs, n);
}

static bool is_constraint_syntax(Expr *te)
{
	return (te->kind == E_BINARY && te->u.op.op == T_OR) ||
	       (te->kind == E_UNARY && te->u.op.op == T_TILDE);
}

static Type *interface_type(Checker *c, Expr *e)
{
	Method *ms = NULL;
	int n = 0, cap = 0;
	for (int i = 0; i < e->u.iface.nmethods; i++) {
		Field *f = &e->u.iface.methods[i];
		if (f->nnames > 0) {
			Type *sig = f->type->kind == E_FUNCTYPE ? func_type(c, f->type)
			                                        : type_expr(c, f->type);
			for (int j = 0; j < f->nnames; j++) {
				const char *name = f->names[j]->u.ident.name;
				bool dup = false;
				for (int k = 0; k < n; k++)
					dup = dup || ms[k].name == name;
				if (dup) {
					errorf(c, f->names[j]->pos, "duplicate method %s", name);
					continue;
				}
				Method m = {.name = name, .sig = sig, .pkg = c->pkg};
				VEC_PUSH(ms, n, cap, m);
			}
			continue;
		}
		if (is_constraint_syntax(f->type)) {
			errorf(c, f->type->pos, "generics are not supported");
			continue;
		}
		Type *t = type_expr(c, f->type);
		if (t->kind == K_INVALID) {
			if (t->name && !t->under) {
				errorf(c, f->type->pos, "invalid recursive type %s",
				       type_string(c, t));
			}
			continue;
		}
		if (types_under(t)->kind != K_INTERFACE) {
			errorf(c, f->type->pos, "generics are not supported");
			continue;
		}
		Type *u = types_under(t);
		for (int k = 0; k < u->nimethods; k++) {
			Method m = u->imethods[k];
			bool dup = false;
			for (int j = 0; j < n; j++)
				if (ms[j].name == m.name) {
					dup = true;
					if (ms[j].sig != m.sig)
						errorf(c, f->type->pos, "duplicate method %s",
						       m.name);
				}
			if (!dup)
				VEC_PUSH(ms, n, cap, m);
		}
	}
	return types_interface(ms, n);
}

/* ---------------------------------------------------------------- type declarations */

static void resolve_type_decl(Checker *c, Decl *d, Object *o)
{
	if (d->u.type.ntparams > 0)
		errorf(c, d->u.type.name->pos, "generics are not supported");
	if (d->u.type.alias) {
		Type *t = type_expr(c, d->u.type.type);
		if (!o->type)
			o->type = t;
		return;
	}
	Type *named = o->type;
	Type *rhs = type_expr(c, d->u.type.type);
	if (rhs->name && !rhs->under) {
		/* type A B where B is still being resolved: a cycle of names */
		errorf(c, o->pos, "invalid recursive type %s", o->name);
		rhs = t_invalid;
	}
	types_set_underlying(named, rhs);
}

/* A type declaration's type contains itself by value: report it once and make it invalid. */
static void validate_named(Checker *c, Object *o)
{
	Type *t = o->type;
	if (!t || !t->name || t->pkg != c->pkg || types_complete(t))
		return;
	errorf(c, o->pos, "invalid recursive type %s", o->name);
	types_set_underlying(t, t_invalid);
}

void local_type_decl(Checker *c, Decl *d)
{
	Expr *name = d->u.type.name;
	Object *o = object_new(OBJ_TYPE, name->u.ident.name, name->pos, NULL);
	o->pkg = c->pkg;
	o->tdecl = d;
	d->u.type.obj = o;
	name->u.ident.obj = o;
	if (!d->u.type.alias) {
		o->type = types_named(o->name, c->pkg, o);
		declare_object(c, c->scope, o, name->pos);
		resolve_type_decl(c, d, o);
		validate_named(c, o);
		flush_map_keys(c);
	} else {
		resolve_type_decl(c, d, o);
		declare_object(c, c->scope, o, name->pos);
	}
	name->mode = MODE_TYPE;
	name->type = o->type;
}

/* ---------------------------------------------------------------- const and var specs */

void const_spec_value(Checker *c, Decl *d, int i, Object *obj)
{
	bool saved_in = c->in_const;
	__int128 saved_iota = c->iota;
	c->in_const = true;
	c->iota = d->u.value.iota;
	Type *t = NULL;
	if (d->u.value.type) {
		t = type_expr(c, d->u.value.type);
		Type *u = types_under(t);
		if (t->kind != K_INVALID && !(u->kind >= K_BOOL && u->kind <= K_STRING)) {
			errorf(c, d->u.value.type->pos, "invalid constant type %s",
			       type_string(c, t));
			t = t_invalid;
		}
	}
	obj->type = t_invalid;
	obj->val = cv_int(0);
	if (i >= d->u.value.nvalues) {
		if (i == d->u.value.nvalues)
			errorf(c, d->u.value.names[i]->pos,
			       "missing init expr for const declaration");
		goto out;
	}
	if (i == d->u.value.nnames - 1 && d->u.value.nvalues > d->u.value.nnames)
		errorf(c, d->u.value.values[i + 1]->pos, "extra init expr");
	Expr *v = d->u.value.values[i];
	check_expr(c, v);
	if (invalid(v))
		goto out;
	if (v->mode != MODE_CONSTANT) {
		errorf(c, v->pos, "%s is not constant", operand_string(c, v));
		goto out;
	}
	if (t) {
		if (t->kind == K_INVALID || !assignment(c, v, t, "constant declaration"))
			goto out;
		obj->type = t;
	} else {
		obj->type = v->type;
		if (types_is_untyped(v->type)) {
			/* the object stays untyped; its declaration's expression gets the default */
			ConstVal *keep = v->cval;
			update_expr_type(c, v, types_default(v->type));
			v->cval = keep;
		}
	}
	obj->val = v->cval;
out:
	c->in_const = saved_in;
	c->iota = saved_iota;
}

void local_const_decl(Checker *c, Decl *d)
{
	int n = d->u.value.nnames;
	Object **objs = arena_alloc(sizeof(Object *) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++) {
		Expr *name = d->u.value.names[i];
		Object *o = object_new(OBJ_CONST, name->u.ident.name, name->pos, NULL);
		o->pkg = c->pkg;
		const_spec_value(c, d, i, o);
		objs[i] = o;
		name->u.ident.obj = o;
		name->mode = MODE_CONSTANT;
		name->type = o->type;
		name->cval = o->val;
	}
	/* the names come into scope after the whole spec */
	for (int i = 0; i < n; i++)
		declare_object(c, c->scope, objs[i], objs[i]->pos);
	d->u.value.objs = objs;
}

static const char *plural(int n, const char *what)
{
	return arena_printf("%d %s%s", n, what, n == 1 ? "" : "s");
}

/* "assignment mismatch: 2 variables but f() returns 1 value" */
static void assign_mismatch(Checker *c, Expr **rhs, int nl, int nr)
{
	Expr *r0 = rhs[0];
	Expr *u = r0;
	while (u->kind == E_PAREN)
		u = u->u.paren.x;
	if (nr == 1 || (u->kind == E_CALL && u->type && u->type->kind == K_TUPLE)) {
		if (u->kind == E_CALL) {
			int nres = u->type && u->type->kind == K_TUPLE ? u->type->nresults : 1;
			errorf(c, r0->pos, "assignment mismatch: %s but %s returns %s",
			       plural(nl, "variable"), expr_string(u->u.call.fun),
			       plural(nres, "value"));
			return;
		}
	}
	errorf(c, r0->pos, "assignment mismatch: %s but %s", plural(nl, "variable"),
	       plural(nr, "value"));
}

void var_spec(Checker *c, Decl *d, Object **objs)
{
	int nn = d->u.value.nnames, nv = d->u.value.nvalues;
	Type *t = d->u.value.type ? type_expr(c, d->u.value.type) : NULL;
	for (int i = 0; i < nn; i++)
		if (objs[i])
			objs[i]->type = t;
	Expr **vals = d->u.value.values;
	if (nv == 0) {
		if (!t)
			t = t_invalid;
		for (int i = 0; i < nn; i++)
			if (objs[i])
				objs[i]->type = t;
		return;
	}
	bool call1 = nv == 1 && vals[0]->kind == E_CALL;
	if (nn == nv && !call1) {
		for (int i = 0; i < nn; i++) {
			Expr *v = vals[i];
			check_expr_hint(c, v, t);
			Type *vt = t_invalid;
			if (!invalid(v)) {
				if (t) {
					assignment(c, v, t, "variable declaration");
					vt = t;
				} else {
					use_default(c, v, "variable declaration");
					if (!invalid(v))
						vt = v->type;
				}
			} else if (t) {
				vt = t;
			}
			if (objs[i])
				objs[i]->type = vt;
		}
		return;
	}
	if (nv == 1) {
		Expr *v = vals[0];
		check_multi(c, v);
		if (invalid(v)) {
			for (int i = 0; i < nn; i++)
				if (objs[i])
					objs[i]->type = t ? t : t_invalid;
			return;
		}
		if (nn == 1 && v->type->kind != K_TUPLE) {
			Type *vt = t_invalid;
			if (t) {
				assignment(c, v, t, "variable declaration");
				vt = t;
			} else {
				use_default(c, v, "variable declaration");
				if (!invalid(v))
					vt = v->type;
			}
			if (objs[0])
				objs[0]->type = vt;
			return;
		}
		if (v->type->kind == K_TUPLE && v->type->nresults == nn) {
			for (int i = 0; i < nn; i++) {
				Type *rt = v->type->results[i];
				if (t && !types_assignable(rt, t))
					errorf(c, v->pos,
					       "cannot use %s value as %s value in variable "
					       "declaration",
					       type_string(c, rt), type_string(c, t));
				if (objs[i])
					objs[i]->type = t ? t : rt;
			}
			return;
		}
		if (nn == 2 && (v->mode == MODE_MAPINDEX || v->mode == MODE_COMMAOK)) {
			if (t) {
				assignment(c, v, t, "variable declaration");
				if (types_under(t)->kind != K_BOOL)
					errorf(c, v->pos,
					       "cannot use untyped bool value as %s value in "
					       "variable declaration",
					       type_string(c, t));
			}
			if (objs[0])
				objs[0]->type = t ? t : v->type;
			if (objs[1])
				objs[1]->type = t ? t : t_bool;
			v->mode = MODE_COMMAOK;
			return;
		}
	}
	for (int i = 0; i < nv; i++)
		if (vals[i]->mode == MODE_INVALID && !vals[i]->type)
			check_multi(c, vals[i]);
	assign_mismatch(c, vals, nn, nv);
	for (int i = 0; i < nn; i++)
		if (objs[i])
			objs[i]->type = t ? t : t_invalid;
}

void local_var_decl(Checker *c, Decl *d)
{
	int n = d->u.value.nnames;
	Object **objs = arena_alloc(sizeof(Object *) * (size_t)(n ? n : 1));
	/* make the objects first (not yet in scope: 'var x = x' refers to an outer x) */
	for (int i = 0; i < n; i++) {
		Expr *name = d->u.value.names[i];
		Object *o = object_new(OBJ_VAR, name->u.ident.name, name->pos, NULL);
		o->pkg = c->pkg;
		objs[i] = o;
	}
	var_spec(c, d, objs);
	for (int i = 0; i < n; i++) {
		Expr *name = d->u.value.names[i];
		Object *o = objs[i];
		if (is_blank(name)) {
			/* '_' declares nothing; its object only carried the type */
			name->u.ident.obj = NULL;
			name->mode = MODE_VARIABLE;
			name->type = o->type ? o->type : t_invalid;
			objs[i] = NULL;
			continue;
		}
		if (!o->type)
			o->type = t_invalid;
		add_local(c, o);
		name->u.ident.obj = o;
		name->mode = MODE_VARIABLE;
		name->type = o->type;
		declare_object(c, c->scope, o, name->pos);
	}
	d->u.value.objs = objs;
}

/* ---------------------------------------------------------------- functions and methods */

/* The receiver's base type name: T in 'func (r T)', 'func (r *T)', 'func (r (*T))'. */
static void method_receiver(Checker *c, Decl *d, Object *fn)
{
	Field *recv = d->u.func.recv;
	if (recv->nnames > 1)
		errorf(c, recv->names[1]->pos, "method has multiple receivers");
	Expr *te = recv->type;
	while (te->kind == E_PAREN)
		te = te->u.paren.x;
	bool ptr = false;
	if (te->kind == E_STAR) {
		ptr = true;
		te = te->u.star.x;
		while (te->kind == E_PAREN)
			te = te->u.paren.x;
	}
	fn->ptr_recv = ptr;
	fn->recv_type = t_invalid;
	if (te->kind == E_INDEX) {
		errorf(c, te->pos, "generics are not supported");
		return;
	}
	if (te->kind != E_IDENT) {
		Type *t = type_expr(c, te);
		if (t->kind != K_INVALID)
			errorf(c, te->pos, "cannot define new methods on non-local type %s",
			       type_string(c, t));
		return;
	}
	Type *t = type_expr(c, te);
	recv->type->mode = MODE_TYPE;
	if (t->kind == K_INVALID && !t->name)
		return;
	Object *o = te->u.ident.obj;
	if (!t->name || t->pkg != c->pkg || !o || o->pkg != c->pkg) {
		errorf(c, te->pos, "cannot define new methods on non-local type %s",
		       type_string(c, t));
		return;
	}
	Type *u = types_under(t);
	if (u->kind == K_POINTER || u->kind == K_INTERFACE) {
		errorf(c, te->pos, "invalid receiver type %s (pointer or interface type)",
		       type_string(c, t));
		return;
	}
	fn->recv_type = t;
	recv->type->type = ptr ? types_pointer(t) : t;
}

static void resolve_func(Checker *c, DeclInfo *di)
{
	Decl *d = di->decl;
	Object *fn = di->obj;
	if (d->u.func.ntparams > 0)
		errorf(c, d->u.func.name->pos, "generics are not supported");
	if (d->u.func.recv)
		method_receiver(c, d, fn);
	fn->type = func_type(c, d->u.func.type);
	const char *name = fn->name;
	if (!d->u.func.body) {
		if (!c->is_std) {
			errorf(c, d->u.func.name->pos, "missing function body");
		} else if (!d->u.func.recv) {
			fn->native = arena_printf("%s.%s", c->pkg->name, name);
		} else if (fn->recv_type && fn->recv_type->name) {
			fn->native = fn->ptr_recv ? arena_printf("%s.(*%s).%s", c->pkg->name,
			                                         fn->recv_type->name, name)
			                          : arena_printf("%s.%s.%s", c->pkg->name,
			                                         fn->recv_type->name, name);
		}
	}
	if (!d->u.func.recv || fn->recv_type->kind == K_INVALID || strcmp(name, "_") == 0)
		return;
	Type *t = fn->recv_type;
	Method m = {
	        .name = name, .sig = fn->type, .ptr_recv = fn->ptr_recv, .obj = fn, .pkg = c->pkg};
	if (!types_add_method(t, m))
		errorf(c, d->u.func.name->pos, "method %s.%s already declared", t->name, name);
}

/* A struct type's field and a method of the same name cannot coexist. */
static void check_field_method_clash(Checker *c, DeclInfo *di)
{
	Decl *d = di->decl;
	Object *fn = di->obj;
	if (!d->u.func.recv || !fn->recv_type || fn->recv_type->kind != K_STRUCT)
		return;
	Type *u = types_under(fn->recv_type);
	for (int i = 0; i < u->nfields; i++)
		if (u->fields[i].name == fn->name) {
			errorf(c, d->u.func.name->pos, "field and method with the same name %s",
			       fn->name);
			return;
		}
}

static void check_func_decl(Checker *c, DeclInfo *di)
{
	Decl *d = di->decl;
	Object *fn = di->obj;
	Saved s = enter_package_level(c, di);
	FuncLitInfo *info = arena_alloc(sizeof *info);
	info->sig = fn->type;
	d->u.func.info = info;
	FuncState fs = {0};
	fs.info = info;
	fs.sig = fn->type;
	Scope *sc = scope_new(c->filescope);
	sc->is_func = true;
	sc->func = info;
	c->scope = sc;
	c->fn = &fs;
	Type *recvt = NULL;
	if (d->u.func.recv)
		recvt = fn->recv_type && fn->recv_type->kind != K_INVALID
		                ? (fn->ptr_recv ? types_pointer(fn->recv_type) : fn->recv_type)
		                : t_invalid;
	declare_params(c, info, d->u.func.recv, recvt, d->u.func.type, fn->type, &fs.result_names,
	               &fs.named_results);
	if (d->u.func.body)
		check_func_body(c, &fs, d->u.func.body);
	leave(c, s);
}

/* ---------------------------------------------------------------- collecting */

static Package *load_package(Program *prog, const char *path, Checker *importer, Pos pos);

static void collect_imports(Checker *c)
{
	File *f = c->file;
	for (int i = 0; i < f->nimports; i++) {
		Decl *d = f->imports[i];
		const char *path = d->u.import.path;
		if (!path)
			continue;
		Package *p = load_package(c->prog, path, c, d->u.import.pathpos);
		if (!p)
			continue;
		bool seen = false;
		for (int k = 0; k < c->pkg->nimports; k++)
			seen = seen || c->pkg->imports[k] == p;
		if (!seen) {
			int cap = c->pkg->nimports;
			VEC_PUSH(c->pkg->imports, c->pkg->nimports, cap, p);
		}
		const char *name = d->u.import.name ? d->u.import.name : p->name;
		if (!strcmp(name, "_"))
			continue;
		if (!strcmp(name, ".")) {
			errorf(c, d->pos, "dot imports are not supported");
			continue;
		}
		Pos pos = d->u.import.name ? d->pos : d->u.import.pathpos;
		Object *o = object_new(OBJ_PKG, name, pos, t_invalid);
		o->pkg = c->pkg;
		o->imported = p;
		o->vdecl = d;
		declare_object(c, c->filescope, o, pos);
	}
}

static void report_unused_imports(Checker *c)
{
	Scope *fs = c->filescope;
	for (int i = 0; i < fs->nobjs; i++) {
		Object *o = fs->objs[i];
		if (o->kind != OBJ_PKG || o->used)
			continue;
		Decl *d = o->vdecl;
		if (d && d->u.import.name)
			errorf(c, o->pos, "\"%s\" imported as %s and not used", o->imported->path,
			       o->name);
		else
			errorf(c, o->pos, "\"%s\" imported and not used", o->imported->path);
	}
}

static void collect(Checker *c)
{
	File *f = c->file;
	Package *pkg = c->pkg;
	int capfuncs = 0, capinits = 0;
	for (int i = 0; i < f->ndecls; i++) {
		Decl *d = f->decls[i];
		switch (d->kind) {
		case D_CONST:
		case D_VAR: {
			int n = d->u.value.nnames;
			d->u.value.objs = arena_alloc(sizeof(Object *) * (size_t)(n ? n : 1));
			for (int k = 0; k < n; k++) {
				Expr *name = d->u.value.names[k];
				Object *o = object_new(d->kind == D_CONST ? OBJ_CONST : OBJ_VAR,
				                       name->u.ident.name, name->pos, NULL);
				o->pkg = pkg;
				o->vdecl = d;
				o->vindex = k;
				if (d->kind == D_VAR)
					o->storage = VAR_GLOBAL;
				d->u.value.objs[k] = o;
				name->u.ident.obj = o;
				new_decl_info(c, o, d, k);
				if (!strcmp(o->name, "init") ||
				    (!strcmp(o->name, "main") && !strcmp(pkg->name, "main")))
					errorf(c, name->pos, "cannot declare %s - must be func",
					       o->name);
				else
					declare_object(c, c->pkgscope, o, name->pos);
			}
			break;
		}
		case D_TYPE: {
			Expr *name = d->u.type.name;
			Object *o = object_new(OBJ_TYPE, name->u.ident.name, name->pos, NULL);
			o->pkg = pkg;
			o->tdecl = d;
			d->u.type.obj = o;
			name->u.ident.obj = o;
			if (!d->u.type.alias)
				o->type = types_named(o->name, pkg, o);
			new_decl_info(c, o, d, 0);
			if (!strcmp(o->name, "init") ||
			    (!strcmp(o->name, "main") && !strcmp(pkg->name, "main")))
				errorf(c, name->pos, "cannot declare %s - must be func", o->name);
			else
				declare_object(c, c->pkgscope, o, name->pos);
			break;
		}
		case D_FUNC: {
			Expr *name = d->u.func.name;
			Object *o = object_new(OBJ_FUNC, name->u.ident.name, name->pos, NULL);
			o->pkg = pkg;
			o->decl = d;
			d->u.func.obj = o;
			name->u.ident.obj = o;
			new_decl_info(c, o, d, 0);
			VEC_PUSH(pkg->funcs, pkg->nfuncs, capfuncs, o);
			if (d->u.func.recv)
				break;
			if (!strcmp(o->name, "init")) {
				VEC_PUSH(pkg->inits, pkg->ninits, capinits, o);
				Expr *ft = d->u.func.type;
				if (ft->u.func.nparams || ft->u.func.nresults)
					errorf(c, name->pos,
					       "func init must have no arguments and no return "
					       "values");
				if (!d->u.func.body && !c->is_std)
					errorf(c, name->pos, "missing function body");
				break;
			}
			if (!strcmp(o->name, "main") && !strcmp(pkg->name, "main")) {
				Expr *ft = d->u.func.type;
				if (ft->u.func.nparams || ft->u.func.nresults)
					errorf(c, name->pos,
					       "func main must have no arguments and no return "
					       "values");
			}
			if (strcmp(o->name, "_") != 0)
				declare_object(c, c->pkgscope, o, name->pos);
			break;
		}
		default: break;
		}
	}
	/* an import name may not be redeclared at package level */
	for (int i = 0; i < c->filescope->nobjs; i++) {
		Object *imp = c->filescope->objs[i];
		Object *o = scope_lookup_local(c->pkgscope, imp->name);
		if (o)
			errorf(c, o->pos, "%s already declared through import of package %s",
			       o->name, imp->imported->path);
	}
}

/* ---------------------------------------------------------------- initialisation order */

typedef struct VarDeps {
	DeclInfo *di;
	DeclInfo **deps; /* variables this one's initialiser needs */
	int ndeps, cap;
	bool done;
	int color; /* cycle search: 0 white, 1 on stack, 2 finished */
} VarDeps;

static void gather_var_deps(Checker *c, DeclInfo *from, int stamp, VarDeps *vd)
{
	for (int i = 0; i < from->ndeps; i++) {
		DeclInfo *dd = decl_info(c, from->deps[i]);
		if (!dd || dd->mark == stamp)
			continue;
		dd->mark = stamp;
		if (dd->obj->kind == OBJ_VAR)
			VEC_PUSH(vd->deps, vd->ndeps, vd->cap, dd);
		else if (dd->obj->kind == OBJ_FUNC)
			gather_var_deps(c, dd, stamp, vd);
	}
}

static VarDeps *find_vd(VarDeps *v, int n, DeclInfo *di)
{
	(void)v;
	(void)n;
	return di->vd;
}

/* Depth-first search for a cycle among the uninitialised variables; reports it. */
static bool report_cycle(Checker *c, VarDeps *v, int n, VarDeps *x, VarDeps **stack, int depth)
{
	x->color = 1;
	stack[depth] = x;
	for (int i = 0; i < x->ndeps; i++) {
		VarDeps *y = find_vd(v, n, x->deps[i]);
		if (!y || y->done)
			continue;
		if (y->color == 1) {
			int start = depth;
			while (stack[start] != y)
				start--;
			Object *o = y->di->obj;
			if (start == depth) {
				errorf(c, o->pos, "initialization cycle: %s refers to itself",
				       o->name);
			} else {
				char buf[800];
				int len = snprintf(buf, sizeof buf, "initialization cycle for %s",
				                   o->name);
				for (int k = start; k <= depth && len < (int)sizeof buf; k++) {
					VarDeps *nx = k < depth ? stack[k + 1] : y;
					len += snprintf(buf + len, sizeof buf - (size_t)len,
					                "\n\t%s refers to %s",
					                stack[k]->di->obj->name, nx->di->obj->name);
				}
				errorf(c, o->pos, "%s", buf);
			}
			return true;
		}
		if (y->color == 0 && report_cycle(c, v, n, y, stack, depth + 1))
			return true;
	}
	x->color = 2;
	return false;
}

static void init_order(Checker *c)
{
	int nv = 0;
	for (int i = 0; i < c->ndecls; i++)
		if (c->decls[i]->obj->kind == OBJ_VAR)
			nv++;
	if (nv == 0)
		return;
	VarDeps *v = arena_alloc(sizeof(VarDeps) * (size_t)nv);
	int k = 0, stamp = 0;
	for (int i = 0; i < c->ndecls; i++) {
		DeclInfo *di = c->decls[i];
		di->mark = 0;
	}
	for (int i = 0; i < c->ndecls; i++) {
		DeclInfo *di = c->decls[i];
		if (di->obj->kind != OBJ_VAR)
			continue;
		v[k].di = di;
		di->vd = &v[k];
		gather_var_deps(c, di, ++stamp, &v[k]);
		k++;
	}
	Package *pkg = c->pkg;
	int capvars = 0;
	int left = nv;
	while (left > 0) {
		VarDeps *pick = NULL;
		for (int i = 0; i < nv && !pick; i++) {
			if (v[i].done)
				continue;
			bool ready = true;
			for (int j = 0; j < v[i].ndeps && ready; j++) {
				VarDeps *y = find_vd(v, nv, v[i].deps[j]);
				ready = y && y->done;
			}
			if (ready)
				pick = &v[i];
		}
		if (!pick) {
			/* everything left waits on a cycle: report one, then go on in source order */
			VarDeps **stack = arena_alloc(sizeof(VarDeps *) * (size_t)nv);
			for (int i = 0; i < nv; i++)
				if (!v[i].done && v[i].color == 0 &&
				    report_cycle(c, v, nv, &v[i], stack, 0))
					break;
			for (int i = 0; i < nv; i++)
				if (!v[i].done)
					pick = pick ? pick : &v[i];
		}
		pick->done = true;
		left--;
		VEC_PUSH(pkg->vars, pkg->nvars, capvars, pick->di->obj);
	}
}

/* ---------------------------------------------------------------- packages */

static void check_package(Checker *c)
{
	Package *pkg = c->pkg;
	c->pkgscope = scope_new(types_universe());
	c->filescope = scope_new(c->pkgscope);
	c->scope = c->filescope;
	pkg->scope = c->pkgscope;
	collect_imports(c);
	collect(c);

	/* pass 2: types */
	for (int i = 0; i < c->ndecls; i++)
		if (c->decls[i]->obj->kind == OBJ_TYPE)
			use_object(c, c->decls[i]->obj);
	for (int i = 0; i < c->ndecls; i++)
		if (c->decls[i]->obj->kind == OBJ_TYPE)
			validate_named(c, c->decls[i]->obj);
	flush_map_keys(c);

	/* pass 3: function signatures and methods */
	for (int i = 0; i < c->ndecls; i++)
		if (c->decls[i]->obj->kind == OBJ_FUNC)
			use_object(c, c->decls[i]->obj);
	for (int i = 0; i < c->ndecls; i++)
		if (c->decls[i]->obj->kind == OBJ_FUNC)
			check_field_method_clash(c, c->decls[i]);

	/* pass 4: constants and variables */
	for (int i = 0; i < c->ndecls; i++) {
		Object *o = c->decls[i]->obj;
		if (o->kind == OBJ_CONST || o->kind == OBJ_VAR)
			use_object(c, o);
	}
	flush_map_keys(c);

	/* pass 5: function bodies */
	for (int i = 0; i < c->ndecls; i++)
		if (c->decls[i]->obj->kind == OBJ_FUNC)
			check_func_decl(c, c->decls[i]);
	flush_map_keys(c);

	/* pass 6: initialisation order */
	init_order(c);
	report_unused_imports(c);
	pkg->checked = true;
}

/* Loaded packages, by import path. */
typedef struct Loaded {
	const char *path;
	Package *pkg;
	bool busy;
} Loaded;

static Loaded *loaded;
static int nloaded, caploaded;

static Package *new_package(const char *path, File *f)
{
	Package *p = arena_alloc(sizeof *p);
	p->path = intern_cstr(path);
	p->name = f && f->pkgname ? f->pkgname : p->path;
	p->file = f;
	return p;
}

static void run_checker(Program *prog, Package *pkg, File *f, bool is_std)
{
	Checker *c = calloc(1, sizeof *c);
	if (!c) {
		fputs("fatal error: runtime: out of memory\n", stderr);
		exit(2);
	}
	c->prog = prog;
	c->pkg = pkg;
	c->file = f;
	c->filename = f->filename;
	c->is_std = is_std;
	check_package(c);
	free(c);
}

static void add_program_package(Program *prog, Package *p)
{
	int cap = prog->npkgs;
	VEC_PUSH(prog->pkgs, prog->npkgs, cap, p);
}

static Package *load_package(Program *prog, const char *path, Checker *importer, Pos pos)
{
	path = intern_cstr(path);
	for (int i = 0; i < nloaded; i++) {
		if (loaded[i].path != path)
			continue;
		if (loaded[i].busy) {
			if (importer)
				errorf(importer, pos, "import cycle not allowed");
			return NULL;
		}
		return loaded[i].pkg;
	}
	size_t len = 0;
	const char *src = std_source(path, &len);
	if (!src || !strcmp(path, "main")) {
		if (importer)
			errorf(importer, pos,
			       "package \"%s\" is not in the minirt standard library", path);
		return NULL;
	}
	const char *filename = arena_printf("<std>/%s.go", path);
	int before = diag_count();
	File *f = parse_file(filename, src, len);
	Package *p = new_package(path, f);
	const char *slash = strrchr(path, '/');
	if (!f->pkgname)
		p->name = intern_cstr(slash ? slash + 1 : path);
	int idx = nloaded;
	Loaded l = {path, p, true};
	VEC_PUSH(loaded, nloaded, caploaded, l);
	if (diag_count() == before)
		run_checker(prog, p, f, true);
	loaded[idx].busy = false;
	add_program_package(prog, p);
	return p;
}

Program *check_program(File *mainfile)
{
	types_init();
	nloaded = 0;
	int before = diag_count();
	Program *prog = arena_alloc(sizeof *prog);
	prog->runtime = load_package(prog, "runtime", NULL, (Pos){0, 0});
	Package *main = new_package("main", mainfile);
	main->name = intern_cstr("main");
	prog->main = main;
	if (!mainfile->pkgname || strcmp(mainfile->pkgname, "main") != 0) {
		diag_error(mainfile->filename, mainfile->pkgpos, "package %s is not a main package",
		           mainfile->pkgname ? mainfile->pkgname : "?");
		return NULL;
	}
	run_checker(prog, main, mainfile, false);
	add_program_package(prog, main);
	Object *m = main->scope ? scope_lookup_local(main->scope, intern_cstr("main")) : NULL;
	if (!m || m->kind != OBJ_FUNC)
		diag_error(mainfile->filename, (Pos){mainfile->pkgpos.line, mainfile->pkgpos.col},
		           "function main is undeclared in the main package");
	if (diag_count() > before)
		return NULL;
	return prog;
}
