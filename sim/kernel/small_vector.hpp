#pragma once
// A vector of trivially copyable values that keeps its first N values inside itself, and moves
// them to the heap only when it grows past N. The contracts' lists of children are one entry for
// every childminder's contract and two or three for a home carer's: held inside the contract,
// reading them costs no second cache miss and holding them no allocation (a std::vector's
// 4-byte list costs a 32-byte block of the heap, far from its contract).
//
// The same size as a std::vector (24 bytes for N = 4 values of 4 bytes), with the part of its
// interface pajesim uses: iteration, indexing, push_back, erase, comparison, and conversion
// from a std::vector or a braced list.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <type_traits>
#include <vector>

namespace pajesim {

template <typename T, std::size_t N>
class SmallVector {
    static_assert(std::is_trivially_copyable_v<T>, "values are copied as bytes");
    static_assert(N >= 1 && N * sizeof(T) >= sizeof(T*), "the inline room holds at least a pointer");

public:
    using value_type = T;
    using iterator = T*;
    using const_iterator = const T*;

    SmallVector() = default;
    SmallVector(std::initializer_list<T> values) { assign(values.begin(), values.end()); }
    SmallVector(const std::vector<T>& values) { assign(values.data(), values.data() + values.size()); }  // NOLINT
    SmallVector(const SmallVector& other) { assign(other.begin(), other.end()); }
    SmallVector(SmallVector&& other) noexcept { take(other); }
    SmallVector& operator=(const SmallVector& other) {
        if (this != &other) assign(other.begin(), other.end());
        return *this;
    }
    SmallVector& operator=(SmallVector&& other) noexcept {
        if (this != &other) {
            release();
            take(other);
        }
        return *this;
    }
    ~SmallVector() { release(); }

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    T* data() { return on_heap() ? storage_.heap : storage_.values; }
    const T* data() const { return on_heap() ? storage_.heap : storage_.values; }
    T* begin() { return data(); }
    T* end() { return data() + size_; }
    const T* begin() const { return data(); }
    const T* end() const { return data() + size_; }
    T& operator[](std::size_t i) { return data()[i]; }
    const T& operator[](std::size_t i) const { return data()[i]; }
    T& front() { return data()[0]; }
    const T& front() const { return data()[0]; }
    T& back() { return data()[size_ - 1]; }
    const T& back() const { return data()[size_ - 1]; }

    void clear() { size_ = 0; }
    void push_back(const T& value) {
        const T copy = value;  // `value` may be one of ours, and growing moves them
        if (size_ == capacity_) grow(capacity_ * 2);
        data()[size_++] = copy;
    }
    // Removes [first, last), keeping the order of the rest.
    T* erase(T* first, T* last) {
        std::memmove(static_cast<void*>(first), last, static_cast<std::size_t>(end() - last) * sizeof(T));
        size_ -= static_cast<std::uint32_t>(last - first);
        return first;
    }
    template <typename Predicate>
    friend std::size_t erase_if(SmallVector& values, Predicate predicate) {
        T* kept = std::remove_if(values.begin(), values.end(), predicate);
        const auto removed = static_cast<std::size_t>(values.end() - kept);
        values.erase(kept, values.end());
        return removed;
    }

    friend bool operator==(const SmallVector& a, const SmallVector& b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end());
    }

private:
    bool on_heap() const { return capacity_ > N; }
    void assign(const T* first, const T* last) {
        const auto count = static_cast<std::size_t>(last - first);
        size_ = 0;
        if (count > capacity_) grow(count);
        if (count > 0) std::memcpy(static_cast<void*>(data()), first, count * sizeof(T));
        size_ = static_cast<std::uint32_t>(count);
    }
    void grow(std::size_t capacity) {
        T* bigger = new T[capacity];
        if (size_ > 0) std::memcpy(static_cast<void*>(bigger), data(), size_ * sizeof(T));
        release();
        storage_.heap = bigger;
        capacity_ = static_cast<std::uint32_t>(capacity);
    }
    void release() {
        if (on_heap()) delete[] storage_.heap;
        capacity_ = N;
    }
    void take(SmallVector& other) {
        storage_ = other.storage_;
        size_ = other.size_;
        capacity_ = other.capacity_;
        other.size_ = 0;
        other.capacity_ = N;
    }

    union Storage {
        T values[N];
        T* heap;
    } storage_{};
    std::uint32_t size_ = 0;
    std::uint32_t capacity_ = N;
};

}  // namespace pajesim
