/*
 * test_map.c - runtime/map.c: Go map semantics with keys and values stored inline.
 *
 * Types are built by hand here (size, align, ptrdata, ptrmask as lang/types.h describes them)
 * so the tests do not depend on the type checker. rt_panic_runtime is replaced by a weak stub
 * that records the message; when the real one is linked in instead, the panic test is skipped.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gc/malloc.h"
#include "lang/native.h"
#include "runtime/map.h"

/* ---------------------------------------------------------------- panic stub */

static char last_panic[256];
static int npanics;

static void stub_panic_runtime(G *g, const char *fmt, ...)
{
	(void)g;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last_panic, sizeof last_panic, fmt, ap);
	va_end(ap);
	npanics++;
}
void rt_panic_runtime(G *g, const char *fmt, ...) __attribute__((weak, alias("stub_panic_runtime")));

/* ---------------------------------------------------------------- hand-built types */

static uint8_t mask1[1] = {0x01};   /* word 0 is a pointer */
static uint8_t mask_w1[1] = {0x02}; /* word 1 is a pointer */

static Type t_int_ = {.kind = K_INT, .size = 8, .align = 8, .str = "int", .comparable = true};
static Type t_int64_ = {.kind = K_INT64, .size = 8, .align = 8, .str = "int64", .comparable = true};
static Type t_int32_ = {.kind = K_INT32, .size = 4, .align = 4, .str = "int32", .comparable = true};
static Type t_int8_ = {.kind = K_INT8, .size = 1, .align = 1, .str = "int8", .comparable = true};
static Type t_f64_ = {.kind = K_FLOAT64, .size = 8, .align = 8, .str = "float64", .comparable = true};
static Type t_f32_ = {.kind = K_FLOAT32, .size = 4, .align = 4, .str = "float32", .comparable = true};
static Type t_str_ = {.kind = K_STRING, .size = 16, .align = 8, .ptrdata = 8, .ptrmask = mask1,
                      .str = "string", .comparable = true};
static Type t_any_ = {.kind = K_INTERFACE, .size = 16, .align = 8, .ptrdata = 16, .ptrmask = mask_w1,
                      .str = "interface {}", .comparable = true};
static Type t_pint_ = {.kind = K_POINTER, .size = 8, .align = 8, .ptrdata = 8, .ptrmask = mask1,
                       .str = "*int", .comparable = true, .direct_iface = true, .elem = &t_int_};
static Type t_sint_ = {.kind = K_SLICE, .size = 24, .align = 8, .ptrdata = 8, .ptrmask = mask1,
                       .str = "[]int", .comparable = false, .elem = &t_int_};
static Type t_arr3_ = {.kind = K_ARRAY, .size = 24, .align = 8, .str = "[3]int", .comparable = true,
                       .elem = &t_int_, .len = 3};

/* struct { a int32; _ int32; b string } */
static StructField key_fields[3] = {
	{.name = "a", .type = &t_int32_, .offset = 0},
	{.name = "_", .type = &t_int32_, .offset = 4},
	{.name = "b", .type = &t_str_, .offset = 8},
};
static Type t_skey_ = {.kind = K_STRUCT, .size = 24, .align = 8, .ptrdata = 16, .ptrmask = mask_w1,
                       .str = "main.K", .comparable = true, .fields = key_fields, .nfields = 3};
typedef struct SKey {
	int32_t a, blank;
	String b;
} SKey;

/* struct { a int8; b int64 } has padding: not plain memory. */
static StructField pad_fields[2] = {
	{.name = "a", .type = &t_int8_, .offset = 0},
	{.name = "b", .type = &t_int64_, .offset = 8},
};
static Type t_pad_ = {.kind = K_STRUCT, .size = 16, .align = 8, .str = "main.P", .comparable = true,
                      .fields = pad_fields, .nfields = 2};

static Type *mk_map(Type *k, Type *v)
{
	Type *t = calloc(1, sizeof *t);
	t->kind = K_MAP;
	t->size = 8;
	t->align = 8;
	t->ptrdata = 8;
	t->ptrmask = mask1;
	t->key = k;
	t->elem = v;
	t->str = "map";
	return t;
}

/* A private copy of n bytes (which may include NULs). */
static String SN(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return (String){(const uint8_t *)p, (int64_t)n};
}

