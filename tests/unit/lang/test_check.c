/*
 * test_check.c - unit tests for the type checker (lang/check*.c): constant folding and the
 * types constants take from their context, storage and capture decisions, the
 * initialisation order of package variables, selector classification through embedded
 * fields, per-function locals, and error messages with their positions.
 *
 * Each program is parsed and checked from a string. Expected values were worked out by hand
 * from the Go specification (constant arithmetic, the init-order rule, method sets), and the
 * expected messages and positions are the ones Go's compiler prints for the same program
 * (checked against go build where its wording matches Go 1.22's).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang/arena.h"
#include "lang/check.h"
#include "lang/diag.h"
#include "lang/parser.h"

static void setup(void)
{
	types_init();
	diag_reset();
}

TestSuite(check, .init = setup);

/* ---------------------------------------------------------------- helpers */

static File *last_file;

/* Parses and checks src as the main file "t.go"; NULL when errors were reported. */
static Program *check_src(const char *src)
{
	last_file = parse_file("t.go", src, strlen(src));
	cr_assert_eq(diag_count(), 0, "the test program must parse");
	return check_program(last_file);
}

/* The diagnostics printed for src, as one string of lines. */
static char *errors_of(const char *src)
{
	Program *p = check_src(src);
	cr_assert_null(p, "expected errors for:\n%s", src);
	FILE *tmp = tmpfile();
	cr_assert_not_null(tmp);
	fflush(stderr);
	int saved = dup(2);
	dup2(fileno(tmp), 2);
	diag_flush();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	long n = ftell(tmp);
	rewind(tmp);
	char *buf = calloc(1, (size_t)n + 1);
	size_t got = fread(buf, 1, (size_t)n, tmp);
	buf[got] = 0;
	fclose(tmp);
	return buf;
}

/* Asserts that the first error of src is at line:col and contains msg. */
static void expect_error(const char *src, int line, int col, const char *msg)
{
	char *errs = errors_of(src);
	char prefix[64];
	snprintf(prefix, sizeof prefix, "t.go:%d:%d: ", line, col);
	cr_assert(strncmp(errs, prefix, strlen(prefix)) == 0, "want error at %s got:\n%s", prefix,
	          errs);
	char *nl = strchr(errs, '\n');
	if (nl)
		*nl = 0;
	cr_assert(strstr(errs, msg) != NULL, "want \"%s\" in first error, got:\n%s", msg, errs);
	free(errs);
}

static Program *ok(const char *src)
{
	Program *p = check_src(src);
	if (!p) {
		diag_flush();
		cr_assert_fail("unexpected errors checking:\n%s", src);
	}
	return p;
}

static Object *global(Program *p, const char *name)
{
	Object *o = scope_lookup_local(p->main->scope, intern_cstr(name));
	cr_assert_not_null(o, "no package-level object %s", name);
	return o;
}

static Decl *func_decl(const char *name)
{
	for (int i = 0; i < last_file->ndecls; i++) {
		Decl *d = last_file->decls[i];
		if (d->kind == D_FUNC && !d->u.func.recv &&
		    strcmp(d->u.func.name->u.ident.name, name) == 0)
			return d;
	}
	cr_assert_fail("no func %s", name);
	return NULL;
}

/* A local variable of the top-level function fn (the first with that name). */
static Object *local(const char *fn, const char *name)
{
	FuncLitInfo *info = func_decl(fn)->u.func.info;
	cr_assert_not_null(info);
	for (int i = 0; i < info->nlocals; i++)
		if (strcmp(info->locals[i]->name, name) == 0)
			return info->locals[i];
	cr_assert_fail("no local %s in %s", name, fn);
	return NULL;
}

/* The i-th statement of a top-level function's body. */
static Stmt *stmt_of(const char *fn, int i)
{
	Stmt *body = func_decl(fn)->u.func.body;
	cr_assert(i < body->u.block.nstmts);
	return body->u.block.stmts[i];
}

/* The value expression of a package-level 'var name = value'. */
static Expr *var_value(Program *p, const char *name)
{
	Object *o = global(p, name);
	cr_assert_not_null(o->vdecl);
	return o->vdecl->u.value.values[o->vindex];
}

static long long ival(Object *o)
{
	cr_assert_eq(o->kind, OBJ_CONST);
	cr_assert_eq(o->val->kind, CV_INT, "%s is not an integer constant", o->name);
	return (long long)o->val->i;
}

