// Declarations and Pajemploi: the intake of declarations, the computation of the CMG from
// Pajemploi's own copy of the rights, payments on business days, debits and Pajemploi+.

#include <algorithm>

#include "sim/kernel/business_days.hpp"
#include "sim/model/engine.hpp"

namespace pajesim::model::detail {
namespace {
constexpr std::uint8_t copy_flag = 1;            // a fault's extra copy of a debit
constexpr std::uint8_t without_rights_flag = 2;  // a debit decided while Pajemploi had no rights
constexpr std::uint8_t copies_decided_flag = 4;  // the seams were asked for copies already

std::uint64_t bit(std::int16_t month) { return std::uint64_t{1} << month; }
}  // namespace

void Engine::declare(ContractId id, std::int16_t index) {
    const Contract& contract = world_.contracts[id.index()];
    const FamilyId family = contract.family;
    const YearMonth month = month_of(index);
    const law::MonthParameters& p = parameters_.for_month(month);
    const law::Entitlement owed = law::compute_entitlement(
        world_.true_facts(family, month), contract.facts, p, nullptr, law::Detail::amounts_only);
    const Cents pay = contract.facts.net_salary + contract.facts.maintenance;
    const std::size_t at = cell(family, index);
    const bool is_new = new_workflow(family, month);
    result_.owed_cents[at] += static_cast<std::int32_t>(owed.cmg_paid.value());
    // What the family should be debited for the month: uncovered contributions, and under
    // Pajemploi+ the salary too (its CMG is credited separately).
    const Cents due = owed.contributions.uncovered +
                      (is_new && contract.pajemploi_plus ? pay : Cents{0});
    contributions_due_cents_[at] += static_cast<std::int32_t>(due.value());
    MonthFigures& figure = figures(index);
    if ((month_flags_[at] & declared_flag) == 0) ++figure.families;
    month_flags_[at] |= static_cast<std::uint8_t>(declared_flag | (is_new ? new_workflow_flag : 0));
    if (today_ > month.plus_months(1).day_clamped(5)) month_flags_[at] |= late_flag;
    contract_declared_[id.index()] |= bit(index);
    ++figure.declarations;
    figure.cmg_owed += owed.cmg_paid;
    figure.carers_due += pay;
    result_.families[family.index()].carers_due += pay;
    carers_due_cents_[at] += static_cast<std::int32_t>(pay.value());
    if (options_.observer != nullptr) {
        options_.observer->on_declaration(
            DeclarationMade{today_, family, world_.families[family.index()].caf, id, month}, view_);
    }
    PAJESIM_TRACE(family, "declaration", index, pay,
          "contract " + std::to_string(id.value()) + (contract.pajemploi_plus ? " (Pajemploi+)" : "") +
              ", CMG owed by law " + owed.cmg_paid.to_string());
    if (!contract.pajemploi_plus || !is_new) pay_salary_directly(contract, index);

    // The centre takes in every declaration, in both workflows.
    Intake intake{false, today_};
    seams_.pajemploi_intake(IntakeItem{IntakeKind::declaration, family,
                                       world_.families[family.index()].caf,
                                       std::uint64_t{id.value()} << 16 | static_cast<std::uint16_t>(index)},
                            today_, intake);
    if (intake.lost) {
        ++figure.declarations_lost;
        PAJESIM_TRACE(family, "declaration_lost", index, pay, "contract " + std::to_string(id.value()));
        return;
    }
    if (!is_new) {
        contract_received_[id.index()] |= bit(index);
        push(nth_business_day_after(intake.process_on, workflow_.caf_payment_delay_business_days),
             Phase::payments, Event{EventKind::caf_payment, 0, index, id.value(), 0, 0});
        return;
    }
    // Pajemploi handles care months from the cutover's month, from the cutover day on.
    const Date process_on = std::max(intake.process_on, cutover_of(family));
    if (process_on > today_) {
        push(process_on, Phase::declarations, Event{EventKind::declaration_intake, 0, index, id.value(), 0, 0});
        return;
    }
    declaration_intake(id, index);
}

void Engine::declaration_intake(ContractId id, std::int16_t index) {
    const Contract& contract = world_.contracts[id.index()];
    const YearMonth month = month_of(index);
    // A declaration is taken in once: a copy held by a frozen server and one re-taken by an
    // agent's fix may both arrive; the second is ignored.
    if ((contract_received_[id.index()] & bit(index)) != 0) return;
    contract_received_[id.index()] |= bit(index);
    const std::optional<law::Entitlement> computed = pajemploi_compute(contract, month);
    const bool parallel = scenario_.rollout.mode == RolloutMode::parallel_run &&
                          month < cutover_of(contract.family).year_month().plus_months(
                                      scenario_.rollout.parallel_run_months);
    if (parallel) {
        // Parallel run: the CAF's computation from its own facts is compared with Pajemploi's;
        // any difference is held and checked by an agent before anything is paid.
        caf_contract_ = contract.facts;
        const law::HouseholdFacts& facts = caf_facts(contract.family, month);
        std::erase_if(caf_contract_.children, [&](std::uint32_t c) { return c >= facts.children.size(); });
        const bool caf_has_child = !caf_contract_.children.empty();
        const law::Entitlement by_caf = caf_has_child
            ? law::compute_entitlement(facts, caf_contract_, parameters_.for_month(month), nullptr,
                                       law::Detail::amounts_only)
            : law::Entitlement{};
        if (!computed || computed->cmg_paid != by_caf.cmg_paid ||
            computed->contributions.covered != by_caf.contributions.covered) {
            settle_without_rights(id, index, computed.has_value());  // contributions wait for the check
            open_file(contract.family);
            return;
        }
    }
    if (computed) {
        settle_with_rights(id, index, *computed);
    } else {
        settle_without_rights(id, index, false);
    }
}

void Engine::settle_with_rights(ContractId id, std::int16_t index, const law::Entitlement& computed) {
    const Contract& contract = world_.contracts[id.index()];
    contract_settled_[id.index()] |= bit(index);
    committed_cents_[cell(contract.family, index)] += static_cast<std::int32_t>(computed.cmg_paid.value());
    const Date debit_date = nth_business_day_after(today_, workflow_.contributions_debit_business_days);
    if (computed.contributions.covered > Cents{0}) {
        push(debit_date, Phase::payments,
             Event{EventKind::covered_payment, 0, index, id.value(), computed.contributions.covered.value(), 0});
    }
    const Cents uncovered = computed.contributions.uncovered;
    if (!contract.pajemploi_plus) {
        if (computed.cmg_paid > Cents{0}) {
            push(nth_business_day_after(today_, workflow_.cmg_payment_delay_business_days), Phase::payments,
                 Event{EventKind::cmg_payment, 0, index, id.value(), computed.cmg_paid.value(), 0});
        }
        if (uncovered > Cents{0}) {
            push(debit_date, Phase::debits,
                 Event{EventKind::contributions_debit, 0, index, id.value(), uncovered.value(), 0});
        }
        return;
    }
    const Cents pay = contract.facts.net_salary + contract.facts.maintenance;
    push(debit_date, Phase::debits,
         Event{EventKind::plus_debit, 0, index, id.value(), (pay + uncovered).value(),
               computed.cmg_paid.value()});
    push(pajemploi_plus_carer_date(month_of(index)), Phase::payments,
         Event{EventKind::carer_payment, 0, index, id.value(), pay.value(), 0});
}

// No rights (or a parallel-run difference): no CMG, and the contributions wait for rights,
// unless a fault makes Pajemploi debit them all. The carer is paid all the same.
void Engine::settle_without_rights(ContractId id, std::int16_t index, bool has_rights) {
    const Contract& contract = world_.contracts[id.index()];
    bool debit_all = false;
    if (!has_rights) seams_.debit_covered_without_rights(contract.family, today_, debit_all);
    Cents contributions{0};
    if (debit_all) {
        contributions = law::contributions_before_coverage(contract.facts,
                                                           parameters_.for_month(month_of(index))).total;
        contract_debited_all_[id.index()] |= bit(index);  // a regularisation debits no more
    }
    const Date debit_date = nth_business_day_after(today_, workflow_.contributions_debit_business_days);
    if (!contract.pajemploi_plus) {
        if (contributions > Cents{0}) {
            push(debit_date, Phase::debits,
                 Event{EventKind::contributions_debit, without_rights_flag, index, id.value(),
                       contributions.value(), 0});
        }
        return;
    }
    const Cents pay = contract.facts.net_salary + contract.facts.maintenance;
    push(debit_date, Phase::debits,
         Event{EventKind::plus_debit, debit_all ? without_rights_flag : std::uint8_t{0}, index,
               id.value(), (pay + contributions).value(), 0});
    push(pajemploi_plus_carer_date(month_of(index)), Phase::payments,
         Event{EventKind::carer_payment, 0, index, id.value(), pay.value(), 0});
}

// Pajemploi's computation, from its own copy of the rights only; nullopt without rights.
std::optional<law::Entitlement> Engine::pajemploi_compute(const Contract& contract, YearMonth month) {
    const std::optional<RightsRecord> rights = rights_.lookup(contract.family, month);
    if (!rights) return std::nullopt;
    // No right: no CMG, and every contribution uncovered.
    const auto none = [&] {
        law::Entitlement refused;
        refused.contributions = law::contributions_before_coverage(contract.facts, parameters_.for_month(month));
        refused.contributions.uncovered = refused.contributions.total;
        return refused;
    };
    if (rights->bracket == 0) return none();  // the CAF decided there is no right
    const Family& family = world_.families[contract.family.index()];
    pajemploi_household_.single_parent = rights->single_parent;
    pajemploi_household_.resources_n2 = Cents{0};
    pajemploi_household_.children.clear();
    for (std::uint8_t c = 0; c < rights->known_children; ++c) {
        law::ChildFacts child = family.facts.children[c];
        // A lost birth date reads as a child not yet born: not counted.
        if ((rights->lost_birth_mask >> c & 1u) != 0) child.birth = month.plus_months(1).first_day();
        pajemploi_household_.children.push_back(child);
    }
    // The contract as Pajemploi knows it: without children it does not know of (no copy when
    // it knows them all, the usual case).
    const bool knows_all = std::all_of(contract.facts.children.begin(), contract.facts.children.end(),
                                       [&](std::uint32_t c) { return c < rights->known_children; });
    if (!knows_all) {
        pajemploi_contract_ = contract.facts;
        std::erase_if(pajemploi_contract_.children, [&](std::uint32_t c) { return c >= rights->known_children; });
        if (pajemploi_contract_.children.empty()) return none();
    }
    law::Entitlement result = law::compute_entitlement_for_bracket(
        rights->bracket, pajemploi_household_, knows_all ? contract.facts : pajemploi_contract_,
        parameters_.for_month(month), nullptr,
        law::Detail::amounts_only);
    if (options_.breaks.drop_salary_cap && result.eligible) {
        result.cmg_remuneration = result.cmg_max;
        result.crds = apply_rate(result.cmg_max, parameters_.for_month(month).crds_rate->value,
                                 Rounding::half_up);
        result.cmg_paid = result.cmg_remuneration - result.crds;
    }
    return result;
}

// Pajemploi+ pays the carer ~3 business days after the declaration, by the 8th of M+1 at the
// latest (when the declaration was on time), never before the next business day.
Date Engine::pajemploi_plus_carer_date(YearMonth month) const {
    const Date usual = nth_business_day_after(today_, workflow_.pajemploi_plus_carer_payment_business_days);
    Date deadline = month.plus_months(1).day_clamped(
        static_cast<unsigned>(workflow_.pajemploi_plus_carer_payment_deadline_day));
    while (!is_business_day(deadline)) deadline = deadline.plus_days(-1);
    const Date earliest = nth_business_day_after(today_, 1);
    if (usual <= deadline) return usual;
    return std::max(deadline, earliest);
}

void Engine::pay_salary_directly(const Contract& contract, std::int16_t index) {
    const Cents pay = contract.facts.net_salary + contract.facts.maintenance;
    if (ledger_.balance(ledger_.plan().family(contract.family)) < pay) {
        ++figures_today().overdrafts;  // the parent's own transfer: the bank lets it through
    }
    carer_paid(contract, index, pay, Cause::salary, ledger_.plan().family(contract.family));
}

void Engine::carer_paid(const Contract& contract, std::int16_t index, Cents amount, Cause cause,
                        AccountId source) {
    figures(index).carers_paid += amount;
    result_.families[contract.family.index()].carers_paid += amount;
    carers_paid_cents_[cell(contract.family, index)] += static_cast<std::int32_t>(amount.value());
    transfer(source, ledger_.plan().carer(contract.carer), amount, cause, contract.family, index);
}

// The CMG is the CAF's money, whoever pays it out.
void Engine::record_cmg(FamilyId family, std::int16_t index, Cents amount, Cause cause) {
    if (amount <= Cents{0}) return;
    // Figures first, then the transfer: observers see the state after it.
    const std::size_t at = cell(family, index);
    const bool was_short = result_.paid_cents[at] < result_.owed_cents[at];
    result_.paid_cents[at] += static_cast<std::int32_t>(amount.value());
    if (was_short && result_.paid_cents[at] >= result_.owed_cents[at]) {
        const std::uint8_t flags = month_flags_[at];
        const Date due = due_date(index, (flags & late_flag) != 0)
                             .plus_days((flags & new_workflow_flag) != 0 ? 0 : old_workflow_grace_days);
        result_.statistics.longest_delay_days =
            std::max(result_.statistics.longest_delay_days, due.days_until(today_));
    }
    transfer(ledger_.plan().caf_fund(), ledger_.plan().family(family), amount, cause, family, index);
    figures(index).cmg_paid += amount;
    PAJESIM_TRACE(family, cause == Cause::cmg_arrears ? "arrears_paid" : "cmg_paid", index, amount);
}

// A rejected payment file is sent again later; false when this event must wait.
bool Engine::payment_file_sent(const Event& event) {
    PaymentFile file{today_, 0};
    seams_.payment_file(file);
    if (file.resend_after_business_days <= 0) return true;
    ++result_.statistics.payments_resent;
    push(nth_business_day_after(today_, file.resend_after_business_days), Phase::payments, event);
    return false;
}

void Engine::pay_cmg(const Event& event) {
    if (!payment_file_sent(event)) return;
    record_cmg(world_.contracts[event.subject].family, event.month, Cents{event.amount}, Cause::cmg);
}

void Engine::pay_covered(const Event& event) {
    const Contract& contract = world_.contracts[event.subject];
    transfer(ledger_.plan().caf_fund(), ledger_.plan().urssaf(), Cents{event.amount},
             Cause::contributions_covered, contract.family, event.month);
    figures(event.month).contributions_covered += Cents{event.amount};
}

std::int32_t Engine::debit_copies(FamilyId family, std::int16_t month) {
    std::int32_t copies = 1;
    seams_.debit_copies(family, month_of(month), today_, copies);
    return copies;
}

// A debit larger than the balance is rejected and presented again the business day after the
// family's next income; one still rejected after the run's horizon is abandoned.
bool Engine::try_debit(const Event& event, FamilyId family, Cents amount) {
    if (ledger_.balance(ledger_.plan().family(family)) >= amount) return true;
    ++result_.statistics.debits_rejected;
    ++figures_today().overdrafts;
    const Family& record = world_.families[family.index()];
    YearMonth income_month = today_.year_month();
    if (today_.day() >= record.income_day) income_month = income_month.plus_months(1);
    const Date retry = nth_business_day_after(income_month.day_clamped(record.income_day), 1);
    if (retry >= horizon_ || income_month > scenario_.last_month) {
        ++result_.statistics.debits_abandoned;
        return false;
    }
    push(retry, Phase::debits, event);
    return false;
}

// A debit decided without rights is looked at again when it is taken: if the month has been
// settled with rights since, only what is due is debited (the wrong debit is cancelled).
Cents Engine::debit_amount(const Event& event) {
    if ((event.flags & without_rights_flag) == 0 ||
        (contract_settled_[event.subject] & bit(event.month)) == 0) {
        return Cents{event.amount};
    }
    const Contract& contract = world_.contracts[event.subject];
    const std::optional<law::Entitlement> computed = pajemploi_compute(contract, month_of(event.month));
    PAJESIM_ASSERT(computed.has_value());
    const Cents salary = event.kind == EventKind::plus_debit
                             ? contract.facts.net_salary + contract.facts.maintenance
                             : Cents{0};
    return salary + computed->contributions.uncovered;
}

void Engine::debit_contributions(const Event& event) {
    const Cents amount = debit_amount(event);
    const FamilyId family = world_.contracts[event.subject].family;
    if (amount <= Cents{0}) return;
    Event presented = event;
    presented.flags |= copies_decided_flag;  // a debit presented again is not copied again
    if ((event.flags & (copy_flag | copies_decided_flag)) == 0 && debit_copies(family, event.month) > 1) {
        ++result_.statistics.double_debits;
        Event copy = presented;
        copy.flags |= copy_flag;
        push(today_, Phase::debits, copy);
    }
    if (!try_debit(presented, family, amount)) return;
    contributions_debited_cents_[cell(family, event.month)] += static_cast<std::int32_t>(amount.value());
    transfer(ledger_.plan().family(family), ledger_.plan().urssaf(), amount, Cause::contributions_debit,
             family, event.month);
    PAJESIM_TRACE(family, "contributions_debited", event.month, amount,
          (event.flags & without_rights_flag) != 0 ? "without rights: covered contributions included" : "");
    notice_over_debit(family, event.month);
    figures(event.month).contributions_debited += amount;
}

// Pajemploi+: the CMG is credited, then salary + uncovered contributions are debited.
void Engine::debit_pajemploi_plus(const Event& event) {
    const FamilyId family = world_.contracts[event.subject].family;
    Event rest = event;
    if (event.extra > 0) {
        record_cmg(family, event.month, Cents{event.extra}, Cause::cmg);
        rest.extra = 0;
    }
    rest.flags |= copies_decided_flag;
    if ((event.flags & (copy_flag | copies_decided_flag)) == 0 && debit_copies(family, event.month) > 1) {
        ++result_.statistics.double_debits;
        Event copy = rest;
        copy.flags |= copy_flag;
        push(today_, Phase::debits, copy);
    }
    const Cents amount = debit_amount(rest);
    if (amount <= Cents{0} || !try_debit(rest, family, amount)) return;
    contributions_debited_cents_[cell(family, event.month)] += static_cast<std::int32_t>(amount.value());
    // The month figure counts contributions: the salary part of the debit is not one.
    const Contract& contract = world_.contracts[event.subject];
    figures(event.month).contributions_debited +=
        max(Cents{0}, amount - (contract.facts.net_salary + contract.facts.maintenance));
    transfer(ledger_.plan().family(family), ledger_.plan().pajemploi(), amount,
             Cause::pajemploi_plus_debit, family, event.month);
    PAJESIM_TRACE(family, "pajemploi_plus_debited", event.month, amount);
    notice_over_debit(family, event.month);
}

void Engine::pay_carer(const Event& event) {
    if (!payment_file_sent(event)) return;
    const Contract& contract = world_.contracts[event.subject];
    carer_paid(contract, event.month, Cents{event.amount}, Cause::carer_payment, ledger_.plan().pajemploi());
}

}  // namespace pajesim::model::detail
