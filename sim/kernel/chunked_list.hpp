#pragma once
// A list that grows by fixed chunks taken from a pool, read in order and then given back: the
// buckets of a day's events, or of a day's pending payments. A std::vector filled with the
// day's 200 000 payment orders grows by doubling and copies them all about twice, each copy a
// cache miss on both sides, and frees its storage when the day is spent only for the next
// bucket to allocate it again. Here nothing is ever copied, a chunk read to its end goes back
// to the pool at once (the events a day's first phases spend are the room its later phases
// fill), and a pool keeps a few chunks for the next lists, so that a day's ordinary traffic
// allocates nothing.
//
// A chunk holds C values; C is a power of two. The list holds its chunks' addresses; the
// values of chunk k are values k*C to k*C + C - 1.

#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

namespace pajesim {

template <typename T, std::size_t C>
class ChunkPool {
    static_assert(C >= 1 && (C & (C - 1)) == 0, "a chunk holds a power of two of values");

public:
    using Chunk = std::unique_ptr<T[]>;

    // Keeps up to `kept` chunks given back for the next lists; more go back to the heap, so
    // that the room a burst took is free for other owners once the burst is read.
    explicit ChunkPool(std::size_t kept = 64) : kept_(kept) {}

    Chunk take() {
        if (free_.empty()) return std::make_unique<T[]>(C);
        Chunk chunk = std::move(free_.back());
        free_.pop_back();
        return chunk;
    }
    void give_back(Chunk chunk) {
        if (free_.size() < kept_) free_.push_back(std::move(chunk));
    }
    std::size_t kept() const { return free_.size(); }

private:
    std::size_t kept_;
    std::vector<Chunk> free_;
};

template <typename T, std::size_t C>
class ChunkedList {
public:
    using Pool = ChunkPool<T, C>;

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }

    void push_back(T value, Pool& pool) {
        if (size_ % C == 0) chunks_.push_back(pool.take());
        chunks_.back()[size_ % C] = std::move(value);
        ++size_;
    }
    // Value i (< size()), in a chunk not given back yet.
    T& operator[](std::size_t i) { return chunks_[i / C][i % C]; }
    const T& operator[](std::size_t i) const { return chunks_[i / C][i % C]; }
    // Value i has been read, and every value before it (values are read in order; more may be
    // pushed meanwhile): a chunk read to its end goes back to the pool, since a value pushed
    // later goes to a chunk after it.
    void read_through(std::size_t i, Pool& pool) {
        if (i % C == C - 1) pool.give_back(std::move(chunks_[i / C]));
    }
    // Gives every chunk still held back to the pool; the list is empty.
    void release(Pool& pool) {
        for (typename Pool::Chunk& chunk : chunks_) {
            if (chunk != nullptr) pool.give_back(std::move(chunk));
        }
        std::vector<typename Pool::Chunk>().swap(chunks_);
        size_ = 0;
    }

private:
    std::vector<typename Pool::Chunk> chunks_;
    std::size_t size_ = 0;
};

}  // namespace pajesim