/* ---------------------------------------------------------------- constants */

Test(check, iota_patterns)
{
	Program *p = ok("package main\n"
	                "const (\n\tA = iota\n\tB\n\t_\n\tD\n)\n"
	                "const (\n\t_ = iota\n\tKB = 1 << (10 * iota)\n\tMB\n\tGB\n)\n"
	                "type Weekday int\n"
	                "const (\n\tSunday Weekday = iota\n\tMonday\n)\n"
	                "const (\n\tX, Y = iota, iota * 10\n\tZ, W\n)\n"
	                "func main() {}\n");
	cr_assert_eq(ival(global(p, "A")), 0);
	cr_assert_eq(ival(global(p, "B")), 1);
	cr_assert_eq(ival(global(p, "D")), 3);
	cr_assert_eq(ival(global(p, "KB")), 1024);
	cr_assert_eq(ival(global(p, "MB")), 1048576);
	cr_assert_eq(ival(global(p, "GB")), 1073741824);
	Object *mon = global(p, "Monday");
	cr_assert_eq(ival(mon), 1);
	cr_assert_eq(mon->type, global(p, "Weekday")->type, "implicit repetition keeps the type");
	cr_assert_eq(global(p, "A")->type, t_untyped_int);
	cr_assert_eq(ival(global(p, "Z")), 1);
	cr_assert_eq(ival(global(p, "W")), 10);
}

Test(check, exact_big_constants)
{
	Program *p = ok("package main\n"
	                "const big = 1 << 100\n"
	                "const small = big >> 98\n"
	                "const top = 1 << 62\n"
	                "const max64 = 1<<63 - 1\n"
	                "const third = 1.0 / 3\n"
	                "const idiv = 7 / 2\n"
	                "const fdiv = 7 / 2.0\n"
	                "const s = \"ab\" + \"cd\"\n"
	                "const n = len(s)\n"
	                "const cmp = 3 < 4\n"
	                "func main() {}\n");
	cr_assert_eq(ival(global(p, "small")), 4);
	cr_assert_eq(ival(global(p, "top")), 4611686018427387904LL);
	cr_assert_eq(ival(global(p, "max64")), 9223372036854775807LL);
	cr_assert_eq(ival(global(p, "idiv")), 3, "untyped integer division truncates");
	Object *f = global(p, "fdiv");
	cr_assert_eq(f->val->kind, CV_FLOAT);
	cr_assert_eq((double)f->val->f, 3.5);
	cr_assert_eq(global(p, "third")->type, t_untyped_float);
	Object *s = global(p, "s");
	cr_assert_eq(s->val->slen, 4);
	cr_assert(memcmp(s->val->s, "abcd", 4) == 0);
	cr_assert_eq(ival(global(p, "n")), 4);
	cr_assert_eq(global(p, "cmp")->val->b, true);
	cr_assert_eq(global(p, "cmp")->type, t_untyped_bool);
}

Test(check, untyped_float_to_int)
{
	Program *p = ok("package main\n"
	                "const f = 2.0\n"
	                "var i int = f\n"
	                "var g float32 = 0.1\n"
	                "var r = 'a' + 1\n"
	                "const c = int8(-128)\n"
	                "func main() {}\n");
	Expr *v = var_value(p, "i");
	cr_assert_eq(v->type, t_int);
	cr_assert_eq(v->mode, MODE_CONSTANT);
	cr_assert_eq(v->cval->kind, CV_INT, "an integral float becomes an integer in int context");
	cr_assert_eq((long long)v->cval->i, 2);
	Expr *g = var_value(p, "g");
	cr_assert_eq(g->type, t_float32);
	cr_assert_eq((double)g->cval->f, (double)0.1f, "rounded to float32");
	Expr *r = var_value(p, "r");
	cr_assert_eq(r->type, t_int32, "an untyped rune constant defaults to rune");
	cr_assert_eq((long long)r->cval->i, 98);
	cr_assert_eq(global(p, "r")->type, t_int32);
	cr_assert_eq(ival(global(p, "c")), -128);
	cr_assert_eq(global(p, "c")->type, t_int8);
}

Test(check, constant_overflow_in_declaration)
{
	expect_error("package main\n\nfunc main() {\n\tvar x int8 = 300\n\t_ = x\n}\n", 4, 15,
	             "cannot use 300 (untyped int constant) as int8 value in variable declaration "
	             "(overflows)");
}

