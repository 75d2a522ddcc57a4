#pragma once
// Invariants: observers of a run that record violations. Expected amounts always come from
// the oracle on the true facts (RunView::cmg_owed, debit_due), never from what Pajemploi or
// the CAF believed; due dates come from the harness's own reckoning (due_dates.hpp), never
// from the model's flags. Each invariant reports a family-month at most once, the day it turns.

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/model/observer.hpp"

namespace pajesim::invariants {

struct Violation {
    std::string_view invariant;
    FamilyId family;
    YearMonth month;
    Cents expected;
    Cents actual;
    Date first_seen;
    std::string reason;
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
    const std::vector<Violation>& violations() const { return violations_; }
    std::uint64_t violation_count() const { return count_; }

protected:
    // Records a violation unless this family-month was already reported by this invariant.
    void report(FamilyId family, YearMonth month, Cents expected, Cents actual, Date when,
                std::string reason, Cents harm);

private:
    std::string_view name_;
    std::vector<Violation> violations_;
    std::set<std::pair<std::uint32_t, std::int32_t>> reported_;
    std::uint64_t count_ = 0;
};

}  // namespace pajesim::invariants
