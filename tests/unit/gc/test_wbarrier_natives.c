/*
 * test_wbarrier_natives.c - the write barriers of the runtime's C code (runtime/map.c,
 * runtime/chan.c, runtime/rtstring.c, runtime/timer.c and the natives of lang/std): every
 * pointer they store into GC-heap memory, overwrite there or move between goroutine stacks
 * must be shaded while the barrier is on (gc/gc.h, "the write barrier").
 *
 * Each test plays a mark phase by hand: it allocates the objects a store will involve while no
 * collection runs (so they are white: no mark bit), then sets gc_phase = GC_MARK and
 * gc_wb_enabled, performs one operation and reads the mark bits. An object counts as shaded
 * when its gcmarkBits bit is set (greying sets it; a noscan object is black at once). Every
 * test also allocates a bystander, white like the others and stored nowhere, which must stay
 * unmarked: the marks come from the operation's barrier, not from anything marking the heap
 * wholesale. Objects the operation itself allocates are black (allocate-black), so the
 * expectations only name objects allocated before the phase began.
 *
 * Expected values follow from the hybrid barrier's rule (Go's mbarrier.go): a store shades
 * the pointer it overwrites and the pointer it writes; a bulk copy shades every pointer word of
 * the destination and of the source; a value passed from one goroutine's stack to another's is
 * shaded.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gc/gc.h"
#include "gc/malloc.h"
#include "gc/mheap.h"
#include "lang/native.h"
#include "lang/types.h"
#include "runtime/chan.h"
#include "runtime/map.h"
#include "runtime/proc.h"
#include "runtime/rtstring.h"
#include "runtime/sched.h"

/* ---------------------------------------------------------------- types */

static uint8_t mask_w0[1] = {0x01};
static uint8_t mask_w1[1] = {0x02};
static Type int_t = {.kind = K_INT, .size = 8, .align = 8, .str = "int", .comparable = true};
static Type ptr_t = {.kind = K_POINTER,
                     .size = 8,
                     .align = 8,
                     .ptrdata = 8,
                     .ptrmask = mask_w0,
                     .str = "*int",
                     .comparable = true,
                     .direct_iface = true,
                     .elem = &int_t};
static Type str_t = {.kind = K_STRING,
                     .size = 16,
                     .align = 8,
                     .ptrdata = 8,
                     .ptrmask = mask_w0,
                     .str = "string",
                     .comparable = true};
/* any: {type word, data word}; only the data word can point into the heap. */
static Type any_t = {.kind = K_INTERFACE,
                     .size = 16,
                     .align = 8,
                     .ptrdata = 16,
                     .ptrmask = mask_w1,
                     .str = "interface {}",
                     .comparable = true};
/* struct { n int; p *int } */
static Type np_t = {.kind = K_STRUCT,
                    .size = 16,
                    .align = 8,
                    .ptrdata = 16,
                    .ptrmask = mask_w1,
                    .str = "struct { n int; p *int }"};

static Type *mk_map(Type *k, Type *v)
{
	Type *t = calloc(1, sizeof *t);
	cr_assert_not_null(t);
	t->kind = K_MAP;
	t->size = t->align = 8;
	t->ptrdata = 8;
	t->ptrmask = mask_w0;
	t->key = k;
	t->elem = v;
	t->str = "map";
	t->complete = true;
	return t;
}

/* ---------------------------------------------------------------- heap helpers */

static void fresh(void)
{
	types_init();
	gc_init();
	gc_phase = GC_OFF;
	gc_wb_enabled = false;
}

static void finish(void)
{
	gc_wb_enabled = false;
	gc_phase = GC_OFF;
}

TestSuite(wbarrier, .init = fresh, .fini = finish);

/* The mark phase begins: objects allocated before now are white. */
static void start_marking(void)
{
	gc_phase = GC_MARK;
	gc_wb_enabled = true;
}

static bool is_marked(const void *p)
{
	MSpan *s = spanOf(p);
	cr_assert_not_null(s, "%p is not in the heap", p);
	uintptr_t i = ((uintptr_t)p - s->startAddr) / s->elemsize;
	return s->gcmarkBits[i / 64] >> (i % 64) & 1;
}

/* A white object a pointer can name: an 8-byte noscan cell. */
static void *cell(void)
{
	return mallocgc(NULL, 8, true);
}