static String S(const char *s)
{
	/* A private copy, so equal keys never share a data pointer. */
	size_t n = strlen(s);
	char *p = malloc(n + 1);
	memcpy(p, s, n + 1);
	return (String){(const uint8_t *)p, (int64_t)n};
}

static void setup(void)
{
	gc_init();
	npanics = 0;
	last_panic[0] = 0;
}

TestSuite(map, .init = setup);

static int64_t *get_int(Map *m, int64_t k) { return map_access(NULL, m, &k); }
static void put_int(Map *m, int64_t k, int64_t v) { *(int64_t *)map_assign(NULL, m, &k) = v; }
static void del_int(Map *m, int64_t k) { map_delete(NULL, m, &k); }

/* ---------------------------------------------------------------- basic operations */

Test(map, int_keys_insert_lookup_overwrite_delete)
{
	Map *m = map_make(mk_map(&t_int_, &t_int_), 0);
	cr_assert_eq(map_len(m), 0);
	cr_assert_null(get_int(m, 1));
	for (int64_t i = 0; i < 1000; i++)
		put_int(m, i, i * 3);
	cr_assert_eq(map_len(m), 1000);
	for (int64_t i = 0; i < 1000; i++) {
		int64_t *v = get_int(m, i);
		cr_assert_not_null(v);
		cr_assert_eq(*v, i * 3);
	}
	cr_assert_null(get_int(m, 1000));
	cr_assert_null(get_int(m, -1));
	put_int(m, 7, 70);
	cr_assert_eq(map_len(m), 1000);
	cr_assert_eq(*get_int(m, 7), 70);
	for (int64_t i = 0; i < 1000; i += 2)
		del_int(m, i);
	del_int(m, 5000); /* absent: no effect */
	cr_assert_eq(map_len(m), 500);
	for (int64_t i = 0; i < 1000; i++) {
		int64_t *v = get_int(m, i);
		if (i % 2 == 0)
			cr_assert_null(v, "deleted key %ld still found", (long)i);
		else
			cr_assert(v && *v == (i == 7 ? 70 : i * 3));
	}
	/* A re-inserted key starts from the zero value. */
	int64_t k = 4;
	int64_t *v = map_assign(NULL, m, &k);
	cr_assert_eq(*v, 0);
}

Test(map, nil_map_reads_as_empty)
{
	int64_t k = 1;
	cr_assert_null(map_access(NULL, NULL, &k));
	cr_assert_eq(map_len(NULL), 0);
	map_delete(NULL, NULL, &k);
	MapIter it;
	void *kp, *vp;
	map_iter_init(&it, NULL);
	cr_assert_not(map_iter_next(&it, &kp, &vp));
}

Test(map, string_keys_compare_by_bytes)
{
	Map *m = map_make(mk_map(&t_str_, &t_int_), 0);
	const char *words[] = {"", "a", "ab", "abc", "hello", "hello world, longer than sixteen bytes",
	                       "hello world, longer than sixteen byteS", "\xff\x00z"};
	int n = sizeof words / sizeof words[0];
	for (int i = 0; i < n; i++) {
		/* the last key contains a NUL byte: copy all three of its bytes */
		String k = i == n - 1 ? SN(words[i], 3) : S(words[i]);
		*(int64_t *)map_assign(NULL, m, &k) = i + 1;
	}
	cr_assert_eq(map_len(m), n);
	for (int i = 0; i < n; i++) {
		String k = i == n - 1 ? SN(words[i], 3) : S(words[i]);
		int64_t *v = map_access(NULL, m, &k);
		cr_assert(v && *v == i + 1, "key %d", i);
	}
	String miss = S("hell");
	cr_assert_null(map_access(NULL, m, &miss));
	String prefix = S("\xff");
	cr_assert_null(map_access(NULL, m, &prefix));
}

