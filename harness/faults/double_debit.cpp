#include "harness/faults/double_debit.hpp"

namespace pajesim::faults {

std::unique_ptr<Fault> DoubleDebit::parse(ObjectReader& reader, DateRange window, const FaultContext& context) {
    return std::make_unique<DoubleDebit>(window, context, read_share(reader, "share", Ratio{5, 100}));
}

DoubleDebit::DoubleDebit(DateRange window, const FaultContext& context, Ratio share)
    : Fault("double_debit", window, context), share_(share) {}

void DoubleDebit::debit_copies(FamilyId family, YearMonth month, Date date, std::int32_t& copies) {
    if (copies > 1 || !active(date)) return;
    RandomStream draw = stream(std::uint64_t{family.value()} << 20 |
                               static_cast<std::uint32_t>(month.index() & 0xfffff));
    if (!draw.bernoulli(share_)) return;
    copies = 2;
    fire(family, date);
}

}  // namespace pajesim::faults
