/*
 * test_parser.c - tree shapes built by lang/parser.c for Go's declarations, statements and
 * expressions; syntax errors with their positions; robustness on hostile input; and the
 * malformed-program corpus in tests/malformed/syntax (each file's first line says
 * "// want: <text the first error must contain>").
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang/arena.h"
#include "lang/diag.h"
#include "lang/lexer.h"
#include "lang/parser.h"

/* The collected diagnostics as diag_flush prints them, then forgotten. */
static char *errors(void)
{
	static char buf[16384];
	fflush(stderr);
	int saved = dup(2);
	FILE *tf = tmpfile();
	dup2(fileno(tf), 2);
	diag_flush();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tf);
	size_t n = fread(buf, 1, sizeof buf - 1, tf);
	buf[n] = 0;
	fclose(tf);
	diag_reset();
	return buf;
}

/* The first error line, without its newline ("" when there is none). */
static char *first_error(void)
{
	char *e = errors();
	char *nl = strchr(e, '\n');
	if (nl)
		*nl = 0;
	return e;
}

static File *parse_ok(const char *src)
{
	diag_reset();
	File *f = parse_file("t.go", src, strlen(src));
	cr_assert_eq(diag_count(), 0, "unexpected errors for:\n%s\n%s", src, errors());
	return f;
}

/* The first error when parsing src. */
static char *parse_err(const char *src)
{
	diag_reset();
	parse_file("t.go", src, strlen(src));
	cr_assert_gt(diag_count(), 0, "expected an error for:\n%s", src);
	return first_error();
}

/* The statements of f's body in "package p; func f() { <stmts> }". */
static Stmt **body(const char *stmts, int *n)
{
	char *src = arena_printf("package p\n\nfunc f() {\n%s\n}\n", stmts);
	File *f = parse_ok(src);
	cr_assert_eq(f->ndecls, 1);
	Decl *d = f->decls[0];
	cr_assert_eq(d->kind, D_FUNC);
	cr_assert_not_null(d->u.func.body);
	*n = d->u.func.body->u.block.nstmts;
	return d->u.func.body->u.block.stmts;
}

static Stmt *stmt1(const char *stmts)
{
	int n;
	Stmt **v = body(stmts, &n);
	cr_assert_eq(n, 1, "%s: %d statements", stmts, n);
	return v[0];
}

static Expr *expr_ok(const char *src)
{
	diag_reset();
	Expr *e = parse_expr_string(src);
	cr_assert_eq(diag_count(), 0, "errors for %s:\n%s", src, errors());
	return e;
}

/* A fully parenthesised rendering of an expression, to compare shapes as strings. */
static void shape(char *buf, size_t cap, const Expr *e)
{
	size_t n = strlen(buf);
	char *p = buf + n;
	size_t left = cap - n;
	switch (e->kind) {
	case E_BINARY:
		snprintf(p, left, "(");
		shape(buf, cap, e->u.op.x);
		n = strlen(buf);
		snprintf(buf + n, cap - n, " %s ", token_text(e->u.op.op));
		shape(buf, cap, e->u.op.y);
		n = strlen(buf);
		snprintf(buf + n, cap - n, ")");
		break;
	case E_UNARY:
		snprintf(p, left, "(%s", token_text(e->u.op.op));
		shape(buf, cap, e->u.op.x);
		n = strlen(buf);
		snprintf(buf + n, cap - n, ")");
		break;
	case E_STAR:
		snprintf(p, left, "(*");
		shape(buf, cap, e->u.star.x);
		n = strlen(buf);
		snprintf(buf + n, cap - n, ")");
		break;
	default: snprintf(p, left, "%s", parser_expr_string(e));
	}
}

static const char *shape_of(const char *src)
{
	static char buf[512];
	buf[0] = 0;
	shape(buf, sizeof buf, expr_ok(src));
	return buf;
}

/* ---------------------------------------------------------------- expressions */

Test(parser, precedence)
{
	cr_expect_str_eq(shape_of("a + b * c"), "(a + (b * c))");
	cr_expect_str_eq(shape_of("a * b + c"), "((a * b) + c)");
	cr_expect_str_eq(shape_of("a - b - c"), "((a - b) - c)", "left associative");
	cr_expect_str_eq(shape_of("a || b && c == d + e * f"),
	                 "(a || (b && (c == (d + (e * f)))))");
	cr_expect_str_eq(shape_of("a << 1 | b &^ c ^ d % e"), "(((a << 1) | (b &^ c)) ^ (d % e))");
	cr_expect_str_eq(shape_of("a < b == c >= d"), "(((a < b) == c) >= d)");
	cr_expect_str_eq(shape_of("-a * b"), "((-a) * b)");
	cr_expect_str_eq(shape_of("!a && b"), "((!a) && b)");
	cr_expect_str_eq(shape_of("*p.x + 1"), "((*p.x) + 1)");
	cr_expect_str_eq(shape_of("&x.y[2]"), "(&x.y[2])");
	cr_expect_str_eq(shape_of("^x >> 2"), "((^x) >> 2)");
	cr_expect_str_eq(shape_of("<-ch + 1"), "((<-ch) + 1)");
	cr_expect_str_eq(shape_of("a & b || c"), "((a & b) || c)");
}

Test(parser, binary_positions)
{
	Expr *e = expr_ok("ab + cd*ef");
	cr_assert_eq(e->kind, E_BINARY);
	cr_expect_eq(e->pos.col, 1, "a binary expression starts at its left operand");
	cr_expect_eq(e->u.op.oppos.col, 4);
	cr_expect_eq(e->u.op.y->pos.col, 6);
	cr_expect_eq(e->u.op.y->u.op.oppos.col, 8);
}