Test(map, float_keys_nan_and_signed_zero)
{
	Map *m = map_make(mk_map(&t_f64_, &t_int_), 0);
	double nan = NAN, pz = 0.0, nz = -0.0, one = 1.0;
	*(int64_t *)map_assign(NULL, m, &nan) = 1;
	*(int64_t *)map_assign(NULL, m, &nan) = 2;
	cr_assert_eq(map_len(m), 2, "each NaN insert makes a new entry");
	cr_assert_null(map_access(NULL, m, &nan), "NaN is never found");
	map_delete(NULL, m, &nan);
	cr_assert_eq(map_len(m), 2, "NaN entries cannot be deleted");

	*(int64_t *)map_assign(NULL, m, &pz) = 10;
	*(int64_t *)map_assign(NULL, m, &nz) = 20;
	cr_assert_eq(map_len(m), 3, "+0 and -0 are the same key");
	int64_t *v = map_access(NULL, m, &pz);
	cr_assert(v && *v == 20);
	*(int64_t *)map_assign(NULL, m, &one) = 30;
	cr_assert_eq(*(int64_t *)map_access(NULL, m, &one), 30);

	/* As in Go, assigning through -0 updates the stored key to -0. */
	MapIter it;
	void *kp, *vp;
	int nans = 0, zeros = 0;
	map_iter_init(&it, m);
	while (map_iter_next(&it, &kp, &vp)) {
		double k = *(double *)kp;
		if (k != k)
			nans++;
		else if (k == 0) {
			zeros++;
			cr_assert(signbit(k), "stored zero key should now be -0");
		}
	}
	cr_assert_eq(nans, 2);
	cr_assert_eq(zeros, 1);
	map_clear(m);
	cr_assert_eq(map_len(m), 0, "clear removes NaN keys too");
}

Test(map, float32_keys)
{
	Map *m = map_make(mk_map(&t_f32_, &t_int_), 0);
	float a = 1.5f, pz = 0.0f, nz = -0.0f, nan = NAN;
	*(int64_t *)map_assign(NULL, m, &a) = 1;
	*(int64_t *)map_assign(NULL, m, &pz) = 2;
	cr_assert_eq(*(int64_t *)map_access(NULL, m, &nz), 2);
	*(int64_t *)map_assign(NULL, m, &nan) = 3;
	cr_assert_null(map_access(NULL, m, &nan));
	cr_assert_eq(map_len(m), 3);
}

Test(map, struct_keys_skip_blank_fields)
{
	Map *m = map_make(mk_map(&t_skey_, &t_int_), 0);
	SKey k1 = {1, 111, S("x")};
	SKey k2 = {1, 222, S("x")}; /* differs only in the blank field */
	SKey k3 = {2, 111, S("x")};
	SKey k4 = {1, 111, S("y")};
	*(int64_t *)map_assign(NULL, m, &k1) = 1;
	*(int64_t *)map_assign(NULL, m, &k2) = 2;
	cr_assert_eq(map_len(m), 1);
	cr_assert_eq(*(int64_t *)map_access(NULL, m, &k1), 2);
	cr_assert_null(map_access(NULL, m, &k3));
	cr_assert_null(map_access(NULL, m, &k4));
	*(int64_t *)map_assign(NULL, m, &k3) = 3;
	*(int64_t *)map_assign(NULL, m, &k4) = 4;
	cr_assert_eq(map_len(m), 3);
	map_delete(NULL, m, &k2);
	cr_assert_eq(map_len(m), 2);
	cr_assert_null(map_access(NULL, m, &k1));
}

Test(map, padded_struct_keys_ignore_padding)
{
	Map *m = map_make(mk_map(&t_pad_, &t_int_), 0);
	uint8_t a[16], b[16];
	memset(a, 0xAA, 16);
	memset(b, 0x55, 16);
	a[0] = b[0] = 7;
	int64_t v = 99;
	memcpy(a + 8, &v, 8);
	memcpy(b + 8, &v, 8);
	*(int64_t *)map_assign(NULL, m, a) = 1;
	int64_t *p = map_access(NULL, m, b);
	cr_assert(p && *p == 1, "padding bytes must not affect hashing or equality");
}

Test(map, array_keys)
{
	Map *m = map_make(mk_map(&t_arr3_, &t_int_), 0);
	for (int64_t i = 0; i < 300; i++) {
		int64_t k[3] = {i, i * 2, -i};
		*(int64_t *)map_assign(NULL, m, k) = i;
	}
	cr_assert_eq(map_len(m), 300);
	for (int64_t i = 0; i < 300; i++) {
		int64_t k[3] = {i, i * 2, -i};
		int64_t *v = map_access(NULL, m, k);
		cr_assert(v && *v == i);
	}
	int64_t miss[3] = {1, 2, 0};
	cr_assert_null(map_access(NULL, m, miss));
}

