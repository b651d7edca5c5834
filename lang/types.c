/*
 * types.c - the type universe: predeclared types and objects, scopes, hash-consed type
 * constructors, Go's memory layout and pointer masks, %T spellings, and the type relations of
 * the Go specification (identity, assignability, convertibility, selector lookup, method sets).
 * The checker (lang/check.c) drives all of it; the compiler and the runtime read the results.
 *
 * How it works:
 *   1. types_init builds the predeclared types and the universe scope once. Basic types carry
 *      their universe type-name object in Type.obj, because the spec counts them as named
 *      types (that matters for assignability); byte and rune are the same Type as uint8 and
 *      int32. 'error' is a named type without a package whose underlying type is
 *      interface { Error() string }; 'any' is the unnamed empty interface.
 *   2. Unnamed composite types are hash-consed: a constructor builds a probe describing the
 *      type from its (already canonical) components, looks it up in one open-addressing table
 *      keyed by that structure, and only allocates on a miss. Components are compared by
 *      pointer, names by their interned pointer, so identity is pointer equality.
 *      Pointer types are cached in elem->ptrto instead of the table.
 *   3. Named types are never hash-consed. types_named makes one without an underlying type;
 *      types_set_underlying gives it one later (a chain of named types collapses to the last
 *      underlying type) and copies the composite parts, so t->elem, t->fields ... work on a
 *      named type as on its underlying type.
 *   4. Layout is computed as soon as every component's layout is known, otherwise later by
 *      types_complete, which walks the type depth first and keeps a stack of types in
 *      progress: meeting one of them again means the type contains itself by value, which is
 *      invalid. Pointer-shaped types, strings, slices and interfaces have a fixed layout and
 *      are complete at birth, which is what lets 'type Node struct { next *Node }' work.
 *   5. The pointer mask of an aggregate is the OR of its components' masks shifted to their
 *      word offsets (arrays repeat the element's mask).
 *   6. Selector lookup is Go's breadth-first search through embedded fields (go/types
 *      lookupFieldOrMethod): at each depth every embedded type is searched; one match ends the
 *      search, two are ambiguous; the same type reached twice at one depth counts as two.
 *
 * Invariants:
 *   - Two unnamed types are identical exactly when they are the same pointer.
 *   - A Type with complete == true never changes its size, align, ptrdata or ptrmask again.
 *   - t->under == t for every type that is not a named (declared) type; for a named type it is
 *     an unnamed type (or a basic type), never another named type, once set.
 *   - Type.str is set at construction and never changes.
 *   - Scope.objs[0..nobjs) lists the scope's objects in insertion order; Scope.index, once a
 *     scope holds more than SCOPE_SMALL objects, is an open hash over the same objects.
 */
#include "types.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

/* ---------------------------------------------------------------- predeclared types */

Type *t_bool, *t_int, *t_int8, *t_int16, *t_int32, *t_int64;
Type *t_uint, *t_uint8, *t_uint16, *t_uint32, *t_uint64, *t_uintptr;
Type *t_float32, *t_float64, *t_string, *t_unsafeptr;
Type *t_untyped_bool, *t_untyped_int, *t_untyped_rune, *t_untyped_float, *t_untyped_string,
        *t_untyped_nil;
Type *t_error;
Type *t_any;
Type *t_invalid;

static Scope *universe;

/* Pointer masks shared by every type whose mask is one of these two shapes. */
static uint8_t mask_first_word[1] = {0x01};  /* pointer, map, chan, func, string, slice */
static uint8_t mask_second_word[1] = {0x02}; /* interface: the data word only */