Test(parser, primary_expressions)
{
	Expr *e = expr_ok("f(a, b...)");
	cr_assert_eq(e->kind, E_CALL);
	cr_expect_eq(e->u.call.nargs, 2);
	cr_expect(e->u.call.has_ellipsis);
	cr_expect_eq(e->u.call.rparen.col, 10);

	e = expr_ok("s[1:2:3]");
	cr_assert_eq(e->kind, E_SLICE);
	cr_expect(e->u.slice.three);
	cr_expect_str_eq(parser_expr_string(e->u.slice.max), "3");

	e = expr_ok("s[:]");
	cr_assert_eq(e->kind, E_SLICE);
	cr_expect_null(e->u.slice.lo);
	cr_expect_null(e->u.slice.hi);
	cr_expect(!e->u.slice.three);

	e = expr_ok("x.(T)");
	cr_assert_eq(e->kind, E_TYPEASSERT);
	cr_expect_str_eq(parser_expr_string(e->u.assert.type), "T");

	e = expr_ok("a.b.c");
	cr_assert_eq(e->kind, E_SELECTOR);
	cr_expect_str_eq(e->u.sel.name, "c");
	cr_expect_eq(e->u.sel.namepos.col, 5);
	cr_expect_eq(e->u.sel.x->kind, E_SELECTOR);

	e = expr_ok("[]byte(s)");
	cr_assert_eq(e->kind, E_CALL, "a conversion is a call syntactically");
	cr_expect_eq(e->u.call.fun->kind, E_ARRAYTYPE);
	cr_expect_null(e->u.call.fun->u.array.len);

	e = expr_ok("(*T)(p)");
	cr_assert_eq(e->kind, E_CALL);
	cr_expect_eq(e->u.call.fun->kind, E_PAREN);
	cr_expect_eq(e->u.call.fun->u.paren.x->kind, E_STAR);

	e = expr_ok("func(x int) int { return x }(3)");
	cr_assert_eq(e->kind, E_CALL);
	cr_expect_eq(e->u.call.fun->kind, E_FUNCLIT);
	cr_expect_eq(e->u.call.fun->u.funclit.body->kind, S_BLOCK);

	e = expr_ok("x.M");
	cr_expect_eq(e->kind, E_SELECTOR, "a method value is a selector");
}

Test(parser, composite_literals)
{
	Expr *e = expr_ok("T{1, 2}");
	cr_assert_eq(e->kind, E_COMPOSITE);
	cr_expect_eq(e->u.composite.nelts, 2);
	cr_expect_eq(e->u.composite.rbrace.col, 7);

	e = expr_ok("[...]string{0: \"a\", 5: \"b\"}");
	cr_assert_eq(e->kind, E_COMPOSITE);
	cr_assert_eq(e->u.composite.type->kind, E_ARRAYTYPE);
	cr_expect_eq(e->u.composite.type->u.array.len->kind, E_ELLIPSISLEN);
	cr_expect_eq(e->u.composite.elts[1]->kind, E_KEYVALUE);

	e = expr_ok("map[string][]int{\"a\": {1, 2}, \"b\": nil}");
	cr_assert_eq(e->kind, E_COMPOSITE);
	Expr *kv = e->u.composite.elts[0];
	cr_assert_eq(kv->kind, E_KEYVALUE);
	cr_expect_eq(kv->u.kv.value->kind, E_COMPOSITE);
	cr_expect_null(kv->u.kv.value->u.composite.type, "elided element type");

	e = expr_ok("&Point{X: 1, Y: 2}");
	cr_assert_eq(e->kind, E_UNARY);
	cr_expect_eq(e->u.op.op, T_AND);
	cr_expect_eq(e->u.op.x->kind, E_COMPOSITE);

	e = expr_ok("&(Point{})");
	cr_expect_eq(e->u.op.x->kind, E_COMPOSITE, "&(T{}) drops the parentheses");

	e = expr_ok("pkg.T{}");
	cr_assert_eq(e->kind, E_COMPOSITE);
	cr_expect_eq(e->u.composite.type->kind, E_SELECTOR);

	e = expr_ok("struct{ a int }{1}");
	cr_expect_eq(e->kind, E_COMPOSITE);
}

Test(parser, composite_literal_versus_block)
{
	/* In a header, T{ opens the block; inside parentheses it is a literal again. */
	Stmt *s = stmt1("if x == T {\n}");
	cr_assert_eq(s->kind, S_IF);
	cr_expect_str_eq(parser_expr_string(s->u.ifs.cond), "x == T");

	s = stmt1("if x == (T{}) {\n}");
	cr_assert_eq(s->kind, S_IF);
	Expr *y = s->u.ifs.cond->u.op.y;
	cr_assert_eq(y->kind, E_PAREN);
	cr_expect_eq(y->u.paren.x->kind, E_COMPOSITE);

	s = stmt1("if f(T{1}) {\n}");
	cr_expect_eq(s->u.ifs.cond->u.call.args[0]->kind, E_COMPOSITE);

	s = stmt1("for _, v := range []int{1, 2} {\n\t_ = v\n}");
	cr_assert_eq(s->kind, S_RANGE);
	cr_expect_eq(s->u.range.x->kind, E_COMPOSITE, "a literal type is never a block");
	cr_expect_eq(s->u.range.body->u.block.nstmts, 1);

	s = stmt1("switch x := (T{}); x {\n}");
	cr_assert_eq(s->kind, S_SWITCH);
	cr_expect_not_null(s->u.swtch.init);

	s = stmt1("for i := range T {\n\t_ = i\n}");
	cr_assert_eq(s->kind, S_RANGE);
	cr_expect_eq(s->u.range.x->kind, E_IDENT);

	s = stmt1("if v := f(func() T { return T{} }); v {\n}");
	cr_assert_eq(s->kind, S_IF, "braces inside a function literal are its own");

	cr_expect_str_eq(parse_err("package p\nfunc f() {\n\tif x == T{1, 2} {\n\t}\n}\n"),
	                 "t.go:3:16: syntax error: unexpected }, expected := or = or comma");
	cr_expect_str_eq(parse_err("package p\nfunc f() {\n\tif x == T{} {\n\t}\n}\n"),
	                 "t.go:3:14: syntax error: unexpected { at end of statement");
}

