/*
 * test_compile.c - unit tests for the compiler (lang/compile.c, compile_expr.c,
 * compile_iface.c): structural properties of the Protos it produces, checked after compiling
 * small programs in-process (pipeline.h).
 *
 * What is checked:
 *   - frame layout: parameters take slots 0.. in order (receiver first), results follow; the
 *     slot counts follow the types' sizes; every Proto's ptrmask marks exactly the slots that
 *     hold heap pointers (a string's data word but not its length, an interface's data word
 *     but not its type word, a heap cell's pointer for an escaping int);
 *   - the globals area: each variable aligned for its type, no overlaps, and a pointer bitmap
 *     equal to the one derived from the variables' types;
 *   - closures: captured variables live in heap cells, and a closure's code starts by loading
 *     its captures with CAPLOAD into pointer slots right after its parameters and results;
 *   - the opcode table and the itab cache;
 *   - slot classes never mix: walking every compiled Proto, no instruction writes a scalar into
 *     a pointer slot or a pointer into a scalar slot, and MOVEs stay within one class.
 * Expected layouts were worked out by hand from Go's sizes (lang/types.h) and the calling
 * convention in lang/vm.h.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/compile_int.h"
#include "pipeline.h"

TestSuite(compile);

/* ---------------------------------------------------------------- helpers */

/* Asserts the classes of the n slots from 'slot' in p's ptrmask: 'P' pointer, 'S' scalar. */
static void expect_classes(Proto *p, int slot, const char *cls, const char *what)
{
	int n = (int)strlen(cls);
	cr_assert((uint32_t)(slot + n) <= p->nslots, "%s: slots %d..%d past the frame (%u slots)",
	          what, slot, slot + n, p->nslots);
	for (int i = 0; i < n; i++) {
		bool want = cls[i] == 'P';
		cr_assert_eq(pl_ptrbit(p->ptrmask, (uint32_t)(slot + i)), want,
		             "%s: slot %d (word %d of the value) should be %s", what, slot + i, i,
		             want ? "a pointer" : "scalar");
	}
}

/* Asserts the layout of local 'name' of function 'fn': local storage, the given classes. */
static void expect_local(CompiledProgram *cp, const char *fn, const char *name, const char *cls)
{
	Object *f = pl_func(cp, fn);
	Object *o = pl_local(f, name);
	cr_assert_eq(o->storage, VAR_LOCAL, "%s should live in the frame", name);
	cr_assert_eq(type_slots(o->type), strlen(cls), "%s: slot count", name);
	expect_classes(f->code, o->slot, cls, name);
}

/* Every Proto reachable from the program: all functions of all packages, the entry, and
 * what their code refers to (closures, wrappers, deferred-call thunks, callees). */
typedef struct ProtoSet {
	Proto **v;
	int n, cap;
} ProtoSet;

static void protos_add(ProtoSet *s, Proto *p)
{
	if (!p)
		return;
	for (int i = 0; i < s->n; i++)
		if (s->v[i] == p)
			return;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->v = realloc(s->v, sizeof *s->v * (size_t)s->cap);
	}
	s->v[s->n++] = p;
}

static uint64_t kword(const Instr *in, int k)
{
	uint64_t v;
	memcpy(&v, in + k, 8);
	return v;
}

static ProtoSet all_protos(CompiledProgram *cp)
{
	ProtoSet s = {0};
	protos_add(&s, cp->entry);
	for (int i = 0; i < cp->prog->npkgs; i++)
		for (int j = 0; j < cp->prog->pkgs[i]->nfuncs; j++)
			protos_add(&s, cp->prog->pkgs[i]->funcs[j]->code);
	for (int i = 0; i < s.n; i++) {
		Proto *p = s.v[i];
		for (uint32_t pc = 0; p->code && pc < p->ncode; pc += (uint32_t)pl_instr_words(&p->code[pc])) {
			const Instr *in = &p->code[pc];
			if (in->op == OP_CALL || in->op == OP_CLOSURE || in->op == OP_BIND)
				protos_add(&s, (Proto *)(uintptr_t)kword(in, 1));
		}
	}
	return s;
}

/* The first instruction with opcode op in p at or after *pc, or NULL. */
static const Instr *find_op(Proto *p, int op, uint32_t *pc)
{
	for (uint32_t i = pc ? *pc : 0; i < p->ncode; i += (uint32_t)pl_instr_words(&p->code[i]))
		if (p->code[i].op == op) {
			if (pc)
				*pc = i + (uint32_t)pl_instr_words(&p->code[i]);
			return &p->code[i];
		}
	return NULL;
}

static Type *main_type(CompiledProgram *cp, const char *name)
{
	Object *o = scope_lookup_local(cp->prog->main->scope, intern_cstr(name));
	cr_assert(o && o->kind == OBJ_TYPE, "no type %s", name);
	return o->type;
}

/* ---------------------------------------------------------------- frame layout */

