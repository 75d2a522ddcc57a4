#include "harness/invariants/invariant.hpp"

namespace pajesim::invariants {

bool Invariant::first_report(FamilyId family, YearMonth month) {
    const std::uint64_t key = std::uint64_t{family.value()} << 32 | static_cast<std::uint32_t>(month.index());
    if (!reported_.insert(key).second) return false;
    ++count_;
    return true;
}

}  // namespace pajesim::invariants