Test(parser, channel_types_and_receives)
{
	Expr *e = expr_ok("<-chan int");
	cr_assert_eq(e->kind, E_CHANTYPE);
	cr_expect_eq(e->u.chan.dir, CHAN_RECV);

	e = expr_ok("chan<- int");
	cr_assert_eq(e->kind, E_CHANTYPE);
	cr_expect_eq(e->u.chan.dir, CHAN_SEND);

	e = expr_ok("<-chan <-chan int");
	cr_assert_eq(e->kind, E_CHANTYPE);
	cr_expect_eq(e->u.chan.dir, CHAN_RECV);
	cr_assert_eq(e->u.chan.elem->kind, E_CHANTYPE);
	cr_expect_eq(e->u.chan.elem->u.chan.dir, CHAN_RECV);

	e = expr_ok("chan (<-chan int)");
	cr_assert_eq(e->kind, E_CHANTYPE);
	cr_expect_eq(e->u.chan.dir, CHAN_BOTH);

	e = expr_ok("chan<- chan int");
	cr_expect_eq(e->u.chan.dir, CHAN_SEND);
	cr_expect_eq(e->u.chan.elem->u.chan.dir, CHAN_BOTH);

	e = expr_ok("<-ch");
	cr_assert_eq(e->kind, E_UNARY);
	cr_expect_eq(e->u.op.op, T_ARROW);

	e = expr_ok("<-chan int(nil)");
	cr_assert_eq(e->kind, E_UNARY, "a receive from a converted channel");
	cr_expect_eq(e->u.op.x->kind, E_CALL);

	e = expr_ok("(<-chan int)(c)");
	cr_assert_eq(e->kind, E_CALL);
	cr_expect_eq(e->u.call.fun->u.paren.x->kind, E_CHANTYPE);
	cr_expect_eq(e->u.call.fun->u.paren.x->pos.col, 2, "the type starts at its arrow");
}

Test(parser, types)
{
	File *f = parse_ok("package p\n"
	                   "type (\n"
	                   "\tA [4]int\n"
	                   "\tB []*T\n"
	                   "\tC map[string]func(int, ...string) (bool, error)\n"
	                   "\tD struct {\n\t\tx, y int `tag`\n\t\tT\n\t\t*pkg.U\n\t}\n"
	                   "\tE interface {\n\t\tM(a int) string\n\t\tfmt.Stringer\n\t}\n"
	                   "\tF = B\n"
	                   "\tG [N]T\n"
	                   ")\n");
	cr_assert_eq(f->ndecls, 7);
	for (int i = 0; i < 7; i++)
		cr_expect_eq(f->decls[i]->group, f->decls[0]->group);
	cr_expect_str_eq(parser_expr_string(f->decls[0]->u.type.type), "[4]int");
	cr_expect_str_eq(parser_expr_string(f->decls[1]->u.type.type), "[]*T");

	Expr *c = f->decls[2]->u.type.type;
	cr_assert_eq(c->kind, E_MAPTYPE);
	Expr *fn = c->u.map.value;
	cr_assert_eq(fn->kind, E_FUNCTYPE);
	cr_expect_eq(fn->u.func.nparams, 2);
	cr_expect_eq(fn->u.func.params[1].type->kind, E_ELLIPSIS);
	cr_expect_eq(fn->u.func.nresults, 2);

	Expr *d = f->decls[3]->u.type.type;
	cr_assert_eq(d->kind, E_STRUCTTYPE);
	cr_assert_eq(d->u.strct.nfields, 3);
	cr_expect_eq(d->u.strct.fields[0].nnames, 2);
	cr_expect_str_eq(d->u.strct.fields[0].tag, "`tag`");
	cr_expect_eq(d->u.strct.fields[1].nnames, 0, "embedded");
	cr_expect_eq(d->u.strct.fields[2].nnames, 0);
	cr_expect_eq(d->u.strct.fields[2].type->kind, E_STAR);

	Expr *e = f->decls[4]->u.type.type;
	cr_assert_eq(e->kind, E_INTERFACETYPE);
	cr_assert_eq(e->u.iface.nmethods, 2);
	cr_expect_eq(e->u.iface.methods[0].nnames, 1);
	cr_expect_eq(e->u.iface.methods[0].type->kind, E_FUNCTYPE);
	cr_expect_eq(e->u.iface.methods[1].nnames, 0);
	cr_expect_eq(e->u.iface.methods[1].type->kind, E_SELECTOR);

	cr_expect(f->decls[5]->u.type.alias);
	cr_expect(!f->decls[0]->u.type.alias);
	cr_expect_eq(f->decls[6]->u.type.ntparams, 0, "[N]T is an array type");
	cr_expect_eq(f->decls[6]->u.type.type->kind, E_ARRAYTYPE);
}

Test(parser, type_parameters_are_parsed)
{
	File *f = parse_ok("package p\n"
	                   "type List[T any] struct{ next *List[T] }\n"
	                   "type Num[T ~int | ~float64] T\n"
	                   "func Map[T, U any](s []T, f func(T) U) []U { return nil }\n"
	                   "var x = Map[int, string](nil, nil)\n");
	cr_expect_eq(f->decls[0]->u.type.ntparams, 1);
	cr_expect_eq(f->decls[1]->u.type.ntparams, 1);
	cr_expect_eq(f->decls[1]->u.type.tparams[0].type->kind, E_BINARY);
	cr_assert_eq(f->decls[2]->u.func.ntparams, 1);
	cr_expect_eq(f->decls[2]->u.func.tparams[0].nnames, 2, "T, U share 'any'");
	Expr *v = f->decls[3]->u.value.values[0];
	cr_assert_eq(v->kind, E_CALL);
	cr_expect_eq(v->u.call.fun->kind, E_INDEX);
}

/* ---------------------------------------------------------------- declarations */