Test(map, interface_keys_by_dynamic_type_and_value)
{
	Map *m = map_make(mk_map(&t_any_, &t_int_), 0);
	int64_t one = 1;
	String s1 = S("go"), s2 = S("go");
	int64_t target = 5;
	Iface k_int = {&t_int_, &one};
	Iface k_int64 = {&t_int64_, &one};
	Iface k_s1 = {&t_str_, &s1}, k_s2 = {&t_str_, &s2};
	Iface k_ptr = {&t_pint_, &target}; /* direct: the data word is the pointer itself */
	Iface k_nil = {NULL, NULL};
	*(int64_t *)map_assign(NULL, m, &k_int) = 1;
	*(int64_t *)map_assign(NULL, m, &k_int64) = 2;
	*(int64_t *)map_assign(NULL, m, &k_s1) = 3;
	*(int64_t *)map_assign(NULL, m, &k_ptr) = 4;
	*(int64_t *)map_assign(NULL, m, &k_nil) = 5;
	cr_assert_eq(map_len(m), 5, "int(1) and int64(1) are different keys");
	int64_t one_again = 1;
	Iface q = {&t_int_, &one_again};
	cr_assert_eq(*(int64_t *)map_access(NULL, m, &q), 1);
	cr_assert_eq(*(int64_t *)map_access(NULL, m, &k_int64), 2);
	cr_assert_eq(*(int64_t *)map_access(NULL, m, &k_s2), 3, "strings compare by bytes");
	Iface q_ptr = {&t_pint_, &target};
	cr_assert_eq(*(int64_t *)map_access(NULL, m, &q_ptr), 4);
	int64_t other = 5;
	Iface q_ptr2 = {&t_pint_, &other};
	cr_assert_null(map_access(NULL, m, &q_ptr2), "pointers compare by address");
	Iface q_nil = {NULL, NULL};
	cr_assert_eq(*(int64_t *)map_access(NULL, m, &q_nil), 5);
	cr_assert_eq(npanics, 0);
}

Test(map, unhashable_interface_key_panics)
{
	if ((void *)rt_panic_runtime != (void *)stub_panic_runtime)
		cr_skip_test("the real rt_panic_runtime is linked in");
	Map *m = map_make(mk_map(&t_any_, &t_int_), 0);
	Slice sl = {NULL, 0, 0};
	Iface k = {&t_sint_, &sl};
	cr_assert_null(map_access(NULL, m, &k), "even an empty map hashes the key");
	cr_assert_eq(npanics, 1);
	cr_assert_str_eq(last_panic, "hash of unhashable type []int");
	cr_assert_null(map_assign(NULL, m, &k));
	cr_assert_eq(npanics, 2);
	cr_assert_eq(map_len(m), 0);
	map_delete(NULL, m, &k);
	cr_assert_eq(npanics, 3);
	Type *bad = NULL;
	rt_hash(&t_any_, &k, 0, &bad);
	cr_assert_eq(bad, &t_sint_);
}

Test(map, rt_equal_and_rt_hash_agree)
{
	Type *bad = NULL;
	double a = 0.0, b = -0.0, n = NAN;
	cr_assert(rt_equal(&t_f64_, &a, &b, &bad));
	cr_assert_eq(rt_hash(&t_f64_, &a, 42, &bad), rt_hash(&t_f64_, &b, 42, &bad));
	cr_assert_not(rt_equal(&t_f64_, &n, &n, &bad));
	String x = S("abcdefghijklmnopqrstuvwxyz"), y = S("abcdefghijklmnopqrstuvwxyz");
	cr_assert(rt_equal(&t_str_, &x, &y, &bad));
	cr_assert_eq(rt_hash(&t_str_, &x, 7, &bad), rt_hash(&t_str_, &y, 7, &bad));
	/* Only t->size bytes take part: garbage above an int32 is ignored. */
	uint64_t w1 = 0xdeadbeef00000005ull, w2 = 0x1234567800000005ull;
	cr_assert(rt_equal(&t_int32_, &w1, &w2, &bad));
	cr_assert_eq(rt_hash(&t_int32_, &w1, 1, &bad), rt_hash(&t_int32_, &w2, 1, &bad));
	/* Same uncomparable dynamic type on both sides: *bad names it. */
	Slice s = {NULL, 0, 0};
	Iface i1 = {&t_sint_, &s}, i2 = {&t_sint_, &s};
	cr_assert_not(rt_equal(&t_any_, &i1, &i2, &bad));
	cr_assert_eq(bad, &t_sint_);
	/* Different dynamic types are simply unequal. */
	bad = NULL;
	int64_t one = 1;
	Iface i3 = {&t_int_, &one};
	cr_assert_not(rt_equal(&t_any_, &i1, &i3, &bad));
	cr_assert_null(bad);
	cr_assert_eq(npanics, 0);
}

