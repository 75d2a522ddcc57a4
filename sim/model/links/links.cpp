#include "sim/model/links/links.hpp"

#include <algorithm>

namespace pajesim::model {

void RightsLink::handle(const RightsSent& sent) {
    RightsMessage message = sent.message;
    const Date today = context_.today();
    if (message.bulk()) context_.seams.migrate_record(message, today, message.record);
    if (context_.options.breaks.lose_single_parent_in_transfer) message.record.single_parent = false;
    ++context_.tally.statistics.rights_messages_sent;
    ++context_.figures_today().rights_messages;
    LinkRoute route{false, context_.scenario.workflow.rights_link_delay_days, false, 0};
    context_.seams.route_rights(message, today, route);
    const std::int16_t month = context_.clamped_index(message.record.valid_from);
    if (route.dropped) {
        PAJESIM_TRACE(context_, message.family, "rights_lost", month, Cents{0},
                      std::string(to_string(message.cause)) + " message, bracket " +
                          std::to_string(message.record.bracket) + ", never delivered",
                      route.dropped_by);
        return;
    }
    const Date arrival = std::max(today.plus_days(route.delay_days), context_.earliest(Phase::rights_link));
    context_.post(arrival, Phase::rights_link, RightsArrival{message});
    if (route.delayed_by != 0) {
        PAJESIM_TRACE(context_, message.family, "rights_delayed", month, Cents{0},
                      std::string(to_string(message.cause)) + " message sent today, delivered on " + arrival.to_string(),
                      route.delayed_by);
    }
    if (route.duplicated) {
        const Date again = today.plus_days(std::max(0, route.delay_days) + std::max(0, route.duplicate_delay_days));
        context_.post(again, Phase::rights_link, RightsArrival{message});
        PAJESIM_TRACE(context_, message.family, "rights_duplicated", month, Cents{0},
                      std::string(to_string(message.cause)) + " message from " +
                          message.record.valid_from.to_string() + ": a copy will arrive again on " + again.to_string(),
                      route.duplicated_by);
    }
}

void RightsLink::handle(const RightsArrival& arrival) {
    const RightsMessage& message = arrival.message;
    Intake intake{false, context_.today()};
    context_.intake(false, IntakeItem{IntakeKind::rights_message, message.family, message.caf, message.key()}, intake);
    const std::int16_t month = context_.clamped_index(message.record.valid_from);
    if (intake.lost) {
        PAJESIM_TRACE(context_, message.family, "rights_lost", month, Cents{0},
                      std::string(to_string(message.cause)) + " message lost by the centre's intake", intake.lost_by);
        return;
    }
    if (intake.process_on > context_.today()) {
        PAJESIM_TRACE(context_, message.family, "rights_held", month, Cents{0},
                      std::string(to_string(message.cause)) + " message held by a frozen server until " +
                          intake.process_on.to_string(),
                      intake.held_by);
        RightsMessage held = message;
        held.held = true;
        context_.post(intake.process_on, Phase::rights_link, RightsArrival{held});
        return;
    }
    if (message.held) {
        PAJESIM_TRACE(context_, message.family, "rights_released", month, Cents{0},
                      std::string(to_string(message.cause)) + " message released by the restarted server");
    }
    ++context_.tally.statistics.rights_messages_delivered;
    PAJESIM_TRACE(context_, message.family, "rights_received", context_.clamped_index(message.record.valid_from),
                  Cents{0},
                  std::string(to_string(message.cause)) + " message: bracket " +
                      std::to_string(message.record.bracket) + (message.record.single_parent ? ", single parent" : "") +
                      ", " + std::to_string(message.record.known_children) + " children known, from " +
                      message.record.valid_from.to_string());
    context_.to_centre(RightsIn{message.family, message.caf, message.cause, message.record,
                                context_.world.children_of(message.family)});
    // The nightly batch looks for rights that reach back over months already declared.
    context_.send(RightsDelivered{message.family.value(), message.record.valid_from});
}

void DeclarationLink::handle(const DeclarationSent& message) {
    const Contract& contract = context_.world.contracts[message.contract];
    const FamilyId family = contract.family;
    const YearMonth month = context_.month_of(message.month);
    // The centre's intake takes in every declaration, in both workflows.
    Intake intake{false, context_.today()};
    context_.intake(false,
                    IntakeItem{IntakeKind::declaration, family, context_.caf_of(family),
                               std::uint64_t{message.contract} << 16 | static_cast<std::uint16_t>(message.month),
                               context_.parameters.for_month(month).hourly(), context_.new_workflow(family, month)},
                    intake);
    if (intake.lost) {
        ++context_.figures(message.month).declarations_lost;
        PAJESIM_TRACE(context_, family, "declaration_lost", message.month,
                      contract.pay_in(month),
                      "contract " + std::to_string(message.contract), intake.lost_by);
        return;
    }
    if (!context_.new_workflow(family, month)) {
        context_.send(DeclarationForCaf{message.contract, message.month, intake.process_on.day_count()});
        return;
    }
    // The centre handles care months from the cutover's month, from the cutover day on.
    const Date process_on = std::max(intake.process_on, context_.cutover_of(family));
    const bool held = intake.process_on > context_.today();
    DeclarationArrival arrival{message.contract, message.declared_on, message.check_cmg, message.check_covered,
                               message.month};
    arrival.checked = message.checked;
    arrival.held = held && intake.held_by != 0;
    arrival.hours_error = intake.hours_error;
    if (intake.hours_error != 0) {
        PAJESIM_TRACE(context_, family, "declaration_hours_wrong", message.month, Cents{0},
                      std::string(intake.hours_error == hours_missing ? "hours missing" : "days keyed as hours") +
                          ", contract " + std::to_string(message.contract),
                      intake.hours_by);
    }
    if (held && intake.held_by != 0) {
        PAJESIM_TRACE(context_, family, "declaration_held", message.month, Cents{0},
                      "contract " + std::to_string(message.contract) + ": held by a frozen server until " +
                          process_on.to_string(),
                      intake.held_by);
    }
    if (process_on == context_.today()) {
        handle(arrival);
    } else {
        context_.post(process_on, Phase::declarations, arrival);
    }
    if (intake.duplicate_in_days > 0) {
        // The very same declaration again (its hours as keyed the first time).
        const Date again = process_on.plus_days(intake.duplicate_in_days);
        DeclarationArrival copy = arrival;
        copy.held = false;
        if (again < context_.horizon()) context_.post(again, Phase::declarations, copy);
        PAJESIM_TRACE(context_, family, "declaration_duplicated", message.month, Cents{0},
                      "contract " + std::to_string(message.contract) + ": a copy will arrive again on " +
                          again.to_string(),
                      intake.duplicated_by);
    }
}

void DeclarationLink::handle(const DeclarationArrival& message) {
    if (message.held) {
        const FamilyId family = context_.world.contracts[message.contract].family;
        PAJESIM_TRACE(context_, family, "declaration_released", message.month, Cents{0},
                      "contract " + std::to_string(message.contract) + ": released by the restarted server");
    }
    DeclarationIn in = declaration_in(context_, message.contract, message.month, day_of(message.declared_on));
    in.checked = message.checked;
    in.check_cmg = Cents{message.check_cmg};
    in.check_covered = Cents{message.check_covered};
    if (message.hours_error == hours_missing) in.hours_x100 = 0;
    if (message.hours_error == hours_days_keyed) in.hours_x100 = in.contract->work_in(in.month).days_worked * 100;
    context_.to_centre(in);
}

}  // namespace pajesim::model