Test(parser, package_and_imports)
{
	File *f = parse_ok(
	        "package main\n"
	        "import \"fmt\"\n"
	        "import (\n\tstr \"strings\"\n\t. \"math\"\n\t_ \"os\"\n\t\"unicode/utf8\"\n)\n");
	cr_expect_str_eq(f->pkgname, "main");
	cr_expect_eq(f->pkgpos.line, 1);
	cr_expect_eq(f->pkgpos.col, 1);
	cr_assert_eq(f->nimports, 5);
	cr_assert_eq(f->ndecls, 5);
	cr_expect_null(f->imports[0]->u.import.name);
	cr_expect_str_eq(f->imports[0]->u.import.path, "fmt");
	cr_expect_eq(f->imports[0]->u.import.pathpos.col, 8);
	cr_expect_str_eq(f->imports[1]->u.import.name, "str");
	cr_expect_str_eq(f->imports[2]->u.import.name, ".");
	cr_expect_str_eq(f->imports[3]->u.import.name, "_");
	cr_expect_str_eq(f->imports[4]->u.import.path, "unicode/utf8");
	cr_expect_neq(f->imports[0]->group, f->imports[1]->group);
	cr_expect_eq(f->imports[1]->group, f->imports[4]->group);
}

Test(parser, const_iota_and_implicit_repetition)
{
	File *f = parse_ok("package p\n"
	                   "const (\n"
	                   "\tA = iota * 10\n"
	                   "\tB\n"
	                   "\tC, D T = 5, 6\n"
	                   "\tE, F\n"
	                   ")\n"
	                   "const G = 1\n"
	                   "const (\n\tH = iota\n)\n");
	cr_assert_eq(f->ndecls, 6);
	Decl *a = f->decls[0], *b = f->decls[1], *c = f->decls[2], *e = f->decls[3];
	cr_expect_eq(a->u.value.iota, 0);
	cr_expect_eq(b->u.value.iota, 1);
	cr_expect_eq(c->u.value.iota, 2);
	cr_expect_eq(e->u.value.iota, 3);
	cr_expect(!a->u.value.implicit);
	cr_expect(b->u.value.implicit);
	cr_expect(!c->u.value.implicit);
	cr_expect(e->u.value.implicit);
	cr_assert_eq(b->u.value.nvalues, 1);
	cr_expect_str_eq(parser_expr_string(b->u.value.values[0]), "iota * 10");
	cr_expect_neq(b->u.value.values[0], a->u.value.values[0], "a copy of its own");
	cr_expect_eq(b->u.value.values[0]->pos.line, 3, "the copy keeps the original positions");
	cr_expect_str_eq(parser_expr_string(e->u.value.type), "T");
	cr_expect_eq(e->u.value.nvalues, 2);
	cr_expect_eq(e->u.value.nnames, 2);

	cr_expect_eq(a->group, e->group);
	cr_expect_neq(a->group, f->decls[4]->group);
	cr_expect_neq(f->decls[4]->group, f->decls[5]->group);
	cr_expect_eq(f->decls[5]->u.value.iota, 0);
	cr_expect_eq(b->pos.line, 4);
	cr_expect_eq(b->pos.col, 2, "a spec starts at its first name");
}

Test(parser, vars)
{
	File *f = parse_ok("package p\nvar a, b int\nvar c = 1\nvar d, e float64 = 1, 2\n");
	cr_expect_eq(f->decls[0]->u.value.nnames, 2);
	cr_expect_not_null(f->decls[0]->u.value.type);
	cr_expect_eq(f->decls[0]->u.value.nvalues, 0);
	cr_expect_null(f->decls[1]->u.value.type);
	cr_expect_eq(f->decls[1]->u.value.nvalues, 1);
	cr_expect_eq(f->decls[2]->u.value.nvalues, 2);
}

Test(parser, functions_and_methods)
{
	File *f = parse_ok(
	        "package p\n"
	        "func (p *T) M(a, b int, c string) (n int, err error) {\n\treturn 0, nil\n}\n"
	        "func (T) N() {}\n"
	        "func g(int, string) bool\n"
	        "func h(xs ...int) {}\n");
	Decl *m = f->decls[0];
	cr_assert_eq(m->kind, D_FUNC);
	cr_assert_not_null(m->u.func.recv);
	cr_expect_eq(m->u.func.recv->nnames, 1);
	cr_expect_str_eq(m->u.func.recv->names[0]->u.ident.name, "p");
	cr_expect_eq(m->u.func.recv->type->kind, E_STAR);
	cr_expect_str_eq(m->u.func.name->u.ident.name, "M");
	Expr *t = m->u.func.type;
	cr_assert_eq(t->u.func.nparams, 2, "a, b int is one field");
	cr_expect_eq(t->u.func.params[0].nnames, 2);
	cr_expect_eq(t->u.func.params[1].nnames, 1);
	cr_expect_eq(t->u.func.nresults, 2);
	cr_expect_str_eq(t->u.func.results[1].names[0]->u.ident.name, "err");
	cr_expect_eq(m->u.func.body->u.block.nstmts, 1);
	cr_expect_eq(m->u.func.body->u.block.rbrace.line, 4);
	cr_expect_eq(m->pos.col, 1, "a function starts at 'func'");

	Decl *n = f->decls[1];
	cr_assert_not_null(n->u.func.recv);
	cr_expect_eq(n->u.func.recv->nnames, 0);
	cr_expect_eq(n->u.func.recv->type->kind, E_IDENT);

	Decl *g = f->decls[2];
	cr_expect_null(g->u.func.body, "a declaration without a body");
	cr_expect_null(g->u.func.recv);
	cr_expect_eq(g->u.func.type->u.func.nparams, 2);
	cr_expect_eq(g->u.func.type->u.func.params[0].nnames, 0);
	cr_expect_eq(g->u.func.type->u.func.nresults, 1);

	Field *xs = &f->decls[3]->u.func.type->u.func.params[0];
	cr_expect_eq(xs->type->kind, E_ELLIPSIS);
}

/* ---------------------------------------------------------------- statements */

