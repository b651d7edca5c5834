/*
 * check_stmt.c - type checking of statements and function bodies.
 *
 * A function body is checked in four steps:
 *   1. Its labels are collected first (labels have function scope: a 'break L' may name a
 *      label declared after it in the source, and a label must be used somewhere).
 *   2. Its statements are checked in order, in a tree of scopes: each block, each if/for/
 *      switch statement and each case clause opens a scope; the function's outermost scope
 *      holds the parameters and is also the body's own block (so 'func f(x int) { var x
 *      int }' redeclares x, as in Go). Breakable statements (for, range, switch, select)
 *      are kept on a stack so break and continue find their targets.
 *   3. A function with results must end in a terminating statement (the spec's definition:
 *      return, panic, a block/if/switch/for whose shape guarantees it never falls off the
 *      end); otherwise "missing return".
 *   4. Every local variable never read is "declared and not used"; every label never used
 *      is "defined and not used".
 * Channel statements follow go/types: a send needs a channel that is not receive-only, a range
 * over a channel has one iteration variable, and each select case must be a send, a receive,
 * or an assignment or short variable declaration whose right side is a single receive.
 *
 * Invariants:
 *   - c->scope is restored on every exit from a statement that opened a scope, and
 *     c->fn->breakables likewise.
 *   - Every variable a statement declares is added to the function's locals in declaration
 *     order (declare_var / add_local), which the compiler uses for frame layout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_int.h"

/* Statement contexts (go/types' stmtContext). */
enum {
	CTX_FALLTHROUGH_OK = 1, /* fallthrough may end this statement list */
	CTX_FINAL_CASE = 2,     /* the final clause of an expression switch */
	CTX_TYPE_SWITCH = 4,    /* inside a type switch clause */
};

static void stmt(Checker *c, Stmt *s, int ctx, const char *label);

static Expr *unparen(Expr *e)
{
	while (e->kind == E_PAREN)
		e = e->u.paren.x;
	return e;
}

static void open_scope(Checker *c)
{
	c->scope = scope_new(c->scope);
}

static void close_scope(Checker *c)
{
	c->scope = c->scope->parent;
}

/* ---------------------------------------------------------------- parameters */

static Object *param_object(Checker *c, FuncLitInfo *info, Expr *name, const char *synth, Pos pos,
                            Type *t, bool result)
{
	Object *o;
	if (name && !is_blank(name)) {
		o = object_new(OBJ_VAR, name->u.ident.name, name->pos, t);
		name->u.ident.obj = o;
		name->mode = MODE_VARIABLE;
		name->type = t;
	} else if (synth) {
		o = object_new(OBJ_VAR, synth, pos, t);
	} else {
		if (name) {
			name->mode = MODE_VARIABLE;
			name->type = t;
		}
		return NULL;
	}
	o->pkg = c->pkg;
	o->is_param = !result;
	o->is_result = result;
	o->used = true;
	o->storage = VAR_LOCAL;
	add_local(c, o);
	(void)info;
	if (name && !is_blank(name))
		declare_object(c, c->scope, o, name->pos);
	return o;
}

void declare_params(Checker *c, FuncLitInfo *info, Field *recv, Type *recvtype, Expr *ftype,
                    Type *sig, Expr ***result_names, bool *named)
{
	if (recv) {
		Expr *name = recv->nnames ? recv->names[0] : NULL;
		param_object(c, info, name, NULL, recv->pos, recvtype ? recvtype : t_invalid,
		             false);
	}
	int ti = 0;
	for (int i = 0; i < ftype->u.func.nparams; i++) {
		Field *f = &ftype->u.func.params[i];
		int n = f->nnames ? f->nnames : 1;
		for (int j = 0; j < n; j++, ti++) {
			Type *t = ti < sig->nparams ? sig->params[ti] : t_invalid;
			param_object(c, info, f->nnames ? f->names[j] : NULL, NULL, f->pos, t,
			             false);
		}
	}
	ti = 0;
	*named = false;
	Expr **names = arena_alloc(sizeof(Expr *) * (size_t)(sig->nresults ? sig->nresults : 1));
	for (int i = 0; i < ftype->u.func.nresults; i++) {
		Field *f = &ftype->u.func.results[i];
		int n = f->nnames ? f->nnames : 1;
		for (int j = 0; j < n; j++, ti++) {
			Type *t = ti < sig->nresults ? sig->results[ti] : t_invalid;
			Expr *name = f->nnames ? f->names[j] : NULL;
			if (name)
				*named = true;
			const char *synth = name ? NULL : arena_printf("~r%d", ti);
			param_object(c, info, name, synth, f->pos, t, true);
			if (ti < sig->nresults)
				names[ti] = name;
		}
	}
	*result_names = names;
}

void report_unused(Checker *c, FuncLitInfo *info)
{
	for (int i = 0; i < info->nlocals; i++) {
		Object *o = info->locals[i];
		if (o->kind == OBJ_VAR && !o->used && !o->is_param && !o->is_result)
			errorf(c, o->pos, "declared and not used: %s", o->name);
	}
}

/* ---------------------------------------------------------------- labels */

static void collect_labels(Checker *c, Stmt *s)
{
	if (!s)
		return;
	FuncState *fs = c->fn;
	switch (s->kind) {
	case S_LABELED: {
		const char *name = s->u.labeled.label;
		bool dup = false;
		for (int i = 0; i < fs->nlabels; i++)
			dup = dup || fs->labels[i].name == name;
		if (dup) {
			errorf(c, s->pos, "label %s already defined", name);
		} else if (strcmp(name, "_") != 0) {
			Label l = {name, s, false};
			VEC_PUSH(fs->labels, fs->nlabels, fs->caplabels, l);
		}
		collect_labels(c, s->u.labeled.stmt);
		return;
	}
	case S_BLOCK:
		for (int i = 0; i < s->u.block.nstmts; i++)
			collect_labels(c, s->u.block.stmts[i]);
		return;
	case S_IF:
		collect_labels(c, s->u.ifs.then);
		collect_labels(c, s->u.ifs.els);
		return;
	case S_FOR: collect_labels(c, s->u.fors.body); return;
	case S_RANGE: collect_labels(c, s->u.range.body); return;
	case S_SWITCH:
		for (int i = 0; i < s->u.swtch.nclauses; i++)
			collect_labels(c, s->u.swtch.clauses[i]);
		return;
	case S_TYPESWITCH:
		for (int i = 0; i < s->u.tswitch.nclauses; i++)
			collect_labels(c, s->u.tswitch.clauses[i]);
		return;
	case S_SELECT:
		for (int i = 0; i < s->u.select.nclauses; i++)
			collect_labels(c, s->u.select.clauses[i]);
		return;
	case S_CASE:
		for (int i = 0; i < s->u.clause.nbody; i++)
			collect_labels(c, s->u.clause.body[i]);
		return;
	case S_COMM:
		for (int i = 0; i < s->u.comm.nbody; i++)
			collect_labels(c, s->u.comm.body[i]);
		return;
	default: return;
	}
}