Test(check, constant_conversion_overflow)
{
	expect_error("package main\n\nfunc main() {\n\t_ = byte(256)\n}\n", 4, 11,
	             "constant 256 overflows byte");
}

Test(check, typed_constant_arithmetic_overflow)
{
	expect_error("package main\n\nconst k int8 = 100\n\nvar v = k * 2\n\nfunc main() {}\n", 5,
	             9, "k * 2 (constant 200 of type int8) overflows int8");
}

Test(check, truncated_float)
{
	expect_error("package main\n\nfunc main() {\n\tvar i int = 2.5\n\t_ = i\n}\n", 4, 14,
	             "(truncated)");
}

Test(check, division_by_constant_zero)
{
	expect_error("package main\n\nfunc main() {\n\tx := 1\n\t_ = x / 0\n}\n", 5, 10,
	             "invalid operation: division by zero");
}

Test(check, default_types_without_context)
{
	ok("package main\n"
	   "func main() {\n"
	   "\tx := 1\n"
	   "\ty := 'a'\n"
	   "\tz := 1.5\n"
	   "\ts := \"s\"\n"
	   "\tb := 1 < 2\n"
	   "\tp := 1 << 3\n"
	   "\t_, _, _, _, _, _ = x, y, z, s, b, p\n"
	   "}\n");
	cr_assert_eq(local("main", "x")->type, t_int);
	cr_assert_eq(local("main", "y")->type, t_int32);
	cr_assert_eq(local("main", "z")->type, t_float64);
	cr_assert_eq(local("main", "s")->type, t_string);
	cr_assert_eq(local("main", "b")->type, t_bool);
	Stmt *ps = stmt_of("main", 5);
	Expr *shift = ps->u.assign.rhs[0];
	cr_assert_eq(shift->mode, MODE_CONSTANT);
	cr_assert_eq(shift->type, t_int);
	cr_assert_eq((long long)shift->cval->i, 8);
	cr_assert_eq(shift->u.op.x->type, t_int, "operands of a constant take its type too");
}

Test(check, untyped_args_to_interface_take_default_type)
{
	ok("package main\n"
	   "import \"fmt\"\n"
	   "func main() {\n"
	   "\tfmt.Println(1<<3, 2.5, 'x')\n"
	   "}\n");
	Expr *call = stmt_of("main", 0)->u.expr.x;
	cr_assert_eq(call->u.call.args[0]->type, t_int);
	cr_assert_eq(call->u.call.args[1]->type, t_float64);
	cr_assert_eq(call->u.call.args[2]->type, t_int32);
	cr_assert(call->u.call.variadic_pack);
}

Test(check, non_constant_shift_takes_context_type)
{
	ok("package main\n"
	   "func main() {\n"
	   "\tvar n uint = 3\n"
	   "\tx := 1 << n\n"
	   "\tvar y int64 = 1 << n\n"
	   "\t_, _ = x, y\n"
	   "}\n");
	cr_assert_eq(local("main", "x")->type, t_int);
	Expr *v = stmt_of("main", 2)->u.decl->u.value.values[0];
	cr_assert_eq(v->type, t_int64);
	cr_assert_eq(v->u.op.x->type, t_int64, "the shifted constant takes the context's type");
}

Test(check, non_constant_shift_in_float_context)
{
	expect_error("package main\n\nfunc main() {\n\tvar n uint = 3\n\tvar f float64 = 1 << "
	             "n\n\t_ = f\n}\n",
	             5, 18, "shifted operand 1 (type float64) must be integer");
}

Test(check, constant_conversions_fold)
{
	Program *p = ok("package main\n"
	                "const a = string('a')\n"
	                "const h = string(rune(0x4e16))\n"
	                "const m = max(1, 2.5, 2)\n"
	                "var arr [5]int\n"
	                "const n = len(arr)\n"
	                "var b = []byte(\"abc\")\n"
	                "func main() {}\n");
	Object *a = global(p, "a");
	cr_assert_eq(a->val->kind, CV_STRING);
	cr_assert_eq(a->val->slen, 1);
	cr_assert_eq(a->val->s[0], 'a');
	cr_assert_eq(global(p, "h")->val->slen, 3, "U+4E16 is three bytes of UTF-8");
	Object *m = global(p, "m");
	cr_assert_eq(m->type, t_untyped_float);
	cr_assert_eq((double)m->val->f, 2.5);
	cr_assert_eq(ival(global(p, "n")), 5);
	Expr *b = var_value(p, "b");
	cr_assert(b->u.call.conversion);
	cr_assert_eq(b->mode, MODE_VALUE);
	cr_assert_eq(b->u.call.args[0]->type, t_string);
}