Test(parser, simple_statements)
{
	int n;
	Stmt **v = body("x := 1\n"
	                "a, b = b, a\n"
	                "x += 2\n"
	                "x++\n"
	                "ch <- x\n"
	                "f()\n"
	                "<-ch\n"
	                "x <<= 1\n",
	                &n);
	cr_assert_eq(n, 8);
	cr_expect_eq(v[0]->kind, S_ASSIGN);
	cr_expect_eq(v[0]->u.assign.op, T_DEFINE);
	cr_expect_eq(v[1]->u.assign.op, T_ASSIGN);
	cr_expect_eq(v[1]->u.assign.nlhs, 2);
	cr_expect_eq(v[1]->u.assign.nrhs, 2);
	cr_expect_eq(v[2]->u.assign.op, T_ADD_ASSIGN);
	cr_expect_eq(v[3]->kind, S_INCDEC);
	cr_expect_eq(v[3]->u.incdec.op, T_INC);
	cr_expect_eq(v[4]->kind, S_SEND);
	cr_expect_eq(v[5]->kind, S_EXPR);
	cr_expect_eq(v[6]->kind, S_EXPR);
	cr_expect_eq(v[6]->u.expr.x->kind, E_UNARY);
	cr_expect_eq(v[7]->u.assign.op, T_SHL_ASSIGN);
	cr_expect_eq(v[0]->pos.line, 4);
	cr_expect_eq(v[0]->pos.col, 1);
}

Test(parser, local_declarations)
{
	int n;
	Stmt **v = body("var (\n\ta = 1\n\tb int\n)\nconst c = 2\ntype T int\n", &n);
	cr_assert_eq(n, 4, "a grouped var gives one statement per spec");
	cr_expect_eq(v[0]->kind, S_DECL);
	cr_expect_eq(v[0]->u.decl->kind, D_VAR);
	cr_expect_eq(v[1]->u.decl->kind, D_VAR);
	cr_expect_eq(v[0]->u.decl->group, v[1]->u.decl->group);
	cr_expect_eq(v[2]->u.decl->kind, D_CONST);
	cr_expect_eq(v[3]->u.decl->kind, D_TYPE);
}

Test(parser, if_else_chains)
{
	Stmt *s = stmt1("if x := f(); x > 0 {\n} else if y {\n} else {\n}");
	cr_assert_eq(s->kind, S_IF);
	cr_expect_not_null(s->u.ifs.init);
	cr_expect_eq(s->u.ifs.cond->kind, E_BINARY);
	cr_assert_not_null(s->u.ifs.els);
	cr_expect_eq(s->u.ifs.els->kind, S_IF);
	cr_expect_null(s->u.ifs.els->u.ifs.init);
	cr_expect_eq(s->u.ifs.els->u.ifs.els->kind, S_BLOCK);
}

Test(parser, for_forms)
{
	int n;
	Stmt **v = body("for {\n}\n"
	                "for x < 3 {\n}\n"
	                "for i := 0; i < 3; i++ {\n}\n"
	                "for ; ; {\n}\n"
	                "for k, v := range m {\n}\n"
	                "for k = range m {\n}\n"
	                "for range ch {\n}\n"
	                "for i := range 10 {\n}\n",
	                &n);
	cr_assert_eq(n, 8);
	cr_expect_eq(v[0]->kind, S_FOR);
	cr_expect_null(v[0]->u.fors.init);
	cr_expect_null(v[0]->u.fors.cond);
	cr_expect_null(v[0]->u.fors.post);
	cr_expect_not_null(v[1]->u.fors.cond);
	cr_expect_null(v[1]->u.fors.init);
	cr_expect_not_null(v[2]->u.fors.init);
	cr_expect_not_null(v[2]->u.fors.cond);
	cr_expect_eq(v[2]->u.fors.post->kind, S_INCDEC);
	cr_expect_null(v[3]->u.fors.cond);
	cr_assert_eq(v[4]->kind, S_RANGE);
	cr_expect(v[4]->u.range.define);
	cr_expect_str_eq(v[4]->u.range.key->u.ident.name, "k");
	cr_expect_str_eq(v[4]->u.range.value->u.ident.name, "v");
	cr_expect_eq(v[4]->pos.col, 1, "a range statement starts at 'for'");
	cr_expect(!v[5]->u.range.define);
	cr_expect_null(v[5]->u.range.value);
	cr_expect_null(v[6]->u.range.key);
	cr_expect_str_eq(v[6]->u.range.x->u.ident.name, "ch");
	cr_expect_eq(v[7]->u.range.x->kind, E_BASICLIT);
}

Test(parser, expression_switches)
{
	Stmt *s = stmt1(
	        "switch x := f(); x {\ncase 1, 2:\n\tg()\n\tfallthrough\ncase 3:\ndefault:\n}");
	cr_assert_eq(s->kind, S_SWITCH);
	cr_expect_not_null(s->u.swtch.init);
	cr_expect_str_eq(parser_expr_string(s->u.swtch.tag), "x");
	cr_assert_eq(s->u.swtch.nclauses, 3);
	cr_expect_eq(s->u.swtch.clauses[0]->u.clause.nlist, 2);
	cr_expect_eq(s->u.swtch.clauses[0]->u.clause.nbody, 2);
	cr_expect_eq(s->u.swtch.clauses[0]->u.clause.body[1]->u.branch.tok, T_FALLTHROUGH);
	cr_expect_eq(s->u.swtch.clauses[2]->u.clause.nlist, 0, "default");

	s = stmt1("switch {\ncase x > 1:\n}");
	cr_assert_eq(s->kind, S_SWITCH);
	cr_expect_null(s->u.swtch.tag);
	cr_expect_null(s->u.swtch.init);

	s = stmt1("switch f(); {\n}");
	cr_expect_not_null(s->u.swtch.init);
	cr_expect_null(s->u.swtch.tag);
}

