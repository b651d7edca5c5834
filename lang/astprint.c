/*
 * astprint.c - Go's short printer for expressions and simple statements, as the compiler
 * quotes source in its messages: "x.f(a)", "T{…}", "func() {…}", "assignment x = 1".
 *
 * Output is bounded (1 KiB per call); long expressions are truncated rather than allocated
 * without limit, since they only appear inside one-line error messages.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "parser.h"

/* ---------------------------------------------------------------- printing expressions */

typedef struct Buf {
	char s[1024];
	size_t n;
} Buf;

static void put(Buf *b, const char *str)
{
	size_t k = strlen(str);
	if (k > sizeof b->s - 1 - b->n)
		k = sizeof b->s - 1 - b->n;
	memcpy(b->s + b->n, str, k);
	b->n += k;
	b->s[b->n] = 0;
}

static void print_expr(Buf *b, const Expr *e);

/*
 * Appends fmt to b, where "%e" prints an Expr * (nothing for NULL), "%s" a string, "%l" an
 * Expr ** and a count as a comma-separated list, "%f" a Field * and a count as a parameter
 * list; other characters stand for themselves.
 */
static void pf(Buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	for (const char *f = fmt; *f; f++) {
		if (*f != '%') {
			char c[2] = {*f, 0};
			put(b, c);
			continue;
		}
		switch (*++f) {
		case 'e': print_expr(b, va_arg(ap, const Expr *)); break;
		case 's': put(b, va_arg(ap, const char *)); break;
		case 'l': {
			Expr **v = va_arg(ap, Expr **);
			int n = va_arg(ap, int);
			for (int i = 0; i < n; i++)
				pf(b, i ? ", %e" : "%e", v[i]);
			break;
		}
		case 'f': {
			const Field *v = va_arg(ap, const Field *);
			int n = va_arg(ap, int);
			for (int i = 0; i < n; i++)
				pf(b, "%s%l%s%e", i ? ", " : "", v[i].names, v[i].nnames,
				   v[i].nnames ? " " : "", v[i].type);
			break;
		}
		}
	}
	va_end(ap);
}

/* Go's short form of an expression, as its syntax printer writes it in messages. */
static void print_expr(Buf *b, const Expr *e)
{
	if (!e)
		return;
	switch (e->kind) {
	case E_BAD: put(b, "_"); break;
	case E_IDENT: put(b, e->u.ident.name); break;
	case E_BASICLIT: put(b, e->u.lit.text); break;
	case E_COMPOSITE: pf(b, "%e{…}", e->u.composite.type); break;
	case E_FUNCLIT: pf(b, "%e {…}", e->u.funclit.type); break;
	case E_PAREN: pf(b, "(%e)", e->u.paren.x); break;
	case E_SELECTOR: pf(b, "%e.%s", e->u.sel.x, e->u.sel.name); break;
	case E_INDEX: pf(b, "%e[%e]", e->u.index.x, e->u.index.index); break;
	case E_SLICE:
		pf(b, "%e[%e:%e", e->u.slice.x, e->u.slice.lo, e->u.slice.hi);
		pf(b, e->u.slice.three ? ":%e]" : "]", e->u.slice.max);
		break;
	case E_TYPEASSERT:
		if (e->u.assert.type)
			pf(b, "%e.(%e)", e->u.assert.x, e->u.assert.type);
		else
			pf(b, "%e.(type)", e->u.assert.x);
		break;
	case E_CALL:
		pf(b, "%e(%l%s)", e->u.call.fun, e->u.call.args, e->u.call.nargs,
		   e->u.call.has_ellipsis ? "..." : "");
		break;
	case E_STAR: pf(b, "*%e", e->u.star.x); break;
	case E_UNARY: pf(b, "%s%e", token_text(e->u.op.op), e->u.op.x); break;
	case E_BINARY: pf(b, "%e %s %e", e->u.op.x, token_text(e->u.op.op), e->u.op.y); break;
	case E_KEYVALUE: pf(b, "%e: %e", e->u.kv.key, e->u.kv.value); break;
	case E_ARRAYTYPE: pf(b, "[%e]%e", e->u.array.len, e->u.array.elem); break;
	case E_ELLIPSISLEN: put(b, "..."); break;
	case E_STRUCTTYPE: put(b, e->u.strct.nfields ? "struct{…}" : "struct{}"); break;
	case E_INTERFACETYPE: put(b, e->u.iface.nmethods ? "interface{…}" : "interface{}"); break;
	case E_MAPTYPE: pf(b, "map[%e]%e", e->u.map.key, e->u.map.value); break;
	case E_ELLIPSIS: pf(b, "...%e", e->u.ellipsis.elem); break;
	case E_FUNCTYPE: {
		const Field *r = e->u.func.results;
		int nr = e->u.func.nresults;
		pf(b, "func(%f)", e->u.func.params, e->u.func.nparams);
		if (nr == 1 && r[0].nnames == 0)
			pf(b, " %e", r[0].type);
		else if (nr > 0)
			pf(b, " (%f)", r, nr);
		break;
	}
	case E_CHANTYPE: {
		const Expr *el = e->u.chan.elem;
		ChanDir dir = e->u.chan.dir;
		bool paren = dir != CHAN_RECV && el && el->kind == E_CHANTYPE &&
		             el->u.chan.dir == CHAN_RECV;
		pf(b, paren ? "%s(%e)" : "%s%e",
		   dir == CHAN_RECV   ? "<-chan "
		   : dir == CHAN_SEND ? "chan<- "
		                      : "chan ",
		   el);
		break;
	}
	}
}

const char *parser_expr_string(const Expr *e)
{
	Buf b = {{0}, 0};
	print_expr(&b, e);
	return arena_strdup(b.s);
}

/* One side of an assignment; a lone binary expression in parentheses to highlight the '='. */
static void print_side(Buf *b, Expr **v, int n, bool emphasize)
{
	if (emphasize && n == 1 && v[0]->kind == E_BINARY)
		pf(b, "(%e)", v[0]);
	else
		pf(b, "%l", v, n);
}

/* A simple statement as Go prints it in "cannot use ... as value". */
const char *parser_stmt_string(const Stmt *s)
{
	Buf b = {{0}, 0};
	switch (s->kind) {
	case S_ASSIGN: {
		bool plain = s->u.assign.op == T_ASSIGN;
		put(&b, plain ? "assignment " : "");
		print_side(&b, s->u.assign.lhs, s->u.assign.nlhs, plain);
		pf(&b, " %s ", token_text(s->u.assign.op));
		print_side(&b, s->u.assign.rhs, s->u.assign.nrhs, plain);
		break;
	}
	case S_INCDEC: pf(&b, "%e%s", s->u.incdec.x, token_text(s->u.incdec.op)); break;
	case S_SEND: pf(&b, "%e <- %e", s->u.send.chan, s->u.send.value); break;
	case S_TYPESWITCH: pf(&b, "%e := %e.(type)", s->u.tswitch.bindname, s->u.tswitch.x); break;
	default: put(&b, "statement"); break;
	}
	return arena_strdup(b.s);
}