/* ---------------------------------------------------------------- storage and captures */

Test(check, storage_decisions)
{
	Program *p = ok("package main\n"
	                "var g int\n"
	                "func main() {\n"
	                "\ta := 1\n"
	                "\tb := 2\n"
	                "\tc := 3\n"
	                "\tpa := &a\n"
	                "\tf := func() int { return b }\n"
	                "\t_, _, _ = pa, f, c\n"
	                "\tvar arr [4]int\n"
	                "\t_ = arr[1:]\n"
	                "}\n");
	cr_assert_eq(global(p, "g")->storage, VAR_GLOBAL);
	Object *a = local("main", "a"), *b = local("main", "b"), *c = local("main", "c");
	cr_assert_eq(a->storage, VAR_HEAP);
	cr_assert(a->addr_taken);
	cr_assert_eq(b->storage, VAR_HEAP);
	cr_assert(b->captured);
	cr_assert_not(b->addr_taken);
	cr_assert_eq(c->storage, VAR_LOCAL);
	cr_assert_eq(local("main", "arr")->storage, VAR_HEAP, "slicing an array takes its address");
}

Test(check, nested_captures)
{
	ok("package main\n"
	   "func main() {\n"
	   "\tx := 1\n"
	   "\tf := func() func() int {\n"
	   "\t\ty := 2\n"
	   "\t\treturn func() int { return x + y }\n"
	   "\t}\n"
	   "\t_ = f\n"
	   "}\n");
	Object *x = local("main", "x");
	cr_assert(x->captured);
	Expr *outer = stmt_of("main", 1)->u.assign.rhs[0];
	cr_assert_eq(outer->kind, E_FUNCLIT);
	FuncLitInfo *oi = outer->u.funclit.info;
	cr_assert_eq(oi->ncaptures, 1, "the intermediate literal captures x to pass it on");
	cr_assert_eq(oi->captures[0], x);
	Stmt *ret = oi->outer ? outer->u.funclit.body->u.block.stmts[1] : NULL;
	cr_assert_not_null(ret);
	Expr *inner = ret->u.ret.results[0];
	FuncLitInfo *ii = inner->u.funclit.info;
	cr_assert_eq(ii->outer, oi);
	cr_assert_eq(ii->ncaptures, 2);
	cr_assert_eq(ii->captures[0], x);
	cr_assert_str_eq(ii->captures[1]->name, "y");
	cr_assert_eq(oi->nlocals, 2, "y and the unnamed result");
}

Test(check, function_locals_order)
{
	ok("package main\n"
	   "type T struct{}\n"
	   "func (t *T) M(a int, b string) (int, error) {\n"
	   "\tc := a\n"
	   "\tf := func(z int) { _ = z }\n"
	   "\t_, _ = c, f\n"
	   "\treturn 0, nil\n"
	   "}\n"
	   "func main() {}\n");
	Decl *m = NULL;
	for (int i = 0; i < last_file->ndecls; i++)
		if (last_file->decls[i]->kind == D_FUNC && last_file->decls[i]->u.func.recv)
			m = last_file->decls[i];
	cr_assert_not_null(m);
	FuncLitInfo *info = m->u.func.info;
	const char *want[] = {"t", "a", "b", "~r0", "~r1", "c", "f"};
	cr_assert_eq(info->nlocals, 7);
	for (int i = 0; i < 7; i++)
		cr_assert_str_eq(info->locals[i]->name, want[i]);
	cr_assert(info->locals[0]->is_param);
	cr_assert(info->locals[3]->is_result);
	cr_assert_eq(info->locals[3]->type, t_int);
	cr_assert_eq(info->locals[4]->type, t_error);
	cr_assert_eq(info->sig->nparams, 2, "the signature has no receiver");
}

Test(check, loop_variables_recorded)
{
	ok("package main\n"
	   "func main() {\n"
	   "\tfor i, j := 0, 10; i < j; i++ {\n"
	   "\t}\n"
	   "}\n");
	Stmt *f = stmt_of("main", 0);
	cr_assert_eq(f->kind, S_FOR);
	cr_assert_eq(f->u.fors.nloopvars, 2);
	cr_assert_str_eq(f->u.fors.loopvars[0]->name, "i");
	cr_assert_str_eq(f->u.fors.loopvars[1]->name, "j");
}