static const char locals_src[] =
    "package main\n"
    "type T struct {\n"
    "	a int\n"
    "	b *int\n"
    "	c string\n"
    "}\n"
    "func locals() {\n"
    "	var p *int\n"
    "	var n int\n"
    "	var s string\n"
    "	var e any\n"
    "	var sl []byte\n"
    "	var t T\n"
    "	var m map[string]int\n"
    "	var f func()\n"
    "	var x float64\n"
    "	var arr [2]*int\n"
    "	var err error\n"
    "	var b bool\n"
    "	_, _, _, _, _, _, _, _, _, _, _, _ = p, n, s, e, sl, t, m, f, x, arr, err, b\n"
    "	h := 5\n"
    "	q := &h\n"
    "	_ = q\n"
    "}\n"
    "func main() { locals() }\n";

/* The example of the design: pointer bits for p and s's data word, none for n or s's length;
 * then every other shape of value. */
Test(compile, local_slots_have_exact_pointer_bits)
{
	CompiledProgram *cp = pl_compile(locals_src);
	expect_local(cp, "locals", "p", "P");
	expect_local(cp, "locals", "n", "S");
	expect_local(cp, "locals", "s", "PS");
	expect_local(cp, "locals", "e", "SP");   /* type word, data word */
	expect_local(cp, "locals", "sl", "PSS"); /* ptr, len, cap */
	expect_local(cp, "locals", "t", "SPPS"); /* a, b, c.ptr, c.len */
	expect_local(cp, "locals", "m", "P");
	expect_local(cp, "locals", "f", "P");
	expect_local(cp, "locals", "x", "S");
	expect_local(cp, "locals", "arr", "PP");
	expect_local(cp, "locals", "err", "SP"); /* itab word, data word */
	expect_local(cp, "locals", "b", "S");
	expect_local(cp, "locals", "q", "P");
	/* h has its address taken: it lives in a heap cell, its slot holds the cell pointer. */
	Object *f = pl_func(cp, "locals");
	Object *h = pl_local(f, "h");
	cr_assert_eq(h->storage, VAR_HEAP);
	expect_classes(f->code, h->slot, "P", "h's cell");
}

/* Locals that are all live at once never share a slot. */
Test(compile, live_locals_do_not_overlap)
{
	CompiledProgram *cp = pl_compile(locals_src);
	Object *f = pl_func(cp, "locals");
	static const char *names[] = {"p", "n", "s", "e", "sl", "t", "m", "f", "x", "arr", "err", "b"};
	int n = (int)(sizeof names / sizeof names[0]);
	for (int i = 0; i < n; i++) {
		Object *a = pl_local(f, names[i]);
		for (int j = i + 1; j < n; j++) {
			Object *b = pl_local(f, names[j]);
			int a0 = a->slot, a1 = a->slot + (int)type_slots(a->type);
			int b0 = b->slot, b1 = b->slot + (int)type_slots(b->type);
			cr_assert(a1 <= b0 || b1 <= a0, "%s [%d,%d) overlaps %s [%d,%d)", names[i], a0,
			          a1, names[j], b0, b1);
		}
	}
}

static const char sig_src[] =
    "package main\n"
    "type T struct {\n"
    "	a int\n"
    "	b *int\n"
    "	c string\n"
    "}\n"
    "func sig(a int, s string) (bool, error) { return len(s) > a, nil }\n"
    "func named(x []int) (n int, err error, p *T) { return len(x), nil, nil }\n"
    "func none() {}\n"
    "func (t *T) PM(k int) string { return t.c }\n"
    "func (t T) VM() int { return t.a }\n"
    "func (t T) Pair(u T, f float32) (T, int8) { return u, int8(f) }\n"
    "func main() {\n"
    "	_, _ = sig(1, \"x\")\n"
    "	named(nil)\n"
    "	none()\n"
    "}\n";

/* func(a int, s string) (bool, error): 3 parameter slots, 3 result slots. */
Test(compile, signature_slot_counts_and_classes)
{
	CompiledProgram *cp = pl_compile(sig_src);
	Proto *p = pl_proto(cp, "sig");
	cr_assert_eq(p->nparams, 3);
	cr_assert_eq(p->nresults, 3);
	cr_assert_str_eq(p->name, "main.sig");
	cr_assert_eq(pl_local(pl_func(cp, "sig"), "a")->slot, 0);
	cr_assert_eq(pl_local(pl_func(cp, "sig"), "s")->slot, 1);
	/* a | s.ptr s.len | bool | error.tab error.data */
	expect_classes(p, 0, "SPSSSP", "sig's parameters and results");
	cr_assert_geq(p->nslots, 6);

	Proto *nm = pl_proto(cp, "named");
	cr_assert_eq(nm->nparams, 3);
	cr_assert_eq(nm->nresults, 4);
	Object *nf = pl_func(cp, "named");
	cr_assert_eq(pl_local(nf, "x")->slot, 0);
	cr_assert_eq(pl_local(nf, "n")->slot, 3);
	cr_assert_eq(pl_local(nf, "err")->slot, 4);
	cr_assert_eq(pl_local(nf, "p")->slot, 6);
	expect_classes(nm, 0, "PSSSSPP", "named's parameters and results");

	Proto *none = pl_proto(cp, "none");
	cr_assert_eq(none->nparams, 0);
	cr_assert_eq(none->nresults, 0);
}

