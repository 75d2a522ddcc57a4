// The CAF: learns of changes after its processing delay, decides rights from the facts it
// holds, pays the CMG itself in the old workflow, and sends its decisions to Pajemploi as
// dated messages once a family's rights have been transferred.

#include <algorithm>

#include "sim/kernel/business_days.hpp"
#include "sim/model/engine.hpp"

namespace pajesim::model::detail {
namespace {

RightsCause cause_of(ChangeKind kind) {
    switch (kind) {
        case ChangeKind::birth: return RightsCause::birth;
        case ChangeKind::separation: return RightsCause::separation;
        case ChangeKind::move: return RightsCause::move;
    }
    return RightsCause::birth;
}

}  // namespace

void Engine::schedule_caf_processing(FamilyId id) {
    const Family& family = world_.families[id.index()];
    RandomStream stream(scenario_.seed, StreamKind::caf_processing, id.value());
    for (std::uint8_t k = 0; k < family.change_count; ++k) {
        const auto delay = static_cast<std::int32_t>(stream.uniform_int(
            workflow_.caf_processing_delay_days.min, workflow_.caf_processing_delay_days.max));
        const Date when = family.changes[k].date.plus_days(delay);
        if (when >= horizon_) continue;
        push(when, Phase::caf, Event{EventKind::caf_process, 0, 0, id.value(), k, 0});
    }
}

void Engine::caf_process(const Event& event) {
    const FamilyId id{event.subject};
    const Family& family = world_.families[id.index()];
    const Change& change = family.changes[static_cast<std::size_t>(event.amount)];
    Intake intake{false, today_};
    seams_.caf_intake(IntakeItem{IntakeKind::caf_change, id, family.caf,
                                 std::uint64_t{id.value()} << 8 | static_cast<std::uint64_t>(event.amount)},
                      today_, intake);
    if (intake.lost) return;
    if (intake.process_on > today_) {
        push(intake.process_on, Phase::caf, event);
        return;
    }
    caf_known_[id.index()] |= static_cast<std::uint8_t>(1u << event.amount);
    if (rights_sent_[id.index()] == 0) return;
    const YearMonth effect = change.date.year_month().plus_months(1);
    send_rights_from(id, std::max(effect, scenario_.first_month), cause_of(change.kind));
}

// The household as the CAF knows it for care month `month`: the changes it has processed.
const law::HouseholdFacts& Engine::caf_facts(FamilyId id, YearMonth month) {
    const Family& family = world_.families[id.index()];
    const std::uint8_t known = caf_known_[id.index()];
    caf_scratch_.single_parent = family.single_parent_at_start;
    caf_scratch_.children.assign(family.facts.children.begin(),
                                 family.facts.children.begin() + family.children_at_start);
    for (std::uint8_t k = 0; k < family.change_count; ++k) {
        if ((known >> k & 1u) == 0) continue;
        const Change& change = family.changes[k];
        if (change.kind == ChangeKind::separation && change.date < month.first_day()) {
            caf_scratch_.single_parent = true;
        }
        if (change.kind == ChangeKind::birth) {
            // A birth is the family's last child: knowing it means knowing every child.
            PAJESIM_ASSERT(change.value == caf_scratch_.children.size());
            caf_scratch_.children.push_back(family.facts.children[change.value]);
        }
    }
    caf_scratch_.resources_n2 = world_.resources_for_year(family, month.year());
    return caf_scratch_;
}

RightsRecord Engine::caf_decision(FamilyId id, YearMonth month) {
    const law::HouseholdFacts& facts = caf_facts(id, month);
    RightsRecord record;
    record.valid_from = month;
    record.single_parent = facts.single_parent;
    record.known_children = static_cast<std::uint8_t>(facts.children.size());
    const int dependent = law::dependent_children(facts, month);
    if (dependent > 0) {
        record.bracket = static_cast<std::uint8_t>(law::resource_bracket(
            facts.resources_n2, dependent, facts.single_parent, parameters_.for_month(month)));
    }
    return record;
}

// The CAF's decisions from `first` to next month: one record per change of decision.
std::vector<RightsRecord> Engine::caf_decisions_from(FamilyId id, YearMonth first) {
    const YearMonth last = std::min(scenario_.last_month, today_.year_month().plus_months(1));
    std::vector<RightsRecord> decisions;
    for (YearMonth month = first; month <= last; month = month.plus_months(1)) {
        const RightsRecord record = caf_decision(id, month);
        if (!decisions.empty()) {
            RightsRecord comparable = record;
            comparable.valid_from = decisions.back().valid_from;
            if (comparable == decisions.back()) continue;
        }
        decisions.push_back(record);
    }
    return decisions;
}

void Engine::send_rights_from(FamilyId id, YearMonth first, RightsCause cause) {
    for (const RightsRecord& record : caf_decisions_from(id, first)) {
        send_rights(RightsMessage{id, world_.families[id.index()].caf, record, cause});
    }
}

void Engine::send_rights(const RightsMessage& sent) {
    RightsMessage message = sent;
    if (message.bulk()) seams_.migrate_record(message, today_, message.record);
    if (options_.breaks.lose_single_parent_in_transfer) message.record.single_parent = false;
    ++result_.statistics.rights_messages_sent;
    ++figures_today().rights_messages;
    LinkRoute route{false, workflow_.rights_link_delay_days, false, 0};
    seams_.route_rights(message, today_, route);
    if (route.dropped) {
        PAJESIM_TRACE(message.family, "rights_lost", index_of(std::clamp(message.record.valid_from, scenario_.first_month,
                                                                  scenario_.last_month)),
              Cents{0}, std::string(to_string(message.cause)) + " message, bracket " +
                            std::to_string(message.record.bracket));
        return;
    }
    const Event event{EventKind::rights_delivery, 0, 0, message.family.value(),
                      pack(message.record),
                      static_cast<std::int64_t>(message.cause) << 32 | message.caf.value()};
    push(std::max(today_.plus_days(route.delay_days), earliest(Phase::rights_link)), Phase::rights_link, event);
    if (route.duplicated) {
        push(today_.plus_days(std::max(0, route.delay_days) + std::max(0, route.duplicate_delay_days)),
             Phase::rights_link, event);
    }
}

// The initial transfer for one cohort of CAFs (every CAF in a big bang).
void Engine::rights_transfer(std::uint32_t cohort) {
    const bool phased = scenario_.rollout.mode == RolloutMode::phased;
    for (std::uint32_t f = 0; f < world_.families.size(); ++f) {
        const FamilyId id{f};
        const std::uint32_t caf = world_.families[f].caf.value();
        if (phased && caf % scenario_.rollout.cohorts != cohort) continue;
        rights_sent_[f] = 1;
        const YearMonth first = std::max(scenario_.first_month, cutover_of(id).year_month().plus_months(-1));
        send_rights_from(id, first, RightsCause::bulk);
    }
}

// Each 1 January the N-2 year rolls: new brackets for every family already transferred.
void Engine::january_roll() {
    const YearMonth january = today_.year_month();
    for (std::uint32_t f = 0; f < world_.families.size(); ++f) {
        if (rights_sent_[f] != 0) send_rights_from(FamilyId{f}, january, RightsCause::new_year);
    }
}

void Engine::deliver_rights(const Event& event) {
    const FamilyId family{event.subject};
    const auto cause = static_cast<RightsCause>(event.extra >> 32);
    const CafId caf{static_cast<std::uint32_t>(event.extra & 0xffffffff)};
    const RightsMessage message{family, caf, unpack(event.amount), cause};
    Intake intake{false, today_};
    seams_.pajemploi_intake(IntakeItem{IntakeKind::rights_message, family, caf, message.key()},
                            today_, intake);
    if (intake.lost) return;
    if (intake.process_on > today_) {
        push(intake.process_on, Phase::rights_link, event);
        return;
    }
    rights_.apply(message);
    ++result_.statistics.rights_messages_delivered;
    PAJESIM_TRACE(family, "rights_received",
          index_of(std::clamp(message.record.valid_from, scenario_.first_month, scenario_.last_month)), Cents{0},
          std::string(to_string(cause)) + " message: bracket " + std::to_string(message.record.bracket) +
              (message.record.single_parent ? ", single parent" : "") + ", " +
              std::to_string(message.record.known_children) + " children known, from " +
              message.record.valid_from.to_string());
    // Rights that reach back over months already taken in call for a regularisation.
    const std::int16_t from = std::max<std::int16_t>(0, index_of(message.record.valid_from));
    for (std::int16_t m = from; m < result_.month_count && month_of(m) <= today_.year_month(); ++m) {
        if ((month_flags_[cell(family, m)] & new_workflow_flag) != 0) {
            request_regularisation(family);
            break;
        }
    }
}

// The old workflow: the CAF pays the CMG from the facts it holds and covers the contributions;
// home-care contributions it does not cover are debited about two months later.
void Engine::caf_pay(const Event& event) {
    const Contract& contract = world_.contracts[event.subject];
    Intake intake{false, today_};
    seams_.caf_intake(IntakeItem{IntakeKind::declaration, contract.family,
                                 world_.families[contract.family.index()].caf,
                                 std::uint64_t{event.subject} << 16 | static_cast<std::uint16_t>(event.month)},
                      today_, intake);
    if (intake.lost) return;
    if (intake.process_on > today_) {
        push(intake.process_on, Phase::payments, event);
        return;
    }
    const YearMonth month = month_of(event.month);
    const law::MonthParameters& p = parameters_.for_month(month);
    caf_contract_ = contract.facts;
    const law::HouseholdFacts& facts = caf_facts(contract.family, month);
    std::erase_if(caf_contract_.children, [&](std::uint32_t c) { return c >= facts.children.size(); });
    if (caf_contract_.children.empty()) return;
    const law::Entitlement decided =
        law::compute_entitlement(facts, caf_contract_, p, nullptr, law::Detail::amounts_only);
    record_cmg(contract.family, event.month, decided.cmg_paid, Cause::cmg);
    transfer(ledger_.plan().caf_fund(), ledger_.plan().urssaf(), decided.contributions.covered,
             Cause::contributions_covered, contract.family, event.month);
    figures(event.month).contributions_covered += decided.contributions.covered;
    if (decided.contributions.uncovered > Cents{0}) {
        const Date when = next_business_day_on_or_after(
            month.plus_months(1 + workflow_.old_home_carer_contributions_delay_months).day_clamped(5));
        push(std::max(when, today_), Phase::debits,
             Event{EventKind::contributions_debit, 0, event.month, event.subject,
                   decided.contributions.uncovered.value(), 0});
    }
}

}  // namespace pajesim::model::detail
