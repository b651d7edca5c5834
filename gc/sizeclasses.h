/*
 * sizeclasses.h - the allocator's size classes: which object sizes exist and how many pages a
 * span of each holds (Go's sizeclasses.go and the lookup half of its msize.go).
 *
 * A small request (1 to MAX_SMALL_SIZE bytes) is rounded up to one of NUM_SIZE_CLASSES - 1
 * object sizes; class 0 means "large": such an object gets a span of its own, rounded up to
 * whole pages. Every span of class c is class_to_allocnpages[c] pages long and is cut into
 * objects of class_to_size[c] bytes; the bytes left over at its end are the tail waste.
 *
 * The tables live in gc/sizeclasses.c, which gc/mksizeclasses.c generates with Go's algorithm
 * (the comment at the top of the generator describes it step by step and says how to run it).
 * The constants below are written by hand and checked by the generator, which refuses to write
 * a table that disagrees with them.
 *
 * Finding the class of a size takes one table load, as in Go's runtime: size_to_class8 maps
 * sizes up to SMALL_SIZE_MAX in steps of SMALL_SIZE_DIV bytes, size_to_class128 maps larger
 * small sizes in steps of LARGE_SIZE_DIV bytes. A step never straddles two classes because
 * every class size up to SMALL_SIZE_MAX is a multiple of 8 and every larger one a multiple of
 * 128.
 *
 * Invariants:
 *   - class_to_size strictly increases from class 1 (8 bytes) to the last class
 *     (MAX_SMALL_SIZE bytes); class 0 has size 0 and 0 pages.
 *   - size_to_class(n) is the smallest class whose size is >= n, for 1 <= n <= MAX_SMALL_SIZE.
 *   - The tail waste of every class is at most 1/8 of its span (Go's 12.5% bound; see
 *     gc/mksizeclasses.c for exactly what is checked and what is not).
 *   - No span holds more than MAX_OBJS_PER_SPAN objects.
 *   - n / class_to_size[c] == (n * class_to_divmagic[c]) >> 32 for every offset n from 0 to
 *     the span's size in bytes, so an object's index in its span needs no division.
 */
#ifndef MINIRT_GC_SIZECLASSES_H
#define MINIRT_GC_SIZECLASSES_H

#include <stddef.h>
#include <stdint.h>

#define NUM_SIZE_CLASSES  68    /* class 0 (large objects) and 67 small object sizes */
#define MAX_SMALL_SIZE    32768 /* largest size served from a size class, in bytes */
#define SMALL_SIZE_DIV    8     /* step of size_to_class8, in bytes */
#define SMALL_SIZE_MAX    1024  /* largest size that size_to_class8 covers */
#define LARGE_SIZE_DIV    128   /* step of size_to_class128, in bytes */
#define PAGE_SHIFT        13
#define PAGE_SIZE         (1 << PAGE_SHIFT) /* 8 KiB, the heap's unit of spans */
#define MAX_OBJS_PER_SPAN 1024              /* the most objects any span holds (class 1) */

/* Object size in bytes of each class. */
extern const uint16_t class_to_size[NUM_SIZE_CLASSES];
/* Pages in a span of each class. */
extern const uint8_t class_to_allocnpages[NUM_SIZE_CLASSES];
/* 2^32 / size rounded up: n / size == (n * magic) >> 32 for every n within one span. */
extern const uint32_t class_to_divmagic[NUM_SIZE_CLASSES];
/* Class of size i * SMALL_SIZE_DIV (the smallest class at least that big). */
extern const uint8_t size_to_class8[SMALL_SIZE_MAX / SMALL_SIZE_DIV + 1];
/* Class of size SMALL_SIZE_MAX + i * LARGE_SIZE_DIV. */
extern const uint8_t size_to_class128[(MAX_SMALL_SIZE - SMALL_SIZE_MAX) / LARGE_SIZE_DIV + 1];

/*
 * The smallest size class that holds 'size' bytes. The caller checks size <= MAX_SMALL_SIZE
 * first (larger objects are large); size 0 gives class 0.
 */
static inline uint8_t size_to_class(size_t size)
{
	if (size <= SMALL_SIZE_MAX - 8)
		return size_to_class8[(size + SMALL_SIZE_DIV - 1) / SMALL_SIZE_DIV];
	return size_to_class128[(size - SMALL_SIZE_MAX + LARGE_SIZE_DIV - 1) / LARGE_SIZE_DIV];
}

/*
 * The bytes the allocator really hands out for an object of 'size' bytes: its class's size
 * when it is small, else 'size' rounded up to whole pages ('size' itself if that overflows).
 * This is Go's roundupsize without the malloc header that Go 1.22 adds to pointerful objects
 * over 512 bytes; callers that model the header add it before and subtract it after.
 */
static inline uint64_t roundupsize_class(uint64_t size)
{
	if (size <= MAX_SMALL_SIZE)
		return class_to_size[size_to_class((size_t)size)];
	uint64_t r = size + PAGE_SIZE - 1;
	if (r < size)
		return size;
	return r & ~(uint64_t)(PAGE_SIZE - 1);
}

/* The index of the object at byte 'offset' from the start of a span of class 'sizeclass'. */
static inline uint32_t class_objindex(uint8_t sizeclass, uint32_t offset)
{
	return (uint32_t)(((uint64_t)offset * class_to_divmagic[sizeclass]) >> 32);
}

#endif
