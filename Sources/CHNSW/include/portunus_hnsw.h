// A C interface over hnswlib (Debian's header-only libhnswlib-dev 0.6.2): approximate
// nearest-neighbour search by inner product over L2-normalised float vectors. hnswlib's C++
// (templates, exceptions) stays behind this header: every function catches and reports.
#ifndef PORTUNUS_HNSW_H
#define PORTUNUS_HNSW_H
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct portunus_hnsw portunus_hnsw;

/// A new, empty index; NULL on failure.
portunus_hnsw *portunus_hnsw_create(int dimension, size_t capacity, size_t m, size_t ef_construction, size_t seed);
/// An index saved by portunus_hnsw_save; NULL when the file cannot be read as one.
portunus_hnsw *portunus_hnsw_load(const char *path, int dimension, size_t capacity);
/// Adds `count` vectors (row-major, `dimension` floats each) with their labels, on `threads`
/// threads. Returns 0, or -1 when the index is full or hnswlib refused.
int portunus_hnsw_add(portunus_hnsw *index, const float *vectors, const size_t *labels, size_t count, int threads);
/// Sets the search breadth (hnswlib's ef; at least k is used). Not while searches run.
void portunus_hnsw_set_ef(portunus_hnsw *index, size_t ef);
/// The `k` nearest by inner product (best first): labels and similarities (1 - hnswlib's
/// distance). Returns how many were found. Searches may run concurrently.
size_t portunus_hnsw_search(const portunus_hnsw *index, const float *probe, size_t k, size_t *labels, float *similarities);
/// Leaves a label out of every later result; 0, or -1 when the index does not hold it.
int portunus_hnsw_mark_deleted(portunus_hnsw *index, size_t label);
/// Grows the index to hold `capacity` vectors; 0 or -1.
int portunus_hnsw_resize(portunus_hnsw *index, size_t capacity);
size_t portunus_hnsw_capacity(const portunus_hnsw *index);
/// Saves to `path`; 0 or -1.
int portunus_hnsw_save(portunus_hnsw *index, const char *path);
size_t portunus_hnsw_count(const portunus_hnsw *index);
void portunus_hnsw_free(portunus_hnsw *index);

#ifdef __cplusplus
}
#endif
#endif