static Label *find_label(Checker *c, const char *name)
{
	for (int i = 0; i < c->fn->nlabels; i++)
		if (c->fn->labels[i].name == name)
			return &c->fn->labels[i];
	return NULL;
}

/* ---------------------------------------------------------------- terminating statements */

static bool has_break(Stmt *s, Stmt *target);

static bool list_has_break(Stmt **ss, int n, Stmt *target)
{
	for (int i = 0; i < n; i++)
		if (has_break(ss[i], target))
			return true;
	return false;
}

/* Whether a break statement inside s refers to target. */
static bool has_break(Stmt *s, Stmt *target)
{
	if (!s)
		return false;
	switch (s->kind) {
	case S_BRANCH: return s->u.branch.tok == T_BREAK && s->u.branch.target == target;
	case S_LABELED: return has_break(s->u.labeled.stmt, target);
	case S_BLOCK: return list_has_break(s->u.block.stmts, s->u.block.nstmts, target);
	case S_IF: return has_break(s->u.ifs.then, target) || has_break(s->u.ifs.els, target);
	case S_FOR: return has_break(s->u.fors.body, target);
	case S_RANGE: return has_break(s->u.range.body, target);
	case S_SWITCH: return list_has_break(s->u.swtch.clauses, s->u.swtch.nclauses, target);
	case S_TYPESWITCH:
		return list_has_break(s->u.tswitch.clauses, s->u.tswitch.nclauses, target);
	case S_SELECT: return list_has_break(s->u.select.clauses, s->u.select.nclauses, target);
	case S_CASE: return list_has_break(s->u.clause.body, s->u.clause.nbody, target);
	case S_COMM: return list_has_break(s->u.comm.body, s->u.comm.nbody, target);
	default: return false;
	}
}

static bool terminating(Stmt *s);

static bool list_terminating(Stmt **ss, int n)
{
	while (n > 0 && ss[n - 1]->kind == S_EMPTY)
		n--;
	return n > 0 && terminating(ss[n - 1]);
}

static bool clauses_terminate(Stmt *sw, Stmt **clauses, int n, bool allow_fallthrough)
{
	bool has_default = false;
	for (int i = 0; i < n; i++) {
		Stmt *cl = clauses[i];
		if (cl->u.clause.nlist == 0)
			has_default = true;
		int nb = cl->u.clause.nbody;
		while (nb > 0 && cl->u.clause.body[nb - 1]->kind == S_EMPTY)
			nb--;
		bool ft = allow_fallthrough && nb > 0 &&
		          cl->u.clause.body[nb - 1]->kind == S_BRANCH &&
		          cl->u.clause.body[nb - 1]->u.branch.tok == T_FALLTHROUGH;
		if (!ft && !list_terminating(cl->u.clause.body, nb))
			return false;
		if (list_has_break(cl->u.clause.body, cl->u.clause.nbody, sw))
			return false;
	}
	return has_default;
}

static bool terminating(Stmt *s)
{
	switch (s->kind) {
	case S_RETURN: return true;
	case S_BRANCH: return s->u.branch.tok == T_GOTO;
	case S_EXPR: {
		Expr *x = unparen(s->u.expr.x);
		return x->kind == E_CALL && x->u.call.builtin == BI_PANIC;
	}
	case S_LABELED: return terminating(s->u.labeled.stmt);
	case S_BLOCK: return list_terminating(s->u.block.stmts, s->u.block.nstmts);
	case S_IF: return s->u.ifs.els && terminating(s->u.ifs.then) && terminating(s->u.ifs.els);
	case S_FOR: return !s->u.fors.cond && !has_break(s->u.fors.body, s);
	case S_SWITCH: return clauses_terminate(s, s->u.swtch.clauses, s->u.swtch.nclauses, true);
	case S_TYPESWITCH:
		return clauses_terminate(s, s->u.tswitch.clauses, s->u.tswitch.nclauses, false);
	case S_SELECT:
		/* every clause ends in a terminating statement and no break leaves the select */
		for (int i = 0; i < s->u.select.nclauses; i++) {
			Stmt *cl = s->u.select.clauses[i];
			if (!list_terminating(cl->u.comm.body, cl->u.comm.nbody) ||
			    list_has_break(cl->u.comm.body, cl->u.comm.nbody, s))
				return false;
		}
		return true;
	default: return false;
	}
}

/* ---------------------------------------------------------------- function bodies */

static void stmt_list(Checker *c, Stmt **ss, int n, int ctx)
{
	bool ok = ctx & CTX_FALLTHROUGH_OK;
	int inner = ctx & ~CTX_FALLTHROUGH_OK;
	int last = n;
	while (last > 0 && ss[last - 1]->kind == S_EMPTY)
		last--;
	for (int i = 0; i < n; i++) {
		int x = inner;
		if (ok && i + 1 == last)
			x |= CTX_FALLTHROUGH_OK;
		stmt(c, ss[i], x, NULL);
	}
}