/* ---------------------------------------------------------------- growth */

Test(map, growth_int_keys)
{
	Map *m = map_make(mk_map(&t_int_, &t_int_), 0);
	const int64_t n = 200000;
	for (int64_t i = 0; i < n; i++)
		put_int(m, i * 7919, i);
	cr_assert_eq(map_len(m), n);
	for (int64_t i = 0; i < n; i++) {
		int64_t *v = get_int(m, i * 7919);
		cr_assert(v && *v == i);
	}
	for (int64_t i = 0; i < n; i += 3)
		del_int(m, i * 7919);
	for (int64_t i = 0; i < n; i++) {
		int64_t *v = get_int(m, i * 7919);
		if (i % 3 == 0)
			cr_assert_null(v);
		else
			cr_assert(v && *v == i);
	}
}

Test(map, growth_string_keys)
{
	Map *m = map_make(mk_map(&t_str_, &t_int_), 0);
	char buf[32];
	const int n = 50000;
	for (int i = 0; i < n; i++) {
		snprintf(buf, sizeof buf, "key%d", i);
		String k = S(buf);
		*(int64_t *)map_assign(NULL, m, &k) = i;
	}
	cr_assert_eq(map_len(m), n);
	for (int i = 0; i < n; i++) {
		snprintf(buf, sizeof buf, "key%d", i);
		String k = S(buf);
		int64_t *v = map_access(NULL, m, &k);
		cr_assert(v && *v == i, "key%d", i);
	}
}

Test(map, hint_preallocates)
{
	Map *m = map_make(mk_map(&t_int_, &t_int_), 1000);
	uint64_t before = gc_mallocs();
	for (int64_t i = 0; i < 1000; i++)
		put_int(m, i, i);
	cr_assert_eq(gc_mallocs(), before, "inserting up to the hint must not allocate");
	cr_assert_eq(map_len(m), 1000);
}

Test(map, churn_stays_correct)
{
	/* Many inserts and deletes with few live keys: compaction must keep everything findable. */
	Map *m = map_make(mk_map(&t_int_, &t_int_), 0);
	for (int64_t i = 0; i < 100000; i++) {
		put_int(m, i, i);
		if (i >= 50)
			del_int(m, i - 50);
	}
	cr_assert_eq(map_len(m), 50);
	for (int64_t i = 0; i < 100000; i++) {
		int64_t *v = get_int(m, i);
		if (i >= 100000 - 50)
			cr_assert(v && *v == i);
		else
			cr_assert_null(v);
	}
}

Test(map, clear_empties)
{
	Map *m = map_make(mk_map(&t_int_, &t_int_), 0);
	for (int64_t i = 0; i < 100; i++)
		put_int(m, i, i);
	map_clear(m);
	cr_assert_eq(map_len(m), 0);
	cr_assert_null(get_int(m, 5));
	put_int(m, 5, 55);
	cr_assert_eq(*get_int(m, 5), 55);
	cr_assert_eq(map_len(m), 1);
}

/* ---------------------------------------------------------------- iteration */

#define NITER 3000

Test(map, iteration_visits_each_live_entry_once)
{
	Map *m = map_make(mk_map(&t_int_, &t_int_), 0);
	for (int64_t i = 0; i < NITER; i++)
		put_int(m, i, i + 1);
	for (int64_t i = 0; i < NITER; i += 5)
		del_int(m, i);
	static int seen[NITER];
	memset(seen, 0, sizeof seen);
	MapIter it;
	void *kp, *vp;
	int64_t total = 0;
	map_iter_init(&it, m);
	while (map_iter_next(&it, &kp, &vp)) {
		int64_t k = *(int64_t *)kp;
		cr_assert(k >= 0 && k < NITER);
		cr_assert_eq(*(int64_t *)vp, k + 1);
		seen[k]++;
		total++;
	}
	cr_assert_eq(total, map_len(m));
	for (int64_t i = 0; i < NITER; i++)
		cr_assert_eq(seen[i], i % 5 == 0 ? 0 : 1, "key %ld seen %d times", (long)i, seen[i]);
}

