/*
 * atomic.c - natives of package sync/atomic (lang/std/sync_atomic.go): atomic loads, stores,
 * swaps, compare-and-swaps and adds on 32- and 64-bit integers, and atomic.Value.
 *
 * Every operation is a C11 atomic with sequentially consistent ordering, as Go's are. Today one
 * P runs script code and natives are never interrupted, so a plain load would do; the atomics
 * keep these functions correct when several threads run script code.
 *
 * The typed wrappers' methods ((*Int32).Add and so on) receive a pointer to the struct, whose
 * value word is at offset 0 (the noCopy and align64 markers take no space), so they share the
 * package functions' code. A nil pointer panics with Go's nil dereference error.
 *
 * atomic.Value follows Go's value.go: the interface's type word is the state. NULL means never
 * stored; the address of 'first_store_in_progress' marks a first Store under way (its data
 * word is not yet valid); anything else is the value's dynamic type, fixed from then on, so a
 * later Store replaces only the data word. A Load therefore never sees a type with the wrong
 * data word.
 *
 * The data word is a heap pointer stored into memory that may be a GC object or a global, so
 * every store, swap and compare-and-swap of it runs the write barrier (gc/gc.h) first, as Go's
 * atomic pointer operations do (atomicwb): the word it holds and the one being stored are
 * shaded, whether or not a compare-and-swap then succeeds. The type word only ever holds a
 * Type (never in the GC heap) or the in-progress marker, so it needs none.
 *
 * Invariants:
 *   - A Value's type word goes NULL -> marker -> T once and never changes after that.
 *   - Results are written in the frame's canonical form: int32 sign-extended, uint32
 *     zero-extended, bool 0 or 1.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#include "../../gc/gc.h"
#include "../../runtime/map.h"
#include "std_int.h"

static bool nil_check(G *g, const void *p)
{
	if (p)
		return true;
	rt_panic_runtime(g, "invalid memory address or nil pointer dereference");
	return false;
}

/*
 * One set of natives per integer type: Swap, CompareAndSwap, Add, Load and Store, with the
 * frame's canonical conversion of each result (CT is the C type).
 */
#define ATOMIC_OPS(NAME, CT)                                                               \
	static void n_swap_##NAME(G *g, Slot *a)                                           \
	{                                                                                  \
		_Atomic CT *p = (_Atomic CT *)(uintptr_t)a[0];                             \
		if (nil_check(g, p))                                                       \
			a[2] = (Slot)atomic_exchange(p, (CT)a[1]);                         \
	}                                                                                  \
	static void n_cas_##NAME(G *g, Slot *a)                                            \
	{                                                                                  \
		_Atomic CT *p = (_Atomic CT *)(uintptr_t)a[0];                             \
		CT old = (CT)a[1];                                                         \
		if (nil_check(g, p))                                                       \
			a[3] = atomic_compare_exchange_strong(p, &old, (CT)a[2]);          \
	}                                                                                  \
	static void n_add_##NAME(G *g, Slot *a)                                            \
	{                                                                                  \
		_Atomic CT *p = (_Atomic CT *)(uintptr_t)a[0];                             \
		if (nil_check(g, p))                                                       \
			a[2] = (Slot)(CT)((uint64_t)atomic_fetch_add(p, (CT)a[1]) + a[1]); \
	}                                                                                  \
	static void n_load_##NAME(G *g, Slot *a)                                           \
	{                                                                                  \
		_Atomic CT *p = (_Atomic CT *)(uintptr_t)a[0];                             \
		if (nil_check(g, p))                                                       \
			a[1] = (Slot)atomic_load(p);                                       \
	}                                                                                  \
	static void n_store_##NAME(G *g, Slot *a)                                          \
	{                                                                                  \
		_Atomic CT *p = (_Atomic CT *)(uintptr_t)a[0];                             \
		if (nil_check(g, p))                                                       \
			atomic_store(p, (CT)a[1]);                                         \
	}

/* The casts to Slot sign-extend int32 and zero-extend uint32, the frame's canonical forms; Add
 * computes the sum in uint64_t, so it wraps instead of overflowing a signed type. */
ATOMIC_OPS(int32, int32_t)
ATOMIC_OPS(int64, int64_t)
ATOMIC_OPS(uint32, uint32_t)
ATOMIC_OPS(uint64, uint64_t)

/* atomic.Bool keeps a uint32 (0 or 1), as Go's. */
static void n_bool_load(G *g, Slot *a)
{
	_Atomic uint32_t *p = (_Atomic uint32_t *)(uintptr_t)a[0];
	if (nil_check(g, p))
		a[1] = atomic_load(p) != 0;
}

static void n_bool_store(G *g, Slot *a)
{
	_Atomic uint32_t *p = (_Atomic uint32_t *)(uintptr_t)a[0];
	if (nil_check(g, p))
		atomic_store(p, a[1] != 0);
}