/* Methods: the receiver comes first and counts as parameter slots; Go's symbol names. */
Test(compile, method_receivers_come_first)
{
	CompiledProgram *cp = pl_compile(sig_src);
	Proto *pm = pl_proto(cp, "T.PM");
	cr_assert_str_eq(pm->name, "main.(*T).PM");
	cr_assert_eq(pm->nparams, 2);
	cr_assert_eq(pm->nresults, 2);
	cr_assert_eq(pl_local(pl_func(cp, "T.PM"), "t")->slot, 0);
	cr_assert_eq(pl_local(pl_func(cp, "T.PM"), "k")->slot, 1);
	expect_classes(pm, 0, "PSPS", "(*T).PM");

	Proto *vm = pl_proto(cp, "T.VM");
	cr_assert_str_eq(vm->name, "main.T.VM");
	cr_assert_eq(vm->nparams, 4); /* T is 32 bytes */
	cr_assert_eq(vm->nresults, 1);
	expect_classes(vm, 0, "SPPSS", "T.VM");

	/* (t T) Pair(u T, f float32) (T, int8): 4 + 4 + 1 parameter slots, 4 + 1 result slots. */
	Proto *pair = pl_proto(cp, "T.Pair");
	cr_assert_eq(pair->nparams, 9);
	cr_assert_eq(pair->nresults, 5);
	Object *pf = pl_func(cp, "T.Pair");
	cr_assert_eq(pl_local(pf, "u")->slot, 4);
	cr_assert_eq(pl_local(pf, "f")->slot, 8);
	expect_classes(pair, 0, "SPPS" "SPPS" "S" "SPPS" "S", "T.Pair");
}

/* A parameter whose address escapes is moved into a heap cell at entry. */
Test(compile, escaping_parameter_moves_to_a_cell)
{
	CompiledProgram *cp = pl_compile("package main\n"
	                                 "func esc(n int) *int { return &n }\n"
	                                 "func main() { _ = esc(1) }\n");
	Object *f = pl_func(cp, "esc");
	Proto *p = f->code;
	Object *n = pl_local(f, "n");
	cr_assert_eq(n->storage, VAR_HEAP);
	cr_assert_neq(n->slot, 0, "the cell is a new slot; slot 0 keeps the incoming value");
	expect_classes(p, 0, "S", "the incoming int");
	expect_classes(p, n->slot, "P", "n's cell");
	cr_assert_eq(p->code[0].op, OP_NEW);
	cr_assert_eq(p->code[0].a, n->slot);
	cr_assert_eq((Type *)(uintptr_t)kword(&p->code[0], 1), t_int);
	cr_assert_eq(p->code[2].op, OP_STOREM, "then the parameter is stored into the cell");
	cr_assert_eq(p->code[2].a, n->slot);
	cr_assert_eq(p->code[2].b, 0);
}

/* Every Proto's line table is sorted by pc and starts at pc 0, its lines lie within the
 * function, it ends with RET, and its deferreturn is inside the code. */
Test(compile, protos_are_well_formed)
{
	CompiledProgram *cp = pl_compile(sig_src);
	const char *fns[] = {"sig", "named", "none", "T.PM", "T.VM", "T.Pair", "main"};
	int first[] = {7, 8, 9, 10, 11, 12, 13}, last[] = {7, 8, 9, 10, 11, 12, 17};
	for (int i = 0; i < 7; i++) {
		Proto *p = pl_proto(cp, fns[i]);
		cr_assert_gt(p->ncode, 0);
		cr_assert_eq(p->code[p->ncode - 1].op, OP_RET, "%s ends with RET", fns[i]);
		cr_assert_lt(p->deferreturn, p->ncode);
		cr_assert_gt(p->nlines, 0);
		cr_assert_eq(p->lines[0].pc, 0);
		for (uint32_t k = 0; k < p->nlines; k++) {
			if (k)
				cr_assert_gt(p->lines[k].pc, p->lines[k - 1].pc, "%s: lines sorted", fns[i]);
			cr_assert(p->lines[k].line >= (uint32_t)first[i] &&
			              p->lines[k].line <= (uint32_t)last[i],
			          "%s: line %u outside %d..%d", fns[i], p->lines[k].line, first[i], last[i]);
		}
		cr_assert_eq(p->line, first[i]);
		cr_assert_str_eq(p->file, "t.go");
		cr_assert_geq(p->nslots, p->nparams + p->nresults);
		cr_assert_not_null(p->ptrmask);
	}
}

/* ---------------------------------------------------------------- globals */

static const char globals_src[] =
    "package main\n"
    "var ga int8\n"
    "var gb int64\n"
    "var gc int16\n"
    "var gd string\n"
    "var ge *int\n"
    "var gf [3]byte\n"
    "var gg any\n"
    "var gh struct {\n"
    "	n int\n"
    "	p *int\n"
    "}\n"
    "var gi bool\n"
    "var gj []int\n"
    "var gk int32\n"
    "var gl [2]struct {\n"
    "	s string\n"
    "	k int\n"
    "}\n"
    "func main() {}\n";