/* A white string of n bytes (n >= 2, so it is not one of the static one-byte strings). */
static String heap_string(const char *text)
{
	String s = rt_string_copy(text, (int64_t)strlen(text));
	cr_assert(s.len >= 2);
	return s;
}

static NativeFn native(const char *name)
{
	NativeFn fn = native_lookup(name);
	cr_assert_not_null(fn, "no native %s", name);
	return fn;
}

/* ---------------------------------------------------------------- maps */

Test(wbarrier, map_insert_of_a_pointer_key_shades_it)
{
	Map *m = map_make(mk_map(&ptr_t, &int_t), 0);
	void *k1 = cell(), *k0 = cell(), *bystander = cell();
	*(int64_t *)map_assign(NULL, m, &k0) = 1; /* before marking: gives the map its arrays */
	start_marking();
	*(int64_t *)map_assign(NULL, m, &k1) = 2;
	cr_assert(is_marked(k1), "the key stored into the entries array");
	cr_assert_not(is_marked(k0), "an entry nothing touched");
	cr_assert_not(is_marked(bystander));
}

Test(wbarrier, map_key_update_shades_old_and_new_key)
{
	/* An equal string key at another address replaces the stored one (Go's key update). */
	Map *m = map_make(mk_map(&str_t, &int_t), 0);
	String a = heap_string("key"), b = heap_string("key");
	String bystander = heap_string("other");
	cr_assert_neq(a.ptr, b.ptr);
	*(int64_t *)map_assign(NULL, m, &a) = 1;
	start_marking();
	*(int64_t *)map_assign(NULL, m, &b) = 2;
	cr_assert(is_marked(a.ptr), "the overwritten key");
	cr_assert(is_marked(b.ptr), "the stored key");
	cr_assert_not(is_marked(bystander.ptr));
}

Test(wbarrier, map_delete_shades_the_deleted_value)
{
	Map *m = map_make(mk_map(&int_t, &ptr_t), 0);
	void *v1 = cell(), *v2 = cell(), *bystander = cell();
	int64_t k1 = 1, k2 = 2;
	*(void **)map_assign(NULL, m, &k1) = v1;
	*(void **)map_assign(NULL, m, &k2) = v2;
	start_marking();
	map_delete(NULL, m, &k1);
	cr_assert(is_marked(v1), "the value the delete cleared");
	cr_assert_not(is_marked(v2), "the other entry is untouched");
	cr_assert_not(is_marked(bystander));
}

Test(wbarrier, map_growth_shades_every_copied_value)
{
	/* Eight entries fill the first array; the ninth insert doubles it, copying all eight. */
	Map *m = map_make(mk_map(&int_t, &ptr_t), 0);
	void *v[8];
	for (int64_t i = 0; i < 8; i++) {
		v[i] = cell();
		*(void **)map_assign(NULL, m, &i) = v[i];
	}
	void *bystander = cell();
	start_marking();
	int64_t k = 8;
	*(void **)map_assign(NULL, m, &k) = NULL;
	for (int i = 0; i < 8; i++)
		cr_assert(is_marked(v[i]), "value %d copied into the new array", i);
	cr_assert_not(is_marked(bystander));
}

Test(wbarrier, map_clear_shades_every_value)
{
	Map *m = map_make(mk_map(&int_t, &ptr_t), 0);
	void *v[3];
	for (int64_t i = 0; i < 3; i++) {
		v[i] = cell();
		*(void **)map_assign(NULL, m, &i) = v[i];
	}
	void *bystander = cell();
	start_marking();
	map_clear(m);
	for (int i = 0; i < 3; i++)
		cr_assert(is_marked(v[i]), "cleared value %d", i);
	cr_assert_not(is_marked(bystander));
}

/* ---------------------------------------------------------------- channels */

Test(wbarrier, buffered_send_shades_the_value)
{
	ChanStatus st;
	Hchan *c = makechan(&ptr_t, 2, &st);
	void *p = cell(), *bystander = cell();
	start_marking();
	Slot v = (Slot)(uintptr_t)p;
	cr_assert_eq(chansend(c, &v, false, NULL, CHAN_NO_SLOT), CHAN_DONE);
	cr_assert_eq(c->qcount, 1);
	cr_assert(is_marked(p), "the pointer stored into the buffer");
	cr_assert_not(is_marked(bystander));
}

