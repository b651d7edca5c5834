/*
 * pprof.c - the pprof profile builder: collects samples, then packs them into the Profile message
 * of prof/profile.proto with protobuf-c and compresses the result with zlib, as Go's
 * runtime/pprof (proto.go, protomem.go) does for its heap, block and mutex profiles.
 *
 * How a profile is built:
 *   1. pprof_new records the start time (the profile's time_nanos) and interns "" as string 0.
 *   2. The caller declares the period type and the sample types; their strings are interned in
 *      that order, so the heap header gives Go's table: "", "space", "bytes", "alloc_objects",
 *      "count", "alloc_space", "inuse_objects", "inuse_space".
 *   3. Each sample turns its frames into location ids, innermost first. A frame never seen
 *      before gets the next Location id; its function, if new, gets the next Function id and
 *      interns its name and then its file (Go's emitLocation order). Label strings are interned
 *      after the locations, as Go's pbSample does.
 *   4. Writing interns the mapping's file name, builds the protobuf-c message from the recorded
 *      tables, packs it and deflates it into a gzip stream at zlib's fastest level (Go uses
 *      gzip.BestSpeed).
 *
 * There are no machine addresses: minirt's frames are script positions, so every Location has
 * address 0 and belongs to the single Mapping (id 1, empty range), like Go's fake mapping when
 * /proc/self/maps is unreadable. That mapping claims has_functions when every frame came with a
 * function name, a file and a line, as Go's symbolisation check does.
 *
 * Invariants:
 *   - strings[0] is "" and every string appears once; an index never changes once handed out.
 *   - Location i+1 is locs[i], Function i+1 is funcs[i]; ids are dense from 1.
 *   - Every sample has exactly nsample_types values; no sample type is added after a sample.
 *   - After an allocation failure 'failed' stays set and nothing more is recorded.
 */
#include "pprof.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "prof/profile.pb-c.h"

/* An open-addressing hash table from byte strings (copied, NUL-terminated) to numbers. */
typedef struct Entry {
	char *key; /* owned copy; NULL marks an empty slot */
	size_t len;
	uint64_t hash;
	uint64_t val;
} Entry;

typedef struct Table {
	Entry *e;
	size_t cap; /* a power of two, or 0 before the first insert */
	size_t n;   /* occupied slots; kept at most cap/2 */
} Table;

typedef struct FuncRec {
	int64_t name, file; /* string indices */
} FuncRec;

typedef struct LocRec {
	uint64_t func_id;
	int64_t line;
} LocRec;

typedef struct LabelRec {
	int64_t key, str, num, unit; /* str and unit are string indices, 0 when absent */
} LabelRec;

typedef struct SampleRec {
	uint64_t *locs; /* location ids, innermost first */
	size_t nlocs;
	int64_t *values; /* nsample_types entries */
	LabelRec *labels;
	size_t nlabels;
} SampleRec;

struct PprofBuilder {
	bool failed; /* an allocation failed; see the invariants */

	Table string_map;     /* string -> index into strings */
	const char **strings; /* the string table; entries point at string_map's keys */
	size_t nstrings, strings_cap;

	Table func_map; /* function name -> Function id */
	FuncRec *funcs;
	size_t nfuncs, funcs_cap;

	Table loc_map; /* "function\0file\0<line bytes>" -> Location id */
	LocRec *locs;
	size_t nlocs, locs_cap;
	bool symbolize_failed; /* some frame lacked a function, a file or a line */

	SampleRec *samples;
	size_t nsamples, samples_cap;

	int64_t (*sample_types)[2]; /* (type, unit) string indices, in declaration order */
	size_t nsample_types, sample_types_cap;
	bool have_period_type;
	int64_t period_type[2];
	int64_t period;
	int64_t default_sample_type; /* string index, 0 when not set */
	int64_t time_nanos, duration_nanos;
	const char *mapping_file; /* owned copy, or NULL for "" */

