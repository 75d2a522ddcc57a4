#include "harness/faults/intake_faults.hpp"

#include "sim/kernel/business_days.hpp"

namespace pajesim::faults {

std::unique_ptr<Fault> DeclarationLost::parse(ObjectReader& reader, DateRange window, const FaultContext& context) {
    return std::make_unique<DeclarationLost>(window, context, read_share(reader, "share", Ratio{1, 100}));
}

DeclarationLost::DeclarationLost(DateRange window, const FaultContext& context, Ratio share)
    : Fault("declaration_lost", window, context), share_(share) {}

void DeclarationLost::pajemploi_intake(const model::IntakeItem& item, Date arrival, model::Intake& intake) {
    if (intake.lost || item.kind != model::IntakeKind::declaration || !active(arrival)) return;
    RandomStream draw = stream(item.key);
    if (!draw.bernoulli(share_)) return;
    intake.lost = true;
    fire();
}

std::unique_ptr<Fault> PaymentFileRejected::parse(ObjectReader& reader, DateRange window,
                                                  const FaultContext& context) {
    const Ratio share = read_share(reader, "share", Ratio{1, 10});
    std::int32_t resend = 3;
    if (auto value = reader.optional("resend_after_business_days")) {
        resend = static_cast<std::int32_t>(value->as_int(1, 60));
    }
    return std::make_unique<PaymentFileRejected>(window, context, share, resend);
}

PaymentFileRejected::PaymentFileRejected(DateRange window, const FaultContext& context, Ratio share,
                                         std::int32_t resend_days)
    : Fault("payment_file_rejected", window, context), share_(share), resend_days_(resend_days) {}

void PaymentFileRejected::payment_file(model::PaymentFile& file) {
    if (file.resend_after_business_days > 0 || !active(file.date)) return;
    // One draw per day: the whole day's file is rejected or not.
    RandomStream draw = stream(static_cast<std::uint64_t>(file.date.day_count()));
    if (!draw.bernoulli(share_)) return;
    file.resend_after_business_days = resend_days_;
    fire();
}

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
    fire();
}

std::unique_ptr<Fault> ContributionsDebitedWithoutRights::parse(ObjectReader& reader, DateRange window,
                                                                const FaultContext& context) {
    return std::make_unique<ContributionsDebitedWithoutRights>(window, context,
                                                               read_share(reader, "share", Ratio::one()));
}

ContributionsDebitedWithoutRights::ContributionsDebitedWithoutRights(DateRange window,
                                                                     const FaultContext& context, Ratio share)
    : Fault("contributions_debited_without_rights", window, context), share_(share) {}

void ContributionsDebitedWithoutRights::debit_covered_without_rights(FamilyId family, Date date, bool& debit) {
    if (debit || !active(date) || !family_selected(family, share_)) return;
    debit = true;
    fire();
}

}  // namespace pajesim::faults
