/*
 * test_types.c - unit tests for lang/types.c: Go's amd64 layout and pointer masks, hash-consing,
 * %T spellings, the universe scope, assignability and convertibility, selector lookup through
 * embedded fields, method sets and recursive types.
 *
 * Every expected value below was worked out by hand from Go's layout rules and the Go
 * specification, or taken from what Go 1.19 prints for the same type with %T.
 */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lang/arena.h"
#include "lang/types.h"

static Package mainpkg = {.path = "main", .name = "main"};
static Package otherpkg = {.path = "other", .name = "other"};

static void setup(void) { types_init(); }

TestSuite(types, .init = setup);

/* ---------------------------------------------------------------- helpers */

static StructField fld(const char *name, Type *t)
{
	StructField f = {.name = name, .type = t, .pkg = &mainpkg};
	return f;
}

/* An embedded field: its name is the type's name without package or '*'. */
static StructField emb(Type *t)
{
	Type *base = t->kind == K_POINTER && !t->obj ? t->elem : t;
	StructField f = {.name = base->name ? base->name : base->str, .type = t, .embedded = true,
	                 .pkg = &mainpkg};
	return f;
}

#define STRUCT(...)                                                                         \
	types_struct((StructField[]){__VA_ARGS__},                                          \
	             (int)(sizeof((StructField[]){__VA_ARGS__}) / sizeof(StructField)))
#define TYPES(...) (Type *[]){__VA_ARGS__}, (int)(sizeof((Type *[]){__VA_ARGS__}) / sizeof(Type *))

static Type *named_in(Package *pkg, const char *name, Type *under)
{
	Type *t = types_named(name, pkg, NULL);
	if (under)
		types_set_underlying(t, under);
	return t;
}

static Type *named(const char *name, Type *under) { return named_in(&mainpkg, name, under); }

static Type *sig0(void) { return types_func(NULL, 0, NULL, 0, false); }
static Type *sig_ret(Type *r) { return types_func(NULL, 0, &r, 1, false); }

static void addm(Type *t, const char *name, Type *sig, bool ptr)
{
	Method m = {.name = name, .sig = sig, .ptr_recv = ptr, .pkg = t->pkg};
	cr_assert(types_add_method(t, m));
}

static Type *iface1(const char *name, Type *sig, Package *pkg)
{
	Method m = {.name = name, .sig = sig, .pkg = pkg};
	return types_interface(&m, 1);
}

static bool mask_bit(const Type *t, int word) { return t->ptrmask[word / 8] & (1u << (word % 8)); }

/* The pointer mask as an integer (for types with at most 64 words of ptrdata). */
static uint64_t mask_bits(const Type *t)
{
	uint64_t m = 0;
	for (uint32_t w = 0; w < t->ptrdata / 8; w++)
		if (mask_bit(t, (int)w))
			m |= 1ull << w;
	return m;
}

static void expect_layout(Type *t, uint32_t size, uint32_t align, uint32_t ptrdata, uint64_t mask)
{
	cr_assert(types_complete(t), "%s should complete", t->str);
	cr_expect_eq(t->size, size, "%s: size %u, want %u", t->str, t->size, size);
	cr_expect_eq(t->align, align, "%s: align %u, want %u", t->str, t->align, align);
	cr_expect_eq(t->ptrdata, ptrdata, "%s: ptrdata %u, want %u", t->str, t->ptrdata, ptrdata);
	if (ptrdata == 0)
		cr_expect_null(t->ptrmask, "%s: noscan type with a mask", t->str);
	else
		cr_expect_eq(mask_bits(t), mask, "%s: mask %#llx, want %#llx", t->str,
		             (unsigned long long)mask_bits(t), (unsigned long long)mask);
}

/* ---------------------------------------------------------------- layout */

Test(types, basic_layout)
{
	expect_layout(t_bool, 1, 1, 0, 0);
	expect_layout(t_int8, 1, 1, 0, 0);
	expect_layout(t_uint8, 1, 1, 0, 0);
	expect_layout(t_int16, 2, 2, 0, 0);
	expect_layout(t_uint16, 2, 2, 0, 0);
	expect_layout(t_int32, 4, 4, 0, 0);
	expect_layout(t_float32, 4, 4, 0, 0);
	expect_layout(t_int, 8, 8, 0, 0);
	expect_layout(t_uint, 8, 8, 0, 0);
	expect_layout(t_int64, 8, 8, 0, 0);
	expect_layout(t_uint64, 8, 8, 0, 0);
	expect_layout(t_uintptr, 8, 8, 0, 0);
	expect_layout(t_float64, 8, 8, 0, 0);
	expect_layout(t_string, 16, 8, 8, 0x1);
}

Test(types, reference_layouts)
{
	expect_layout(types_pointer(t_int), 8, 8, 8, 0x1);
	expect_layout(types_slice(t_string), 24, 8, 8, 0x1);
	expect_layout(types_map(t_string, t_int), 8, 8, 8, 0x1);
	expect_layout(types_chan(t_int, CHAN_BOTH), 8, 8, 8, 0x1);
	expect_layout(sig0(), 8, 8, 8, 0x1);
	expect_layout(t_any, 16, 8, 16, 0x2);
	expect_layout(t_error, 16, 8, 16, 0x2);
}

Test(types, struct_padding)
{
	Type *s = STRUCT(fld("a", t_int8), fld("b", t_int64), fld("c", t_int8));
	expect_layout(s, 24, 8, 0, 0);
	cr_expect_eq(s->fields[0].offset, 0);
	cr_expect_eq(s->fields[1].offset, 8);
	cr_expect_eq(s->fields[2].offset, 16);

	Type *small = STRUCT(fld("x", t_float32), fld("y", t_int16), fld("z", t_uint8));
	expect_layout(small, 8, 4, 0, 0);
	cr_expect_eq(small->fields[1].offset, 4);
	cr_expect_eq(small->fields[2].offset, 6);

	Type *mixed = STRUCT(fld("a", t_int8), fld("b", t_int16), fld("c", t_int8), fld("d", t_int32));
	expect_layout(mixed, 12, 4, 0, 0);
	cr_expect_eq(mixed->fields[3].offset, 8);
}

