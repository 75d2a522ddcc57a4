#include "harness/faults/payment_file_rejected.hpp"

namespace pajesim::faults {

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
    file.rejected_by = tag();
    fire(file.family, file.date);
}

}  // namespace pajesim::faults
