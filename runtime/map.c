/*
 * map.c - Go's map: an insertion-ordered hash table whose keys and values are stored inline in
 * their Go layout, in memory the collector can scan precisely.
 *
 * Go's runtime/map.go keeps entries in buckets of eight; minirt keeps them in two arrays
 * instead, which makes iteration with deletes simple and lookups cache-friendly:
 *
 *   index    a power-of-two array of 64-bit slots (pointer-free memory), open addressing with
 *            linear probing. An empty slot is 0; a used slot holds (tag << 32) | (i + 1), where
 *            i is an entry number and tag the low 32 bits of the key's hash. The home slot of a
 *            key is tag & mask, so the index can be rebuilt or resized from the tags alone, and a
 *            probe rejects most non-matching slots without touching the entry.
 *   entries  a dense array of entries in insertion order, each {meta; key; value}: meta is 0
 *            for a free or deleted entry and (1 << 32) | tag for a live one; key and value sit at
 *            their alignment, exactly as Go lays them out. Element 0 of the allocation is a
 *            header whose meta word holds the array's capacity, so an iterator left holding a
 *            retired array still knows its length.
 *
 * Algorithm:
 *   1. Lookup: hash the key (special-cased for strings and 1/2/4/8-byte plain keys; rt_hash for
 *      everything else), probe from tag & mask until an empty slot; a slot whose tag matches
 *      has its entry's key compared.
 *   2. Insert: append a new entry at 'nentries' and point the empty slot the probe ended on at
 *      it. When the entries array is full it is either doubled (entries keep their numbers,
 *      the index doubles too and is rebuilt from the old slots' tags) or, when at least half
 *      of it is deleted entries, compacted into a fresh array of the same size (entries are
 *      renumbered and 'gen' advances).
 *   3. Delete: zero the entry (so the collector retains nothing through it) and remove its slot
 *      with backward-shift deletion, which keeps every probe chain unbroken without index
 *      tombstones. Trailing deleted entries are trimmed from 'nentries'.
 *   4. Iterate: walk the entries array by number. Doubling preserves numbers, so an iterator
 *      simply continues in the new array. After a compaction (its 'gen' no longer matches) the
 *      iterator finishes walking the array it last saw, which nothing writes to any more, and
 *      looks each key up in the live map: deleted keys are skipped and current values are
 *      produced, as Go does for buckets that moved during growth.
 *
 * Memory: the Map header, the entries array and the index come from mallocgc. The entries
 * array is allocated as an array of a synthesized struct Type (one entry: meta word, key,
 * value) whose pointer mask is built from the key's and value's masks; the index is noscan.
 * The per-map-type data (MapRT: offsets, entry Type, hashing strategy) is made once per map
 * type and kept in a side table, outside the collected heap, like the Types themselves.
 *
 * Invariants:
 *   - count == number of live entries == number of used index slots.
 *   - Entries [0, nentries) are live or deleted; entries [nentries, cap) are all zero.
 *   - The index has 2 * cap slots (load factor at most 1/2) and at most 2^32 of them, so the
 *     home slot (tag & mask) is recoverable from a slot's tag.
 *   - Every key reachable from the index is in a live entry; a deleted entry is all zero.
 *   - Arrays retired by growth or compaction were full when retired and are never written again.
 *
 * Write barriers (gc/gc.h). Every store this file makes into the Map header or an entries
 * array goes through the barrier first: the 'entries' and 'index' words (gc_write_ptr), keys
 * copied into an entry (the key Type's mask), entries copied by growth and compaction and
 * entries cleared by delete and clear (the entry Type's mask, entry by entry). The value a
 * caller stores through map_assign's result is the caller's store and needs its own barrier.
 */
#include "map.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../gc/gc.h"
#include "../gc/malloc.h"
#include "../lang/native.h"

/* ---------------------------------------------------------------- hashing primitives */

/* Odd 64-bit constants for the multiply-fold mixer; any well-mixed odd values work. */
#define HK0 0xc693654a5c6aa439ull
#define HK1 0x150c99ba824f68c3ull
#define HK2 0xa4b8e1578109b4ddull
#define HK3 0x0502660d92fb5e3full
#define HK4 0x94e8d9599cde73bfull

