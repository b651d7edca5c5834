/*
 * value.h - how Go values look in memory, in frames and in the heap.
 *
 * Values are unboxed and laid out exactly as Go lays them out (see lang/types.h for sizes and
 * alignment). A frame is an array of 8-byte slots; a value of type T occupies
 * ceil(T.size / 8) consecutive slots.
 *
 * In a frame slot, scalars are kept in a canonical 64-bit form so one set of arithmetic
 * instructions serves every width:
 *   - signed integers are sign-extended to 64 bits, unsigned ones zero-extended;
 *   - bool is 0 or 1;
 *   - float64 is its IEEE bits; float32 is held as a double already rounded to float32, and
 *     narrowed to 4 bytes only when stored into memory (struct field, array element, heap cell).
 * Aggregates (arrays, structs) keep their memory layout inside their slots, so copying one
 * between a frame and the heap is a byte copy of T.size bytes.
 *
 * Invariants:
 *   - The data pointer of a string or slice of length 0 may be NULL or point anywhere.
 *   - An interface is nil exactly when its first word is NULL.
 *   - For an empty interface (any) the first word is the dynamic Type *; for a non-empty one it
 *     is an Itab *, whose first field is the dynamic Type *.
 *   - The data word holds the value itself when the dynamic type is pointer-shaped
 *     (Type.direct_iface), otherwise a pointer to a heap copy of it, as Go does.
 */
#ifndef MINIRT_RUNTIME_VALUE_H
#define MINIRT_RUNTIME_VALUE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "../lang/types.h"

typedef uint64_t Slot;

typedef struct String {
	const uint8_t *ptr;
	int64_t len;
} String;

typedef struct Slice {
	void *ptr;
	int64_t len;
	int64_t cap;
} Slice;

typedef struct Iface {
	void *tab;  /* Type * (empty interface) or Itab * (non-empty), NULL when nil */
	void *data; /* the value (direct_iface) or a pointer to it */
} Iface;

/*
 * An interface table: the methods of one concrete type as seen through one interface type.
 * fun[i] is the compiled function (Proto *) for the interface's method i; it takes the
 * receiver as one word: the interface's data word.
 */
typedef struct Itab {
	Type *type;  /* dynamic (concrete) type; first so Iface.tab works for both kinds */
	Type *inter; /* the interface type */
	void *fun[]; /* inter->nimethods entries */
} Itab;

/* The dynamic type of an interface value, given whether its static type is empty. */
static inline Type *iface_type(Iface v, bool empty)
{
	if (!v.tab)
		return 0;
	return empty ? (Type *)v.tab : ((Itab *)v.tab)->type;
}

/* Slots needed by a value of type t in a frame. */
static inline uint32_t type_slots(const Type *t)
{
	return (t->size + 7) / 8;
}

static inline double slot_f64(Slot s)
{
	double d;
	memcpy(&d, &s, 8);
	return d;
}
static inline Slot f64_slot(double d)
{
	Slot s;
	memcpy(&s, &d, 8);
	return s;
}

static inline String string_from_slots(const Slot *s)
{
	String r = {(const uint8_t *)(uintptr_t)s[0], (int64_t)s[1]};
	return r;
}

#endif
