#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {
namespace {
constexpr std::size_t max_kept_violations = 100'000;  // counted beyond, not kept
}

void Invariant::report(FamilyId family, YearMonth month, Cents expected, Cents actual, Date when,
                       std::string reason, Cents harm) {
    if (!reported_.emplace(family.value(), month.index()).second) return;
    ++count_;
    if (violations_.size() >= max_kept_violations) return;
    violations_.push_back(Violation{name_, family, month, expected, actual, when, std::move(reason), harm});
}

}  // namespace pajesim::invariants