Test(compile, globals_are_aligned_and_disjoint)
{
	CompiledProgram *cp = pl_compile(globals_src);
	static const struct {
		const char *name;
		uint32_t size, align;
	} want[] = {
	    {"ga", 1, 1}, {"gb", 8, 8}, {"gc", 2, 2}, {"gd", 16, 8}, {"ge", 8, 8}, {"gf", 3, 1},
	    {"gg", 16, 8}, {"gh", 16, 8}, {"gi", 1, 1}, {"gj", 24, 8}, {"gk", 4, 4}, {"gl", 48, 8},
	};
	int n = (int)(sizeof want / sizeof want[0]);
	for (int i = 0; i < n; i++) {
		Object *o = pl_global(cp, want[i].name);
		cr_assert_eq(o->storage, VAR_GLOBAL);
		cr_assert_eq(o->type->size, want[i].size, "%s size", want[i].name);
		cr_assert_eq(o->slot % (int)want[i].align, 0, "%s at offset %d is not %u-aligned",
		             want[i].name, o->slot, want[i].align);
		cr_assert_leq((uint32_t)o->slot + want[i].size, cp->globals_size);
		for (int j = 0; j < i; j++) {
			Object *p = pl_global(cp, want[j].name);
			bool disjoint = (uint32_t)o->slot >= (uint32_t)p->slot + want[j].size ||
			                (uint32_t)p->slot >= (uint32_t)o->slot + want[i].size;
			cr_assert(disjoint, "%s and %s overlap", want[i].name, want[j].name);
		}
	}
	cr_assert_eq(cp->globals_size % 8, 0);
}

/* The globals bitmap marks exactly the words holding pointers, for main's variables (by
 * hand) and for every package's (from the types). */
Test(compile, globals_ptrmask_is_exact)
{
	CompiledProgram *cp = pl_compile(globals_src);
	static const struct {
		const char *name;
		const char *words; /* one letter per 8-byte word */
	} want[] = {
	    {"gb", "S"}, {"gd", "PS"}, {"ge", "P"}, {"gg", "SP"}, {"gh", "SP"}, {"gj", "PSS"},
	    {"gl", "PSSPSS"},
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		Object *o = pl_global(cp, want[i].name);
		cr_assert_eq(o->slot % 8, 0);
		for (size_t w = 0; w < strlen(want[i].words); w++) {
			uint32_t gw = (uint32_t)o->slot / 8 + (uint32_t)w;
			cr_assert_eq(pl_ptrbit(cp->globals_ptrmask, gw), want[i].words[w] == 'P',
			             "%s word %zu", want[i].name, w);
		}
	}
	/* Scalars that may share a word with each other never share one with a pointer. */
	const char *scalars[] = {"ga", "gc", "gf", "gi", "gk"};
	for (size_t i = 0; i < 5; i++) {
		Object *o = pl_global(cp, scalars[i]);
		uint32_t w0 = (uint32_t)o->slot / 8, w1 = ((uint32_t)o->slot + o->type->size - 1) / 8;
		for (uint32_t w = w0; w <= w1; w++)
			cr_assert(!pl_ptrbit(cp->globals_ptrmask, w), "%s's word %u marked", scalars[i], w);
	}
	/* The whole bitmap equals the union of every variable's type mask. */
	uint32_t nwords = cp->globals_size / 8;
	uint8_t *expect = calloc(1, nwords / 8 + 1);
	for (int i = 0; i < cp->prog->npkgs; i++) {
		Package *pk = cp->prog->pkgs[i];
		for (int j = 0; j < pk->nvars; j++) {
			Type *t = pk->vars[j]->type;
			for (uint32_t w = 0; w * 8 < t->ptrdata; w++)
				if (pl_ptrbit(t->ptrmask, w)) {
					cr_assert_eq(pk->vars[j]->slot % 8, 0, "%s.%s holds pointers but is unaligned",
					             pk->path, pk->vars[j]->name);
					uint32_t gw = (uint32_t)pk->vars[j]->slot / 8 + w;
					expect[gw / 8] |= (uint8_t)(1u << (gw % 8));
				}
		}
	}
	for (uint32_t w = 0; w < nwords; w++)
		cr_assert_eq(pl_ptrbit(cp->globals_ptrmask, w), pl_ptrbit(expect, w), "globals word %u", w);
	free(expect);
}

/* ---------------------------------------------------------------- closures */

static const char closure_src[] =
    "package main\n"
    "func outer() func() int {\n"
    "	x := 1\n"
    "	y := \"s\"\n"
    "	return func() int {\n"
    "		x++\n"
    "		return x + len(y)\n"
    "	}\n"
    "}\n"
    "func withArgs(k int) func(a, b string) (int, bool) {\n"
    "	return func(a, b string) (int, bool) { return k + len(a), b == \"\" }\n"
    "}\n"
    "func noCap() func() int { return func() int { return 7 } }\n"
    "func nest() func() func() int {\n"
    "	z := 10\n"
    "	return func() func() int { return func() int { return z } }\n"
    "}\n"
    "func main() {\n"
    "	outer()()\n"
    "	withArgs(1)(\"a\", \"b\")\n"
    "	noCap()()\n"
    "	nest()()()\n"
    "}\n";