Test(map, delete_during_iteration)
{
	Map *m = map_make(mk_map(&t_int_, &t_int_), 0);
	for (int64_t i = 0; i < NITER; i++)
		put_int(m, i, i);
	static int seen[NITER], deleted[NITER];
	memset(seen, 0, sizeof seen);
	memset(deleted, 0, sizeof deleted);
	MapIter it;
	void *kp, *vp;
	map_iter_init(&it, m);
	while (map_iter_next(&it, &kp, &vp)) {
		int64_t k = *(int64_t *)kp;
		cr_assert_not(deleted[k], "deleted key %ld was produced", (long)k);
		seen[k]++;
		/* Delete a key that has not been reached yet, and the current one. */
		int64_t ahead = (k * 37 + 11) % NITER;
		if (!seen[ahead]) {
			del_int(m, ahead);
			deleted[ahead] = 1;
		}
		del_int(m, k);
		deleted[k] = 1;
	}
	for (int64_t i = 0; i < NITER; i++)
		cr_assert(seen[i] <= 1);
	for (int64_t i = 0; i < NITER; i++)
		cr_assert(seen[i] == 1 || deleted[i], "live key %ld never produced", (long)i);
	cr_assert_eq(map_len(m), 0);
}

Test(map, iteration_across_growth_and_compaction)
{
	/* Keys 0..NITER-1 exist at the start; during the loop, keys are deleted and many new keys
	 * (>= 1000000) inserted, forcing doubling and compaction. Every original key that is never
	 * deleted must be produced exactly once, and no deleted key may be produced after its
	 * deletion. */
	Map *m = map_make(mk_map(&t_int_, &t_int_), 0);
	for (int64_t i = 0; i < NITER; i++)
		put_int(m, i, i);
	static int seen[NITER], deleted[NITER];
	memset(seen, 0, sizeof seen);
	memset(deleted, 0, sizeof deleted);
	int64_t next_new = 1000000, steps = 0;
	MapIter it;
	void *kp, *vp;
	map_iter_init(&it, m);
	while (map_iter_next(&it, &kp, &vp)) {
		int64_t k = *(int64_t *)kp;
		if (k >= 1000000) {
			/* New keys may or may not be produced; their value must be theirs. */
			cr_assert_eq(*(int64_t *)vp, k);
			del_int(m, k);
			continue;
		}
		cr_assert_not(deleted[k], "deleted key %ld produced", (long)k);
		cr_assert_eq(*(int64_t *)vp, k);
		seen[k]++;
		steps++;
		if (steps % 2 == 0) {
			int64_t victim = (k * 7 + 3) % NITER;
			if (!deleted[victim] && !seen[victim]) {
				del_int(m, victim);
				deleted[victim] = 1;
			}
		}
		for (int j = 0; j < 4; j++) {
			put_int(m, next_new, next_new);
			next_new++;
		}
	}
	for (int64_t i = 0; i < NITER; i++) {
		cr_assert(seen[i] <= 1, "key %ld produced %d times", (long)i, seen[i]);
		if (!deleted[i])
			cr_assert_eq(seen[i], 1, "live key %ld not produced", (long)i);
	}
}

Test(map, iteration_after_compaction_skips_deleted)
{
	/* Force a compaction in the middle of an iteration by deleting most keys and inserting
	 * new ones until the entry array fills. */
	Map *m = map_make(mk_map(&t_int_, &t_int_), 0);
	for (int64_t i = 0; i < 1024; i++)
		put_int(m, i, i);
	MapIter it;
	void *kp, *vp;
	map_iter_init(&it, m);
	cr_assert(map_iter_next(&it, &kp, &vp));
	int64_t first = *(int64_t *)kp;
	for (int64_t i = 0; i < 1024; i++)
		if (i % 4 != 0 && i != first)
			del_int(m, i);
	for (int64_t i = 0; i < 2000; i++)
		put_int(m, 5000 + i, -1);
	for (int64_t i = 0; i < 1024; i += 4)
		*get_int(m, i) = i * 10;
	int produced[1024] = {0};
	while (map_iter_next(&it, &kp, &vp)) {
		int64_t k = *(int64_t *)kp;
		if (k >= 5000)
			continue;
		cr_assert(k >= 0 && k < 1024);
		cr_assert(k % 4 == 0, "deleted key %ld produced", (long)k);
		cr_assert_eq(*(int64_t *)vp, k * 10, "the current value is produced");
		produced[k]++;
	}
	for (int64_t i = 0; i < 1024; i += 4)
		if (i != first)
			cr_assert_eq(produced[i], 1, "key %ld", (long)i);
}