Test(types, struct_pointer_masks)
{
	expect_layout(STRUCT(fld("s", t_string), fld("n", t_int)), 24, 8, 8, 0x1);
	expect_layout(STRUCT(fld("n", t_int), fld("s", t_string)), 24, 8, 16, 0x2);
	/* a@0 s@8..32 b@32 m@40 e@48..64: pointers in words 1 (s), 5 (m) and 7 (e's data). */
	Type *s = STRUCT(fld("a", t_int8), fld("s", types_slice(t_int)), fld("b", t_bool),
	                 fld("m", types_map(t_int, t_int)), fld("e", t_error));
	expect_layout(s, 64, 8, 64, 0xA2);
	cr_expect_eq(s->fields[4].offset, 48);
	/* Nested: b@8, its string's pointer is word 1. */
	Type *inner = STRUCT(fld("x", t_string), fld("y", t_int));
	expect_layout(STRUCT(fld("a", t_int), fld("b", inner)), 32, 8, 16, 0x2);
	/* Only the interface's data word is a pointer. */
	expect_layout(STRUCT(fld("i", t_any), fld("n", t_int)), 24, 8, 16, 0x2);
}

Test(types, zero_size_fields)
{
	Type *empty = types_struct(NULL, 0);
	expect_layout(empty, 0, 1, 0, 0);
	cr_expect_str_eq(empty->str, "struct {}");
	/* A trailing zero-size field gets one byte of padding, then the size is rounded. */
	expect_layout(STRUCT(fld("a", t_int64), fld("b", empty)), 16, 8, 0, 0);
	expect_layout(STRUCT(fld("b", empty), fld("a", t_int64)), 8, 8, 0, 0);
	expect_layout(STRUCT(fld("a", t_int8), fld("b", empty)), 2, 1, 0, 0);
	expect_layout(STRUCT(fld("a", t_int32), fld("b", types_array(t_int64, 0))), 16, 8, 0, 0);
	/* An all-zero struct stays zero-sized. */
	expect_layout(STRUCT(fld("a", empty), fld("b", empty)), 0, 1, 0, 0);
	expect_layout(types_array(t_int, 0), 0, 8, 0, 0);
	expect_layout(types_array(empty, 10), 0, 1, 0, 0);
}

Test(types, array_layout)
{
	expect_layout(types_array(t_int16, 5), 10, 2, 0, 0);
	expect_layout(types_array(t_string, 3), 48, 8, 40, 0x15);
	expect_layout(types_array(t_any, 2), 32, 8, 32, 0xA);
	Type *pi = STRUCT(fld("p", types_pointer(t_int)), fld("x", t_int));
	expect_layout(types_array(pi, 2), 32, 8, 24, 0x5);
	Type *big = types_array(types_pointer(t_int), 1000);
	cr_assert(types_complete(big));
	cr_expect_eq(big->size, 8000);
	cr_expect_eq(big->ptrdata, 8000);
	for (int w = 0; w < 1000; w++)
		cr_expect(mask_bit(big, w), "word %d", w);
}

Test(types, comparable_and_direct_iface)
{
	Type *pint = types_pointer(t_int);
	cr_expect(types_comparable(t_int));
	cr_expect(types_comparable(t_string));
	cr_expect(types_comparable(pint));
	cr_expect(types_comparable(t_any));
	cr_expect(types_comparable(types_chan(t_int, CHAN_BOTH)));
	cr_expect(types_comparable(STRUCT(fld("a", t_int), fld("s", t_string))));
	cr_expect(types_comparable(types_array(t_string, 4)));
	cr_expect_not(types_comparable(types_slice(t_int)));
	cr_expect_not(types_comparable(types_map(t_int, t_int)));
	cr_expect_not(types_comparable(sig0()));
	cr_expect_not(types_comparable(STRUCT(fld("a", t_int), fld("s", types_slice(t_int)))));
	cr_expect_not(types_comparable(types_array(types_map(t_int, t_int), 2)));

	cr_expect(pint->direct_iface);
	cr_expect(types_map(t_int, t_int)->direct_iface);
	cr_expect(types_chan(t_int, CHAN_RECV)->direct_iface);
	cr_expect(sig0()->direct_iface);
	cr_expect(t_unsafeptr->direct_iface);
	cr_expect(STRUCT(fld("p", pint))->direct_iface);
	cr_expect(STRUCT(fld("s", STRUCT(fld("p", pint))))->direct_iface);
	cr_expect(types_array(pint, 1)->direct_iface);
	cr_expect_not(types_array(pint, 2)->direct_iface);
	cr_expect_not(STRUCT(fld("p", pint), fld("x", t_int))->direct_iface);
	cr_expect_not(t_int->direct_iface);
	cr_expect_not(t_string->direct_iface);
	cr_expect_not(types_slice(t_int)->direct_iface);
	cr_expect_not(t_any->direct_iface);
	Type *np = named("P", pint);
	cr_expect(np->direct_iface);
}

/* ---------------------------------------------------------------- hash-consing */