/* Checks that closure p begins with one CAPLOAD per capture into the pointer slots that
 * follow its parameters and results. */
static void expect_caploads(Proto *p, int ncap)
{
	cr_assert(p->is_closure, "%s should expect captures", p->name);
	uint32_t base = p->nparams + p->nresults;
	for (int i = 0; i < ncap; i++) {
		const Instr *in = &p->code[i];
		cr_assert_eq(in->op, OP_CAPLOAD, "%s: instruction %d is %s, want CAPLOAD", p->name, i,
		             vm_opname(in->op));
		cr_assert_eq(in->a, base + (uint32_t)i, "%s: capture %d loaded into slot %u", p->name, i,
		             in->a);
		cr_assert_eq(in->b, i);
		expect_classes(p, (int)in->a, "P", "a capture's cell pointer");
	}
	cr_assert_neq(p->code[ncap].op, OP_CAPLOAD, "%s: only %d captures", p->name, ncap);
}

Test(compile, closure_captures_become_caploads_at_entry)
{
	CompiledProgram *cp = pl_compile(closure_src);
	Object *of = pl_func(cp, "outer");
	cr_assert_eq(pl_local(of, "x")->storage, VAR_HEAP);
	cr_assert_eq(pl_local(of, "y")->storage, VAR_HEAP);
	expect_classes(of->code, pl_local(of, "x")->slot, "P", "x's cell");
	expect_classes(of->code, pl_local(of, "y")->slot, "P", "y's cell");
	const Instr *cl = find_op(of->code, OP_CLOSURE, NULL);
	cr_assert_not_null(cl, "outer makes a closure");
	cr_assert_eq(cl->c, 2, "two captures");
	expect_classes(of->code, cl->a, "P", "the closure");
	Proto *f1 = (Proto *)(uintptr_t)kword(cl, 1);
	cr_assert_str_eq(f1->name, "main.outer.func1");
	cr_assert_eq(f1->nparams, 0);
	cr_assert_eq(f1->nresults, 1);
	expect_caploads(f1, 2);

	/* With parameters and results: captures start after 4 parameter and 2 result slots. */
	Proto *wa = pl_proto(cp, "withArgs");
	const Instr *cl2 = find_op(wa, OP_CLOSURE, NULL);
	cr_assert_not_null(cl2);
	cr_assert_eq(cl2->c, 1);
	Proto *f2 = (Proto *)(uintptr_t)kword(cl2, 1);
	cr_assert_eq(f2->nparams, 4);
	cr_assert_eq(f2->nresults, 2);
	expect_caploads(f2, 1);
	expect_classes(f2, 0, "PSPSSS", "func(a, b string) (int, bool)");
}

/* A function literal that captures nothing is a static closure: no CLOSURE, no CAPLOAD. */
Test(compile, closure_without_captures_is_static)
{
	CompiledProgram *cp = pl_compile(closure_src);
	Proto *nc = pl_proto(cp, "noCap");
	cr_assert_null(find_op(nc, OP_CLOSURE, NULL));
	const Instr *lk = find_op(nc, OP_LOADK, NULL);
	cr_assert_not_null(lk);
	Closure *c = (Closure *)(uintptr_t)kword(lk, 1);
	cr_assert_str_eq(c->fn->name, "main.noCap.func1");
	cr_assert(!c->fn->is_closure);
	cr_assert_null(find_op(c->fn, OP_CAPLOAD, NULL));
}

/* A variable captured two levels down is captured by the middle literal too. */
Test(compile, nested_closures_capture_through_the_middle)
{
	CompiledProgram *cp = pl_compile(closure_src);
	Object *nf = pl_func(cp, "nest");
	cr_assert_eq(pl_local(nf, "z")->storage, VAR_HEAP);
	const Instr *cl = find_op(nf->code, OP_CLOSURE, NULL);
	cr_assert_not_null(cl);
	cr_assert_eq(cl->c, 1);
	Proto *mid = (Proto *)(uintptr_t)kword(cl, 1);
	expect_caploads(mid, 1);
	const Instr *cl2 = find_op(mid, OP_CLOSURE, NULL);
	cr_assert_not_null(cl2, "the middle literal builds the inner closure");
	cr_assert_eq(cl2->c, 1);
	Proto *inner = (Proto *)(uintptr_t)kword(cl2, 1);
	expect_caploads(inner, 1);
	cr_assert_neq(inner, mid);
}

/* ---------------------------------------------------------------- opcodes */

static const char *const xmacro_names[] = {
#define X(name) #name,
    OPCODES(X)
#undef X
};

