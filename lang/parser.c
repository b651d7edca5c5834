/*
 * parser.c - recursive descent over Go's grammar, producing the tree of lang/ast.h.
 *
 * The parser follows Go's own (cmd/compile/internal/syntax/parser.go) production by
 * production, so that its error messages and its recovery are Go's:
 *   1. One token of lookahead ('tok'). got(k) consumes k if present; want(k) also reports
 *      "syntax error: unexpected X, expected k" and skips a token when it is absent.
 *   2. A file is a package clause, then declarations; a parenthesised group of specs yields
 *      one Decl per spec sharing a group number. Const specs get their iota and, when they
 *      have neither type nor values, a fresh copy of the previous spec's expressions.
 *   3. Expressions: binary_expr climbs Go's five precedence levels; unary_expr handles prefix
 *      operators (re-associating "<-" with a channel type it turns out to precede); pexpr
 *      parses an operand then selectors, indices, slices, assertions, calls and composite
 *      literals. Types are parsed as expressions wherever Go allows a type in an expression.
 *   4. The composite literal ambiguity: in "if x == T{} {", the first '{' could open the
 *      body. 'xnest' is set to -1 while parsing a control clause header and raised inside
 *      any bracket; a '{' after a bare type name starts a literal only when xnest >= 0.
 *   5. Errors: syntax errors read "syntax error: unexpected X, expected Y" (X is "name x",
 *      "literal 1", "keyword func", "newline", "EOF", an operator, ...). After one, advance()
 *      skips to a token that can follow the production (inside functions also to a keyword
 *      that starts a statement), so several independent errors are reported in one run.
 *   6. Bailing out: when nesting exceeds MAX_DEPTH or diag has seen too many errors, the
 *      parser pretends the input ended. Every loop stops at EOF, so the parse unwinds at once.
 *   7. Go's short printer for expressions (parser_expr_string, in astprint.c), which
 *      messages here and in the checker use to quote source ("cannot use x = 1 as value").
 *
 * Invariants:
 *   - Every node gets the position of its first token; E_BINARY's op.oppos is the operator.
 *   - Every loop consumes at least one token per iteration or stops at EOF: no input hangs
 *     the parser, and recursion never goes deeper than MAX_DEPTH productions that nest.
 *   - No syntax error is reported at EOF once an error was reported (the EOF is then most
 *     likely a consequence of the first error).
 */
#include "parser.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "lexer.h"

#define MAX_DEPTH 1000

typedef struct Parser {
	Lexer lx;
	Token tok;        /* the current token */
	const char *file; /* for messages */
	int xnest;        /* expression nesting; < 0 in a control clause header (step 4) */
	int fnest;        /* function nesting: > 0 inside a function body */
	int depth;        /* nesting of recursive productions (step 6) */
	bool bailed;      /* the rest of the input is treated as EOF */
	int diag_base;    /* diag_count() when the parse began */
	int group;        /* the last group number handed out */
	Pos oppos;        /* operator of the last simple statement, where Go reports misuses */
	Decl **pending;   /* further decls of a grouped declaration statement (see decl_stmt) */
	int npending, cappending;
} Parser;

static Expr *expr(Parser *p);
static Expr *unary_expr(Parser *p);
static Expr *pexpr(Parser *p, Expr *x);
static Expr *type_or_nil(Parser *p);
static Expr *type_(Parser *p);
static Expr *func_type(Parser *p, const char *context, Pos pos, Field **tparams, int *ntparams);
static Expr *qualified_name(Parser *p, Expr *name);
static Stmt *block_stmt(Parser *p, const char *context);
static Stmt **stmt_list(Parser *p, int *n);
static Stmt *stmt_or_nil(Parser *p);
static Expr *complit_expr(Parser *p);

/* ---------------------------------------------------------------- tokens and errors */

static void next(Parser *p)
{
	if (!p->bailed && diag_too_many())
		p->bailed = true;
	if (p->bailed) {
		p->tok.kind = T_EOF;
		p->tok.lit = NULL;
		return;
	}
	lexer_next(&p->lx, &p->tok);
}

static bool got(Parser *p, TokenKind k)
{
	if (p->tok.kind == k) {
		next(p);
		return true;
	}
	return false;
}

static bool errors_seen(Parser *p)
{
	return diag_count() > p->diag_base || p->lx.nerrors > 0;
}