	char *scratch; /* builds location keys */
	size_t scratch_cap;
};

/* Grows *arr (element size 'size') so that it holds at least need elements. */
static bool grow(PprofBuilder *b, void **arr, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return true;
	size_t n = *cap ? *cap : 8;
	while (n < need)
		n *= 2;
	void *p = realloc(*arr, n * size);
	if (!p) {
		b->failed = true;
		return false;
	}
	*arr = p;
	*cap = n;
	return true;
}

static uint64_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

static Entry *table_slot(Table *t, const char *key, size_t len, uint64_t h)
{
	size_t mask = t->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		Entry *e = &t->e[i];
		if (!e->key || (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0))
			return e;
	}
}

/* Finds key; returns its entry, or NULL when absent. */
static Entry *table_find(Table *t, const char *key, size_t len)
{
	if (!t->cap)
		return NULL;
	Entry *e = table_slot(t, key, len, hash_bytes(key, len));
	return e->key ? e : NULL;
}

/* Inserts a key known to be absent; returns its entry or NULL (out of memory). */
static Entry *table_insert(PprofBuilder *b, Table *t, const char *key, size_t len, uint64_t val)
{
	if (2 * (t->n + 1) > t->cap) {
		size_t ncap = t->cap ? 2 * t->cap : 64;
		Entry *ne = calloc(ncap, sizeof *ne);
		if (!ne) {
			b->failed = true;
			return NULL;
		}
		Table nt = {ne, ncap, t->n};
		for (size_t i = 0; i < t->cap; i++)
			if (t->e[i].key)
				*table_slot(&nt, t->e[i].key, t->e[i].len, t->e[i].hash) = t->e[i];
		free(t->e);
		*t = nt;
	}
	char *copy = malloc(len + 1);
	if (!copy) {
		b->failed = true;
		return NULL;
	}
	memcpy(copy, key, len);
	copy[len] = '\0';
	uint64_t h = hash_bytes(key, len);
	Entry *e = table_slot(t, key, len, h);
	*e = (Entry){copy, len, h, val};
	t->n++;
	return e;
}

static void table_free(Table *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->e[i].key);
	free(t->e);
}

/* Go's stringIndex: the index of s in the string table, adding it if new; -1 on failure. */
static int64_t string_index(PprofBuilder *b, const char *s)
{
	if (b->failed)
		return -1;
	size_t len = strlen(s);
	Entry *e = table_find(&b->string_map, s, len);
	if (e)
		return (int64_t)e->val;
	if (!grow(b, (void **)&b->strings, &b->strings_cap, b->nstrings + 1, sizeof *b->strings))
		return -1;
	e = table_insert(b, &b->string_map, s, len, b->nstrings);
	if (!e)
		return -1;
	b->strings[b->nstrings] = e->key;
	return (int64_t)b->nstrings++;
}

PprofBuilder *pprof_new(void)
{
	PprofBuilder *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	b->time_nanos = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	if (string_index(b, "") != 0) {
		pprof_free(b);
		return NULL;
	}
	return b;
}

void pprof_free(PprofBuilder *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->nsamples; i++) {
		free(b->samples[i].locs);
		free(b->samples[i].values);
		free(b->samples[i].labels);
	}
	free(b->samples);
	table_free(&b->string_map);
	table_free(&b->func_map);
	table_free(&b->loc_map);
	free(b->strings);
	free(b->funcs);
	free(b->locs);
	free(b->sample_types);
	free((char *)b->mapping_file);
	free(b->scratch);
	free(b);
}

int pprof_period_type(PprofBuilder *b, const char *type, const char *unit, int64_t period)
{
	int64_t t = string_index(b, type), u = string_index(b, unit);
	if (t < 0 || u < 0)
		return -1;
	b->have_period_type = true;
	b->period_type[0] = t;
	b->period_type[1] = u;
	b->period = period;
	return 0;
}