/* ---------------------------------------------------------------- package variables */

Test(check, init_order_follows_dependencies)
{
	Program *p = ok("package main\n"
	                "var a = b + 1\n"
	                "var b = f()\n"
	                "func f() int { return c }\n"
	                "var c = 3\n"
	                "var d int\n"
	                "func main() {}\n");
	Package *m = p->main;
	cr_assert_eq(m->nvars, 4);
	cr_assert_str_eq(m->vars[0]->name, "c");
	cr_assert_str_eq(m->vars[1]->name, "b");
	cr_assert_str_eq(m->vars[2]->name, "a");
	cr_assert_str_eq(m->vars[3]->name, "d");
	cr_assert_eq(m->vars[2]->vindex, 0);
	cr_assert_eq(global(p, "a")->type, t_int);
}

Test(check, init_order_through_methods)
{
	Program *p = ok("package main\n"
	                "type T struct{}\n"
	                "func (T) get() int { return y }\n"
	                "var x = T{}.get()\n"
	                "var y = 7\n"
	                "func main() {}\n");
	cr_assert_str_eq(p->main->vars[0]->name, "y");
	cr_assert_str_eq(p->main->vars[1]->name, "x");
}

Test(check, initialization_cycle)
{
	expect_error("package main\n\nvar a = b + 1\nvar b = f()\n\nfunc f() int { return a "
	             "}\n\nfunc main() {}\n",
	             3, 5, "initialization cycle for a");
}

Test(check, packages_in_dependency_order)
{
	Program *p = ok("package main\n"
	                "import \"unicode/utf8\"\n"
	                "func main() { _ = utf8.RuneLen('x') }\n");
	cr_assert_eq(p->pkgs[p->npkgs - 1], p->main);
	cr_assert_not_null(p->runtime);
	cr_assert_str_eq(p->runtime->path, "runtime");
	bool found = false;
	for (int i = 0; i < p->npkgs; i++)
		if (strcmp(p->pkgs[i]->path, "unicode/utf8") == 0) {
			found = true;
			cr_assert_str_eq(p->pkgs[i]->name, "utf8");
		}
	cr_assert(found);
	Object *o = scope_lookup_local(p->main->scope, intern_cstr("utf8"));
	cr_assert_null(o, "imports live in the file scope, not the package scope");
}

/* ---------------------------------------------------------------- selectors */

Test(check, promoted_method_and_field_paths)
{
	ok("package main\n"
	   "type A struct{ x int }\n"
	   "func (a *A) Inc() { a.x++ }\n"
	   "func (a A) Get() int { return a.x }\n"
	   "type B struct {\n\tn int\n\tA\n}\n"
	   "func main() {\n"
	   "\tvar b B\n"
	   "\tb.Inc()\n"
	   "\t_ = b.x\n"
	   "\tp := &b\n"
	   "\t_ = p.Get()\n"
	   "\tq := &A{}\n"
	   "\t_ = q.Get()\n"
	   "\tg := b.Get\n"
	   "\t_ = g\n"
	   "}\n");
	Expr *inc = stmt_of("main", 1)->u.expr.x->u.call.fun;
	cr_assert_eq(inc->u.sel.kind, SEL_METHOD);
	cr_assert_eq(inc->u.sel.npath, 1);
	cr_assert_eq(inc->u.sel.path[0].index, 1);
	cr_assert(inc->u.sel.addr, "a pointer method on an addressable value takes its address");
	cr_assert_not(inc->u.sel.is_value);
	cr_assert(local("main", "b")->addr_taken);

	Expr *x = stmt_of("main", 2)->u.assign.rhs[0];
	cr_assert_eq(x->u.sel.kind, SEL_FIELD);
	cr_assert_eq(x->u.sel.npath, 2);
	cr_assert_eq(x->u.sel.path[0].index, 1);
	cr_assert_eq(x->u.sel.path[1].index, 0);
	cr_assert_eq(x->mode, MODE_VARIABLE);

	Expr *get = stmt_of("main", 4)->u.assign.rhs[0]->u.call.fun;
	cr_assert_eq(get->u.sel.kind, SEL_METHOD);
	cr_assert_not(get->u.sel.addr);
	cr_assert_not(get->u.sel.deref, "the promoted receiver is the embedded A value");

	Expr *qget = stmt_of("main", 6)->u.assign.rhs[0]->u.call.fun;
	cr_assert(qget->u.sel.deref, "a value method through a pointer dereferences it");
	cr_assert_eq(qget->u.sel.npath, 0);

	Expr *mv = stmt_of("main", 7)->u.assign.rhs[0];
	cr_assert(mv->u.sel.is_value);
	cr_assert_eq(local("main", "g")->type->kind, K_FUNC);
}

