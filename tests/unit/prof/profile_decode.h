/*
 * profile_decode.h - reading back a written profile in the profiling tests: gunzip with zlib,
 * then decode pprof's profile.proto with the protobuf-c code generated at build time. Every
 * function fails the calling Criterion test on malformed input (not gzip, bytes after the gzip
 * trailer, not a Profile message); str and frame look up strings and locations. Included once
 * per test file.
 */
#ifndef MINIRT_TESTS_UNIT_PROF_PROFILE_DECODE_H
#define MINIRT_TESTS_UNIT_PROF_PROFILE_DECODE_H

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "prof/profile.pb-c.h"

typedef Perftools__Profiles__Profile Profile;

/* Inflates a whole gzip stream; the result is malloc'd. */
static inline uint8_t *gunzip(const uint8_t *in, size_t n, size_t *outlen)
{
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	cr_assert_eq(inflateInit2(&zs, 15 + 16), Z_OK);
	size_t cap = 4096, len = 0;
	uint8_t *out = malloc(cap);
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)n;
	int r;
	do {
		if (len == cap)
			out = realloc(out, cap *= 2);
		zs.next_out = out + len;
		zs.avail_out = (uInt)(cap - len);
		r = inflate(&zs, Z_NO_FLUSH);
		len = cap - zs.avail_out;
		cr_assert(r == Z_OK || r == Z_STREAM_END, "inflate failed: %d", r);
	} while (r != Z_STREAM_END);
	cr_assert_eq(zs.avail_in, 0, "bytes after the gzip trailer");
	inflateEnd(&zs);
	*outlen = len;
	return out;
}

/* Gunzips and decodes a written profile; free it with perftools__profiles__profile__free_unpacked. */
static inline Profile *decode(const uint8_t *gz, size_t n)
{
	cr_assert_gt(n, 18);
	cr_assert_eq(gz[0], 0x1f, "not a gzip stream");
	cr_assert_eq(gz[1], 0x8b, "not a gzip stream");
	size_t rawlen;
	uint8_t *raw = gunzip(gz, n, &rawlen);
	Profile *p = perftools__profiles__profile__unpack(NULL, rawlen, raw);
	free(raw);
	cr_assert_not_null(p, "protobuf-c could not decode the profile");
	return p;
}

/* The whole file at path, gunzipped and decoded (the file is left in place). */
static inline Profile *decode_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	cr_assert_not_null(f, "%s not written", path);
	size_t cap = 1 << 16, n = 0;
	uint8_t *buf = malloc(cap);
	for (size_t r; (r = fread(buf + n, 1, cap - n, f)) > 0;)
		if ((n += r) == cap)
			buf = realloc(buf, cap *= 2);
	fclose(f);
	Profile *p = decode(buf, n);
	free(buf);
	return p;
}

/* String i of p's string table. */
static inline const char *str(const Profile *p, int64_t i)
{
	cr_assert(i >= 0 && (size_t)i < p->n_string_table);
	return p->string_table[i];
}

/* The function name and line of location id in p (locations with one line, as minirt's). */
static inline void frame(const Profile *p, uint64_t id, const char **name, int64_t *line)
{
	for (size_t i = 0; i < p->n_location; i++) {
		if (p->location[i]->id != id)
			continue;
		cr_assert_eq(p->location[i]->n_line, 1);
		Perftools__Profiles__Line *l = p->location[i]->line[0];
		for (size_t f = 0; f < p->n_function; f++)
			if (p->function[f]->id == l->function_id) {
				*name = str(p, p->function[f]->name);
				*line = l->line;
				return;
			}
	}
	cr_assert_fail("no location %llu", (unsigned long long)id);
}

#endif
