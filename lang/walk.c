/*
 * walk.c - the pre-order walk of walk.h: every expression and statement below a node, in
 * source order (a call's function before its arguments, an assignment's left side before its
 * right).
 */
#include "walk.h"

static void exprs(Walker *w, Expr **es, int n)
{
	for (int i = 0; i < n; i++)
		walk_expr(w, es[i]);
}

static void stmts(Walker *w, Stmt **ss, int n)
{
	for (int i = 0; i < n; i++)
		walk_stmt(w, ss[i]);
}

void walk_expr(Walker *w, Expr *e)
{
	if (!e || (w->expr && !w->expr(w, e)))
		return;
	switch (e->kind) {
	case E_PAREN: walk_expr(w, e->u.paren.x); return;
	case E_SELECTOR: walk_expr(w, e->u.sel.x); return;
	case E_INDEX:
		walk_expr(w, e->u.index.x);
		walk_expr(w, e->u.index.index);
		return;
	case E_SLICE:
		walk_expr(w, e->u.slice.x);
		walk_expr(w, e->u.slice.lo);
		walk_expr(w, e->u.slice.hi);
		walk_expr(w, e->u.slice.max);
		return;
	case E_STAR: walk_expr(w, e->u.star.x); return;
	case E_UNARY:
	case E_BINARY:
		walk_expr(w, e->u.op.x);
		walk_expr(w, e->u.op.y);
		return;
	case E_COMPOSITE: exprs(w, e->u.composite.elts, e->u.composite.nelts); return;
	case E_KEYVALUE:
		walk_expr(w, e->u.kv.key);
		walk_expr(w, e->u.kv.value);
		return;
	case E_FUNCLIT: walk_stmt(w, e->u.funclit.body); return;
	case E_TYPEASSERT: walk_expr(w, e->u.assert.x); return;
	case E_CALL:
		walk_expr(w, e->u.call.fun);
		exprs(w, e->u.call.args, e->u.call.nargs);
		return;
	default: return;
	}
}

void walk_stmt(Walker *w, Stmt *s)
{
	if (!s || (w->stmt && !w->stmt(w, s)))
		return;
	switch (s->kind) {
	case S_DECL:
		if (s->u.decl->kind == D_VAR)
			exprs(w, s->u.decl->u.value.values, s->u.decl->u.value.nvalues);
		return;
	case S_LABELED: walk_stmt(w, s->u.labeled.stmt); return;
	case S_EXPR: walk_expr(w, s->u.expr.x); return;
	case S_SEND:
		walk_expr(w, s->u.send.chan);
		walk_expr(w, s->u.send.value);
		return;
	case S_INCDEC: walk_expr(w, s->u.incdec.x); return;
	case S_ASSIGN:
		exprs(w, s->u.assign.lhs, s->u.assign.nlhs);
		exprs(w, s->u.assign.rhs, s->u.assign.nrhs);
		return;
	case S_GO:
	case S_DEFER: walk_expr(w, s->u.call.call); return;
	case S_RETURN: exprs(w, s->u.ret.results, s->u.ret.nresults); return;
	case S_BLOCK: stmts(w, s->u.block.stmts, s->u.block.nstmts); return;
	case S_IF:
		walk_stmt(w, s->u.ifs.init);
		walk_expr(w, s->u.ifs.cond);
		walk_stmt(w, s->u.ifs.then);
		walk_stmt(w, s->u.ifs.els);
		return;
	case S_CASE:
		exprs(w, s->u.clause.list, s->u.clause.nlist);
		stmts(w, s->u.clause.body, s->u.clause.nbody);
		return;
	case S_SWITCH:
		walk_stmt(w, s->u.swtch.init);
		walk_expr(w, s->u.swtch.tag);
		stmts(w, s->u.swtch.clauses, s->u.swtch.nclauses);
		return;
	case S_TYPESWITCH:
		walk_stmt(w, s->u.tswitch.init);
		walk_expr(w, s->u.tswitch.x);
		stmts(w, s->u.tswitch.clauses, s->u.tswitch.nclauses);
		return;
	case S_COMM:
		walk_stmt(w, s->u.comm.comm);
		stmts(w, s->u.comm.body, s->u.comm.nbody);
		return;
	case S_SELECT: stmts(w, s->u.select.clauses, s->u.select.nclauses); return;
	case S_FOR:
		walk_stmt(w, s->u.fors.init);
		walk_expr(w, s->u.fors.cond);
		walk_stmt(w, s->u.fors.post);
		walk_stmt(w, s->u.fors.body);
		return;
	case S_RANGE:
		walk_expr(w, s->u.range.key);
		walk_expr(w, s->u.range.value);
		walk_expr(w, s->u.range.x);
		walk_stmt(w, s->u.range.body);
		return;
	default: return;
	}
}