Test(check, interface_method_selector)
{
	ok("package main\n"
	   "type S interface { String() string; Len() int }\n"
	   "func use(s S) int { return s.Len() }\n"
	   "func main() {}\n");
	Stmt *ret = func_decl("use")->u.func.body->u.block.stmts[0];
	Expr *fun = ret->u.ret.results[0]->u.call.fun;
	cr_assert_eq(fun->u.sel.kind, SEL_IMETHOD);
	cr_assert_eq(fun->u.sel.index, 0, "methods are sorted by name: Len, String");
}

Test(check, cannot_call_pointer_method_on_value)
{
	expect_error("package main\n\ntype T struct{}\n\nfunc (t *T) M() {}\n\nfunc main() "
	             "{\n\tT{}.M()\n}\n",
	             8, 6, "cannot call pointer method M on T");
}

/* ---------------------------------------------------------------- statements */

Test(check, comma_ok_and_type_switch)
{
	ok("package main\n"
	   "func main() {\n"
	   "\tm := map[string]int{}\n"
	   "\tv, ok := m[\"a\"]\n"
	   "\t_, _ = v, ok\n"
	   "\tvar x any = 1\n"
	   "\tswitch t := x.(type) {\n"
	   "\tcase int:\n\t\t_ = t\n"
	   "\tcase string, bool:\n\t\t_ = t\n"
	   "\t}\n"
	   "}\n");
	cr_assert_eq(local("main", "v")->type, t_int);
	cr_assert_eq(local("main", "ok")->type, t_bool);
	Stmt *sw = stmt_of("main", 4);
	cr_assert_eq(sw->kind, S_TYPESWITCH);
	cr_assert_eq(sw->u.tswitch.clauses[0]->u.clause.tsvar->type, t_int);
	cr_assert_eq(sw->u.tswitch.clauses[1]->u.clause.tsvar->type, t_any);
}

Test(check, short_declaration_reuses_variables)
{
	ok("package main\n"
	   "func two() (int, error) { return 1, nil }\n"
	   "func main() {\n"
	   "\ta, err := two()\n"
	   "\tb, err := two()\n"
	   "\t_, _, _ = a, b, err\n"
	   "}\n");
	Stmt *s = stmt_of("main", 1);
	cr_assert(s->u.assign.is_new[0]);
	cr_assert_not(s->u.assign.is_new[1]);
	cr_assert_eq(s->u.assign.lhs[1]->u.ident.obj, local("main", "err"));
}

Test(check, labelled_break_targets)
{
	ok("package main\n"
	   "func main() {\n"
	   "outer:\n"
	   "\tfor i := 0; i < 3; i++ {\n"
	   "\t\tswitch i {\n"
	   "\t\tcase 1:\n\t\t\tbreak outer\n"
	   "\t\tcase 2:\n\t\t\tbreak\n"
	   "\t\t}\n"
	   "\t}\n"
	   "}\n");
	Stmt *lab = stmt_of("main", 0);
	Stmt *loop = lab->u.labeled.stmt;
	Stmt *sw = loop->u.fors.body->u.block.stmts[0];
	Stmt *b1 = sw->u.swtch.clauses[0]->u.clause.body[0];
	Stmt *b2 = sw->u.swtch.clauses[1]->u.clause.body[0];
	cr_assert_eq(b1->u.branch.target, loop);
	cr_assert_eq(b2->u.branch.target, sw);
}

Test(check, missing_return_at_closing_brace)
{
	expect_error("package main\n\nfunc f(x int) int {\n\tif x > 0 {\n\t\treturn "
	             "1\n\t}\n}\n\nfunc main() {}\n",
	             7, 1, "missing return");
}