Test(compile, opcode_table_matches_the_xmacro)
{
	cr_assert_eq(sizeof xmacro_names / sizeof xmacro_names[0], (size_t)OP_COUNT);
	for (int i = 0; i < OP_COUNT; i++) {
		cr_assert_not_null(vm_opname(i));
		cr_assert_str_eq(vm_opname(i), xmacro_names[i], "opcode %d", i);
		for (int j = 0; j < i; j++)
			cr_assert_str_neq(xmacro_names[i], xmacro_names[j], "duplicate opcode name");
	}
	cr_assert_eq(OP_NOP, 0);
	cr_assert_str_eq(vm_opname(OP_NOP), "NOP");
	cr_assert_str_eq(vm_opname(OP_ADD), "ADD");
	cr_assert_str_eq(vm_opname(OP_CAPLOAD), "CAPLOAD");
	cr_assert_str_eq(vm_opname(OP_MAPNEXT), "MAPNEXT");
	cr_assert_str_eq(vm_opname(OP_GOEXIT), "GOEXIT");
	cr_assert_eq(OP_GOEXIT, OP_COUNT - 1);
	cr_assert_str_eq(vm_opname(OP_COUNT), "?");
	cr_assert_str_eq(vm_opname(-1), "?");
	cr_assert_eq(sizeof(Instr), 8, "one instruction is 8 bytes, like a K word");
}

/* ---------------------------------------------------------------- itabs */

static const char itab_src[] =
    "package main\n"
    "type I interface {\n"
    "	M() int\n"
    "	A() string\n"
    "}\n"
    "type Good struct{ v int }\n"
    "func (g Good) M() int    { return g.v }\n"
    "func (g Good) A() string { return \"a\" }\n"
    "type WrongSig struct{}\n"
    "func (WrongSig) M() string { return \"\" }\n"
    "func (WrongSig) A() string { return \"\" }\n"
    "type Missing struct{}\n"
    "func (Missing) M() int { return 0 }\n"
    "type PtrOnly struct{}\n"
    "func (*PtrOnly) M() int    { return 0 }\n"
    "func (*PtrOnly) A() string { return \"\" }\n"
    "type Emb struct{ Good }\n"
    "type WrongParams struct{}\n"
    "func (WrongParams) M(x int) int { return x }\n"
    "func (WrongParams) A() string  { return \"\" }\n"
    "type EmbI struct {\n"
    "	I\n"
    "	n int\n"
    "}\n"
    "func main() {}\n";

Test(compile, itab_get_caches_and_rejects)
{
	CompiledProgram *cp = pl_compile(itab_src);
	Type *I = main_type(cp, "I"), *good = main_type(cp, "Good");
	Itab *t1 = itab_get(I, good, false);
	cr_assert_not_null(t1);
	cr_assert_eq(itab_get(I, good, false), t1, "the same pair gives the same itab");
	cr_assert_eq(t1->type, good);
	cr_assert_eq(t1->inter, I);
	/* Interface methods are sorted by name: A is method 0, M is method 1. */
	cr_assert_not_null(t1->fun[0]);
	cr_assert_not_null(t1->fun[1]);
	cr_assert_neq(t1->fun[0], t1->fun[1]);
	cr_assert(strstr(((Proto *)t1->fun[0])->name, "A") != NULL, "fun[0] is %s",
	          ((Proto *)t1->fun[0])->name);
	cr_assert(strstr(((Proto *)t1->fun[1])->name, "M") != NULL, "fun[1] is %s",
	          ((Proto *)t1->fun[1])->name);

	cr_assert_null(itab_get(I, main_type(cp, "WrongSig"), false), "M has another result type");
	cr_assert_null(itab_get(I, main_type(cp, "WrongSig"), false), "still NULL when cached");
	cr_assert_null(itab_get(I, main_type(cp, "WrongParams"), false), "M has a parameter");
	cr_assert_null(itab_get(I, main_type(cp, "Missing"), false), "A is missing");
	Type *po = main_type(cp, "PtrOnly");
	cr_assert_null(itab_get(I, po, false), "pointer methods are not in PtrOnly's method set");
	Itab *pt = itab_get(I, types_pointer(po), false);
	cr_assert_not_null(pt, "*PtrOnly has both methods");
	cr_assert_eq(itab_get(I, types_pointer(po), false), pt);
	cr_assert_eq(pt->type, types_pointer(po));

	/* Promoted methods: through Emb and *Emb, each pair with its own itab. */
	Type *emb = main_type(cp, "Emb");
	Itab *te = itab_get(I, emb, false), *tpe = itab_get(I, types_pointer(emb), false);
	cr_assert_not_null(te);
	cr_assert_not_null(tpe);
	cr_assert_neq(te, tpe);
	cr_assert_neq(te, t1);
	cr_assert_eq(itab_get(I, emb, false), te);

	/* The predeclared error interface. */
	cr_assert_null(itab_get(t_error, good, false));
}

/* A struct embedding an interface has the interface's methods in its method set (promoted
 * through the embedded field), so the pair has an itab, and so does the pointer. */
Test(compile, itab_for_promoted_interface_methods)
{
	CompiledProgram *cp = pl_compile(itab_src);
	Type *I = main_type(cp, "I"), *embi = main_type(cp, "EmbI");
	Itab *t = itab_get(I, embi, false);
	cr_assert_not_null(t, "EmbI implements I through its embedded field");
	cr_assert_eq(itab_get(I, embi, false), t);
	cr_assert_not_null(t->fun[0]);
	cr_assert_not_null(t->fun[1]);
	cr_assert_not_null(itab_get(I, types_pointer(embi), false));
}

