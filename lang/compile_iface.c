/*
 * compile_iface.c - itabs: the method tables that make interface calls one indirect call.
 *
 * An Itab pairs an interface type with a concrete type and lists, in the interface's method
 * order, the code to run for each method (compile_expr.c's iface_method_code, which adds a
 * wrapper when the receiver must be rebuilt from the interface's data word). Itabs are made on
 * first use - at compile time for static conversions, at run time for type assertions to an
 * interface type - and cached in a hash table keyed by the pair, so each pair has one Itab.
 *
 * Invariants:
 *   - itab_get returns the same pointer for the same (inter, type) pair.
 *   - An Itab exists only for pairs where the concrete type implements the interface.
 */
#include <stdlib.h>
#include <string.h>

#include "compile_int.h"

typedef struct ItabEntry {
	Type *inter, *type;
	Itab *tab; /* NULL: known not to implement */
	struct ItabEntry *next;
} ItabEntry;

#define ITAB_BUCKETS 1024
static ItabEntry *itab_table[ITAB_BUCKETS];

static unsigned itab_hash(Type *inter, Type *t)
{
	uintptr_t h = (uintptr_t)inter * 31u + (uintptr_t)t;
	h ^= h >> 17;
	return (unsigned)(h % ITAB_BUCKETS);
}

Itab *itab_get(Type *inter, Type *t, bool must)
{
	unsigned h = itab_hash(inter, t);
	for (ItabEntry *e = itab_table[h]; e; e = e->next)
		if (e->inter == inter && e->type == t)
			return e->tab;
	Type *iu = types_under(inter);
	Itab *tab = arena_alloc(sizeof(Itab) + sizeof(void *) * (size_t)(iu->nimethods + 1));
	tab->type = t;
	tab->inter = inter;
	bool ok = true;
	for (int i = 0; i < iu->nimethods; i++) {
		Lookup lk = types_lookup(t, iu->imethods[i].name, iu->imethods[i].pkg);
		if (lk.kind != LOOKUP_METHOD || !lk.method ||
		    (!lk.method->obj && lk.imethod_index < 0) ||
		    !types_identical(lk.method->sig, iu->imethods[i].sig)) {
			ok = false;
			break;
		}
		/* a pointer method is not in the method set of a value type */
		if (lk.method->ptr_recv && types_under(t)->kind != K_POINTER && !lk.indirect) {
			ok = false;
			break;
		}
		tab->fun[i] = iface_method_code(t, &lk);
	}
	ItabEntry *e = arena_alloc(sizeof *e);
	e->inter = inter;
	e->type = t;
	e->tab = ok ? tab : NULL;
	e->next = itab_table[h];
	itab_table[h] = e;
	if (!ok && must)
		fail((Pos){0, 0}, "missing method in itab");
	return e->tab;
}

void *box_tab(Type *from, Type *to)
{
	if (types_is_empty_interface(to))
		return from;
	return itab_get(to, from, true);
}

/*
 * The type of a closure object: one word for the Proto (not a heap pointer), then the
 * captured words with the given classes. Cached by shape, so equal shapes share a Type.
 */
Type *closure_type(const uint8_t *cls, int n)
{
	static Type *cache[64];
	bool allptr = true;
	for (int i = 0; i < n; i++)
		if (cls[i] != CLS_PTR)
			allptr = false;
	if (allptr && n < 64 && cache[n])
		return cache[n];
	Type *t = arena_alloc(sizeof *t);
	t->kind = K_STRUCT;
	t->size = (uint32_t)(8 + 8 * n);
	t->align = 8;
	t->str = "closure";
	t->under = t;
	t->complete = true;
	int last = -1;
	t->ptrmask = arena_alloc((size_t)(n + 1 + 7) / 8 + 1);
	for (int i = 0; i < n; i++)
		if (cls[i] == CLS_PTR) {
			t->ptrmask[(i + 1) / 8] |= (uint8_t)(1u << ((i + 1) % 8));
			last = i + 1;
		}
	t->ptrdata = (uint32_t)(8 * (last + 1));
	if (last < 0) {
		t->ptrdata = 0;
		t->ptrmask = NULL;
	}
	if (allptr && n < 64)
		cache[n] = t;
	return t;
}