void check_func_body(Checker *c, FuncState *fs, Stmt *body)
{
	collect_labels(c, body);
	stmt_list(c, body->u.block.stmts, body->u.block.nstmts, 0);
	if (fs->sig->nresults > 0 && !terminating(body))
		errorf(c, body->u.block.rbrace, "missing return");
	for (int i = 0; i < fs->nlabels; i++)
		if (!fs->labels[i].used)
			errorf(c, fs->labels[i].stmt->pos, "label %s defined and not used",
			       fs->labels[i].name);
	report_unused(c, fs->info);
}

/* ---------------------------------------------------------------- assignments */

static const char *plural(int n, const char *what)
{
	return arena_printf("%d %s%s", n, what, n == 1 ? "" : "s");
}

static void mismatch(Checker *c, Expr **rhs, int nl, int nr)
{
	Expr *r0 = rhs[0];
	Expr *u = unparen(r0);
	if (nr == 1 && u->kind == E_CALL) {
		int nres = u->type && u->type->kind == K_TUPLE ? u->type->nresults : 1;
		errorf(c, r0->pos, "assignment mismatch: %s but %s returns %s",
		       plural(nl, "variable"), expr_string(u->u.call.fun), plural(nres, "value"));
		return;
	}
	errorf(c, r0->pos, "assignment mismatch: %s but %s", plural(nl, "variable"),
	       plural(nr, "value"));
}

/* The left side of '=': checked, and able to take a value. Returns its type or NULL. */
static Type *lhs_var(Checker *c, Expr *lhs)
{
	if (is_blank(lhs)) {
		lhs->mode = MODE_VARIABLE;
		lhs->type = NULL;
		lhs->u.ident.obj = NULL;
		return NULL;
	}
	check_lhs(c, lhs);
	if (invalid(lhs))
		return t_invalid;
	if (lhs->mode != MODE_VARIABLE && lhs->mode != MODE_MAPINDEX) {
		Expr *u = unparen(lhs);
		if (u->kind == E_SELECTOR && u->u.sel.kind == SEL_FIELD &&
		    types_under(u->u.sel.x->type)->kind == K_MAP)
			errorf(c, lhs->pos, "cannot assign to struct field %s in map",
			       expr_string(lhs));
		else
			errorf(c, lhs->pos,
			       "cannot assign to %s (neither addressable nor a map index "
			       "expression)",
			       expr_string(lhs));
		return t_invalid;
	}
	return lhs->type;
}

/* Assigns a checked rhs to a checked lhs of type t (NULL: the blank identifier). */
static void assign_var(Checker *c, Expr *lhs, Type *t, Expr *rhs, const char *context)
{
	if (!t) {
		use_default(c, rhs, context);
		if (is_blank(lhs))
			lhs->type = invalid(rhs) ? t_invalid : rhs->type;
		return;
	}
	if (t->kind == K_INVALID)
		return;
	assignment(c, rhs, t, context);
}

/* Type t of a multi-value result element assigned to lhs of type lt. */
static void assign_result(Checker *c, Expr *rhs, Type *rt, Expr *lhs, Type *lt, const char *context)
{
	if (!lt) {
		if (is_blank(lhs))
			lhs->type = rt;
		return;
	}
	if (lt->kind == K_INVALID || rt->kind == K_INVALID)
		return;
	if (!types_assignable(rt, lt))
		errorf(c, rhs->pos, "cannot use %s (value of type %s) as %s value in %s",
		       expr_string(rhs), type_string(c, rt), type_string(c, lt), context);
}

static void plain_assign(Checker *c, Stmt *s)
{
	Expr **lhs = s->u.assign.lhs, **rhs = s->u.assign.rhs;
	int nl = s->u.assign.nlhs, nr = s->u.assign.nrhs;
	bool call1 = nr == 1 && unparen(rhs[0])->kind == E_CALL;
	if (nl == nr && !call1) {
		for (int i = 0; i < nl; i++) {
			Type *t = lhs_var(c, lhs[i]);
			check_expr_hint(c, rhs[i], NULL);
			assign_var(c, lhs[i], t, rhs[i], "assignment");
		}
		return;
	}
	Type **lt = arena_alloc(sizeof(Type *) * (size_t)(nl ? nl : 1));
	for (int i = 0; i < nl; i++)
		lt[i] = lhs_var(c, lhs[i]);
	if (nr == 1) {
		Expr *r = rhs[0];
		check_multi(c, r);
		if (invalid(r))
			return;
		if (nl == 1 && r->type->kind != K_TUPLE) {
			assign_var(c, lhs[0], lt[0], r, "assignment");
			return;
		}
		if (r->type->kind == K_TUPLE && r->type->nresults == nl) {
			for (int i = 0; i < nl; i++)
				assign_result(c, r, r->type->results[i], lhs[i], lt[i],
				              "assignment");
			return;
		}
		if (nl == 2 && (r->mode == MODE_MAPINDEX || r->mode == MODE_COMMAOK)) {
			assign_var(c, lhs[0], lt[0], r, "assignment");
			if (lt[1] && lt[1]->kind != K_INVALID && types_under(lt[1])->kind != K_BOOL)
				errorf(c, lhs[1]->pos,
				       "cannot use %s (untyped bool value) as %s value in "
				       "assignment",
				       expr_string(r), type_string(c, lt[1]));
			if (!lt[1])
				lhs[1]->type = t_bool;
			return;
		}
		mismatch(c, rhs, nl, nr);
		return;
	}
	for (int i = 0; i < nr; i++)
		check_multi(c, rhs[i]);
	mismatch(c, rhs, nl, nr);
}

static TokenKind assign_op(TokenKind op)
{
	switch (op) {
	case T_ADD_ASSIGN: return T_ADD;
	case T_SUB_ASSIGN: return T_SUB;
	case T_MUL_ASSIGN: return T_MUL;
	case T_QUO_ASSIGN: return T_QUO;
	case T_REM_ASSIGN: return T_REM;
	case T_AND_ASSIGN: return T_AND;
	case T_OR_ASSIGN: return T_OR;
	case T_XOR_ASSIGN: return T_XOR;
	case T_SHL_ASSIGN: return T_SHL;
	case T_SHR_ASSIGN: return T_SHR;
	case T_AND_NOT_ASSIGN: return T_AND_NOT;
	default: return T_EOF;
	}
}