int pprof_sample_type(PprofBuilder *b, const char *type, const char *unit)
{
	assert(b->nsamples == 0);
	int64_t t = string_index(b, type), u = string_index(b, unit);
	if (t < 0 || u < 0 ||
	    !grow(b, (void **)&b->sample_types, &b->sample_types_cap, b->nsample_types + 1,
	          sizeof *b->sample_types))
		return -1;
	b->sample_types[b->nsample_types][0] = t;
	b->sample_types[b->nsample_types][1] = u;
	b->nsample_types++;
	return 0;
}

int pprof_default_sample_type(PprofBuilder *b, const char *type)
{
	int64_t t = string_index(b, type);
	if (t < 0)
		return -1;
	b->default_sample_type = t;
	return 0;
}

void pprof_time_nanos(PprofBuilder *b, int64_t ns)
{
	b->time_nanos = ns;
}

void pprof_duration_nanos(PprofBuilder *b, int64_t ns)
{
	b->duration_nanos = ns;
}

int pprof_mapping_file(PprofBuilder *b, const char *path)
{
	char *copy = strdup(path);
	if (!copy) {
		b->failed = true;
		return -1;
	}
	free((char *)b->mapping_file);
	b->mapping_file = copy;
	return 0;
}

/* Go's funcs map: the Function id for a name, creating the Function (name, then file). */
static uint64_t function_id(PprofBuilder *b, const char *name, const char *file)
{
	Entry *e = table_find(&b->func_map, name, strlen(name));
	if (e)
		return e->val;
	int64_t n = string_index(b, name), f = string_index(b, file);
	if (n < 0 || f < 0 ||
	    !grow(b, (void **)&b->funcs, &b->funcs_cap, b->nfuncs + 1, sizeof *b->funcs))
		return 0;
	if (!table_insert(b, &b->func_map, name, strlen(name), b->nfuncs + 1))
		return 0;
	b->funcs[b->nfuncs] = (FuncRec){n, f};
	return ++b->nfuncs;
}

/* The Location id of one frame, creating the Location (and its Function) on first use. */
static uint64_t location_id(PprofBuilder *b, const PprofFrame *fr)
{
	const char *name = fr->function ? fr->function : "";
	const char *file = fr->file ? fr->file : "";
	size_t nl = strlen(name), fl = strlen(file), len = nl + 1 + fl + 1 + sizeof fr->line;
	if (!grow(b, (void **)&b->scratch, &b->scratch_cap, len, 1))
		return 0;
	memcpy(b->scratch, name, nl + 1);
	memcpy(b->scratch + nl + 1, file, fl + 1);
	memcpy(b->scratch + nl + 1 + fl + 1, &fr->line, sizeof fr->line);
	Entry *e = table_find(&b->loc_map, b->scratch, len);
	if (e)
		return e->val;
	if (!*name || !*file || fr->line == 0)
		b->symbolize_failed = true;
	uint64_t fid = function_id(b, name, file);
	if (!fid || !grow(b, (void **)&b->locs, &b->locs_cap, b->nlocs + 1, sizeof *b->locs))
		return 0;
	if (!table_insert(b, &b->loc_map, b->scratch, len, b->nlocs + 1))
		return 0;
	b->locs[b->nlocs] = (LocRec){fid, fr->line};
	return ++b->nlocs;
}

