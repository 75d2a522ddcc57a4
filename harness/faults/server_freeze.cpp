#include "harness/faults/server_freeze.hpp"

#include <algorithm>

#include "sim/kernel/business_days.hpp"

namespace pajesim::faults {

std::unique_ptr<Fault> ServerFreeze::parse(ObjectReader& reader, DateRange window,
                                           const FaultContext& context) {
    const JsonValue system_value = reader.required("system");
    const std::string system = system_value.as_string();
    if (system != "pajemploi" && system != "caf") {
        system_value.fail("unknown system \"" + system + "\" (expected pajemploi or caf)");
    }
    const Ratio lost = read_share(reader, "lost_share", Ratio::zero());
    const Ratio capacity = read_share(reader, "restart_capacity_share_per_day", Ratio{10, 100});
    if (capacity == Ratio::zero()) {
        reader.required("restart_capacity_share_per_day").fail("a capacity of zero never restarts");
    }
    return std::make_unique<ServerFreeze>(window, context,
                                          system == "caf" ? System::caf : System::pajemploi, lost,
                                          capacity);
}

ServerFreeze::ServerFreeze(DateRange window, const FaultContext& context, System system,
                           Ratio lost_share, Ratio capacity_share_per_day)
    : Fault("server_freeze", window, context), system_(system), lost_share_(lost_share) {
    // Items per business day after the restart: a share of the population, at least one.
    const auto scaled = static_cast<std::uint64_t>(
        (static_cast<std::int64_t>(context.families) * capacity_share_per_day.numerator()) /
        capacity_share_per_day.denominator());
    capacity_per_day_ = std::max<std::uint64_t>(1, scaled);
}

void ServerFreeze::hold(const model::IntakeItem& item, Date arrival, model::Intake& intake) {
    if (intake.lost || !active(arrival) || intake.process_on >= window().end()) return;
    fire(item.family, arrival);
    RandomStream draw = stream(item.key * 4 + static_cast<std::uint64_t>(item.kind));
    // The CAF's old-workflow payments are late, never lost: the declaration is in hand.
    const bool may_lose = !(system_ == System::caf && item.kind == model::IntakeKind::declaration);
    if (may_lose && draw.bernoulli(lost_share_)) {
        intake.lost = true;
        intake.lost_by = tag();
        return;
    }
    intake.held_by = tag();
    const Date restart = next_business_day_on_or_after(window().end());
    const auto day = static_cast<std::int32_t>(held_++ / capacity_per_day_);
    intake.process_on = day == 0 ? restart : nth_business_day_after(restart, day);
}

void ServerFreeze::pajemploi_intake(const model::IntakeItem& item, Date arrival, model::Intake& intake) {
    if (system_ == System::pajemploi) hold(item, arrival, intake);
}

void ServerFreeze::caf_intake(const model::IntakeItem& item, Date arrival, model::Intake& intake) {
    if (system_ == System::caf) hold(item, arrival, intake);
}

}  // namespace pajesim::faults
