#include "sim/model/centre/builtin/builtin_centre.hpp"

#include <algorithm>

#include "sim/kernel/business_days.hpp"
#include "sim/model/seams.hpp"

namespace pajesim::model {

bool moves_money(ActionKind kind) { return kind != ActionKind::hold && kind != ActionKind::open_file; }

std::unique_ptr<PajemploiCentre> make_builtin_centre(Seams& seams, const TestBreaks& breaks) {
    return std::make_unique<centre::BuiltinCentre>(seams, breaks);
}

}  // namespace pajesim::model

namespace pajesim::model::centre {
namespace {
constexpr std::uint32_t no_contract = 0xffffffffu;
std::uint64_t bit(std::int16_t month) { return std::uint64_t{1} << month; }
// The built-in centre marks its debit orders, the only ones whose returns it reads.
constexpr OrderId debit_order = OrderId{1} << 31;
}  // namespace

void BuiltinCentre::start(const CentreSetup& setup) {
    scenario_ = setup.scenario;
    parameters_ = setup.parameters;
    first_day_ = setup.first_day;
    last_day_ = setup.last_day;
    families_ = setup.families;
    month_count_ = scenario_->month_count();
    rights_.emplace(families_);
    children_.assign(families_, nullptr);
    contracts_.assign(setup.contracts, nullptr);
    first_contract_.assign(families_, no_contract);
    next_contract_.assign(setup.contracts, no_contract);
    received_.assign(setup.contracts, 0);
    settled_.assign(setup.contracts, 0);
    debited_all_.assign(setup.contracts, 0);
    const std::size_t cells = families_ * static_cast<std::size_t>(month_count_);
    committed_.assign(cells, 0);
    covered_committed_.assign(cells, 0);
    debited_.assign(cells, 0);
    pending_.resize(static_cast<std::size_t>(first_day_.days_until(last_day_)) + 1);
}

void BuiltinCentre::schedule(Date date, const Pending& pending) {
    if (date > last_day_) return;  // after the run: never given
    pending_[static_cast<std::size_t>(first_day_.days_until(date))].push_back(pending);
}

OrderId BuiltinCentre::order(ActionKind kind, FamilyId family, std::int16_t month, Cents amount, bool arrears,
                             ContractId contract, OrderId flag) {
    CentreAction action;
    action.kind = kind;
    PAJESIM_ASSERT(next_order_ < debit_order);
    action.order = next_order_++ | flag;
    action.family = family;
    action.contract = contract;
    action.month = month_of(month);
    action.amount = amount;
    action.arrears = arrears;
    actions_->push_back(std::move(action));
    return actions_->back().order;
}

void BuiltinCentre::day(Date date, bool /*business_day*/, std::span<const CentreMessage> messages,
                        std::vector<CentreAction>& actions) {
    today_ = date;
    actions_ = &actions;
    // Debits a bank could still report twice are forgotten after two days.
    std::erase_if(debits_, [&](const auto& entry) { return entry.second.ordered.plus_days(2) < today_; });
    for (const CentreMessage& message : messages) handle(message);
    std::vector<Pending>& due = pending_[static_cast<std::size_t>(first_day_.days_until(today_))];
    for (const Pending& pending : due) give(pending);
    std::vector<Pending>().swap(due);
    actions_ = nullptr;
}

void BuiltinCentre::receive(Date date, const CentreMessage& message, std::vector<CentreAction>& actions) {
    today_ = date;
    actions_ = &actions;
    handle(message);
    actions_ = nullptr;
}

void BuiltinCentre::handle(const CentreMessage& message) {
    {
        if (const auto* bank = std::get_if<BankReturn>(&message)) {
            returned(*bank);
        } else if (const auto* rights = std::get_if<RightsIn>(&message)) {
            rights_->apply(rights->family, rights->record);
            children_[rights->family.index()] = rights->children;
        } else if (const auto* declaration = std::get_if<DeclarationIn>(&message)) {
            take_in(*declaration);
        } else if (const auto* fix = std::get_if<FixFile>(&message)) {
            for (const RightsIn& record : fix->rights) {
                rights_->apply(fix->family, record.record);
                children_[fix->family.index()] = record.children;
            }
            // The agent keys the declarations again from the family's papers: hours declared
            // wrongly are put right.
            for (const DeclarationIn& keyed : fix->declarations) {
                if (!declared_hours_.empty()) declared_hours_.erase(hours_key(keyed.id.value(), index_of(keyed.month)));
                take_in(keyed);
            }
            regularise(fix->family);
        } else if (const auto* regularisation = std::get_if<Regularise>(&message)) {
            regularise(regularisation->family);
        }
    }
}

// A declaration is taken in once: a copy held by a frozen server and one re-keyed by an agent
// may both arrive; the second is ignored.
void BuiltinCentre::take_in(const DeclarationIn& declaration) {
    const std::uint32_t id = declaration.id.value();
    const std::int16_t month = index_of(declaration.month);
    if ((received_[id] & bit(month)) != 0) return;
    received_[id] |= bit(month);
    if (contracts_[id] == nullptr) {
        contracts_[id] = declaration.contract;
        const FamilyId family = declaration.contract->family;
        next_contract_[id] = first_contract_[family.index()];
        first_contract_[family.index()] = id;
    }
    if (declaration.hours_x100 != declaration.contract->facts.hours_x100) {
        declared_hours_[hours_key(id, month)] = declaration.hours_x100;
    }
    const std::optional<law::Entitlement> computed = compute(id, declaration.month);
    if (declaration.checked) {
        // Parallel run: the CAF's computation from its own facts is compared with the centre's;
        // any difference is held and checked by an agent before anything is paid.
        // The CAF computes the CMG without the complément différentiel (it holds no reference
        // months): the centre compares its CMG before the complement.
        const auto own_cmg = [&] {
            return computed->regime == law::Regime::hourly ? computed->cmg_remuneration : computed->cmg_paid;
        };
        if (!computed || own_cmg() != declaration.check_cmg ||
            computed->contributions.covered != declaration.check_covered) {
            settle_without_rights(id, month, computed.has_value(), "parallel run: the CAF's computation differs");
            CentreAction action;
            action.kind = ActionKind::open_file;
            action.family = contract(id).family;
            action.month = declaration.month;
            action.reason = "parallel run difference";
            actions_->push_back(std::move(action));
            return;
        }
    }
    if (computed) {
        settle_with_rights(id, month, *computed);
    } else {
        settle_without_rights(id, month, false, "no rights");
    }
}

// The centre's computation, from its own copy of the rights only; nullopt without rights.
namespace {

bool alternating_child(const law::HouseholdFacts& household, const law::ContractFacts& contract) {
    return std::any_of(contract.children.begin(), contract.children.end(),
                       [&](std::uint32_t c) { return household.children[c].alternating; });
}

}  // namespace

std::optional<law::TransitionalFacts> BuiltinCentre::transitional(std::uint32_t id) {
    const law::MonthParameters& last = parameters_->for_month(month_of(static_cast<std::int16_t>(month_count_ - 1)));
    const YearMonth switch_month = last.hourly_start;
    const law::TransitionalComplement& rule = parameters_->for_month(switch_month).transitional_complement->value;
    const Contract& c = contract(id);
    std::vector<law::ReferenceMonth> months;
    bool any = false;
    for (YearMonth m = rule.reference_first; m <= rule.reference_last; m = m.plus_months(1)) {
        law::ReferenceMonth reference;
        const std::int16_t index = index_of(m);
        if (m >= first_day_.year_month() && index < month_count_ && (received_[id] & bit(index)) != 0) {
            const std::optional<law::Entitlement> old_cmg = compute(id, m, false);
            const std::optional<law::Entitlement> new_cmg = compute(id, switch_month, false, m);
            if (old_cmg && new_cmg) {
                reference.declared = true;
                reference.old_cmg = old_cmg->cmg_paid;
                reference.new_cmg = new_cmg->cmg_paid;
                const auto declared = declared_hours_.find(hours_key(id, index));
                reference.hours_x100 = declared == declared_hours_.end() ? c.facts.hours_x100 : declared->second;
                any = true;
            }
        }
        months.push_back(reference);
    }
    if (!any) return std::nullopt;
    // Resources of 2023: the switch month's record carries them (N-2 of 2025) as a monthly
    // figure; x 12 gives the annual figure to the euro.
    const std::optional<RightsRecord> rights = rights_->lookup(c.family, switch_month);
    if (!rights) return std::nullopt;
    std::optional<law::TransitionalFacts> facts =
        law::transitional_facts(months, Cents::from_euros(std::int64_t{rights->resources_monthly} * 12));
    // The CAF's bracket for the switch month says whether the resources of 2023 are at or below
    // the second ceiling, the complement's ceiling (D531-20 2°).
    if (!facts) return facts;
    facts->resources_within_ceiling = rights->bracket == 1 || rights->bracket == 2;
    // An assmat's hours count for the household: the family's assmat declarations taken in for
    // the period (one child each), one child or several.
    if (c.facts.mode == law::CareMode::assmat && children_[c.family.index()] != nullptr) {
        const Date regime_start = parameters_->for_month(switch_month).regime->from;
        const std::vector<law::ChildFacts>& children = *children_[c.family.index()];
        std::vector<law::AssmatReference> assmat;
        for (std::uint32_t other = first_contract_[c.family.index()]; other != no_contract; other = next_contract_[other]) {
            const Contract& o = contract(other);
            if (o.facts.mode != law::CareMode::assmat) continue;
            law::AssmatReference reference;
            bool counted = false;
            for (YearMonth m = rule.reference_first; m <= rule.reference_last; m = m.plus_months(1)) {
                const std::int16_t index = index_of(m);
                if (m < first_day_.year_month() || index >= month_count_ || (received_[other] & bit(index)) == 0) continue;
                counted = true;
                const auto declared = declared_hours_.find(hours_key(other, index));
                reference.hours_x100 += declared == declared_hours_.end() ? o.facts.hours_x100 : declared->second;
            }
            if (!counted) continue;
            reference.under_3 = children[o.facts.children.front()].birth.plus_years(3) > regime_start;
            assmat.push_back(reference);
        }
        const auto [typology, hours] =
            law::assmat_household_hours(assmat, rule.reference_first.months_until(rule.reference_last) + 1);
        facts->typology = typology;
        facts->average_hours = hours;
    }
    return facts;
}

std::optional<law::Entitlement> BuiltinCentre::compute(std::uint32_t id, YearMonth month, bool with_complement,
                                                       std::optional<YearMonth> hours_of) {
    const Contract& contract = this->contract(id);
    const std::optional<RightsRecord> rights = rights_->lookup(contract.family, month);
    if (!rights) return std::nullopt;
    const law::MonthParameters& p = parameters_->for_month(month);
    // No right: no CMG, and every contribution uncovered.
    const auto none = [&] {
        law::Entitlement refused;
        refused.contributions = law::contributions_before_coverage(contract.facts, p);
        refused.contributions.uncovered = refused.contributions.total;
        return refused;
    };
    if (rights->bracket == 0) return none();  // the CAF decided there is no right
    // A record from before the hourly CMG carries no resources: the month cannot be computed.
    if (p.hourly() && rights->valid_from < p.hourly_start) return std::nullopt;
    const std::vector<law::ChildFacts>& children = *children_[contract.family.index()];
    household_.single_parent = rights->single_parent;
    household_.resources_n2 = Cents{0};
    household_.children.clear();
    for (std::uint8_t c = 0; c < rights->known_children; ++c) {
        law::ChildFacts child = children[c];
        // A lost birth date reads as a child not yet born: not counted.
        if ((rights->lost_birth_mask >> c & 1u) != 0) child.birth = month.plus_months(1).first_day();
        household_.children.push_back(child);
    }
    // The contract as the centre knows it: without children it does not know of (no copy when
    // it knows them all, the usual case).
    const bool knows_all = std::all_of(contract.facts.children.begin(), contract.facts.children.end(),
                                       [&](std::uint32_t c) { return c < rights->known_children; });
    // Hours declared wrongly (hourly regime) replace the contract's in the centre's copy.
    const auto hours = declared_hours_.empty() ? declared_hours_.end()
                                               : declared_hours_.find(hours_key(id, index_of(hours_of.value_or(month))));
    const bool own_copy = !knows_all || hours != declared_hours_.end();
    if (own_copy) {
        contract_scratch_ = contract.facts;
        std::erase_if(contract_scratch_.children, [&](std::uint32_t c) { return c >= rights->known_children; });
        if (contract_scratch_.children.empty()) return none();
        if (hours != declared_hours_.end()) contract_scratch_.hours_x100 = hours->second;
    }
    const law::ContractFacts& facts = own_copy ? contract_scratch_ : contract.facts;
    if (p.hourly()) {
        std::optional<law::TransitionalFacts> complement;
        if (with_complement) {
            // transitional() reuses this object's scratch: keep a copy of the facts.
            const law::HouseholdFacts household = household_;
            const law::ContractFacts contract_facts = facts;
            complement = transitional(id);
            // Asked only where a complement can be computed, so that a fault fires only where it acts.
            TransitionalError error = TransitionalError::none;
            if (complement) seams_.transitional_decision(contract.family, today_, error);
            if (error == TransitionalError::denied) complement.reset();
            if (error == TransitionalError::granted_unchecked) {
                complement->resources_within_ceiling = true;
                complement->average_hours.reset();
            }
            law::Entitlement result = law::compute_entitlement_for_resources(
                Cents::from_euros(rights->resources_monthly), household, contract_facts, p, nullptr,
                law::Detail::amounts_only, complement ? &*complement : nullptr);
            // Paid together with the CMG; a negative amount (no clamp at 0 in the table) pays nothing.
            result.cmg_paid = max(Cents{0}, result.cmg_paid + result.transitional_paid);
            if (p.alternating_residence->value && result.cmg_paid > Cents{0} &&
                alternating_child(household, contract_facts)) {
                bool halve = false;
                seams_.alternating_split(contract.family, today_, halve);
                if (halve) result.cmg_paid = apply_rate(result.cmg_paid, Ratio{1, 2}, Rounding::half_up);
            }
            return result;
        }
        law::Entitlement result = law::compute_entitlement_for_resources(
            Cents::from_euros(rights->resources_monthly), household_, facts, p, nullptr, law::Detail::amounts_only);
        result.cmg_paid = max(Cents{0}, result.cmg_paid);
        return result;
    }
    law::Entitlement result = law::compute_entitlement_for_bracket(
        rights->bracket, household_, facts, p, nullptr, law::Detail::amounts_only);
    if (breaks_.drop_salary_cap && result.eligible) {
        result.cmg_remuneration = result.cmg_max;
        result.crds = apply_rate(result.cmg_max, p.crds_rate->value, Rounding::half_up);
        result.cmg_paid = result.cmg_remuneration - result.crds;
    }
    return result;
}

void BuiltinCentre::settle_with_rights(std::uint32_t id, std::int16_t month, const law::Entitlement& computed) {
    const Contract& c = contract(id);
    const WorkflowParameters& workflow = scenario_->workflow;
    settled_[id] |= bit(month);
    committed_[cell(c.family, month)] += static_cast<std::int32_t>(computed.cmg_paid.value());
    const Date debit_date = nth_business_day_after(today_, workflow.contributions_debit_business_days);
    if (computed.contributions.covered > Cents{0}) {
        schedule(debit_date, Pending{Step::covered, false, month, id, computed.contributions.covered.value(), 0});
        covered_committed_[cell(c.family, month)] += static_cast<std::int32_t>(computed.contributions.covered.value());
    }
    const Cents uncovered = computed.contributions.uncovered;
    if (!c.pajemploi_plus) {
        if (computed.cmg_paid > Cents{0}) {
            schedule(nth_business_day_after(today_, workflow.cmg_payment_delay_business_days),
                     Pending{Step::cmg, false, month, id, computed.cmg_paid.value(), 0});
        }
        if (uncovered > Cents{0}) {
            schedule(debit_date, Pending{Step::contributions_debit, false, month, id, uncovered.value(), 0});
        }
        return;
    }
    const Cents pay = c.facts.net_salary + c.facts.maintenance;
    schedule(debit_date, Pending{Step::plus_debit, false, month, id, (pay + uncovered).value(), computed.cmg_paid.value()});
    schedule(carer_date(month_of(month)), Pending{Step::carer, false, month, id, pay.value(), 0});
}

// No rights (or a parallel-run difference): no CMG, and the contributions wait for rights,
// unless a fault makes the centre debit them all. The carer is paid all the same.
void BuiltinCentre::settle_without_rights(std::uint32_t id, std::int16_t month, bool has_rights, const char* why) {
    const Contract& c = contract(id);
    CentreAction hold;
    hold.kind = ActionKind::hold;
    hold.family = c.family;
    hold.contract = ContractId{id};
    hold.month = month_of(month);
    hold.reason = why;
    actions_->push_back(std::move(hold));
    bool debit_all = false;
    if (!has_rights) seams_.debit_covered_without_rights(c.family, today_, debit_all);
    Cents contributions{0};
    if (debit_all) {
        contributions = law::contributions_before_coverage(c.facts, parameters_->for_month(month_of(month))).total;
        debited_all_[id] |= bit(month);  // a regularisation debits no more
    }
    const Date debit_date = nth_business_day_after(today_, scenario_->workflow.contributions_debit_business_days);
    if (!c.pajemploi_plus) {
        if (contributions > Cents{0}) {
            schedule(debit_date, Pending{Step::contributions_debit, true, month, id, contributions.value(), 0});
        }
        return;
    }
    const Cents pay = c.facts.net_salary + c.facts.maintenance;
    schedule(debit_date, Pending{Step::plus_debit, debit_all, month, id, (pay + contributions).value(), 0});
    schedule(carer_date(month_of(month)), Pending{Step::carer, false, month, id, pay.value(), 0});
}

// Pajemploi+ pays the carer ~3 business days after the declaration, by the 8th of M+1 at the
// latest (when the declaration was on time), never before the next business day.
Date BuiltinCentre::carer_date(YearMonth month) const {
    const WorkflowParameters& workflow = scenario_->workflow;
    const Date usual = nth_business_day_after(today_, workflow.pajemploi_plus_carer_payment_business_days);
    Date deadline =
        month.plus_months(1).day_clamped(static_cast<unsigned>(workflow.pajemploi_plus_carer_payment_deadline_day));
    while (!is_business_day(deadline)) deadline = deadline.plus_days(-1);
    if (usual <= deadline) return usual;
    return std::max(deadline, nth_business_day_after(today_, 1));
}

// A debit decided without rights is looked at again when it is given: if the month has been
// settled with rights since, only what is due is debited (the wrong debit is cancelled).
Cents BuiltinCentre::debit_amount(const Pending& pending) {
    if (!pending.without_rights || (settled_[pending.contract] & bit(pending.month)) == 0) return Cents{pending.amount};
    const Contract& c = contract(pending.contract);
    const std::optional<law::Entitlement> computed = compute(pending.contract, month_of(pending.month));
    PAJESIM_ASSERT(computed.has_value());
    const Cents salary = pending.step == Step::plus_debit ? c.facts.net_salary + c.facts.maintenance : Cents{0};
    return salary + computed->contributions.uncovered;
}

void BuiltinCentre::give(const Pending& pending) {
    const Contract& c = contract(pending.contract);
    switch (pending.step) {
        case Step::cmg: order(ActionKind::pay_cmg, c.family, pending.month, Cents{pending.amount}); return;
        case Step::covered: order(ActionKind::claim_covered, c.family, pending.month, Cents{pending.amount}); return;
        case Step::carer:
            order(ActionKind::pay_carer, c.family, pending.month, Cents{pending.amount}, false, ContractId{pending.contract});
            return;
        case Step::contributions_debit:
        case Step::plus_debit: {
            if (pending.cmg > 0) order(ActionKind::pay_cmg, c.family, pending.month, Cents{pending.cmg});
            Pending debit = pending;
            debit.cmg = 0;
            const Cents amount = debit_amount(debit);
            if (amount <= Cents{0}) return;
            debit.amount = amount.value();
            const ActionKind kind =
                pending.step == Step::plus_debit ? ActionKind::debit_plus : ActionKind::debit_contributions;
            const OrderId id = order(kind, c.family, pending.month, amount, false, ContractId{}, debit_order);
            debits_[id] = DebitInFlight{debit, today_};
            return;
        }
    }
}

// The banks' returns: a debit executed (once, or twice by a faulty bank) counts as debited; a
// rejected one is presented again after the creditor's delay, within the run.
void BuiltinCentre::returned(const BankReturn& message) {
    if ((message.order & debit_order) == 0) return;  // a credit: always executed
    const auto found = debits_.find(message.order);
    if (found == debits_.end()) return;
    const Pending& debit = found->second.debit;
    if (message.executed) {
        debited_[cell(contract(debit.contract).family, debit.month)] += static_cast<std::int32_t>(message.amount.value());
        return;
    }
    const Date again = next_business_day_on_or_after(today_.plus_days(scenario_->workflow.debit_representation_days));
    schedule(again, debit);
    debits_.erase(found);
}

// Recomputes every month taken in from the current rights and pays what is missing, once:
// what was ordered is remembered, so a second pass pays nothing. Contributions left waiting for
// rights are settled, and debits beyond what is due are refunded.
void BuiltinCentre::regularise(FamilyId family) {
    for (std::int16_t m = 0; m < month_count_ && month_of(m) <= today_.year_month(); ++m) {
        const YearMonth month = month_of(m);
        Cents cmg{0};
        Cents due{0};
        Cents covered{0};
        bool complete = true;
        bool any = false;
        for (std::uint32_t id = first_contract_[family.index()]; id != no_contract; id = next_contract_[id]) {
            if ((received_[id] & bit(m)) == 0) continue;
            any = true;
            const Contract& c = contract(id);
            const std::optional<law::Entitlement> computed = compute(id, month);
            if (!computed) {
                complete = false;
                continue;
            }
            cmg += computed->cmg_paid;
            covered += computed->contributions.covered;
            const Cents pay = c.facts.net_salary + c.facts.maintenance;
            due += computed->contributions.uncovered + (c.pajemploi_plus ? pay : Cents{0});
            if ((settled_[id] & bit(m)) == 0) {
                settled_[id] |= bit(m);
                if (computed->contributions.covered > Cents{0}) {
                    order(ActionKind::claim_covered, family, m, computed->contributions.covered);
                    covered_committed_[cell(family, m)] += static_cast<std::int32_t>(computed->contributions.covered.value());
                }
                // Under Pajemploi+ the salary was debited already; only contributions remain.
                // Contributions debited in full without rights are not debited again: what
                // exceeds the due is refunded below.
                const bool taken = (debited_all_[id] & bit(m)) != 0;
                if (!taken && computed->contributions.uncovered > Cents{0}) {
                    give(Pending{Step::contributions_debit, false, m, id, computed->contributions.uncovered.value(), 0});
                }
            }
        }
        if (!any || !complete) continue;
        const std::size_t at = cell(family, m);
        const Cents missing = cmg - Cents{committed_[at]};
        if (missing > Cents{0}) {
            committed_[at] += static_cast<std::int32_t>(missing.value());
            order(ActionKind::pay_cmg, family, m, missing, true);
            if (breaks_.pay_regularisation_twice) order(ActionKind::pay_cmg, family, m, missing, true);
        }
        // Contributions the CMG covers now but did not when the month was settled (hours keyed
        // again, for instance) are claimed too.
        const Cents uncovered_claim = covered - Cents{covered_committed_[at]};
        if (uncovered_claim > Cents{0}) {
            covered_committed_[at] += static_cast<std::int32_t>(uncovered_claim.value());
            order(ActionKind::claim_covered, family, m, uncovered_claim);
        }
        const Cents excess = Cents{debited_[at]} - due;
        if (excess > Cents{0}) {
            debited_[at] -= static_cast<std::int32_t>(excess.value());
            order(ActionKind::refund, family, m, excess);
        }
    }
}

}  // namespace pajesim::model::centre