/* ---------------------------------------------------------------- slot classes */

static const char mixed_src[] =
    "package main\n"
    "import (\n"
    "	\"fmt\"\n"
    "	\"strings\"\n"
    ")\n"
    "type Pt struct {\n"
    "	x, y int\n"
    "	name string\n"
    "	next *Pt\n"
    "}\n"
    "func (p *Pt) String() string { return fmt.Sprintf(\"(%d,%d)\", p.x, p.y) }\n"
    "func mix(a int, s string, p *Pt, xs []int, m map[string]int, e any) (int, string) {\n"
    "	t := a*3 + len(s) - p.x\n"
    "	u := s + p.name + fmt.Sprint(t)\n"
    "	v := xs[a%len(xs)] + m[s] + len(u)\n"
    "	var w any = v\n"
    "	if q, ok := e.(*Pt); ok {\n"
    "		t += q.y\n"
    "	}\n"
    "	f := func(k int) string { return u + string(rune('a'+k)) }\n"
    "	r := f(v%26) + fmt.Sprintf(\"%v%v\", w, e)\n"
    "	for i, c := range r {\n"
    "		t += i * int(c)\n"
    "	}\n"
    "	arr := [3]string{s, u, r}\n"
    "	fl := float64(t) / 3.5\n"
    "	var f32 float32 = float32(fl) * 2\n"
    "	b := []byte(arr[1])\n"
    "	b = append(b, byte(t), 'x')\n"
    "	for k, val := range m {\n"
    "		t += len(k) + val\n"
    "	}\n"
    "	defer fmt.Println(\"done\", t, p)\n"
    "	switch x := e.(type) {\n"
    "	case int:\n"
    "		t += x\n"
    "	case string:\n"
    "		u = x + strings.Repeat(\"-\", 2)\n"
    "	case *Pt:\n"
    "		p = x.next\n"
    "	}\n"
    "	g := p.String\n"
    "	var st fmt.Stringer = p\n"
    "	t += int(f32) + len(g()) + len(st.String()) + int(uint8(t)) + int(int16(t)<<3)\n"
    "	return t + len(arr[1]) + len(b), arr[2][:1] + u\n"
    "}\n"
    "func main() {\n"
    "	p := &Pt{1, 2, \"n\", nil}\n"
    "	p.next = p\n"
    "	t, s := mix(3, \"abc\", p, []int{1, 2, 3}, map[string]int{\"abc\": 4}, p)\n"
    "	fmt.Println(t > 0, len(s) > 0)\n"
    "}\n";

enum { WANT_ANY = 0, WANT_S, WANT_P };

/* The class each instruction's destination slots must have (a string of S/P/-), or NULL. */
static const char *dest_classes(int op)
{
	switch (op) {
	case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV: case OP_REM: case OP_DIVU:
	case OP_REMU: case OP_AND: case OP_OR: case OP_XOR: case OP_ANDNOT: case OP_SHL:
	case OP_SHR: case OP_SHRU: case OP_ADDI: case OP_NEG: case OP_BNOT: case OP_NOT:
	case OP_SEXT8: case OP_SEXT16: case OP_SEXT32: case OP_ZEXT8: case OP_ZEXT16:
	case OP_ZEXT32: case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_LTU: case OP_LEU:
	case OP_FADD: case OP_FSUB: case OP_FMUL: case OP_FDIV: case OP_FNEG: case OP_FEQ:
	case OP_FNE: case OP_FLT: case OP_FLE: case OP_F32R: case OP_I2F: case OP_U2F:
	case OP_F2I: case OP_F2U: case OP_LOADI: case OP_STRCMP: case OP_STREQ: case OP_STRIDX:
	case OP_MAPLEN: case OP_IFACEEQ: case OP_EQMEM: case OP_COPY:
		return "S";
	case OP_NEW: case OP_MAKEMAP: case OP_CLOSURE: case OP_BIND: case OP_CAPLOAD:
	case OP_GADDR: case OP_ADDPTR: case OP_IDXADDR: case OP_SIDXADDR:
		return "P";
	case OP_LOADSTR: case OP_CONCAT: case OP_BYTES2STR: case OP_RUNES2STR: case OP_RUNE2STR:
		return "PS";
	case OP_MAKESLICE: case OP_STR2BYTES: case OP_STR2RUNES:
		return "PSS";
	case OP_BOX: case OP_CONVI: case OP_ASSERTI: case OP_RECOVER:
		return "SP";
	default:
		return NULL;
	}
}

/* Arithmetic reads scalars only (pointer comparisons use EQ/NE, which are not listed). */
static bool reads_scalars(int op)
{
	switch (op) {
	case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV: case OP_REM: case OP_DIVU:
	case OP_REMU: case OP_AND: case OP_OR: case OP_XOR: case OP_ANDNOT: case OP_SHL:
	case OP_SHR: case OP_SHRU: case OP_LT: case OP_LE: case OP_LTU: case OP_LEU:
	case OP_FADD: case OP_FSUB: case OP_FMUL: case OP_FDIV: case OP_FLT: case OP_FLE:
		return true;
	default:
		return false;
	}
}

