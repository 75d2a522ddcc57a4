#pragma once
// Invariants: observers of a run that record violations. Expected amounts always come from
// the oracle on the true facts (RunView::cmg_owed, debit_due), never from what Pajemploi or
// the CAF believed. Each invariant reports a family-month at most once, the day it turns.

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

// The care months whose payment is due on `today` (on its deadline, or its late deadline).
// Old-workflow months are due model::old_workflow_grace_days later: the CAF paid weeks after.
using model::old_workflow_grace_days;
bool due_today(const model::RunView& view, FamilyId family, std::int32_t month);
// Whether `today` is one of the month's possible due dates (a cheap filter before the
// per-family look).
bool is_due_date(const model::RunView& view, std::int32_t month);

// Calls visit(family, month) for every declared family-month whose payment is due today.
template <typename Visit>
void for_each_due_today(const model::RunView& view, Visit visit) {
    const YearMonth first = view.first_month();
    for (std::int32_t m = 0; m < view.month_count(); ++m) {
        if (view.today() < first.plus_months(m + 1).first_day()) break;  // nothing due yet
        if (!is_due_date(view, m)) continue;
        for (std::uint32_t f = 0; f < view.family_count(); ++f) {
            if (due_today(view, FamilyId{f}, m)) visit(FamilyId{f}, m);
        }
    }
}

}  // namespace pajesim::invariants