Test(types, hash_consing)
{
	cr_expect_eq(types_slice(t_int), types_slice(t_int));
	cr_expect_neq(types_slice(t_int), types_slice(t_int64));
	cr_expect_eq(types_pointer(t_string), types_pointer(t_string));
	cr_expect_eq(types_array(t_int, 3), types_array(t_int, 3));
	cr_expect_neq(types_array(t_int, 3), types_array(t_int, 4));
	cr_expect_eq(types_map(t_string, t_int), types_map(t_string, t_int));
	cr_expect_neq(types_map(t_string, t_int), types_map(t_int, t_string));
	cr_expect_eq(types_chan(t_int, CHAN_RECV), types_chan(t_int, CHAN_RECV));
	cr_expect_neq(types_chan(t_int, CHAN_RECV), types_chan(t_int, CHAN_SEND));
	cr_expect_eq(types_slice(types_slice(t_int)), types_slice(types_slice(t_int)));

	Type *f1 = types_func(TYPES(t_int, t_string), TYPES(t_bool), false);
	Type *f2 = types_func(TYPES(t_int, t_string), TYPES(t_bool), false);
	cr_expect_eq(f1, f2);
	cr_expect_neq(f1, types_func(TYPES(t_int, t_string), NULL, 0, false));
	Type *v1 = types_func(TYPES(types_slice(t_int)), NULL, 0, true);
	cr_expect_neq(v1, types_func(TYPES(types_slice(t_int)), NULL, 0, false));
	cr_expect_eq(v1, types_func(TYPES(types_slice(t_int)), NULL, 0, true));
	cr_expect_eq(types_tuple(TYPES(t_int, t_error)), types_tuple(TYPES(t_int, t_error)));

	/* Field names compare by content, whatever the caller's string storage. */
	char xa[] = "x", xb[] = "x";
	cr_expect_eq(STRUCT(fld(xa, t_int)), STRUCT(fld(xb, t_int)));
	cr_expect_neq(STRUCT(fld("x", t_int)), STRUCT(fld("y", t_int)));
	cr_expect_neq(STRUCT(fld("x", t_int), fld("y", t_int)), STRUCT(fld("y", t_int), fld("x", t_int)));
	Type *T = named("T", t_int);
	StructField plain = fld("T", T);
	cr_expect_neq(STRUCT(emb(T)), STRUCT(plain));
	/* Unexported names are identical only within one package; exported ones always. */
	StructField xo = {.name = "x", .type = t_int, .pkg = &otherpkg};
	cr_expect_neq(STRUCT(fld("x", t_int)), STRUCT(xo));
	StructField Xo = {.name = "X", .type = t_int, .pkg = &otherpkg};
	cr_expect_eq(STRUCT(fld("X", t_int)), STRUCT(Xo));

	/* Interfaces: method order does not matter; empty is 'any'. */
	Method ab[2] = {{.name = "A", .sig = sig0()}, {.name = "B", .sig = sig_ret(t_int)}};
	Method ba[2] = {{.name = "B", .sig = sig_ret(t_int)}, {.name = "A", .sig = sig0()}};
	Type *i1 = types_interface(ab, 2), *i2 = types_interface(ba, 2);
	cr_expect_eq(i1, i2);
	cr_expect_str_eq(i1->imethods[0].name, "A");
	cr_expect_str_eq(i1->imethods[1].name, "B");
	cr_expect_eq(types_interface(NULL, 0), t_any);
	cr_expect_eq(iface1("Error", sig_ret(t_string), NULL), t_error->under);
	cr_expect_neq(iface1("m", sig0(), &mainpkg), iface1("m", sig0(), &otherpkg));
	/* Overlapping embedded methods collapse. */
	Method aa[3] = {{.name = "A", .sig = sig0()}, {.name = "B", .sig = sig_ret(t_int)},
	                {.name = "A", .sig = sig0()}};
	cr_expect_eq(types_interface(aa, 3), i1);

	/* Named types are never shared. */
	cr_expect_neq(named("T", t_int), named("T", t_int));
	cr_expect(types_identical(types_slice(t_int), types_slice(t_int)));
	cr_expect_not(types_identical(named("U", t_int), t_int));
}

Test(types, hashes)
{
	cr_expect_eq(types_slice(t_int)->hash, types_slice(t_int)->hash);
	Type *a = named("T", t_int), *b = named("T", t_int);
	cr_expect_str_eq(a->str, b->str);
	cr_expect_neq(a->hash, b->hash);
}

/* ---------------------------------------------------------------- spellings */

