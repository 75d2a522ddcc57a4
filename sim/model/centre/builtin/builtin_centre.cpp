#include "sim/model/centre/builtin/builtin_centre.hpp"

#include <algorithm>

#include "sim/kernel/business_days.hpp"
#include "sim/kernel/small_vector.hpp"
#include "sim/kernel/touch.hpp"
#include "sim/model/seams.hpp"

namespace pajesim::model {

bool moves_money(ActionKind kind) {
    return kind != ActionKind::hold && kind != ActionKind::open_file && kind != ActionKind::notify_overpayment &&
           kind != ActionKind::write_off_overpayment && kind != ActionKind::withhold_carer;
}

std::unique_ptr<PajemploiCentre> make_builtin_centre(Seams& seams, const TestBreaks& breaks) {
    return std::make_unique<centre::BuiltinCentre>(seams, breaks);
}

}  // namespace pajesim::model

namespace pajesim::model::centre {
namespace {
constexpr std::uint32_t no_contract = 0xffffffffu;
// The built-in centre marks its debit orders, the only ones whose returns it reads.
constexpr OrderId debit_order = OrderId{1} << 31;
}  // namespace

void BuiltinCentre::start(const CentreSetup& setup) {
    scenario_ = setup.scenario;
    world_ = setup.world;
    parameters_ = setup.parameters;
    first_day_ = setup.first_day;
    last_day_ = setup.last_day;
    families_ = setup.families;
    month_count_ = scenario_->month_count();
    rights_.emplace(families_);
    first_contract_.assign(families_, no_contract);
    next_contract_.assign(setup.contracts, no_contract);
    received_ = MonthBits(setup.contracts, month_count_);
    settled_ = MonthBits(setup.contracts, month_count_);
    debited_all_ = MonthBits(setup.contracts, month_count_);
    plus_debited_ = MonthBits(setup.contracts, month_count_);
    carer_waiting_ = MonthBits(setup.contracts, month_count_);
    committed_ = RunLengthCells(families_, month_count_);
    covered_committed_ = RunLengthCells(families_, month_count_);
    debited_.reset(families_, static_cast<std::size_t>(month_count_));
    pending_.resize(static_cast<std::size_t>(first_day_.days_until(last_day_)) + 1);
}

void BuiltinCentre::schedule(Date date, const Pending& pending) {
    if (date > last_day_) return;  // after the run: never given
    pending_[static_cast<std::size_t>(first_day_.days_until(date))].push_back(pending, pending_pool_);
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

void BuiltinCentre::DebitsInFlight::add(OrderId id, const Pending& debit, Date ordered) {
    PAJESIM_ASSERT(held_.size() == front_ || held_.back().first < id);
    if (front_ > 0 && front_ * 2 >= held_.size()) {
        // Most of the vector is forgotten debits: move the held ones to its start.
        held_.erase(held_.begin(), held_.begin() + static_cast<std::ptrdiff_t>(front_));
        front_ = 0;
    }
    held_.push_back({id, DebitInFlight{debit, ordered}});
}

BuiltinCentre::DebitInFlight* BuiltinCentre::DebitsInFlight::find(OrderId id) {
    const auto begin = held_.begin() + static_cast<std::ptrdiff_t>(front_);
    const auto found = std::lower_bound(begin, held_.end(), id,
                                        [](const auto& entry, OrderId wanted) { return entry.first < wanted; });
    if (found == held_.end() || found->first != id || found->second.rejected) return nullptr;
    return &found->second;
}

void BuiltinCentre::DebitsInFlight::forget_ordered_before(Date day) {
    // Ordered days never decrease along the vector.
    while (front_ < held_.size() && held_[front_].second.ordered < day) ++front_;
}

void BuiltinCentre::day(Date date, bool /*business_day*/, std::span<const CentreMessage> messages,
                        std::vector<CentreAction>& actions) {
    today_ = date;
    actions_ = &actions;
    // Debits a bank could still report twice are forgotten after two days.
    debits_.forget_ordered_before(today_.plus_days(-2));
    // The run may execute the actions taken so far between two messages or two steps: nothing
    // here reads what it does with them.
    for (const CentreMessage& message : messages) {
        handle(message);
        outlet_.offer(actions);
    }
    PendingDay& due = pending_[static_cast<std::size_t>(first_day_.days_until(today_))];
    for (std::size_t i = 0; i < due.size(); ++i) {
        give(due[i]);  // schedules for later days only
        due.read_through(i, pending_pool_);
        outlet_.offer(actions);
    }
    due.release(pending_pool_);
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
            rights_->set_children(rights->family, rights->children);
        } else if (const auto* declaration = std::get_if<DeclarationIn>(&message)) {
            take_in(*declaration);
        } else if (const auto* fix = std::get_if<FixFile>(&message)) {
            for (const RightsIn& record : fix->rights) {
                rights_->apply(fix->family, record.record);
                rights_->set_children(fix->family, record.children);
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
        } else if (const auto* reconciliation = std::get_if<Reconcile>(&message)) {
            reconcile(*reconciliation);
        }
    }
}

// What take_in reads first for a declaration: the contract's months taken in and settled, the
// family's rights slot and the month's CMG ordered.
void BuiltinCentre::foresee_declaration(ContractId contract, FamilyId family, YearMonth month) const {
    received_.touch_entity(contract.index());
    settled_.touch_entity(contract.index());
    rights_->touch(family);
    const std::int16_t index = index_of(month);
    if (index >= 0 && index < month_count_) committed_.touch_cell(family.index(), index);
}

// A declaration is taken in once: a copy held by a frozen server and one re-keyed by an agent
// may both arrive; the second is ignored.
void BuiltinCentre::take_in(const DeclarationIn& declaration) {
    const std::uint32_t id = declaration.id.value();
    const std::int16_t month = index_of(declaration.month);
    if (received_.test(id, month)) return;
    // A contract's first declaration taken in: it joins its family's list.
    const bool first = received_.bits(id) == 0;
    received_.set(id, month);
    PAJESIM_ASSERT(declaration.contract == &world_->contracts[id]);
    if (first) {
        const FamilyId family = declaration.contract->family;
        next_contract_[id] = first_contract_[family.index()];
        first_contract_[family.index()] = id;
    }
    if (declaration.hours_x100 != declaration.contract->work_in(declaration.month).hours_x100) {
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
        if (m >= first_day_.year_month() && index < month_count_ && received_.test(id, index)) {
            const std::optional<law::Entitlement> old_cmg = compute(id, m, false);
            const std::optional<law::Entitlement> new_cmg = compute(id, switch_month, false, m);
            if (old_cmg && new_cmg) {
                reference.declared = true;
                reference.old_cmg = old_cmg->cmg_paid;
                reference.new_cmg = new_cmg->cmg_paid;
                const auto declared = declared_hours_.find(hours_key(id, index));
                reference.hours_x100 = declared == declared_hours_.end() ? c.work_in(m).hours_x100 : declared->second;
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
        law::transitional_facts(months, Cents::from_euros(std::int64_t{rights->resources_monthly} * 12),
                                rule.min_months_declared, rule.hours_average);
    // The CAF's bracket for the switch month says whether the resources of 2023 are at or below
    // the second ceiling, the complement's ceiling (D531-20 2°).
    if (!facts) return facts;
    facts->resources_within_ceiling = rights->bracket == 1 || rights->bracket == 2;
    // An assmat's hours count for the household: the family's assmat declarations taken in for
    // the period (one child each), one child or several.
    if (c.mode() == law::CareMode::assmat && rights_->has_children(c.family)) {
        const Date regime_start = parameters_->for_month(switch_month).regime->from;
        std::vector<law::AssmatReference> assmat;
        for (std::uint32_t other = first_contract_[c.family.index()]; other != no_contract; other = next_contract_[other]) {
            const Contract& o = contract(other);
            if (o.mode() != law::CareMode::assmat) continue;
            law::AssmatReference reference;
            bool counted = false;
            for (YearMonth m = rule.reference_first; m <= rule.reference_last; m = m.plus_months(1)) {
                const std::int16_t index = index_of(m);
                if (m < first_day_.year_month() || index >= month_count_ || !received_.test(other, index)) continue;
                counted = true;
                const auto declared = declared_hours_.find(hours_key(other, index));
                reference.hours_x100 += declared == declared_hours_.end() ? o.work_in(m).hours_x100 : declared->second;
            }
            if (!counted) continue;
            reference.under_3 = rights_->child(c.family, o.first_child()).birth.plus_years(3) > regime_start;
            assmat.push_back(reference);
        }
        const auto [typology, hours] =
            law::assmat_household_hours(assmat, rule.reference_first.months_until(rule.reference_last) + 1,
                                        rule.hours_average);
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
        refused.contributions = law::contributions_before_coverage(contract.facts_in(month, contract_scratch_), p);
        refused.contributions.uncovered = refused.contributions.total;
        return refused;
    };
    // A record from before the hourly CMG carries no resources: the month cannot be computed,
    // whatever its bracket (a bracket 0 said no right to the bracket CMG, whose ceilings the
    // hourly CMG does not have).
    if (p.hourly() && rights->valid_from < p.hourly_start) return std::nullopt;
    if (rights->bracket == 0) return none();  // the CAF decided there is no right
    household_.single_parent = rights->single_parent;
    household_.resources_n2 = Cents{0};
    household_.children.clear();
    for (std::uint8_t c = 0; c < rights->known_children; ++c) {
        law::ChildFacts child = rights_->child(contract.family, c);
        // A lost birth date reads as a child not yet born: not counted.
        if ((rights->lost_birth_mask >> c & 1u) != 0) child.birth = month.plus_months(1).first_day();
        household_.children.push_back(child);
    }
    // The contract as the centre knows it: the month's declaration (the hours, pay and days of
    // `hours_of` when given), without children it does not know of.
    const YearMonth declared_month = hours_of.value_or(month);
    const law::ContractFacts& facts = contract.facts_in(declared_month, contract_scratch_);
    erase_if(contract_scratch_.children, [&](std::uint32_t c) { return c >= rights->known_children; });
    if (contract_scratch_.children.empty()) return none();
    // Hours declared wrongly (hourly regime) replace the contract's in the centre's copy.
    if (!declared_hours_.empty()) {
        const auto hours = declared_hours_.find(hours_key(id, index_of(declared_month)));
        if (hours != declared_hours_.end()) contract_scratch_.hours_x100 = hours->second;
    }
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
            if (result.transitional_paid > Cents{0}) complement_granted_.insert(contract.family.value());
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
    settled_.set(id, month);
    committed_.add(c.family.index(), month, static_cast<std::int32_t>(computed.cmg_paid.value()));
    const Date debit_date = nth_business_day_after(today_, workflow.contributions_debit_business_days);
    if (computed.contributions.covered > Cents{0}) {
        schedule(debit_date, Pending{Step::covered, false, month, id, c.family.value(),
                                     narrow(computed.contributions.covered), 0});
        covered_committed_.add(c.family.index(), month, static_cast<std::int32_t>(computed.contributions.covered.value()));
    }
    const Cents uncovered = computed.contributions.uncovered;
    if (!c.pajemploi_plus) {
        if (computed.cmg_paid > Cents{0}) {
            schedule(nth_business_day_after(today_, workflow.cmg_payment_delay_business_days),
                     Pending{Step::cmg, false, month, id, c.family.value(), narrow(computed.cmg_paid), 0});
        }
        if (uncovered > Cents{0}) {
            schedule(debit_date,
                     Pending{Step::contributions_debit, false, month, id, c.family.value(), narrow(uncovered), 0});
        }
        return;
    }
    const Cents pay = c.pay_in(month_of(month));
    schedule(debit_date, Pending{Step::plus_debit, false, month, id, c.family.value(), narrow(pay + uncovered),
                                         narrow(computed.cmg_paid)});
    schedule(carer_date(month_of(month)), Pending{Step::carer, false, month, id, c.family.value(), narrow(pay), 0});
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
        contributions = law::contributions_before_coverage(c.facts_in(month_of(month), contract_scratch_),
                                                           parameters_->for_month(month_of(month))).total;
        debited_all_.set(id, month);  // a regularisation debits no more
    }
    const Date debit_date = nth_business_day_after(today_, scenario_->workflow.contributions_debit_business_days);
    if (!c.pajemploi_plus) {
        if (contributions > Cents{0}) {
            schedule(debit_date,
                     Pending{Step::contributions_debit, true, month, id, c.family.value(), narrow(contributions), 0});
        }
        return;
    }
    const Cents pay = c.pay_in(month_of(month));
    schedule(debit_date,
             Pending{Step::plus_debit, debit_all, month, id, c.family.value(), narrow(pay + contributions), 0});
    schedule(carer_date(month_of(month)), Pending{Step::carer, false, month, id, c.family.value(), narrow(pay), 0});
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
    if (!pending.without_rights || !settled_.test(pending.contract, pending.month)) return Cents{pending.amount};
    const Contract& c = contract(pending.contract);
    const std::optional<law::Entitlement> computed = compute(pending.contract, month_of(pending.month));
    PAJESIM_ASSERT(computed.has_value());
    const Cents salary = pending.step == Step::plus_debit ? c.pay_in(month_of(pending.month)) : Cents{0};
    return salary + computed->contributions.uncovered;
}

void BuiltinCentre::give(const Pending& pending) {
    const FamilyId family{pending.family};
    switch (pending.step) {
        case Step::cmg:
            order(ActionKind::pay_cmg, family, pending.month, Cents{pending.amount});
            deduct_from(family, Cents{pending.amount});
            return;
        case Step::covered: order(ActionKind::claim_covered, family, pending.month, Cents{pending.amount}); return;
        case Step::carer:
            if (carer_waits_for_debit(pending.contract, pending.month)) {
                carer_waiting_.set(pending.contract, pending.month);
                CentreAction withheld;
                withheld.kind = ActionKind::withhold_carer;
                withheld.family = family;
                withheld.contract = ContractId{pending.contract};
                withheld.month = month_of(pending.month);
                withheld.reason = "Pajemploi+: the carer's pay waits for the parent's debit";
                actions_->push_back(std::move(withheld));
                return;
            }
            order(ActionKind::pay_carer, family, pending.month, Cents{pending.amount}, false, ContractId{pending.contract});
            return;
        case Step::recovery: recover(pending); return;
        case Step::contributions_debit:
        case Step::plus_debit: {
            if (pending.cmg > 0) {
                order(ActionKind::pay_cmg, family, pending.month, Cents{pending.cmg});
                deduct_from(family, Cents{pending.cmg});
            }
            Pending debit = pending;
            debit.cmg = 0;
            const Cents amount = debit_amount(debit);
            if (amount <= Cents{0}) return;
            debit.amount = narrow(amount);
            const ActionKind kind =
                pending.step == Step::plus_debit ? ActionKind::debit_plus : ActionKind::debit_contributions;
            const OrderId id = order(kind, family, pending.month, amount, false, ContractId{}, debit_order);
            debits_.add(id, debit, today_);
            return;
        }
    }
}

// The banks' returns: a debit executed (once, or twice by a faulty bank) counts as debited; a
// rejected one is presented again after the creditor's delay, within the run.
void BuiltinCentre::returned(const BankReturn& message) {
    if ((message.order & debit_order) == 0) return;  // a credit: always executed
    DebitInFlight* found = debits_.find(message.order);
    if (found == nullptr) return;
    const Pending debit = found->debit;
    const FamilyId family{debit.family};
    if (message.executed) {
        if (debit.step == Step::recovery) {
            // A recovery taken twice by a faulty bank: the second is paid back at once.
            if (found->executions++ > 0) order(ActionKind::pay_cmg, family, debit.month, message.amount, true);
            return;
        }
        if (message.amount != Cents{0}) {
            debited_.add(family.index(), static_cast<std::size_t>(debit.month),
                         static_cast<std::int32_t>(message.amount.value()));
        }
        if (debit.step == Step::plus_debit && !plus_debited_.test(debit.contract, debit.month)) {
            plus_debited_.set(debit.contract, debit.month);
            if (rejections_.erase(std::uint64_t{debit.contract} << 16 | static_cast<std::uint16_t>(debit.month)) > 0) {
                if (--months_unpaid_[family.value()] == 0) months_unpaid_.erase(family.value());
            }
            // The carer's pay that waited for this debit is paid now.
            if (carer_waiting_.test(debit.contract, debit.month)) {
                carer_waiting_.reset(debit.contract, debit.month);
                const Contract& c = contract(debit.contract);
                order(ActionKind::pay_carer, family, debit.month, c.pay_in(month_of(debit.month)), false,
                      ContractId{debit.contract});
            }
        }
        return;
    }
    found->rejected = true;
    debit_rejected(debit);
}

// A rejected debit is presented again: after the creditor's delay, or under the after-debit
// rule after the parent's next income; a contract-month rejected too often goes to the agents.
void BuiltinCentre::debit_rejected(const Pending& debit) {
    const FamilyId family{debit.family};
    const WorkflowParameters& workflow = scenario_->workflow;
    if (debit.step == Step::recovery) {
        // The overpayment is outstanding again, and taken back later.
        const std::size_t at = cell(family, debit.month);
        Overpayment& over = overpayments_[at];
        over.outstanding += debit.amount;
        overpaid_families_[family.value()] += debit.amount;
        committed_.add(family.index(), debit.month, static_cast<std::int32_t>(debit.amount));
        over.debit_scheduled = true;
        Pending again = debit;
        schedule(next_business_day_on_or_after(today_.plus_days(workflow.debit_representation_days)), again);
        return;
    }
    const bool plus = debit.step == Step::plus_debit;
    Date again = next_business_day_on_or_after(today_.plus_days(workflow.debit_representation_days));
    if (plus) {
        const std::uint64_t key = std::uint64_t{debit.contract} << 16 | static_cast<std::uint16_t>(debit.month);
        std::uint32_t& count = rejections_[key];
        if (count++ == 0) ++months_unpaid_[family.value()];
        if (workflow.escalate_after_rejections > 0 &&
            count == static_cast<std::uint32_t>(workflow.escalate_after_rejections)) {
            CentreAction escalate;
            escalate.kind = ActionKind::open_file;
            escalate.family = family;
            escalate.month = month_of(debit.month);
            escalate.reason = "Pajemploi+ debit rejected repeatedly";
            actions_->push_back(std::move(escalate));
        }
        if (workflow.carer_pay_rule == CarerPayRule::after_debit && workflow.represent_after_income) {
            again = after_next_income(family);
        }
    }
    schedule(again, debit);
}

Date BuiltinCentre::after_next_income(FamilyId family) const {
    const unsigned day = world_->families[family.index()].income_day;
    Date income = today_.year_month().day_clamped(day);
    if (income <= today_) income = today_.year_month().plus_months(1).day_clamped(day);
    return next_business_day_on_or_after(income);
}

bool BuiltinCentre::carer_waits_for_debit(std::uint32_t id, std::int16_t month) const {
    if (plus_debited_.test(id, month)) return false;
    const WorkflowParameters& workflow = scenario_->workflow;
    if (workflow.carer_pay_rule == CarerPayRule::after_debit) return true;
    // The guarantee covers a family's unpaid months up to its limit; this month's own debit,
    // rejected or not yet presented, is the one the guarantee is for.
    const FamilyId family = contract(id).family;
    const auto unpaid = months_unpaid_.find(family.value());
    std::uint32_t others = unpaid == months_unpaid_.end() ? 0 : unpaid->second;
    if (rejections_.contains(std::uint64_t{id} << 16 | static_cast<std::uint16_t>(month)) && others > 0) --others;
    return others >= static_cast<std::uint32_t>(workflow.guaranteed_months);
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
            if (!received_.test(id, m)) continue;
            any = true;
            const Contract& c = contract(id);
            const std::optional<law::Entitlement> computed = compute(id, month);
            if (!computed) {
                complete = false;
                continue;
            }
            cmg += computed->cmg_paid;
            covered += computed->contributions.covered;
            const Cents pay = c.pay_in(month);
            due += computed->contributions.uncovered + (c.pajemploi_plus ? pay : Cents{0});
            if (!settled_.test(id, m)) {
                settled_.set(id, m);
                if (computed->contributions.covered > Cents{0}) {
                    order(ActionKind::claim_covered, family, m, computed->contributions.covered);
                    covered_committed_.add(family.index(), m, static_cast<std::int32_t>(computed->contributions.covered.value()));
                }
                // Under Pajemploi+ the salary was debited already; only contributions remain.
                // Contributions debited in full without rights are not debited again: what
                // exceeds the due is refunded below.
                const bool taken = debited_all_.test(id, m);
                if (!taken && computed->contributions.uncovered > Cents{0}) {
                    give(Pending{Step::contributions_debit, false, m, id, family.value(),
                                 narrow(computed->contributions.uncovered), 0});
                }
            }
        }
        if (!any || !complete) continue;
        const std::size_t at = cell(family, m);
        // committed_ is what the family holds for the month by the centre's orders (paid, net of
        // what was taken back); the overpayment still to take back is part of it. The centre
        // aims at committed_ - outstanding == what it computes now.
        const auto over = overpayments_.find(at);
        const Cents outstanding{over == overpayments_.end() ? 0 : over->second.outstanding};
        const Cents written_off{over == overpayments_.end() ? 0 : over->second.written_off};
        const Cents shortfall = cmg - (Cents{committed_.get(family.index(), m)} - outstanding - written_off);
        if (shortfall > Cents{0}) {
            // Less was overpaid than it thought (new rights): the planned recovery shrinks first,
            // then what it wrote off (the family kept it: it is not paid again).
            const Cents cancelled = min(shortfall, outstanding);
            if (cancelled > Cents{0}) {
                over->second.outstanding -= cancelled.value();
                if ((overpaid_families_[family.value()] -= cancelled.value()) == 0) {
                    overpaid_families_.erase(family.value());
                }
            }
            const Cents kept = min(shortfall - cancelled, written_off);
            if (kept > Cents{0}) over->second.written_off -= kept.value();
            const Cents arrears = shortfall - cancelled - kept;
            if (arrears > Cents{0}) {
                committed_.add(family.index(), m, static_cast<std::int32_t>(arrears.value()));
                order(ActionKind::pay_cmg, family, m, arrears, true);
                if (breaks_.pay_regularisation_twice) order(ActionKind::pay_cmg, family, m, arrears, true);
                deduct_from(family, arrears);
            }
        } else if (shortfall < Cents{0}) {
            overpaid(family, m, Cents{0} - shortfall);
        }
        // Contributions the CMG covers now but did not when the month was settled (hours keyed
        // again, for instance) are claimed too.
        const Cents uncovered_claim = covered - Cents{covered_committed_.get(family.index(), m)};
        if (uncovered_claim > Cents{0}) {
            covered_committed_.add(family.index(), m, static_cast<std::int32_t>(uncovered_claim.value()));
            order(ActionKind::claim_covered, family, m, uncovered_claim);
        }
        const Cents excess = Cents{debited_.get(family.index(), static_cast<std::size_t>(m))} - due;
        if (excess > Cents{0}) {
            debited_.add(family.index(), static_cast<std::size_t>(m), -static_cast<std::int32_t>(excess.value()));
            order(ActionKind::refund, family, m, excess);
        }
    }
}

// An overpayment found: the family is told, and the scenario's policy takes it back (or waives
// it) no earlier than the notice period after.
void BuiltinCentre::overpaid(FamilyId family, std::int16_t month, Cents excess) {
    const OverpaymentPolicy& policy = scenario_->processes.overpayment;
    const std::size_t at = cell(family, month);
    CentreAction notice;
    notice.kind = ActionKind::notify_overpayment;
    notice.family = family;
    notice.month = month_of(month);
    notice.amount = excess;
    notice.reason = policy.recovery == OverpaymentRecovery::write_off ? "overpayment found; written off"
                    : policy.recovery == OverpaymentRecovery::deduct  ? "overpayment found; deducted from later CMG"
                                                                      : "overpayment found; to be debited";
    actions_->push_back(std::move(notice));
    if (policy.recovery == OverpaymentRecovery::write_off) {
        CentreAction waiver;
        waiver.kind = ActionKind::write_off_overpayment;
        waiver.family = family;
        waiver.month = month_of(month);
        waiver.amount = excess;
        waiver.reason = "the centre waives the overpayment";
        actions_->push_back(std::move(waiver));
        // Waived: the family keeps it, and the centre expects nothing back.
        overpayments_[at].written_off += excess.value();
        return;
    }
    Overpayment& over = overpayments_[at];
    // Each notification opens its own notice period: the whole is taken back after the last.
    over.not_before = today_.plus_days(policy.notice_days);
    over.outstanding += excess.value();
    overpaid_families_[family.value()] += excess.value();
    const bool debits = policy.recovery == OverpaymentRecovery::debit ||
                        (policy.recovery == OverpaymentRecovery::deduct && policy.debit_remainder_after_days > 0);
    if (debits && !over.debit_scheduled) {
        over.debit_scheduled = true;
        const std::uint32_t any_contract = first_contract_[family.index()];
        schedule(next_business_day_on_or_after(std::max(debit_day(over), today_.plus_days(1))),
                 Pending{Step::recovery, false, month, any_contract, family.value(), 0, 0});
    }
}

// The day the debit of an overpayment may be given: the end of the notice period, or under the
// deduct policy the day what could not be deducted is debited.
Date BuiltinCentre::debit_day(const Overpayment& over) const {
    const OverpaymentPolicy& policy = scenario_->processes.overpayment;
    return policy.recovery == OverpaymentRecovery::deduct ? over.not_before.plus_days(policy.debit_remainder_after_days)
                                                          : over.not_before;
}

bool BuiltinCentre::holds_months(FamilyId family) const {
    for (std::uint32_t id = first_contract_[family.index()]; id != no_contract; id = next_contract_[id]) {
        if ((received_.bits(id) & ~settled_.bits(id)) != 0) return true;
    }
    return false;
}

// The debit policy's recovery of one family-month, when its day comes: what is outstanding
// then (new rights may have shrunk it), not while the centre holds any of the family's months.
void BuiltinCentre::recover(const Pending& pending) {
    const FamilyId family{pending.family};
    const std::size_t at = cell(family, pending.month);
    const auto found = overpayments_.find(at);
    if (found == overpayments_.end() || found->second.outstanding <= 0) {
        if (found != overpayments_.end()) found->second.debit_scheduled = false;
        return;
    }
    Overpayment& over = found->second;
    if (debit_day(over) > today_) {
        schedule(next_business_day_on_or_after(debit_day(over)), pending);
        return;
    }
    if (holds_months(family)) {
        schedule(next_business_day_on_or_after(today_.plus_days(7)), pending);
        return;
    }
    Pending debit = pending;
    debit.amount = narrow(Cents{over.outstanding});
    if ((overpaid_families_[family.value()] -= over.outstanding) == 0) overpaid_families_.erase(family.value());
    committed_.add(family.index(), pending.month, -static_cast<std::int32_t>(over.outstanding));
    over.outstanding = 0;
    over.debit_scheduled = false;
    const OrderId id = order(ActionKind::recover_overpayment, family, pending.month, Cents{debit.amount}, false,
                             ContractId{}, debit_order);
    debits_.add(id, debit, today_);
}

// The deduct policy: a CMG payment just ordered carries the deduction of what may be taken
// back (notice period over), oldest month first, within the monthly limit.
void BuiltinCentre::deduct_from(FamilyId family, Cents payment) {
    const OverpaymentPolicy& policy = scenario_->processes.overpayment;
    if (policy.recovery != OverpaymentRecovery::deduct || overpaid_families_.empty()) return;
    if (!overpaid_families_.contains(family.value()) || holds_months(family)) return;
    auto& [in_month, used] = deducted_[family.value()];
    const std::int32_t this_month = today_.year_month().index();
    if (in_month != this_month) {
        in_month = this_month;
        used = 0;
    }
    Cents room = payment;
    if (policy.monthly_limit > Cents{0}) room = min(room, policy.monthly_limit - Cents{used});
    for (std::int16_t m = 0; m < month_count_ && room > Cents{0}; ++m) {
        const std::size_t at = cell(family, m);
        const auto found = overpayments_.find(at);
        if (found == overpayments_.end() || found->second.outstanding <= 0 || found->second.not_before > today_) continue;
        const Cents take = min(room, Cents{found->second.outstanding});
        found->second.outstanding -= take.value();
        committed_.add(family.index(), m, -static_cast<std::int32_t>(take.value()));
        used += take.value();
        room -= take;
        if ((overpaid_families_[family.value()] -= take.value()) == 0) overpaid_families_.erase(family.value());
        order(ActionKind::recover_overpayment, family, m, take);
        actions_->back().deducted = true;
        if (!overpaid_families_.contains(family.value())) break;
    }
}

// The periodic reconciliation: the CAF's decisions since the family's cutover against the
// centre's copy; any difference is applied, and the family regularised.
void BuiltinCentre::reconcile(const Reconcile& message) {
    SmallVector<RightsRecord, 8> records;  // a handful: no allocation
    for (const RightsIn& in : message.rights) records.push_back(in.record);
    const bool differs = !rights_->holds_exactly(message.family, {records.data(), records.size()});
    if (differs) {
        for (const RightsIn& in : message.rights) {
            rights_->apply(message.family, in.record);
            rights_->set_children(message.family, in.children);
        }
    }
    // The complements it granted are its own decisions on the CAF's data: they are
    // re-examined too.
    if (differs || complement_granted_.contains(message.family.value())) regularise(message.family);
}

}  // namespace pajesim::model::centre