static void op_assign(Checker *c, Stmt *s)
{
	if (s->u.assign.nlhs != 1 || s->u.assign.nrhs != 1) {
		errorf(c, s->pos, "assignment operation %s requires single-valued expressions",
		       token_text(s->u.assign.op));
		return;
	}
	Expr *lhs = s->u.assign.lhs[0], *rhs = s->u.assign.rhs[0];
	TokenKind op = assign_op(s->u.assign.op);
	Expr *scratch = arena_alloc(sizeof *scratch);
	scratch->kind = E_BINARY;
	scratch->pos = lhs->pos;
	scratch->u.op.op = op;
	scratch->u.op.x = lhs;
	scratch->u.op.y = rhs;
	scratch->u.op.oppos = lhs->pos;
	check_binary_op(c, scratch, lhs, rhs, op);
	if (invalid(scratch) || invalid(lhs))
		return;
	if (lhs->mode != MODE_VARIABLE && lhs->mode != MODE_MAPINDEX) {
		errorf(c, lhs->pos,
		       "cannot assign to %s (neither addressable nor a map index expression)",
		       expr_string(lhs));
		return;
	}
	assignment(c, scratch, lhs->type, "assignment");
}

static void short_var_decl(Checker *c, Stmt *s)
{
	Expr **lhs = s->u.assign.lhs, **rhs = s->u.assign.rhs;
	int nl = s->u.assign.nlhs, nr = s->u.assign.nrhs;
	bool *is_new = arena_alloc(sizeof(bool) * (size_t)(nl ? nl : 1));
	s->u.assign.is_new = is_new;
	Object **objs = arena_alloc(sizeof(Object *) * (size_t)(nl ? nl : 1));
	bool any_new = false, bad = false;
	for (int i = 0; i < nl; i++) {
		Expr *l = lhs[i];
		if (l->kind != E_IDENT) {
			errorf(c, l->pos, "non-name %s on left side of :=", expr_string(l));
			check_raw(c, l, NULL);
			bad = true;
			continue;
		}
		if (is_blank(l)) {
			l->u.ident.obj = NULL;
			continue;
		}
		bool dup = false;
		for (int j = 0; j < i; j++)
			dup = dup ||
			      (lhs[j]->kind == E_IDENT && lhs[j]->u.ident.name == l->u.ident.name);
		if (dup) {
			errorf(c, l->pos, "%s repeated on left side of :=", l->u.ident.name);
			bad = true;
			continue;
		}
		Object *old = scope_lookup_local(c->scope, l->u.ident.name);
		if (old) {
			l->u.ident.obj = old;
			if (old->kind != OBJ_VAR) {
				errorf(c, l->pos, "cannot assign to %s", l->u.ident.name);
				bad = true;
			} else {
				objs[i] = old;
				l->mode = MODE_VARIABLE;
				l->type = old->type ? old->type : t_invalid;
			}
			continue;
		}
		Object *o = object_new(OBJ_VAR, l->u.ident.name, l->pos, NULL);
		o->pkg = c->pkg;
		objs[i] = o;
		is_new[i] = true;
		any_new = true;
	}
	if (!any_new && !bad) {
		/* Go reports this at the ':=' (assuming 'a, b := ...' spacing) */
		Expr *last = lhs[nl - 1];
		Pos at = last->pos;
		if (last->kind == E_IDENT)
			at.col += (int)strlen(last->u.ident.name) + 1;
		errorf(c, at, "no new variables on left side of :=");
	}
	/* types from the right-hand side */
	Type **types = arena_alloc(sizeof(Type *) * (size_t)(nl ? nl : 1));
	for (int i = 0; i < nl; i++)
		types[i] = t_invalid;
	bool call1 = nr == 1 && unparen(rhs[0])->kind == E_CALL;
	if (nl == nr && !call1) {
		for (int i = 0; i < nl; i++) {
			Expr *r = rhs[i];
			check_expr(c, r);
			if (objs[i] && !is_new[i]) {
				assignment(c, r, objs[i]->type, "assignment");
				continue;
			}
			use_default(c, r, "assignment");
			if (!invalid(r))
				types[i] = r->type;
			if (is_blank(lhs[i]))
				lhs[i]->type = types[i];
		}
	} else if (nr == 1) {
		Expr *r = rhs[0];
		check_multi(c, r);
		if (!invalid(r)) {
			if (nl == 1 && r->type->kind != K_TUPLE) {
				if (objs[0] && !is_new[0]) {
					assignment(c, r, objs[0]->type, "assignment");
				} else {
					use_default(c, r, "assignment");
					if (!invalid(r))
						types[0] = r->type;
					if (is_blank(lhs[0]))
						lhs[0]->type = types[0];
				}
			} else if (r->type->kind == K_TUPLE && r->type->nresults == nl) {
				for (int i = 0; i < nl; i++) {
					Type *rt = r->type->results[i];
					if (objs[i] && !is_new[i])
						assign_result(c, r, rt, lhs[i], objs[i]->type,
						              "assignment");
					types[i] = rt;
					if (is_blank(lhs[i]))
						lhs[i]->type = rt;
				}
			} else if (nl == 2 &&
			           (r->mode == MODE_MAPINDEX || r->mode == MODE_COMMAOK)) {
				if (objs[0] && !is_new[0])
					assignment(c, r, objs[0]->type, "assignment");
				types[0] = r->type;
				types[1] = t_bool;
				if (objs[1] && !is_new[1] &&
				    types_under(objs[1]->type)->kind != K_BOOL)
					errorf(c, lhs[1]->pos,
					       "cannot use %s (untyped bool value) as %s value in "
					       "assignment",
					       expr_string(r), type_string(c, objs[1]->type));
				for (int i = 0; i < 2; i++)
					if (is_blank(lhs[i]))
						lhs[i]->type = types[i];
			} else {
				mismatch(c, rhs, nl, nr);
			}
		}
	} else {
		for (int i = 0; i < nr; i++)
			check_multi(c, rhs[i]);
		mismatch(c, rhs, nl, nr);
	}
	/* the new variables come into scope after the whole statement */
	for (int i = 0; i < nl; i++) {
		if (!is_new[i])
			continue;
		Object *o = objs[i];
		o->type = types[i];
		o->storage = VAR_LOCAL;
		add_local(c, o);
		lhs[i]->u.ident.obj = o;
		lhs[i]->mode = MODE_VARIABLE;
		lhs[i]->type = o->type;
		declare_object(c, c->scope, o, lhs[i]->pos);
	}
	for (int i = 0; i < nl; i++)
		if (is_blank(lhs[i]) && !lhs[i]->type)
			lhs[i]->type = t_invalid;
}