int pprof_add_sample(PprofBuilder *b, const PprofFrame *frames, size_t nframes,
                     const int64_t *values, const PprofLabel *labels, size_t nlabels)
{
	if (b->failed ||
	    !grow(b, (void **)&b->samples, &b->samples_cap, b->nsamples + 1, sizeof *b->samples))
		return -1;
	SampleRec s = {0};
	s.locs = malloc((nframes ? nframes : 1) * sizeof *s.locs);
	s.values = malloc((b->nsample_types ? b->nsample_types : 1) * sizeof *s.values);
	s.labels = malloc((nlabels ? nlabels : 1) * sizeof *s.labels);
	if (!s.locs || !s.values || !s.labels)
		goto fail;
	for (size_t i = 0; i < nframes; i++)
		if (!(s.locs[s.nlocs++] = location_id(b, &frames[i])))
			goto fail;
	memcpy(s.values, values, b->nsample_types * sizeof *values);
	for (size_t i = 0; i < nlabels; i++) {
		const PprofLabel *l = &labels[i];
		LabelRec r = {string_index(b, l->key), l->str ? string_index(b, l->str) : 0,
		              l->str ? 0 : l->num, l->num_unit ? string_index(b, l->num_unit) : 0};
		if (r.key < 0 || r.str < 0 || r.unit < 0)
			goto fail;
		s.labels[s.nlabels++] = r;
	}
	b->samples[b->nsamples++] = s;
	return 0;
fail:
	b->failed = true;
	free(s.locs);
	free(s.values);
	free(s.labels);
	return -1;
}

int pprof_heap_begin(PprofBuilder *b, int64_t rate, const char *default_type)
{
	if (pprof_period_type(b, "space", "bytes", rate) < 0 ||
	    pprof_sample_type(b, "alloc_objects", "count") < 0 ||
	    pprof_sample_type(b, "alloc_space", "bytes") < 0 ||
	    pprof_sample_type(b, "inuse_objects", "count") < 0 ||
	    pprof_sample_type(b, "inuse_space", "bytes") < 0)
		return -1;
	if (default_type && *default_type)
		return pprof_default_sample_type(b, default_type);
	return 0;
}

int pprof_heap_sample(PprofBuilder *b, const PprofFrame *frames, size_t nframes,
                      const PprofMemCounts *c)
{
	/* writeHeapProto's hideRuntime: skip leading runtime frames when a user frame follows. */
	for (size_t i = 0; i < nframes; i++) {
		if (frames[i].function && strncmp(frames[i].function, "runtime.", 8) == 0)
			continue;
		frames += i;
		nframes -= i;
		break;
	}
	int64_t v[4];
	pprof_scale_heap_sample(c->alloc_objects, c->alloc_bytes, b->period, &v[0], &v[1]);
	pprof_scale_heap_sample(c->alloc_objects - c->free_objects, c->alloc_bytes - c->free_bytes,
	                        b->period, &v[2], &v[3]);
	int64_t block_size = c->alloc_objects > 0 ? c->alloc_bytes / c->alloc_objects : 0;
	PprofLabel label = {"bytes", NULL, block_size, NULL};
	return pprof_add_sample(b, frames, nframes, v, &label, block_size != 0);
}

int pprof_contention_begin(PprofBuilder *b, const char *count_name, const char *cycle_name)
{
	if (pprof_period_type(b, count_name, "count", 1) < 0 ||
	    pprof_sample_type(b, count_name, "count") < 0 ||
	    pprof_sample_type(b, cycle_name, "nanoseconds") < 0)
		return -1;
	return 0;
}

void pprof_scale_heap_sample(int64_t count, int64_t size, int64_t rate, int64_t *count_out,
                             int64_t *size_out)
{
	if (count == 0 || size == 0) {
		*count_out = *size_out = 0;
		return;
	}
	if (rate <= 1) { /* 1: every allocation was recorded; below 1: unknown, leave as is */
		*count_out = count;
		*size_out = size;
		return;
	}
	double avg = (double)size / (double)count;
	double scale = 1 / (1 - exp(-avg / (double)rate));
	*count_out = (int64_t)((double)count * scale);
	*size_out = (int64_t)((double)size * scale);
}

/*
 * Packs the recorded profile. All protobuf-c structures are built in one allocation of
 * pointers and structs that is freed before returning; the string table is lent, not copied.
 */