static uint32_t named_counter; /* mixed into named types' hashes: same str, distinct types */

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fputs("fatal error: runtime: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

static uint32_t fnv32(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

static bool is_exported(const char *name)
{
	return name && name[0] >= 'A' && name[0] <= 'Z';
}

static bool same_name(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* A declared type (Go's *types.Named), as opposed to an unnamed or a basic type. */
static bool is_defined(const Type *t)
{
	return t->under != t;
}

/* "Named" in the sense of the spec's assignability rules: basic or declared. */
static bool has_name(const Type *t)
{
	return t->obj != NULL || is_defined(t) || (t->kind >= K_BOOL && t->kind <= K_UNSAFEPTR);
}

/* ---------------------------------------------------------------- string building */

typedef struct Buf {
	char *p;
	size_t n, cap;
} Buf;

static void buf_put(Buf *b, const char *s)
{
	size_t k = strlen(s);
	if (b->n + k + 1 > b->cap) {
		size_t ncap = b->cap ? b->cap : 64;
		while (b->n + k + 1 > ncap)
			ncap *= 2;
		char *np = xmalloc(ncap);
		if (b->p)
			memcpy(np, b->p, b->n);
		free(b->p);
		b->p = np;
		b->cap = ncap;
	}
	memcpy(b->p + b->n, s, k + 1);
	b->n += k;
}

static const char *buf_finish(Buf *b)
{
	const char *s = arena_strndup(b->p ? b->p : "", b->n);
	free(b->p);
	return s;
}

/* The parameter and result part of a signature: "(int, ...string) (bool, error)". */
static void put_signature(Buf *b, const Type *f)
{
	buf_put(b, "(");
	for (int i = 0; i < f->nparams; i++) {
		if (i)
			buf_put(b, ", ");
		if (f->variadic && i == f->nparams - 1 && f->params[i]->kind == K_SLICE &&
		    !is_defined(f->params[i])) {
			buf_put(b, "...");
			buf_put(b, f->params[i]->elem->str);
		} else {
			buf_put(b, f->params[i]->str);
		}
	}
	buf_put(b, ")");
	if (f->nresults == 1) {
		buf_put(b, " ");
		buf_put(b, f->results[0]->str);
	} else if (f->nresults > 1) {
		buf_put(b, " (");
		for (int i = 0; i < f->nresults; i++) {
			if (i)
				buf_put(b, ", ");
			buf_put(b, f->results[i]->str);
		}
		buf_put(b, ")");
	}
}

/* Go's %T spelling of an unnamed type, from its components' spellings. */
static const char *make_str(const Type *t)
{
	Buf b = {0};
	char num[32];
	switch (t->kind) {
	case K_POINTER:
		buf_put(&b, "*");
		buf_put(&b, t->elem->str);
		break;
	case K_SLICE:
		buf_put(&b, "[]");
		buf_put(&b, t->elem->str);
		break;
	case K_ARRAY:
		snprintf(num, sizeof num, "[%lld]", (long long)t->len);
		buf_put(&b, num);
		buf_put(&b, t->elem->str);
		break;
	case K_MAP:
		buf_put(&b, "map[");
		buf_put(&b, t->key->str);
		buf_put(&b, "]");
		buf_put(&b, t->elem->str);
		break;
	case K_CHAN:
		if (t->dir == CHAN_SEND) {
			buf_put(&b, "chan<- ");
			buf_put(&b, t->elem->str);
		} else if (t->dir == CHAN_RECV) {
			buf_put(&b, "<-chan ");
			buf_put(&b, t->elem->str);
		} else if (t->elem->kind == K_CHAN && !is_defined(t->elem) &&
		           t->elem->dir == CHAN_RECV) {
			/* "<-" binds to the leftmost chan, so chan (<-chan T) needs parentheses. */
			buf_put(&b, "chan (");
			buf_put(&b, t->elem->str);
			buf_put(&b, ")");
		} else {
			buf_put(&b, "chan ");
			buf_put(&b, t->elem->str);
		}
		break;
	case K_FUNC:
		buf_put(&b, "func");
		put_signature(&b, t);
		break;
	case K_TUPLE:
		buf_put(&b, "(");
		for (int i = 0; i < t->nresults; i++) {
			if (i)
				buf_put(&b, ", ");
			buf_put(&b, t->results[i]->str);
		}
		buf_put(&b, ")");
		break;
	case K_STRUCT:
		if (t->nfields == 0) {
			buf_put(&b, "struct {}");
			break;
		}
		buf_put(&b, "struct {");
		for (int i = 0; i < t->nfields; i++) {
			buf_put(&b, i ? "; " : " ");
			if (!t->fields[i].embedded) {
				buf_put(&b, t->fields[i].name);
				buf_put(&b, " ");
			}
			buf_put(&b, t->fields[i].type->str);
		}
		buf_put(&b, " }");
		break;
	case K_INTERFACE:
		if (t->nimethods == 0) {
			buf_put(&b, "interface {}");
			break;
		}
		buf_put(&b, "interface {");
		for (int i = 0; i < t->nimethods; i++) {
			const Method *m = &t->imethods[i];
			buf_put(&b, i ? "; " : " ");
			/* Go qualifies unexported method names with their package's name. */
			if (!is_exported(m->name) && m->pkg && m->pkg->name) {
				buf_put(&b, m->pkg->name);
				buf_put(&b, ".");
			}
			buf_put(&b, m->name);
			put_signature(&b, m->sig);
		}
		buf_put(&b, " }");
		break;
	default: buf_put(&b, "invalid type"); break;
	}
	return buf_finish(&b);
}

/* ---------------------------------------------------------------- layout */

/* Sets a fixed layout: used for basic and pointer-shaped types, complete at birth. */
static void set_layout(Type *t, uint32_t size, uint32_t align, uint32_t ptrdata, uint8_t *mask)
{
	t->size = size;
	t->align = align;
	t->ptrdata = ptrdata;
	t->ptrmask = ptrdata ? mask : NULL;
	t->complete = true;
}

/* ORs src's pointer mask into dst at word offset 'word'. */
static void or_mask(uint8_t *dst, uint64_t word, const Type *src)
{
	uint32_t nw = src->ptrdata / 8;
	for (uint32_t i = 0; i < nw; i++)
		if (src->ptrmask[i / 8] & (1u << (i % 8))) {
			uint64_t w = word + i;
			dst[w / 8] |= (uint8_t)(1u << (w % 8));
		}
}

/*
 * Lays out a sequence of members as struct fields: each at the next multiple of its alignment,
 * one byte of padding after a trailing zero-size member of a non-empty struct, size rounded
 * up to the alignment. Fills offsets (when not NULL) and the layout of t.
 */
static bool layout_members(Type *t, Type **members, int n, uint32_t *offsets)
{
	uint64_t off = 0, ptrdata = 0;
	uint32_t align = 1;
	for (int i = 0; i < n; i++) {
		Type *m = members[i];
		off = (off + m->align - 1) & ~(uint64_t)(m->align - 1);
		if (offsets)
			offsets[i] = (uint32_t)off;
		if (m->ptrdata)
			ptrdata = off + m->ptrdata;
		off += m->size;
		if (m->align > align)
			align = m->align;
		if (off > UINT32_MAX)
			return false;
	}
	if (n > 0 && off > 0 && members[n - 1]->size == 0)
		off++;
	off = (off + align - 1) & ~(uint64_t)(align - 1);
	if (off > UINT32_MAX)
		return false;
	uint8_t *mask = NULL;
	if (ptrdata) {
		mask = arena_alloc((size_t)(ptrdata / 8 + 7) / 8);
		uint64_t o = 0;
		for (int i = 0; i < n; i++) {
			Type *m = members[i];
			o = (o + m->align - 1) & ~(uint64_t)(m->align - 1);
			if (m->ptrdata)
				or_mask(mask, o / 8, m);
			o += m->size;
		}
	}
	t->size = (uint32_t)off;
	t->align = align;
	t->ptrdata = (uint32_t)ptrdata;
	t->ptrmask = mask;
	return true;
}

static bool layout_array(Type *t)
{
	Type *e = t->elem;
	uint64_t n = (uint64_t)t->len;
	if (e->size && n > UINT32_MAX / e->size)
		return false;
	t->size = (uint32_t)(n * e->size);
	t->align = e->align;
	t->ptrdata = 0;
	t->ptrmask = NULL;
	if (e->ptrdata && n > 0) {
		uint64_t ptrdata = (n - 1) * e->size + e->ptrdata;
		uint8_t *mask = arena_alloc((size_t)(ptrdata / 8 + 7) / 8);
		for (uint64_t i = 0; i < n; i++)
			or_mask(mask, i * e->size / 8, e);
		t->ptrdata = (uint32_t)ptrdata;
		t->ptrmask = mask;
	}
	return true;
}

/* Go's isdirectiface: values stored directly in an interface's data word. */
static bool direct_iface_of(const Type *t)
{
	switch (t->kind) {
	case K_POINTER:
	case K_MAP:
	case K_CHAN:
	case K_FUNC:
	case K_UNSAFEPTR: return true;
	case K_ARRAY: return t->len == 1 && t->elem->direct_iface;
	case K_STRUCT: return t->nfields == 1 && t->fields[0].type->direct_iface;
	default: return false;
	}
}

static Type **in_progress; /* types_complete's stack of types being completed */
static int nin_progress, cap_in_progress;

static bool complete_slow(Type *t)
{
	if (is_defined(t)) {
		Type *u = t->under;
		if (!u || !types_complete(u))
			return false;
		t->size = u->size;
		t->align = u->align;
		t->ptrdata = u->ptrdata;
		t->ptrmask = u->ptrmask;
		t->comparable = u->comparable;
		t->direct_iface = u->direct_iface;
		return true;
	}
	switch (t->kind) {
	case K_ARRAY:
		if (!types_complete(t->elem) || !layout_array(t))
			return false;
		t->comparable = t->elem->comparable;
		break;
	case K_STRUCT: {
		Type *small[16];
		Type **members =
		        t->nfields <= 16 ? small : xmalloc(sizeof(Type *) * (size_t)t->nfields);
		uint32_t osmall[16];
		uint32_t *offs =
		        t->nfields <= 16 ? osmall : xmalloc(sizeof(uint32_t) * (size_t)t->nfields);
		bool ok = true, cmp = true;
		for (int i = 0; i < t->nfields && ok; i++) {
			members[i] = t->fields[i].type;
			ok = types_complete(members[i]);
			cmp = cmp && members[i]->comparable;
		}
		ok = ok && layout_members(t, members, t->nfields, offs);
		if (ok)
			for (int i = 0; i < t->nfields; i++)
				t->fields[i].offset = offs[i];
		if (members != small)
			free(members);
		if (offs != osmall)
			free(offs);
		if (!ok)
			return false;
		t->comparable = cmp;
		break;
	}
	case K_TUPLE:
		for (int i = 0; i < t->nresults; i++)
			if (!types_complete(t->results[i]))
				return false;
		if (!layout_members(t, t->results, t->nresults, NULL))
			return false;
		t->comparable = false;
		break;
	default: return false; /* every other kind is complete from construction */
	}
	t->direct_iface = direct_iface_of(t);
	return true;
}

bool types_complete(Type *t)
{
	if (!t)
		return false;
	if (t->complete)
		return true;
	for (int i = 0; i < nin_progress; i++)
		if (in_progress[i] == t)
			return false; /* t contains itself by value */
	if (nin_progress >= cap_in_progress) {
		int ncap = cap_in_progress ? cap_in_progress * 2 : 32;
		Type **n = xmalloc(sizeof(Type *) * (size_t)ncap);
		if (in_progress)
			memcpy(n, in_progress, sizeof(Type *) * (size_t)nin_progress);
		free(in_progress);
		in_progress = n;
		cap_in_progress = ncap;
	}
	in_progress[nin_progress++] = t;
	bool ok = complete_slow(t);
	nin_progress--;
	if (ok)
		t->complete = true;
	return ok;
}

bool types_comparable(Type *t)
{
	if (!types_complete(t))
		return false;
	return t->comparable;
}

/* ---------------------------------------------------------------- the hash-consing table */

static Type **ctab; /* open addressing, linear probing; NULL = empty */
static size_t ccap, ccount;

static uint64_t mix(uint64_t h, uint64_t x)
{
	h ^= x + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h * 0xff51afd7ed558ccdull;
}

static uint64_t shape_hash(const Type *t)
{
	uint64_t h = mix(0, (uint64_t)t->kind);
	h = mix(h, (uintptr_t)t->elem);
	h = mix(h, (uintptr_t)t->key);
	h = mix(h, (uint64_t)t->len);
	h = mix(h, (uint64_t)t->dir);
	h = mix(h, (uint64_t)t->variadic);
	h = mix(h, (uint64_t)t->nparams);
	for (int i = 0; i < t->nparams; i++)
		h = mix(h, (uintptr_t)t->params[i]);
	h = mix(h, (uint64_t)t->nresults);
	for (int i = 0; i < t->nresults; i++)
		h = mix(h, (uintptr_t)t->results[i]);
	h = mix(h, (uint64_t)t->nfields);
	for (int i = 0; i < t->nfields; i++) {
		const StructField *f = &t->fields[i];
		h = mix(h, (uintptr_t)f->name);
		h = mix(h, (uintptr_t)f->type);
		h = mix(h, (uint64_t)f->embedded);
		h = mix(h, is_exported(f->name) ? 0 : (uintptr_t)f->pkg);
	}
	h = mix(h, (uint64_t)t->nimethods);
	for (int i = 0; i < t->nimethods; i++) {
		const Method *m = &t->imethods[i];
		h = mix(h, (uintptr_t)m->name);
		h = mix(h, (uintptr_t)m->sig);
		h = mix(h, is_exported(m->name) ? 0 : (uintptr_t)m->pkg);
	}
	return h;
}

static bool shape_equal(const Type *a, const Type *b)
{
	if (a->kind != b->kind || a->elem != b->elem || a->key != b->key || a->len != b->len ||
	    a->dir != b->dir || a->variadic != b->variadic || a->nparams != b->nparams ||
	    a->nresults != b->nresults || a->nfields != b->nfields || a->nimethods != b->nimethods)
		return false;
	for (int i = 0; i < a->nparams; i++)
		if (a->params[i] != b->params[i])
			return false;
	for (int i = 0; i < a->nresults; i++)
		if (a->results[i] != b->results[i])
			return false;
	for (int i = 0; i < a->nfields; i++) {
		const StructField *x = &a->fields[i], *y = &b->fields[i];
		if (x->name != y->name || x->type != y->type || x->embedded != y->embedded)
			return false;
		if (!is_exported(x->name) && x->pkg != y->pkg)
			return false;
	}
	for (int i = 0; i < a->nimethods; i++) {
		const Method *x = &a->imethods[i], *y = &b->imethods[i];
		if (x->name != y->name || x->sig != y->sig)
			return false;
		if (!is_exported(x->name) && x->pkg != y->pkg)
			return false;
	}
	return true;
}

static void ctab_grow(void)
{
	size_t ncap = ccap ? ccap * 2 : 1024;
	Type **nt = xmalloc(sizeof(Type *) * ncap);
	memset(nt, 0, sizeof(Type *) * ncap);
	for (size_t i = 0; i < ccap; i++) {
		if (!ctab[i])
			continue;
		size_t j = shape_hash(ctab[i]) & (ncap - 1);
		while (nt[j])
			j = (j + 1) & (ncap - 1);
		nt[j] = ctab[i];
	}
	free(ctab);
	ctab = nt;
	ccap = ncap;
}

/* The canonical type with probe's shape, or NULL; *slot receives where to insert it. */
static Type *ctab_find(const Type *probe, size_t *slot)
{
	if (2 * (ccount + 1) > ccap)
		ctab_grow();
	size_t j = shape_hash(probe) & (ccap - 1);
	while (ctab[j]) {
		if (shape_equal(ctab[j], probe))
			return ctab[j];
		j = (j + 1) & (ccap - 1);
	}
	*slot = j;
	return NULL;
}

/*
 * Finishes a new unnamed type (str, hash, flags, layout if possible) and enters it into the
 * table at 'slot'. The caller has already copied its component arrays into the arena.
 */
static Type *ctab_insert(Type *t, size_t slot)
{
	t->under = t;
	t->str = make_str(t);
	t->hash = fnv32(t->str);
	ctab[slot] = t;
	ccount++;
	types_complete(t); /* succeeds now unless a component is not yet complete */
	return t;
}

static Type *new_type(Kind k)
{
	Type *t = arena_alloc(sizeof *t);
	t->kind = k;
	t->align = 1;
	return t;
}

/* ---------------------------------------------------------------- constructors */

Type *types_pointer(Type *elem)
{
	if (elem->ptrto)
		return elem->ptrto;
	Type *t = new_type(K_POINTER);
	t->elem = elem;
	t->under = t;
	t->str = make_str(t);
	t->hash = fnv32(t->str);
	t->comparable = true;
	t->direct_iface = true;
	set_layout(t, 8, 8, 8, mask_first_word);
	elem->ptrto = t;
	return t;
}

Type *types_slice(Type *elem)
{
	Type probe = {.kind = K_SLICE, .elem = elem};
	size_t slot;
	Type *t = ctab_find(&probe, &slot);
	if (t)
		return t;
	t = new_type(K_SLICE);
	t->elem = elem;
	set_layout(t, 24, 8, 8, mask_first_word);
	return ctab_insert(t, slot);
}

Type *types_array(Type *elem, int64_t len)
{
	Type probe = {.kind = K_ARRAY, .elem = elem, .len = len};
	size_t slot;
	Type *t = ctab_find(&probe, &slot);
	if (t)
		return t;
	t = new_type(K_ARRAY);
	t->elem = elem;
	t->len = len;
	return ctab_insert(t, slot);
}

Type *types_map(Type *key, Type *value)
{
	Type probe = {.kind = K_MAP, .key = key, .elem = value};
	size_t slot;
	Type *t = ctab_find(&probe, &slot);
	if (t)
		return t;
	t = new_type(K_MAP);
	t->key = key;
	t->elem = value;
	t->direct_iface = true;
	set_layout(t, 8, 8, 8, mask_first_word);
	return ctab_insert(t, slot);
}

Type *types_chan(Type *elem, ChanDir dir)
{
	Type probe = {.kind = K_CHAN, .elem = elem, .dir = dir};
	size_t slot;
	Type *t = ctab_find(&probe, &slot);
	if (t)
		return t;
	t = new_type(K_CHAN);
	t->elem = elem;
	t->dir = dir;
	t->comparable = true;
	t->direct_iface = true;
	set_layout(t, 8, 8, 8, mask_first_word);
	return ctab_insert(t, slot);
}

static Type **copy_types(Type **ts, int n)
{
	if (n == 0)
		return NULL;
	Type **c = arena_alloc(sizeof(Type *) * (size_t)n);
	memcpy(c, ts, sizeof(Type *) * (size_t)n);
	return c;
}

Type *types_func(Type **params, int nparams, Type **results, int nresults, bool variadic)
{
	Type probe = {.kind = K_FUNC,
	              .params = params,
	              .nparams = nparams,
	              .results = results,
	              .nresults = nresults,
	              .variadic = variadic && nparams > 0};
	size_t slot;
	Type *t = ctab_find(&probe, &slot);
	if (t)
		return t;
	t = new_type(K_FUNC);
	t->params = copy_types(params, nparams);
	t->nparams = nparams;
	t->results = copy_types(results, nresults);
	t->nresults = nresults;
	t->variadic = probe.variadic;
	t->direct_iface = true;
	set_layout(t, 8, 8, 8, mask_first_word);
	return ctab_insert(t, slot);
}

Type *types_tuple(Type **types, int n)
{
	Type probe = {.kind = K_TUPLE, .results = types, .nresults = n};
	size_t slot;
	Type *t = ctab_find(&probe, &slot);
	if (t)
		return t;
	t = new_type(K_TUPLE);
	t->results = copy_types(types, n);
	t->nresults = n;
	return ctab_insert(t, slot);
}

/* The implicit name of an embedded field: its type's name without package or '*'. */
static const char *embedded_name(const Type *t)
{
	if (t->kind == K_POINTER && !is_defined(t))
		t = t->elem;
	return t->name ? t->name : t->str;
}

Type *types_struct(StructField *fields, int nfields)
{
	/* Normalise into a temporary copy (interned names, recomputed export flags) so the
	 * probe compares like the stored types do; only a miss copies it into the arena. */
	StructField small[16];
	StructField *fs = nfields <= 16 ? small : xmalloc(sizeof(StructField) * (size_t)nfields);
	for (int i = 0; i < nfields; i++) {
		fs[i] = fields[i];
		fs[i].name = intern_cstr(fields[i].name ? fields[i].name
		                                        : embedded_name(fields[i].type));
		fs[i].exported = is_exported(fs[i].name);
		fs[i].offset = 0;
	}
	Type probe = {.kind = K_STRUCT, .fields = fs, .nfields = nfields};
	size_t slot;
	Type *t = ctab_find(&probe, &slot);
	if (!t) {
		t = new_type(K_STRUCT);
		if (nfields) {
			t->fields = arena_alloc(sizeof(StructField) * (size_t)nfields);
			memcpy(t->fields, fs, sizeof(StructField) * (size_t)nfields);
		}
		t->nfields = nfields;
		t = ctab_insert(t, slot);
	}
	if (fs != small)
		free(fs);
	return t;
}

static int method_cmp(const void *a, const void *b)
{
	const Method *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	const char *px = x->pkg && x->pkg->path ? x->pkg->path : "";
	const char *py = y->pkg && y->pkg->path ? y->pkg->path : "";
	return strcmp(px, py);
}

Type *types_interface(Method *methods, int nmethods)
{
	Method small[16];
	Method *ms = nmethods <= 16 ? small : xmalloc(sizeof(Method) * (size_t)nmethods);
	int n = 0;
	for (int i = 0; i < nmethods; i++) {
		ms[n] = methods[i];
		ms[n].name = intern_cstr(methods[i].name);
		if (is_exported(ms[n].name))
			ms[n].pkg = NULL; /* exported names do not depend on their package */
		ms[n].ptr_recv = false;
		ms[n].obj = NULL;
		ms[n].code = NULL;
		n++;
	}
	if (n > 1)
		qsort(ms, (size_t)n, sizeof(Method), method_cmp);
	/* Embedding may bring the same method twice (Go allows identical overlaps). */
	int k = 0;
	for (int i = 0; i < n; i++) {
		if (k > 0 && ms[k - 1].name == ms[i].name && ms[k - 1].pkg == ms[i].pkg &&
		    ms[k - 1].sig == ms[i].sig)
			continue;
		ms[k++] = ms[i];
	}
	n = k;
	Type probe = {.kind = K_INTERFACE, .imethods = ms, .nimethods = n};
	size_t slot;
	Type *t = ctab_find(&probe, &slot);
	if (!t) {
		t = new_type(K_INTERFACE);
		if (n) {
			t->imethods = arena_alloc(sizeof(Method) * (size_t)n);
			memcpy(t->imethods, ms, sizeof(Method) * (size_t)n);
		}
		t->nimethods = n;
		t->comparable = true;
		set_layout(t, 16, 8, 16, mask_second_word);
		t = ctab_insert(t, slot);
	}
	if (ms != small)
		free(ms);
	return t;
}

Type *types_named(const char *name, Package *pkg, Object *obj)
{
	Type *t = new_type(K_INVALID);
	t->name = intern_cstr(name);
	t->pkg = pkg;
	if (!obj) {
		Pos nopos = {0, 0};
		obj = object_new(OBJ_TYPE, t->name, nopos, t);
		obj->pkg = pkg;
	}
	t->obj = obj;
	t->under = NULL;
	t->str = pkg && pkg->name ? arena_printf("%s.%s", pkg->name, t->name) : t->name;
	t->hash = fnv32(t->str) ^ (++named_counter * 0x9e3779b1u);
	return t;
}

void types_set_underlying(Type *named, Type *under)
{
	if (under && is_defined(under))
		under = under->under;
	if (!under)
		under = t_invalid; /* a cycle of names without a type (type A B; type B A) */
	named->under = under;
	named->kind = under->kind;
	named->elem = under->elem;
	named->key = under->key;
	named->len = under->len;
	named->dir = under->dir;
	named->fields = under->fields;
	named->nfields = under->nfields;
	named->params = under->params;
	named->nparams = under->nparams;
	named->results = under->results;
	named->nresults = under->nresults;
	named->variadic = under->variadic;
	named->imethods = under->imethods;
	named->nimethods = under->nimethods;
	types_complete(named);
}

bool types_add_method(Type *named, Method m)
{
	m.name = intern_cstr(m.name);
	int lo = 0, hi = named->nmethods;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		int c = strcmp(named->methods[mid].name, m.name);
		if (c == 0)
			return false;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	Method *ms = arena_alloc(sizeof(Method) * (size_t)(named->nmethods + 1));
	if (lo > 0)
		memcpy(ms, named->methods, sizeof(Method) * (size_t)lo);
	ms[lo] = m;
	if (named->nmethods > lo)
		memcpy(ms + lo + 1, named->methods + lo,
		       sizeof(Method) * (size_t)(named->nmethods - lo));
	named->methods = ms;
	named->nmethods++;
	return true;
}

Method *types_find_method(Type *named, const char *name, Package *from)
{
	int lo = 0, hi = named->nmethods;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		int c = strcmp(named->methods[mid].name, name);
		if (c == 0) {
			Method *m = &named->methods[mid];
			if (is_exported(name) || !m->pkg || !from || m->pkg == from)
				return m;
			return NULL;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ---------------------------------------------------------------- objects and scopes */

Object *object_new(ObjKind kind, const char *name, Pos pos, Type *type)
{
	Object *o = arena_alloc(sizeof *o);
	o->kind = kind;
	o->name = name ? intern_cstr(name) : NULL;
	o->pos = pos;
	o->type = type;
	o->exported = is_exported(o->name);
	return o;
}

#define SCOPE_SMALL 8 /* up to this many objects a scope is searched linearly */

Scope *scope_new(Scope *parent)
{
	Scope *s = arena_alloc(sizeof *s);
	s->parent = parent;
	s->func = parent ? parent->func : NULL;
	return s;
}

static void index_put(Object **index, int cap, Object *o)
{
	size_t j = fnv32(o->name) & (size_t)(cap - 1);
	while (index[j])
		j = (j + 1) & (size_t)(cap - 1);
	index[j] = o;
}

static void index_rebuild(Scope *s)
{
	int ncap = s->index_cap ? s->index_cap * 2 : 32;
	while (ncap < 2 * s->nobjs)
		ncap *= 2;
	Object **idx = arena_alloc(sizeof(Object *) * (size_t)ncap);
	for (int i = 0; i < s->nobjs; i++)
		index_put(idx, ncap, s->objs[i]);
	s->index = idx;
	s->index_cap = ncap;
}

Object *scope_lookup_local(Scope *s, const char *name)
{
	if (!s || !name)
		return NULL;
	if (s->index) {
		size_t j = fnv32(name) & (size_t)(s->index_cap - 1);
		for (Object *o; (o = s->index[j]) != NULL; j = (j + 1) & (size_t)(s->index_cap - 1))
			if (same_name(o->name, name))
				return o;
		return NULL;
	}
	for (int i = 0; i < s->nobjs; i++)
		if (same_name(s->objs[i]->name, name))
			return s->objs[i];
	return NULL;
}

Object *scope_lookup(Scope *s, const char *name)
{
	for (; s; s = s->parent) {
		Object *o = scope_lookup_local(s, name);
		if (o)
			return o;
		if (s == universe)
			return NULL;
	}
	return scope_lookup_local(universe, name);
}

Object *scope_insert(Scope *s, Object *o)
{
	if (!o->name || strcmp(o->name, "_") == 0)
		return NULL; /* the blank identifier declares nothing */
	Object *old = scope_lookup_local(s, o->name);
	if (old)
		return old;
	VEC_PUSH(s->objs, s->nobjs, s->cap, o);
	if (!o->parent)
		o->parent = s;
	if (s->index && 2 * s->nobjs <= s->index_cap)
		index_put(s->index, s->index_cap, o);
	else if (s->nobjs > SCOPE_SMALL)
		index_rebuild(s);
	return NULL;
}

Scope *types_universe(void)
{
	return universe;
}

/* ---------------------------------------------------------------- types_init */

static Type *basic(Kind k, const char *name, uint32_t size)
{
	Type *t = new_type(k);
	t->under = t;
	t->str = intern_cstr(name);
	t->hash = fnv32(t->str);
	t->comparable = true;
	t->direct_iface = k == K_UNSAFEPTR;
	if (k == K_STRING)
		set_layout(t, 16, 8, 8, mask_first_word);
	else if (k == K_UNSAFEPTR)
		set_layout(t, 8, 8, 8, mask_first_word);
	else
		set_layout(t, size, size ? size : 1, 0, NULL);
	return t;
}

static void declare_type(const char *name, Type *t, bool canonical)
{
	Pos nopos = {0, 0};
	Object *o = object_new(OBJ_TYPE, name, nopos, t);
	if (canonical)
		t->obj = o;
	scope_insert(universe, o);
}

void types_init(void)
{
	if (universe)
		return;
	universe = scope_new(NULL);
	Pos nopos = {0, 0};

	t_invalid = basic(K_INVALID, "invalid type", 0);
	t_bool = basic(K_BOOL, "bool", 1);
	t_int = basic(K_INT, "int", 8);
	t_int8 = basic(K_INT8, "int8", 1);
	t_int16 = basic(K_INT16, "int16", 2);
	t_int32 = basic(K_INT32, "int32", 4);
	t_int64 = basic(K_INT64, "int64", 8);
	t_uint = basic(K_UINT, "uint", 8);
	t_uint8 = basic(K_UINT8, "uint8", 1);
	t_uint16 = basic(K_UINT16, "uint16", 2);
	t_uint32 = basic(K_UINT32, "uint32", 4);
	t_uint64 = basic(K_UINT64, "uint64", 8);
	t_uintptr = basic(K_UINTPTR, "uintptr", 8);
	t_float32 = basic(K_FLOAT32, "float32", 4);
	t_float64 = basic(K_FLOAT64, "float64", 8);
	t_string = basic(K_STRING, "string", 16);
	t_unsafeptr = basic(K_UNSAFEPTR, "unsafe.Pointer", 8);
	t_untyped_bool = basic(K_UNTYPED_BOOL, "untyped bool", 0);
	t_untyped_int = basic(K_UNTYPED_INT, "untyped int", 0);
	t_untyped_rune = basic(K_UNTYPED_RUNE, "untyped rune", 0);
	t_untyped_float = basic(K_UNTYPED_FLOAT, "untyped float", 0);
	t_untyped_string = basic(K_UNTYPED_STRING, "untyped string", 0);
	t_untyped_nil = basic(K_UNTYPED_NIL, "untyped nil", 0);

	declare_type("bool", t_bool, true);
	declare_type("int", t_int, true);
	declare_type("int8", t_int8, true);
	declare_type("int16", t_int16, true);
	declare_type("int32", t_int32, true);
	declare_type("int64", t_int64, true);
	declare_type("uint", t_uint, true);
	declare_type("uint8", t_uint8, true);
	declare_type("uint16", t_uint16, true);
	declare_type("uint32", t_uint32, true);
	declare_type("uint64", t_uint64, true);
	declare_type("uintptr", t_uintptr, true);
	declare_type("float32", t_float32, true);
	declare_type("float64", t_float64, true);
	declare_type("string", t_string, true);
	declare_type("byte", t_uint8, false);
	declare_type("rune", t_int32, false);

	t_any = types_interface(NULL, 0);
	declare_type("any", t_any, false);

	Object *eobj = object_new(OBJ_TYPE, "error", nopos, NULL);
	t_error = types_named("error", NULL, eobj);
	eobj->type = t_error;
	Type *str1[1] = {t_string};
	Method em = {.name = "Error", .sig = types_func(NULL, 0, str1, 1, false)};
	types_set_underlying(t_error, types_interface(&em, 1));
	scope_insert(universe, eobj);

	static const char *const consts[] = {"true", "false"};
	for (int i = 0; i < 2; i++) {
		Object *o = object_new(OBJ_CONST, consts[i], nopos, t_untyped_bool);
		o->val = arena_alloc(sizeof(ConstVal));
		o->val->kind = CV_BOOL;
		o->val->b = i == 0;
		scope_insert(universe, o);
	}
	Object *iota = object_new(OBJ_CONST, "iota", nopos, t_untyped_int);
	iota->val = arena_alloc(sizeof(ConstVal));
	iota->val->kind = CV_INT;
	scope_insert(universe, iota);
	scope_insert(universe, object_new(OBJ_NIL, "nil", nopos, t_untyped_nil));

	static const struct {
		const char *name;
		Builtin id;
	} builtins[] = {
	        {"append", BI_APPEND}, {"cap", BI_CAP},         {"clear", BI_CLEAR},
	        {"close", BI_CLOSE},   {"copy", BI_COPY},       {"delete", BI_DELETE},
	        {"len", BI_LEN},       {"make", BI_MAKE},       {"max", BI_MAX},
	        {"min", BI_MIN},       {"new", BI_NEW},         {"panic", BI_PANIC},
	        {"print", BI_PRINT},   {"println", BI_PRINTLN}, {"recover", BI_RECOVER},
	};
	for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++) {
		Object *o = object_new(OBJ_BUILTIN, builtins[i].name, nopos, t_invalid);
		o->builtin = builtins[i].id;
		scope_insert(universe, o);
	}
}

/* ---------------------------------------------------------------- predicates */

bool types_is_integer(const Type *t)
{
	return (t->kind >= K_INT && t->kind <= K_UINTPTR) || t->kind == K_UNTYPED_INT ||
	       t->kind == K_UNTYPED_RUNE;
}

bool types_is_unsigned(const Type *t)
{
	return t->kind >= K_UINT && t->kind <= K_UINTPTR;
}

bool types_is_float(const Type *t)
{
	return t->kind == K_FLOAT32 || t->kind == K_FLOAT64 || t->kind == K_UNTYPED_FLOAT;
}

bool types_is_numeric(const Type *t)
{
	return types_is_integer(t) || types_is_float(t);
}

bool types_is_string(const Type *t)
{
	return t->kind == K_STRING || t->kind == K_UNTYPED_STRING;
}

bool types_is_boolean(const Type *t)
{
	return t->kind == K_BOOL || t->kind == K_UNTYPED_BOOL;
}

bool types_is_untyped(const Type *t)
{
	return t->kind >= K_UNTYPED_BOOL && t->kind <= K_UNTYPED_NIL;
}

bool types_is_interface(const Type *t)
{
	return t->kind == K_INTERFACE;
}

bool types_is_empty_interface(const Type *t)
{
	return t->kind == K_INTERFACE && t->nimethods == 0;
}

bool types_has_pointers(const Type *t)
{
	return t->ptrdata != 0;
}

Type *types_default(Type *t)
{
	switch (t->kind) {
	case K_UNTYPED_BOOL: return t_bool;
	case K_UNTYPED_INT: return t_int;
	case K_UNTYPED_RUNE: return t_int32;
	case K_UNTYPED_FLOAT: return t_float64;
	case K_UNTYPED_STRING: return t_string;
	default: return t;
	}
}

const char *types_string(Type *t)
{
	return t ? t->str : "<nil>";
}

/* ---------------------------------------------------------------- selector lookup */

/* One type to search at the current depth of types_lookup. */
typedef struct Embedded {
	Type *typ; /* the type searched (an embedded pointer already followed) */
	SelStep path[MAX_SELPATH];
	int npath;
	bool isptr;     /* the value reached is a pointer to typ */
	bool indirect;  /* a pointer was followed to get here */
	bool multiples; /* typ was reached more than once at this depth */
} Embedded;

typedef struct EmbVec {
	Embedded *v;
	int n, cap;
} EmbVec;

static void emb_push(EmbVec *ev, const Embedded *e)
{
	if (ev->n >= ev->cap) {
		int ncap = ev->cap ? ev->cap * 2 : 8;
		Embedded *nv = xmalloc(sizeof(Embedded) * (size_t)ncap);
		if (ev->v)
			memcpy(nv, ev->v, sizeof(Embedded) * (size_t)ev->n);
		free(ev->v);
		ev->v = nv;
		ev->cap = ncap;
	}
	ev->v[ev->n++] = *e;
}

static bool name_visible(const char *declared, Package *pkg, const char *name, Package *from)
{
	if (!same_name(declared, name))
		return false;
	return is_exported(name) || !pkg || !from || pkg == from;
}

static int find_imethod(const Type *iface, const char *name, Package *from)
{
	for (int i = 0; i < iface->nimethods; i++)
		if (name_visible(iface->imethods[i].name, iface->imethods[i].pkg, name, from))
			return i;
	return -1;
}

static void set_path(Lookup *r, const Embedded *e)
{
	memcpy(r->path, e->path, sizeof(SelStep) * (size_t)e->npath);
	r->npath = e->npath;
}

/* go/types lookupFieldOrMethodImpl over an unnamed pointer or any non-pointer type. */
static Lookup lookup_impl(Type *t, const char *name, Package *from)
{
	Lookup r;
	memset(&r, 0, sizeof r);
	r.kind = LOOKUP_NONE;
	r.imethod_index = -1;

	Embedded start;
	memset(&start, 0, sizeof start);
	start.typ = t;
	if (t->kind == K_POINTER && !is_defined(t)) {
		start.typ = t->elem;
		start.isptr = start.indirect = true;
		if (types_under(start.typ)->kind == K_INTERFACE)
			return r; /* a pointer to an interface has no methods */
	}
	EmbVec cur = {0}, next = {0};
	Type **seen = NULL;
	int nseen = 0, capseen = 0;
	emb_push(&cur, &start);

	while (cur.n > 0 && r.kind == LOOKUP_NONE) {
		next.n = 0;
		for (int k = 0; k < cur.n; k++) {
			Embedded *e = &cur.v[k];
			Type *typ = e->typ;
			if (is_defined(typ)) {
				bool was_seen = false;
				for (int i = 0; i < nseen; i++)
					was_seen = was_seen || seen[i] == typ;
				if (was_seen)
					continue;
				if (nseen >= capseen) {
					capseen = capseen ? capseen * 2 : 8;
					Type **ns = xmalloc(sizeof(Type *) * (size_t)capseen);
					if (seen)
						memcpy(ns, seen, sizeof(Type *) * (size_t)nseen);
					free(seen);
					seen = ns;
				}
				seen[nseen++] = typ;
				Method *m = types_find_method(typ, name, from);
				if (m) {
					if (r.kind != LOOKUP_NONE || e->multiples)
						goto ambiguous;
					r.kind = LOOKUP_METHOD;
					r.method = m;
					r.recv_named = typ;
					r.indirect = e->indirect;
					r.reached = e->isptr ? types_pointer(typ) : typ;
					set_path(&r, e);
					continue; /* a type cannot have a field and a method of one name */
				}
			}
			Type *u = types_under(typ);
			if (u->kind == K_STRUCT) {
				for (int i = 0; i < u->nfields; i++) {
					StructField *f = &u->fields[i];
					if (name_visible(f->name, f->pkg, name, from)) {
						if (r.kind != LOOKUP_NONE || e->multiples)
							goto ambiguous;
						r.kind = LOOKUP_FIELD;
						r.field = f;
						r.field_owner = u;
						r.indirect = e->indirect;
						r.reached = f->type;
						set_path(&r, e);
						r.path[r.npath].index = i;
						r.path[r.npath].deref = e->isptr;
						r.npath++;
						continue;
					}
					if (r.kind == LOOKUP_NONE && f->embedded &&
					    e->npath + 1 < MAX_SELPATH) {
						Embedded ne = *e;
						ne.path[ne.npath].index = i;
						ne.path[ne.npath].deref = e->isptr;
						ne.npath++;
						ne.typ = f->type;
						ne.isptr = false;
						if (f->type->kind == K_POINTER &&
						    !is_defined(f->type)) {
							ne.typ = f->type->elem;
							ne.isptr = true;
							ne.indirect = true;
						}
						emb_push(&next, &ne);
					}
				}
			} else if (u->kind == K_INTERFACE) {
				int idx = find_imethod(u, name, from);
				if (idx >= 0) {
					if (r.kind != LOOKUP_NONE || e->multiples)
						goto ambiguous;
					r.kind = LOOKUP_METHOD;
					r.method = &u->imethods[idx];
					r.imethod_index = idx;
					r.recv_named = NULL;
					r.indirect = e->indirect;
					r.reached = e->isptr ? types_pointer(typ) : typ;
					set_path(&r, e);
				}
			}
		}
		if (r.kind != LOOKUP_NONE)
			break;
		/* Consolidate: the same type reached twice at one depth is ambiguous below. */
		cur.n = 0;
		for (int k = 0; k < next.n; k++) {
			int j;
			for (j = 0; j < cur.n; j++)
				if (cur.v[j].typ == next.v[k].typ)
					break;
			if (j < cur.n)
				cur.v[j].multiples = true;
			else
				emb_push(&cur, &next.v[k]);
		}
	}
	free(cur.v);
	free(next.v);
	free(seen);
	return r;

ambiguous:
	free(cur.v);
	free(next.v);
	free(seen);
	memset(&r, 0, sizeof r);
	r.kind = LOOKUP_AMBIGUOUS;
	r.imethod_index = -1;
	return r;
}

Lookup types_lookup(Type *t, const char *name, Package *from)
{
	Lookup r;
	memset(&r, 0, sizeof r);
	r.kind = LOOKUP_NONE;
	r.imethod_index = -1;
	if (!t || !name || strcmp(name, "_") == 0 || t->kind == K_INVALID)
		return r;
	if (is_defined(t) && t->under && t->under->kind == K_POINTER) {
		/* A defined pointer type has no methods, but x.f means (*x).f for its fields. */
		r = lookup_impl(t->under, name, from);
		if (r.kind == LOOKUP_METHOD) {
			memset(&r, 0, sizeof r);
			r.kind = LOOKUP_NONE;
			r.imethod_index = -1;
		}
		return r;
	}
	return lookup_impl(t, name, from);
}

/* ---------------------------------------------------------------- relations */

bool types_implements(Type *t, Type *inter, const char **missing, bool *ptr_only)
{
	const char *miss_dummy;
	bool ptr_dummy;
	if (!missing)
		missing = &miss_dummy;
	if (!ptr_only)
		ptr_only = &ptr_dummy;
	*missing = NULL;
	*ptr_only = false;
	if (t->kind == K_INVALID || inter->kind == K_INVALID)
		return true;
	Type *iu = types_under(inter);
	if (iu->kind != K_INTERFACE)
		return false;
	Type *tu = types_under(t);
	for (int i = 0; i < iu->nimethods; i++) {
		Method *m = &iu->imethods[i];
		if (tu->kind == K_INTERFACE) {
			int j = find_imethod(tu, m->name, m->pkg);
			if (j < 0 || tu->imethods[j].sig != m->sig) {
				*missing = m->name;
				return false;
			}
			continue;
		}
		Lookup l = types_lookup(t, m->name, m->pkg);
		if (l.kind != LOOKUP_METHOD || l.method->sig != m->sig) {
			*missing = m->name;
			return false;
		}
		if (l.imethod_index < 0 && l.method->ptr_recv && !l.indirect) {
			*missing = m->name;
			*ptr_only = true;
			return false;
		}
	}
	return true;
}

bool types_identical(Type *a, Type *b)
{
	return a == b;
}

bool types_assignable(Type *v, Type *t)
{
	if (!v || !t)
		return false;
	if (v == t || v->kind == K_INVALID || t->kind == K_INVALID)
		return true;
	Type *vu = types_under(v), *tu = types_under(t);
	if (types_is_untyped(v)) {
		if (types_is_untyped(t))
			return false;
		if (v->kind == K_UNTYPED_NIL) {
			switch (tu->kind) {
			case K_POINTER:
			case K_FUNC:
			case K_SLICE:
			case K_MAP:
			case K_CHAN:
			case K_INTERFACE:
			case K_UNSAFEPTR: return true;
			default: return false;
			}
		}
		if (tu->kind == K_INTERFACE)
			return types_implements(types_default(v), t, NULL, NULL);
		switch (v->kind) {
		case K_UNTYPED_BOOL: return tu->kind == K_BOOL;
		case K_UNTYPED_INT:
		case K_UNTYPED_RUNE:
		case K_UNTYPED_FLOAT: return !types_is_untyped(tu) && types_is_numeric(tu);
		case K_UNTYPED_STRING: return tu->kind == K_STRING;
		default: return false;
		}
	}
	if (vu == tu && (!has_name(v) || !has_name(t)) && vu->kind != K_TUPLE)
		return true;
	if (vu->kind == K_CHAN && tu->kind == K_CHAN && vu->dir == CHAN_BOTH &&
	    vu->elem == tu->elem && (!has_name(v) || !has_name(t)))
		return true;
	if (tu->kind == K_INTERFACE && vu->kind != K_TUPLE)
		return types_implements(v, t, NULL, NULL);
	return false;
}

/* A slice whose element's underlying type is byte or rune. */
static bool is_bytes_or_runes(const Type *u)
{
	if (u->kind != K_SLICE)
		return false;
	Kind k = types_under(u->elem)->kind;
	return k == K_UINT8 || k == K_INT32;
}

bool types_convertible(Type *v, Type *t)
{
	if (types_assignable(v, t))
		return true;
	if (!v || !t || types_is_untyped(t) || v->kind == K_UNTYPED_NIL)
		return false;
	Type *vu = types_under(v), *tu = types_under(t);
	if (vu->kind == K_TUPLE || tu->kind == K_TUPLE)
		return false;
	if (vu == tu)
		return true;
	if (v->kind == K_POINTER && t->kind == K_POINTER && !is_defined(v) && !is_defined(t) &&
	    types_under(v->elem) == types_under(t->elem))
		return true;
	if (types_is_numeric(vu) && types_is_numeric(tu))
		return true;
	if (tu->kind == K_STRING && (types_is_integer(vu) || is_bytes_or_runes(vu)))
		return true;
	if (types_is_string(vu) && is_bytes_or_runes(tu))
		return true;
	return false;
}
