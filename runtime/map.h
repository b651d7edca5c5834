/*
 * map.h - Go's map (hmap): a hash table whose keys and values are stored inline in their Go
 * layout, in memory allocated with mallocgc so the collector scans it precisely.
 *
 * The key and value types come from the map type (Type of kind K_MAP: key, elem). Hashing and
 * equality are driven by the key type (rt_hash / rt_equal): strings by bytes, floats with
 * +0 == -0 and NaN != NaN, interfaces by dynamic type and value (an uncomparable dynamic type
 * panics: "runtime error: hash of unhashable type []int"), structs and arrays field by field.
 *
 * A nil map (Map * == NULL) reads as empty; assigning to it panics
 * ("assignment to entry in nil map"), which the VM checks before calling map_assign.
 *
 * Iteration may see entries in any order (Go randomises it; fmt sorts keys when printing).
 * Deleting during iteration is allowed: deleted entries not yet reached are not produced.
 * Entries added during iteration may or may not be produced.
 *
 * Keys are passed by pointer to their memory layout (t->size bytes, as stored in a struct
 * field): a float32 key is 4 bytes of float, not the frame's canonical double.
 */
#ifndef MINIRT_RUNTIME_MAP_H
#define MINIRT_RUNTIME_MAP_H

#include <stdbool.h>
#include <stdint.h>

#include "value.h"

typedef struct G G;
typedef struct Map Map;

/* make(map[K]V, hint). maptype is the K_MAP type (possibly named). */
Map *map_make(Type *maptype, int64_t hint);
/* Pointer to the value for key, or NULL when absent (also when m is NULL). NULL with a pending
 * panic in g when the key is unhashable. */
void *map_access(G *g, Map *m, const void *key);
/* Pointer to the value slot for key, inserting a zeroed value when absent. m must not be NULL.
 * NULL (with a pending panic) when the key is unhashable. The pointer is valid until the next
 * insertion. */
void *map_assign(G *g, Map *m, const void *key);
void map_delete(G *g, Map *m, const void *key);
int64_t map_len(const Map *m);
void map_clear(Map *m);
Type *map_type(const Map *m);

typedef struct MapIter {
	Map *m;
	int64_t pos;   /* implementation-defined cursor */
	void *entries; /* implementation-defined: storage being walked */
} MapIter;

/* The iterator's 'm' and 'entries' words are heap pointers: a frame holding a MapIter must
 * mark them in its pointer bitmap (an iterator may be the last reference to a retired array). */
void map_iter_init(MapIter *it, Map *m);
/* Advances; false at the end. *key and *val point into the map's storage. */
bool map_iter_next(MapIter *it, void **key, void **val);

/* The Type the map's entry arrays are allocated with (one entry: a scalar word, the key and the
 * value in Go layout), synthesized once per map type; for heap verification and tests. */
Type *map_entrytype(Type *maptype);

/* Hash and equality of values of type t at p (t comparable). rt_hash sets *bad to the
 * dynamic type that cannot be hashed (and returns 0) when an interface holds one. */
uint64_t rt_hash(Type *t, const void *p, uint64_t seed, Type **bad);
/* Equality; *bad is set to the uncomparable dynamic type when interfaces hold one
 * ("comparing uncomparable type []int"). */
bool rt_equal(Type *t, const void *a, const void *b, Type **bad);

#endif