Test(wbarrier, buffered_receive_shades_the_cleared_slot)
{
	ChanStatus st;
	Hchan *c = makechan(&np_t, 2, &st);
	void *p = cell(), *bystander = cell();
	Slot v[2] = {7, (Slot)(uintptr_t)p};
	cr_assert_eq(chansend(c, v, false, NULL, CHAN_NO_SLOT), CHAN_DONE);
	start_marking();
	Slot out[2] = {0, 0};
	bool ok = false;
	cr_assert_eq(chanrecv(c, out, &ok, false, NULL, CHAN_NO_SLOT, CHAN_NO_SLOT), CHAN_DONE);
	cr_assert(ok);
	cr_assert_eq(out[1], (Slot)(uintptr_t)p);
	cr_assert(is_marked(p), "the pointer cleared from the buffer");
	cr_assert_not(is_marked(bystander));
}

Test(wbarrier, direct_send_to_a_parked_receiver_shades_the_value)
{
	ChanStatus st;
	Hchan *c = makechan(&ptr_t, 0, &st);
	G *r = proc_newg();
	cr_assert_not_null(r);
	r->status = G_RUNNING;
	r->native_block = 2;
	bool ok;
	cr_assert_eq(chanrecv(c, r->stack + 3, &ok, true, r, 3, CHAN_NO_SLOT), CHAN_PARKED);
	void *p = cell(), *bystander = cell();
	start_marking();
	Slot v = (Slot)(uintptr_t)p;
	cr_assert_eq(chansend(c, &v, true, NULL, CHAN_NO_SLOT), CHAN_DONE);
	cr_assert_eq(r->stack[3], (Slot)(uintptr_t)p, "handed to the receiver's stack");
	cr_assert(is_marked(p), "a value moving between stacks is shaded");
	cr_assert_not(is_marked(bystander));
	while (sched_next()) {
	}
}

Test(wbarrier, receive_from_a_parked_sender_into_a_full_buffer_shades_both)
{
	/* Buffer of one holding a; a sender parks with b. A receive takes a and moves b into the
	 * freed slot: a is overwritten there (shaded) and b is stored (shaded). */
	ChanStatus st;
	Hchan *c = makechan(&ptr_t, 1, &st);
	void *a = cell(), *b = cell(), *bystander = cell();
	Slot va = (Slot)(uintptr_t)a;
	cr_assert_eq(chansend(c, &va, false, NULL, CHAN_NO_SLOT), CHAN_DONE);
	G *s = proc_newg();
	cr_assert_not_null(s);
	s->status = G_RUNNING;
	s->native_block = 4;
	s->stack[5] = (Slot)(uintptr_t)b;
	cr_assert_eq(chansend(c, s->stack + 5, true, s, 5), CHAN_PARKED);
	start_marking();
	Slot out = 0;
	bool ok;
	cr_assert_eq(chanrecv(c, &out, &ok, true, NULL, CHAN_NO_SLOT, CHAN_NO_SLOT), CHAN_DONE);
	cr_assert_eq(out, (Slot)(uintptr_t)a);
	cr_assert_eq(c->buf[0], (Slot)(uintptr_t)b);
	cr_assert(is_marked(a));
	cr_assert(is_marked(b));
	cr_assert_not(is_marked(bystander));
	while (sched_next()) {
	}
}

/* ---------------------------------------------------------------- append */

Test(wbarrier, growslice_shades_the_copied_elements)
{
	Slice old = rt_slice_make(&ptr_t, 3, 3);
	void *e[3];
	for (int i = 0; i < 3; i++)
		((void **)old.ptr)[i] = e[i] = cell();
	void *bystander = cell();
	start_marking();
	Slice grown = growslice(&ptr_t, old, 4);
	cr_assert_neq(grown.ptr, old.ptr);
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(((void **)grown.ptr)[i], e[i]);
		cr_assert(is_marked(e[i]), "element %d copied into the new array", i);
	}
	cr_assert_not(is_marked(bystander));
}

/* ---------------------------------------------------------------- sync/atomic.Value */

