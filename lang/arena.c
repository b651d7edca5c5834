/*
 * arena.c - bump allocation for front-end data and the intern table. See arena.h.
 *
 * Chunks are at least 1 MiB; a request larger than that gets a chunk of its own. The intern
 * table is open addressing with linear probing on FNV-1a hashes, doubled at half full.
 */
#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK (1u << 20)

static char *cur;   /* next free byte in the current chunk */
static size_t left; /* bytes left in the current chunk */

static void oom(void)
{
	fputs("fatal error: runtime: out of memory\n", stderr);
	exit(2);
}

void *arena_alloc(size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (n > left) {
		size_t sz = n > CHUNK ? n : CHUNK;
		char *c = calloc(1, sz);
		if (!c)
			oom();
		if (n >= CHUNK)
			return c;
		cur = c;
		left = sz;
	}
	void *p = cur;
	cur += n;
	left -= n;
	return p;
}

char *arena_strndup(const char *s, size_t n)
{
	char *p = arena_alloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *arena_strdup(const char *s)
{
	return arena_strndup(s, strlen(s));
}

char *arena_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *p = arena_alloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void *arena_grow(void *old, size_t elem, int n, int *cap)
{
	int ncap = *cap ? *cap * 2 : 8;
	void *p = arena_alloc(elem * (size_t)ncap);
	if (old && n)
		memcpy(p, old, elem * (size_t)n);
	*cap = ncap;
	return p;
}

typedef struct Interned {
	const char *s;
	size_t n;
	uint32_t h;
} Interned;

static Interned *table;
static size_t tcap, tcount;

static uint32_t fnv(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	return h;
}

static void rehash(void)
{
	size_t ncap = tcap ? tcap * 2 : 1024;
	Interned *nt = calloc(ncap, sizeof *nt);
	if (!nt)
		oom();
	for (size_t i = 0; i < tcap; i++) {
		if (!table[i].s)
			continue;
		size_t j = table[i].h & (ncap - 1);
		while (nt[j].s)
			j = (j + 1) & (ncap - 1);
		nt[j] = table[i];
	}
	free(table);
	table = nt;
	tcap = ncap;
}

const char *intern(const char *s, size_t n)
{
	if (2 * (tcount + 1) > tcap)
		rehash();
	uint32_t h = fnv(s, n);
	size_t j = h & (tcap - 1);
	while (table[j].s) {
		if (table[j].h == h && table[j].n == n && memcmp(table[j].s, s, n) == 0)
			return table[j].s;
		j = (j + 1) & (tcap - 1);
	}
	table[j].s = arena_strndup(s, n);
	table[j].n = n;
	table[j].h = h;
	tcount++;
	return table[j].s;
}

const char *intern_cstr(const char *s)
{
	return intern(s, strlen(s));
}