Test(check, terminating_statements_need_no_return)
{
	ok("package main\n"
	   "func a() int { for {} }\n"
	   "func b(x int) int { if x > 0 { return 1 } else { panic(\"no\") } }\n"
	   "func c(x int) int {\n\tswitch {\n\tcase x > 0:\n\t\treturn 1\n\tdefault:\n\t\treturn "
	   "0\n\t}\n}\n"
	   "func main() {}\n");
}

Test(check, unused_variable)
{
	expect_error("package main\n\nfunc main() {\n\tx := 1\n\tx = 2\n}\n", 4, 2,
	             "declared and not used: x");
}

Test(check, unused_import)
{
	expect_error("package main\n\nimport \"os\"\n\nfunc main() {}\n", 3, 8,
	             "\"os\" imported and not used");
}

Test(check, mismatched_types)
{
	expect_error("package main\n\nfunc main() {\n\ta, b := 1, 2.5\n\t_ = a + b\n}\n", 5, 6,
	             "invalid operation: a + b (mismatched types int and float64)");
}

Test(check, not_enough_arguments)
{
	char *errs = errors_of("package main\n\nfunc h(a, b int) {}\n\nfunc main() {\n\th(1)\n}\n");
	cr_assert_str_eq(errs, "t.go:6:4: not enough arguments in call to h\n\thave "
	                       "(number)\n\twant (int, int)\n");
	free(errs);
}

Test(check, undefined_name)
{
	expect_error("package main\n\nfunc main() {\n\t_ = nope\n}\n", 4, 6, "undefined: nope");
}

Test(check, invalid_recursive_type)
{
	expect_error("package main\n\ntype T struct {\n\tx T\n}\n\nfunc main() {}\n", 3, 6,
	             "invalid recursive type T");
}

Test(check, recursive_types_through_pointers_are_fine)
{
	Program *p = ok(
	        "package main\n"
	        "type List struct {\n\tnext *List\n\tkids []List\n\tm map[string]List\n\tv int\n}\n"
	        "type F func(F) F\n"
	        "func main() {}\n");
	Type *l = global(p, "List")->type;
	cr_assert(l->complete);
	cr_assert_eq(l->size, 8 + 24 + 8 + 8);
}

Test(check, generics_rejected)
{
	expect_error("package main\n\nfunc id[T any](x T) T { return x }\n\nfunc main() {}\n", 3, 6,
	             "generics are not supported");
}

Test(check, package_outside_the_library)
{
	expect_error("package main\n\nimport \"net/http\"\n\nfunc main() {}\n", 3, 8,
	             "package \"net/http\" is not in the minirt standard library");
}

/* (`go f` without a call is a syntax error: tests/malformed/types/018_go_statement.mr) */
Test(check, go_statement_needs_a_call)
{
	expect_error("package main\n\nfunc main() {\n\tgo int(1)\n}\n", 4, 5,
	             "go requires function call, not conversion");
}

Test(check, go_statement_discards_builtin_result)
{
	expect_error("package main\n\nfunc main() {\n\tgo len(\"x\")\n}\n", 4, 5,
	             "go discards result of len(\"x\")");
}

Test(check, duplicate_case)
{
	expect_error("package main\n\nfunc main() {\n\tx := 1\n\tswitch x {\n\tcase 1:\n\tcase "
	             "1:\n\t}\n}\n",
	             7, 7, "duplicate case 1 in expression switch");
}

Test(check, errors_do_not_cascade)
{
	/* one mistake, one message: uses of the erroneous value stay silent */
	char *errs = errors_of(
	        "package main\n\nfunc main() {\n\tx := nope + 1\n\ty := x * 2\n\t_ = y[3]\n}\n");
	cr_assert_str_eq(errs, "t.go:4:7: undefined: nope\n");
	free(errs);
}

Test(check, natives_in_std_packages)
{
	Program *p = ok("package main\n"
	                "import \"errors\"\n"
	                "func main() { _ = errors.New(\"x\") }\n");
	Package *errs = NULL;
	for (int i = 0; i < p->npkgs; i++)
		if (strcmp(p->pkgs[i]->path, "errors") == 0)
			errs = p->pkgs[i];
	cr_assert_not_null(errs);
	int natives = 0;
	for (int i = 0; i < errs->nfuncs; i++) {
		Object *f = errs->funcs[i];
		if (!f->decl->u.func.body) {
			natives++;
			cr_assert_not_null(f->native);
			cr_assert(strncmp(f->native, "errors.", 7) == 0, "native %s", f->native);
		} else {
			cr_assert_null(f->native);
		}
	}
	(void)natives;
}