Test(parser, type_switches)
{
	Stmt *s = stmt1(
	        "switch v := x.(type) {\ncase int, string:\ncase nil:\ncase []int, map[string]T, "
	        "func(), *T, chan int:\ndefault:\n}");
	cr_assert_eq(s->kind, S_TYPESWITCH);
	cr_assert_not_null(s->u.tswitch.bindname);
	cr_expect_str_eq(s->u.tswitch.bindname->u.ident.name, "v");
	cr_expect_str_eq(parser_expr_string(s->u.tswitch.x), "x");
	cr_expect_null(s->u.tswitch.init);
	cr_assert_eq(s->u.tswitch.nclauses, 4);
	cr_expect_eq(s->u.tswitch.clauses[2]->u.clause.nlist, 5);
	cr_expect_eq(s->pos.col, 1);

	s = stmt1("switch x.(type) {\n}");
	cr_assert_eq(s->kind, S_TYPESWITCH);
	cr_expect_null(s->u.tswitch.bindname);

	s = stmt1("switch y := f(); t := y.(type) {\n}");
	cr_assert_eq(s->kind, S_TYPESWITCH);
	cr_expect_not_null(s->u.tswitch.init);
	cr_expect_str_eq(s->u.tswitch.bindname->u.ident.name, "t");

	s = stmt1("switch f().(type) {\n}");
	cr_assert_eq(s->kind, S_TYPESWITCH);
	cr_expect_eq(s->u.tswitch.x->kind, E_CALL);
}

Test(parser, select_clauses)
{
	Stmt *s = stmt1(
	        "select {\ncase v := <-c:\n\t_ = v\ncase c <- 1:\ncase <-c:\ncase v, ok = <-c:\n"
	        "default:\n}");
	cr_assert_eq(s->kind, S_SELECT);
	cr_assert_eq(s->u.select.nclauses, 5);
	Stmt **c = s->u.select.clauses;
	cr_expect_eq(c[0]->kind, S_COMM);
	cr_expect_eq(c[0]->u.comm.comm->kind, S_ASSIGN);
	cr_expect_eq(c[0]->u.comm.comm->u.assign.op, T_DEFINE);
	cr_expect_eq(c[0]->u.comm.nbody, 1);
	cr_expect_eq(c[1]->u.comm.comm->kind, S_SEND);
	cr_expect_eq(c[2]->u.comm.comm->kind, S_EXPR);
	cr_expect_eq(c[3]->u.comm.comm->u.assign.op, T_ASSIGN);
	cr_expect_eq(c[3]->u.comm.comm->u.assign.nlhs, 2);
	cr_expect_null(c[4]->u.comm.comm);
}

Test(parser, labels_and_branches)
{
	int n;
	Stmt **v =
	        body("outer:\n\tfor {\n\t\tcontinue outer\n\t\tbreak\n\t}\n\tgoto end\nend:\n", &n);
	cr_assert_eq(n, 3);
	cr_assert_eq(v[0]->kind, S_LABELED);
	cr_expect_str_eq(v[0]->u.labeled.label, "outer");
	cr_expect_eq(v[0]->u.labeled.stmt->kind, S_FOR);
	Stmt **inner = v[0]->u.labeled.stmt->u.fors.body->u.block.stmts;
	cr_expect_eq(inner[0]->u.branch.tok, T_CONTINUE);
	cr_expect_str_eq(inner[0]->u.branch.label, "outer");
	cr_expect_null(inner[1]->u.branch.label);
	cr_expect_eq(v[1]->u.branch.tok, T_GOTO);
	cr_expect_str_eq(v[1]->u.branch.label, "end");
	cr_expect_eq(v[2]->kind, S_LABELED);
	cr_expect_eq(v[2]->u.labeled.stmt->kind, S_EMPTY, "a label before } labels nothing");
}

Test(parser, go_defer_return)
{
	int n;
	Stmt **v = body("go f(1)\ndefer func() {\n}()\nreturn\n", &n);
	cr_assert_eq(n, 3);
	cr_expect_eq(v[0]->kind, S_GO);
	cr_expect_eq(v[0]->u.call.call->kind, E_CALL);
	cr_expect_eq(v[1]->kind, S_DEFER);
	cr_expect_eq(v[2]->kind, S_RETURN);
	cr_expect_eq(v[2]->u.ret.nresults, 0);
	Stmt *r = stmt1("return 1, f(x)");
	cr_expect_eq(r->u.ret.nresults, 2);
}

/* ---------------------------------------------------------------- errors */

typedef struct ErrCase {
	const char *src;
	const char *want; /* the whole first error line */
} ErrCase;