/* ---------------------------------------------------------------- return */

static void return_stmt(Checker *c, Stmt *s)
{
	FuncState *fs = c->fn;
	Type *sig = fs->sig;
	int n = s->u.ret.nresults;
	Expr **res = s->u.ret.results;
	int want = sig->nresults;
	if (n == 0) {
		if (want > 0 && !fs->named_results) {
			char *ws = "";
			for (int i = 0; i < want; i++)
				ws = arena_printf("%s%s%s", ws, i ? ", " : "",
				                  type_string(c, sig->results[i]));
			errorf(c, s->pos, "not enough return values\n\thave ()\n\twant (%s)", ws);
		}
		return;
	}
	Type **have;
	int nhave = n;
	bool tuple = false;
	if (n == 1 && want != 1) {
		check_multi(c, res[0]);
		if (invalid(res[0]))
			return;
		if (res[0]->type->kind == K_TUPLE) {
			tuple = true;
			have = res[0]->type->results;
			nhave = res[0]->type->nresults;
		} else {
			have = &res[0]->type;
		}
	} else {
		have = arena_alloc(sizeof(Type *) * (size_t)n);
		for (int i = 0; i < n; i++) {
			check_expr(c, res[i]);
			have[i] = res[i]->type;
		}
	}
	if (nhave != want) {
		Pos at = nhave > want && !tuple ? res[want]->pos : res[n - 1]->pos;
		char *hs = "", *ws = "";
		for (int i = 0; i < nhave; i++) {
			Type *t = have[i];
			const char *ts = !t || t->kind == K_INVALID ? "unknown type"
			                 : types_is_untyped(t)
			                         ? (types_is_numeric(t) ? "number" : t->str + 8)
			                         : type_string(c, t);
			hs = arena_printf("%s%s%s", hs, i ? ", " : "", ts);
		}
		for (int i = 0; i < want; i++)
			ws = arena_printf("%s%s%s", ws, i ? ", " : "",
			                  type_string(c, sig->results[i]));
		errorf(c, at, "%s return values\n\thave (%s)\n\twant (%s)",
		       nhave < want ? "not enough" : "too many", hs, ws);
		return;
	}
	for (int i = 0; i < want; i++) {
		if (tuple)
			assign_result(c, res[0], have[i], res[0], sig->results[i],
			              "return statement");
		else
			assignment(c, res[i], sig->results[i], "return statement");
	}
}

/* ---------------------------------------------------------------- branches */

static void branch_stmt(Checker *c, Stmt *s, int ctx)
{
	const char *label = s->u.branch.label;
	Label *l = label ? find_label(c, label) : NULL;
	if (l)
		l->used = true;
	switch (s->u.branch.tok) {
	case T_GOTO: errorf(c, s->pos, "goto is not supported"); return;
	case T_FALLTHROUGH:
		if (!(ctx & CTX_FALLTHROUGH_OK)) {
			if (ctx & CTX_FINAL_CASE)
				errorf(c, s->pos, "cannot fallthrough final case in switch");
			else if (ctx & CTX_TYPE_SWITCH)
				errorf(c, s->pos, "cannot fallthrough in type switch");
			else
				errorf(c, s->pos, "fallthrough statement out of place");
		}
		return;
	case T_BREAK:
	case T_CONTINUE: {
		bool brk = s->u.branch.tok == T_BREAK;
		const char *what = brk ? "break" : "continue";
		/* messages about the label point at it, after 'break ' or 'continue ' */
		Pos lpos = s->pos;
		lpos.col += (int)strlen(what) + 1;
		if (label && !l) {
			errorf(c, lpos, "%s label not defined: %s", what, label);
			return;
		}
		for (Breakable *b = c->fn->breakables; b; b = b->outer) {
			bool loop = b->stmt->kind == S_FOR || b->stmt->kind == S_RANGE;
			if (label) {
				if (b->label != label)
					continue;
				if (!brk && !loop)
					break;
				s->u.branch.target = b->stmt;
				return;
			}
			if (!brk && !loop)
				continue;
			s->u.branch.target = b->stmt;
			return;
		}
		if (label)
			errorf(c, lpos, "invalid %s label %s", what, label);
		else if (brk)
			errorf(c, s->pos, "break is not in a loop, switch, or select");
		else
			errorf(c, s->pos, "continue is not in a loop");
		return;
	}
	default: return;
	}
}

static void push_breakable(Checker *c, Breakable *b, Stmt *s, const char *label)
{
	b->stmt = s;
	b->label = label;
	b->outer = c->fn->breakables;
	c->fn->breakables = b;
}

static void pop_breakable(Checker *c)
{
	c->fn->breakables = c->fn->breakables->outer;
}

/* ---------------------------------------------------------------- compound statements */

static void condition(Checker *c, Expr *cond, const char *what)
{
	check_expr(c, cond);
	if (invalid(cond))
		return;
	if (!types_is_boolean(types_under(cond->type))) {
		errorf(c, cond->pos, "non-boolean condition in %s statement", what);
		return;
	}
	use_default(c, cond, "condition");
}

static void if_stmt(Checker *c, Stmt *s)
{
	open_scope(c);
	if (s->u.ifs.init)
		stmt(c, s->u.ifs.init, 0, NULL);
	condition(c, s->u.ifs.cond, "if");
	stmt(c, s->u.ifs.then, 0, NULL);
	if (s->u.ifs.els)
		stmt(c, s->u.ifs.els, 0, NULL);
	close_scope(c);
}