static void n_bool_swap(G *g, Slot *a)
{
	_Atomic uint32_t *p = (_Atomic uint32_t *)(uintptr_t)a[0];
	if (nil_check(g, p))
		a[2] = atomic_exchange(p, a[1] != 0) != 0;
}

static void n_bool_cas(G *g, Slot *a)
{
	_Atomic uint32_t *p = (_Atomic uint32_t *)(uintptr_t)a[0];
	uint32_t old = a[1] != 0;
	if (nil_check(g, p))
		a[3] = atomic_compare_exchange_strong(p, &old, (uint32_t)(a[2] != 0));
}

/* ---------------------------------------------------------------- atomic.Value */

/* The address that marks a first Store in progress (Go's firstStoreInProgress). */
static char first_store_in_progress;
#define IN_PROGRESS ((void *)&first_store_in_progress)

typedef struct ValueWords {
	_Atomic(void *) typ; /* NULL, IN_PROGRESS or the dynamic Type * */
	_Atomic(void *) data;
} ValueWords;

/* The write barrier for an atomic operation about to store 'val' into v's data word (Go's
 * atomicwb): shades the word's current value and val. */
static inline void data_wb(ValueWords *v, void *val)
{
	if (gc_wb_enabled)
		gc_wb_slow((void *)&v->data, val);
}

/* func (v *Value) Load() (val any) */
static void n_value_load(G *g, Slot *a)
{
	ValueWords *v = (ValueWords *)(uintptr_t)a[0];
	if (!nil_check(g, v))
		return;
	void *typ = atomic_load(&v->typ);
	if (!typ || typ == IN_PROGRESS) {
		a[1] = a[2] = 0;
		return;
	}
	a[1] = (Slot)(uintptr_t)typ;
	a[2] = (Slot)(uintptr_t)atomic_load(&v->data);
}

/*
 * The shared part of Store and Swap: stores (typ, data) into v, returning the old value in
 * *old. 'op' names the operation in the panics ("store", "swap"). False after a panic.
 */
static bool value_put(G *g, ValueWords *v, void *typ, void *data, const char *op, Iface *old)
{
	char msg[96];
	old->tab = old->data = NULL;
	if (!typ) {
		snprintf(msg, sizeof msg, "sync/atomic: %s of nil value into Value", op);
		rt_panic_string(g, msg);
		return false;
	}
	for (;;) {
		void *cur = atomic_load(&v->typ);
		if (!cur) {
			/* The first store: claim the Value, then publish data before the type. */
			if (!atomic_compare_exchange_strong(&v->typ, &cur, IN_PROGRESS))
				continue;
			data_wb(v, data);
			atomic_store(&v->data, data);
			atomic_store(&v->typ, typ);
			return true;
		}
		if (cur == IN_PROGRESS)
			continue; /* another thread's first store is finishing */
		if (cur != typ) {
			snprintf(msg, sizeof msg,
			         "sync/atomic: %s of inconsistently typed value into Value", op);
			rt_panic_string(g, msg);
			return false;
		}
		old->tab = cur;
		data_wb(v, data);
		old->data = atomic_exchange(&v->data, data);
		return true;
	}
}

/* func (v *Value) Store(val any) */
static void n_value_store(G *g, Slot *a)
{
	ValueWords *v = (ValueWords *)(uintptr_t)a[0];
	Iface old;
	if (nil_check(g, v))
		value_put(g, v, (void *)(uintptr_t)a[1], (void *)(uintptr_t)a[2], "store", &old);
}

/* func (v *Value) Swap(new any) (old any) */
static void n_value_swap(G *g, Slot *a)
{
	ValueWords *v = (ValueWords *)(uintptr_t)a[0];
	Iface old;
	if (!nil_check(g, v) ||
	    !value_put(g, v, (void *)(uintptr_t)a[1], (void *)(uintptr_t)a[2], "swap", &old))
		return;
	a[3] = (Slot)(uintptr_t)old.tab;
	a[4] = (Slot)(uintptr_t)old.data;
}

/*
 * func (v *Value) CompareAndSwap(old, new any) (swapped bool), as Go's: the current value is
 * compared with old by ==, so values of comparable non-pointer types compare by content (and
 * uncomparable ones panic); the swap itself is a compare-and-swap of the data word.
 */