static void check_proto_classes(Proto *p)
{
	for (uint32_t pc = 0; pc < p->ncode; pc += (uint32_t)pl_instr_words(&p->code[pc])) {
		const Instr *in = &p->code[pc];
		const char *want = dest_classes(in->op);
		if (want) {
			for (int i = 0; want[i]; i++)
				cr_assert_eq(pl_ptrbit(p->ptrmask, in->a + (uint32_t)i), want[i] == 'P',
				             "%s pc %u: %s writes %s into slot %u, which is %s", p->name, pc,
				             vm_opname(in->op), want[i] == 'P' ? "a pointer" : "a scalar",
				             in->a + i, want[i] == 'P' ? "scalar" : "a pointer slot");
		}
		if (reads_scalars(in->op) || in->op == OP_ADDI || in->op == OP_NEG ||
		    in->op == OP_BNOT) {
			cr_assert(!pl_ptrbit(p->ptrmask, in->b), "%s pc %u: %s reads pointer slot %u",
			          p->name, pc, vm_opname(in->op), in->b);
			if (reads_scalars(in->op))
				cr_assert(!pl_ptrbit(p->ptrmask, in->c), "%s pc %u: %s reads pointer slot %u",
				          p->name, pc, vm_opname(in->op), in->c);
		}
		int nmove = in->op == OP_MOVE ? 1 : in->op == OP_MOVE2 ? 2 : in->op == OP_MOVE3 ? 3
		          : in->op == OP_MOVEN ? in->c : 0;
		for (int i = 0; i < nmove; i++)
			cr_assert_eq(pl_ptrbit(p->ptrmask, in->a + (uint32_t)i),
			             pl_ptrbit(p->ptrmask, in->b + (uint32_t)i),
			             "%s pc %u: %s moves slot %u into slot %u of another class", p->name,
			             pc, vm_opname(in->op), in->b + i, in->a + i);
		if (in->op == OP_CALLF || in->op == OP_DEFER)
			cr_assert(pl_ptrbit(p->ptrmask, in->op == OP_CALLF ? in->b : in->a),
			          "%s pc %u: %s's func value must be in a pointer slot", p->name, pc,
			          vm_opname(in->op));
	}
}

/* No slot is used for both a pointer and a scalar: every instruction's destination has the
 * class of what it produces, and moves stay within a class. Checked for every Proto of a
 * program with many mixed temporaries, including the standard packages it loads. */
Test(compile, slot_classes_never_mix)
{
	CompiledProgram *cp = pl_compile(mixed_src);
	ProtoSet s = all_protos(cp);
	int checked = 0;
	for (int i = 0; i < s.n; i++)
		if (s.v[i]->code && !s.v[i]->native) {
			check_proto_classes(s.v[i]);
			checked++;
		}
	cr_assert_gt(checked, 50, "the walk should reach the standard packages' functions too");
	/* In mix itself, the string and interface temporaries really were classed. */
	Proto *mix = pl_proto(cp, "mix");
	cr_assert_not_null(find_op(mix, OP_CONCAT, NULL));
	cr_assert_not_null(find_op(mix, OP_BOX, NULL));
	cr_assert_not_null(find_op(mix, OP_DEFER, NULL));
	free(s.v);
}

/* ---------------------------------------------------------------- the entry */

/* The entry initialises variables (calling their initialisers), runs the init functions in
 * source order, then calls main.main and ends with GOEXIT. */
Test(compile, entry_runs_inits_then_main)
{
	CompiledProgram *cp = pl_compile("package main\n"
	                                 "var x = f()\n"
	                                 "func f() int { return 1 }\n"
	                                 "func init() { x++ }\n"
	                                 "func init() { x *= 2 }\n"
	                                 "func main() { println(x) }\n");
	Proto *e = cp->entry;
	cr_assert_str_eq(e->name, "runtime.main");
	cr_assert_eq(e->code[e->ncode - 1].op, OP_GOEXIT);
	Package *pk = cp->prog->main;
	cr_assert_eq(pk->ninits, 2);
	Proto *want[4] = {pl_proto(cp, "f"), pk->inits[0]->code, pk->inits[1]->code,
	                  pl_proto(cp, "main")};
	cr_assert_neq(want[1], want[2], "each init is its own function");
	int pos[4] = {-1, -1, -1, -1};
	for (uint32_t pc = 0; pc < e->ncode; pc += (uint32_t)pl_instr_words(&e->code[pc]))
		if (e->code[pc].op == OP_CALL)
			for (int k = 0; k < 4; k++)
				if ((Proto *)(uintptr_t)kword(&e->code[pc], 1) == want[k])
					pos[k] = (int)pc;
	for (int k = 0; k < 4; k++)
		cr_assert_geq(pos[k], 0, "the entry calls %s", want[k]->name);
	cr_assert(pos[0] < pos[1] && pos[1] < pos[2] && pos[2] < pos[3],
	          "order: f %d, init %d, init %d, main %d", pos[0], pos[1], pos[2], pos[3]);
}