static void for_stmt(Checker *c, Stmt *s, const char *label)
{
	open_scope(c);
	Stmt *init = s->u.fors.init;
	if (init) {
		int before = c->fn->info->nlocals;
		stmt(c, init, 0, NULL);
		int after = c->fn->info->nlocals;
		if (after > before) {
			s->u.fors.nloopvars = after - before;
			s->u.fors.loopvars =
			        arena_alloc(sizeof(Object *) * (size_t)(after - before));
			memcpy(s->u.fors.loopvars, c->fn->info->locals + before,
			       sizeof(Object *) * (size_t)(after - before));
		}
	}
	if (s->u.fors.cond)
		condition(c, s->u.fors.cond, "for");
	if (s->u.fors.post) {
		Stmt *p = s->u.fors.post;
		if (p->kind == S_ASSIGN && p->u.assign.op == T_DEFINE)
			errorf(c, p->pos, "cannot declare in post statement of for loop");
		else
			stmt(c, p, 0, NULL);
	}
	Breakable b;
	push_breakable(c, &b, s, label);
	stmt(c, s->u.fors.body, 0, NULL);
	pop_breakable(c);
	close_scope(c);
}

static void range_stmt(Checker *c, Stmt *s, const char *label)
{
	open_scope(c);
	Expr *x = s->u.range.x;
	check_expr(c, x);
	Type *kt = NULL, *vt = NULL;
	bool ok = !invalid(x);
	if (ok) {
		Type *u = types_under(x->type);
		if (u->kind == K_POINTER && types_under(u->elem)->kind == K_ARRAY)
			u = types_under(u->elem);
		switch (u->kind) {
		case K_STRING:
		case K_UNTYPED_STRING:
			use_default(c, x, "range");
			kt = t_int;
			vt = t_int32;
			break;
		case K_ARRAY:
		case K_SLICE:
			kt = t_int;
			vt = u->elem;
			break;
		case K_MAP:
			kt = u->key;
			vt = u->elem;
			break;
		case K_CHAN:
			if (u->dir == CHAN_SEND) {
				errorf(c, x->pos,
				       "cannot range over %s: receive from send-only channel",
				       operand_string(c, x));
				ok = false;
				break;
			}
			if (s->u.range.value)
				errorf(c, s->u.range.value->pos,
				       "range over %s permits only one iteration variable",
				       operand_string(c, x));
			kt = u->elem;
			break;
		default:
			if (types_is_integer(u)) {
				if (s->u.range.value) {
					errorf(c, s->u.range.value->pos,
					       "range over %s permits only one iteration variable",
					       operand_string(c, x));
					ok = false;
				}
				use_default(c, x, "range");
				if (invalid(x)) {
					ok = false;
					break;
				}
				kt = x->type;
				break;
			}
			errorf(c, x->pos, "cannot range over %s", operand_string(c, x));
			ok = false;
			break;
		}
	}
	Expr *lhs[2] = {s->u.range.key, s->u.range.value};
	Type *types[2] = {kt, vt};
	for (int i = 0; i < 2; i++) {
		Expr *l = lhs[i];
		if (!l)
			continue;
		Type *t = ok && types[i] ? types[i] : t_invalid;
		if (s->u.range.define) {
			if (l->kind != E_IDENT) {
				errorf(c, l->pos, "non-name %s on left side of :=", expr_string(l));
				continue;
			}
			declare_var(c, l, t);
			continue;
		}
		Type *lt = lhs_var(c, l);
		if (!lt) {
			l->type = t;
			continue;
		}
		if (ok && lt->kind != K_INVALID && t->kind != K_INVALID && !types_assignable(t, lt))
			errorf(c, l->pos,
			       "cannot use %s (value of type %s) as %s value in range clause",
			       expr_string(l), type_string(c, t), type_string(c, lt));
	}
	Breakable b;
	push_breakable(c, &b, s, label);
	stmt(c, s->u.range.body, 0, NULL);
	pop_breakable(c);
	close_scope(c);
}

static void check_defaults(Checker *c, Stmt **clauses, int n, const char *what)
{
	Stmt *first = NULL;
	for (int i = 0; i < n; i++) {
		Stmt *cl = clauses[i];
		bool is_default =
		        cl->kind == S_CASE ? cl->u.clause.nlist == 0 : cl->u.comm.comm == NULL;
		if (!is_default)
			continue;
		if (first)
			errorf(c, cl->pos, "multiple defaults in %s", what);
		else
			first = cl;
	}
}

static void switch_stmt(Checker *c, Stmt *s, const char *label)
{
	open_scope(c);
	if (s->u.swtch.init)
		stmt(c, s->u.swtch.init, 0, NULL);
	Expr *tag = s->u.swtch.tag;
	Expr truex = {0};
	if (tag) {
		check_expr(c, tag);
		use_default(c, tag, "switch expression");
		if (!invalid(tag) && !types_comparable(tag->type) &&
		    types_under(tag->type)->kind != K_INTERFACE) {
			errorf(c, tag->pos, "cannot switch on %s (%s is not comparable)",
			       operand_string(c, tag), type_string(c, tag->type));
			set_invalid(tag);
		}
	} else {
		truex.kind = E_IDENT;
		truex.pos = s->pos;
		truex.u.ident.name = "true";
		truex.mode = MODE_CONSTANT;
		truex.type = t_bool;
		truex.cval = cv_bool(true);
		tag = &truex;
	}
	check_defaults(c, s->u.swtch.clauses, s->u.swtch.nclauses, "switch");
	Breakable b;
	push_breakable(c, &b, s, label);
	struct Seen {
		ConstVal *val;
		Type *type;
	} *seen = NULL;
	int nseen = 0, capseen = 0;
	for (int i = 0; i < s->u.swtch.nclauses; i++) {
		Stmt *cl = s->u.swtch.clauses[i];
		for (int k = 0; k < cl->u.clause.nlist; k++) {
			Expr *v = cl->u.clause.list[k];
			check_expr(c, v);
			if (invalid(v) || invalid(tag))
				continue;
			convert_untyped(c, v, tag->type);
			if (invalid(v))
				continue;
			/* compare v against the tag: errors are reported at the case value */
			Expr res = *v;
			check_comparison(c, NULL, &res, tag, T_EQL, v->pos);
			use_default(c, v, "switch case");
			if (v->mode != MODE_CONSTANT)
				continue;
			bool dup = false;
			for (int j = 0; j < nseen && !dup; j++)
				dup = seen[j].type == v->type && cv_equal(seen[j].val, v->cval);
			if (dup) {
				errorf(c, v->pos, "duplicate case %s in expression switch",
				       expr_string(v));
			} else {
				struct Seen sv = {v->cval, v->type};
				VEC_PUSH(seen, nseen, capseen, sv);
			}
		}
		open_scope(c);
		int ctx = i + 1 < s->u.swtch.nclauses ? CTX_FALLTHROUGH_OK : CTX_FINAL_CASE;
		stmt_list(c, cl->u.clause.body, cl->u.clause.nbody, ctx);
		close_scope(c);
	}
	pop_breakable(c);
	close_scope(c);
}