Test(parser, syntax_errors_with_positions)
{
	static const ErrCase cases[] = {
	        {"", "t.go:1:1: expected 'package', found 'EOF'"},
	        {"func main() {}", "t.go:1:1: expected 'package', found 'func'"},
	        {"package 1\n", "t.go:1:9: syntax error: unexpected literal 1, expected name"},
	        {"package\n", "t.go:2:1: syntax error: unexpected EOF, expected name"},
	        {"package p\nfunc f() {\n\tx := (1 +\n}\n",
	         "t.go:4:1: syntax error: unexpected }, expected expression"},
	        {"package p\nfunc f() {\n\tf(1, 2\n}\n",
	         "t.go:3:8: syntax error: unexpected newline in argument list; possibly missing "
	         "comma or )"},
	        {"package p\nfunc f() {\n", "t.go:3:1: syntax error: unexpected EOF, expected }"},
	        {"package p\nx := 1\n",
	         "t.go:2:1: syntax error: non-declaration statement outside function body"},
	        {"package p\nfunc f() {\n\tif x\n\t{\n\t}\n}\n",
	         "t.go:3:6: syntax error: unexpected newline, expected { after if clause"},
	        {"package p\nfunc f() {\n\tif {\n\t}\n}\n",
	         "t.go:3:5: syntax error: missing condition in if statement"},
	        {"package p\nfunc f() {\n\tfor i := 0; i < 3; i++\n\t{\n\t}\n}\n",
	         "t.go:3:24: syntax error: unexpected newline, expected { after for clause"},
	        {"package p\nfunc f() {\n\tif x = 1 {\n\t}\n}\n",
	         "t.go:3:7: syntax error: cannot use assignment x = 1 as value"},
	        {"package p\nfunc f() {\n\tfor x := range y; {\n\t}\n}\n",
	         "t.go:3:18: syntax error: unexpected semicolon, expected { after for clause"},
	        {"package p\nfunc f()\n{\n}\n",
	         "t.go:3:1: syntax error: unexpected semicolon or newline before {"},
	        {"package p\nvar x int = \n",
	         "t.go:3:1: syntax error: unexpected EOF, expected expression"},
	        {"package p\nfunc f() {\n\tx.\n}\n",
	         "t.go:4:1: syntax error: unexpected }, expected name or ("},
	        {"package p\nfunc f() {\n\tvar map = 1\n}\n",
	         "t.go:3:6: syntax error: unexpected keyword map, expected name"},
	        {"package p\nfunc f(a int, string) {}\n",
	         "t.go:2:15: syntax error: mixed named and unnamed parameters"},
	        {"package p\nfunc f() {\n\ts[1:2:]\n}\n",
	         "t.go:3:8: final index required in 3-index slice"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		cr_expect_str_eq(parse_err(cases[i].src), cases[i].want, "source:\n%s",
		                 cases[i].src);
	}
}

Test(parser, struct_field_separator)
{
	/* Go's list production: "in struct type; possibly missing semicolon or newline or }" */
	cr_expect_str_eq(
	        parse_err("package p\ntype T struct {\n\ta int,\n}\n"),
	        "t.go:3:7: syntax error: unexpected comma in struct type; possibly missing "
	        "semicolon or newline or }");
}

Test(parser, several_errors_are_reported)
{
	diag_reset();
	const char *src = "package p\n"
	                  "func f() {\n"
	                  "\tx := )\n"
	                  "\ty := 1 +\n"
	                  "}\n"
	                  "func g() {\n"
	                  "\tif {\n"
	                  "\t}\n"
	                  "}\n";
	parse_file("t.go", src, strlen(src));
	char *e = errors();
	cr_expect(strstr(e, "t.go:3:7: syntax error: unexpected ), expected expression\n") != NULL,
	          "%s", e);
	cr_expect(strstr(e, "t.go:5:1: syntax error: unexpected }, expected expression\n") != NULL,
	          "%s", e);
	cr_expect(strstr(e, "t.go:7:5: syntax error: missing condition in if statement\n") != NULL,
	          "%s", e);
}

Test(parser, stops_after_too_many_errors)
{
	/* one error per function, fifty functions */
	char *src = arena_alloc(4096);
	strcpy(src, "package p\n");
	for (int i = 0; i < 50; i++)
		strcat(src, "func f() {\n\tx := )\n}\n");
	diag_reset();
	parse_file("t.go", src, strlen(src));
	cr_expect(diag_too_many());
	cr_expect_leq(diag_count(), 11, "parsing stopped early: %d errors", diag_count());
	diag_reset();
}

/* ---------------------------------------------------------------- robustness */

static void parse_any(const char *src, size_t len)
{
	diag_reset();
	File *f = parse_file("t.go", src, len);
	cr_assert_not_null(f);
}

Test(parser, deep_nesting_is_an_error_not_a_crash)
{
	static const char *const opens[] = {"(",     "[",          "[]T{{",   "*",       "- ",
	                                    "a[",    "T{",         "[]",      "func() ", "<-",
	                                    "chan ", "struct{ f ", "map[int]"};
	static const char *const closes[] = {")", "]", "}}", "", "",  "]", "}",
	                                     "",  "",  "",   "", "}", ""};
	const int depth = 100000;
	for (size_t k = 0; k < sizeof opens / sizeof *opens; k++) {
		size_t lo = strlen(opens[k]), lc = strlen(closes[k]);
		size_t cap = 64 + (size_t)depth * (lo + lc);
		char *src = malloc(cap);
		size_t n = (size_t)sprintf(src, "package p\nvar x = ");
		for (int i = 0; i < depth; i++, n += lo)
			memcpy(src + n, opens[k], lo);
		src[n++] = '1';
		for (int i = 0; i < depth; i++, n += lc)
			memcpy(src + n, closes[k], lc);
		src[n++] = '\n';
		parse_any(src, n);
		char *e = first_error();
		cr_expect(strstr(e, "exceeded max nesting depth") != NULL, "%s nesting: %s",
		          opens[k], e);
		free(src);
	}
}

Test(parser, deep_statement_nesting)
{
	const int depth = 100000;
	char *src = malloc((size_t)depth * 16 + 64);
	size_t n = (size_t)sprintf(src, "package p\nfunc f() {\n");
	for (int i = 0; i < depth; i++)
		n += (size_t)sprintf(src + n, "if x {");
	parse_any(src, n);
	cr_expect(strstr(first_error(), "exceeded max nesting depth") != NULL);
	n = (size_t)sprintf(src, "package p\nfunc f() {\n");
	for (int i = 0; i < depth; i++)
		n += (size_t)sprintf(src + n, "L%d: ", i % 10);
	parse_any(src, n);
	cr_expect(strstr(first_error(), "exceeded max nesting depth") != NULL);
	n = (size_t)sprintf(src, "package p\nfunc f() {\n");
	for (int i = 0; i < depth; i++)
		src[n++] = '{';
	for (int i = 0; i < depth; i++)
		src[n++] = '}';
	src[n++] = '}';
	parse_any(src, n);
	cr_expect(strstr(first_error(), "exceeded max nesting depth") != NULL);
	n = (size_t)sprintf(src, "package p\nfunc f() {\n");
	for (int i = 0; i < depth; i++)
		n += (size_t)sprintf(src + n, "if x {} else ");
	parse_any(src, n);
	cr_expect(strstr(first_error(), "exceeded max nesting depth") != NULL);
	free(src);
}

Test(parser, nesting_within_the_limit_is_fine)
{
	char src[4096];
	size_t n = (size_t)sprintf(src, "package p\nvar x = ");
	for (int i = 0; i < 300; i++)
		src[n++] = '(';
	src[n++] = '1';
	for (int i = 0; i < 300; i++)
		src[n++] = ')';
	src[n++] = '\n';
	src[n] = 0;
	parse_ok(src);
}

Test(parser, one_megabyte_line)
{
	/* A valid 1 MB line, then a 1 MB line that ends in an error. */
	size_t cap = (3u << 20) + 256;
	char *src = malloc(cap);
	size_t n = (size_t)sprintf(src, "package p\nvar x = []int{");
	while (n < (1u << 20))
		n += (size_t)sprintf(src + n, "1, ");
	n += (size_t)sprintf(src + n, "}\n");
	parse_ok(src);

	n = (size_t)sprintf(src, "package p\nvar x = 0");
	while (n < (1u << 20))
		n += (size_t)sprintf(src + n, " + x");
	n += (size_t)sprintf(src + n, " +)\n");
	char *e = parse_err(src);
	cr_expect(strstr(e, "t.go:2:") == e, "%.80s", e);
	cr_expect(strstr(e, "syntax error: unexpected ), expected expression") != NULL, "%.200s",
	          e);

	/* a 1 MB string literal and a 1 MB identifier */
	n = (size_t)sprintf(src, "package p\nvar s = \"");
	while (n < (1u << 20))
		src[n++] = 'a';
	n += (size_t)sprintf(src + n, "\"\nvar ");
	while (n < (2u << 20))
		src[n++] = 'b';
	n += (size_t)sprintf(src + n, " int\n");
	parse_ok(src);
	free(src);
}

Test(parser, binary_garbage_never_crashes)
{
	static char buf[32 * 1024];
	unsigned x = 2463534242u;
	for (int round = 0; round < 20; round++) {
		size_t n = (size_t)sprintf(buf, "package p\n");
		for (; n < sizeof buf; n++) {
			x ^= x << 13, x ^= x >> 17, x ^= x << 5;
			buf[n] = (char)(round % 2 ? (int)(x & 0xFF)
			                          : "(){}[]<-.,;:=+*&^!x1\"'`/\n \t"[x % 27]);
		}
		parse_any(buf, sizeof buf);
		cr_expect_gt(diag_count(), 0);
	}
	diag_reset();
}

Test(parser, all_token_soup_never_crashes)
{
	/* Every pair of tokens after a valid prefix. */
	static const char *const toks[] = {
	        "x",      "1",           "\"s\"",   "'c'",    "(",       ")",         "[",
	        "]",      "{",           "}",       ",",      ";",       ".",         ":",
	        "...",    "=",           ":=",      "<-",     "+",       "*",         "&",
	        "!",      "func",        "chan",    "map",    "struct",  "interface", "if",
	        "for",    "switch",      "select",  "case",   "default", "go",        "defer",
	        "return", "break",       "type",    "var",    "const",   "range",     "else",
	        "goto",   "fallthrough", "package", "import", "\n"};
	size_t nt = sizeof toks / sizeof *toks;
	static const char *const prefixes[] = {"package p\n", "package p\nfunc f() {\n",
	                                       "package p\nvar x = ", "package p\ntype T "};
	char src[256];
	for (size_t p = 0; p < 4; p++)
		for (size_t i = 0; i < nt; i++)
			for (size_t j = 0; j < nt; j++) {
				int n = snprintf(src, sizeof src, "%s%s %s", prefixes[p], toks[i],
				                 toks[j]);
				parse_any(src, (size_t)n);
			}
	diag_reset();
}

/* ---------------------------------------------------------------- malformed corpus */

/* The corpus directory: under $MINIRT_SRCDIR, else under the source tree this file was
 * compiled from (its path in __FILE__), else under the current directory or its parents. */
static char *corpus_dir(void)
{
	const char *sub = "tests/malformed/syntax";
	const char *env = getenv("MINIRT_SRCDIR");
	if (env && *env)
		return arena_printf("%s/%s", env, sub);
	const char *me = __FILE__;
	const char *tail = strstr(me, "tests/unit/lang/test_parser.c");
	const char *candidates[] = {
	        tail ? arena_printf("%.*s%s", (int)(tail - me), me, sub) : sub,
	        sub,
	        arena_printf("../%s", sub),
	        arena_printf("../../%s", sub),
	        arena_printf("../../../%s", sub),
	};
	for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++) {
		DIR *d = opendir(candidates[i]);
		if (d) {
			closedir(d);
			return arena_strdup(candidates[i]);
		}
	}
	return arena_strdup(sub);
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, f);
	buf[*len] = 0;
	fclose(f);
	return buf;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