Test(wbarrier, atomic_value_store_shades_old_and_new)
{
	void **v = mallocgc(&any_t, 16, true); /* a Value: {type word, data word} */
	void *p1 = cell(), *p2 = cell(), *bystander = cell();
	Slot a[3] = {(Slot)(uintptr_t)v, (Slot)(uintptr_t)&ptr_t, (Slot)(uintptr_t)p1};
	native("atomic.(*Value).Store")(NULL, a);
	cr_assert_eq(v[1], p1);
	start_marking();
	a[2] = (Slot)(uintptr_t)p2;
	native("atomic.(*Value).Store")(NULL, a);
	cr_assert_eq(v[1], p2);
	cr_assert(is_marked(p1), "the overwritten data word");
	cr_assert(is_marked(p2), "the stored data word");
	cr_assert_not(is_marked(bystander));
}

Test(wbarrier, atomic_value_swap_shades_old_and_new)
{
	void **v = mallocgc(&any_t, 16, true);
	void *p1 = cell(), *p2 = cell(), *bystander = cell();
	Slot a[5] = {(Slot)(uintptr_t)v, (Slot)(uintptr_t)&ptr_t, (Slot)(uintptr_t)p1, 0, 0};
	native("atomic.(*Value).Store")(NULL, a);
	start_marking();
	a[2] = (Slot)(uintptr_t)p2;
	native("atomic.(*Value).Swap")(NULL, a);
	cr_assert_eq(a[4], (Slot)(uintptr_t)p1, "Swap returns the old value");
	cr_assert(is_marked(p1));
	cr_assert(is_marked(p2));
	cr_assert_not(is_marked(bystander));
}

/* ---------------------------------------------------------------- sync.Pool */

/* sync.poolLocal {private any; shared []any} and sync.Pool {local, victim []poolLocal;
 * New func() any}, laid out as lang/std/sync.go declares them. */
static uint8_t poollocal_mask[1] = {0x06};
static StructField poollocal_fields[2] = {
        {.name = "private", .type = &any_t, .offset = 0},
        {.name = "shared", .offset = 16},
};
static Type poollocal_t = {.kind = K_STRUCT,
                           .size = 40,
                           .align = 8,
                           .ptrdata = 24,
                           .ptrmask = poollocal_mask,
                           .fields = poollocal_fields,
                           .nfields = 2,
                           .str = "sync.poolLocal"};
static Type poollocals_t = {.kind = K_SLICE,
                            .size = 24,
                            .align = 8,
                            .ptrdata = 8,
                            .ptrmask = mask_w0,
                            .elem = &poollocal_t};
static uint8_t pool_mask[1] = {0x49};
static StructField pool_fields[3] = {
        {.name = "local", .type = &poollocals_t, .offset = 0},
        {.name = "victim", .type = &poollocals_t, .offset = 24},
        {.name = "New", .offset = 48},
};
static Type pool_t = {.kind = K_STRUCT,
                      .size = 56,
                      .align = 8,
                      .ptrdata = 56,
                      .ptrmask = pool_mask,
                      .fields = pool_fields,
                      .nfields = 3,
                      .str = "sync.Pool"};
static Type poolptr_t = {.kind = K_POINTER,
                         .size = 8,
                         .align = 8,
                         .ptrdata = 8,
                         .ptrmask = mask_w0,
                         .elem = &pool_t};
static Type poolptrs_t = {.kind = K_SLICE,
                          .size = 24,
                          .align = 8,
                          .ptrdata = 8,
                          .ptrmask = mask_w0,
                          .elem = &poolptr_t};

static Slice all_pools, old_pools; /* the package variables allPools and oldPools */

static void *new_pool(void)
{
	Slot a[6] = {0};
	a[0] = (Slot)(uintptr_t)&all_pools;
	a[1] = (Slot)(uintptr_t)&old_pools;
	a[2] = (Slot)(uintptr_t)&poollocals_t; /* locals: a []poolLocal (a[3]: its data word) */
	a[4] = (Slot)(uintptr_t)&poolptrs_t;   /* pools: a []*Pool */
	native("sync.runtime_registerPoolCleanup")(NULL, a);
	return mallocgc(&pool_t, pool_t.size, true);
}

