#include "portunus_hnsw.h"

#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <thread>
#include <vector>

struct portunus_hnsw {
    std::unique_ptr<hnswlib::InnerProductSpace> space;
    std::unique_ptr<hnswlib::HierarchicalNSW<float>> graph;
    int dimension;
};

extern "C" portunus_hnsw *portunus_hnsw_create(int dimension, size_t capacity, size_t m, size_t ef_construction, size_t seed) {
    try {
        auto index = new portunus_hnsw();
        index->dimension = dimension;
        index->space = std::make_unique<hnswlib::InnerProductSpace>(dimension);
        index->graph = std::make_unique<hnswlib::HierarchicalNSW<float>>(index->space.get(), capacity, m, ef_construction, seed);
        return index;
    } catch (...) {
        return nullptr;
    }
}

extern "C" portunus_hnsw *portunus_hnsw_load(const char *path, int dimension, size_t capacity) {
    try {
        auto index = new portunus_hnsw();
        index->dimension = dimension;
        index->space = std::make_unique<hnswlib::InnerProductSpace>(dimension);
        index->graph = std::make_unique<hnswlib::HierarchicalNSW<float>>(index->space.get(), std::string(path), false, capacity);
        return index;
    } catch (...) {
        return nullptr;
    }
}

extern "C" int portunus_hnsw_add(portunus_hnsw *index, const float *vectors, const size_t *labels, size_t count, int threads) {
    std::atomic<size_t> next(0);
    std::atomic<bool> failed(false);
    auto work = [&]() {
        for (size_t row = next++; row < count && !failed; row = next++) {
            try {
                index->graph->addPoint(vectors + row * index->dimension, labels[row]);
            } catch (...) {
                failed = true;
            }
        }
    };
    int workers = std::max(1, threads);
    std::vector<std::thread> pool;
    for (int i = 1; i < workers; i++) pool.emplace_back(work);
    work();
    for (auto &thread : pool) thread.join();
    return failed ? -1 : 0;
}

extern "C" void portunus_hnsw_set_ef(portunus_hnsw *index, size_t ef) { index->graph->setEf(ef); }

extern "C" size_t portunus_hnsw_search(const portunus_hnsw *index, const float *probe, size_t k, size_t *labels, float *similarities) {
    try {
        auto found = index->graph->searchKnn(probe, k);
        size_t count = found.size();
        // The queue pops the farthest first: fill from the back.
        for (size_t i = count; i > 0; i--) {
            labels[i - 1] = found.top().second;
            similarities[i - 1] = 1.0f - found.top().first;
            found.pop();
        }
        return count;
    } catch (...) {
        return 0;
    }
}

extern "C" int portunus_hnsw_mark_deleted(portunus_hnsw *index, size_t label) {
    try {
        index->graph->markDelete(label);
        return 0;
    } catch (...) {
        return -1;
    }
}

extern "C" int portunus_hnsw_resize(portunus_hnsw *index, size_t capacity) {
    try {
        index->graph->resizeIndex(capacity);
        return 0;
    } catch (...) {
        return -1;
    }
}

extern "C" size_t portunus_hnsw_capacity(const portunus_hnsw *index) { return index->graph->max_elements_; }

extern "C" int portunus_hnsw_save(portunus_hnsw *index, const char *path) {
    try {
        index->graph->saveIndex(std::string(path));
        return 0;
    } catch (...) {
        return -1;
    }
}

extern "C" size_t portunus_hnsw_count(const portunus_hnsw *index) { return index->graph->cur_element_count; }

extern "C" void portunus_hnsw_free(portunus_hnsw *index) { delete index; }
