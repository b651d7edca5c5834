/*
 * profile_decode.h - reading back a written profile in the profiling tests: gunzip with zlib,
 * then decode pprof's profile.proto with the protobuf-c code generated at build time. Every
 * function fails the calling Criterion test on malformed input (not gzip, bytes after the gzip
 * trailer, not a Profile message). Included once per test file.
 */
#ifndef MINIRT_TESTS_UNIT_PROF_PROFILE_DECODE_H
#define MINIRT_TESTS_UNIT_PROF_PROFILE_DECODE_H

#include <criterion/criterion.h>
#include <stdint.h>
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

#endif