static void pool_put(void *pool, void *x)
{
	Slot a[3] = {(Slot)(uintptr_t)pool, (Slot)(uintptr_t)&ptr_t, (Slot)(uintptr_t)x};
	native("sync.(*Pool).Put")(NULL, a);
}

static void *pool_get(void *pool)
{
	Slot a[3] = {(Slot)(uintptr_t)pool, 0, 0};
	native("sync.(*Pool).get")(NULL, a);
	return (void *)(uintptr_t)a[2];
}

Test(wbarrier, pool_put_shades_what_it_stores)
{
	void *pool = new_pool();
	void *x1 = cell(), *x2 = cell(), *bystander = cell();
	start_marking();
	pool_put(pool, x1); /* the private slot */
	pool_put(pool, x2); /* the shared list */
	cr_assert(is_marked(x1));
	cr_assert(is_marked(x2));
	cr_assert(is_marked(pool), "stored into allPools, a global");
	cr_assert_not(is_marked(bystander));
}

Test(wbarrier, pool_get_shades_what_it_takes_out)
{
	void *pool = new_pool();
	void *x1 = cell(), *x2 = cell(), *bystander = cell();
	pool_put(pool, x1);
	pool_put(pool, x2);
	start_marking();
	cr_assert_eq(pool_get(pool), x1, "the private item first");
	cr_assert(is_marked(x1), "cleared from the private slot");
	cr_assert_not(is_marked(x2));
	cr_assert_eq(pool_get(pool), x2);
	cr_assert(is_marked(x2), "cleared from the shared list");
	cr_assert_not(is_marked(bystander));
}

/* ---------------------------------------------------------------- other natives */

Test(wbarrier, strings_split_shades_the_pieces)
{
	String s = heap_string("ab,cd"), bystander = heap_string("xy,z");
	start_marking();
	static const char comma[] = ",";
	Slot a[7] = {(Slot)(uintptr_t)s.ptr, (Slot)s.len, (Slot)(uintptr_t)comma, 1, 0, 0, 0};
	native("strings.Split")(NULL, a);
	cr_assert_eq(a[5], 2);
	const String *out = (const String *)(uintptr_t)a[4];
	cr_assert_eq(out[1].ptr, s.ptr + 3, "the pieces share the input's bytes");
	cr_assert(is_marked(s.ptr), "the input the pieces point into");
	cr_assert_not(is_marked(bystander.ptr));
}

Test(wbarrier, sort_strings_shades_the_elements)
{
	Slice sl = rt_slice_make(&str_t, 3, 3);
	String *e = sl.ptr;
	e[0] = heap_string("cc");
	e[1] = heap_string("aa");
	e[2] = heap_string("bb");
	String bystander = heap_string("zz");
	const uint8_t *p[3] = {e[0].ptr, e[1].ptr, e[2].ptr};
	start_marking();
	Slot a[3] = {(Slot)(uintptr_t)sl.ptr, 3, 3};
	native("sort.Strings")(NULL, a);
	cr_assert_eq(e[0].ptr, p[1]);
	for (int i = 0; i < 3; i++)
		cr_assert(is_marked(p[i]), "element %d", i);
	cr_assert_not(is_marked(bystander.ptr));
}

Test(wbarrier, time_timer_shades_its_channel_and_record)
{
	/* time.runtimeTimer {when, period int64; f uintptr; arg *int; seq uint64; idx uint32} */
	static uint8_t rt_mask[1] = {0x08};
	static Type rtimer_t = {
	        .kind = K_STRUCT, .size = 48, .align = 8, .ptrdata = 32, .ptrmask = rt_mask};
	ChanStatus st;
	Hchan *c = makechan(&int_t, 1, &st);
	Timer *t = mallocgc(&rtimer_t, rtimer_t.size, true);
	void *bystander = cell();
	start_marking();
	Slot a[4] = {(Slot)(uintptr_t)t, (Slot)(uintptr_t)c, 1000000000, 0};
	native("time.startTimer")(NULL, a);
	cr_assert_eq(t->arg, c);
	cr_assert(is_marked(c), "arg stored into the record");
	cr_assert(is_marked(t), "the record entered the timer heap");
	cr_assert_not(is_marked(bystander));
	Slot b[2] = {(Slot)(uintptr_t)t, 0};
	native("time.stopTimer")(NULL, b);
	cr_assert_eq(b[1], 1);
}
