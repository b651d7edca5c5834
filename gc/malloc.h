/*
 * malloc.h - the one entry point for heap allocation: mallocgc.
 *
 * Every object the program allocates (new, &T{}, make, append growth, string building, boxing a
 * value into an interface, closures, heap cells of escaping variables) comes from mallocgc with
 * the type of what is stored there, so the collector knows exactly which words are pointers.
 *
 * mallocgc(typ, size, needzero): allocate 'size' bytes for one or more values of type 'typ'
 * (an array of n elements passes the element type and n * elem size, as Go does). typ == NULL
 * or typ->ptrdata == 0 means the memory holds no pointers ("noscan").
 * If needzero is false the caller promises to overwrite every byte before the next allocation.
 */
#ifndef MINIRT_GC_MALLOC_H
#define MINIRT_GC_MALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Type Type;

void *mallocgc(Type *typ, size_t size, bool needzero);

/* Bytes and objects allocated so far (for runtime.ReadMemStats until the collector lands). */
uint64_t gc_total_alloc(void);
uint64_t gc_mallocs(void);

void gc_init(void);

#endif
