#pragma once
// Invariants: observers of a run that record violations. Expected amounts always come from
// the oracle on the true facts (RunView::cmg_owed, debit_due), never from what Pajemploi or
// the CAF believed; due dates come from the harness's own reckoning (due_dates.hpp), never
// from the model's flags. Each invariant reports a family-month at most once, the day it turns.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_set>
#include <utility>
#include <vector>

#include "sim/model/observer.hpp"

namespace pajesim::invariants {

// Why a violation was reported: most reasons are one of the program's literals, held by their
// address (a run keeps up to 100 000 violations per invariant, and a copy of the same text in
// each took a block of the heap); a text made for one violation (with its amounts) is held
// whole, its own copy. Reads as a string.
class ReasonText {
public:
    ReasonText() = default;
    template <std::size_t N>
    ReasonText(const char (&literal)[N]) : view_(literal, N - 1) {}  // NOLINT: a literal, kept by address
    explicit ReasonText(std::string_view text) { own(text); }
    ReasonText(const ReasonText& other) { *this = other; }
    ReasonText(ReasonText&& other) noexcept { *this = std::move(other); }
    ReasonText& operator=(const ReasonText& other) {
        if (this == &other) return *this;
        if (other.owned_) {
            own(other.view_);
        } else {
            owned_.reset();
            view_ = other.view_;
        }
        return *this;
    }
    ReasonText& operator=(ReasonText&& other) noexcept {
        owned_ = std::move(other.owned_);
        view_ = other.view_;
        other.view_ = {};
        return *this;
    }

    std::string_view view() const { return view_; }
    operator std::string() const { return std::string(view_); }  // NOLINT: reads as a string
    bool empty() const { return view_.empty(); }
    std::size_t find(std::string_view part) const { return view_.find(part); }
    friend bool operator==(const ReasonText& a, std::string_view b) { return a.view_ == b; }
    friend std::ostream& operator<<(std::ostream& out, const ReasonText& text) { return out << text.view_; }

private:
    void own(std::string_view text) {
        owned_ = std::make_unique<char[]>(text.size() + 1);
        std::memcpy(owned_.get(), text.data(), text.size());
        view_ = std::string_view(owned_.get(), text.size());
    }
    std::unique_ptr<char[]> owned_;
    std::string_view view_;
};

struct Violation {
    std::string_view invariant;
    FamilyId family;
    YearMonth month;
    Cents expected;
    Cents actual;
    Date first_seen;
    ReasonText reason;
    Cents harm;  // money at stake, for ranking
};

// The key of a family-month in an invariant's sparse table (few cells: overpayments, Pajemploi+
// months): family << 16 | month index.
inline std::uint64_t family_month_key(FamilyId family, std::int32_t month_index) {
    return std::uint64_t{family.value()} << 16 | static_cast<std::uint16_t>(month_index);
}
inline std::uint64_t family_month_key(FamilyId family, YearMonth month, const model::RunView& view) {
    return family_month_key(family, view.first_month().months_until(month));
}

class Invariant : public model::RunObserver {
public:
    explicit Invariant(std::string_view name) : name_(name) {}
    std::string_view name() const { return name_; }
    // In a deque: up to max_kept_violations of them, never copied as they grow, and no room
    // reserved beyond the last (a vector would hold up to twice as many).
    const std::deque<Violation>& violations() const { return violations_; }
    std::uint64_t violation_count() const { return count_; }

    // How many violations an invariant keeps with their texts; it counts those beyond.
    static constexpr std::size_t max_kept_violations = 100'000;

protected:
    // Records a violation unless this family-month was already reported by this invariant.
    // `reason` is a text, or a function that makes it: a text built of amounts is made only for
    // a violation kept, not for a family-month reported again nor beyond the violations kept.
    template <typename Reason>
    void report(FamilyId family, YearMonth month, Cents expected, Cents actual, Date when, Reason&& reason,
                Cents harm) {
        if (!first_report(family, month) || !keeps_more()) return;
        keep(Violation{name_, family, month, expected, actual, when, text_of(std::forward<Reason>(reason)), harm});
    }

private:
    template <typename Reason>
    static ReasonText text_of(Reason&& reason) {
        if constexpr (std::is_invocable_r_v<std::string, Reason>) {
            return ReasonText(std::string_view(reason()));
        } else if constexpr (std::is_array_v<std::remove_reference_t<Reason>>) {
            return ReasonText(reason);  // a literal: kept by address
        } else {
            return ReasonText(std::string_view(reason));
        }
    }
    // Counts the family-month's violation if it is the first; false if it was reported before.
    bool first_report(FamilyId family, YearMonth month);
    bool keeps_more() const { return violations_.size() < max_kept_violations; }
    void keep(Violation&& violation) { violations_.push_back(std::move(violation)); }

    std::string_view name_;
    std::deque<Violation> violations_;
    std::unordered_set<std::uint64_t> reported_;  // family << 32 | month index
    std::uint64_t count_ = 0;
};

}  // namespace pajesim::invariants