/* The 128-bit product of a and b, folded to 64 bits: every input bit reaches every output bit. */
static inline uint64_t mix(uint64_t a, uint64_t b)
{
	__uint128_t r = (__uint128_t)a * b;
	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

static inline uint64_t rd8(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static inline uint64_t rd4(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

/* Hash of n bytes at p: 16 bytes per multiply, short inputs read with overlapping loads. */
static inline uint64_t memhash(const void *src, uint64_t n, uint64_t seed)
{
	const uint8_t *p = src;
	uint64_t a, b, h = seed ^ HK0;
	if (n <= 16) {
		if (n >= 8) {
			a = rd8(p);
			b = rd8(p + n - 8);
		} else if (n >= 4) {
			a = rd4(p);
			b = rd4(p + n - 4);
		} else if (n > 0) {
			a = ((uint64_t)p[0] << 16) | ((uint64_t)p[n >> 1] << 8) | p[n - 1];
			b = 0;
		} else {
			a = b = 0;
		}
	} else {
		uint64_t i = n;
		while (i > 16) {
			h = mix(rd8(p) ^ HK1, rd8(p + 8) ^ h);
			p += 16;
			i -= 16;
		}
		a = rd8(p + i - 16);
		b = rd8(p + i - 8);
	}
	__uint128_t r = (__uint128_t)(a ^ HK2) * (b ^ h);
	return mix((uint64_t)r ^ HK3 ^ n, (uint64_t)(r >> 64) ^ HK1);
}

static inline uint64_t hash64(uint64_t v, uint64_t seed)
{
	return mix(v ^ seed ^ HK2, HK4);
}

/* NaN keys hash randomly, as Go's f64hash does: each m[NaN] = v creates a new entry. */
static uint64_t nanhash(void)
{
	static uint64_t state = HK3;
	state += HK0;
	return mix(state, HK1);
}

static uint64_t f64hash(double f, uint64_t seed)
{
	if (f == 0)
		return hash64(0, seed); /* +0 and -0 */
	if (f != f)
		return nanhash() ^ seed;
	uint64_t bits;
	memcpy(&bits, &f, 8);
	return hash64(bits, seed);
}

/* ---------------------------------------------------------------- hash and equality by type */

static inline bool is_empty_iface(Type *t)
{
	return types_under(t)->nimethods == 0;
}

/* Where the value of dynamic type dt held in interface *v lives. */
static inline const void *iface_data(Type *dt, const Iface *v)
{
	return dt->direct_iface ? (const void *)&v->data : v->data;
}

uint64_t rt_hash(Type *t, const void *p, uint64_t seed, Type **bad)
{
	Type *u = types_under(t);
	switch (t->kind) {
	case K_BOOL:
	case K_INT8:
	case K_UINT8: return hash64(*(const uint8_t *)p, seed);
	case K_INT16:
	case K_UINT16: return hash64(*(const uint16_t *)p, seed);
	case K_INT32:
	case K_UINT32: return hash64(*(const uint32_t *)p, seed);
	case K_INT:
	case K_INT64:
	case K_UINT:
	case K_UINT64:
	case K_UINTPTR:
	case K_POINTER:
	case K_CHAN:
	case K_UNSAFEPTR: return hash64(*(const uint64_t *)p, seed);
	case K_FLOAT32: return f64hash(*(const float *)p, seed);
	case K_FLOAT64: return f64hash(*(const double *)p, seed);
	case K_STRING: {
		const String *s = p;
		return memhash(s->ptr, (uint64_t)s->len, seed);
	}
	case K_INTERFACE: {
		const Iface *v = p;
		Type *dt = iface_type(*v, is_empty_iface(t));
		if (!dt)
			return hash64(0, seed ^ HK4);
		if (!dt->comparable) {
			*bad = dt;
			return 0;
		}
		return rt_hash(dt, iface_data(dt, v), seed ^ hash64((uintptr_t)dt, HK0), bad);
	}
	case K_ARRAY: {
		uint64_t h = seed;
		for (int64_t i = 0; i < u->len; i++) {
			h = rt_hash(u->elem, (const uint8_t *)p + i * u->elem->size, h, bad);
			if (*bad)
				return 0;
		}
		return hash64((uint64_t)u->len, h);
	}
	case K_STRUCT: {
		uint64_t h = seed;
		for (int i = 0; i < u->nfields; i++) {
			StructField *f = &u->fields[i];
			if (f->name && f->name[0] == '_' && f->name[1] == 0)
				continue;
			h = rt_hash(f->type, (const uint8_t *)p + f->offset, h, bad);
			if (*bad)
				return 0;
		}
		return hash64(0, h);
	}
	default:
		/* Slices, maps and funcs are not comparable and cannot be hashed. */
		*bad = t;
		return 0;
	}
}

bool rt_equal(Type *t, const void *a, const void *b, Type **bad)
{
	Type *u = types_under(t);
	switch (t->kind) {
	case K_BOOL:
	case K_INT8:
	case K_UINT8: return *(const uint8_t *)a == *(const uint8_t *)b;
	case K_INT16:
	case K_UINT16: return *(const uint16_t *)a == *(const uint16_t *)b;
	case K_INT32:
	case K_UINT32: return *(const uint32_t *)a == *(const uint32_t *)b;
	case K_INT:
	case K_INT64:
	case K_UINT:
	case K_UINT64:
	case K_UINTPTR:
	case K_POINTER:
	case K_CHAN:
	case K_UNSAFEPTR: return *(const uint64_t *)a == *(const uint64_t *)b;
	case K_FLOAT32: return *(const float *)a == *(const float *)b;
	case K_FLOAT64: return *(const double *)a == *(const double *)b;
	case K_STRING: {
		const String *x = a, *y = b;
		return x->len == y->len &&
		       (x->ptr == y->ptr || memcmp(x->ptr, y->ptr, (size_t)x->len) == 0);
	}
	case K_INTERFACE: {
		const Iface *x = a, *y = b;
		bool empty = is_empty_iface(t);
		Type *xt = iface_type(*x, empty), *yt = iface_type(*y, empty);
		if (xt != yt)
			return false;
		if (!xt)
			return true;
		if (!xt->comparable) {
			*bad = xt;
			return false;
		}
		return rt_equal(xt, iface_data(xt, x), iface_data(xt, y), bad);
	}
	case K_ARRAY:
		for (int64_t i = 0; i < u->len; i++) {
			uint64_t off = (uint64_t)i * u->elem->size;
			if (!rt_equal(u->elem, (const uint8_t *)a + off, (const uint8_t *)b + off,
			              bad))
				return false;
		}
		return true;
	case K_STRUCT:
		for (int i = 0; i < u->nfields; i++) {
			StructField *f = &u->fields[i];
			if (f->name && f->name[0] == '_' && f->name[1] == 0)
				continue;
			if (!rt_equal(f->type, (const uint8_t *)a + f->offset,
			              (const uint8_t *)b + f->offset, bad))
				return false;
		}
		return true;
	default: *bad = t; return false;
	}
}

/* ---------------------------------------------------------------- per-map-type data */

/* How keys of a map type are hashed and compared. */
typedef enum HashKind {
	HASH_STRING, /* K_STRING */
	HASH_MEM8,   /* 8 bytes compared as memory (int, uint64, pointers, ...) */
	HASH_MEM4,   /* 4 bytes compared as memory */
	HASH_MEM,    /* ksize bytes compared as memory (no padding, floats, strings, interfaces) */
	HASH_GENERIC /* rt_hash / rt_equal */
} HashKind;

/* Read-only after creation; shared by every map of one map type. */
typedef struct MapRT {
	Type *maptype; /* the unnamed K_MAP type */
	Type *key, *elem;
	uint32_t ksize; /* key size in bytes */
	uint32_t voff;  /* value offset within an entry (the key is at KEYOFF) */
	uint32_t esize; /* entry size, a multiple of 8 */
	HashKind hk;
	bool key_update; /* overwrite the stored key on assignment (+0/-0, strings) as Go does */
	bool may_panic; /* the key type contains an interface: hashing may find an unhashable value */
	Type entry;     /* the synthesized Type of one entry, for mallocgc */
} MapRT;

#define KEYOFF    8u
#define META_LIVE (1ull << 32)

struct Map {
	uint64_t *index;  /* 2 * cap slots (noscan heap object), NULL until the first insert */
	uint8_t *entries; /* header entry + cap entries (heap object of rt->entry), or NULL */
	MapRT *rt;        /* per-type data (not in the heap) */
	Type *type;       /* the map type as passed to map_make (may be named) */
	int64_t count;    /* live entries: len(m) */
	int64_t nentries; /* entries used, live or deleted */
	int64_t cap;      /* entries the array holds */
	uint64_t mask;    /* index slots - 1 */
	uint64_t seed;    /* per-map hash seed */
	uint32_t gen;     /* compactions so far; iterators compare it */
};

/* The header: only 'index' and 'entries' point into the heap. */
static uint8_t map_hdr_mask[1] = {0x03};
static Type map_hdr_type = {
        .kind = K_STRUCT,
        .size = sizeof(Map),
        .align = 8,
        .ptrdata = 16,
        .ptrmask = map_hdr_mask,
        .str = "runtime.hmap",
        .complete = true,
};

static bool plain_memory(Type *t)
{
	Type *u = types_under(t);
	switch (t->kind) {
	case K_BOOL:
	case K_INT:
	case K_INT8:
	case K_INT16:
	case K_INT32:
	case K_INT64:
	case K_UINT:
	case K_UINT8:
	case K_UINT16:
	case K_UINT32:
	case K_UINT64:
	case K_UINTPTR:
	case K_POINTER:
	case K_CHAN:
	case K_UNSAFEPTR: return true;
	case K_ARRAY: return plain_memory(u->elem);
	case K_STRUCT: {
		uint32_t next = 0;
		for (int i = 0; i < u->nfields; i++) {
			StructField *f = &u->fields[i];
			if (f->offset != next || (f->name && strcmp(f->name, "_") == 0) ||
			    !plain_memory(f->type))
				return false;
			next = f->offset + f->type->size;
		}
		return next == t->size;
	}
	default: return false;
	}
}

/* True when some part of t has kind k1 or k2 or k3. */
static bool contains_kind(Type *t, Kind k1, Kind k2, Kind k3)
{
	Type *u = types_under(t);
	if (t->kind == k1 || t->kind == k2 || t->kind == k3)
		return true;
	if (t->kind == K_ARRAY)
		return contains_kind(u->elem, k1, k2, k3);
	if (t->kind == K_STRUCT)
		for (int i = 0; i < u->nfields; i++)
			if (contains_kind(u->fields[i].type, k1, k2, k3))
				return true;
	return false;
}

static uint32_t round_up(uint32_t n, uint32_t a)
{
	return (n + a - 1) & ~(a - 1);
}

/* Copies src's pointer bits into mask starting at word 'word'. */
static void copy_mask(uint8_t *mask, uint32_t word, const Type *src)
{
	for (uint32_t i = 0; i < src->ptrdata / 8; i++)
		if (src->ptrmask[i / 8] & (1u << (i % 8)))
			mask[(word + i) / 8] |= (uint8_t)(1u << ((word + i) % 8));
}

static MapRT *maprt_new(Type *mt)
{
	Type *key = mt->key, *elem = mt->elem;
	MapRT *rt = calloc(1, sizeof *rt);
	if (!rt)
		abort();
	rt->maptype = mt;
	rt->key = key;
	rt->elem = elem;
	rt->ksize = key->size;
	rt->voff = round_up(KEYOFF + key->size, elem->align ? elem->align : 1);
	rt->esize = round_up(rt->voff + elem->size, 8);
	if (key->kind == K_STRING)
		rt->hk = HASH_STRING;
	else if (plain_memory(key))
		rt->hk = key->size == 8 ? HASH_MEM8 : key->size == 4 ? HASH_MEM4 : HASH_MEM;
	else
		rt->hk = HASH_GENERIC;
	rt->key_update = contains_kind(key, K_FLOAT32, K_FLOAT64, K_STRING) ||
	                 contains_kind(key, K_INTERFACE, K_INTERFACE, K_INTERFACE);
	rt->may_panic = contains_kind(key, K_INTERFACE, K_INTERFACE, K_INTERFACE);

	Type *e = &rt->entry;
	e->kind = K_STRUCT;
	e->size = rt->esize;
	e->align = 8;
	e->complete = true;
	e->under = e;
	uint32_t words = rt->esize / 8;
	uint8_t *mask = calloc((words + 7) / 8 + 1, 1);
	if (!mask)
		abort();
	if (key->ptrdata)
		copy_mask(mask, KEYOFF / 8, key);
	if (elem->ptrdata)
		copy_mask(mask, rt->voff / 8, elem);
	if (elem->ptrdata)
		e->ptrdata = rt->voff + elem->ptrdata;
	else if (key->ptrdata)
		e->ptrdata = KEYOFF + key->ptrdata;
	e->ptrmask = e->ptrdata ? mask : NULL;
	if (!e->ptrdata)
		free(mask);
	const char *ks = key->str ? key->str : "?", *vs = elem->str ? elem->str : "?";
	size_t n = strlen(ks) + strlen(vs) + 16;
	char *s = malloc(n);
	if (!s)
		abort();
	snprintf(s, n, "map.entry[%s]%s", ks, vs);
	e->str = s;
	return rt;
}

/*
 * The side table from map type to MapRT: open addressing on the Type pointer, guarded by a
 * mutex (map_make is the only caller and is not hot enough for anything cleverer).
 */
static pthread_mutex_t maprt_lock = PTHREAD_MUTEX_INITIALIZER;
static MapRT **maprt_tab;
static size_t maprt_cap, maprt_n;

static MapRT *maprt_get(Type *mt)
{
	pthread_mutex_lock(&maprt_lock);
	if (maprt_n * 2 >= maprt_cap) {
		size_t ncap = maprt_cap ? maprt_cap * 2 : 64;
		MapRT **nt = calloc(ncap, sizeof *nt);
		if (!nt)
			abort();
		for (size_t i = 0; i < maprt_cap; i++) {
			if (!maprt_tab[i])
				continue;
			size_t j = hash64((uintptr_t)maprt_tab[i]->maptype, 0) & (ncap - 1);
			while (nt[j])
				j = (j + 1) & (ncap - 1);
			nt[j] = maprt_tab[i];
		}
		free(maprt_tab);
		maprt_tab = nt;
		maprt_cap = ncap;
	}
	size_t j = hash64((uintptr_t)mt, 0) & (maprt_cap - 1);
	while (maprt_tab[j] && maprt_tab[j]->maptype != mt)
		j = (j + 1) & (maprt_cap - 1);
	if (!maprt_tab[j]) {
		maprt_tab[j] = maprt_new(mt);
		maprt_n++;
	}
	MapRT *rt = maprt_tab[j];
	pthread_mutex_unlock(&maprt_lock);
	return rt;
}

Type *map_entrytype(Type *maptype)
{
	return &maprt_get(types_under(maptype))->entry;
}

/* ---------------------------------------------------------------- the table */

static inline uint8_t *entry_at(const Map *m, const uint8_t *entries, int64_t i)
{
	return (uint8_t *)entries + (uint64_t)(i + 1) * m->rt->esize;
}

static inline uint64_t meta_of(const uint8_t *e)
{
	return *(const uint64_t *)e;
}

static inline uint64_t key_hash(const MapRT *rt, const void *key, uint64_t seed, Type **bad)
{
	switch (rt->hk) {
	case HASH_STRING: {
		const String *s = key;
		return memhash(s->ptr, (uint64_t)s->len, seed);
	}
	case HASH_MEM8: return hash64(rd8(key), seed);
	case HASH_MEM4: return hash64(rd4(key), seed);
	case HASH_MEM: return memhash(key, rt->ksize, seed);
	default: return rt_hash(rt->key, key, seed, bad);
	}
}

static inline bool key_equal(const MapRT *rt, const void *a, const void *b)
{
	Type *bad = NULL;
	switch (rt->hk) {
	case HASH_STRING: {
		const String *x = a, *y = b;
		return x->len == y->len &&
		       (x->ptr == y->ptr || memcmp(x->ptr, y->ptr, (size_t)x->len) == 0);
	}
	case HASH_MEM8: return rd8(a) == rd8(b);
	case HASH_MEM4: return rd4(a) == rd4(b);
	case HASH_MEM: return memcmp(a, b, rt->ksize) == 0;
	default: return rt_equal(rt->key, a, b, &bad);
	}
}

/*
 * Probes for key with hash h. Returns its entry number, or -1 with *slotp set to the empty
 * slot where it would be inserted. The map must have storage.
 */
static inline int64_t find(const Map *m, const void *key, uint64_t h, uint64_t *slotp)
{
	const MapRT *rt = m->rt;
	uint32_t tag = (uint32_t)h;
	uint64_t i = tag & m->mask;
	for (;;) {
		uint64_t s = m->index[i];
		if ((uint32_t)s == 0) {
			*slotp = i;
			return -1;
		}
		if ((uint32_t)(s >> 32) == tag) {
			int64_t n = (int64_t)(uint32_t)s - 1;
			if (key_equal(rt, key, entry_at(m, m->entries, n) + KEYOFF))
				return n;
		}
		i = (i + 1) & m->mask;
	}
}

/* The write barrier for copying n entries from src (NULL: clearing them) to dst: the entry
 * Type's pointer words of each entry (the meta words between them are scalars). */
static void wb_entries(const MapRT *rt, uint8_t *dst, const uint8_t *src, int64_t n)
{
	const Type *e = &rt->entry;
	if (!gc_wb_enabled || !e->ptrdata)
		return;
	for (int64_t i = 0; i < n; i++, dst += rt->esize)
		gc_wb_bulk(dst, src ? src + (uint64_t)i * rt->esize : NULL, e->ptrdata / 8,
		           e->ptrmask);
}

/* Copies a key into an entry (or over the stored key), with the key Type's barrier. */
static inline void store_key(const MapRT *rt, uint8_t *dst, const void *key)
{
	if (rt->key->ptrdata)
		gc_wb_bulk(dst, key, rt->key->ptrdata / 8, rt->key->ptrmask);
	memcpy(dst, key, rt->ksize);
}

static inline void index_put(uint64_t *index, uint64_t mask, uint64_t slotval)
{
	uint64_t i = (slotval >> 32) & mask;
	while (index[i])
		i = (i + 1) & mask;
	index[i] = slotval;
}

static uint8_t *alloc_entries(Map *m, int64_t cap)
{
	uint8_t *e = mallocgc(&m->rt->entry, (size_t)(cap + 1) * m->rt->esize, true);
	*(uint64_t *)e = (uint64_t)cap;
	return e;
}

/* Gives a map without storage its first arrays, sized for 'cap' entries. */
static void alloc_storage(Map *m, int64_t cap)
{
	gc_write_ptr(&m->entries, alloc_entries(m, cap));
	gc_write_ptr(&m->index, mallocgc(NULL, (size_t)cap * 2 * sizeof(uint64_t), true));
	m->cap = cap;
	m->mask = (uint64_t)cap * 2 - 1;
}

/* Doubles the entries array (entry numbers unchanged) and the index. */
static void grow_double(Map *m)
{
	int64_t ncap = m->cap * 2;
	if (ncap > (1ll << 31))
		abort(); /* more entries than an index slot can number: far beyond any heap */
	uint8_t *ne = alloc_entries(m, ncap);
	wb_entries(m->rt, entry_at(m, ne, 0), entry_at(m, m->entries, 0), m->nentries);
	memcpy(entry_at(m, ne, 0), entry_at(m, m->entries, 0), (size_t)m->nentries * m->rt->esize);
	uint64_t nmask = (uint64_t)ncap * 2 - 1;
	uint64_t *ni = mallocgc(NULL, (size_t)(nmask + 1) * sizeof(uint64_t), true);
	for (uint64_t i = 0; i <= m->mask; i++)
		if (m->index[i])
			index_put(ni, nmask, m->index[i]);
	gc_write_ptr(&m->entries, ne);
	gc_write_ptr(&m->index, ni);
	m->cap = ncap;
	m->mask = nmask;
}

/* Moves the live entries to the front of a fresh array of the same size, renumbering them. */
static void compact(Map *m)
{
	uint32_t esize = m->rt->esize;
	uint8_t *ne = alloc_entries(m, m->cap);
	memset(m->index, 0, (size_t)(m->mask + 1) * sizeof(uint64_t));
	int64_t n = 0;
	for (int64_t i = 0; i < m->nentries; i++) {
		uint8_t *e = entry_at(m, m->entries, i);
		uint64_t meta = meta_of(e);
		if (!meta)
			continue;
		wb_entries(m->rt, entry_at(m, ne, n), e, 1);
		memcpy(entry_at(m, ne, n), e, esize);
		index_put(m->index, m->mask, ((meta & 0xffffffffu) << 32) | (uint64_t)(n + 1));
		n++;
	}
	gc_write_ptr(&m->entries, ne);
	m->nentries = n;
	m->gen++;
}

static uint64_t seed_counter = HK1;

Map *map_make(Type *maptype, int64_t hint)
{
	Map *m = mallocgc(&map_hdr_type, sizeof(Map), true);
	m->rt = maprt_get(types_under(maptype));
	m->type = maptype;
	seed_counter += HK0;
	m->seed = mix(seed_counter, (uintptr_t)m ^ HK2);
	if (hint > 0) {
		int64_t cap = 8;
		if (hint > (1 << 24))
			hint = 1 << 24; /* a huge hint only preallocates this much */
		while (cap < hint)
			cap *= 2;
		alloc_storage(m, cap);
	}
	return m;
}

static void panic_unhashable(G *g, Type *bad)
{
	rt_panic_runtime(g, "hash of unhashable type %s", bad->str ? bad->str : "?");
}

void *map_access(G *g, Map *m, const void *key)
{
	if (!m)
		return NULL;
	const MapRT *rt = m->rt;
	if (m->count == 0) {
		if (rt->may_panic) {
			Type *bad = NULL;
			rt_hash(rt->key, key, 0, &bad);
			if (bad)
				panic_unhashable(g, bad);
		}
		return NULL;
	}
	Type *bad = NULL;
	uint64_t h = key_hash(rt, key, m->seed, &bad);
	if (bad) {
		panic_unhashable(g, bad);
		return NULL;
	}
	uint64_t slot = 0;
	int64_t n = find(m, key, h, &slot);
	return n < 0 ? NULL : entry_at(m, m->entries, n) + rt->voff;
}

void *map_assign(G *g, Map *m, const void *key)
{
	const MapRT *rt = m->rt;
	Type *bad = NULL;
	uint64_t h = key_hash(rt, key, m->seed, &bad);
	if (bad) {
		panic_unhashable(g, bad);
		return NULL;
	}
	if (!m->index)
		alloc_storage(m, 8);
	uint64_t slot = 0;
	int64_t n = find(m, key, h, &slot);
	if (n >= 0) {
		uint8_t *e = entry_at(m, m->entries, n);
		if (rt->key_update)
			store_key(rt, e + KEYOFF, key);
		return e + rt->voff;
	}
	if (m->nentries == m->cap) {
		if (m->count <= m->cap / 2)
			compact(m);
		else
			grow_double(m);
		find(m, key, h, &slot);
	}
	n = m->nentries++;
	uint8_t *e = entry_at(m, m->entries, n);
	*(uint64_t *)e = META_LIVE | (uint32_t)h;
	store_key(rt, e + KEYOFF, key);
	m->index[slot] = ((uint64_t)(uint32_t)h << 32) | (uint64_t)(n + 1);
	m->count++;
	return e + rt->voff;
}

/* Removes index slot i, shifting later members of its probe run back (no tombstones). */
static void index_remove(Map *m, uint64_t i)
{
	uint64_t mask = m->mask, j = i;
	for (;;) {
		j = (j + 1) & mask;
		uint64_t s = m->index[j];
		if (!s)
			break;
		uint64_t home = (s >> 32) & mask;
		/* The slot at j may move to i unless its home lies cyclically in (i, j]. */
		bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
		if (!stays) {
			m->index[i] = s;
			i = j;
		}
	}
	m->index[i] = 0;
}

void map_delete(G *g, Map *m, const void *key)
{
	if (!m)
		return;
	const MapRT *rt = m->rt;
	Type *bad = NULL;
	uint64_t h = key_hash(rt, key, m->seed, &bad);
	if (bad) {
		panic_unhashable(g, bad);
		return;
	}
	if (m->count == 0)
		return;
	uint32_t tag = (uint32_t)h;
	uint64_t i = tag & m->mask;
	for (;; i = (i + 1) & m->mask) {
		uint64_t s = m->index[i];
		if (!s)
			return;
		if ((uint32_t)(s >> 32) != tag)
			continue;
		int64_t n = (int64_t)(uint32_t)s - 1;
		uint8_t *e = entry_at(m, m->entries, n);
		if (!key_equal(rt, key, e + KEYOFF))
			continue;
		wb_entries(rt, e, NULL, 1);
		memset(e, 0, rt->esize);
		index_remove(m, i);
		m->count--;
		while (m->nentries > 0 && !meta_of(entry_at(m, m->entries, m->nentries - 1)))
			m->nentries--;
		return;
	}
}

int64_t map_len(const Map *m)
{
	return m ? m->count : 0;
}

Type *map_type(const Map *m)
{
	return m ? m->type : NULL;
}

void map_clear(Map *m)
{
	if (!m || !m->index)
		return;
	wb_entries(m->rt, entry_at(m, m->entries, 0), NULL, m->nentries);
	memset(entry_at(m, m->entries, 0), 0, (size_t)m->nentries * m->rt->esize);
	memset(m->index, 0, (size_t)(m->mask + 1) * sizeof(uint64_t));
	m->count = 0;
	m->nentries = 0;
}

/* ---------------------------------------------------------------- iteration */

/* MapIter.pos packs the entry number (low 40 bits) and the map's gen when iteration began
 * or last found the map uncompacted (high 24 bits). */
#define POS_BITS 40
#define POS_MASK ((1ll << POS_BITS) - 1)
#define GEN_MASK 0xffffffu

void map_iter_init(MapIter *it, Map *m)
{
	it->m = m;
	it->pos = m ? (int64_t)((uint64_t)(m->gen & GEN_MASK) << POS_BITS) : 0;
	it->entries = m ? m->entries : NULL;
}

bool map_iter_next(MapIter *it, void **key, void **val)
{
	Map *m = it->m;
	if (!m)
		return false;
	const MapRT *rt = m->rt;
	uint64_t gen = (uint64_t)it->pos >> POS_BITS;
	int64_t pos = it->pos & POS_MASK;
	if (gen == (m->gen & GEN_MASK)) {
		/* Entry numbers are still those the iterator started with. */
		while (pos < m->nentries) {
			uint8_t *e = entry_at(m, m->entries, pos++);
			if (meta_of(e)) {
				it->pos = (int64_t)(gen << POS_BITS) | pos;
				it->entries = m->entries;
				*key = e + KEYOFF;
				*val = e + rt->voff;
				return true;
			}
		}
		it->pos = (int64_t)(gen << POS_BITS) | pos;
		it->entries = m->entries;
		return false;
	}
	/* Compacted since: finish the retired array, producing what the live map holds now. */
	uint8_t *old = it->entries;
	if (!old)
		return false;
	int64_t oldcap = (int64_t)meta_of(old);
	while (pos < oldcap) {
		uint8_t *e = entry_at(m, old, pos++);
		if (!meta_of(e))
			continue;
		it->pos = (int64_t)(gen << POS_BITS) | pos;
		void *v = m->count ? map_access(NULL, m, e + KEYOFF) : NULL;
		if (v) {
			*key = (uint8_t *)v - rt->voff + KEYOFF;
			*val = v;
			return true;
		}
		if (m->count && !key_equal(rt, e + KEYOFF, e + KEYOFF)) {
			/* A NaN key cannot be looked up; Go produces the entry as it was. */
			*key = e + KEYOFF;
			*val = e + rt->voff;
			return true;
		}
	}
	it->pos = (int64_t)(gen << POS_BITS) | pos;
	return false;
}