/* ---------------------------------------------------------------- layout for the collector */

static bool bit(const Type *t, int w) { return t->ptrmask && (t->ptrmask[w / 8] >> (w % 8)) & 1; }

Test(map, entry_type_masks)
{
	/* map[string]*int: {meta; string{ptr,len}; *int} = 32 bytes, pointers at words 1 and 3. */
	Type *e = map_entrytype(mk_map(&t_str_, &t_pint_));
	cr_assert_eq(e->size, 32);
	cr_assert_eq(e->ptrdata, 32);
	cr_assert(bit(e, 1) && bit(e, 3) && !bit(e, 0) && !bit(e, 2));

	/* map[int]int: no pointers at all. */
	e = map_entrytype(mk_map(&t_int_, &t_int_));
	cr_assert_eq(e->size, 24);
	cr_assert_eq(e->ptrdata, 0);

	/* map[int32]string: key at 8 (4 bytes), value at 16: pointer at word 2 only. */
	e = map_entrytype(mk_map(&t_int32_, &t_str_));
	cr_assert_eq(e->size, 32);
	cr_assert_eq(e->ptrdata, 24);
	cr_assert(bit(e, 2) && !bit(e, 0) && !bit(e, 1));

	/* map[any]int8: iface data word at word 2; the value byte follows the key. */
	e = map_entrytype(mk_map(&t_any_, &t_int8_));
	cr_assert_eq(e->size, 32);
	cr_assert_eq(e->ptrdata, 24);
	cr_assert(bit(e, 2) && !bit(e, 1));

	/* The same map type always gets the same entry type. */
	Type *mt = mk_map(&t_str_, &t_str_);
	cr_assert_eq(map_entrytype(mt), map_entrytype(mt));
}

Test(map, map_type_is_kept)
{
	Type *mt = mk_map(&t_int_, &t_int_);
	Map *m = map_make(mt, 0);
	cr_assert_eq(map_type(m), mt);
}

Test(map, many_map_types)
{
	/* Each map type gets its own entry type, found again later. */
	Type *mts[100];
	Type *ets[100];
	for (int i = 0; i < 100; i++) {
		mts[i] = mk_map(i % 2 ? &t_str_ : &t_int_, &t_int_);
		ets[i] = map_entrytype(mts[i]);
	}
	for (int i = 0; i < 100; i++) {
		cr_assert_eq(map_entrytype(mts[i]), ets[i]);
		cr_assert_eq(ets[i]->ptrdata, i % 2 ? 16u : 0u);
		for (int j = 0; j < i; j++)
			cr_assert_neq(ets[i], ets[j]);
	}
}

Test(map, delete_zeroes_key_and_value)
{
	/* The collector must not retain what a deleted entry pointed to. */
	Map *m = map_make(mk_map(&t_str_, &t_str_), 0);
	String k = S("some key"), v = S("some value");
	for (int i = 0; i < 3; i++) {
		String other = S(i == 0 ? "a" : i == 1 ? "b" : "c");
		*(String *)map_assign(NULL, m, &other) = other;
	}
	String *slot = map_assign(NULL, m, &k);
	*slot = v;
	String after = S("after");
	*(String *)map_assign(NULL, m, &after) = after; /* keeps the deleted entry from being trimmed */
	map_delete(NULL, m, &k);
	cr_assert_null(slot->ptr);
	cr_assert_eq(slot->len, 0);
	String *stored_key = (String *)((uint8_t *)slot - 16);
	cr_assert_null(stored_key->ptr, "the key's pointer must be cleared");
	cr_assert_eq(map_len(m), 4);
}