static int pack_profile(PprofBuilder *b, uint8_t **out, size_t *len)
{
	int64_t file = string_index(b, b->mapping_file ? b->mapping_file : "");
	if (file < 0)
		return -1;

	size_t nlabels = 0;
	for (size_t i = 0; i < b->nsamples; i++)
		nlabels += b->samples[i].nlabels;

	Perftools__Profiles__ValueType *vt = calloc(b->nsample_types + 1, sizeof *vt);
	Perftools__Profiles__ValueType **vtp = calloc(b->nsample_types + 1, sizeof *vtp);
	Perftools__Profiles__Sample *sm = calloc(b->nsamples + 1, sizeof *sm);
	Perftools__Profiles__Sample **smp = calloc(b->nsamples + 1, sizeof *smp);
	Perftools__Profiles__Label *lb = calloc(nlabels + 1, sizeof *lb);
	Perftools__Profiles__Label **lbp = calloc(nlabels + 1, sizeof *lbp);
	Perftools__Profiles__Location *lc = calloc(b->nlocs + 1, sizeof *lc);
	Perftools__Profiles__Location **lcp = calloc(b->nlocs + 1, sizeof *lcp);
	Perftools__Profiles__Line *ln = calloc(b->nlocs + 1, sizeof *ln);
	Perftools__Profiles__Line **lnp = calloc(b->nlocs + 1, sizeof *lnp);
	Perftools__Profiles__Function *fn = calloc(b->nfuncs + 1, sizeof *fn);
	Perftools__Profiles__Function **fnp = calloc(b->nfuncs + 1, sizeof *fnp);
	uint8_t *buf = NULL;
	int rc = -1;
	if (!vt || !vtp || !sm || !smp || !lb || !lbp || !lc || !lcp || !ln || !lnp || !fn || !fnp)
		goto done;

	Perftools__Profiles__Profile p = PERFTOOLS__PROFILES__PROFILE__INIT;
	Perftools__Profiles__ValueType period_type = PERFTOOLS__PROFILES__VALUE_TYPE__INIT;
	Perftools__Profiles__Mapping mapping = PERFTOOLS__PROFILES__MAPPING__INIT;
	Perftools__Profiles__Mapping *mappingp = &mapping;

	for (size_t i = 0; i < b->nsample_types; i++) {
		perftools__profiles__value_type__init(&vt[i]);
		vt[i].type = b->sample_types[i][0];
		vt[i].unit = b->sample_types[i][1];
		vtp[i] = &vt[i];
	}
	p.n_sample_type = b->nsample_types;
	p.sample_type = vtp;

	size_t l = 0;
	for (size_t i = 0; i < b->nsamples; i++) {
		SampleRec *s = &b->samples[i];
		perftools__profiles__sample__init(&sm[i]);
		sm[i].n_location_id = s->nlocs;
		sm[i].location_id = s->locs;
		sm[i].n_value = b->nsample_types;
		sm[i].value = s->values;
		sm[i].n_label = s->nlabels;
		sm[i].label = &lbp[l];
		for (size_t j = 0; j < s->nlabels; j++, l++) {
			perftools__profiles__label__init(&lb[l]);
			lb[l].key = s->labels[j].key;
			lb[l].str = s->labels[j].str;
			lb[l].num = s->labels[j].num;
			lb[l].num_unit = s->labels[j].unit;
			lbp[l] = &lb[l];
		}
		smp[i] = &sm[i];
	}
	p.n_sample = b->nsamples;
	p.sample = smp;

	mapping.id = 1;
	mapping.filename = file;
	mapping.has_functions = !b->symbolize_failed;
	p.n_mapping = 1;
	p.mapping = &mappingp;

	for (size_t i = 0; i < b->nlocs; i++) {
		perftools__profiles__line__init(&ln[i]);
		ln[i].function_id = b->locs[i].func_id;
		ln[i].line = b->locs[i].line;
		lnp[i] = &ln[i];
		perftools__profiles__location__init(&lc[i]);
		lc[i].id = i + 1;
		lc[i].mapping_id = 1;
		lc[i].n_line = 1;
		lc[i].line = &lnp[i];
		lcp[i] = &lc[i];
	}
	p.n_location = b->nlocs;
	p.location = lcp;

	for (size_t i = 0; i < b->nfuncs; i++) {
		perftools__profiles__function__init(&fn[i]);
		fn[i].id = i + 1;
		fn[i].name = fn[i].system_name = b->funcs[i].name;
		fn[i].filename = b->funcs[i].file;
		fnp[i] = &fn[i];
	}
	p.n_function = b->nfuncs;
	p.function = fnp;

	p.n_string_table = b->nstrings;
	p.string_table = (char **)b->strings;
	p.time_nanos = b->time_nanos;
	p.duration_nanos = b->duration_nanos;
	if (b->have_period_type) {
		period_type.type = b->period_type[0];
		period_type.unit = b->period_type[1];
		p.period_type = &period_type;
	}
	p.period = b->period;
	p.default_sample_type = b->default_sample_type;

	size_t n = perftools__profiles__profile__get_packed_size(&p);
	if (!(buf = malloc(n ? n : 1)))
		goto done;
	*len = perftools__profiles__profile__pack(&p, buf);
	*out = buf;
	buf = NULL;
	rc = 0;
done:
	free(buf);
	void *parts[] = {vt, vtp, sm, smp, lb, lbp, lc, lcp, ln, lnp, fn, fnp};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		free(parts[i]);
	if (rc < 0)
		b->failed = true;
	return rc;
}