static void error_at(Parser *p, Pos pos, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
static void error_at(Parser *p, Pos pos, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	diag_error(p->file, pos, "%s", buf);
}

static bool is_literal_token(TokenKind k)
{
	return k >= T_INT && k <= T_STRING;
}

/* Go's spelling of a token kind in "expected ..." messages. */
static const char *tokstring(TokenKind k)
{
	switch (k) {
	case T_COMMA: return "comma";
	case T_SEMICOLON: return "semicolon or newline";
	case T_IDENT: return "name";
	default: return token_text(k);
	}
}

/* How the current token is named after "unexpected". */
static void describe_token(const Token *t, char *buf, size_t n)
{
	if (t->kind == T_IDENT)
		snprintf(buf, n, "name %s", t->lit);
	else if (t->kind == T_SEMICOLON)
		snprintf(buf, n, "%s", t->lit ? t->lit : "semicolon");
	else if (is_literal_token(t->kind))
		snprintf(buf, n, "literal %s", t->lit);
	else if (t->kind >= T_BREAK && t->kind <= T_VAR)
		snprintf(buf, n, "keyword %s", token_text(t->kind));
	else
		snprintf(buf, n, "%s", tokstring(t->kind));
}

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/*
 * Reports a syntax error at pos (printf-style). A message starting with "expected", "in",
 * "at" or "after" is appended to "unexpected X" (X the current token); any other message
 * stands alone.
 */
static void syntax_error_at(Parser *p, Pos pos, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
static void syntax_error_at(Parser *p, Pos pos, const char *fmt, ...)
{
	if (p->tok.kind == T_EOF && errors_seen(p))
		return; /* avoid meaningless follow-up errors */
	char msg[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	const char *sep;
	if (msg[0] == 0)
		sep = "";
	else if (has_prefix(msg, "in ") || has_prefix(msg, "at ") || has_prefix(msg, "after "))
		sep = " ";
	else if (has_prefix(msg, "expected "))
		sep = ", ";
	else {
		error_at(p, pos, "syntax error: %s", msg);
		return;
	}
	char tok[128];
	describe_token(&p->tok, tok, sizeof tok);
	error_at(p, pos, "syntax error: unexpected %s%s%s", tok, sep, msg);
}

/* A syntax error at the current token. */
#define syntax_error(p, ...) syntax_error_at((p), (p)->tok.pos, __VA_ARGS__)

/* Keywords that start a statement: good places to resume inside a function. */
static const bool stopset[T_COUNT] = {
        [T_BREAK] = 1,  [T_CONST] = 1,  [T_CONTINUE] = 1, [T_DEFER] = 1, [T_FALLTHROUGH] = 1,
        [T_FOR] = 1,    [T_GO] = 1,     [T_GOTO] = 1,     [T_IF] = 1,    [T_RETURN] = 1,
        [T_SELECT] = 1, [T_SWITCH] = 1, [T_TYPE] = 1,     [T_VAR] = 1,
};

/*
 * Skips tokens until one of the n given kinds (or, inside a function, a statement keyword)
 * is current. With n == 0 it skips exactly one token. Never skips EOF.
 */
static void advance(Parser *p, int n, ...)
{
	bool follow[T_COUNT] = {false};
	follow[T_EOF] = true;
	va_list ap;
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		follow[va_arg(ap, int)] = true;
	va_end(ap);
	while (!follow[p->tok.kind] && !(n > 0 && p->fnest > 0 && stopset[p->tok.kind])) {
		next(p);
		if (n == 0)
			break;
	}
}

static void want(Parser *p, TokenKind k)
{
	if (!got(p, k)) {
		syntax_error(p, "expected %s", tokstring(k));
		advance(p, 0);
	}
}

/* Like got(T_ASSIGN), but also accepts ":=" with a complaint. */
static bool got_assign(Parser *p)
{
	if (p->tok.kind == T_DEFINE)
		syntax_error(p, "expected =");
	if (p->tok.kind == T_DEFINE || p->tok.kind == T_ASSIGN) {
		next(p);
		return true;
	}
	return false;
}

/* Enters a production that may nest; false (with one error, then bailing out) past MAX_DEPTH. */
static bool enter(Parser *p)
{
	if (p->depth >= MAX_DEPTH) {
		if (!p->bailed) {
			error_at(p, p->tok.pos, "exceeded max nesting depth");
			p->bailed = true;
			p->tok.kind = T_EOF;
		}
		return false;
	}
	p->depth++;
	return true;
}

static void leave(Parser *p)
{
	p->depth--;
}

/* ---------------------------------------------------------------- node construction */

static Expr *new_expr(ExprKind kind, Pos pos)
{
	Expr *e = arena_alloc(sizeof *e);
	e->kind = kind;
	e->pos = pos;
	return e;
}

static Expr *bad_expr(Parser *p)
{
	return new_expr(E_BAD, p->tok.pos);
}

static Expr *new_ident(Pos pos, const char *name)
{
	Expr *e = new_expr(E_IDENT, pos);
	e->u.ident.name = name;
	return e;
}

static Expr *new_unary(ExprKind kind, TokenKind op, Pos pos, Expr *x)
{
	Expr *e = new_expr(kind, pos);
	if (kind == E_STAR) {
		e->u.star.x = x;
	} else {
		e->u.op.op = op;
		e->u.op.x = x;
		e->u.op.oppos = pos;
	}
	return e;
}

static Stmt *new_stmt(StmtKind kind, Pos pos)
{
	Stmt *s = arena_alloc(sizeof *s);
	s->kind = kind;
	s->pos = pos;
	return s;
}

static Decl *new_decl(DeclKind kind, Pos pos, int group)
{
	Decl *d = arena_alloc(sizeof *d);
	d->kind = kind;
	d->pos = pos;
	d->group = group;
	return d;
}

static Expr *unparen(Expr *x)
{
	while (x->kind == E_PAREN)
		x = x->u.paren.x;
	return x;
}

/* A deep copy of an expression tree (function literal bodies and field lists are shared):
 * each implicitly repeated const spec gets nodes of its own for the checker to annotate. */
static Expr *clone_expr(const Expr *e)
{
	if (!e)
		return NULL;
	Expr *c = arena_alloc(sizeof *c);
	*c = *e;
	switch (e->kind) {
	case E_COMPOSITE:
		c->u.composite.type = clone_expr(e->u.composite.type);
		c->u.composite.elts =
		        arena_alloc(sizeof(Expr *) * (size_t)(e->u.composite.nelts + 1));
		for (int i = 0; i < e->u.composite.nelts; i++)
			c->u.composite.elts[i] = clone_expr(e->u.composite.elts[i]);
		break;
	case E_PAREN: c->u.paren.x = clone_expr(e->u.paren.x); break;
	case E_SELECTOR: c->u.sel.x = clone_expr(e->u.sel.x); break;
	case E_INDEX:
		c->u.index.x = clone_expr(e->u.index.x);
		c->u.index.index = clone_expr(e->u.index.index);
		break;
	case E_SLICE:
		c->u.slice.x = clone_expr(e->u.slice.x);
		c->u.slice.lo = clone_expr(e->u.slice.lo);
		c->u.slice.hi = clone_expr(e->u.slice.hi);
		c->u.slice.max = clone_expr(e->u.slice.max);
		break;
	case E_TYPEASSERT:
		c->u.assert.x = clone_expr(e->u.assert.x);
		c->u.assert.type = clone_expr(e->u.assert.type);
		break;
	case E_CALL:
		c->u.call.fun = clone_expr(e->u.call.fun);
		c->u.call.args = arena_alloc(sizeof(Expr *) * (size_t)(e->u.call.nargs + 1));
		for (int i = 0; i < e->u.call.nargs; i++)
			c->u.call.args[i] = clone_expr(e->u.call.args[i]);
		break;
	case E_STAR: c->u.star.x = clone_expr(e->u.star.x); break;
	case E_UNARY:
	case E_BINARY:
		c->u.op.x = clone_expr(e->u.op.x);
		c->u.op.y = clone_expr(e->u.op.y);
		break;
	case E_KEYVALUE:
		c->u.kv.key = clone_expr(e->u.kv.key);
		c->u.kv.value = clone_expr(e->u.kv.value);
		break;
	case E_ARRAYTYPE:
		c->u.array.len = clone_expr(e->u.array.len);
		c->u.array.elem = clone_expr(e->u.array.elem);
		break;
	case E_MAPTYPE:
		c->u.map.key = clone_expr(e->u.map.key);
		c->u.map.value = clone_expr(e->u.map.value);
		break;
	case E_CHANTYPE: c->u.chan.elem = clone_expr(e->u.chan.elem); break;
	case E_ELLIPSIS: c->u.ellipsis.elem = clone_expr(e->u.ellipsis.elem); break;
	default: break;
	}
	return c;
}

/* ---------------------------------------------------------------- common productions */

/* A parenthesised or bracketed list: [ f { sep f } [sep] ] close. f returns true to end the
 * list early (after "..." in an argument list). Returns the position of the closing token. */
typedef bool (*ListElem)(Parser *p, void *ctx);

static Pos parse_list(Parser *p, const char *context, TokenKind sep, TokenKind close, ListElem f,
                      void *ctx)
{
	bool done = false;
	while (p->tok.kind != T_EOF && p->tok.kind != close && !done) {
		done = f(p, ctx);
		if (!got(p, sep) && p->tok.kind != close) {
			syntax_error(p, "in %s; possibly missing %s or %s", context, tokstring(sep),
			             tokstring(close));
			advance(p, 3, T_RPAREN, T_RBRACK, T_RBRACE);
			if (p->tok.kind != close)
				return p->tok.pos;
		}
	}
	Pos pos = p->tok.pos;
	want(p, close);
	return pos;
}

static Expr *name(Parser *p)
{
	if (p->tok.kind == T_IDENT) {
		Expr *n = new_ident(p->tok.pos, p->tok.lit);
		next(p);
		return n;
	}
	Expr *n = new_ident(p->tok.pos, intern_cstr("_"));
	syntax_error(p, "expected name");
	advance(p, 0);
	return n;
}

/* IdentifierList = identifier { "," identifier }, the first one given. */
static Expr **name_list(Parser *p, Expr *first, int *n)
{
	Expr **v = NULL;
	int cap = 0;
	*n = 0;
	VEC_PUSH(v, *n, cap, first);
	while (got(p, T_COMMA))
		VEC_PUSH(v, *n, cap, name(p));
	return v;
}

/* ExpressionList = Expression { "," Expression }. */
static Expr **expr_list(Parser *p, int *n)
{
	Expr **v = NULL;
	int cap = 0;
	*n = 0;
	VEC_PUSH(v, *n, cap, expr(p));
	while (got(p, T_COMMA))
		VEC_PUSH(v, *n, cap, expr(p));
	return v;
}

/* A non-empty list of types (or, unless strict, a first expression) in brackets: type
 * arguments or an index. Only the first element is kept (the tree has room for one index;
 * a list is a generic instantiation, which the checker rejects). *comma: a comma was seen. */
static Expr *type_list(Parser *p, bool strict, bool *comma)
{
	p->xnest++;
	Expr *x = strict ? type_(p) : expr(p);
	*comma = false;
	if (got(p, T_COMMA)) {
		*comma = true;
		Expr *t = type_or_nil(p);
		while (t && got(p, T_COMMA))
			t = type_or_nil(p);
	}
	p->xnest--;
	return x;
}

/* ---------------------------------------------------------------- expressions */

/* Go's five levels of binary operator precedence; 0 for tokens that are not binary operators. */
static const int precedence[T_COUNT] = {
        [T_LOR] = 1, [T_LAND] = 2, [T_EQL] = 3, [T_NEQ] = 3,     [T_LSS] = 3,
        [T_LEQ] = 3, [T_GTR] = 3,  [T_GEQ] = 3, [T_ADD] = 4,     [T_SUB] = 4,
        [T_OR] = 4,  [T_XOR] = 4,  [T_MUL] = 5, [T_QUO] = 5,     [T_REM] = 5,
        [T_SHL] = 5, [T_SHR] = 5,  [T_AND] = 5, [T_AND_NOT] = 5,
};

/* Expression = UnaryExpr | Expression binary_op Expression. */
static Expr *binary_expr(Parser *p, Expr *x, int prec)
{
	if (!x)
		x = unary_expr(p);
	int tprec;
	while ((tprec = precedence[p->tok.kind]) > prec) {
		Expr *b = new_expr(E_BINARY, x->pos);
		b->u.op.op = p->tok.kind;
		b->u.op.oppos = p->tok.pos;
		next(p);
		b->u.op.x = x;
		b->u.op.y = binary_expr(p, NULL, tprec);
		x = b;
	}
	return x;
}

static Expr *expr(Parser *p)
{
	return binary_expr(p, NULL, 0);
}

/*
 * "<-" followed by a channel type is itself a channel type: <-chan E, or <-chan (<-chan E)
 * for "<-chan <-chan E". Re-associate the arrow with the type parsed after it.
 */
static Expr *recv_chan_type(Parser *p, Pos arrow, Expr *x)
{
	ChanDir dir = CHAN_SEND;
	Expr *t = x;
	while (dir == CHAN_SEND) {
		if (t->kind != E_CHANTYPE)
			break;
		dir = t->u.chan.dir;
		if (dir == CHAN_RECV) {
			/* t is <-chan E, but <-<-chan E is not permitted */
			syntax_error(p, "unexpected <-, expected chan");
		}
		t->u.chan.dir = CHAN_RECV;
		t = t->u.chan.elem;
	}
	if (dir == CHAN_SEND) {
		/* the element of a send-only channel after <- is not a channel */
		syntax_error(p, "unexpected %s, expected chan", parser_expr_string(t));
	}
	x->pos = arrow;
	return x;
}

/* UnaryExpr = PrimaryExpr | unary_op UnaryExpr. */
static Expr *unary_expr(Parser *p)
{
	if (!enter(p))
		return bad_expr(p);
	Expr *x;
	Pos pos = p->tok.pos;
	TokenKind op = p->tok.kind;
	switch (op) {
	case T_MUL:
		next(p);
		x = new_unary(E_STAR, op, pos, unary_expr(p));
		break;
	case T_ADD:
	case T_SUB:
	case T_NOT:
	case T_XOR:
	case T_TILDE:
		next(p);
		x = new_unary(E_UNARY, op, pos, unary_expr(p));
		break;
	case T_AND:
		next(p);
		/* &(T{}) is &T{}: drop the parentheses, as Go does */
		x = new_unary(E_UNARY, op, pos, unparen(unary_expr(p)));
		break;
	case T_ARROW: {
		/* A receive (<-x) or a receive-only channel type (<-chan E): only the end of
		 * the operand tells which. */
		next(p);
		Expr *y = unary_expr(p);
		if (y->kind == E_CHANTYPE)
			x = recv_chan_type(p, pos, y);
		else
			x = new_unary(E_UNARY, op, pos, y);
		break;
	}
	default: x = pexpr(p, NULL);
	}
	leave(p);
	return x;
}

static Expr *basic_lit(Parser *p)
{
	Expr *e = new_expr(E_BASICLIT, p->tok.pos);
	e->u.lit.kind = p->tok.kind;
	e->u.lit.text = p->tok.lit;
	next(p);
	return e;
}

static Stmt *func_body(Parser *p)
{
	p->fnest++;
	Stmt *body = block_stmt(p, "");
	p->fnest--;
	return body;
}

/* Operand = Literal | OperandName | "(" Expression ")" | FunctionLit | a type literal. */
static Expr *operand(Parser *p)
{
	Pos pos = p->tok.pos;
	if (is_literal_token(p->tok.kind))
		return basic_lit(p);
	switch (p->tok.kind) {
	case T_IDENT: return name(p);
	case T_LPAREN: {
		next(p);
		p->xnest++;
		Expr *x = new_expr(E_PAREN, pos);
		x->u.paren.x = expr(p);
		p->xnest--;
		want(p, T_RPAREN);
		return x;
	}
	case T_FUNC: {
		next(p);
		Expr *ftyp = func_type(p, "function type", pos, NULL, NULL);
		if (p->tok.kind != T_LBRACE)
			return ftyp;
		p->xnest++;
		Expr *f = new_expr(E_FUNCLIT, pos);
		f->u.funclit.type = ftyp;
		f->u.funclit.body = func_body(p);
		p->xnest--;
		return f;
	}
	case T_LBRACK:
	case T_CHAN:
	case T_MAP:
	case T_STRUCT:
	case T_INTERFACE: return type_(p);
	default: {
		Expr *x = bad_expr(p);
		syntax_error(p, "expected expression");
		advance(p, 3, T_RPAREN, T_RBRACK, T_RBRACE);
		return x;
	}
	}
}

/* Whether x can only be a value, never a type (Go's isValue). */
static bool is_value(const Expr *x)
{
	switch (x->kind) {
	case E_BASICLIT:
	case E_COMPOSITE:
	case E_FUNCLIT:
	case E_SLICE:
	case E_TYPEASSERT:
	case E_CALL:
	case E_UNARY:
	case E_BINARY: return true;
	case E_PAREN: return is_value(x->u.paren.x);
	case E_INDEX: return is_value(x->u.index.x) || is_value(x->u.index.index);
	default: return false;
	}
}

typedef struct ArgCtx {
	Expr **args;
	int nargs, cap;
	bool dots;
} ArgCtx;

static bool arg_elem(Parser *p, void *ctx)
{
	ArgCtx *a = ctx;
	VEC_PUSH(a->args, a->nargs, a->cap, expr(p));
	a->dots = got(p, T_ELLIPSIS);
	return a->dots;
}

/* x[...: index, instantiation or slice; '[' is current. */
static Expr *index_or_slice(Parser *p, Expr *x)
{
	Pos lbrack = p->tok.pos;
	next(p);
	Expr *i = NULL;
	if (p->tok.kind != T_COLON) {
		bool comma = false;
		if (p->tok.kind == T_RBRACK) {
			/* x[]: accept but complain */
			syntax_error(p, "expected operand");
			i = bad_expr(p);
		} else {
			i = type_list(p, false, &comma);
		}
		if (comma || p->tok.kind == T_RBRACK) {
			want(p, T_RBRACK);
			Expr *t = new_expr(E_INDEX, x->pos);
			t->u.index.lbrack = lbrack;
			t->u.index.x = x;
			t->u.index.index = i;
			return t;
		}
	}
	if (!got(p, T_COLON)) {
		syntax_error(p, "expected comma, : or ]");
		advance(p, 3, T_COMMA, T_COLON, T_RBRACK);
	}
	p->xnest++;
	Expr *t = new_expr(E_SLICE, x->pos);
	t->u.slice.lbrack = lbrack;
	t->u.slice.x = x;
	t->u.slice.lo = i;
	if (p->tok.kind != T_COLON && p->tok.kind != T_RBRACK)
		t->u.slice.hi = expr(p);
	if (p->tok.kind == T_COLON) {
		t->u.slice.three = true;
		if (!t->u.slice.hi) {
			error_at(p, p->tok.pos, "middle index required in 3-index slice");
			t->u.slice.hi = bad_expr(p);
		}
		next(p);
		if (p->tok.kind != T_RBRACK) {
			t->u.slice.max = expr(p);
		} else {
			error_at(p, p->tok.pos, "final index required in 3-index slice");
			t->u.slice.max = bad_expr(p);
		}
	}
	p->xnest--;
	want(p, T_RBRACK);
	return t;
}

/* Whether a '{' after x opens a composite literal (step 4 of the file comment). */
static bool complit_ok(Parser *p, const Expr *x)
{
	const Expr *t = unparen((Expr *)x);
	switch (t->kind) {
	case E_IDENT:
	case E_SELECTOR: return p->xnest >= 0;
	case E_INDEX: return p->xnest >= 0 && !is_value(t);
	case E_ARRAYTYPE:
	case E_STRUCTTYPE:
	case E_MAPTYPE: return true;
	default: return false;
	}
}

/* PrimaryExpr: an operand (or x, when given) followed by selectors, indices, slices, type
 * assertions, calls and composite literal values. */
static Expr *pexpr(Parser *p, Expr *x)
{
	if (!x)
		x = operand(p);
	for (;;) {
		switch (p->tok.kind) {
		case T_PERIOD:
			next(p);
			if (p->tok.kind == T_IDENT) {
				Expr *t = new_expr(E_SELECTOR, x->pos);
				t->u.sel.x = x;
				t->u.sel.name = p->tok.lit;
				t->u.sel.namepos = p->tok.pos;
				next(p);
				x = t;
			} else if (p->tok.kind == T_LPAREN) {
				next(p);
				Expr *t = new_expr(E_TYPEASSERT, x->pos);
				t->u.assert.x = x;
				if (!got(p, T_TYPE))
					t->u.assert.type = type_(p);
				want(p, T_RPAREN);
				x = t;
			} else {
				syntax_error(p, "expected name or (");
				advance(p, 2, T_SEMICOLON, T_RPAREN);
			}
			break;
		case T_LBRACK: x = index_or_slice(p, x); break;
		case T_LPAREN: {
			Pos lparen = p->tok.pos;
			next(p);
			ArgCtx a = {NULL, 0, 0, false};
			p->xnest++;
			Pos rparen =
			        parse_list(p, "argument list", T_COMMA, T_RPAREN, arg_elem, &a);
			p->xnest--;
			Expr *t = new_expr(E_CALL, x->pos);
			t->u.call.fun = x;
			t->u.call.args = a.args;
			t->u.call.nargs = a.nargs;
			t->u.call.has_ellipsis = a.dots;
			t->u.call.rparen = rparen;
			t->u.call.lparen = lparen;
			x = t;
			break;
		}
		case T_LBRACE: {
			if (!complit_ok(p, x))
				return x;
			if (unparen(x) != x)
				syntax_error(p, "cannot parenthesize type in composite literal");
			Expr *n = complit_expr(p);
			n->u.composite.type = x;
			n->pos = x->pos;
			x = n;
			break;
		}
		default: return x;
		}
	}
}

/* Element = Expression | LiteralValue. */
static Expr *bare_complit_expr(Parser *p)
{
	if (p->tok.kind == T_LBRACE)
		return complit_expr(p); /* an elided type: {...} inside a literal */
	return expr(p);
}

typedef struct EltCtx {
	Expr **elts;
	int n, cap;
} EltCtx;

static bool complit_elem(Parser *p, void *ctx)
{
	EltCtx *c = ctx;
	Expr *e = bare_complit_expr(p);
	if (p->tok.kind == T_COLON) {
		Expr *kv = new_expr(E_KEYVALUE, e->pos);
		next(p);
		kv->u.kv.key = e;
		kv->u.kv.value = bare_complit_expr(p);
		e = kv;
	}
	VEC_PUSH(c->elts, c->n, c->cap, e);
	return false;
}

/* LiteralValue = "{" [ ElementList [ "," ] ] "}". The caller fills in the type. */
static Expr *complit_expr(Parser *p)
{
	Expr *x = new_expr(E_COMPOSITE, p->tok.pos);
	x->u.composite.lbrace = p->tok.pos;
	if (!enter(p))
		return x;
	EltCtx c = {NULL, 0, 0};
	p->xnest++;
	want(p, T_LBRACE);
	x->u.composite.rbrace =
	        parse_list(p, "composite literal", T_COMMA, T_RBRACE, complit_elem, &c);
	p->xnest--;
	x->u.composite.elts = c.elts;
	x->u.composite.nelts = c.n;
	leave(p);
	return x;
}

/* ---------------------------------------------------------------- types */

static Expr *type_(Parser *p)
{
	Expr *t = type_or_nil(p);
	if (!t) {
		t = bad_expr(p);
		syntax_error(p, "expected type");
		advance(p, 6, T_COMMA, T_COLON, T_SEMICOLON, T_RPAREN, T_RBRACK, T_RBRACE);
	}
	return t;
}

static Expr *chan_elem(Parser *p)
{
	Expr *t = type_or_nil(p);
	if (!t) {
		t = bad_expr(p);
		syntax_error(p, "missing channel element type");
		/* assume the element type is simply absent: don't advance */
	}
	return t;
}

/* "[" is consumed and at pos; len, when given, is the already parsed length. */
static Expr *array_type(Parser *p, Pos pos, Expr *len)
{
	if (!len) {
		if (p->tok.kind == T_ELLIPSIS) {
			len = new_expr(E_ELLIPSISLEN, p->tok.pos);
			next(p);
		} else {
			p->xnest++;
			len = expr(p);
			p->xnest--;
		}
	}
	if (p->tok.kind == T_COMMA) {
		/* trailing commas are accepted in type parameter lists, not in array types */
		syntax_error(p, "unexpected comma; expected ]");
		next(p);
	}
	want(p, T_RBRACK);
	Expr *t = new_expr(E_ARRAYTYPE, pos);
	t->u.array.len = len;
	t->u.array.elem = type_(p);
	return t;
}

/* "[" and "]" are consumed; pos is the "[". */
static Expr *slice_type(Parser *p, Pos pos)
{
	Expr *t = new_expr(E_ARRAYTYPE, pos);
	t->u.array.elem = type_(p);
	return t;
}

/* ---- struct and interface types */

typedef struct FieldCtx {
	Field *v;
	int n, cap;
} FieldCtx;

static void add_field(FieldCtx *c, Pos pos, Expr **names, int nnames, Expr *type, const char *tag)
{
	Field f = {pos, names, nnames, type, tag};
	VEC_PUSH(c->v, c->n, c->cap, f);
}

static const char *oliteral(Parser *p)
{
	if (is_literal_token(p->tok.kind)) {
		const char *s = p->tok.lit;
		next(p);
		return s;
	}
	return NULL;
}

static Expr *array_or_targs(Parser *p);

/* FieldDecl = (IdentifierList Type | EmbeddedField) [ Tag ]. */
static bool field_decl(Parser *p, void *ctx)
{
	FieldCtx *c = ctx;
	Pos pos = p->tok.pos;
	switch (p->tok.kind) {
	case T_IDENT: {
		Expr *nm = name(p);
		TokenKind k = p->tok.kind;
		if (k == T_PERIOD || is_literal_token(k) || k == T_SEMICOLON || k == T_RBRACE) {
			/* embedded type */
			Expr *typ = qualified_name(p, nm);
			add_field(c, pos, NULL, 0, typ, oliteral(p));
			break;
		}
		int n;
		Expr **names = name_list(p, nm, &n);
		Expr *typ;
		if (n == 1 && p->tok.kind == T_LBRACK) {
			/* an embedded instantiated type T[P] or a field T of array/slice type */
			typ = array_or_targs(p);
			if (typ->kind == E_INDEX) {
				typ->u.index.x = nm;
				typ->pos = nm->pos;
				add_field(c, pos, NULL, 0, typ, oliteral(p));
				break;
			}
		} else {
			typ = type_(p);
		}
		add_field(c, pos, names, n, typ, oliteral(p));
		break;
	}
	case T_MUL:
	case T_LPAREN: {
		/* *T, or the invalid (T), *(T) and (*T): embedded types take no parentheses */
		bool star = got(p, T_MUL);
		if (p->tok.kind == T_LPAREN)
			syntax_error(p, "cannot parenthesize embedded type");
		Expr *typ = type_(p);
		add_field(c, pos, NULL, 0, star ? new_unary(E_STAR, T_MUL, pos, typ) : typ,
		          oliteral(p));
		break;
	}
	default:
		syntax_error(p, "expected field name or embedded type");
		advance(p, 2, T_SEMICOLON, T_RBRACE);
	}
	return false;
}

/* StructType = "struct" "{" { FieldDecl ";" } "}". */
static Expr *struct_type(Parser *p)
{
	Expr *t = new_expr(E_STRUCTTYPE, p->tok.pos);
	want(p, T_STRUCT);
	want(p, T_LBRACE);
	FieldCtx c = {NULL, 0, 0};
	parse_list(p, "struct type", T_SEMICOLON, T_RBRACE, field_decl, &c);
	t->u.strct.fields = c.v;
	t->u.strct.nfields = c.n;
	return t;
}

/* EmbeddedTerm = [ "~" ] Type. */
static Expr *embedded_term(Parser *p)
{
	if (p->tok.kind == T_TILDE) {
		Pos pos = p->tok.pos;
		next(p);
		return new_unary(E_UNARY, T_TILDE, pos, type_(p));
	}
	Expr *t = type_or_nil(p);
	if (!t) {
		t = bad_expr(p);
		syntax_error(p, "expected ~ term or type");
		advance(p, 5, T_OR, T_SEMICOLON, T_RPAREN, T_RBRACK, T_RBRACE);
	}
	return t;
}

/* EmbeddedElem = EmbeddedTerm { "|" EmbeddedTerm }, the first term given or not. */
static Expr *embedded_elem(Parser *p, Expr *first)
{
	Expr *x = first ? first : embedded_term(p);
	while (p->tok.kind == T_OR) {
		Expr *b = new_expr(E_BINARY, x->pos);
		b->u.op.op = T_OR;
		b->u.op.oppos = p->tok.pos;
		next(p);
		b->u.op.x = x;
		b->u.op.y = embedded_term(p);
		x = b;
	}
	return x;
}

typedef struct ParList {
	Field *v;
	int n;
} ParList;

static ParList param_list(Parser *p, Expr *name0, Expr *typ0, TokenKind close, bool require_names);

/* MethodSpec = MethodName Signature | InterfaceTypeName, and type set elements. */
static bool interface_elem(Parser *p, void *ctx)
{
	FieldCtx *c = ctx;
	Pos pos = p->tok.pos;
	if (p->tok.kind != T_IDENT) {
		add_field(c, pos, NULL, 0, embedded_elem(p, NULL), NULL);
		return false;
	}
	Expr *nm = name(p);
	if (p->tok.kind == T_LPAREN) {
		Expr **names = arena_alloc(sizeof *names);
		names[0] = nm;
		add_field(c, pos, names, 1, func_type(p, "interface method", pos, NULL, NULL),
		          NULL);
		return false;
	}
	/* an embedded interface, possibly instantiated (I[T]), or the first term of a type set */
	add_field(c, pos, NULL, 0, embedded_elem(p, qualified_name(p, nm)), NULL);
	return false;
}

/* InterfaceType = "interface" "{" { ( MethodSpec | EmbeddedElem ) ";" } "}". */
static Expr *interface_type(Parser *p)
{
	Expr *t = new_expr(E_INTERFACETYPE, p->tok.pos);
	want(p, T_INTERFACE);
	want(p, T_LBRACE);
	FieldCtx c = {NULL, 0, 0};
	parse_list(p, "interface type", T_SEMICOLON, T_RBRACE, interface_elem, &c);
	t->u.iface.methods = c.v;
	t->u.iface.nmethods = c.n;
	return t;
}

/* ---- parameters */

typedef struct Par {
	Pos pos;
	Expr *name; /* E_IDENT or NULL */
	Expr *type; /* NULL when only a name was seen */
} Par;

/* x [n]E (an array type) or x[A, B] (type arguments, returned as E_INDEX whose x the caller
 * sets). '[' is current. */
static Expr *array_or_targs(Parser *p)
{
	Pos pos = p->tok.pos;
	want(p, T_LBRACK);
	if (got(p, T_RBRACK))
		return slice_type(p, pos);
	bool comma;
	Expr *n = type_list(p, false, &comma);
	want(p, T_RBRACK);
	if (!comma) {
		Expr *elem = type_or_nil(p);
		if (elem) {
			Expr *t = new_expr(E_ARRAYTYPE, pos);
			t->u.array.len = n;
			t->u.array.elem = elem;
			return t;
		}
	}
	Expr *t = new_expr(E_INDEX, pos);
	t->u.index.index = n;
	return t;
}

/* ParameterDecl = [ IdentifierList ] [ "..." ] Type, one name at a time. Returns false when
 * nothing was found (an error was reported). */
static bool param_decl(Parser *p, Expr *nm, TokenKind follow, Par *par)
{
	bool typesets = follow == T_RBRACK; /* type set notation is ok in type parameter lists */
	par->pos = nm ? nm->pos : p->tok.pos;
	par->name = NULL;
	par->type = NULL;
	if (!nm && typesets && p->tok.kind == T_TILDE) {
		par->type = embedded_elem(p, NULL);
		return true;
	}
	if (p->tok.kind == T_IDENT || nm) {
		if (!nm)
			nm = name(p);
		if (p->tok.kind == T_LBRACK) {
			Expr *t = array_or_targs(p);
			if (t->kind == E_INDEX) {
				t->u.index.x = nm;
				t->pos = nm->pos;
			} else {
				par->name = nm;
			}
			par->type = typesets && p->tok.kind == T_OR ? embedded_elem(p, t) : t;
			return true;
		}
		if (p->tok.kind == T_PERIOD) {
			Expr *t = qualified_name(p, nm);
			par->type = typesets && p->tok.kind == T_OR ? embedded_elem(p, t) : t;
			return true;
		}
		if (typesets && p->tok.kind == T_OR) {
			par->type = embedded_elem(p, nm);
			return true;
		}
		par->name = nm;
	}
	if (p->tok.kind == T_ELLIPSIS) {
		Expr *t = new_expr(E_ELLIPSIS, p->tok.pos);
		next(p);
		t->u.ellipsis.elem = type_or_nil(p);
		if (!t->u.ellipsis.elem) {
			t->u.ellipsis.elem = bad_expr(p);
			syntax_error(p, "... is missing type");
		}
		par->type = t;
		return true;
	}
	if (typesets && p->tok.kind == T_TILDE) {
		par->type = embedded_elem(p, NULL);
		return true;
	}
	par->type = type_or_nil(p);
	if (typesets && p->tok.kind == T_OR && par->type)
		par->type = embedded_elem(p, par->type);
	if (par->name || par->type)
		return true;
	syntax_error(p, "expected %s", tokstring(follow));
	advance(p, 2, T_COMMA, follow);
	return false;
}

typedef struct ParCtx {
	Par *v;
	int n, cap;
	Expr *name0, *typ0; /* an already parsed first name (and type) */
	TokenKind close;
	int named, typed;
} ParCtx;

static bool param_elem(Parser *p, void *ctx)
{
	ParCtx *c = ctx;
	Par par;
	bool have;
	if (c->typ0) {
		par = (Par){c->name0->pos, c->name0, c->typ0};
		have = true;
	} else {
		have = param_decl(p, c->name0, c->close, &par);
	}
	c->name0 = c->typ0 = NULL;
	if (have) {
		if (par.name && par.type)
			c->named++;
		if (par.type)
			c->typed++;
		VEC_PUSH(c->v, c->n, c->cap, par);
	}
	return false;
}

/*
 * Parameters = "(" [ ParameterList [ "," ] ] ")", or a type parameter list in brackets; the
 * opening token is consumed. name0 (and typ0) are an already parsed first parameter.
 * Either all parameters have names or none has; consecutive names sharing one type
 * ("a, b int") become one Field.
 */
static ParList param_list(Parser *p, Expr *name0, Expr *typ0, TokenKind close, bool require_names)
{
	ParCtx c = {NULL, 0, 0, name0, typ0, close, 0, 0};
	Pos end;
	if (name0 && typ0 && p->tok.kind == close) {
		end = p->tok.pos;
		next(p);
		param_elem(p, &c);
	} else {
		end = parse_list(p, "parameter list", T_COMMA, close, param_elem, &c);
	}
	ParList out = {NULL, 0};
	if (c.n == 0)
		return out;

	if (c.named == 0 && !require_names) {
		/* all unnamed: the names seen are type names */
		for (int i = 0; i < c.n; i++) {
			if (c.v[i].name) {
				c.v[i].type = c.v[i].name;
				c.v[i].name = NULL;
			}
		}
	} else if (c.named != c.n) {
		/* some named: all must be; distribute types from right to left */
		bool err = false;
		Pos errpos = {0, 0};
		Expr *typ = NULL;
		for (int i = c.n - 1; i >= 0; i--) {
			Par *par = &c.v[i];
			if (par->type) {
				typ = par->type;
				if (!par->name) {
					err = true;
					errpos = typ->pos;
					par->name = new_ident(errpos, intern_cstr("_"));
				}
			} else if (typ) {
				par->type = typ;
			} else {
				err = true;
				errpos = par->name->pos;
				par->type = new_expr(E_BAD, errpos);
			}
		}
		if (err) {
			const char *msg = "mixed named and unnamed parameters";
			if (require_names) {
				if (c.named == c.typed) {
					errpos = end;
					msg = "missing type constraint";
				} else {
					msg = c.n == 1 ? "missing type parameter name or invalid "
					                 "array length"
					               : "missing type parameter name";
				}
			}
			syntax_error_at(p, errpos, "%s", msg);
		}
	}

	int cap = 0;
	for (int i = 0; i < c.n;) {
		Par *par = &c.v[i];
		Field f = {par->pos, NULL, 0, par->type, NULL};
		int ncap = 0;
		if (par->name) {
			do {
				VEC_PUSH(f.names, f.nnames, ncap, c.v[i].name);
				i++;
			} while (i < c.n && c.v[i].name && c.v[i].type == par->type);
		} else {
			i++;
		}
		VEC_PUSH(out.v, out.n, cap, f);
	}
	return out;
}

/* Result = Parameters | Type. */
static void func_result(Parser *p, Field **results, int *n)
{
	*results = NULL;
	*n = 0;
	if (got(p, T_LPAREN)) {
		ParList l = param_list(p, NULL, NULL, T_RPAREN, false);
		*results = l.v;
		*n = l.n;
		return;
	}
	Pos pos = p->tok.pos;
	Expr *t = type_or_nil(p);
	if (t) {
		Field *f = arena_alloc(sizeof *f);
		f->pos = pos;
		f->type = t;
		*results = f;
		*n = 1;
	}
}

/*
 * Signature, with optional type parameters first. A non-empty context ("method", "function
 * type", "interface method") means type parameters are not permitted there; tparams may then
 * be NULL.
 */
static Expr *func_type(Parser *p, const char *context, Pos pos, Field **tparams, int *ntparams)
{
	Expr *t = new_expr(E_FUNCTYPE, pos);
	if (tparams) {
		*tparams = NULL;
		*ntparams = 0;
	}
	if (got(p, T_LBRACK)) {
		if (context[0])
			syntax_error_at(p, pos, "%s must have no type parameters", context);
		if (p->tok.kind == T_RBRACK) {
			syntax_error(p, "empty type parameter list");
			next(p);
		} else {
			ParList l = param_list(p, NULL, NULL, T_RBRACK, true);
			if (tparams) {
				*tparams = l.v;
				*ntparams = l.n;
			}
		}
	}
	want(p, T_LPAREN);
	ParList l = param_list(p, NULL, NULL, T_RPAREN, false);
	t->u.func.params = l.v;
	t->u.func.nparams = l.n;
	func_result(p, &t->u.func.results, &t->u.func.nresults);
	return t;
}

/* TypeName [ TypeArgs ], the first name given or not. */
static Expr *qualified_name(Parser *p, Expr *nm)
{
	Expr *x;
	if (nm) {
		x = nm;
	} else if (p->tok.kind == T_IDENT) {
		x = name(p);
	} else {
		x = new_ident(p->tok.pos, intern_cstr("_"));
		syntax_error(p, "expected name");
		advance(p, 3, T_PERIOD, T_SEMICOLON, T_RBRACE);
	}
	if (p->tok.kind == T_PERIOD) {
		next(p);
		Expr *s = new_expr(E_SELECTOR, x->pos);
		s->u.sel.x = x;
		s->u.sel.namepos = p->tok.pos;
		s->u.sel.name = name(p)->u.ident.name;
		x = s;
	}
	if (p->tok.kind == T_LBRACK) {
		/* type arguments: a generic instantiation, rejected by the checker */
		Pos lpos = p->tok.pos;
		next(p);
		Expr *t = new_expr(E_INDEX, x->pos);
		t->u.index.x = x;
		if (p->tok.kind == T_RBRACK) {
			syntax_error(p, "expected type argument list");
			t->u.index.index = new_expr(E_BAD, lpos);
		} else {
			bool comma;
			t->u.index.index = type_list(p, true, &comma);
		}
		want(p, T_RBRACK);
		x = t;
	}
	return x;
}

/*
 * Type = TypeName | TypeLit | "(" Type ")". Returns NULL, without a message, when no type
 * starts here.
 */
static Expr *type_or_nil(Parser *p)
{
	Pos pos = p->tok.pos;
	Expr *t = NULL;
	if (!enter(p))
		return new_expr(E_BAD, pos);
	switch (p->tok.kind) {
	case T_MUL:
		next(p);
		t = new_unary(E_STAR, T_MUL, pos, type_(p));
		break;
	case T_ARROW:
		next(p);
		want(p, T_CHAN);
		t = new_expr(E_CHANTYPE, pos);
		t->u.chan.dir = CHAN_RECV;
		t->u.chan.elem = chan_elem(p);
		break;
	case T_FUNC:
		next(p);
		t = func_type(p, "function type", pos, NULL, NULL);
		break;
	case T_LBRACK:
		next(p);
		t = got(p, T_RBRACK) ? slice_type(p, pos) : array_type(p, pos, NULL);
		break;
	case T_CHAN:
		next(p);
		t = new_expr(E_CHANTYPE, pos);
		t->u.chan.dir = got(p, T_ARROW) ? CHAN_SEND : CHAN_BOTH;
		t->u.chan.elem = chan_elem(p);
		break;
	case T_MAP:
		next(p);
		want(p, T_LBRACK);
		t = new_expr(E_MAPTYPE, pos);
		t->u.map.key = type_(p);
		want(p, T_RBRACK);
		t->u.map.value = type_(p);
		break;
	case T_STRUCT: t = struct_type(p); break;
	case T_INTERFACE: t = interface_type(p); break;
	case T_IDENT: t = qualified_name(p, NULL); break;
	case T_LPAREN:
		next(p);
		t = new_expr(E_PAREN, pos);
		t->u.paren.x = type_(p);
		want(p, T_RPAREN);
		break;
	default: break;
	}
	leave(p);
	return t;
}

/* ---------------------------------------------------------------- statements */

static Stmt *new_expr_stmt(Expr *x)
{
	Stmt *s = new_stmt(S_EXPR, x->pos);
	s->u.expr.x = x;
	return s;
}

/* The range clause of a for statement; "range" is current and lhs holds 0 to 2 names. */
static Stmt *range_clause(Parser *p, Expr **lhs, int nlhs, bool define)
{
	Stmt *s = new_stmt(S_RANGE, nlhs > 0 ? lhs[0]->pos : p->tok.pos);
	next(p);
	if (nlhs > 0)
		s->u.range.key = lhs[0];
	if (nlhs > 1)
		s->u.range.value = lhs[1];
	if (nlhs > 2)
		error_at(p, lhs[2]->pos, "range clause permits at most two iteration variables");
	s->u.range.define = define;
	s->u.range.x = expr(p);
	return s;
}

static bool is_op_assign(TokenKind k)
{
	return k >= T_ADD_ASSIGN && k <= T_AND_NOT_ASSIGN;
}

/*
 * SimpleStmt = EmptyStmt | ExpressionStmt | SendStmt | IncDecStmt | Assignment | ShortVarDecl,
 * with lhs the already parsed expression list, if any. keyword is T_FOR when a range clause
 * may follow, T_SWITCH when a type switch guard may follow, T_EOF otherwise. In a switch
 * header "v := x.(type)" yields an S_TYPESWITCH holding just bindname and x.
 */
static Stmt *simple_stmt(Parser *p, Expr **lhs, int nlhs, TokenKind keyword)
{
	if (keyword == T_FOR && p->tok.kind == T_RANGE)
		return range_clause(p, NULL, 0, false);
	if (!lhs)
		lhs = expr_list(p, &nlhs);

	p->oppos = lhs[0]->pos;
	if (nlhs == 1 && p->tok.kind != T_ASSIGN && p->tok.kind != T_DEFINE) {
		TokenKind op = p->tok.kind;
		if (is_op_assign(op) || op == T_INC || op == T_DEC || op == T_ARROW)
			p->oppos = p->tok.pos;
		if (is_op_assign(op)) {
			next(p);
			Stmt *s = new_stmt(S_ASSIGN, lhs[0]->pos);
			s->u.assign.op = op;
			s->u.assign.lhs = lhs;
			s->u.assign.nlhs = 1;
			s->u.assign.rhs = arena_alloc(sizeof(Expr *));
			s->u.assign.rhs[0] = expr(p);
			s->u.assign.nrhs = 1;
			return s;
		}
		if (op == T_INC || op == T_DEC) {
			next(p);
			Stmt *s = new_stmt(S_INCDEC, lhs[0]->pos);
			s->u.incdec.x = lhs[0];
			s->u.incdec.op = op;
			return s;
		}
		if (op == T_ARROW) {
			Pos arrow = p->tok.pos;
			next(p);
			Stmt *s = new_stmt(S_SEND, lhs[0]->pos);
			s->u.send.arrow = arrow;
			s->u.send.chan = lhs[0];
			s->u.send.value = expr(p);
			return s;
		}
		return new_expr_stmt(lhs[0]);
	}

	if (p->tok.kind == T_ASSIGN || p->tok.kind == T_DEFINE) {
		TokenKind op = p->tok.kind;
		Pos oppos = p->tok.pos;
		p->oppos = oppos;
		next(p);
		if (keyword == T_FOR && p->tok.kind == T_RANGE)
			return range_clause(p, lhs, nlhs, op == T_DEFINE);
		int nrhs;
		Expr **rhs = expr_list(p, &nrhs);
		p->oppos = oppos; /* a function literal on the right has statements of its own */
		if (keyword == T_SWITCH && op == T_DEFINE && nlhs == 1 && lhs[0]->kind == E_IDENT &&
		    nrhs == 1 && rhs[0]->kind == E_TYPEASSERT && !rhs[0]->u.assert.type) {
			Stmt *s = new_stmt(S_TYPESWITCH, lhs[0]->pos);
			s->u.tswitch.bindname = lhs[0];
			s->u.tswitch.x = rhs[0]->u.assert.x;
			return s;
		}
		Stmt *s = new_stmt(S_ASSIGN, lhs[0]->pos);
		s->u.assign.op = op;
		s->u.assign.oppos = p->oppos;
		s->u.assign.lhs = lhs;
		s->u.assign.nlhs = nlhs;
		s->u.assign.rhs = rhs;
		s->u.assign.nrhs = nrhs;
		return s;
	}

	syntax_error(p, "expected := or = or comma");
	advance(p, 2, T_SEMICOLON, T_RBRACE);
	return new_expr_stmt(lhs[0]);
}


/* The condition of an if or for: the header's statement must be an expression. opos is
 * the position of the statement's operator, where Go reports the misuse. */
static Expr *cond_expr(Parser *p, Stmt *s, Pos opos)
{
	if (!s)
		return NULL;
	if (s->kind == S_EXPR)
		return s->u.expr.x;
	syntax_error_at(p, opos, "cannot use %s as value", parser_stmt_string(s));
	return new_expr(E_BAD, s->pos);
}

/*
 * The header of an if, for or switch, after its keyword:
 *   if [init ;] cond    for [init] ; [cond] ; [post]    for [cond]    for ... range x
 *   switch [init ;] [tag or guard]
 * Composite literals of bare type names are not allowed here (xnest = -1).
 */
static void header(Parser *p, TokenKind keyword, Stmt **init, Stmt **cond, Stmt **post, Pos *condop)
{
	*init = *cond = *post = NULL;
	*condop = p->tok.pos;
	if (p->tok.kind == T_LBRACE) {
		if (keyword == T_IF)
			syntax_error(p, "missing condition in if statement");
		return;
	}
	int outer = p->xnest;
	p->xnest = -1;

	if (p->tok.kind != T_SEMICOLON) {
		if (got(p, T_VAR))
			syntax_error(p, "var declaration not allowed in %s initializer",
			             token_text(keyword));
		*init = simple_stmt(p, NULL, 0, keyword);
		*condop = p->oppos;
		if ((*init)->kind == S_RANGE) {
			p->xnest = outer;
			return;
		}
	}

	if (*init && (*init)->kind == S_TYPESWITCH && p->tok.kind != T_LBRACE) {
		/* v := x.(type) followed by more header is not a type switch guard */
		error_at(p, (*init)->pos, "use of .(type) outside type switch");
		(*init)->kind = S_BAD;
	}

	Token semi = {0};
	if (p->tok.kind != T_LBRACE) {
		if (p->tok.kind == T_SEMICOLON) {
			semi = p->tok;
			next(p);
		} else {
			/* asking for a '{' rather than a ';' gives a better message */
			want(p, T_LBRACE);
			if (p->tok.kind != T_LBRACE)
				advance(p, 2, T_LBRACE, T_RBRACE);
		}
		if (keyword == T_FOR) {
			if (p->tok.kind != T_SEMICOLON) {
				if (p->tok.kind == T_LBRACE) {
					syntax_error(p, "expected for loop condition");
					goto done;
				}
				*cond = simple_stmt(p, NULL, 0, T_EOF);
				*condop = p->oppos;
			}
			want(p, T_SEMICOLON);
			if (p->tok.kind != T_LBRACE) {
				*post = simple_stmt(p, NULL, 0, T_EOF);
				if ((*post)->kind == S_ASSIGN && (*post)->u.assign.op == T_DEFINE)
					syntax_error_at(
					        p, (*post)->pos,
					        "cannot declare in post statement of for loop");
			}
		} else if (p->tok.kind != T_LBRACE) {
			*cond = simple_stmt(p, NULL, 0, keyword);
			*condop = p->oppos;
		}
	} else {
		*cond = *init;
		*init = NULL;
	}

done:
	if (!*cond && keyword == T_IF && semi.kind == T_SEMICOLON) {
		if (strcmp(semi.lit, "semicolon") != 0)
			syntax_error_at(p, semi.pos, "unexpected %s, expected { after if clause",
			                semi.lit);
		else
			syntax_error_at(p, semi.pos, "missing condition in if statement");
		*cond = new_expr_stmt(new_expr(E_BAD, semi.pos));
	}
	p->xnest = outer;
}

static Stmt *if_stmt(Parser *p)
{
	if (!enter(p))
		return new_stmt(S_BAD, p->tok.pos);
	Stmt *s = new_stmt(S_IF, p->tok.pos);
	next(p);
	Stmt *cond, *post;
	Pos condop;
	header(p, T_IF, &s->u.ifs.init, &cond, &post, &condop);
	s->u.ifs.cond = cond_expr(p, cond, condop);
	if (!s->u.ifs.cond)
		s->u.ifs.cond = new_expr(E_BAD, s->pos);
	s->u.ifs.then = block_stmt(p, "if clause");
	if (got(p, T_ELSE)) {
		if (p->tok.kind == T_IF) {
			s->u.ifs.els = if_stmt(p);
		} else if (p->tok.kind == T_LBRACE) {
			s->u.ifs.els = block_stmt(p, "");
		} else {
			syntax_error(p, "else must be followed by if or statement block");
			advance(p, 2, T_IDENT, T_RBRACE);
		}
	}
	leave(p);
	return s;
}

static Stmt *for_stmt(Parser *p)
{
	Pos pos = p->tok.pos;
	next(p);
	Stmt *init, *cond, *post;
	Pos condop;
	header(p, T_FOR, &init, &cond, &post, &condop);
	if (init && init->kind == S_RANGE) {
		init->pos = pos;
		init->u.range.body = block_stmt(p, "for clause");
		return init;
	}
	Stmt *s = new_stmt(S_FOR, pos);
	s->u.fors.init = init;
	s->u.fors.cond = cond_expr(p, cond, condop);
	s->u.fors.post = post;
	s->u.fors.body = block_stmt(p, "for clause");
	return s;
}

/* ExprCaseClause / TypeCaseClause. */
static Stmt *case_clause(Parser *p)
{
	Stmt *c = new_stmt(S_CASE, p->tok.pos);
	switch (p->tok.kind) {
	case T_CASE:
		next(p);
		c->u.clause.list = expr_list(p, &c->u.clause.nlist);
		break;
	case T_DEFAULT: next(p); break;
	default:
		syntax_error(p, "expected case or default or }");
		advance(p, 4, T_COLON, T_CASE, T_DEFAULT, T_RBRACE);
	}
	want(p, T_COLON);
	c->u.clause.body = stmt_list(p, &c->u.clause.nbody);
	return c;
}

static Stmt *switch_stmt(Parser *p)
{
	Pos pos = p->tok.pos;
	next(p);
	Stmt *init, *cond, *post;
	Pos condop;
	header(p, T_SWITCH, &init, &cond, &post, &condop);

	Stmt *s;
	Expr *g = cond && cond->kind == S_EXPR ? cond->u.expr.x : NULL;
	if (cond && cond->kind == S_TYPESWITCH) {
		s = cond; /* switch v := x.(type) */
	} else if (g && g->kind == E_TYPEASSERT && !g->u.assert.type) {
		s = new_stmt(S_TYPESWITCH, pos); /* switch x.(type) */
		s->u.tswitch.x = g->u.assert.x;
	} else {
		s = new_stmt(S_SWITCH, pos);
		s->u.swtch.tag = cond_expr(p, cond, condop);
	}
	s->pos = pos;

	if (!got(p, T_LBRACE)) {
		syntax_error(p, "missing { after switch clause");
		advance(p, 3, T_CASE, T_DEFAULT, T_RBRACE);
	}
	Stmt **clauses = NULL;
	int n = 0, cap = 0;
	while (p->tok.kind != T_EOF && p->tok.kind != T_RBRACE)
		VEC_PUSH(clauses, n, cap, case_clause(p));
	want(p, T_RBRACE);

	if (s->kind == S_TYPESWITCH) {
		s->u.tswitch.init = init;
		s->u.tswitch.clauses = clauses;
		s->u.tswitch.nclauses = n;
	} else {
		s->u.swtch.init = init;
		s->u.swtch.clauses = clauses;
		s->u.swtch.nclauses = n;
	}
	return s;
}

/* CommClause = CommCase ":" StatementList. */
static Stmt *comm_clause(Parser *p)
{
	Stmt *c = new_stmt(S_COMM, p->tok.pos);
	switch (p->tok.kind) {
	case T_CASE:
		next(p);
		/* Only sends and receives are valid here; the checker says so for anything else. */
		c->u.comm.comm = simple_stmt(p, NULL, 0, T_EOF);
		break;
	case T_DEFAULT: next(p); break;
	default:
		syntax_error(p, "expected case or default or }");
		advance(p, 4, T_COLON, T_CASE, T_DEFAULT, T_RBRACE);
	}
	want(p, T_COLON);
	c->u.comm.body = stmt_list(p, &c->u.comm.nbody);
	return c;
}

static Stmt *select_stmt(Parser *p)
{
	Stmt *s = new_stmt(S_SELECT, p->tok.pos);
	next(p);
	if (!got(p, T_LBRACE)) {
		syntax_error(p, "missing { after select clause");
		advance(p, 3, T_CASE, T_DEFAULT, T_RBRACE);
	}
	int cap = 0;
	while (p->tok.kind != T_EOF && p->tok.kind != T_RBRACE)
		VEC_PUSH(s->u.select.clauses, s->u.select.nclauses, cap, comm_clause(p));
	want(p, T_RBRACE);
	return s;
}

/* go and defer: the operand must be a call, and not parenthesised. */
static Stmt *call_stmt(Parser *p)
{
	Pos pos = p->tok.pos;
	TokenKind tok = p->tok.kind;
	next(p);
	Expr *x = pexpr(p, NULL);
	Expr *t = unparen(x);
	if (t != x) {
		error_at(p, x->pos, "expression in %s must not be parenthesized", token_text(tok));
		x = t;
	}
	if (x->kind != E_CALL) {
		if (x->kind != E_BAD)
			error_at(p, x->pos, "expression in %s must be function call",
			         token_text(tok));
		return new_stmt(S_BAD, pos);
	}
	Stmt *s = new_stmt(tok == T_GO ? S_GO : S_DEFER, pos);
	s->u.call.call = x;
	return s;
}

static Stmt *labeled_stmt_or_nil(Parser *p, Expr *label)
{
	if (!enter(p))
		return NULL;
	Stmt *s = new_stmt(S_LABELED, label->pos);
	s->u.labeled.label = label->u.ident.name;
	Pos colon = p->tok.pos;
	want(p, T_COLON);
	if (p->tok.kind == T_RBRACE) {
		/* a label right before '}' labels an empty statement */
		s->u.labeled.stmt = new_stmt(S_EMPTY, p->tok.pos);
	} else {
		s->u.labeled.stmt = stmt_or_nil(p);
		if (!s->u.labeled.stmt) {
			syntax_error_at(p, colon, "missing statement after label");
			s = NULL;
		}
	}
	leave(p);
	return s;
}

/* Block = "{" StatementList "}". context names what the block belongs to, for messages. */
static Stmt *block_stmt(Parser *p, const char *context)
{
	Stmt *s = new_stmt(S_BLOCK, p->tok.pos);
	if (!enter(p))
		return s;
	if (!got(p, T_LBRACE)) {
		syntax_error(p, "expected { after %s", context);
		advance(p, 2, T_IDENT, T_RBRACE);
		s->u.block.rbrace = p->tok.pos;
		if (got(p, T_RBRACE)) {
			leave(p);
			return s;
		}
	}
	s->u.block.stmts = stmt_list(p, &s->u.block.nstmts);
	s->u.block.rbrace = p->tok.pos;
	want(p, T_RBRACE);
	leave(p);
	return s;
}

static void parse_group(Parser *p, TokenKind keyword, Decl ***list, int *n, int *cap);

/* A const, var or type declaration inside a function. A group yields one S_DECL per spec:
 * the first is returned, the others wait in p->pending for stmt_list. */
static Stmt *decl_stmt(Parser *p)
{
	Pos pos = p->tok.pos;
	TokenKind keyword = p->tok.kind;
	next(p);
	Decl **decls = NULL;
	int n = 0, cap = 0;
	parse_group(p, keyword, &decls, &n, &cap);
	if (n == 0)
		return new_stmt(S_EMPTY, pos);
	for (int i = 1; i < n; i++)
		VEC_PUSH(p->pending, p->npending, p->cappending, decls[i]);
	Stmt *s = new_stmt(S_DECL, pos);
	s->u.decl = decls[0];
	return s;
}

/* Tokens other than a name that can start a simple statement. */
static const bool starts_simple_stmt[T_COUNT] = {
        [T_INT] = 1,  [T_FLOAT] = 1,     [T_IMAG] = 1,   [T_CHAR] = 1,   [T_STRING] = 1,
        [T_FUNC] = 1, [T_LPAREN] = 1,    [T_LBRACK] = 1, [T_STRUCT] = 1, [T_MAP] = 1,
        [T_CHAN] = 1, [T_INTERFACE] = 1, [T_ARROW] = 1, /* operands, receives */
        [T_ADD] = 1,  [T_SUB] = 1,       [T_MUL] = 1,    [T_AND] = 1,    [T_XOR] = 1,
        [T_NOT] = 1,
};

/* Statement, or NULL when none starts here. */
static Stmt *stmt_or_nil(Parser *p)
{
	Pos pos = p->tok.pos;
	/* Most statements start with a name; a label is a lone name followed by ':'. */
	if (p->tok.kind == T_IDENT) {
		int n;
		Expr **lhs = expr_list(p, &n);
		if (n == 1 && lhs[0]->kind == E_IDENT && p->tok.kind == T_COLON)
			return labeled_stmt_or_nil(p, lhs[0]);
		return simple_stmt(p, lhs, n, T_EOF);
	}
	if (starts_simple_stmt[p->tok.kind])
		return simple_stmt(p, NULL, 0, T_EOF);
	switch (p->tok.kind) {
	case T_VAR:
	case T_CONST:
	case T_TYPE: return decl_stmt(p);
	case T_LBRACE: return block_stmt(p, "");
	case T_FOR: return for_stmt(p);
	case T_SWITCH: return switch_stmt(p);
	case T_SELECT: return select_stmt(p);
	case T_IF: return if_stmt(p);
	case T_FALLTHROUGH: {
		Stmt *s = new_stmt(S_BRANCH, pos);
		s->u.branch.tok = T_FALLTHROUGH;
		next(p);
		return s;
	}
	case T_BREAK:
	case T_CONTINUE:
	case T_GOTO: {
		Stmt *s = new_stmt(S_BRANCH, pos);
		s->u.branch.tok = p->tok.kind;
		next(p);
		if (s->u.branch.tok == T_GOTO || p->tok.kind == T_IDENT)
			s->u.branch.label = name(p)->u.ident.name;
		return s;
	}
	case T_GO:
	case T_DEFER: return call_stmt(p);
	case T_RETURN: {
		Stmt *s = new_stmt(S_RETURN, pos);
		next(p);
		if (p->tok.kind != T_SEMICOLON && p->tok.kind != T_RBRACE)
			s->u.ret.results = expr_list(p, &s->u.ret.nresults);
		return s;
	}
	case T_SEMICOLON: return new_stmt(S_EMPTY, pos);
	default: return NULL;
	}
}

/* StatementList = { Statement ";" }. Empty statements are dropped. */
static Stmt **stmt_list(Parser *p, int *n)
{
	Stmt **v = NULL;
	int cap = 0;
	*n = 0;
	while (p->tok.kind != T_EOF && p->tok.kind != T_RBRACE && p->tok.kind != T_CASE &&
	       p->tok.kind != T_DEFAULT) {
		Stmt *s = stmt_or_nil(p);
		if (!s)
			break;
		if (s->kind != S_EMPTY)
			VEC_PUSH(v, *n, cap, s);
		for (int i = 0; i < p->npending; i++) {
			Stmt *d = new_stmt(S_DECL, p->pending[i]->pos);
			d->u.decl = p->pending[i];
			VEC_PUSH(v, *n, cap, d);
		}
		p->npending = 0;
		/* ";" is optional before "}" */
		if (!got(p, T_SEMICOLON) && p->tok.kind != T_RBRACE) {
			syntax_error(p, "at end of statement");
			advance(p, 4, T_SEMICOLON, T_RBRACE, T_CASE, T_DEFAULT);
			got(p, T_SEMICOLON);
		}
	}
	return v;
}

/* ---------------------------------------------------------------- declarations */

/* The state of one const/var/type/import declaration, grouped or not. */
typedef struct GroupCtx {
	TokenKind keyword;
	int group;    /* the group number of its specs */
	int index;    /* index of the next spec in the group (iota for const) */
	Decl *prev;   /* the previous const spec, for implicit repetition */
	Decl ***list; /* where the specs go */
	int *n, *cap;
} GroupCtx;

/* ImportSpec = [ "." | PackageName ] ImportPath. */
static Decl *import_spec(Parser *p, GroupCtx *g)
{
	Decl *d = new_decl(D_IMPORT, p->tok.pos, g->group);
	if (p->tok.kind == T_IDENT) {
		d->u.import.name = p->tok.lit;
		next(p);
	} else if (p->tok.kind == T_PERIOD) {
		d->u.import.name = intern_cstr(".");
		next(p);
	}
	if (!is_literal_token(p->tok.kind)) {
		syntax_error(p, "missing import path");
		advance(p, 2, T_SEMICOLON, T_RPAREN);
		return NULL;
	}
	Token lit = p->tok;
	next(p);
	if (lit.kind != T_STRING) {
		syntax_error_at(p, lit.pos, "import path must be a string");
		return NULL;
	}
	const char *path;
	size_t len;
	if (lit.bad || !lexer_unquote_string(lit.lit, lit.len, &path, &len))
		return NULL; /* already reported by the lexer */
	d->u.import.path = path;
	d->u.import.pathpos = lit.pos;
	return d;
}

/* ConstSpec = IdentifierList [ [ Type ] "=" ExpressionList ]. */
static Decl *const_spec(Parser *p, GroupCtx *g)
{
	Decl *d = new_decl(D_CONST, p->tok.pos, g->group);
	d->u.value.iota = g->index;
	d->u.value.names = name_list(p, name(p), &d->u.value.nnames);
	TokenKind k = p->tok.kind;
	if (k != T_EOF && k != T_SEMICOLON && k != T_RPAREN) {
		d->u.value.type = type_or_nil(p);
		if (got_assign(p))
			d->u.value.values = expr_list(p, &d->u.value.nvalues);
	}
	if (!d->u.value.type && d->u.value.nvalues == 0 && g->prev) {
		/* implicit repetition of the previous spec's type and values */
		Decl *prev = g->prev;
		d->u.value.implicit = true;
		d->u.value.type = clone_expr(prev->u.value.type);
		d->u.value.nvalues = prev->u.value.nvalues;
		d->u.value.values =
		        arena_alloc(sizeof(Expr *) * (size_t)(prev->u.value.nvalues + 1));
		for (int i = 0; i < prev->u.value.nvalues; i++)
			d->u.value.values[i] = clone_expr(prev->u.value.values[i]);
	}
	g->prev = d;
	return d;
}

/* VarSpec = IdentifierList ( Type [ "=" ExpressionList ] | "=" ExpressionList ). */
static Decl *var_spec(Parser *p, GroupCtx *g)
{
	Decl *d = new_decl(D_VAR, p->tok.pos, g->group);
	d->u.value.names = name_list(p, name(p), &d->u.value.nnames);
	if (got_assign(p)) {
		d->u.value.values = expr_list(p, &d->u.value.nvalues);
	} else {
		d->u.value.type = type_(p);
		if (got_assign(p))
			d->u.value.values = expr_list(p, &d->u.value.nvalues);
	}
	return d;
}

/*
 * Splits x, parsed after "type T[", into a type parameter name and its constraint, when x
 * can be read that way (Go's extractName): P, P *C, P *C | D, P(C). Returns the name (and
 * the constraint in *ptype, possibly NULL), or NULL when x must be an array length.
 */
static bool is_type_elem(const Expr *x)
{
	switch (x->kind) {
	case E_ARRAYTYPE:
	case E_STRUCTTYPE:
	case E_FUNCTYPE:
	case E_INTERFACETYPE:
	case E_MAPTYPE:
	case E_CHANTYPE: return true;
	case E_BINARY: return is_type_elem(x->u.op.x) || is_type_elem(x->u.op.y);
	case E_UNARY: return x->u.op.op == T_TILDE || is_type_elem(x->u.op.x);
	case E_STAR: return is_type_elem(x->u.star.x);
	case E_PAREN: return is_type_elem(x->u.paren.x);
	default: return false;
	}
}

static Expr *extract_name(Expr *x, bool force, Expr **ptype)
{
	*ptype = NULL;
	switch (x->kind) {
	case E_IDENT: return x;
	case E_BINARY:
		if (x->u.op.op == T_MUL && x->u.op.x->kind == E_IDENT &&
		    (force || is_type_elem(x->u.op.y))) {
			/* x = name *y */
			*ptype = new_unary(E_STAR, T_MUL, x->u.op.oppos, x->u.op.y);
			return x->u.op.x;
		}
		if (x->u.op.op == T_OR) {
			Expr *lhs;
			Expr *nm = extract_name(x->u.op.x, force || is_type_elem(x->u.op.y), &lhs);
			if (nm && lhs) {
				/* x = name lhs|y */
				Expr *b = new_expr(E_BINARY, lhs->pos);
				*b = *x;
				b->pos = lhs->pos;
				b->u.op.x = lhs;
				*ptype = b;
				return nm;
			}
		}
		break;
	case E_CALL:
		if (x->u.call.fun->kind == E_IDENT && x->u.call.nargs == 1 &&
		    !x->u.call.has_ellipsis && (force || is_type_elem(x->u.call.args[0]))) {
			*ptype = x->u.call.args[0];
			return x->u.call.fun;
		}
		break;
	default: break;
	}
	return NULL;
}

/* TypeSpec = identifier [ TypeParams ] [ "=" ] Type. */
static Decl *type_spec(Parser *p, GroupCtx *g)
{
	Decl *d = new_decl(D_TYPE, p->tok.pos, g->group);
	d->u.type.name = name(p);
	if (p->tok.kind == T_LBRACK) {
		/* an array or slice type, or a type parameter list */
		Pos pos = p->tok.pos;
		next(p);
		if (p->tok.kind == T_IDENT) {
			Expr *x = name(p);
			if (p->tok.kind != T_LBRACK) {
				p->xnest++;
				x = binary_expr(p, pexpr(p, x), 0);
				p->xnest--;
			}
			Expr *ptype;
			Expr *pname = extract_name(x, p->tok.kind == T_COMMA, &ptype);
			if (pname && (ptype || p->tok.kind != T_RBRACK)) {
				ParList l = param_list(p, pname, ptype, T_RBRACK, true);
				d->u.type.tparams = l.v;
				d->u.type.ntparams = l.n;
				d->u.type.alias = got_assign(p);
				d->u.type.type = type_or_nil(p);
			} else {
				d->u.type.type = array_type(p, pos, x);
			}
		} else if (got(p, T_RBRACK)) {
			d->u.type.type = slice_type(p, pos);
		} else {
			d->u.type.type = array_type(p, pos, NULL);
		}
	} else {
		d->u.type.alias = got_assign(p);
		d->u.type.type = type_or_nil(p);
	}
	if (!d->u.type.type) {
		d->u.type.type = bad_expr(p);
		syntax_error(p, "in type declaration");
		advance(p, 2, T_SEMICOLON, T_RPAREN);
	}
	return d;
}

static bool group_elem(Parser *p, void *ctx)
{
	GroupCtx *g = ctx;
	Decl *d;
	switch (g->keyword) {
	case T_IMPORT: d = import_spec(p, g); break;
	case T_CONST: d = const_spec(p, g); break;
	case T_TYPE: d = type_spec(p, g); break;
	default: d = var_spec(p, g); break;
	}
	g->index++;
	if (d)
		VEC_PUSH(*g->list, *g->n, *g->cap, d);
	return false;
}

/* Spec | "(" { Spec ";" } ")", after the keyword; appends the specs to *list. */
static void parse_group(Parser *p, TokenKind keyword, Decl ***list, int *n, int *cap)
{
	GroupCtx g = {keyword, ++p->group, 0, NULL, list, n, cap};
	if (got(p, T_LPAREN))
		parse_list(p, "grouped declaration", T_SEMICOLON, T_RPAREN, group_elem, &g);
	else
		group_elem(p, &g);
}

/*
 * FunctionDecl = "func" FunctionName [ TypeParams ] Signature [ FunctionBody ].
 * MethodDecl   = "func" Receiver MethodName Signature [ FunctionBody ].
 * "func" is consumed and at pos.
 */
static Decl *func_decl(Parser *p, Pos pos)
{
	Decl *d = new_decl(D_FUNC, pos, ++p->group);
	const char *context = "";
	if (got(p, T_LPAREN)) {
		context = "method";
		Pos rpos = p->tok.pos;
		ParList r = param_list(p, NULL, NULL, T_RPAREN, false);
		int count = 0;
		for (int i = 0; i < r.n; i++)
			count += r.v[i].nnames > 0 ? r.v[i].nnames : 1;
		if (count == 0) {
			error_at(p, rpos, "method has no receiver");
		} else {
			if (count > 1)
				error_at(p, rpos, "method has multiple receivers");
			d->u.func.recv = &r.v[0];
			if (r.v[0].nnames > 1)
				r.v[0].nnames = 1;
		}
	}
	if (p->tok.kind == T_IDENT) {
		d->u.func.name = name(p);
		d->u.func.type =
		        func_type(p, context, pos, &d->u.func.tparams, &d->u.func.ntparams);
	} else {
		d->u.func.name = new_ident(p->tok.pos, intern_cstr("_"));
		d->u.func.type = new_expr(E_FUNCTYPE, pos);
		syntax_error(p, context[0] ? "expected name" : "expected name or (");
		advance(p, 2, T_LBRACE, T_SEMICOLON);
	}
	if (p->tok.kind == T_LBRACE)
		d->u.func.body = func_body(p);
	return d;
}

/* The go/parser wording for a missing package clause: "expected 'package', found 'EOF'". */
static void expected_package(Parser *p)
{
	const Token *t = &p->tok;
	if (t->kind == T_SEMICOLON && strcmp(t->lit, "newline") == 0)
		error_at(p, t->pos, "expected 'package', found newline");
	else if (t->kind == T_IDENT || is_literal_token(t->kind))
		error_at(p, t->pos, "expected 'package', found %s", t->lit);
	else
		error_at(p, t->pos, "expected 'package', found '%s'", token_text(t->kind));
}

static void parser_init(Parser *p, const char *filename, const char *src, size_t len)
{
	memset(p, 0, sizeof *p);
	p->file = filename;
	p->diag_base = diag_count();
	lexer_init(&p->lx, filename, src, len);
	next(p);
}

static bool is_empty_func_decl(File *f)
{
	return f->ndecls > 0 && f->decls[f->ndecls - 1]->kind == D_FUNC &&
	       !f->decls[f->ndecls - 1]->u.func.body;
}

/* SourceFile = PackageClause ";" { ImportDecl ";" } { TopLevelDecl ";" }. */
File *parse_file(const char *filename, const char *src, size_t len)
{
	Parser ps, *p = &ps;
	parser_init(p, filename, src, len);
	File *f = arena_alloc(sizeof *f);
	f->filename = filename;

	if (p->tok.kind != T_PACKAGE) {
		expected_package(p);
		return f;
	}
	f->pkgpos = p->tok.pos;
	next(p);
	f->pkgname = name(p)->u.ident.name;
	want(p, T_SEMICOLON);
	if (errors_seen(p))
		return f; /* don't bother continuing if the package clause has errors */

	int cap = 0, icap = 0;
	TokenKind prev = T_IMPORT;
	while (p->tok.kind != T_EOF) {
		TokenKind k = p->tok.kind;
		if (k == T_IMPORT && prev != T_IMPORT)
			syntax_error(p, "imports must appear before other declarations");
		prev = k;
		switch (k) {
		case T_IMPORT: {
			next(p);
			int first = f->ndecls;
			parse_group(p, T_IMPORT, &f->decls, &f->ndecls, &cap);
			for (int i = first; i < f->ndecls; i++)
				VEC_PUSH(f->imports, f->nimports, icap, f->decls[i]);
			break;
		}
		case T_CONST:
		case T_TYPE:
		case T_VAR:
			next(p);
			parse_group(p, k, &f->decls, &f->ndecls, &cap);
			break;
		case T_FUNC: {
			Pos pos = p->tok.pos;
			next(p);
			VEC_PUSH(f->decls, f->ndecls, cap, func_decl(p, pos));
			break;
		}
		default:
			if (k == T_LBRACE && is_empty_func_decl(f))
				syntax_error(p, "unexpected semicolon or newline before {");
			else
				syntax_error(p, "non-declaration statement outside function body");
			advance(p, 5, T_IMPORT, T_CONST, T_TYPE, T_VAR, T_FUNC);
			continue;
		}
		if (p->tok.kind != T_EOF && !got(p, T_SEMICOLON)) {
			syntax_error(p, "after top level declaration");
			advance(p, 5, T_IMPORT, T_CONST, T_TYPE, T_VAR, T_FUNC);
		}
	}
	return f;
}

Expr *parse_expr_string(const char *src)
{
	Parser ps, *p = &ps;
	parser_init(p, "<expr>", src, strlen(src));
	Expr *x = expr(p);
	if (p->tok.kind == T_SEMICOLON && strcmp(p->tok.lit, "EOF") == 0)
		next(p);
	if (p->tok.kind != T_EOF)
		syntax_error(p, "after expression");
	return x;
}