static void type_switch_stmt(Checker *c, Stmt *s, const char *label)
{
	open_scope(c);
	if (s->u.tswitch.init)
		stmt(c, s->u.tswitch.init, 0, NULL);
	Expr *bind = s->u.tswitch.bindname;
	if (bind && is_blank(bind)) {
		errorf(c, bind->pos, "no new variable on left side of :=");
		bind = NULL;
	}
	Expr *x = s->u.tswitch.x;
	check_expr(c, x);
	bool ok = !invalid(x);
	if (ok && types_under(x->type)->kind != K_INTERFACE) {
		errorf(c, x->pos, "%s is not an interface", operand_string(c, x));
		ok = false;
	}
	Type *xt = ok ? x->type : t_invalid;
	if (bind) {
		bind->mode = MODE_VARIABLE;
		bind->type = xt;
	}
	check_defaults(c, s->u.tswitch.clauses, s->u.tswitch.nclauses, "type switch");
	Breakable b;
	push_breakable(c, &b, s, label);
	Type **seen = NULL;
	int nseen = 0, capseen = 0;
	bool seen_nil = false, used = false;
	Object **vars = NULL;
	int nvars = 0, capvars = 0;
	for (int i = 0; i < s->u.tswitch.nclauses; i++) {
		Stmt *cl = s->u.tswitch.clauses[i];
		Type *single = NULL;
		for (int k = 0; k < cl->u.clause.nlist; k++) {
			Expr *te = cl->u.clause.list[k];
			Expr *u = unparen(te);
			Type *t;
			if (u->kind == E_IDENT && scope_lookup(c->scope, u->u.ident.name) &&
			    scope_lookup(c->scope, u->u.ident.name)->kind == OBJ_NIL) {
				check_expr(c, te);
				if (seen_nil)
					errorf(c, te->pos,
					       "multiple nil cases in type switch (first at "
					       "earlier case)");
				seen_nil = true;
				t = NULL;
			} else {
				t = type_expr(c, te);
				if (t->kind == K_INVALID) {
					single = xt;
					continue;
				}
				bool dup = false;
				for (int j = 0; j < nseen; j++)
					dup = dup || seen[j] == t;
				if (dup)
					errorf(c, te->pos, "duplicate case %s in type switch",
					       type_string(c, t));
				else
					VEC_PUSH(seen, nseen, capseen, t);
				if (ok && types_under(t)->kind != K_INTERFACE) {
					const char *missing = NULL;
					bool ptr_only = false;
					if (!types_implements(t, xt, &missing, &ptr_only))
						errorf(c, te->pos,
						       "impossible type switch case: %s\n\t%s "
						       "cannot have dynamic type %s (%s %s)",
						       expr_string(te), operand_string(c, x),
						       type_string(c, t),
						       ptr_only ? "method has pointer receiver:"
						                : "missing method",
						       missing ? missing : "?");
				}
			}
			single = cl->u.clause.nlist == 1 && t ? t : xt;
		}
		open_scope(c);
		if (bind) {
			Type *vt = single ? single : xt;
			Object *o = object_new(OBJ_VAR, bind->u.ident.name, bind->pos, vt);
			o->pkg = c->pkg;
			add_local(c, o);
			declare_object(c, c->scope, o, bind->pos);
			cl->u.clause.tsvar = o;
			VEC_PUSH(vars, nvars, capvars, o);
		}
		int ctx = CTX_TYPE_SWITCH | (i + 1 < s->u.tswitch.nclauses ? 0 : CTX_FINAL_CASE);
		stmt_list(c, cl->u.clause.body, cl->u.clause.nbody, ctx);
		close_scope(c);
	}
	for (int i = 0; i < nvars; i++)
		used = used || vars[i]->used;
	if (bind && !used)
		errorf(c, bind->pos, "declared and not used: %s", bind->u.ident.name);
	for (int i = 0; i < nvars; i++)
		vars[i]->used = true;
	pop_breakable(c);
	close_scope(c);
}

/* ---------------------------------------------------------------- channels */

/* ch <- v: errors at the statement, which starts with the channel operand (go/types). */
static void send_stmt(Checker *c, Stmt *s)
{
	Expr *ch = s->u.send.chan, *v = s->u.send.value;
	check_expr(c, ch);
	check_expr(c, v);
	if (invalid(ch) || invalid(v))
		return;
	Type *u = types_under(ch->type);
	if (u->kind != K_CHAN) {
		errorf(c, s->pos, "invalid operation: cannot send to non-channel %s",
		       operand_string(c, ch));
		return;
	}
	if (u->dir == CHAN_RECV) {
		errorf(c, s->pos, "invalid operation: cannot send to receive-only channel %s",
		       operand_string(c, ch));
		return;
	}
	assignment(c, v, u->elem, "send");
}

static bool is_receive(Expr *e)
{
	e = unparen(e);
	return e->kind == E_UNARY && e->u.op.op == T_ARROW;
}

/* A select case's communication: a send, a receive, or an assignment of one receive. */
static bool valid_comm(Stmt *comm)
{
	switch (comm->kind) {
	case S_SEND: return true;
	case S_EXPR: return is_receive(comm->u.expr.x);
	case S_ASSIGN: return comm->u.assign.nrhs == 1 && is_receive(comm->u.assign.rhs[0]);
	default: return false;
	}
}