/* Compresses in[0..n) into a malloc'd gzip stream (deflate with a gzip header and trailer). */
static int gzip_bytes(const uint8_t *in, size_t n, uint8_t **out, size_t *outlen)
{
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	/* windowBits 15 + 16 selects the gzip wrapper instead of zlib's. */
	if (deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	size_t cap = deflateBound(&zs, (uLong)n);
	uint8_t *buf = malloc(cap);
	if (!buf) {
		deflateEnd(&zs);
		return -1;
	}
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)n;
	zs.next_out = buf;
	zs.avail_out = (uInt)cap;
	int r = deflate(&zs, Z_FINISH);
	deflateEnd(&zs);
	if (r != Z_STREAM_END) {
		free(buf);
		return -1;
	}
	*out = buf;
	*outlen = cap - zs.avail_out;
	return 0;
}

int pprof_write_buffer(PprofBuilder *b, uint8_t **out, size_t *len)
{
	uint8_t *raw;
	size_t rawlen;
	if (b->failed || pack_profile(b, &raw, &rawlen) < 0) {
		errno = ENOMEM;
		return -1;
	}
	int rc = gzip_bytes(raw, rawlen, out, len);
	free(raw);
	if (rc < 0)
		errno = ENOMEM;
	return rc;
}

int pprof_write_file(PprofBuilder *b, FILE *f)
{
	uint8_t *buf;
	size_t len;
	if (pprof_write_buffer(b, &buf, &len) < 0)
		return -1;
	errno = 0;
	size_t w = fwrite(buf, 1, len, f);
	free(buf);
	if (w != len || fflush(f) != 0) {
		if (!errno)
			errno = EIO;
		return -1;
	}
	return 0;
}

int pprof_write_path(PprofBuilder *b, const char *path)
{
	uint8_t *buf;
	size_t len;
	/* Build first, so an out-of-memory failure does not truncate an existing file. */
	if (pprof_write_buffer(b, &buf, &len) < 0)
		return -1;
	FILE *f = fopen(path, "wb");
	if (!f) {
		free(buf);
		return -1;
	}
	errno = 0;
	size_t w = fwrite(buf, 1, len, f);
	free(buf);
	int saved = w == len ? 0 : (errno ? errno : EIO);
	if (fclose(f) != 0 && !saved)
		saved = errno ? errno : EIO;
	if (saved) {
		errno = saved;
		return -1;
	}
	return 0;
}