Test(parser, malformed_corpus)
{
	char *dir = corpus_dir();
	DIR *d = opendir(dir);
	cr_assert_not_null(d, "cannot open %s (set MINIRT_SRCDIR)", dir);
	char *names[512];
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d)) && n < 512) {
		size_t l = strlen(de->d_name);
		if (l > 3 && strcmp(de->d_name + l - 3, ".mr") == 0)
			names[n++] = arena_strdup(de->d_name);
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof *names, cmp_names);
	cr_expect_geq(n, 25, "the corpus has %d files", n);

	for (int i = 0; i < n; i++) {
		char *path = arena_printf("%s/%s", dir, names[i]);
		size_t len;
		char *src = read_all(path, &len);
		cr_assert_not_null(src, "%s", path);
		cr_assert(strncmp(src, "// want: ", 9) == 0, "%s: no '// want:' line", names[i]);
		char *nl = strchr(src, '\n');
		char *want = arena_strndup(src + 9, nl ? (size_t)(nl - src - 9) : strlen(src + 9));

		diag_reset();
		parse_file(names[i], src, len);
		cr_expect_gt(diag_count(), 0, "%s: no error reported", names[i]);
		char *first = first_error();
		cr_expect(strstr(first, want) != NULL, "%s:\n  want: %s\n  got:  %s", names[i],
		          want, first);
		free(src);
	}
}
