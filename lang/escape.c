/*
 * escape.c - escape analysis (Go's cmd/compile/internal/escape), between the checker and the
 * compiler: which allocations may live in their function's frame and which must go to the heap,
 * and the flow summaries of parameters. `minirt -m` prints the decisions in the words and at
 * the positions `go build -gcflags='-m -l'` uses (minirt does not inline).
 *
 * The model is Go's. Every variable and every allocation site (new, &T{...}, slice and map
 * literals, make, closures, method values, conversions that box a value into an interface or
 * copy between strings and byte/rune slices, string concatenation, variadic argument slices)
 * is a location. Evaluating an expression for a destination ("hole") adds an edge dst <- src
 * with a dereference count: assignment 0, *p +1, &x -1. Everything stored through a pointer,
 * into a map, a slice element, a global, sent on a channel, passed to an unknown function or to
 * a goroutine flows to the heap location.
 *
 * Solving (walkAll/walkOne): from every root location, walk the edges backwards keeping the
 * smallest dereference count to each location reached (a shortest-path walk; counts never go
 * below -1). A location whose address (count < 0) reaches a root that outlives it - the heap,
 * a result of its function, a variable declared outside its loop or in an enclosing function -
 * escapes, and from then on is a root itself. A parameter whose value reaches the heap or a
 * result is recorded in its leak summary with the count (level): leaking param: p (level 0),
 * leaking param content: p (level > 0), leaking param: p to result ~r0 level=N.
 *
 * Functions are analysed callees first: the static call graph of the main package is split
 * into strongly connected components (Tarjan), each analysed as one batch in which calls
 * between members connect arguments to the callee's own parameter locations; calls to functions
 * of earlier batches go through their leak summaries, so `func id(p *T) *T { return p }` does
 * not force its callers' arguments to the heap. Function literals belong to the batch of the
 * function that contains them. Calls through function values and interface methods leak their
 * arguments to the heap; standard-library functions use summaries of what Go's own
 * implementations leak (stdsum below), with "leaks to the heap" for the rest.
 *
 * Go's size limits apply: an explicit allocation (new, &T{}, make with a constant size, a
 * literal) larger than 64 KiB, or a make with a non-constant size, always escapes.
 *
 * Output: the messages come in the order the analysis makes them, which is Go's: batch by batch
 * (callees first), each batch's parameter tags, then its locations in the order they were
 * created. Expressions are printed as Go's compiler prints nodes (&T{...}, make([]int, n),
 * ([]byte)(s), "a" + b, func literal, ... argument).
 *
 * -m -m adds Go's explanations. Every hole carries notes (where and why a value flows: "assign",
 * "return", "call parameter", "address-of", "spill", ...) that the edges keep; the walk records
 * for each location the edge it was reached through; when a location is found to escape, or
 * a parameter to leak, the path back to the root is printed one edge at a time ("flow: dst =
 * &src:" and the edge's notes, newest first). Function literals get "capturing by value/ref".
 * Where minirt differs from Go's text (Go 1.19 wraps `go f(x)` and looping `defer f(x)` in a
 * closure over compiler temporaries; devirtualized calls; method-value wrappers), see
 * tests/escape/explain.sh, which scores the explanations against Go's.
 */
#define _GNU_SOURCE /* vasprintf */
#include "escape.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "types.h"
#include "vm.h"
#include "walk.h"

#define MAX_RESULTS 7   /* Go's numEscResults */
#define MAX_STACK_EXPLICIT (64 << 10)

typedef struct Loc Loc;

/* Why a value flows where it does (-m -m): the node and its reason, newest first (Go's note). */
typedef struct Note {
	struct Note *next;
	const char *where;
	Pos pos;
	const char *why;
} Note;

typedef struct Edge {
	Loc *src;
	int derefs;
	Note *notes;
} Edge;

typedef struct Batch Batch;

struct Loc {
	Expr *n;           /* allocation site, or NULL */
	Object *var;       /* variable, or NULL */
	const char *what;  /* message text for an allocation site */
	Pos pos;           /* where its message goes */
	FuncLitInfo *fn;   /* the function it belongs to */
	int loopdepth;
	bool escapes;
	bool is_param, is_result;
	int result_index;
	bool is_heap;
	bool quiet;        /* no message (make(chan), temporaries) */
	bool force_heap;   /* too large, or unknown size */
	const char *heap_reason; /* why, for -m -m ("non-constant size", "too large for stack") */
	int64_t frame_bytes; /* the object's size, were the compiler to place it in a frame */
	bool addrtaken;    /* some flow took its address (Go's location.addrtaken) */
	Edge *edges;
	int nedges, capedges;
	/* walk state */
	unsigned walkgen;
	int derefs;
	bool queued;
	Loc *dst;          /* the walk's path back to its root (explanations) */
	int dst_edge;
	/* parameter leaks: minimum levels, -1 = none */
	int leak_heap;
	int leak_result[MAX_RESULTS];
};

typedef struct Hole {
	Loc *dst; /* NULL: discard */
	int derefs;
	Note *notes;
	bool addrtaken; /* the last shift took an address */
} Hole;

/* Leak summary of one parameter (index in the signature, receiver first). */
typedef struct ParamSum {
	int heap;
	int result[MAX_RESULTS];
} ParamSum;

typedef struct FnSum {
	Object *fn;
	FuncLitInfo *info;
	Decl *decl;
	Object **params; /* receiver first; NULL entries for blank/unnamed */
	int nparams;
	Object **results;
	int nresults;
	ParamSum *sums; /* filled once its batch is solved */
	bool done;
	int batch;      /* Tarjan */
	int index, low;
	bool onstack;
} FnSum;

typedef struct Msg {
	Pos pos;
	int seq;
	char *text;
} Msg;

/* A function literal whose captured variables flow into it once the batch is walked. */
typedef struct LitFlow {
	Hole k;           /* its storage */
	Expr *lit;
	const char *name; /* the function it is in */
} LitFlow;

struct Batch {
	LitFlow *clos;
	int nclos, capclos;
	Loc **locs;
	int nlocs, caplocs;
	Loc heap;
	FnSum **fns; /* the batch's functions */
	int nfns;
};

/* ---------------------------------------------------------------- state */

static Program *prog;
static const char *filename;
static FnSum **allfns;
static int nallfns, capallfns;
static Msg *msgs;
static int nmsgs, capmsgs;
static Batch *B;
static FuncLitInfo *curfn;
static int loopdepth;
/*
 * The mode. Printing (-m) follows Go exactly. For the compiler the analysis is run again with
 * minirt's own allocation in mind: only new(T), &T{...}, slice literals, constant-size
 * make([]T), variadic argument slices, closures and method values can be placed in a frame
 * (maps, boxes, strings always go to the heap), so whatever flows into those sites' contents,
 * into variables the checker put in heap cells (captured ones), into a deferred or started
 * call (their arguments and closures are kept in heap records), or into a library function
 * must be treated as reaching the heap. Nothing on the heap can
 * then point into a frame, which is what lets a moving stack relocate only its own frames'
 * pointers (and the running closures of its frame records).
 */
static bool mode_compile;
static bool explain; /* -m -m: print the flows that explain each escape and leak */
static const char *curname; /* the function being walked, as Go names it: f, T.m, (*T).m */

/* Object -> Loc, and Expr -> Loc for sites (open addressing on the pointer). */
typedef struct MapEnt {
	const void *key;
	Loc *loc;
} MapEnt;
static MapEnt *map;
static size_t mapcap, maplen;

static Loc **map_slot(const void *key)
{
	if (2 * (maplen + 1) > mapcap) {
		size_t ncap = mapcap ? 2 * mapcap : 1024;
		MapEnt *n = calloc(ncap, sizeof *n);
		for (size_t i = 0; i < mapcap; i++)
			if (map[i].key) {
				size_t h = ((uintptr_t)map[i].key >> 3) * 0x9E3779B97F4A7C15ull & (ncap - 1);
				while (n[h].key)
					h = (h + 1) & (ncap - 1);
				n[h] = map[i];
			}
		free(map);
		map = n;
		mapcap = ncap;
	}
	size_t h = ((uintptr_t)key >> 3) * 0x9E3779B97F4A7C15ull & (mapcap - 1);
	while (map[h].key && map[h].key != key)
		h = (h + 1) & (mapcap - 1);
	if (!map[h].key) {
		map[h].key = key;
		maplen++;
	}
	return &map[h].loc;
}