Test(types, strings)
{
	Type *T = named("T", STRUCT(fld("a", t_int)));
	Type *m = named("m", NULL);
	(void)m;
	struct {
		Type *t;
		const char *want;
	} cases[] = {
	    {t_int, "int"},
	    {t_uint8, "uint8"},
	    {t_int32, "int32"},
	    {types_slice(t_string), "[]string"},
	    {types_array(t_int, 3), "[3]int"},
	    {types_map(t_string, t_int), "map[string]int"},
	    {types_map(types_array(t_uint8, 2), types_slice(t_int32)), "map[[2]uint8][]int32"},
	    {types_pointer(T), "*main.T"},
	    {T, "main.T"},
	    {t_error, "error"},
	    {types_pointer(t_error), "*error"},
	    {types_pointer(t_any), "*interface {}"},
	    {t_any, "interface {}"},
	    {types_func(TYPES(t_int, t_string), TYPES(t_bool, t_error), false),
	     "func(int, string) (bool, error)"},
	    {types_func(TYPES(types_slice(t_int)), NULL, 0, true), "func(...int)"},
	    {types_func(TYPES(t_int, types_slice(t_string)), TYPES(t_bool), true),
	     "func(int, ...string) bool"},
	    {sig0(), "func()"},
	    {types_func(TYPES(sig0()), TYPES(sig_ret(t_int)), false), "func(func()) func() int"},
	    {types_chan(t_int, CHAN_BOTH), "chan int"},
	    {types_chan(t_int, CHAN_RECV), "<-chan int"},
	    {types_chan(t_int, CHAN_SEND), "chan<- int"},
	    {types_chan(types_chan(t_int, CHAN_RECV), CHAN_BOTH), "chan (<-chan int)"},
	    {types_chan(types_chan(t_int, CHAN_BOTH), CHAN_SEND), "chan<- chan int"},
	    {STRUCT(fld("X", t_int), fld("y", t_string)), "struct { X int; y string }"},
	    {STRUCT(emb(T), fld("x", t_int), fld("Y", t_string)), "struct { main.T; x int; Y string }"},
	    {STRUCT(emb(types_pointer(T))), "struct { *main.T }"},
	    {iface1("String", sig_ret(t_string), NULL), "interface { String() string }"},
	    {types_tuple(TYPES(t_int, t_bool)), "(int, bool)"},
	    {t_untyped_int, "untyped int"},
	    {t_untyped_nil, "untyped nil"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cr_expect_str_eq(types_string(cases[i].t), cases[i].want, "case %zu", i);
		cr_expect_str_eq(cases[i].t->str, cases[i].want, "case %zu", i);
	}
	Method two[2] = {{.name = "m", .sig = sig0(), .pkg = &mainpkg},
	                 {.name = "String", .sig = sig_ret(t_string)}};
	cr_expect_str_eq(types_string(types_pointer(types_interface(two, 2))),
	                 "*interface { String() string; main.m() }");
	Type *S = named_in(&otherpkg, "NumError", NULL);
	cr_expect_str_eq(types_pointer(S)->str, "*other.NumError");
}

/* ---------------------------------------------------------------- universe and scopes */

Test(types, universe)
{
	Scope *u = types_universe();
	cr_assert_not_null(u);
	struct {
		const char *name;
		Type *t;
	} tn[] = {
	    {"bool", t_bool},       {"int", t_int},         {"int8", t_int8},
	    {"int16", t_int16},     {"int32", t_int32},     {"int64", t_int64},
	    {"uint", t_uint},       {"uint8", t_uint8},     {"uint16", t_uint16},
	    {"uint32", t_uint32},   {"uint64", t_uint64},   {"uintptr", t_uintptr},
	    {"float32", t_float32}, {"float64", t_float64}, {"string", t_string},
	    {"byte", t_uint8},      {"rune", t_int32},      {"error", t_error},
	    {"any", t_any},
	};
	for (size_t i = 0; i < sizeof tn / sizeof tn[0]; i++) {
		Object *o = scope_lookup(u, tn[i].name);
		cr_assert_not_null(o, "%s", tn[i].name);
		cr_expect_eq(o->kind, OBJ_TYPE, "%s", tn[i].name);
		cr_expect_eq(o->type, tn[i].t, "%s", tn[i].name);
	}
	cr_expect_eq(t_int->obj, scope_lookup(u, "int"));
	cr_expect_eq(t_error->obj, scope_lookup(u, "error"));
	cr_expect(types_is_named(t_int));
	cr_expect(types_is_named(t_error));
	cr_expect_not(types_is_named(t_any));
	cr_expect_eq(t_error->kind, K_INTERFACE);
	cr_expect_eq(t_error->nimethods, 1);
	cr_expect_str_eq(t_error->imethods[0].name, "Error");
	cr_expect_str_eq(t_error->under->str, "interface { Error() string }");

	Object *tr = scope_lookup(u, "true"), *fa = scope_lookup(u, "false");
	cr_assert(tr && fa);
	cr_expect_eq(tr->kind, OBJ_CONST);
	cr_expect_eq(tr->type, t_untyped_bool);
	cr_expect(tr->val->b);
	cr_expect_not(fa->val->b);
	cr_expect_eq(scope_lookup(u, "iota")->kind, OBJ_CONST);
	cr_expect_eq(scope_lookup(u, "nil")->kind, OBJ_NIL);
	cr_expect_eq(scope_lookup(u, "nil")->type, t_untyped_nil);

	struct {
		const char *name;
		Builtin id;
	} bi[] = {
	    {"append", BI_APPEND}, {"cap", BI_CAP},     {"clear", BI_CLEAR},     {"close", BI_CLOSE},
	    {"copy", BI_COPY},     {"delete", BI_DELETE}, {"len", BI_LEN},       {"make", BI_MAKE},
	    {"max", BI_MAX},       {"min", BI_MIN},     {"new", BI_NEW},         {"panic", BI_PANIC},
	    {"print", BI_PRINT},   {"println", BI_PRINTLN}, {"recover", BI_RECOVER},
	};
	for (size_t i = 0; i < sizeof bi / sizeof bi[0]; i++) {
		Object *o = scope_lookup(u, bi[i].name);
		cr_assert_not_null(o, "%s", bi[i].name);
		cr_expect_eq(o->kind, OBJ_BUILTIN, "%s", bi[i].name);
		cr_expect_eq(o->builtin, bi[i].id, "%s", bi[i].name);
	}
	cr_expect_null(scope_lookup(u, "complex"));
	cr_expect_null(scope_lookup(u, "Int"));
}

Test(types, scopes)
{
	Pos p = {1, 1};
	Scope *pkg = scope_new(NULL);
	Scope *fn = scope_new(pkg);
	Scope *blk = scope_new(fn);
	Object *x = object_new(OBJ_VAR, "x", p, t_int);
	cr_expect_null(scope_insert(pkg, x));
	cr_expect_eq(x->parent, pkg);
	Object *x2 = object_new(OBJ_VAR, "x", p, t_string);
	cr_expect_eq(scope_insert(pkg, x2), x);
	cr_expect_null(scope_insert(blk, x2));
	cr_expect_eq(scope_lookup(blk, "x"), x2);
	cr_expect_eq(scope_lookup(fn, "x"), x);
	cr_expect_null(scope_lookup_local(fn, "x"));
	/* Lookups end in the universe, where a local may shadow a predeclared name. */
	cr_expect_eq(scope_lookup(blk, "len")->kind, OBJ_BUILTIN);
	cr_expect_null(scope_insert(fn, object_new(OBJ_VAR, "len", p, t_int)));
	cr_expect_eq(scope_lookup(blk, "len")->kind, OBJ_VAR);
	cr_expect_null(scope_lookup(blk, "nosuch"));
	/* The blank identifier declares nothing. */
	cr_expect_null(scope_insert(fn, object_new(OBJ_VAR, "_", p, t_int)));
	cr_expect_null(scope_insert(fn, object_new(OBJ_VAR, "_", p, t_int)));
	cr_expect_null(scope_lookup_local(fn, "_"));
	cr_expect(object_new(OBJ_FUNC, "Exported", p, NULL)->exported);
	cr_expect_not(object_new(OBJ_FUNC, "local", p, NULL)->exported);
}

Test(types, large_scope)
{
	Pos p = {1, 1};
	Scope *s = scope_new(NULL);
	Object *objs[600];
	char name[32];
	for (int i = 0; i < 600; i++) {
		snprintf(name, sizeof name, "name%d", i);
		objs[i] = object_new(OBJ_VAR, name, p, t_int);
		cr_assert_null(scope_insert(s, objs[i]));
	}
	cr_expect_eq(s->nobjs, 600);
	for (int i = 0; i < 600; i++) {
		cr_expect_eq(s->objs[i], objs[i], "insertion order at %d", i);
		snprintf(name, sizeof name, "name%d", i);
		cr_expect_eq(scope_lookup_local(s, name), objs[i], "%s", name);
		cr_expect_eq(scope_insert(s, object_new(OBJ_VAR, name, p, t_int)), objs[i]);
	}
	cr_expect_null(scope_lookup_local(s, "name600"));
	cr_expect_eq(scope_lookup(s, "string")->type, t_string);
}

/* ---------------------------------------------------------------- predicates */

Test(types, predicates)
{
	cr_expect(types_is_integer(t_int));
	cr_expect(types_is_integer(t_uintptr));
	cr_expect(types_is_integer(t_untyped_rune));
	cr_expect(types_is_integer(t_untyped_int));
	cr_expect_not(types_is_integer(t_float64));
	cr_expect(types_is_unsigned(t_uint8));
	cr_expect(types_is_unsigned(t_uintptr));
	cr_expect_not(types_is_unsigned(t_int));
	cr_expect(types_is_float(t_float32));
	cr_expect(types_is_float(t_untyped_float));
	cr_expect(types_is_numeric(t_untyped_float));
	cr_expect_not(types_is_numeric(t_string));
	cr_expect(types_is_string(t_untyped_string));
	cr_expect(types_is_boolean(t_untyped_bool));
	cr_expect(types_is_untyped(t_untyped_nil));
	cr_expect_not(types_is_untyped(t_int));
	Type *MyInt = named("MyInt", t_int);
	cr_expect(types_is_integer(MyInt));
	cr_expect(types_is_interface(t_error));
	cr_expect(types_is_empty_interface(t_any));
	cr_expect(types_is_empty_interface(named("E", t_any)));
	cr_expect_not(types_is_empty_interface(t_error));
	cr_expect(types_has_pointers(t_string));
	cr_expect_not(types_has_pointers(types_array(t_int, 4)));
	cr_expect_eq(types_default(t_untyped_int), t_int);
	cr_expect_eq(types_default(t_untyped_rune), t_int32);
	cr_expect_eq(types_default(t_untyped_float), t_float64);
	cr_expect_eq(types_default(t_untyped_string), t_string);
	cr_expect_eq(types_default(t_untyped_bool), t_bool);
	cr_expect_eq(types_default(MyInt), MyInt);
}

/* ---------------------------------------------------------------- assignability, conversion */

Test(types, assignable)
{
	Type *stringer = iface1("String", sig_ret(t_string), NULL);
	Type *MyInt = named("MyInt", t_int);
	Type *MyBool = named("MyBool", t_bool);
	Type *MyString = named("MyString", t_string);
	Type *IntSlice = named("IntSlice", types_slice(t_int));
	Type *IntSlice2 = named("IntSlice2", types_slice(t_int));
	Type *MyCh = named("MyCh", types_chan(t_int, CHAN_BOTH));
	Type *MyRecv = named("MyRecv", types_chan(t_int, CHAN_RECV));
	Type *S = named("S", STRUCT(fld("x", t_int)));
	Type *V = named("V", t_int);
	addm(V, "String", sig_ret(t_string), false);
	Type *P = named("P", t_int);
	addm(P, "String", sig_ret(t_string), true);
	Type *ch = types_chan(t_int, CHAN_BOTH);

	struct {
		Type *v, *t;
		bool want;
	} cases[] = {
	    {t_int, t_int, true},
	    {t_int, MyInt, false},
	    {MyInt, t_int, false},
	    {t_int, t_int64, false},
	    {types_slice(t_int), IntSlice, true},
	    {IntSlice, types_slice(t_int), true},
	    {IntSlice, IntSlice2, false},
	    {STRUCT(fld("x", t_int)), S, true},
	    {S, STRUCT(fld("x", t_int)), true},
	    {ch, types_chan(t_int, CHAN_RECV), true},
	    {ch, types_chan(t_int, CHAN_SEND), true},
	    {types_chan(t_int, CHAN_RECV), ch, false},
	    {types_chan(t_int, CHAN_RECV), types_chan(t_int, CHAN_SEND), false},
	    {MyCh, types_chan(t_int, CHAN_RECV), true},
	    {MyCh, MyRecv, false},
	    {ch, MyRecv, true},
	    {ch, types_chan(t_int64, CHAN_RECV), false},
	    /* nil */
	    {t_untyped_nil, types_pointer(t_int), true},
	    {t_untyped_nil, types_slice(t_int), true},
	    {t_untyped_nil, types_map(t_int, t_int), true},
	    {t_untyped_nil, ch, true},
	    {t_untyped_nil, sig0(), true},
	    {t_untyped_nil, t_error, true},
	    {t_untyped_nil, t_any, true},
	    {t_untyped_nil, IntSlice, true},
	    {t_untyped_nil, t_int, false},
	    {t_untyped_nil, t_string, false},
	    {t_untyped_nil, S, false},
	    {t_untyped_nil, types_array(t_int, 1), false},
	    /* untyped constants, by kind */
	    {t_untyped_int, t_int, true},
	    {t_untyped_int, t_float64, true},
	    {t_untyped_int, MyInt, true},
	    {t_untyped_int, t_uint8, true},
	    {t_untyped_int, t_string, false},
	    {t_untyped_int, t_bool, false},
	    {t_untyped_int, t_any, true},
	    {t_untyped_int, t_error, false},
	    {t_untyped_float, t_int, true},
	    {t_untyped_rune, t_int32, true},
	    {t_untyped_string, t_string, true},
	    {t_untyped_string, MyString, true},
	    {t_untyped_string, types_slice(t_uint8), false},
	    {t_untyped_bool, t_bool, true},
	    {t_untyped_bool, MyBool, true},
	    {t_untyped_bool, t_int, false},
	    {t_int, t_untyped_int, false},
	    /* interfaces */
	    {V, stringer, true},
	    {types_pointer(V), stringer, true},
	    {P, stringer, false},
	    {types_pointer(P), stringer, true},
	    {t_int, t_any, true},
	    {t_error, t_any, true},
	    {t_any, t_error, false},
	    {t_error, t_error->under, true},
	    {t_error->under, t_error, true},
	    {t_int, stringer, false},
	    {stringer, V, false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		cr_expect_eq(types_assignable(cases[i].v, cases[i].t), cases[i].want,
		             "case %zu: %s to %s", i, cases[i].v->str, cases[i].t->str);
}

Test(types, convertible)
{
	Type *MyInt = named("MyInt", t_int);
	Type *MyString = named("MyString", t_string);
	Type *MyByte = named("MyByte", t_uint8);
	Type *MyBytes = named("MyBytes", types_slice(t_uint8));
	Type *MyMap = named("MyMap", types_map(t_string, t_int));
	Type *S1 = named("S1", STRUCT(fld("x", t_int)));
	Type *S2 = named("S2", STRUCT(fld("x", t_int)));
	Type *S3 = named("S3", STRUCT(fld("y", t_int)));
	Type *PS1 = named("PS1", types_pointer(S1));
	Type *bytes = types_slice(t_uint8), *runes = types_slice(t_int32);
	struct {
		Type *v, *t;
		bool want;
	} cases[] = {
	    {t_int, t_float64, true},
	    {t_float64, t_int, true},
	    {t_float32, t_uint8, true},
	    {t_int, MyInt, true},
	    {MyInt, t_int, true},
	    {MyInt, t_float32, true},
	    {t_string, bytes, true},
	    {t_string, runes, true},
	    {bytes, t_string, true},
	    {runes, t_string, true},
	    {MyString, bytes, true},
	    {bytes, MyString, true},
	    {t_string, types_slice(MyByte), true},
	    {types_slice(MyByte), t_string, true},
	    {types_slice(t_int), t_string, false},
	    {t_string, types_slice(t_int), false},
	    {t_int, t_string, true},
	    {t_int64, MyString, true},
	    {t_uint8, t_string, true},
	    {t_float64, t_string, false},
	    {t_untyped_int, t_string, true},
	    {t_untyped_rune, t_string, true},
	    {t_untyped_float, t_string, false},
	    {t_untyped_string, bytes, true},
	    {t_untyped_float, t_int, true},
	    {S1, S2, true},
	    {S1, S3, false},
	    {types_pointer(S1), types_pointer(S2), true},
	    {types_pointer(S1), types_pointer(S3), false},
	    {PS1, types_pointer(S2), false},
	    {PS1, types_pointer(S1), true},
	    {bytes, MyBytes, true},
	    {MyBytes, bytes, true},
	    {types_map(t_string, t_int), MyMap, true},
	    {t_bool, t_int, false},
	    {t_string, t_int, false},
	    {t_int, t_bool, false},
	    {types_pointer(t_int), types_pointer(t_float64), false},
	    {t_untyped_nil, types_pointer(t_int), true},
	    {t_untyped_nil, t_int, false},
	    {t_int, t_any, true},
	    {t_any, t_int, false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		cr_expect_eq(types_convertible(cases[i].v, cases[i].t), cases[i].want,
		             "case %zu: %s to %s", i, cases[i].v->str, cases[i].t->str);
}

/* ---------------------------------------------------------------- lookup */

static void expect_path(Lookup *l, int n, const int *idx, const bool *deref)
{
	cr_assert_eq(l->npath, n, "path length %d, want %d", l->npath, n);
	for (int i = 0; i < n; i++) {
		cr_expect_eq(l->path[i].index, idx[i], "step %d index", i);
		cr_expect_eq(l->path[i].deref, deref[i], "step %d deref", i);
	}
}

Test(types, lookup_embedding)
{
	/* type Inner struct { X int; y int }; func (Inner) M(); func (*Inner) P()
	 * type Outer struct { Inner; Z int }; type OuterP struct { *Inner; Z int } */
	Type *Inner = named("Inner", STRUCT(fld("X", t_int), fld("y", t_int)));
	addm(Inner, "M", sig0(), false);
	addm(Inner, "P", sig0(), true);
	Type *Outer = named("Outer", STRUCT(emb(Inner), fld("Z", t_int)));
	Type *OuterP = named("OuterP", STRUCT(emb(types_pointer(Inner)), fld("Z", t_int)));

	Lookup l = types_lookup(Outer, "X", &mainpkg);
	cr_assert_eq(l.kind, LOOKUP_FIELD);
	expect_path(&l, 2, (int[]){0, 0}, (bool[]){false, false});
	cr_expect_eq(l.field_owner, Inner->under);
	cr_expect_eq(l.field->type, t_int);
	cr_expect_not(l.indirect);

	l = types_lookup(types_pointer(Outer), "X", &mainpkg);
	cr_assert_eq(l.kind, LOOKUP_FIELD);
	expect_path(&l, 2, (int[]){0, 0}, (bool[]){true, false});
	cr_expect(l.indirect);

	l = types_lookup(OuterP, "X", &mainpkg);
	cr_assert_eq(l.kind, LOOKUP_FIELD);
	expect_path(&l, 2, (int[]){0, 0}, (bool[]){false, true});
	cr_expect(l.indirect);

	l = types_lookup(Outer, "Z", &mainpkg);
	cr_assert_eq(l.kind, LOOKUP_FIELD);
	expect_path(&l, 1, (int[]){1}, (bool[]){false});

	l = types_lookup(Outer, "Inner", &mainpkg);
	cr_assert_eq(l.kind, LOOKUP_FIELD);
	expect_path(&l, 1, (int[]){0}, (bool[]){false});
	cr_expect_eq(l.reached, Inner);

	l = types_lookup(Outer, "M", &mainpkg);
	cr_assert_eq(l.kind, LOOKUP_METHOD);
	cr_expect_eq(l.recv_named, Inner);
	cr_expect_str_eq(l.method->name, "M");
	cr_expect_eq(l.imethod_index, -1);
	expect_path(&l, 1, (int[]){0}, (bool[]){false});
	cr_expect_not(l.indirect);
	cr_expect_eq(l.reached, Inner);

	l = types_lookup(Outer, "P", &mainpkg);
	cr_assert_eq(l.kind, LOOKUP_METHOD);
	cr_expect(l.method->ptr_recv);
	cr_expect_not(l.indirect);

	l = types_lookup(OuterP, "P", &mainpkg);
	cr_assert_eq(l.kind, LOOKUP_METHOD);
	cr_expect(l.indirect);
	cr_expect_eq(l.reached, types_pointer(Inner));
	expect_path(&l, 1, (int[]){0}, (bool[]){false});

	l = types_lookup(types_pointer(OuterP), "M", &mainpkg);
	cr_assert_eq(l.kind, LOOKUP_METHOD);
	expect_path(&l, 1, (int[]){0}, (bool[]){true});

	l = types_lookup(Inner, "M", &mainpkg);
	cr_assert_eq(l.kind, LOOKUP_METHOD);
	cr_expect_eq(l.npath, 0);
	l = types_lookup(types_pointer(Inner), "M", &mainpkg);
	cr_assert_eq(l.kind, LOOKUP_METHOD);
	cr_expect(l.indirect);
	cr_expect_eq(l.reached, types_pointer(Inner));

	cr_expect_eq(types_lookup(Outer, "nosuch", &mainpkg).kind, LOOKUP_NONE);
	/* Unexported names are visible only from their package. */
	cr_expect_eq(types_lookup(Outer, "y", &mainpkg).kind, LOOKUP_FIELD);
	cr_expect_eq(types_lookup(Outer, "y", &otherpkg).kind, LOOKUP_NONE);
	cr_expect_eq(types_lookup(Outer, "X", &otherpkg).kind, LOOKUP_FIELD);
	cr_expect_eq(types_lookup(Outer, "_", &mainpkg).kind, LOOKUP_NONE);
	/* Pointers to pointers have no selectors. */
	cr_expect_eq(types_lookup(types_pointer(types_pointer(Outer)), "X", &mainpkg).kind, LOOKUP_NONE);
}

Test(types, lookup_depth_and_ambiguity)
{
	Type *A = named("A", STRUCT(fld("V", t_int)));
	Type *B = named("B", STRUCT(fld("V", t_int)));
	Type *C = named("C", STRUCT(emb(A), emb(B)));
	cr_expect_eq(types_lookup(C, "V", &mainpkg).kind, LOOKUP_AMBIGUOUS);
	cr_expect_eq(types_lookup(types_pointer(C), "V", &mainpkg).kind, LOOKUP_AMBIGUOUS);
	/* A shallower field wins over the ambiguous deeper ones. */
	Type *D = named("D", STRUCT(emb(C), fld("V", t_string)));
	Lookup l = types_lookup(D, "V", &mainpkg);
	cr_assert_eq(l.kind, LOOKUP_FIELD);
	expect_path(&l, 1, (int[]){1}, (bool[]){false});
	cr_expect_eq(l.field->type, t_string);
	/* The same type reached twice at one depth is ambiguous. */
	Type *H1 = named("H1", STRUCT(emb(A)));
	Type *H2 = named("H2", STRUCT(emb(A)));
	Type *J = named("J", STRUCT(emb(H1), emb(H2)));
	cr_expect_eq(types_lookup(J, "V", &mainpkg).kind, LOOKUP_AMBIGUOUS);
	/* A method and a field at the same depth collide too. */
	Type *M1 = named("M1", STRUCT(fld("x", t_int)));
	addm(M1, "F", sig0(), false);
	Type *M2 = named("M2", STRUCT(fld("F", t_int)));
	cr_expect_eq(types_lookup(named("MM", STRUCT(emb(M1), emb(M2))), "F", &mainpkg).kind,
	             LOOKUP_AMBIGUOUS);
	/* Three levels: Deep.L1.L2.W */
	Type *L2 = named("L2", STRUCT(fld("pad", t_int), fld("W", t_int)));
	Type *L1 = named("L1", STRUCT(fld("pad", t_int), emb(types_pointer(L2))));
	Type *Deep = named("Deep", STRUCT(emb(L1)));
	l = types_lookup(types_pointer(Deep), "W", &mainpkg);
	cr_assert_eq(l.kind, LOOKUP_FIELD);
	expect_path(&l, 3, (int[]){0, 1, 1}, (bool[]){true, false, true});
	l = types_lookup(Deep, "pad", &mainpkg);
	cr_assert_eq(l.kind, LOOKUP_FIELD);
	expect_path(&l, 2, (int[]){0, 0}, (bool[]){false, false});
}

Test(types, lookup_special_cases)
{
	/* Interfaces. */
	Lookup l = types_lookup(t_error, "Error", &mainpkg);
	cr_assert_eq(l.kind, LOOKUP_METHOD);
	cr_expect_eq(l.imethod_index, 0);
	cr_expect_null(l.recv_named);
	cr_expect_eq(l.npath, 0);
	cr_expect_eq(types_lookup(types_pointer(t_error), "Error", &mainpkg).kind, LOOKUP_NONE);
	Method ab[2] = {{.name = "B", .sig = sig0()}, {.name = "A", .sig = sig0()}};
	l = types_lookup(types_interface(ab, 2), "B", &mainpkg);
	cr_assert_eq(l.kind, LOOKUP_METHOD);
	cr_expect_eq(l.imethod_index, 1);
	/* An embedded interface's methods are promoted. */
	StructField ef = {.name = "error", .type = t_error, .embedded = true, .pkg = &mainpkg};
	Type *K = named("K", types_struct(&ef, 1));
	l = types_lookup(K, "Error", &mainpkg);
	cr_assert_eq(l.kind, LOOKUP_METHOD);
	cr_expect_eq(l.imethod_index, 0);
	expect_path(&l, 1, (int[]){0}, (bool[]){false});
	cr_expect_eq(l.reached, t_error);
	/* Recursive embedding terminates. */
	Type *R = named("R", NULL);
	types_set_underlying(R, STRUCT(emb(types_pointer(R)), fld("N", t_int)));
	cr_expect_eq(types_lookup(R, "Q", &mainpkg).kind, LOOKUP_NONE);
	l = types_lookup(R, "N", &mainpkg);
	cr_assert_eq(l.kind, LOOKUP_FIELD);
	expect_path(&l, 1, (int[]){1}, (bool[]){false});
	/* A defined pointer type: fields through it, no methods. */
	Type *Inner = named("Inner", STRUCT(fld("X", t_int)));
	addm(Inner, "M", sig0(), false);
	Type *PI = named("PI", types_pointer(Inner));
	l = types_lookup(PI, "X", &mainpkg);
	cr_assert_eq(l.kind, LOOKUP_FIELD);
	expect_path(&l, 1, (int[]){0}, (bool[]){true});
	cr_expect_eq(types_lookup(PI, "M", &mainpkg).kind, LOOKUP_NONE);
	/* Methods on a non-struct named type. */
	Type *MyInt = named("MyInt", t_int);
	addm(MyInt, "String", sig_ret(t_string), false);
	l = types_lookup(MyInt, "String", &mainpkg);
	cr_assert_eq(l.kind, LOOKUP_METHOD);
	cr_expect_eq(l.npath, 0);
	cr_expect_eq(types_lookup(t_int, "String", &mainpkg).kind, LOOKUP_NONE);
	cr_expect_eq(types_lookup(t_untyped_int, "String", &mainpkg).kind, LOOKUP_NONE);
}

Test(types, add_method)
{
	Type *T = named("T", t_int);
	const char *names[] = {"Zeta", "alpha", "Beta", "Alpha", "m"};
	for (int i = 0; i < 5; i++)
		addm(T, names[i], sig0(), i % 2);
	Method dup = {.name = "Beta", .sig = sig_ret(t_int)};
	cr_expect_not(types_add_method(T, dup));
	cr_assert_eq(T->nmethods, 5);
	const char *sorted[] = {"Alpha", "Beta", "Zeta", "alpha", "m"};
	for (int i = 0; i < 5; i++)
		cr_expect_str_eq(T->methods[i].name, sorted[i]);
	cr_expect_eq(T->methods[1].sig, sig0());
	cr_expect_not_null(types_find_method(T, "Zeta", &otherpkg));
	cr_expect_not_null(types_find_method(T, "m", &mainpkg));
	cr_expect_null(types_find_method(T, "m", &otherpkg));
	cr_expect_null(types_find_method(T, "Gamma", &mainpkg));
}

/* ---------------------------------------------------------------- implements */

Test(types, implements)
{
	Type *stringer = iface1("String", sig_ret(t_string), NULL);
	const char *missing;
	bool ptr_only;

	Type *V = named("V", t_int);
	addm(V, "String", sig_ret(t_string), false);
	cr_expect(types_implements(V, stringer, &missing, &ptr_only));
	cr_expect(types_implements(types_pointer(V), stringer, &missing, &ptr_only));

	Type *P = named("P", t_int);
	addm(P, "String", sig_ret(t_string), true);
	cr_expect_not(types_implements(P, stringer, &missing, &ptr_only));
	cr_expect_str_eq(missing, "String");
	cr_expect(ptr_only);
	cr_expect(types_implements(types_pointer(P), stringer, &missing, &ptr_only));

	/* Promotion: embedded T brings value methods, embedded *T all of them. */
	Type *Inner = named("Inner", STRUCT(fld("x", t_int)));
	addm(Inner, "String", sig_ret(t_string), true);
	Type *Outer = named("Outer", STRUCT(emb(Inner)));
	Type *OuterP = named("OuterP", STRUCT(emb(types_pointer(Inner))));
	cr_expect_not(types_implements(Outer, stringer, &missing, &ptr_only));
	cr_expect(ptr_only);
	cr_expect(types_implements(types_pointer(Outer), stringer, NULL, NULL));
	cr_expect(types_implements(OuterP, stringer, NULL, NULL));
	Type *ValInner = named("ValInner", STRUCT(fld("x", t_int)));
	addm(ValInner, "String", sig_ret(t_string), false);
	cr_expect(types_implements(named("VO", STRUCT(emb(ValInner))), stringer, NULL, NULL));

	/* Wrong signature. */
	Type *W = named("W", t_int);
	addm(W, "String", sig_ret(t_int), false);
	cr_expect_not(types_implements(W, stringer, &missing, &ptr_only));
	cr_expect_str_eq(missing, "String");
	cr_expect_not(ptr_only);
	cr_expect_not(types_implements(t_int, stringer, &missing, &ptr_only));
	cr_expect_str_eq(missing, "String");

	/* Interface to interface: a superset implements. */
	Method two[2] = {{.name = "String", .sig = sig_ret(t_string)}, {.name = "Foo", .sig = sig0()}};
	Type *big = types_interface(two, 2);
	cr_expect(types_implements(big, stringer, NULL, NULL));
	cr_expect_not(types_implements(stringer, big, &missing, NULL));
	cr_expect_str_eq(missing, "Foo");
	cr_expect(types_implements(t_error, t_any, NULL, NULL));
	cr_expect(types_implements(types_slice(t_int), t_any, NULL, NULL));
	/* An interface embedded in a struct provides its methods. */
	StructField ef = {.name = "Stringer", .type = named("Stringer", stringer), .embedded = true};
	cr_expect(types_implements(named("HasS", types_struct(&ef, 1)), stringer, NULL, NULL));

	/* Unexported method names only match within their package. */
	Type *im = iface1("m", sig0(), &otherpkg);
	Type *Tm = named("Tm", t_int);
	addm(Tm, "m", sig0(), false);
	cr_expect_not(types_implements(Tm, im, &missing, NULL));
	Type *To = named_in(&otherpkg, "To", t_int);
	addm(To, "m", sig0(), false);
	cr_expect(types_implements(To, im, NULL, NULL));
}

/* ---------------------------------------------------------------- recursive and deferred types */

Test(types, recursive_types)
{
	/* type Node struct { next *Node; v int } */
	Type *Node = named("Node", NULL);
	Type *pn = types_pointer(Node);
	cr_expect_str_eq(pn->str, "*main.Node");
	cr_expect_eq(types_pointer(Node), pn);
	types_set_underlying(Node, STRUCT(fld("next", pn), fld("v", t_int)));
	cr_expect(Node->complete);
	expect_layout(Node, 16, 8, 8, 0x1);
	cr_expect_eq(Node->kind, K_STRUCT);
	cr_expect_eq(Node->nfields, 2);
	cr_expect_str_eq(Node->under->str, "struct { next *main.Node; v int }");
	cr_expect(Node->comparable);

	/* type Bad struct { b Bad } and type Bad2 struct { a [2]Bad2 } */
	Type *Bad = named("Bad", NULL);
	types_set_underlying(Bad, STRUCT(fld("b", Bad)));
	cr_expect_not(types_complete(Bad));
	cr_expect_not(types_complete(Bad->under));
	Type *Bad2 = named("Bad2", NULL);
	types_set_underlying(Bad2, STRUCT(fld("a", types_array(Bad2, 2))));
	cr_expect_not(types_complete(Bad2));
	Type *Bad3 = named("Bad3", NULL);
	types_set_underlying(Bad3, types_array(Bad3, 1));
	cr_expect_not(types_complete(Bad3));

	/* Mutual recursion by value is invalid, through a pointer it is fine. */
	Type *A1 = named("A1", NULL), *B1 = named("B1", NULL);
	types_set_underlying(A1, STRUCT(fld("b", B1)));
	types_set_underlying(B1, STRUCT(fld("a", A1)));
	cr_expect_not(types_complete(A1));
	cr_expect_not(types_complete(B1));
	Type *A2 = named("A2", NULL), *B2 = named("B2", NULL);
	types_set_underlying(A2, STRUCT(fld("b", types_pointer(B2))));
	types_set_underlying(B2, STRUCT(fld("a", A2), fld("n", t_int)));
	cr_expect(types_complete(A2));
	cr_expect(types_complete(B2));
	expect_layout(B2, 16, 8, 8, 0x1);

	/* Recursion through slices, maps and funcs is fine. */
	Type *L = named("L", NULL);
	types_set_underlying(L, types_slice(L));
	expect_layout(L, 24, 8, 8, 0x1);
	cr_expect_str_eq(L->under->str, "[]main.L");
	Type *Fn = named("Fn", NULL);
	types_set_underlying(Fn, types_func(TYPES(Fn), TYPES(Fn), false));
	cr_expect(types_complete(Fn));
	cr_expect_str_eq(Fn->under->str, "func(main.Fn) main.Fn");
	/* An interface mentioning itself. */
	Type *It = named("It", NULL);
	types_set_underlying(It, iface1("Next", sig_ret(It), NULL));
	cr_expect_str_eq(It->under->str, "interface { Next() main.It }");
	expect_layout(It, 16, 8, 16, 0x2);
}

Test(types, deferred_completion)
{
	/* type X struct { y Y } with Y declared later. */
	Type *X = named("X", NULL), *Y = named("Y", NULL);
	types_set_underlying(X, STRUCT(fld("y", Y)));
	cr_expect_not(X->complete);
	cr_expect_not(types_complete(X));
	Type *arr = types_array(Y, 2);
	cr_expect_not(arr->complete);
	types_set_underlying(Y, STRUCT(fld("a", t_int), fld("p", types_pointer(t_int))));
	expect_layout(X, 16, 8, 16, 0x2);
	expect_layout(arr, 32, 8, 32, 0xA);
	cr_expect(types_comparable(X));

	/* A chain of names: type C3 B3; type B3 struct{...} collapses to the struct. */
	Type *B3 = named("B3", STRUCT(fld("s", t_string)));
	Type *C3 = named("C3", B3);
	cr_expect_eq(C3->under, B3->under);
	cr_expect_eq(C3->kind, K_STRUCT);
	expect_layout(C3, 16, 8, 8, 0x1);
	cr_expect_str_eq(C3->str, "main.C3");
	cr_expect_eq(C3->nmethods, 0);

	/* A named slice exposes its element like its underlying type does. */
	Type *IS = named("IS", types_slice(t_int));
	cr_expect_eq(IS->elem, t_int);
	cr_expect_eq(types_under(IS), types_slice(t_int));
}
