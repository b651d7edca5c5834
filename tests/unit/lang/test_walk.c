/*
 * test_walk.c - the pre-order syntax walk of lang/walk.c: which nodes it reaches, in which
 * order, and how a callback's false keeps it out of a node's children. The program's calls
 * name their functions a, b, c, ... in the order a reader meets them; the walk must meet them
 * in that order (calls inside a function literal's body included).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "lang/diag.h"
#include "lang/parser.h"
#include "lang/walk.h"

typedef struct Seen {
	Walker w;
	char names[64];
	int n;
	bool skip_funclits;
	bool skip_ifs;
} Seen;

/* Records the name of each called identifier. */
static bool on_expr(Walker *w, Expr *e)
{
	Seen *s = (Seen *)(void *)w;
	if (e->kind == E_CALL && e->u.call.fun->kind == E_IDENT && s->n < 63)
		s->names[s->n++] = e->u.call.fun->u.ident.name[0];
	return !(s->skip_funclits && e->kind == E_FUNCLIT);
}

static bool on_stmt(Walker *w, Stmt *st)
{
	Seen *s = (Seen *)(void *)w;
	return !(s->skip_ifs && st->kind == S_IF);
}

static const char *src = "package main\n"
                         "func f(m map[int]int, ch chan int) {\n"
                         "\ta(b(1), func() { c() })\n"
                         "\tif x := d(); x > e() {\n"
                         "\t\tg()\n"
                         "\t}\n"
                         "\tswitch h() {\n"
                         "\tcase i():\n"
                         "\t\tj()\n"
                         "\t}\n"
                         "\tfor k := l(); k < n(); k++ {\n"
                         "\t\tm[o()] = p()[q():r()]\n"
                         "\t}\n"
                         "\tselect {\n"
                         "\tcase ch <- s():\n"
                         "\t\tt()\n"
                         "\t}\n"
                         "\tfor _, v := range u() {\n"
                         "\t\tdefer w(v)\n"
                         "\t}\n"
                         "\treturn\n"
                         "}\n";

static Stmt *body(void)
{
	diag_reset();
	File *f = parse_file("t.go", src, strlen(src));
	cr_assert(f && diag_count() == 0, "the program must parse");
	for (int i = 0; i < f->ndecls; i++)
		if (f->decls[i]->kind == D_FUNC)
			return f->decls[i]->u.func.body;
	cr_assert_fail("no function");
	return NULL;
}

static const char *walk(bool skip_funclits, bool skip_ifs)
{
	static Seen s;
	memset(&s, 0, sizeof s);
	s.w.expr = on_expr;
	s.w.stmt = on_stmt;
	s.skip_funclits = skip_funclits;
	s.skip_ifs = skip_ifs;
	walk_stmt(&s.w, body());
	return s.names;
}

Test(walk, every_call_in_source_order)
{
	cr_assert_str_eq(walk(false, false), "abcdeghijlnopqrstuw");
}

Test(walk, false_skips_the_children)
{
	/* no c (inside the function literal); no d, e, g (the if statement and its parts) */
	cr_assert_str_eq(walk(true, false), "abdeghijlnopqrstuw");
	cr_assert_str_eq(walk(false, true), "abchijlnopqrstuw");
}