static void n_value_cas(G *g, Slot *a)
{
	ValueWords *v = (ValueWords *)(uintptr_t)a[0];
	Iface old = {(void *)(uintptr_t)a[1], (void *)(uintptr_t)a[2]};
	Iface nw = {(void *)(uintptr_t)a[3], (void *)(uintptr_t)a[4]};
	a[5] = 0;
	if (!nil_check(g, v))
		return;
	if (!nw.tab) {
		rt_panic_string(g, "sync/atomic: compare and swap of nil value into Value");
		return;
	}
	if (old.tab && old.tab != nw.tab) {
		rt_panic_string(g, "sync/atomic: compare and swap of inconsistently typed values");
		return;
	}
	for (;;) {
		void *cur = atomic_load(&v->typ);
		if (!cur) {
			if (old.tab)
				return;
			if (!atomic_compare_exchange_strong(&v->typ, &cur, IN_PROGRESS))
				continue;
			data_wb(v, nw.data);
			atomic_store(&v->data, nw.data);
			atomic_store(&v->typ, nw.tab);
			a[5] = 1;
			return;
		}
		if (cur == IN_PROGRESS)
			continue;
		if (cur != nw.tab) {
			rt_panic_string(g, "sync/atomic: compare and swap of inconsistently typed "
			                   "value into Value");
			return;
		}
		void *data = atomic_load(&v->data);
		Iface now = {cur, data};
		Type *bad = NULL;
		bool eq = rt_equal(t_any, &now, &old, &bad);
		if (bad) {
			rt_panic_runtime(g, "comparing uncomparable type %s", types_string(bad));
			return;
		}
		if (!eq)
			return;
		data_wb(v, nw.data);
		a[5] = atomic_compare_exchange_strong(&v->data, &data, nw.data);
		return;
	}
}

const NativeEntry std_atomic_natives[] = {
        {"atomic.SwapInt32", n_swap_int32},
        {"atomic.SwapInt64", n_swap_int64},
        {"atomic.SwapUint32", n_swap_uint32},
        {"atomic.SwapUint64", n_swap_uint64},
        {"atomic.SwapUintptr", n_swap_uint64},
        {"atomic.CompareAndSwapInt32", n_cas_int32},
        {"atomic.CompareAndSwapInt64", n_cas_int64},
        {"atomic.CompareAndSwapUint32", n_cas_uint32},
        {"atomic.CompareAndSwapUint64", n_cas_uint64},
        {"atomic.CompareAndSwapUintptr", n_cas_uint64},
        {"atomic.AddInt32", n_add_int32},
        {"atomic.AddUint32", n_add_uint32},
        {"atomic.AddInt64", n_add_int64},
        {"atomic.AddUint64", n_add_uint64},
        {"atomic.AddUintptr", n_add_uint64},
        {"atomic.LoadInt32", n_load_int32},
        {"atomic.LoadInt64", n_load_int64},
        {"atomic.LoadUint32", n_load_uint32},
        {"atomic.LoadUint64", n_load_uint64},
        {"atomic.LoadUintptr", n_load_uint64},
        {"atomic.StoreInt32", n_store_int32},
        {"atomic.StoreInt64", n_store_int64},
        {"atomic.StoreUint32", n_store_uint32},
        {"atomic.StoreUint64", n_store_uint64},
        {"atomic.StoreUintptr", n_store_uint64},
        {"atomic.(*Bool).Load", n_bool_load},
        {"atomic.(*Bool).Store", n_bool_store},
        {"atomic.(*Bool).Swap", n_bool_swap},
        {"atomic.(*Bool).CompareAndSwap", n_bool_cas},
        {"atomic.(*Int32).Load", n_load_int32},
        {"atomic.(*Int32).Store", n_store_int32},
        {"atomic.(*Int32).Swap", n_swap_int32},
        {"atomic.(*Int32).CompareAndSwap", n_cas_int32},
        {"atomic.(*Int32).Add", n_add_int32},
        {"atomic.(*Int64).Load", n_load_int64},
        {"atomic.(*Int64).Store", n_store_int64},
        {"atomic.(*Int64).Swap", n_swap_int64},
        {"atomic.(*Int64).CompareAndSwap", n_cas_int64},
        {"atomic.(*Int64).Add", n_add_int64},
        {"atomic.(*Uint32).Load", n_load_uint32},
        {"atomic.(*Uint32).Store", n_store_uint32},
        {"atomic.(*Uint32).Swap", n_swap_uint32},
        {"atomic.(*Uint32).CompareAndSwap", n_cas_uint32},
        {"atomic.(*Uint32).Add", n_add_uint32},
        {"atomic.(*Uint64).Load", n_load_uint64},
        {"atomic.(*Uint64).Store", n_store_uint64},
        {"atomic.(*Uint64).Swap", n_swap_uint64},
        {"atomic.(*Uint64).CompareAndSwap", n_cas_uint64},
        {"atomic.(*Uint64).Add", n_add_uint64},
        {"atomic.(*Uintptr).Load", n_load_uint64},
        {"atomic.(*Uintptr).Store", n_store_uint64},
        {"atomic.(*Uintptr).Swap", n_swap_uint64},
        {"atomic.(*Uintptr).CompareAndSwap", n_cas_uint64},
        {"atomic.(*Uintptr).Add", n_add_uint64},
        {"atomic.(*Value).Load", n_value_load},
        {"atomic.(*Value).Store", n_value_store},
        {"atomic.(*Value).Swap", n_value_swap},
        {"atomic.(*Value).CompareAndSwap", n_value_cas},
        {NULL, NULL},
};