static void select_stmt(Checker *c, Stmt *s, const char *label)
{
	check_defaults(c, s->u.select.clauses, s->u.select.nclauses, "select");
	Breakable b;
	push_breakable(c, &b, s, label);
	for (int i = 0; i < s->u.select.nclauses; i++) {
		Stmt *cl = s->u.select.clauses[i];
		Stmt *comm = cl->u.comm.comm;
		if (comm && !valid_comm(comm)) {
			errorf(c, comm->pos,
			       "select case must be send or receive (possibly with assignment)");
			continue;
		}
		/* go/types accepts x op= <-ch here; gc's next phase rejects it with this */
		if (comm && comm->kind == S_ASSIGN && comm->u.assign.op != T_ASSIGN &&
		    comm->u.assign.op != T_DEFINE)
			errorf(c, comm->pos, "select case must be receive, send or assign recv");
		open_scope(c);
		if (comm)
			stmt(c, comm, 0, NULL);
		stmt_list(c, cl->u.comm.body, cl->u.comm.nbody, 0);
		close_scope(c);
	}
	pop_breakable(c);
}

/* ---------------------------------------------------------------- statements */

static void expr_stmt(Checker *c, Stmt *s)
{
	Expr *x = s->u.expr.x;
	check_raw(c, x, NULL);
	if (x->mode == MODE_INVALID)
		return;
	Expr *u = unparen(x);
	const char *msg = "is not used";
	switch (x->mode) {
	case MODE_BUILTIN: msg = "must be called"; break;
	case MODE_TYPE: msg = "is not an expression"; break;
	default:
		if (u->kind == E_UNARY && u->u.op.op == T_ARROW)
			return; /* a receive */
		if (u->kind == E_CALL && !u->u.call.conversion) {
			Builtin b = u->u.call.builtin;
			if (b == BI_NONE || b == BI_CLEAR || b == BI_CLOSE || b == BI_COPY ||
			    b == BI_DELETE || b == BI_PANIC || b == BI_PRINT || b == BI_PRINTLN ||
			    b == BI_RECOVER)
				return;
		}
		break;
	}
	errorf(c, x->pos, "%s %s", operand_string(c, x), msg);
}

/* defer f(x) and go f(x): the operand must be a call, and not of a conversion or of a builtin
 * whose result would be discarded (Go's messages name the statement). */
static void defer_stmt(Checker *c, Stmt *s)
{
	const char *kw = s->kind == S_GO ? "go" : "defer";
	Expr *call = s->u.call.call;
	if (c->fn && s->kind == S_DEFER)
		c->fn->info->has_defer = true;
	Expr *u = unparen(call);
	if (u->kind != E_CALL) {
		check_raw(c, call, NULL);
		errorf(c, call->pos, "expression in %s must be function call", kw);
		return;
	}
	check_raw(c, call, NULL);
	if (u->u.call.conversion) {
		errorf(c, call->pos, "%s requires function call, not conversion", kw);
		return;
	}
	Builtin b = u->u.call.builtin;
	if (b == BI_APPEND || b == BI_CAP || b == BI_LEN || b == BI_MAKE || b == BI_NEW ||
	    b == BI_MAX || b == BI_MIN)
		errorf(c, call->pos, "%s discards result of %s", kw, expr_string(call));
}

static void decl_stmt(Checker *c, Decl *d)
{
	switch (d->kind) {
	case D_CONST: local_const_decl(c, d); break;
	case D_VAR: local_var_decl(c, d); break;
	case D_TYPE: local_type_decl(c, d); break;
	default: errorf(c, d->pos, "unexpected declaration in function body"); break;
	}
}

static void stmt(Checker *c, Stmt *s, int ctx, const char *label)
{
	if (!s)
		return;
	int inner = ctx & ~(CTX_FALLTHROUGH_OK | CTX_FINAL_CASE | CTX_TYPE_SWITCH);
	switch (s->kind) {
	case S_BAD:
	case S_EMPTY: return;
	case S_DECL: decl_stmt(c, s->u.decl); return;
	case S_LABELED: stmt(c, s->u.labeled.stmt, ctx, s->u.labeled.label); return;
	case S_EXPR: expr_stmt(c, s); return;
	case S_SEND: send_stmt(c, s); return;
	case S_INCDEC: {
		Expr *x = s->u.incdec.x;
		check_expr(c, x);
		if (invalid(x))
			return;
		if (!types_is_numeric(types_under(x->type))) {
			errorf(c, x->pos, "invalid operation: %s%s (non-numeric type %s)",
			       expr_string(x), token_text(s->u.incdec.op), type_string(c, x->type));
			return;
		}
		if (x->mode != MODE_VARIABLE && x->mode != MODE_MAPINDEX)
			errorf(c, x->pos,
			       "cannot assign to %s (neither addressable nor a map index "
			       "expression)",
			       expr_string(x));
		return;
	}
	case S_ASSIGN:
		if (s->u.assign.op == T_DEFINE)
			short_var_decl(c, s);
		else if (s->u.assign.op == T_ASSIGN)
			plain_assign(c, s);
		else
			op_assign(c, s);
		return;
	case S_GO: defer_stmt(c, s); return;
	case S_DEFER: defer_stmt(c, s); return;
	case S_RETURN: return_stmt(c, s); return;
	case S_BRANCH: branch_stmt(c, s, ctx); return;
	case S_BLOCK:
		open_scope(c);
		stmt_list(c, s->u.block.stmts, s->u.block.nstmts, inner);
		close_scope(c);
		return;
	case S_IF: if_stmt(c, s); return;
	case S_SWITCH: switch_stmt(c, s, label); return;
	case S_TYPESWITCH: type_switch_stmt(c, s, label); return;
	case S_SELECT: select_stmt(c, s, label); return;
	case S_FOR: for_stmt(c, s, label); return;
	case S_RANGE: range_stmt(c, s, label); return;
	case S_CASE:
	case S_COMM: return;
	}
}
