#pragma once
// Additions to totals spread over millions of entities (a family's, an account's) that are read
// only later, at a run's end: noted as they come, then applied a batch at a time in one loop that
// fetches ahead. Added where they come, each would cost the caller a cache miss and a stall;
// applied in a loop of independent additions, the misses overlap.
//
// The totals live with their owner: `at(index)` gives a reference to the index-th. Whoever reads
// a total first calls apply(at): nothing is applied behind the owner's back, and the order of the
// additions to one total is the order they were noted (the same sums, integers or not).

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pajesim {

template <typename Amount>
class DeferredSums {
public:
    static constexpr std::size_t default_batch = std::size_t{1} << 14;

    explicit DeferredSums(std::size_t batch = default_batch) : batch_(batch < 1 ? 1 : batch) {}

    // Totals given by `at(index)`, a reference to the index-th.
    template <typename At>
    void add(std::uint32_t index, Amount amount, At&& at) {
        Referenced<At> totals{at};
        add_to(index, amount, totals);
    }
    template <typename At>
    void apply(At&& at) {
        Referenced<At> totals{at};
        apply_to(totals);
    }

    // Totals that are not plain references: `totals` gives `address(index)` (to fetch it
    // ahead) and `add(index, amount)` (kernel/narrow_totals.hpp).
    template <typename Totals>
    void add_to(std::uint32_t index, Amount amount, Totals& totals) {
        if (noted_.empty()) noted_.resize(batch_);  // at first use: a batch's room, kept
        noted_[count_++] = Addition{index, amount};
        if (count_ == batch_) apply_to(totals);
    }
    template <typename Totals>
    void apply_to(Totals& totals) {
        constexpr std::size_t ahead = 16;
        const std::size_t count = count_;
        const std::size_t fetched = count > ahead ? count - ahead : 0;  // those with one `ahead` on
        std::size_t i = 0;
        for (; i < fetched; ++i) {
            __builtin_prefetch(totals.address(noted_[i + ahead].index), 1);
            totals.add(noted_[i].index, noted_[i].amount);
        }
        for (; i < count; ++i) totals.add(noted_[i].index, noted_[i].amount);
        count_ = 0;
    }

    std::size_t noted() const { return count_; }

private:
    // `at` seen as totals.
    template <typename At>
    struct Referenced {
        At& at;
        const void* address(std::uint32_t index) { return &at(index); }
        void add(std::uint32_t index, Amount amount) { at(index) += amount; }
    };
    struct Addition {
        std::uint32_t index = 0;
        Amount amount{};
    };
    std::size_t batch_;
    std::size_t count_ = 0;  // the additions noted, first in noted_
    std::vector<Addition> noted_;
};

}  // namespace pajesim
