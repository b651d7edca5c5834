/*
 * arena.h - memory for the compiler: one arena per compilation, freed all at once, plus the
 * string intern table (equal names are equal pointers, so the front end compares names with ==).
 *
 * Front-end memory (tokens, AST, types, objects, bytecode prototypes) is never freed while the
 * program runs: types and prototypes are needed by the VM until exit. The arena is therefore a
 * simple bump allocator over large malloc'd chunks; its memory is not part of the GC heap.
 */
#ifndef MINIRT_LANG_ARENA_H
#define MINIRT_LANG_ARENA_H

#include <stddef.h>
#include <stdint.h>

/* Zeroed memory that lives until exit. Aborts with "fatal error: runtime: out of memory". */
void *arena_alloc(size_t n);
/* A copy of s[0..n) with a terminating NUL. */
char *arena_strndup(const char *s, size_t n);
char *arena_strdup(const char *s);
/* printf into the arena. */
char *arena_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The interned copy of s[0..n): the same pointer for the same bytes. */
const char *intern(const char *s, size_t n);
const char *intern_cstr(const char *s);

/*
 * Growable arrays built in the arena: VEC_PUSH(arr, n, cap, x) appends x to arr (a T *),
 * doubling cap as needed. Old storage is simply abandoned to the arena.
 */
void *arena_grow(void *old, size_t elem, int n, int *cap);
#define VEC_PUSH(arr, n, cap, x)                                                \
	do {                                                                    \
		if ((n) >= (cap))                                               \
			(arr) = arena_grow((arr), sizeof(*(arr)), (n), &(cap)); \
		(arr)[(n)++] = (x);                                             \
	} while (0)

#endif