static void *xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz);
	if (!p) {
		fputs("minirt: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

#define VPUSH(arr, n, cap, x)                                                \
	do {                                                                 \
		if ((n) == (cap)) {                                          \
			(cap) = (cap) ? 2 * (cap) : 16;                      \
			(arr) = realloc((arr), (size_t)(cap) * sizeof *(arr)); \
		}                                                            \
		(arr)[(n)++] = (x);                                          \
	} while (0)

static void msg(Pos pos, char *text)
{
	Msg m = {pos, nmsgs, text};
	VPUSH(msgs, nmsgs, capmsgs, m);
}

static char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#include <stdarg.h>
static char *xprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

/* ---------------------------------------------------------------- printing like Go */

typedef struct Buf {
	char *s;
	size_t n, cap;
} Buf;

static void bput(Buf *b, const char *s)
{
	size_t l = strlen(s);
	if (b->n + l + 1 > b->cap) {
		b->cap = (b->n + l + 1) * 2;
		b->s = realloc(b->s, b->cap);
	}
	memcpy(b->s + b->n, s, l + 1);
	b->n += l;
}

static void type_go(Buf *b, Type *t);

static void type_go(Buf *b, Type *t)
{
	if (!t) {
		bput(b, "?");
		return;
	}
	if (t->name) {
		if (t->pkg && strcmp(t->pkg->path, "main") != 0) {
			bput(b, t->pkg->name);
			bput(b, ".");
		}
		bput(b, t->name);
		return;
	}
	if (t == t_uint8) {
		bput(b, "byte");
		return;
	}
	if (t == t_int32) {
		bput(b, "rune");
		return;
	}
	switch (t->kind) {
	case K_POINTER: bput(b, "*"); type_go(b, t->elem); return;
	case K_SLICE: bput(b, "[]"); type_go(b, t->elem); return;
	case K_ARRAY: {
		char n[32];
		snprintf(n, sizeof n, "[%lld]", (long long)t->len);
		bput(b, n);
		type_go(b, t->elem);
		return;
	}
	case K_MAP:
		bput(b, "map[");
		type_go(b, t->key);
		bput(b, "]");
		type_go(b, t->elem);
		return;
	case K_CHAN:
		bput(b, t->dir == CHAN_RECV ? "<-chan " : t->dir == CHAN_SEND ? "chan<- " : "chan ");
		type_go(b, t->elem);
		return;
	case K_INTERFACE:
		if (types_is_empty_interface(t)) {
			bput(b, "interface {}");
			return;
		}
		break;
	default: break;
	}
	bput(b, types_string(t));
}

static bool type_needs_parens(Type *t)
{
	if (!t || t->name)
		return false;
	return t->kind == K_POINTER || t->kind == K_SLICE || t->kind == K_ARRAY ||
	       t->kind == K_INTERFACE || t->kind == K_FUNC || t->kind == K_CHAN;
}

static void expr_go(Buf *b, Expr *e);

static void args_go(Buf *b, Expr **args, int n)
{
	for (int i = 0; i < n; i++) {
		if (i)
			bput(b, ", ");
		expr_go(b, args[i]);
	}
}

static int prec(TokenKind op)
{
	switch (op) {
	case T_LOR: return 1;
	case T_LAND: return 2;
	case T_EQL:
	case T_NEQ:
	case T_LSS:
	case T_LEQ:
	case T_GTR:
	case T_GEQ: return 3;
	case T_ADD:
	case T_SUB:
	case T_OR:
	case T_XOR: return 4;
	default: return 5;
	}
}

/* An operand printed in parentheses when its operator binds less tightly than its place. */
static void operand_go(Buf *b, Expr *e, int need)
{
	while (e->kind == E_PAREN)
		e = e->u.paren.x;
	int have = e->kind == E_BINARY ? prec(e->u.op.op) : (e->kind == E_UNARY || e->kind == E_STAR) ? 6 : 7;
	if (have < need) {
		bput(b, "(");
		expr_go(b, e);
		bput(b, ")");
	} else {
		expr_go(b, e);
	}
}

static void expr_go(Buf *b, Expr *e)
{
	if (!e) {
		bput(b, "?");
		return;
	}
	switch (e->kind) {
	case E_IDENT: bput(b, e->u.ident.name); return;
	case E_BASICLIT: bput(b, e->u.lit.text); return;
	case E_PAREN: expr_go(b, e->u.paren.x); return;
	case E_SELECTOR:
		operand_go(b, e->u.sel.x, 7);
		bput(b, ".");
		bput(b, e->u.sel.name);
		return;
	case E_INDEX:
		operand_go(b, e->u.index.x, 7);
		bput(b, "[");
		expr_go(b, e->u.index.index);
		bput(b, "]");
		return;
	case E_SLICE:
		operand_go(b, e->u.slice.x, 7);
		bput(b, "[");
		if (e->u.slice.lo)
			expr_go(b, e->u.slice.lo);
		bput(b, ":");
		if (e->u.slice.hi)
			expr_go(b, e->u.slice.hi);
		if (e->u.slice.three) {
			bput(b, ":");
			expr_go(b, e->u.slice.max);
		}
		bput(b, "]");
		return;
	case E_STAR: bput(b, "*"); operand_go(b, e->u.star.x, 6); return;
	case E_UNARY:
		bput(b, token_text(e->u.op.op));
		operand_go(b, e->u.op.x, 6);
		return;
	case E_BINARY:
		operand_go(b, e->u.op.x, prec(e->u.op.op));
		bput(b, " ");
		bput(b, token_text(e->u.op.op));
		bput(b, " ");
		operand_go(b, e->u.op.y, prec(e->u.op.op) + 1);
		return;
	case E_COMPOSITE:
		type_go(b, e->type);
		bput(b, e->u.composite.nelts ? "{...}" : "{}");
		return;
	case E_FUNCLIT: bput(b, "func literal"); return;
	case E_TYPEASSERT:
		operand_go(b, e->u.assert.x, 7);
		bput(b, ".(");
		type_go(b, e->type);
		bput(b, ")");
		return;
	case E_CALL:
		if (e->u.call.conversion) {
			bool p = type_needs_parens(e->type);
			if (p)
				bput(b, "(");
			type_go(b, e->type);
			if (p)
				bput(b, ")");
			bput(b, "(");
			args_go(b, e->u.call.args, e->u.call.nargs);
			bput(b, ")");
			return;
		}
		if (e->u.call.builtin == BI_MAKE || e->u.call.builtin == BI_NEW) {
			bput(b, e->u.call.builtin == BI_MAKE ? "make(" : "new(");
			type_go(b, e->u.call.args[0]->type);
			for (int i = 1; i < e->u.call.nargs; i++) {
				bput(b, ", ");
				expr_go(b, e->u.call.args[i]);
			}
			bput(b, ")");
			return;
		}
		expr_go(b, e->u.call.fun);
		bput(b, "(");
		args_go(b, e->u.call.args, e->u.call.nargs);
		bput(b, ")");
		return;
	default: bput(b, "?"); return;
	}
}

static char *expr_text(Expr *e)
{
	Buf b = {0};
	expr_go(&b, e);
	return b.s ? b.s : strdup("?");
}

/* The position Go gives a node: calls at "(", selectors at ".", indexes at "[", binary
 * operators at the operator, literals at "{"; identifiers have none of their own (NULL). */
static bool node_pos(Expr *e, Pos *out)
{
	switch (e->kind) {
	case E_IDENT: return false;
	case E_PAREN: return node_pos(e->u.paren.x, out);
	case E_CALL: *out = e->u.call.lparen; return true;
	case E_SELECTOR:
		*out = e->u.sel.namepos;
		out->col--;
		return true;
	case E_INDEX: *out = e->u.index.lbrack; return true;
	case E_SLICE: *out = e->u.slice.lbrack; return true;
	case E_BINARY: *out = e->u.op.oppos; return true;
	case E_COMPOSITE: *out = e->u.composite.lbrace; return true;
	case E_UNARY: *out = e->u.op.oppos.line ? e->u.op.oppos : e->pos; return true;
	default: *out = e->pos; return true;
	}
}

/* ---------------------------------------------------------------- locations and holes */

/* How an explanation names a location (Go's explainLoc). */
static const char *loc_name(Loc *l)
{
	if (l->is_heap)
		return "{heap}";
	if (l->var)
		return l->var->name;
	if (!l->n || !l->what)
		return "{temp}";
	return xprintf("{storage for %s}", l->what);
}

/* The node of a location as messages print it: a variable's name, a site's expression. */
static const char *loc_text(Loc *l)
{
	return l->var ? l->var->name : l->what ? l->what : "?";
}

static const char *pos_text(Pos p)
{
	return xprintf("%s:%d:%d", filename, p.line, p.col);
}

/* One step of an explanation: "flow: dst = *src:" and the notes of the edge (Go's explainFlow). */
static void explain_flow(Pos pos, Loc *dst, Loc *src, int derefs, Note *notes)
{
	char ops[16] = "&";
	if (derefs >= 0) {
		int i = 0;
		for (; i < derefs && i < 15; i++)
			ops[i] = '*';
		ops[i] = 0;
	}
	msg(pos, xprintf("  flow: %s = %s%s:", loc_name(dst), ops, loc_name(src)));
	for (Note *n = notes; n; n = n->next)
		msg(pos, xprintf("    from %s (%s) at %s", n->where, n->why, pos_text(n->pos)));
}

/* The path the walk found from src back to its root, one step per edge (Go's explainPath). */
static void explain_path(Loc *root, Loc *src)
{
	Pos pos = src->pos;
	Loc *seen[256];
	int nseen = 0;
	while (src->dst) {
		for (int i = 0; i < nseen; i++)
			if (seen[i] == src) {
				msg(pos, xprintf("  warning: truncated explanation due to assignment cycle; "
				                 "see golang.org/issue/35518"));
				return;
			}
		if (nseen < 256)
			seen[nseen++] = src;
		Loc *dst = src->dst;
		Edge *e = &dst->edges[src->dst_edge];
		explain_flow(pos, dst, src, e->derefs, e->notes);
		if (dst == root)
			break;
		src = dst;
	}
}

static Loc *newloc(Expr *n, Object *var, Pos pos)
{
	Loc *l = xcalloc(1, sizeof *l);
	l->n = n;
	l->var = var;
	l->pos = pos;
	l->fn = curfn;
	l->loopdepth = loopdepth;
	l->leak_heap = -1;
	for (int i = 0; i < MAX_RESULTS; i++)
		l->leak_result[i] = -1;
	VPUSH(B->locs, B->nlocs, B->caplocs, l);
	return l;
}

static Hole hole(Loc *l)
{
	return (Hole){.dst = l};
}

static Hole discard(void)
{
	return (Hole){.dst = NULL};
}

static Hole heaphole(void)
{
	return (Hole){.dst = &B->heap};
}

static Hole shift(Hole k, int n)
{
	k.derefs += n;
	k.addrtaken = n < 0;
	return k;
}

static Hole deref(Hole k)
{
	return shift(k, 1);
}

static Hole addr(Hole k)
{
	return shift(k, -1);
}

/* -m -m: notes record where and why each flow happens; printing them is all they are for. */
static Hole note_at(Hole k, const char *where, Pos pos, const char *why)
{
	if (!explain || !k.dst)
		return k;
	Note *n = xcalloc(1, sizeof *n);
	n->next = k.notes;
	n->where = where;
	n->pos = pos;
	n->why = why;
	k.notes = n;
	return k;
}

/* A note naming an expression, at the position Go gives its node. */
static Hole note(Hole k, Expr *e, const char *why)
{
	if (!explain || !k.dst || !e)
		return k;
	Pos p;
	if (!node_pos(e, &p))
		p = e->pos;
	return note_at(k, expr_text(e), p, why);
}

static void explain_flow(Pos pos, Loc *dst, Loc *src, int derefs, Note *notes);

static void flow(Hole k, Loc *src)
{
	if (!src)
		return;
	if (k.addrtaken)
		src->addrtaken = true;
	if (!k.dst || (k.dst == src && k.derefs >= 0))
		return;
	if (k.dst->escapes && k.derefs < 0) { /* the heap takes the address: src escapes */
		if (src->is_heap)
			return;
		if (explain) {
			msg(src->pos, xprintf("%s escapes to heap:", loc_text(src)));
			explain_flow(src->pos, k.dst, src, k.derefs, k.notes);
		}
		src->escapes = true;
		return;
	}
	if (k.dst == src)
		return;
	Edge e = {src, k.derefs < -1 ? -1 : k.derefs, k.notes};
	VPUSH(k.dst->edges, k.dst->nedges, k.dst->capedges, e);
}

/* A hole that flows to all of ks (Go's teeHole). */
static Hole tee(Hole *ks, int n)
{
	if (n == 0)
		return discard();
	if (n == 1)
		return ks[0];
	Loc *l = newloc(NULL, NULL, (Pos){0, 0});
	l->quiet = true;
	for (int i = 0; i < n; i++)
		flow(ks[i], l);
	return hole(l);
}

static int64_t type_size(Type *t);

/* A variable's location. One over Go's 10 MiB limit for variables goes to the heap. */
#define MAX_STACK_VAR (10 << 20)
static Loc *var_newloc(Object *o)
{
	Loc *l = newloc(NULL, o, o->pos);
	if (!o->is_param && !o->is_result && o->type && type_size(o->type) > MAX_STACK_VAR) {
		l->force_heap = true;
		l->heap_reason = "too large for stack";
	}
	return l;
}

static Loc *varloc(Object *o)
{
	Loc **s = map_slot(o);
	if (!*s) {
		*s = var_newloc(o);
		(*s)->quiet = true;
	}
	return *s;
}

static void declare(Object *o)
{
	if (!o)
		return;
	Loc **s = map_slot(o);
	if (!*s)
		*s = var_newloc(o);
	else
		(*s)->loopdepth = loopdepth;
}

/*
 * The kinds of site the compiler can place in a frame (compile.c stack_new, stack_slice):
 * new(T), &T{...}, slice literals, make([]T, const), variadic argument slices, function
 * literals' closures and method values. Everything else (maps, channels, boxes, conversions,
 * strings) is always heap in minirt, so compile mode treats it so.
 */
static bool frame_site_kind(Expr *n)
{
	if (n->kind == E_CALL && n->u.call.builtin == BI_NEW)
		return true;
	if (n->kind == E_CALL && n->u.call.builtin == BI_MAKE)
		return n->type && types_under(n->type)->kind == K_SLICE;
	if (n->kind == E_COMPOSITE)
		return n->esc_addr_site || (n->type && types_under(n->type)->kind == K_SLICE);
	if (n->kind == E_CALL && !n->u.call.builtin && !n->u.call.conversion)
		return true; /* the "... argument" slice of a variadic call */
	if (n->kind == E_SELECTOR) /* a method value: its function and the receiver */
		return n->u.sel.is_value && n->type && n->type->kind == K_FUNC;
	return n->kind == E_FUNCLIT; /* a closure: its function and its captured cells */
}

/* An allocation site: k receives its address; returns the hole for its contents (Go's spill). */
static Hole site(Hole k, Expr *n, Pos pos, const char *what)
{
	Loc *l = newloc(n, NULL, pos);
	l->what = what ? what : expr_text(n);
	if (mode_compile && !frame_site_kind(n))
		l->force_heap = true;
	flow(note_at(addr(k), l->what, pos, "spill"), l);
	Loc **s = map_slot(n);
	*s = l;
	return hole(l);
}

static bool is_local_var(Object *o)
{
	return o && o->kind == OBJ_VAR && o->owner != NULL;
}

/* ---------------------------------------------------------------- types */

static bool has_pointers(Type *t)
{
	return t && t->ptrdata > 0;
}

static bool pointer_shaped(Type *t)
{
	if (!t)
		return false;
	switch (t->kind) {
	case K_POINTER:
	case K_MAP:
	case K_CHAN:
	case K_FUNC:
	case K_UNSAFEPTR: return true;
	default: return false;
	}
}

static int64_t type_size(Type *t)
{
	return t ? (int64_t)t->size : 0;
}

/* ---------------------------------------------------------------- expressions */

static void expr(Hole k, Expr *e);
static void call(Hole *ks, int nks, Expr *e, bool isgo);
static FnSum *fnsum_of(Object *fn);
static bool in_batch(FnSum *f);
static void tag_holes(FnSum *f, Hole *ks, int nks, Hole *out);
static void esc_funcbody(FuncLitInfo *info, Expr *ftype, Stmt *body, Field *recv);
static bool esc_const_int(Expr *e, int64_t *out);

/* The position an interface conversion of e is reported at, within a context whose own
 * position is 'ctx'. */
static Pos conv_pos(Expr *e, Pos ctx)
{
	Pos p;
	return node_pos(e, &p) ? p : ctx;
}

/* Evaluates e for k, converted to type 'to' (boxing it when 'to' is an interface and e's type
 * is not): Go's OCONVIFACE. 'ctx' is where a conversion of a plain identifier is reported. */
static void expr_to_at(Hole k, Expr *e, Type *to, Pos ctx, int how);
static void expr_to(Hole k, Expr *e, Type *to, Pos ctx)
{
	expr_to_at(k, e, to, ctx, 0);
}

/* how: 0 = at e's own position when it has one, else ctx; 1 = always at ctx (assignments);
 * 2 = constants at ctx, the rest at their own position (declarations, panic) */
static void expr_to_at(Hole k, Expr *e, Type *to, Pos ctx, int how)
{
	if (!e)
		return;
	if (explain && to && types_is_interface(to) && e->type && types_is_interface(e->type) &&
	    !types_identical(to, e->type)) { /* interface to interface: no box */
		Pos at = how == 1 ? ctx : conv_pos(e, ctx);
		expr(note_at(k, expr_text(e), at, "interface-converted"), e);
		return;
	}
	if (to && types_is_interface(to) && e->type && !types_is_interface(e->type) &&
	    e->type->kind != K_UNTYPED_NIL && e->mode != MODE_TYPE) {
		Pos at = how == 1 ? ctx
		         : how == 2 ? (e->mode == MODE_CONSTANT ? ctx
		                                              : (node_pos(e, &at) ? at : e->pos))
		                    : conv_pos(e, ctx);
		if (pointer_shaped(e->type)) {
			expr(explain ? note_at(k, expr_text(e), at, "interface-converted") : k, e);
			return;
		}
		Hole box = site(k, e, at, NULL);
		if (e->mode == MODE_CONSTANT)
			return;
		expr(note_at(box, box.dst->what, at, "interface-converted"), e);
		return;
	}
	expr(k, e);
}

/* The hole for storing into lhs (Go's addr). */
static Hole lhs_hole(Expr *e)
{
	if (!e)
		return discard();
	switch (e->kind) {
	case E_IDENT: {
		Object *o = e->u.ident.obj;
		if (!o)
			return discard(); /* _ */
		if (is_local_var(o) && !(mode_compile && o->captured))
			return hole(varloc(o));
		return heaphole();
	}
	case E_PAREN: return lhs_hole(e->u.paren.x);
	case E_SELECTOR:
		if (e->u.sel.kind == SEL_PKG)
			return heaphole();
		for (int i = 0; i < e->u.sel.npath; i++)
			if (e->u.sel.path[i].deref) {
				expr(discard(), e->u.sel.x);
				return heaphole();
			}
		return lhs_hole(e->u.sel.x);
	case E_INDEX: {
		Type *xt = e->u.index.x->type;
		expr(discard(), e->u.index.index);
		if (xt && xt->kind == K_ARRAY)
			return lhs_hole(e->u.index.x);
		if (xt && xt->kind == K_MAP) {
			expr_to(note(heaphole(), e, "key of map put"), e->u.index.index, xt->key,
			        e->u.index.lbrack);
			expr(discard(), e->u.index.x);
			return heaphole();
		}
		expr(discard(), e->u.index.x);
		return heaphole();
	}
	case E_STAR:
		expr(discard(), e->u.star.x);
		return heaphole();
	default: expr(discard(), e); return discard();
	}
}

static void composite(Hole k, Expr *e)
{
	Type *t = e->type;
	while (t && t->kind == K_POINTER)
		t = t->elem;
	Type *u = t;
	bool ismap = u && u->kind == K_MAP;
	const char *why = !u                   ? "struct literal element"
	                  : u->kind == K_SLICE ? "slice-literal-element"
	                  : u->kind == K_ARRAY ? "array literal element"
	                                       : "struct literal element";
	k = note(k, e, why);
	for (int i = 0; i < e->u.composite.nelts; i++) {
		Expr *el = e->u.composite.elts[i];
		Expr *v = el, *key = NULL;
		if (el->kind == E_KEYVALUE) {
			key = el->u.kv.key;
			v = el->u.kv.value;
		}
		Type *vt = NULL;
		if (u) {
			if (u->kind == K_STRUCT) {
				int fi = i;
				if (key && key->kind == E_IDENT)
					for (int f = 0; f < u->nfields; f++)
						if (strcmp(u->fields[f].name, key->u.ident.name) == 0)
							fi = f;
				vt = fi < u->nfields ? u->fields[fi].type : NULL;
			} else {
				vt = u->elem;
			}
		}
		if (v->kind == E_COMPOSITE && !v->u.composite.type && vt && vt->kind == K_POINTER) {
			/* &T elided inside a literal: {...} of a []*T */
			Hole sub = ismap ? note(heaphole(), e, "map literal value") : k;
			Pos p = v->u.composite.lbrace;
			char *txt = xprintf("&%s", expr_text(v));
			Hole c = site(sub, v, p, txt);
			composite(c, v);
			continue;
		}
		if (ismap) {
			if (key)
				expr_to(note(heaphole(), e, "map literal key"), key, u->key, el->pos);
			expr_to(note(heaphole(), e, "map literal value"), v, vt, el->pos);
		} else {
			if (key && u && u->kind != K_STRUCT)
				expr(discard(), key);
			expr_to(k, v, vt, el->pos);
		}
	}
}

/* The length of a slice literal: its highest index plus one ([]int{5: x} has 6 elements). */
static int64_t slice_lit_len(Expr *e)
{
	int64_t n = 0, idx = 0;
	for (int i = 0; i < e->u.composite.nelts; i++) {
		Expr *el = e->u.composite.elts[i];
		int64_t k;
		if (el->kind == E_KEYVALUE && esc_const_int(el->u.kv.key, &k))
			idx = k;
		idx++;
		if (idx > n)
			n = idx;
	}
	return n;
}

static Hole new_site(Hole k, Expr *e, Type *objtype, Pos pos, bool unknown_size)
{
	Hole c = site(k, e, pos, NULL);
	c.dst->frame_bytes = type_size(objtype);
	c.dst->what = expr_text(e);
	if (unknown_size || type_size(objtype) > MAX_STACK_EXPLICIT) {
		c.dst->force_heap = true;
		c.dst->heap_reason = unknown_size ? "non-constant size" : "too large for stack";
	}
	return c;
}

static void expr(Hole k, Expr *e)
{
	if (!e)
		return;
	if (e->mode == MODE_CONSTANT || e->mode == MODE_TYPE)
		return;
	/* a pointer-free value carries nothing anywhere, unless its address is being taken */
	if (k.derefs >= 0 && e->type && !has_pointers(e->type) && e->kind != E_FUNCLIT &&
	    e->kind != E_CALL && e->kind != E_COMPOSITE && e->kind != E_UNARY && e->kind != E_BINARY)
		k = discard();
	switch (e->kind) {
	case E_IDENT: {
		Object *o = e->u.ident.obj;
		if (!o || o->kind != OBJ_VAR)
			return;
		if (is_local_var(o) && !(mode_compile && o->captured))
			flow(k, varloc(o));
		else
			flow(k, &B->heap);
		return;
	}
	case E_PAREN: expr(k, e->u.paren.x); return;
	case E_SELECTOR:
		if (e->u.sel.kind == SEL_PKG) {
			if (e->u.sel.obj && e->u.sel.obj->kind == OBJ_VAR)
				flow(k, &B->heap);
			return;
		}
		if (e->u.sel.kind == SEL_FIELD) {
			for (int i = e->u.sel.npath - 1; i >= 0; i--)
				k = e->u.sel.path[i].deref ? note(deref(k), e, "dot of pointer")
				                           : note(k, e, "dot");
			expr(k, e->u.sel.x);
			return;
		}
		if (e->u.sel.is_value) { /* a method value: a closure holding the receiver */
			Pos p;
			node_pos(e, &p);
			Hole c = site(k, e, p, NULL);
			/* the receiver goes into the closure (the function and the receiver's words)
			 * and wherever the method leaks it (Go's tagHole with the results to the
			 * heap; a library method leaks it for the compiler) */
			Type *rt = e->u.sel.kind == SEL_IMETHOD ? NULL
			           : e->u.sel.obj && e->u.sel.obj->ptr_recv ? t_unsafeptr
			           : e->u.sel.obj ? e->u.sel.obj->recv_type : NULL;
			c.dst->frame_bytes = 8 + (rt ? (type_size(rt) + 7) / 8 * 8 : 16);
			if (mode_compile && c.dst->frame_bytes > MAX_STACK_EXPLICIT)
				c.dst->force_heap = true;
			Hole pk = heaphole();
			FnSum *fs = e->u.sel.kind == SEL_METHOD ? fnsum_of(e->u.sel.obj) : NULL;
			if (fs && in_batch(fs) && fs->nparams > 0 && fs->params[0]) {
				pk = hole(varloc(fs->params[0]));
			} else if (fs && fs->sums) {
				Hole rk[MAX_RESULTS], out[1 + 64];
				for (int r = 0; r < MAX_RESULTS; r++)
					rk[r] = heaphole();
				if (fs->nparams <= 64) {
					tag_holes(fs, rk, MAX_RESULTS, out);
					pk = out[0];
				}
			}
			Hole t[2] = {pk, c};
			Hole kk = tee(t, 2);
			if (e->u.sel.addr)
				kk = note(addr(kk), e->u.sel.x, "address-of");
			expr(kk, e->u.sel.x);
			return;
		}
		expr(k, e->u.sel.x);
		return;
	case E_INDEX: {
		Type *xt = e->u.index.x->type;
		if (xt && xt->kind == K_MAP) {
			Type *kt = xt->key;
			expr(discard(), e->u.index.x);
			if (kt && types_is_interface(kt))
				expr_to(discard(), e->u.index.index, kt, e->u.index.lbrack);
			else
				expr(discard(), e->u.index.index);
			return;
		}
		expr(discard(), e->u.index.index);
		if (xt && xt->kind == K_ARRAY)
			expr(note(k, e, "fixed-array-index-of"), e->u.index.x);
		else if (xt && xt->kind == K_STRING)
			expr(discard(), e->u.index.x);
		else
			expr(note(deref(k), e, "dot of pointer"), e->u.index.x);
		return;
	}
	case E_SLICE: {
		Type *xt = e->u.slice.x->type;
		expr(discard(), e->u.slice.lo);
		expr(discard(), e->u.slice.hi);
		expr(discard(), e->u.slice.max);
		k = note(k, e, "slice");
		if (xt && xt->kind == K_ARRAY)
			expr(note(addr(k), e->u.slice.x, "address-of"), e->u.slice.x);
		else
			expr(k, e->u.slice.x);
		return;
	}
	case E_STAR: expr(note(deref(k), e, "indirection"), e->u.star.x); return;
	case E_UNARY:
		if (e->u.op.op == T_AND) {
			Expr *x = e->u.op.x;
			while (x->kind == E_PAREN)
				x = x->u.paren.x;
			if (x->kind == E_COMPOSITE) {
				x->esc_addr_site = true;
				Hole c = site(k, x, e->u.op.oppos.line ? e->u.op.oppos : e->pos,
				              xprintf("&%s", expr_text(x)));
				c.dst->frame_bytes = type_size(x->type);
				if (type_size(x->type) > MAX_STACK_EXPLICIT) {
					c.dst->force_heap = true;
					c.dst->heap_reason = "too large for stack";
				}
				composite(c, x);
				return;
			}
			expr(note(addr(k), e, "address-of"), x);
			return;
		}
		expr(discard(), e->u.op.x);
		return;
	case E_BINARY:
		if (e->u.op.op == T_ADD && e->type && e->type->kind == K_STRING) {
			Hole c = site(k, e, e->u.op.oppos, NULL);
			c.dst->what = expr_text(e);
			/* a + b + c is one concatenation (Go's OADDSTR with all the operands) */
			Expr *x = e->u.op.x;
			while (x->kind == E_BINARY && x->u.op.op == T_ADD && x->mode != MODE_CONSTANT) {
				expr(discard(), x->u.op.y);
				x = x->u.op.x;
			}
			expr(discard(), x);
			expr(discard(), e->u.op.y);
			return;
		}
		if ((e->u.op.op == T_EQL || e->u.op.op == T_NEQ) && e->u.op.x->type &&
		    e->u.op.y->type) {
			Type *xt = e->u.op.x->type, *yt = e->u.op.y->type;
			expr_to(discard(), e->u.op.x, types_is_interface(yt) ? yt : NULL, e->u.op.oppos);
			expr_to(discard(), e->u.op.y, types_is_interface(xt) ? xt : NULL, e->u.op.oppos);
			return;
		}
		expr(discard(), e->u.op.x);
		expr(discard(), e->u.op.y);
		return;
	case E_COMPOSITE: {
		Type *t = e->type;
		if (t && (t->kind == K_SLICE || t->kind == K_MAP)) {
			Hole c = site(k, e, e->u.composite.lbrace, NULL);
			if (t->kind == K_SLICE)
				c.dst->frame_bytes = type_size(t->elem) * slice_lit_len(e);
			/* Go sets no limit on a literal's size (its backing array is a variable, allowed
			 * up to 10 MiB); minirt's frame objects stop at 64 KiB */
			if (t->kind == K_SLICE && mode_compile && c.dst->frame_bytes > MAX_STACK_EXPLICIT) {
				c.dst->force_heap = true;
				c.dst->heap_reason = "too large for stack";
			}
			composite(t->kind == K_MAP ? heaphole() : c, e);
			return;
		}
		composite(k, e);
		return;
	}
	case E_FUNCLIT: {
		Hole c = site(k, e, e->pos, "func literal");
		FuncLitInfo *info = e->u.funclit.info;
		c.dst->frame_bytes = 8 * (1 + (info ? info->ncaptures : 0));
		LitFlow clo = {c, e, curname};
		VPUSH(B->clos, B->nclos, B->capclos, clo);
		/* the body: a function of this batch */
		FuncLitInfo *saved = curfn;
		int savedloop = loopdepth;
		curfn = info;
		esc_funcbody(info, e->u.funclit.type, e->u.funclit.body, NULL);
		curfn = saved;
		loopdepth = savedloop;
		return;
	}
	case E_TYPEASSERT:
		if (e->type && (types_is_interface(e->type) || pointer_shaped(e->type)))
			expr(note(k, e, "dot"), e->u.assert.x);
		else
			expr(note(deref(k), e, "dot"), e->u.assert.x);
		return;
	case E_CALL: call(&k, 1, e, false); return;
	case E_KEYVALUE: expr(k, e->u.kv.value); return;
	default: return;
	}
}

/* ---------------------------------------------------------------- calls */

static FnSum *fnsum_of(Object *fn)
{
	if (!fn || fn->kind != OBJ_FUNC || !fn->decl)
		return NULL;
	Loc **s = map_slot(fn->decl);
	return (FnSum *)(void *)*s;
}

/* Summaries of standard-library functions, as Go's own implementations tag them: for each
 * parameter, the heap leak level (-1 none) and the level to result 0 (-1 none). */
typedef struct StdSum {
	const char *name;
	int heap[4];
	int res0[4];
} StdSum;
static const StdSum stdsums[] = {
        {"fmt.Println", {1}, {-1}},
        {"fmt.Print", {1}, {-1}},
        {"fmt.Printf", {-1, 1}, {-1, -1}},
        {"fmt.Sprint", {1}, {-1}},
        {"fmt.Sprintln", {1}, {-1}},
        {"fmt.Sprintf", {-1, 1}, {-1, -1}},
        {"fmt.Errorf", {-1, 1}, {-1, -1}},
        {"fmt.Fprintln", {0, 1}, {-1, -1}},
        {"fmt.Fprintf", {0, -1, 1}, {-1, -1, -1}},
        {"fmt.Fprint", {0, 1}, {-1, -1}},
        {"strings.Join", {-1, -1}, {1, -1}},
        {"strings.Fields", {0}, {-1}},
        {"strings.Split", {0, -1}, {-1, -1}},
        {"strings.TrimSpace", {-1}, {0}},
        {"strings.ToUpper", {-1}, {0}},
        {"strings.ToLower", {-1}, {0}},
        {"strings.Repeat", {-1}, {-1}},
        {"strings.Contains", {-1, -1}, {-1, -1}},
        {"strings.Index", {-1, -1}, {-1, -1}},
        {"strings.HasPrefix", {-1, -1}, {-1, -1}},
        {"strings.HasSuffix", {-1, -1}, {-1, -1}},
        {"strconv.Itoa", {-1}, {-1}},
        {"strconv.Atoi", {-1}, {-1}},
        {"errors.New", {0}, {-1}},
        {"sort.Ints", {0}, {-1}}, /* through the sort.Interface conversion */
        {"sort.Strings", {0}, {-1}},
        {"sort.Float64s", {0}, {-1}},
        {"sort.Slice", {0, -1}, {-1, -1}},
        {"sort.SliceStable", {0, -1}, {-1, -1}},
};

static void std_holes(Object *fn, int np, Hole *ks, int nks, Hole *out)
{
	if (mode_compile) {
		for (int p = 0; p < np; p++)
			out[p] = heaphole();
		return;
	}
	const char *pkg = fn->pkg ? fn->pkg->path : "";
	char name[128];
	snprintf(name, sizeof name, "%s.%s", pkg, fn->name);
	for (size_t i = 0; i < sizeof stdsums / sizeof stdsums[0]; i++)
		if (strcmp(stdsums[i].name, name) == 0) {
			for (int p = 0; p < np; p++) {
				int h = p < 4 ? stdsums[i].heap[p] : -1;
				int r = p < 4 ? stdsums[i].res0[p] : -1;
				Hole t[2];
				int n = 0;
				if (h >= 0)
					t[n++] = shift(heaphole(), h);
				if (r >= 0 && nks > 0)
					t[n++] = shift(ks[0], r);
				out[p] = tee(t, n);
			}
			return;
		}
	for (int p = 0; p < np; p++)
		out[p] = heaphole();
}

/* Holes for the parameters of a call to a function whose batch is solved. */
static void tag_holes(FnSum *f, Hole *ks, int nks, Hole *out)
{
	for (int p = 0; p < f->nparams; p++) {
		Hole t[1 + MAX_RESULTS];
		int n = 0;
		if (f->sums[p].heap >= 0)
			t[n++] = shift(heaphole(), f->sums[p].heap);
		for (int r = 0; r < MAX_RESULTS && r < nks; r++)
			if (f->sums[p].result[r] >= 0)
				t[n++] = shift(ks[r], f->sums[p].result[r]);
		out[p] = tee(t, n);
	}
}

static bool in_batch(FnSum *f)
{
	for (int i = 0; i < B->nfns; i++)
		if (B->fns[i] == f)
			return true;
	return false;
}

/*
 * A call as Go's notes print it, after the compiler's rewrites: a method call as a call of the
 * method expression with the receiver first ((*T).m(x, a), the implicit & not shown), and the
 * arguments packed into a variadic parameter as "... argument...".
 */
static const char *call_text(Expr *e)
{
	if (!explain)
		return NULL;
	Expr *fun = e->u.call.fun;
	while (fun->kind == E_PAREN)
		fun = fun->u.paren.x;
	Buf b = {0};
	bput(&b, "");
	Expr *recv = NULL;
	if (fun->kind == E_SELECTOR && fun->u.sel.kind == SEL_METHOD && !fun->u.sel.is_value &&
	    fun->u.sel.obj && fun->u.sel.obj->recv_type) {
		Object *m = fun->u.sel.obj;
		Type *rt = m->recv_type;
		const char *pkg = rt->pkg && rt->pkg != prog->main ? rt->pkg->path : NULL;
		char *tn = pkg ? xprintf("%s.%s", pkg, rt->name) : xprintf("%s", rt->name);
		char *head = m->ptr_recv ? xprintf("(*%s).%s(", tn, m->name) : xprintf("%s.%s(", tn, m->name);
		bput(&b, head);
		free(tn);
		free(head);
		recv = fun->u.sel.x;
		while (recv->kind == E_PAREN)
			recv = recv->u.paren.x;
		expr_go(&b, recv); /* an implicit &recv prints as recv */
	} else {
		expr_go(&b, fun);
		bput(&b, "(");
	}
	Type *sig = fun->type;
	int nargs = e->u.call.nargs;
	int nfixed = sig && sig->kind == K_FUNC && sig->variadic && !e->u.call.has_ellipsis
	                     ? sig->nparams - 1
	                     : nargs;
	for (int i = 0; i < nargs && i < nfixed; i++) {
		if (i || recv)
			bput(&b, ", ");
		expr_go(&b, e->u.call.args[i]);
	}
	if (nfixed < nargs) {
		if (nfixed || recv)
			bput(&b, ", ");
		bput(&b, "... argument...");
	} else if (e->u.call.has_ellipsis) {
		bput(&b, "...");
	}
	bput(&b, ")");
	return b.s;
}

/* The hole of a call's argument: its parameter's hole, noted (Go's argument()). */
static Hole arg_hole(Hole k, Expr *call, const char *text)
{
	return explain ? note_at(k, text, call->u.call.lparen, "call parameter") : k;
}

/* The source slice of append(s, x...) or copy(d, x): the pointers it holds are copied into
 * the destination, so they reach the heap; the slice itself does not. */
static void copied_slice(Expr *call, const char *ctext, Expr *x, const char *why)
{
	Type *t = x->type;
	if (t && t->kind == K_SLICE && has_pointers(t->elem))
		expr(arg_hole(note_at(deref(heaphole()), ctext, call->u.call.lparen, why), call, ctext),
		     x);
	else
		expr(discard(), x);
}

static void call(Hole *ks, int nks, Expr *e, bool isgo)
{
	const char *ctext = e->u.call.conversion ? NULL : call_text(e);
	if (e->u.call.conversion) {
		Expr *x = e->u.call.nargs ? e->u.call.args[0] : NULL;
		Type *to = e->type;
		Type *from = x ? x->type : NULL;
		if (!x)
			return;
		if (to && types_is_interface(to) && from && !types_is_interface(from)) {
			if (pointer_shaped(from)) {
				expr(note(ks[0], e, "interface-converted"), x);
				return;
			}
			Hole c = site(ks[0], e, e->u.call.lparen, NULL);
			if (x->mode != MODE_CONSTANT)
				expr(note(c, e, "interface-converted"), x);
			return;
		}
		if (to && from &&
		    ((to->kind == K_STRING && from->kind == K_SLICE) ||
		     (to->kind == K_SLICE && from->kind == K_STRING) ||
		     (to->kind == K_STRING && types_is_integer(from) && x->mode != MODE_CONSTANT))) {
			Hole c = site(ks[0], e, e->u.call.lparen, NULL);
			c.dst->what = expr_text(e);
			(void)c;
			expr(discard(), x);
			return;
		}
		expr(ks[0], x);
		return;
	}
	Expr **args = e->u.call.args;
	int nargs = e->u.call.nargs;
	switch (e->u.call.builtin) {
	case BI_NONE: break;
	case BI_NEW: {
		Type *t = e->type ? e->type->elem : NULL;
		new_site(ks[0], e, t, e->u.call.lparen, false);
		return;
	}
	case BI_MAKE: {
		Type *t = e->type;
		for (int i = 1; i < nargs; i++)
			expr(discard(), args[i]);
		if (t && t->kind == K_CHAN) /* channels live on the heap; the value carries nothing */
			return;
		if (t && t->kind == K_MAP) {
			new_site(ks[0], e, NULL, e->u.call.lparen, false);
			return;
		}
		/* a slice: its size must be a constant within the limit */
		Expr *sz = nargs > 2 ? args[2] : nargs > 1 ? args[1] : NULL;
		bool known = sz && sz->mode == MODE_CONSTANT;
		int64_t n = 0;
		if (known) {
			known = esc_const_int(sz, &n);
		}
		Hole c = new_site(ks[0], e, NULL, e->u.call.lparen, !known);
		c.dst->frame_bytes = known ? n * type_size(t->elem) : 0;
		if (known && n * type_size(t->elem) > MAX_STACK_EXPLICIT) {
			c.dst->force_heap = true;
			c.dst->heap_reason = "too large for stack";
		}
		return;
	}
	case BI_APPEND: {
		if (nargs == 0)
			return;
		Type *st = args[0]->type;
		Hole appendee = ks[0];
		if (st && st->elem && has_pointers(st->elem)) {
			Hole t[2] = {ks[0], note_at(deref(heaphole()), ctext, e->u.call.lparen,
			                            "appendee slice")};
			appendee = tee(t, 2);
		}
		expr(arg_hole(appendee, e, ctext), args[0]);
		if (e->u.call.has_ellipsis) {
			if (nargs > 1)
				copied_slice(e, ctext, args[1], "appended slice...");
		} else {
			for (int i = 1; i < nargs; i++)
				expr_to(arg_hole(heaphole(), e, ctext), args[i], st ? st->elem : NULL,
				        args[i]->pos);
		}
		return;
	}
	case BI_COPY:
		expr(discard(), args[0]);
		if (nargs > 1)
			copied_slice(e, ctext, args[1], "copied slice");
		return;
	case BI_PANIC: {
		static Type *empty;
		(void)empty;
		for (int i = 0; i < nargs; i++) {
			Type *it = NULL;
			if (args[i]->type && !types_is_interface(args[i]->type))
				it = t_any;
			expr_to_at(arg_hole(heaphole(), e, ctext), args[i], it, e->u.call.lparen, 2);
		}
		return;
	}
	default:
		for (int i = 0; i < nargs; i++)
			expr(discard(), args[i]);
		return;
	}

	/* an ordinary call: find the callee */
	Expr *fun = e->u.call.fun;
	while (fun->kind == E_PAREN)
		fun = fun->u.paren.x;
	Object *fnobj = NULL;
	Expr *recv = NULL;
	bool recv_addr = false, unknown = false;
	FuncLitInfo *lit = NULL;
	Expr *litexpr = NULL;
	if (fun->kind == E_IDENT && fun->u.ident.obj && fun->u.ident.obj->kind == OBJ_FUNC) {
		fnobj = fun->u.ident.obj;
	} else if (fun->kind == E_SELECTOR && fun->u.sel.kind == SEL_PKG && fun->u.sel.obj &&
	           fun->u.sel.obj->kind == OBJ_FUNC) {
		fnobj = fun->u.sel.obj;
	} else if (fun->kind == E_SELECTOR && fun->u.sel.kind == SEL_METHOD && !fun->u.sel.is_value) {
		fnobj = fun->u.sel.obj;
		recv = fun->u.sel.x;
		recv_addr = fun->u.sel.addr;
	} else if (fun->kind == E_FUNCLIT && !isgo) {
		lit = fun->u.funclit.info;
		litexpr = fun;
	} else {
		unknown = true;
	}
	Type *sig = fun->type;
	if (!sig || sig->kind != K_FUNC) {
		for (int i = 0; i < nargs; i++)
			expr(arg_hole(heaphole(), e, ctext), args[i]);
		return;
	}
	int np = sig->nparams + (recv ? 1 : 0);
	Hole *ph = xcalloc((size_t)np + 1, sizeof *ph);
	FnSum *fs = fnobj ? fnsum_of(fnobj) : NULL;
	if (isgo || unknown) {
		for (int i = 0; i < np; i++)
			ph[i] = heaphole();
		if (fun->kind == E_SELECTOR && fun->u.sel.kind == SEL_IMETHOD)
			/* the receiver of an interface call leaks */
			expr(arg_hole(heaphole(), e, ctext), fun->u.sel.x);
		else if (unknown || fun->kind == E_FUNCLIT)
			expr(isgo ? heaphole() : discard(), fun);
	} else if (lit) {
		/* a function literal called on the spot: its body is part of this batch */
		expr(discard(), litexpr);
		int pi = 0;
		Expr *ft = litexpr->u.funclit.type;
		for (int f = 0; f < ft->u.func.nparams; f++) {
			Field *fl = &ft->u.func.params[f];
			int n = fl->nnames ? fl->nnames : 1;
			for (int j = 0; j < n; j++, pi++) {
				Object *o = fl->nnames ? fl->names[j]->u.ident.obj : NULL;
				ph[pi] = o ? hole(varloc(o)) : discard();
			}
		}
		int ri = 0;
		for (int i = 0; i < lit->nlocals && ri < nks; i++)
			if (lit->locals[i]->is_result)
				flow(ks[ri++], varloc(lit->locals[i]));
	} else if (fs && in_batch(fs)) {
		for (int i = 0; i < np && i < fs->nparams; i++)
			ph[i] = fs->params[i] ? hole(varloc(fs->params[i])) : discard();
		for (int r = 0; r < fs->nresults && r < nks; r++)
			flow(ks[r], varloc(fs->results[r]));
	} else if (fs && fs->sums) {
		tag_holes(fs, ks, nks, ph);
	} else if (fnobj && fnobj->pkg && fnobj->pkg != prog->main) {
		if (recv) { /* library methods keep what their receiver points to, not the receiver,
			       * except sync.WaitGroup's (Go's own leak it) */
			std_holes(fnobj, np - 1, ks, nks, ph + 1);
			Type *rt = fnobj->recv_type;
			bool leaks = rt && rt->name && rt->pkg && strcmp(rt->pkg->path, "sync") == 0 &&
			             strcmp(rt->name, "WaitGroup") == 0;
			ph[0] = leaks || mode_compile ? heaphole() : shift(heaphole(), 1);
		} else {
			std_holes(fnobj, np, ks, nks, ph);
		}
	} else {
		for (int i = 0; i < np; i++)
			ph[i] = heaphole();
	}
	for (int i = 0; i < np; i++)
		ph[i] = arg_hole(ph[i], e, ctext);
	int pi = 0;
	if (recv) {
		Hole rk = ph[0];
		if (recv_addr) {
			Pos dot;
			node_pos(fun, &dot);
			rk = explain ? note_at(addr(rk), expr_text(recv), dot, "address-of") : addr(rk);
		}
		expr(rk, recv);
		pi = 1;
	}
	int nfixed = sig->variadic ? sig->nparams - 1 : sig->nparams;
	bool pack = sig->variadic && !e->u.call.has_ellipsis;
	if (nargs == 1 && args[0]->type && args[0]->type->kind == K_TUPLE) {
		/* f(g()): g's results are f's arguments */
		Hole *rk = xcalloc((size_t)sig->nparams + 1, sizeof *rk);
		for (int i = 0; i < sig->nparams; i++)
			rk[i] = ph[pi + i];
		call(rk, sig->nparams, args[0], false);
		free(rk);
		free(ph);
		return;
	}
	Pos ctx = e->u.call.lparen;
	for (int i = 0; i < nargs && i < nfixed; i++) {
		expr_to(ph[pi + i], args[i], sig->params[i], ctx);
		node_pos(args[i], &ctx);
	}
	if (sig->variadic) {
		Type *st = sig->params[sig->nparams - 1];
		if (pack) {
			if (nargs > nfixed) {
				Hole c = site(ph[pi + nfixed], e, e->u.call.lparen, "... argument");
				c.dst->frame_bytes = (nargs - nfixed) * type_size(st->elem);
				if (mode_compile && c.dst->frame_bytes > MAX_STACK_EXPLICIT)
					c.dst->force_heap = true;
				c = note_at(c, "... argument", e->u.call.lparen, "slice-literal-element");
				for (int i = nfixed; i < nargs; i++) {
					expr_to(c, args[i], st->elem, ctx);
					node_pos(args[i], &ctx);
				}
			}
		} else if (nargs > nfixed) {
			expr(ph[pi + nfixed], args[nfixed]);
		}
	}
	free(ph);
}

/* ---------------------------------------------------------------- statements */

static void stmt(Stmt *s);

static void stmts(Stmt **ss, int n)
{
	for (int i = 0; i < n; i++)
		stmt(ss[i]);
}

/* The result locations of the function being walked. */
static void result_holes(FuncLitInfo *info, Hole *out, int *n)
{
	*n = 0;
	for (int i = 0; i < info->nlocals && *n < 16; i++)
		if (info->locals[i]->is_result)
			out[(*n)++] = hole(varloc(info->locals[i]));
}

static Expr *unparen_e(Expr *e)
{
	while (e && e->kind == E_PAREN)
		e = e->u.paren.x;
	return e;
}

static bool same_safe(Expr *a, Expr *b)
{
	a = unparen_e(a);
	b = unparen_e(b);
	if (!a || !b || a->kind != b->kind)
		return false;
	switch (a->kind) {
	case E_IDENT: return a->u.ident.obj && a->u.ident.obj == b->u.ident.obj;
	case E_SELECTOR:
		return a->u.sel.kind == SEL_FIELD && b->u.sel.kind == SEL_FIELD &&
		       a->u.sel.name == b->u.sel.name && same_safe(a->u.sel.x, b->u.sel.x);
	case E_STAR: return same_safe(a->u.star.x, b->u.star.x);
	default: return false;
	}
}

/* The name a pointer selector or dereference starts from (p in p.f or *p), or NULL. */
static Object *deref_base(Expr *e)
{
	e = unparen_e(e);
	Expr *x = NULL;
	if (e->kind == E_STAR)
		x = e->u.star.x;
	else if (e->kind == E_SELECTOR && e->u.sel.kind == SEL_FIELD && e->u.sel.npath &&
	         e->u.sel.path[0].deref)
		x = e->u.sel.x;
	x = unparen_e(x);
	return x && x->kind == E_IDENT ? x->u.ident.obj : NULL;
}

/* Go's isSelfAssign: p.buf = p.buf[i:j], val.x = val.y and the like store no new pointer. */
static bool self_assign(Expr *dst, Expr *src)
{
	dst = unparen_e(dst);
	src = unparen_e(src);
	if (!dst || !src)
		return false;
	if (src->kind == E_SLICE && src->u.slice.x->type &&
	    src->u.slice.x->type->kind != K_ARRAY) {
		Object *a = deref_base(dst), *b = deref_base(src->u.slice.x);
		if (a && a == b)
			return true;
	}
	if (dst->kind != src->kind)
		return false;
	if (dst->kind == E_SELECTOR && dst->u.sel.kind == SEL_FIELD && src->u.sel.kind == SEL_FIELD)
		return same_safe(dst->u.sel.x, src->u.sel.x);
	return false;
}

/* "a, b := x, y" as Go prints an assignment (explanations only). */
static const char *assign_text(Expr **lhs, int nl, Expr **rhs, int nr, const char *op)
{
	if (!explain)
		return NULL;
	Buf b = {0};
	args_go(&b, lhs, nl);
	bput(&b, op);
	args_go(&b, rhs, nr);
	return b.s;
}

static void assign(Expr **lhs, int nl, Expr **rhs, int nr, TokenKind op, bool *is_new, Pos pos,
                   Pos oppos)
{
	const char *text = assign_text(lhs, nl, rhs, nr, op == T_DEFINE ? " := " : " = ");
	if (op == T_DEFINE)
		for (int i = 0; i < nl; i++)
			if (lhs[i]->kind == E_IDENT && lhs[i]->u.ident.obj && (!is_new || is_new[i]))
				declare(lhs[i]->u.ident.obj);
	if (op != T_ASSIGN && op != T_DEFINE) { /* x op= y */
		if (op == T_ADD_ASSIGN && lhs[0]->type && lhs[0]->type->kind == K_STRING) {
			Hole k = lhs_hole(lhs[0]);
			Loc *l = newloc(NULL, NULL, pos);
			l->quiet = true;
			flow(k, l);
		} else {
			lhs_hole(lhs[0]);
		}
		expr(discard(), rhs[0]);
		return;
	}
	if (nl > 1 && nr == 1) { /* a, b = f() / v, ok = m[k] / x.(T) / <-ch */
		Hole ks[16];
		for (int i = 0; i < nl && i < 16; i++)
			ks[i] = lhs_hole(lhs[i]);
		Expr *r = rhs[0];
		while (r->kind == E_PAREN)
			r = r->u.paren.x;
		if (r->kind == E_CALL) {
			call(ks, nl, r, false);
			return;
		}
		const char *why = r->kind == E_INDEX        ? "assign-pair-mapr"
		                  : r->kind == E_TYPEASSERT ? "assign-pair-dot-type"
		                                            : "assign-pair-receive";
		expr(note_at(ks[0], text, oppos, why), r);
		return;
	}
	for (int i = 0; i < nl && i < nr; i++) {
		if (nl == 1 && self_assign(lhs[0], rhs[0])) {
			Buf b = {0};
			expr_go(&b, lhs[0]);
			bput(&b, " = ");
			expr_go(&b, rhs[0]);
			msg(oppos, xprintf("%s ignoring self-assignment in %s", curname, b.s));
			free(b.s);
			continue;
		}
		Hole k = note_at(lhs_hole(lhs[i]), text, oppos, nl > 1 ? "assign-pair" : "assign");
		expr_to_at(k, rhs[i], lhs[i]->type, pos, 1);
	}
}

static void stmt(Stmt *s)
{
	if (!s)
		return;
	switch (s->kind) {
	case S_DECL: {
		Decl *d = s->u.decl;
		if (d->kind != D_VAR)
			return;
		for (int i = 0; i < d->u.value.nnames; i++)
			declare(d->u.value.objs ? d->u.value.objs[i] : NULL);
		for (int i = 0; i < d->u.value.nvalues && i < d->u.value.nnames; i++) {
			Object *o = d->u.value.objs ? d->u.value.objs[i] : NULL;
			Hole k = o ? hole(varloc(o)) : discard();
			if (d->u.value.nvalues == 1 && d->u.value.nnames > 1) {
				Hole ks[16];
				for (int j = 0; j < d->u.value.nnames && j < 16; j++)
					ks[j] = d->u.value.objs[j] ? hole(varloc(d->u.value.objs[j])) : discard();
				if (d->u.value.values[0]->kind == E_CALL)
					call(ks, d->u.value.nnames, d->u.value.values[0], false);
				else
					expr(ks[0], d->u.value.values[0]);
				break;
			}
			Expr *v = d->u.value.values[i];
			if (explain)
				k = note_at(k, assign_text(&d->u.value.names[i], 1, &v, 1, " = "),
				            d->u.value.names[i]->pos, "assign");
			expr_to_at(k, v, o ? o->type : NULL, d->u.value.names[i]->pos, 2);
		}
		return;
	}
	case S_LABELED: stmt(s->u.labeled.stmt); return;
	case S_EXPR: {
		Expr *x = s->u.expr.x;
		if (x->kind == E_CALL)
			call(NULL, 0, x, false);
		else
			expr(discard(), x);
		return;
	}
	case S_SEND: {
		Type *ct = s->u.send.chan->type;
		expr(discard(), s->u.send.chan);
		Hole k = heaphole();
		if (explain) {
			Expr *v = unparen_e(s->u.send.value);
			bool paren = v->kind == E_UNARY || v->kind == E_STAR;
			k = note_at(k,
			            xprintf(paren ? "%s <- (%s)" : "%s <- %s", expr_text(s->u.send.chan),
			                    expr_text(v)),
			            s->u.send.arrow, "send");
		}
		expr_to(k, s->u.send.value, ct ? ct->elem : NULL, s->u.send.value->pos);
		return;
	}
	case S_INCDEC: lhs_hole(s->u.incdec.x); return;
	case S_ASSIGN:
		assign(s->u.assign.lhs, s->u.assign.nlhs, s->u.assign.rhs, s->u.assign.nrhs,
		       s->u.assign.op, s->u.assign.is_new, s->pos, s->u.assign.oppos);
		return;
	case S_GO: call(NULL, 0, s->u.call.call, true); return;
	case S_DEFER:
		/* minirt keeps a deferred call's arguments in a heap record, so for the compiler
		 * they escape; Go stack-allocates a defer outside loops */
		call(NULL, 0, s->u.call.call, loopdepth > 0 || mode_compile);
		return;
	case S_RETURN: {
		Hole rk[16];
		int nr;
		result_holes(curfn, rk, &nr);
		if (s->u.ret.nresults == 1 && nr > 1 && s->u.ret.results[0]->kind == E_CALL) {
			call(rk, nr, s->u.ret.results[0], false);
			return;
		}
		Type *sig = curfn->sig;
		const char *text = NULL;
		if (explain) {
			Buf b = {0};
			bput(&b, "return ");
			args_go(&b, s->u.ret.results, s->u.ret.nresults);
			text = b.s;
		}
		for (int i = 0; i < s->u.ret.nresults && i < nr; i++) {
			Expr *r = s->u.ret.results[i];
			expr_to(note_at(rk[i], text, s->pos, "return"), r,
			        sig && i < sig->nresults ? sig->results[i] : NULL, r->pos);
		}
		return;
	}
	case S_BRANCH: return;
	case S_BLOCK: stmts(s->u.block.stmts, s->u.block.nstmts); return;
	case S_IF:
		stmt(s->u.ifs.init);
		expr(discard(), s->u.ifs.cond);
		stmt(s->u.ifs.then);
		stmt(s->u.ifs.els);
		return;
	case S_SWITCH:
		stmt(s->u.swtch.init);
		expr(discard(), s->u.swtch.tag);
		for (int i = 0; i < s->u.swtch.nclauses; i++) {
			Stmt *c = s->u.swtch.clauses[i];
			for (int j = 0; j < c->u.clause.nlist; j++) {
				Expr *ce = c->u.clause.list[j];
				Type *tt = s->u.swtch.tag ? s->u.swtch.tag->type : NULL;
				expr_to(discard(), ce, tt && types_is_interface(tt) ? tt : NULL, ce->pos);
			}
			stmts(c->u.clause.body, c->u.clause.nbody);
		}
		return;
	case S_TYPESWITCH: {
		stmt(s->u.tswitch.init);
		Loc *tmp = newloc(NULL, NULL, s->pos);
		tmp->quiet = true;
		expr(hole(tmp), s->u.tswitch.x);
		for (int i = 0; i < s->u.tswitch.nclauses; i++) {
			Stmt *c = s->u.tswitch.clauses[i];
			Object *v = c->u.clause.tsvar;
			if (v) {
				declare(v);
				Type *vt = v->type;
				Hole k = hole(varloc(v));
				if (vt && !types_is_interface(vt) && !pointer_shaped(vt))
					k = deref(k);
				flow(k, tmp);
			}
			stmts(c->u.clause.body, c->u.clause.nbody);
		}
		return;
	}
	case S_SELECT:
		for (int i = 0; i < s->u.select.nclauses; i++) {
			Stmt *c = s->u.select.clauses[i];
			Stmt *comm = c->u.comm.comm;
			if (comm && comm->kind == S_ASSIGN) {
				if (comm->u.assign.op == T_DEFINE)
					for (int j = 0; j < comm->u.assign.nlhs; j++)
						if (comm->u.assign.lhs[j]->kind == E_IDENT &&
						    comm->u.assign.lhs[j]->u.ident.obj)
							declare(comm->u.assign.lhs[j]->u.ident.obj);
				for (int j = 0; j < comm->u.assign.nlhs; j++)
					lhs_hole(comm->u.assign.lhs[j]);
				expr(discard(), comm->u.assign.rhs[0]);
			} else {
				stmt(comm);
			}
			stmts(c->u.comm.body, c->u.comm.nbody);
		}
		return;
	case S_FOR:
		stmt(s->u.fors.init);
		/* Go 1.22: each iteration has its own copy of a loop variable whose address is taken
		 * or that a closure captures, so the copy lives inside the loop: a pointer to one
		 * kept past its iteration escapes */
		for (int i = 0; i < s->u.fors.nloopvars; i++) {
			Object *o = s->u.fors.loopvars[i];
			if (o) {
				o->esc_loopvar = true;
				if (o->addr_taken || o->captured)
					varloc(o)->loopdepth = loopdepth + 1;
			}
		}
		loopdepth++;
		expr(discard(), s->u.fors.cond);
		stmt(s->u.fors.post);
		stmt(s->u.fors.body);
		loopdepth--;
		return;
	case S_RANGE: {
		Loc *tmp = newloc(NULL, NULL, s->pos);
		tmp->quiet = true;
		Expr *x = s->u.range.x;
		expr(hole(tmp), x);
		loopdepth++;
		Hole kk = discard(), kv = discard();
		if (s->u.range.define) {
			Expr *rv[2] = {s->u.range.key, s->u.range.value};
			for (int i = 0; i < 2; i++)
				if (rv[i] && rv[i]->kind == E_IDENT && rv[i]->u.ident.obj) {
					declare(rv[i]->u.ident.obj);
					rv[i]->u.ident.obj->esc_loopvar = true;
				}
		}
		kk = lhs_hole(s->u.range.key);
		kv = lhs_hole(s->u.range.value);
		Type *xt = x->type;
		if (xt && xt->kind == K_MAP) {
			(void)kk;
		} else if (xt && xt->kind == K_ARRAY) {
			flow(note_at(kv, "for loop", s->pos, "range"), tmp);
		} else if (xt && (xt->kind == K_SLICE ||
		                  (xt->kind == K_POINTER && xt->elem && xt->elem->kind == K_ARRAY))) {
			flow(note_at(deref(kv), "for loop", s->pos, "range-deref"), tmp);
		}
		stmt(s->u.range.body);
		loopdepth--;
		return;
	}
	default: return;
	}
}

/* Walks a function's (or function literal's) body into the current batch. */
static void esc_funcbody(FuncLitInfo *info, Expr *ftype, Stmt *body, Field *recv)
{
	(void)ftype;
	(void)recv;
	if (!info)
		return;
	FuncLitInfo *saved = curfn;
	int savedloop = loopdepth;
	curfn = info;
	loopdepth = 0;
	for (int i = 0; i < info->nlocals; i++)
		if (info->locals[i]->is_param || info->locals[i]->is_result) {
			declare(info->locals[i]);
			Loc *l = varloc(info->locals[i]);
			l->is_param = info->locals[i]->is_param;
			l->is_result = info->locals[i]->is_result;
		}
	int ri = 0;
	for (int i = 0; i < info->nlocals; i++)
		if (info->locals[i]->is_result)
			varloc(info->locals[i])->result_index = ri++;
	stmt(body);
	curfn = saved;
	loopdepth = savedloop;
}

bool escape_on_stack(Expr *site)
{
	if (!map || !mode_compile)
		return false;
	Loc *l = *map_slot(site);
	return l && l->n == site && !l->escapes && !l->force_heap && l->fn && !l->fn->esc_nostack &&
	       l->loopdepth >= 0;
}

/* ---------------------------------------------------------------- solving */

static bool contains_closure(FuncLitInfo *outer, FuncLitInfo *inner)
{
	if (outer == inner)
		return false;
	for (FuncLitInfo *f = inner; f; f = f->outer)
		if (f == outer)
			return true;
	return false;
}

static bool outlives(Loc *l, Loc *other)
{
	if (l->escapes || l->is_heap)
		return true;
	if (l->is_result)
		return true;
	if (l->fn == other->fn && l->loopdepth < other->loopdepth)
		return true;
	if (contains_closure(l->fn, other->fn))
		return true;
	return false;
}

static void leak_to(Loc *l, Loc *sink, int derefs)
{
	if (!sink->escapes && !sink->is_heap && sink->is_result && sink->fn == l->fn &&
	    sink->result_index < MAX_RESULTS) {
		int *r = &l->leak_result[sink->result_index];
		if (*r < 0 || derefs < *r)
			*r = derefs;
		return;
	}
	if (l->leak_heap < 0 || derefs < l->leak_heap)
		l->leak_heap = derefs;
}

static Loc **todo;
static int ntodo, captodo;

static void enqueue(Loc *l)
{
	if (!l->queued) {
		l->queued = true;
		VPUSH(todo, ntodo, captodo, l);
	}
}

static void walk_one(Loc *root, unsigned gen)
{
	static Loc **stack;
	static int nstack, capstack;
	nstack = 0;
	root->walkgen = gen;
	root->derefs = 0;
	root->dst = NULL;
	VPUSH(stack, nstack, capstack, root);
	while (nstack) {
		Loc *l = stack[--nstack];
		int derefs = l->derefs;
		bool addressof = derefs < 0;
		if (addressof)
			derefs = 0;
		if (outlives(root, l)) {
			if (l->is_param && l->var) {
				if (explain && !l->escapes) {
					msg(l->pos, xprintf("parameter %s leaks to %s with derefs=%d:",
					                    l->var->name, loc_name(root), derefs));
					explain_path(root, l);
				}
				leak_to(l, root, derefs);
			}
			if (addressof && !l->escapes) {
				if (explain) {
					msg(l->pos, xprintf("%s escapes to heap:", loc_text(l)));
					explain_path(root, l);
				}
				l->escapes = true;
				enqueue(l);
				continue;
			}
		}
		for (int i = 0; i < l->nedges; i++) {
			Edge *ed = &l->edges[i];
			if (ed->src->escapes)
				continue;
			int d = derefs + ed->derefs;
			if (ed->src->walkgen != gen || ed->src->derefs > d) {
				ed->src->walkgen = gen;
				ed->src->derefs = d;
				ed->src->dst = l;
				ed->src->dst_edge = i;
				VPUSH(stack, nstack, capstack, ed->src);
			}
		}
	}
}

static void walk_all(void)
{
	static unsigned gen;
	ntodo = 0;
	for (int i = 0; i < B->nlocs; i++) {
		Loc *l = B->locs[i];
		if (l->force_heap && explain && l->heap_reason && !l->quiet) {
			/* Go's HeapAllocReason, a flow from the heap taking the address */
			msg(l->pos, xprintf("%s escapes to heap:", loc_text(l)));
			Note n = {NULL, loc_text(l), l->pos, l->heap_reason};
			explain_flow(l->pos, &B->heap, l, -1, &n);
		}
		if (l->force_heap)
			l->escapes = true;
		enqueue(l);
	}
	enqueue(&B->heap);
	while (ntodo) {
		Loc *root = todo[--ntodo];
		root->queued = false;
		walk_one(root, ++gen);
	}
}

/* ---------------------------------------------------------------- functions and batches */

static FnSum *make_sum(Object *fn, Decl *d, FuncLitInfo *info)
{
	FnSum *f = xcalloc(1, sizeof *f);
	f->fn = fn;
	f->decl = d;
	f->info = info;
	Expr *ft = d->u.func.type;
	int np = (d->u.func.recv ? 1 : 0);
	for (int i = 0; i < ft->u.func.nparams; i++)
		np += ft->u.func.params[i].nnames ? ft->u.func.params[i].nnames : 1;
	f->params = xcalloc((size_t)np, sizeof *f->params);
	int pi = 0;
	if (d->u.func.recv) {
		Field *r = d->u.func.recv;
		f->params[pi++] = r->nnames ? r->names[0]->u.ident.obj : NULL;
	}
	for (int i = 0; i < ft->u.func.nparams; i++) {
		Field *fl = &ft->u.func.params[i];
		int n = fl->nnames ? fl->nnames : 1;
		for (int j = 0; j < n; j++)
			f->params[pi++] = fl->nnames ? fl->names[j]->u.ident.obj : NULL;
	}
	f->nparams = np;
	if (info) {
		for (int i = 0; i < info->nlocals; i++)
			if (info->locals[i]->is_result)
				f->nresults++;
		f->results = xcalloc((size_t)f->nresults, sizeof *f->results);
		int ri = 0;
		for (int i = 0; i < info->nlocals; i++)
			if (info->locals[i]->is_result)
				f->results[ri++] = info->locals[i];
	}
	*map_slot(d) = (Loc *)(void *)f;
	return f;
}

/* Static callees of the main package in e (for the call graph). */
/* The functions of the main package that a body refers to (calls or values), in order. */
typedef struct Callees {
	Walker w; /* first: the walk's callbacks get the Callees */
	FnSum **v;
	int n, cap;
} Callees;

static bool callee_ref(Walker *w, Expr *e)
{
	Callees *c = (Callees *)(void *)w;
	Object *o = e->kind == E_IDENT                                     ? e->u.ident.obj
	            : e->kind == E_SELECTOR && e->u.sel.kind == SEL_METHOD ? e->u.sel.obj
	                                                                   : NULL;
	if (o && (e->kind == E_SELECTOR || o->kind == OBJ_FUNC)) {
		FnSum *f = fnsum_of(o);
		if (f)
			VPUSH(c->v, c->n, c->cap, f);
	}
	return true;
}

static int tarjan_index;
static FnSum **tstack;
static int ntstack, captstack;
static void analyse_batch(FnSum **fns, int n);

static void strongconnect(FnSum *v)
{
	v->index = v->low = ++tarjan_index;
	VPUSH(tstack, ntstack, captstack, v);
	v->onstack = true;
	Callees c = {.w = {.expr = callee_ref}};
	walk_stmt(&c.w, v->decl->u.func.body);
	for (int i = 0; i < c.n; i++) {
		FnSum *w = c.v[i];
		if (!w->index) {
			strongconnect(w);
			if (w->low < v->low)
				v->low = w->low;
		} else if (w->onstack && w->index < v->low) {
			v->low = w->index;
		}
	}
	free(c.v);
	if (v->low == v->index) {
		FnSum **scc = NULL;
		int n = 0, cap = 0;
		FnSum *w;
		do {
			w = tstack[--ntstack];
			w->onstack = false;
			VPUSH(scc, n, cap, w);
		} while (w != v);
		analyse_batch(scc, n);
		free(scc);
	}
}

static void report_batch(void)
{
	for (int i = 0; i < B->nlocs; i++) {
		Loc *l = B->locs[i];
		if (l->quiet)
			continue;
		if (l->var) {
			if (l->escapes && !l->var->is_result)
				msg(l->var->pos, xprintf("moved to heap: %s", l->var->name));
			else if (l->escapes)
				msg(l->var->pos, xprintf("moved to heap: %s", l->var->name));
			continue;
		}
		if (!l->n || !l->what)
			continue;
		msg(l->pos, xprintf("%s %s", l->what, l->escapes ? "escapes to heap" : "does not escape"));
	}
}

/* Parameter messages and summaries of one function (Go's paramTag). */
static void tag_params(FnSum *f)
{
	f->sums = xcalloc((size_t)f->nparams + 1, sizeof *f->sums);
	for (int p = 0; p < f->nparams; p++) {
		Object *o = f->params[p];
		ParamSum *ps = &f->sums[p];
		ps->heap = -1;
		for (int r = 0; r < MAX_RESULTS; r++)
			ps->result[r] = -1;
		if (!o || !has_pointers(o->type))
			continue;
		Loc *l = varloc(o);
		ps->heap = l->leak_heap;
		for (int r = 0; r < MAX_RESULTS; r++) {
			ps->result[r] = l->leak_result[r];
			if (ps->heap >= 0 && ps->result[r] >= ps->heap)
				ps->result[r] = -1; /* Go's Optimize: the heap leak covers it */
		}
		if (l->escapes)
			continue;
		bool any = ps->heap >= 0;
		if (ps->heap == 0)
			msg(o->pos, xprintf("leaking param: %s", o->name));
		else if (ps->heap > 0)
			msg(o->pos, xprintf("leaking param content: %s", o->name));
		for (int r = 0; r < MAX_RESULTS && r < f->nresults; r++)
			if (ps->result[r] >= 0) {
				any = true;
				msg(o->pos, xprintf("leaking param: %s to result %s level=%d", o->name,
				                    f->results[r]->name, ps->result[r]));
			}
		if (!any)
			msg(o->pos, xprintf("%s does not escape", o->name));
	}
}

/* Tags of function literals' parameters: their locations belong to the batch. */
static void tag_literal_params(void)
{
	for (int i = 0; i < B->nlocs; i++) {
		Loc *l = B->locs[i];
		if (!l->n || l->n->kind != E_FUNCLIT)
			continue;
		Expr *ft = l->n->u.funclit.type;
		FnSum tmp = {0};
		Object *ps[64];
		int np = 0;
		for (int f = 0; f < ft->u.func.nparams; f++) {
			Field *fl = &ft->u.func.params[f];
			int n = fl->nnames ? fl->nnames : 1;
			for (int j = 0; j < n && np < 64; j++)
				ps[np++] = fl->nnames ? fl->names[j]->u.ident.obj : NULL;
		}
		Object *rs[16];
		int nr = 0;
		FuncLitInfo *info = l->n->u.funclit.info;
		for (int j = 0; info && j < info->nlocals && nr < 16; j++)
			if (info->locals[j]->is_result)
				rs[nr++] = info->locals[j];
		tmp.params = ps;
		tmp.nparams = np;
		tmp.results = rs;
		tmp.nresults = nr;
		tag_params(&tmp);
		free(tmp.sums);
	}
}

/*
 * Go's "moved to heap" acted upon, in reverse: a local whose address is taken lives in a heap
 * cell (the checker's VAR_HEAP) unless the analysis found that its address does not escape;
 * then it stays in the frame (VAR_LOCAL, esc_frame: the compiler takes its address with LEA and
 * never clears or reuses its slots, since a pointer to it may outlive its block). Kept out:
 * captured variables (closures reach them through heap cells), parameters and results (their
 * slots are the call's) and large values. A loop variable qualifies too: Go 1.22 gives each
 * iteration its own, but one whose address does not outlive its iteration can share a slot
 * with the others (the walk treats loop variables as declared inside the loop).
 */
#define FRAME_VAR_MAX (64 << 10) /* as for frame objects (compile.c) */
/*
 * A function's frame budget: what it would keep in its frame, objects and address-taken
 * variables together, may not pass FRAME_BUDGET (slot numbers are 16 bits). A function over it
 * keeps everything on the heap. The decision is made here, for the whole function, because a
 * heap object that the analysis took for a frame object could be left pointing at another one
 * in the frame; the compiler never has to fall back on its own.
 */
#define FRAME_BUDGET (128 << 10)
static void frame_budget(void)
{
	for (int i = 0; i < B->nlocs; i++)
		if (B->locs[i]->fn)
			B->locs[i]->fn->esc_frame_bytes = 0;
	for (int i = 0; i < B->nlocs; i++) {
		Loc *l = B->locs[i];
		if (!l->fn || l->escapes || l->force_heap)
			continue;
		int64_t bytes = 0;
		if (l->n && frame_site_kind(l->n))
			bytes = l->frame_bytes;
		else if (l->var && l->var->addr_taken && l->var->type)
			bytes = l->var->type->size;
		l->fn->esc_frame_bytes += (bytes + 7) / 8 * 8;
		if (l->fn->esc_frame_bytes > FRAME_BUDGET)
			l->fn->esc_nostack = true;
	}
}

static void keep_vars_in_frames(void)
{
	for (int i = 0; i < B->nlocs; i++) {
		Loc *l = B->locs[i];
		Object *o = l->var;
		if (!o || l->escapes || o->storage != VAR_HEAP || !o->addr_taken || o->captured ||
		    o->is_param || o->is_result || !l->fn || l->fn->esc_nostack || !o->type ||
		    o->type->size > FRAME_VAR_MAX)
			continue;
		o->storage = VAR_LOCAL;
		o->esc_frame = true;
		vm_use_stack_objects(); /* pointers into frames: moving a stack relocates them */
	}
}

/*
 * Once every function of the batch is walked (so every assignment and address-of is known),
 * the variables each function literal captures flow into it: by value when never reassigned,
 * never address-taken and at most 128 bytes, else by reference (Go's flowClosure).
 */
static void flow_closures(void)
{
	for (int c = 0; c < B->nclos; c++) {
		LitFlow *clo = &B->clos[c];
		FuncLitInfo *info = clo->lit->u.funclit.info;
		for (int i = 0; info && i < info->ncaptures; i++) {
			Object *v = info->captures[i];
			Loc *l = varloc(v);
			bool byval = !v->addr_taken && !v->assigned && type_size(v->type) <= 128;
			Pos use = info->capture_pos ? info->capture_pos[i] : v->pos;
			if (explain)
				msg(v->pos, xprintf("%s capturing by %s: %s (addr=%s assign=%s width=%lld)",
				                    clo->name, byval ? "value" : "ref", v->name,
				                    l->addrtaken ? "true" : "false",
				                    v->assigned ? "true" : "false",
				                    (long long)type_size(v->type)));
			Hole k = clo->k;
			if (!byval)
				k = note_at(addr(k), v->name, use, "reference");
			flow(note_at(k, v->name, use, "captured by a closure"), l);
		}
	}
}

static void analyse_batch(FnSum **fns, int n)
{
	Batch b = {0};
	b.heap.is_heap = true;
	b.heap.escapes = true;
	b.fns = fns;
	b.nfns = n;
	B = &b;
	for (int i = 0; i < n; i++) {
		FnSum *f = fns[i];
		curfn = f->info;
		loopdepth = 0;
		curname = f->fn->name;
		if (f->decl->u.func.recv && f->fn->recv_type)
			curname = xprintf(f->fn->ptr_recv ? "(*%s).%s" : "%s.%s", f->fn->recv_type->name,
			                  f->fn->name);
		esc_funcbody(f->info, f->decl->u.func.type, f->decl->u.func.body, f->decl->u.func.recv);
	}
	flow_closures();
	walk_all();
	for (int i = 0; i < n; i++) {
		tag_params(fns[i]);
		fns[i]->done = true;
	}
	tag_literal_params();
	report_batch();
	if (mode_compile) {
		frame_budget();
		keep_vars_in_frames();
	}
	free(b.clos);
	B = NULL;
}

/* Marks the variables assigned anywhere other than their declaration (for closures' capture by
 * value). */
static void mark_lhs(Expr *e)
{
	while (e && e->kind == E_PAREN)
		e = e->u.paren.x;
	if (e && e->kind == E_IDENT && e->u.ident.obj && e->u.ident.obj->kind == OBJ_VAR)
		e->u.ident.obj->assigned = true;
}

static bool mark_assigned(Walker *w, Stmt *s)
{
	(void)w;
	switch (s->kind) {
	case S_ASSIGN:
		for (int i = 0; i < s->u.assign.nlhs; i++)
			if (s->u.assign.op != T_DEFINE || (s->u.assign.is_new && !s->u.assign.is_new[i]))
				mark_lhs(s->u.assign.lhs[i]);
		break;
	case S_INCDEC: mark_lhs(s->u.incdec.x); break;
	case S_RANGE:
		if (!s->u.range.define) {
			mark_lhs(s->u.range.key);
			mark_lhs(s->u.range.value);
		}
		break;
	default: break;
	}
	return true;
}

/* Package-level variable initialisers: everything they allocate lives in the heap. */
static void analyse_globals(void)
{
	Batch b = {0};
	b.heap.is_heap = true;
	b.heap.escapes = true;
	B = &b;
	curfn = NULL;
	loopdepth = 0;
	File *file = prog->main->file;
	for (int i = 0; i < file->ndecls; i++) {
		Decl *d = file->decls[i];
		if (d->kind != D_VAR)
			continue;
		for (int j = 0; j < d->u.value.nvalues && j < d->u.value.nnames; j++) {
			Expr *v = d->u.value.values[j];
			Object *o = d->u.value.objs ? d->u.value.objs[j] : NULL;
			Hole k = heaphole();
			if (explain)
				k = note_at(k, assign_text(&d->u.value.names[j], 1, &v, 1, " = "),
				            d->u.value.names[j]->pos, "assign");
			expr_to(k, v, o ? o->type : NULL, d->u.value.names[j]->pos);
		}
	}
	walk_all();
	report_batch();
	B = NULL;
}

static bool esc_const_int(Expr *e, int64_t *out)
{
	if (!e->cval)
		return false;
	__extension__ __int128 v = e->cval->i;
	if (v < 0 || v > ((__int128)1 << 40))
		return false;
	*out = (int64_t)v;
	return true;
}

static char *report; /* the last -m report */

const char *escape_report(void)
{
	return report ? report : "";
}

int escape_analyse(Program *p, bool print, int level)
{
	mode_compile = !print;
	explain = print && level >= 2;
	free(map);
	map = NULL;
	mapcap = maplen = 0;
	nallfns = 0;
	nmsgs = 0;
	prog = p;
	Package *pkg = p->main;
	filename = pkg->file ? pkg->file->filename : "?";
	for (int i = 0; i < pkg->nfuncs; i++) {
		Object *fn = pkg->funcs[i];
		if (!fn->decl || !fn->decl->u.func.body)
			continue;
		FnSum *f = make_sum(fn, fn->decl, fn->decl->u.func.info);
		VPUSH(allfns, nallfns, capallfns, f);
		Walker w = {.stmt = mark_assigned};
		walk_stmt(&w, fn->decl->u.func.body);
	}
	for (int i = 0; i < nallfns; i++)
		if (!allfns[i]->index)
			strongconnect(allfns[i]);
	analyse_globals();
	if (print) {
		Buf b = {0};
		bput(&b, "");
		for (int i = 0; i < nmsgs; i++) {
			char *line = xprintf("%s:%d:%d: %s\n", filename, msgs[i].pos.line,
			                     msgs[i].pos.col, msgs[i].text);
			bput(&b, line);
			free(line);
		}
		free(report);
		report = b.s;
		if (level > 0)
			fputs(report, stderr);
	}
	return 0;
}
