#include "sim/model/truth/books.hpp"

#include <algorithm>

#include "sim/kernel/int128.hpp"
#include "sim/kernel/parallel.hpp"
#include "sim/kernel/touch.hpp"

namespace pajesim::model {

Books::Books(Context& context, const World& world)
    : context_(context), world_(world), families_(world.families.size()) {
    RunResult& result = context.tally;
    result.owed_cents = RunLengthCells(families_, result.month_count);
    result.unpaid_cents = WindowedCells(families_, result.month_count);
    carer_totals_ = ZeroedVector<CarerTotals>(families_);
    flags_ = MonthFlags(families_, result.month_count);
    debits_.reset(families_, static_cast<std::size_t>(result.month_count));
    carers_unpaid_ = WindowedCells(families_, result.month_count);
    contracts_.resize(world.contracts.size());
    if (result.month_count > 32) declared_high_.assign(world.contracts.size(), 0);
    for (std::size_t c = 0; c < world.contracts.size(); ++c) {
        const Contract& contract = world.contracts[c];
        contracts_[c].carer = contract.carer.value();
        if (contract.hours_spread_percent != 0) continue;
        const Cents pay = contract.pay_in(contract.first_month);  // every month's: the hours do not vary
        if (pay.value() <= INT32_MAX) contracts_[c].pay = static_cast<std::int32_t>(pay.value());
    }
    turning_months_.resize(families_);
    for (std::size_t f = 0; f < families_; ++f) {
        turning_months_[f] = law::turning_months(world.children_of(FamilyId{static_cast<std::uint32_t>(f)}));
    }
    plus_salaries_.assign(static_cast<std::size_t>(result.month_count), Cents{0});
    plus_debits_.assign(static_cast<std::size_t>(result.month_count), Cents{0});
    suspect_.assign(families_, 0);
    affected_.assign(families_, 0);
    // The four due dates of each care month, computed once: the month-end counts ask for them
    // for every suspect family and month.
    std::vector<Date> due(static_cast<std::size_t>(result.month_count) * 4);
    for (std::int16_t m = 0; m < result.month_count; ++m) {
        for (std::uint8_t i = 0; i < 4; ++i) {
            const auto flags = static_cast<std::uint8_t>(((i & 2u) != 0 ? late_flag : 0) | ((i & 1u) != 0 ? new_workflow_flag : 0));
            due[static_cast<std::size_t>(m) * 4 + i] = compute_due_date(m, flags);
        }
    }
    due_dates_ = std::move(due);
}

void Books::size_transitional() {
    if (!transitional_state_.empty()) return;
    transitional_state_.assign(world_.contracts.size(), 0);
    transitional_.resize(world_.contracts.size());
}

const law::TransitionalFacts* Books::transitional(ContractId id, Scratch& scratch) {
    size_transitional();  // a no-op in prepare_month's threads: it sizes the tables first
    std::uint8_t& state = transitional_state_[id.index()];
    if (state == 0) {
        state = 1;
        const Contract& contract = world_.contracts[id.index()];
        const law::MonthParameters& start = context_.parameters.for_month(context_.scenario.last_month);
        const law::MonthParameters& first = context_.parameters.for_month(start.hourly_start);
        const law::TransitionalComplement& rule = first.transitional_complement->value;
        std::vector<law::ReferenceMonth> months;
        bool any = false;
        for (YearMonth m = rule.reference_first; m <= rule.reference_last; m = m.plus_months(1)) {
            law::ReferenceMonth reference;
            // Months outside the run are not known: a run starting after the period pays none.
            if (m >= context_.scenario.first_month && m <= context_.scenario.last_month &&
                world_.contract_active(contract, m)) {
                const law::HouseholdFacts& facts = world_.true_facts(contract.family, m, scratch.household_reference);
                reference.declared = true;
                const law::ContractFacts& declared = contract.facts_in(m, scratch.contract_reference);
                reference.old_cmg = law::compute_entitlement(facts, declared, context_.parameters.for_month(m),
                                                             nullptr, law::Detail::amounts_only).cmg_paid;
                reference.new_cmg = law::compute_entitlement(facts, declared, first, nullptr,
                                                             law::Detail::amounts_only).cmg_paid;
                reference.hours_x100 = declared.hours_x100;
                any = true;
            }
            months.push_back(reference);
        }
        const Family& family = world_.families[contract.family.index()];
        std::optional<law::TransitionalFacts> facts;
        // The resources of the period's first year, or of the run's first year when the period
        // starts before the run (the world knows the families' resources from then on).
        const int resources_year = std::max(rule.reference_first, context_.scenario.first_month).year();
        if (any) {
            facts = law::transitional_facts(months, world_.resources_for_year(family, resources_year),
                                            rule.min_months_declared, rule.hours_average);
        }
        if (facts) {
            // The resources condition is judged once, on the facts of the regime's first month.
            facts->resources_within_ceiling = law::transitional_resources_within_ceiling(
                *facts->resources_2023, world_.true_facts(contract.family, start.hourly_start, scratch.household_reference), first);
            // An assmat's hours count for the household: every assmat contract of the family
            // declared in the period (one child each), one child or several.
            if (contract.mode() == law::CareMode::assmat) {
                const Date regime_start = first.regime->from;
                const std::uint32_t f = contract.family.index();
                std::vector<law::AssmatReference> assmat;
                for (std::uint32_t c = world_.family_contract_begin[f]; c < world_.family_contract_begin[f + 1]; ++c) {
                    const Contract& other = world_.contracts[c];
                    if (other.mode() != law::CareMode::assmat) continue;
                    law::AssmatReference reference;
                    bool counted = false;
                    for (YearMonth m = rule.reference_first; m <= rule.reference_last; m = m.plus_months(1)) {
                        if (m < context_.scenario.first_month || m > context_.scenario.last_month ||
                            !world_.contract_active(other, m)) {
                            continue;
                        }
                        counted = true;
                        reference.hours_x100 += other.work_in(m).hours_x100;
                    }
                    if (!counted) continue;
                    const Date birth = world_.children_of(contract.family)[other.first_child()].birth;
                    reference.under_3 = birth.plus_years(3) > regime_start;
                    assmat.push_back(reference);
                }
                const auto [typology, hours] = law::assmat_household_hours(
                    assmat, rule.reference_first.months_until(rule.reference_last) + 1, rule.hours_average);
                facts->typology = typology;
                facts->average_hours = hours;
            }
            transitional_[id.index()] = *facts;
            state = 2;
        }
    }
    return state == 2 ? &transitional_[id.index()] : nullptr;
}

Books::Owed Books::oracle(ContractId id, std::int16_t index, Scratch& scratch) {
    const Contract& contract = world_.contracts[id.index()];
    const YearMonth month = context_.month_of(index);
    return oracle_on(id, index, world_.true_facts(contract.family, month, scratch.household),
                     contract.facts_in(month, scratch.contract), scratch);
}

Books::Owed Books::oracle_on(ContractId id, std::int16_t index, const law::HouseholdFacts& household,
                             const law::ContractFacts& facts, Scratch& scratch) {
    const law::MonthParameters& parameters = context_.parameters.for_month(context_.month_of(index));
    const law::TransitionalFacts* complement = parameters.hourly() ? transitional(id, scratch) : nullptr;
    const law::Entitlement owed =
        law::compute_entitlement(household, facts, parameters, nullptr, law::Detail::amounts_only, complement);
    // The complement is paid with the CMG (domain-2025.md section 6). A negative amount (a table
    // that does not clamp the hourly CMG at 0) pays nothing.
    return Owed{static_cast<std::int32_t>(max(Cents{0}, owed.cmg_paid + owed.transitional_paid).value()),
                static_cast<std::int32_t>(owed.contributions.uncovered.value()),
                static_cast<std::int32_t>(owed.contributions.covered.value())};
}

void Books::prepare_month(std::int16_t index, unsigned threads) {
    const YearMonth month = context_.month_of(index);
    const law::MonthParameters& parameters = context_.parameters.for_month(month);
    if (parameters.hourly()) size_transitional();
    const std::size_t slot = static_cast<std::size_t>(index) % prepared_months;
    std::vector<Prepared>& answers = prepared_[slot];
    answers.resize(world_.contracts.size());
    prepared_month_[slot] = -1;
    // The month before's answers, when they were prepared for every family and the two months'
    // parameters hold the same values: a contract active in both months, whose facts and whose
    // household's are the same in both, keeps its answer when the law says the month changes
    // nothing for the household (law::answer_carries_over). The answer is the one computing it
    // again would give; only the work is saved.
    const YearMonth before = month.plus_months(-1);
    const std::size_t before_slot = (static_cast<std::size_t>(index) + prepared_months - 1) % prepared_months;
    const bool carry = context_.options.oracle_carry_over && index > 0 && context_.families_living() == nullptr &&
                       prepared_month_[before_slot] == index - 1 &&
                       law::months_carry_over(context_.parameters.for_month(before), parameters);
    const std::vector<Prepared>& before_answers = prepared_[before_slot];
    // Each thread takes a contiguous range of families and their contracts: the true facts and
    // the complement's facts it fills in are those of its own families and contracts.
    const auto work = [&](std::uint32_t first_family, std::uint32_t end_family) {
        Scratch scratch;
        for (std::uint32_t f = first_family; f < end_family; ++f) {
            const FamilyId family{f};
            // Whether the family's answers of the month before hold for this month, contract by
            // contract once their facts are seen to be the same.
            const bool family_carries = carry && law::carries_over(turning_months_[f], before, month) &&
                                        world_.same_true_facts(family, before, month);
            const law::HouseholdFacts* household = nullptr;  // read for the first answer computed
            for (std::uint32_t c = world_.family_contract_begin[f]; c < world_.family_contract_begin[f + 1]; ++c) {
                const Contract& contract = world_.contracts[c];
                if (!world_.contract_active(contract, month)) continue;
                // The contract's facts of both months differ at most by the month's work.
                if (family_carries && world_.contract_active(contract, before) &&
                    (contract.hours_spread_percent == 0 || contract.work_in(before) == contract.work_in(month))) {
                    answers[c] = before_answers[c];
                    continue;
                }
                const law::ContractFacts& facts = contract.facts_in(month, scratch.contract);
                if (household == nullptr) household = &world_.true_facts(family, month, scratch.household);
                answers[c] = Prepared::of(oracle_on(ContractId{c}, index, *household, facts, scratch));
            }
        }
    };
    if (const std::vector<std::uint32_t>* only = context_.families_living()) {
        for (const std::uint32_t f : *only) work(f, f + 1);  // a replay of a few families
    } else {
        run_in_ranges(static_cast<std::uint32_t>(families_), threads, work);
    }
    prepared_month_[slot] = index;
}

Books::Declared Books::declared(ContractId id, std::int16_t index) {
    const Contract& contract = world_.contracts[id.index()];
    const FamilyId family = contract.family;
    const YearMonth month = context_.month_of(index);
    RunResult& result = context_.tally;
    written(index);
    // The family's cells and record are read below, after the month's pay is drawn: touched
    // now, their cache misses overlap (kernel/touch.hpp).
    context_.touch_family(family);
    result.owed_cents.touch_cell(family.index(), index);
    result.unpaid_cents.touch_cell(family.index(), index);
    debits_.touch_cell(family.index(), static_cast<std::size_t>(index));  // its row number: touch_declared
    flags_.touch_cell(family.index(), index);
    touch(contracts_[id.index()]);
    // A month no longer prepared (a declaration later than the prepared window), or an answer
    // too large to keep prepared, asks the oracle now.
    const Prepared* answered = prepared(id, index);
    const Owed answer = answered != nullptr && answered->held() ? answered->owed() : oracle(id, index, scratch_);
    const Cents owed{answer.cmg};
    const Cents uncovered{answer.uncovered};
    const Cents pay = contract.pay_in(month);
    const bool is_new = context_.new_workflow(family, month);
    result.owed_cents.add(family.index(), index, answer.cmg);
    result.unpaid_cents.add(family.index(), index, answer.cmg);
    // What the family should be debited for the month: uncovered contributions, and under
    // Pajemploi+ the salary too (its CMG is credited separately).
    const bool plus = is_new && contract.pajemploi_plus;
    const Cents due = uncovered + (plus ? pay : Cents{0});
    if (due != Cents{0}) add_debits(family, index, static_cast<std::int32_t>(due.value()), 0);
    if (plus) plus_salaries_[static_cast<std::size_t>(index)] += pay;
    MonthFigures& figure = context_.figures(index);
    if ((flags_.get(family.index(), index) & declared_flag) == 0) ++figure.families;
    flags_.set(family.index(), index, static_cast<std::uint8_t>(declared_flag | (is_new ? new_workflow_flag : 0) | (plus ? plus_flag : 0)));
    if (context_.today() > month.plus_months(1).day_clamped(5)) flags_.set(family.index(), index, late_flag);
    if (index < 32) {
        contracts_[id.index()].declared |= std::uint32_t{1} << index;
    } else {
        declared_high_[id.index()] |= std::uint32_t{1} << (index - 32);
    }
    ++figure.declarations;
    figure.cmg_owed += owed;
    figure.carers_due += pay;
    carers_due_total_.add(family.value(), pay.value(), carers_due_of());
    carers_unpaid_.add(family.index(), index, static_cast<std::int32_t>(pay.value()));
    return Declared{pay, Cents{answer.covered}};
}

void Books::add_debits(FamilyId f, std::int16_t m, std::int32_t due, std::int32_t debited) {
    const auto month = static_cast<std::size_t>(m);
    if (due != 0) debits_.add(f.index(), month, due, 0);
    if (debited != 0) debits_.add(f.index(), month, debited, 1);
}

void Books::on_transfer(const Transfer& t) {
    if (t.cause == Cause::opening_balance || t.cause == Cause::income) return;
    RunResult& result = context_.tally;
    const std::int16_t index = context_.clamped_index(t.month);
    const std::size_t at = cell(t.family, index);
    written(index);
    const auto cents = static_cast<std::int32_t>(t.amount.value());
    MonthFigures& figure = context_.figures(index);
    switch (t.cause) {
        case Cause::cmg:
        case Cause::cmg_arrears: {
            const std::int32_t unpaid = result.unpaid_cents.get(t.family.index(), index);
            result.unpaid_cents.set(t.family.index(), index, unpaid - cents);
            if (unpaid > 0 && unpaid - cents <= 0) {
                const Date due = due_date(index, flags_.get(t.family.index(), index));
                result.statistics.longest_delay_days =
                    std::max(result.statistics.longest_delay_days, due.days_until(context_.today()));
            }
            figure.cmg_paid += t.amount;
            if (t.cause == Cause::cmg_arrears) figure.arrears_paid += t.amount;
            if (overpaid_at(t.family, index) > 0) suspect(t.family);
            return;
        }
        case Cause::overpayment_recovery:
            result.unpaid_cents.add(t.family.index(), index, cents);
            recovered_.add(at, cents);
            figure.cmg_paid -= t.amount;
            context_.figures_today().overpayments_recovered += t.amount;
            suspect(t.family);  // recovered beyond the overpayment: owed money again
            return;
        case Cause::contributions_covered: figure.contributions_covered += t.amount; return;
        case Cause::contributions_debit:
            add_debits(t.family, index, 0, cents);  // a transfer is never of 0 (Context::transfer)
            figure.contributions_debited += t.amount;
            return;
        case Cause::pajemploi_plus_debit: {
            // The month figure counts contributions: the salary part of these debits is not one
            // (added at the end, summarise()).
            add_debits(t.family, index, 0, cents);
            plus_debits_[static_cast<std::size_t>(index)] += t.amount;
            return;
        }
        case Cause::debit_refund:
            add_debits(t.family, index, 0, -cents);
            figure.contributions_refunded += t.amount;
            return;
        case Cause::salary:
        case Cause::carer_payment:
            carers_unpaid_.add(t.family.index(), index, -cents);
            figure.carers_paid += t.amount;
            carers_paid_total_.add(t.family.value(), t.amount.value(), carers_paid_of());
            return;
        case Cause::advance: {
            MonthFigures& today = context_.figures_today();
            ++today.advances_paid;
            today.advances_amount += t.amount;
            return;
        }
        case Cause::advance_recovery: ++context_.figures_today().advances_recovered; return;
        case Cause::opening_balance:
        case Cause::income: return;
    }
}

Date Books::due_date(std::int16_t index, std::uint8_t flags) const {
    if (!due_dates_.empty()) {
        return due_dates_[static_cast<std::size_t>(index) * 4 + ((flags & late_flag) != 0 ? 2u : 0u) +
                          ((flags & new_workflow_flag) != 0 ? 1u : 0u)];
    }
    return compute_due_date(index, flags);
}

Date Books::compute_due_date(std::int16_t index, std::uint8_t flags) const {
    const Date deadline = context_.month_of(index).plus_months(1).day_clamped(
        static_cast<unsigned>(context_.scenario.processes.payment_deadline_day));
    const Date due = (flags & late_flag) != 0
                         ? deadline.plus_days(context_.scenario.workflow.late_declaration_max_days + 7)
                         : deadline;
    return due.plus_days((flags & new_workflow_flag) != 0 ? 0 : old_workflow_grace_days);
}

Cents Books::owed_to_family(FamilyId family, bool due_only) const {
    const RunResult& result = context_.tally;
    Cents owed{0};
    for (std::int16_t m = 0; m < months_written_; ++m) {
        const std::uint8_t flags = flags_.get(family.index(), m);
        if ((flags & declared_flag) == 0) continue;
        if (due_only && context_.today() < due_date(m, flags)) continue;
        owed += max(Cents{0}, Cents{result.unpaid_cents.get(family.index(), m)});
        const Debits month = debits(family, m);
        owed += max(Cents{0}, Cents{month.debited - month.due});
    }
    return owed;
}

Cents Books::carers_due(FamilyId family, std::int16_t m) const { return declared_pay(family, m, std::nullopt); }

Cents Books::declared_pay(FamilyId family, std::int16_t m, std::optional<AccountId> carer) const {
    Cents due{0};
    const std::uint32_t f = family.index();
    for (std::uint32_t c = world_.family_contract_begin[f]; c < world_.family_contract_begin[f + 1]; ++c) {
        const ContractBook& book = contracts_[c];
        if (!declared_in(c, m)) continue;
        if (carer && context_.ledger().plan().carer(CarerId{book.carer}) != *carer) continue;
        due += book.pay >= 0 ? Cents{book.pay} : world_.contracts[c].pay_in(context_.month_of(m));
    }
    return due;
}

SmallVector<AccountId, 4> Books::carers_of(FamilyId family) const {
    SmallVector<AccountId, 4> carers;
    const std::uint32_t f = family.index();
    for (std::uint32_t c = world_.family_contract_begin[f]; c < world_.family_contract_begin[f + 1]; ++c) {
        const AccountId account = context_.ledger().plan().carer(world_.contracts[c].carer);
        if (std::find(carers.begin(), carers.end(), account) == carers.end()) carers.push_back(account);
    }
    return carers;
}

Cents Books::carer_due(FamilyId family, std::int16_t m, AccountId carer) const {
    return declared_pay(family, m, carer);
}

Cents Books::carers_owed(FamilyId family) const {
    Cents owed{0};
    for (std::int16_t m = 0; m < months_written_; ++m) {
        const std::uint8_t flags = flags_.get(family.index(), m);
        if ((flags & declared_flag) == 0 || context_.today() < due_date(m, flags)) continue;
        owed += max(Cents{0}, carers_unpaid(family, m));
    }
    return owed;
}

Cents Books::overpaid(FamilyId family) const {
    Cents over{0};
    for (std::int16_t m = 0; m < months_written_; ++m) over += Cents{overpaid_at(family, m)};
    return over;
}

std::int32_t Books::overpaid_at(FamilyId family, std::int16_t month) const {
    // Write-offs are above 0: a month paid no more than it is owed is not overpaid, and its
    // write-offs (a hash table's) need not be looked up.
    const std::int32_t excess = -unpaid(family, month);
    return excess > 0 ? std::max(0, excess - written_off_[cell(family, month)]) : 0;
}

Cents Books::debt_to_centre(FamilyId family) const {
    Cents debt{0};
    for (std::int16_t m = 0; m < months_written_; ++m) {
        const std::uint8_t flags = flags_.get(family.index(), m);
        if ((flags & plus_flag) == 0 || context_.today() < due_date(m, flags)) continue;
        const Debits month = debits(family, m);
        debt += max(Cents{0}, Cents{month.due - month.debited});
    }
    return debt;
}

void Books::write_off(FamilyId family, std::int16_t month, Cents amount) {
    written(month);
    written_off_.add(cell(family, month), static_cast<std::int32_t>(amount.value()));
    context_.figures_today().overpayments_written_off += amount;
}

void Books::count_affected(std::uint32_t f) {
    if ((affected_[f] & 1) != 0) return;
    affected_[f] |= 1;
    ++context_.tally.statistics.families_affected;
}

void Books::suspect(FamilyId family) {
    if (suspect_[family.index()] != 0) return;
    suspect_[family.index()] = 1;
    suspects_.push_back(family.value());
}

// Only families found wrong are examined: a family never found wrong owes nothing to anyone.
void Books::month_end(std::int16_t index) {
    RunResult& result = context_.tally;
    MonthFigures& figure = context_.figures(index);
    std::vector<std::uint32_t> still;
    still.reserve(suspects_.size());
    for (const std::uint32_t f : suspects_) {
        const FamilyId family{f};
        const Cents owed = owed_to_family(family, true);
        const Cents over = overpaid(family);
        const Cents carers = carers_owed(family);
        const Cents debt = debt_to_centre(family);
        if (owed > Cents{0}) {
            ++figure.families_in_arrears;
            if (owed >= context_.scenario.processes.advance_threshold()) ++figure.families_in_arrears_above_threshold;
            const Ratio& share = context_.scenario.processes.hardship_income_share;
            const Cents income = context_.world.families[f].monthly_income;
            if (static_cast<Int128>(owed.value()) * share.denominator() >=
                static_cast<Int128>(income.value()) * share.numerator()) {
                ++figure.families_in_hardship;
            }
            figure.money_owed += owed;
        }
        if (over > Cents{0}) {
            ++figure.families_overpaid;
            figure.money_overpaid += over;
            if ((affected_[f] & 2) == 0) {
                affected_[f] |= 2;
                ++result.statistics.families_ever_overpaid;
            }
        }
        if (owed > Cents{0} || over > Cents{0}) {
            ++figure.families_wrong;
            count_affected(f);
        }
        if (carers > Cents{0}) {
            ++figure.carers_unpaid;
            figure.carers_money_unpaid += carers;
        }
        if (debt > Cents{0}) {
            ++figure.families_in_debt_to_centre;
            figure.debt_to_centre += debt;
        }
        if (owed > Cents{0} || over > Cents{0} || carers > Cents{0} || debt > Cents{0}) {
            still.push_back(f);
        } else {
            suspect_[f] = 0;
        }
    }
    suspects_.swap(still);
    figure.families_affected = result.statistics.families_affected;
    result.statistics.family_days_in_arrears +=
        std::uint64_t{figure.families_in_arrears} * context_.month_of(index).day_count();
}

void Books::summarise() {
    RunResult& result = context_.tally;
    carers_due_total_.apply(carers_due_of());
    carers_paid_total_.apply(carers_paid_of());
    result.families.resize(families_);
    for (std::int16_t m = 0; m < result.month_count; ++m) {
        const auto i = static_cast<std::size_t>(m);
        context_.figures(m).contributions_debited += max(Cents{0}, plus_debits_[i] - plus_salaries_[i]);
    }
    for (std::uint32_t f = 0; f < families_; ++f) {
        FamilySummary& summary = result.families[f];
        summary.carers_due = Cents{carer_totals_[f].due};
        summary.carers_paid = Cents{carer_totals_[f].paid};
        for (std::int16_t m = 0; m < result.month_count; ++m) {
            const std::int32_t unpaid_cents = unpaid(FamilyId{f}, m);
            if (unpaid_cents != 0) ++context_.figures(m).families_paid_wrongly;
            const std::uint8_t flags = flags_.get(f, m);
            if ((flags & declared_flag) == 0) continue;
            ++summary.months_declared;
            const Cents owed{result.owed_cents.get(f, m)};
            const Cents paid = owed - Cents{unpaid_cents};
            summary.cmg_owed += owed;
            summary.cmg_paid += paid;
            if (owed != paid) {
                if (summary.first_month_wrong < 0) summary.first_month_wrong = m;
                summary.last_month_wrong = m;
            }
            if (paid < owed) {
                // Still unpaid: the wait so far counts.
                result.statistics.longest_delay_days = std::max(
                    result.statistics.longest_delay_days, due_date(m, flags).days_until(context_.today()));
            }
            summary.largest_arrears = max(summary.largest_arrears, owed - paid);
        }
        const Cents owed = owed_to_family(FamilyId{f}, false);
        if (owed > Cents{0}) {
            ++result.statistics.families_still_owed;
            result.statistics.money_still_owed += owed;
        }
        const Cents over = overpaid(FamilyId{f});
        if (over > Cents{0}) {
            ++result.statistics.families_still_overpaid;
            result.statistics.money_still_overpaid += over;
        }
        // A family still wrong when the run ends is affected, though no month end saw it (a
        // month whose payment fell due after the period's last month end, never paid).
        if (owed > Cents{0} || over > Cents{0}) count_affected(f);
        const Cents carers = carers_owed(FamilyId{f});
        if (carers > Cents{0}) {
            ++result.statistics.families_carers_still_unpaid;
            result.statistics.carers_money_still_unpaid += carers;
        }
    }
}

}  // namespace pajesim::model
