// The people and procedures around the systems: families who notice a missing or wrong
// payment and call; Pajemploi's agents, who work through anomaly files first come, first
// served (the order in which calls and held payments arrive, with no triage: what the centre
// did in 2019); regularisation batches; and the CAF's repayable advances.

#include <algorithm>

#include "sim/kernel/business_days.hpp"
#include "sim/kernel/int128.hpp"
#include "sim/model/engine.hpp"

namespace pajesim::model::detail {
namespace {
std::uint64_t bit(std::int16_t month) { return std::uint64_t{1} << month; }
}  // namespace

// What the family is owed: CMG due and not paid, and debits beyond what was due. With
// `due_only`, only Pajemploi's months whose payment deadline has passed count.
Cents Engine::owed_to_family(FamilyId family, bool due_only) const {
    Cents owed{0};
    for (std::int16_t m = 0; m < result_.month_count; ++m) {
        const std::size_t at = cell(family, m);
        const std::uint8_t flags = month_flags_[at];
        if ((flags & declared_flag) == 0) continue;
        if (due_only) {
            const bool is_new = (flags & new_workflow_flag) != 0;
            const Date due = due_date(m, (flags & late_flag) != 0).plus_days(is_new ? 0 : old_workflow_grace_days);
            if (today_ < due) continue;
        }
        owed += max(Cents{0}, Cents{result_.owed_cents[at] - result_.paid_cents[at]});
        owed += max(Cents{0}, Cents{contributions_debited_cents_[at] - contributions_due_cents_[at]});
    }
    return owed;
}

Date Engine::due_date(std::int16_t index, bool late) const {
    const Date deadline = month_of(index).plus_months(1).day_clamped(
        static_cast<unsigned>(processes_.payment_deadline_day));
    return late ? deadline.plus_days(workflow_.late_declaration_max_days + 7) : deadline;
}

// What the family's carers are owed for the months due by today.
Cents Engine::carers_owed(FamilyId family) const {
    Cents owed{0};
    for (std::int16_t m = 0; m < result_.month_count; ++m) {
        const std::size_t at = cell(family, m);
        const std::uint8_t flags = month_flags_[at];
        if ((flags & new_workflow_flag) == 0 || today_ < due_date(m, (flags & late_flag) != 0)) continue;
        owed += max(Cents{0}, Cents{carers_due_cents_[at] - carers_paid_cents_[at]});
    }
    return owed;
}

// On the payment deadline of month M, each family wrongly paid for M may notice and call; a
// second check, later, looks at the families that declared late.
void Engine::deadline_check(std::int16_t index, std::uint8_t which) {
    const ProcessParameters& p = processes_;
    const bool late_declarations = (which & 1) != 0;
    const bool caf_months = (which & 2) != 0;
    for (std::uint32_t f = 0; f < world_.families.size(); ++f) {
        const std::size_t at = cell(FamilyId{f}, index);
        if ((month_flags_[at] & declared_flag) == 0) continue;
        if (((month_flags_[at] & new_workflow_flag) == 0) != caf_months) continue;
        if (((month_flags_[at] & late_flag) != 0) != late_declarations) continue;
        const bool short_paid = result_.paid_cents[at] < result_.owed_cents[at];
        const bool over_debited = contributions_debited_cents_[at] > contributions_due_cents_[at];
        // An unpaid carer complains to the family, who calls too.
        const bool carer_short = carers_paid_cents_[at] < carers_due_cents_[at];
        if (!short_paid && !over_debited && !carer_short) continue;
        if (suspect_[f] == 0) {
            suspect_[f] = 1;
            suspects_.push_back(f);
        }
        RandomStream stream(scenario_.seed, StreamKind::family_notice,
                            std::uint64_t{f} << 16 | static_cast<std::uint16_t>(index) |
                                std::uint64_t{which} << 48);
        if (!stream.bernoulli(p.notice_probability)) continue;
        const auto delay = static_cast<std::int32_t>(
            stream.uniform_int(p.notice_delay_days.min, p.notice_delay_days.max));
        if (today_.plus_days(delay) < horizon_) {
            push(today_.plus_days(delay), Phase::agents, Event{EventKind::call, 0, index, f, 0, 0});
        }
    }
    if (which != 0) return;
    // Families still owed money for earlier months, with no file open, may call again.
    for (const std::uint32_t f : suspects_) {
        if (file_open_[f] != 0) continue;
        if (owed_to_family(FamilyId{f}, true) == Cents{0} && carers_owed(FamilyId{f}) == Cents{0}) continue;
        RandomStream stream(scenario_.seed, StreamKind::family_notice,
                            std::uint64_t{f} << 16 | static_cast<std::uint16_t>(index) | std::uint64_t{1} << 15);
        if (!stream.bernoulli(p.notice_probability)) continue;
        const auto delay = static_cast<std::int32_t>(
            stream.uniform_int(p.notice_delay_days.min, p.notice_delay_days.max));
        if (today_.plus_days(delay) < horizon_) {
            push(today_.plus_days(delay), Phase::agents, Event{EventKind::call, 0, index, f, 0, 0});
        }
    }
}

void Engine::notice_over_debit(FamilyId family, std::int16_t month) {
    const std::size_t at = cell(family, month);
    if (contributions_debited_cents_[at] <= contributions_due_cents_[at]) return;
    if (suspect_[family.index()] == 0) {
        suspect_[family.index()] = 1;
        suspects_.push_back(family.value());
    }
    RandomStream stream(scenario_.seed, StreamKind::family_notice,
                        std::uint64_t{family.value()} << 16 | static_cast<std::uint16_t>(month) |
                            std::uint64_t{1} << 14);
    if (!stream.bernoulli(processes_.notice_probability)) return;
    const auto delay = static_cast<std::int32_t>(
        stream.uniform_int(processes_.notice_delay_days.min, processes_.notice_delay_days.max));
    if (today_.plus_days(delay) < horizon_) {
        push(std::max(today_.plus_days(delay), earliest(Phase::agents)), Phase::agents,
             Event{EventKind::call, 0, month, family.value(), 0, 0});
    }
}

// A premium-rate call to Pajemploi: it opens an anomaly file, and a family in hardship may get
// an advance from its CAF.
void Engine::call(FamilyId family) {
    ++figures_today().calls;
    PAJESIM_TRACE(family, "call", index_of(std::clamp(today_.year_month(), scenario_.first_month, scenario_.last_month)),
          owed_to_family(family, true), "the family calls Pajemploi; owed so far");
    open_file(family);
    if (!processes_.advances || advance_outstanding_[family.index()] > Cents{0}) return;
    const Cents owed = owed_to_family(family, true);
    if (owed < processes_.advance_threshold) return;
    advance_outstanding_[family.index()] = owed;  // promised now, paid after the CAF's delay
    push(std::max(today_.plus_days(processes_.advance_payment_delay_days), earliest(Phase::payments)),
         Phase::payments,
         Event{EventKind::advance_payment, 0, 0, family.value(), owed.value(), 0});
}

void Engine::open_file(FamilyId family) {
    if (file_open_[family.index()] != 0) return;
    file_open_[family.index()] = 1;
    files_.push_back(family.value());
    PAJESIM_TRACE(family, "file_opened", index_of(std::clamp(today_.year_month(), scenario_.first_month, scenario_.last_month)),
          Cents{0}, std::to_string(files_.size()) + " files waiting");
    ++figures_today().files_opened;
    if (suspect_[family.index()] == 0) {
        suspect_[family.index()] = 1;
        suspects_.push_back(family.value());
    }
}

// National staff on `date`.
std::uint32_t Engine::agents_on(Date date) const {
    return processes_.permanent_agents +
           (date >= processes_.temporary_agents_from ? processes_.temporary_agents : 0);
}

// Each business day the agents close as many files as their capacity allows, scaled from the
// national staff to the simulated population; the fraction of a file carries to the next day.
void Engine::agents_day() {
    // Files a day = agents x files per agent x families / national families, counted in
    // thousandths of a file (exact integer arithmetic in 128 bits); the fraction carries over.
    const Ratio& per_agent = processes_.files_per_agent_per_day;
    const Int128 numerator = Int128{agents_on(today_)} * per_agent.numerator() *
                             static_cast<Int128>(world_.families.size()) * 1000;
    const Int128 denominator = Int128{per_agent.denominator()} * scenario_.population.national_families;
    capacity_carry_thousandths_ += static_cast<std::int64_t>(
        std::min<Int128>(numerator / denominator, Int128{1'000'000'000'000}));
    std::int64_t files = capacity_carry_thousandths_ / 1000;
    capacity_carry_thousandths_ %= 1000;
    while (files > 0 && !files_.empty()) {
        const FamilyId family{files_.front()};
        files_.pop_front();
        fix_file(family);
        --files;
    }
    if (files_.empty()) capacity_carry_thousandths_ = 0;  // idle capacity is not saved up
    const Date next = nth_business_day_after(today_, 1);
    if (next < horizon_) push(next, Phase::agents, Event{EventKind::agents_day, 0, 0, 0, 0, 0});
}

// An agent puts the file right: Pajemploi's rights are rewritten from the CAF's decisions for
// every month since the family's cutover (a manual entry may go wrong), declarations lost on
// the way are taken in, and the past months are regularised.
void Engine::fix_file(FamilyId family) {
    file_open_[family.index()] = 0;
    ++figures_today().files_fixed;
    rights_sent_[family.index()] = 1;
    const YearMonth first = std::max(scenario_.first_month, cutover_of(family).year_month());
    RandomStream stream(scenario_.seed, StreamKind::agent_fix,
                        std::uint64_t{family.value()} << 16 | fixes_of_family_[family.index()]++);
    const bool error = stream.bernoulli(processes_.fix_error_probability);
    const std::vector<RightsRecord> decisions = caf_decisions_from(family, first);
    for (const RightsRecord& record : decisions) rights_.correct(family, record);
    if (error && !decisions.empty() && decisions.back().bracket > 0) {
        // The wrong key: a bracket off by one from the last decision on.
        RightsRecord wrong = decisions.back();
        wrong.bracket = static_cast<std::uint8_t>(wrong.bracket == 3 ? 2 : wrong.bracket + 1);
        rights_.correct(family, wrong);
        ++figures_today().fix_errors;
    }
    // Declarations lost on the way are taken in again, as if just received: they are settled
    // like any other (CMG, contributions, Pajemploi+ debit and carer payment).
    for (std::uint32_t c = world_.family_contract_begin[family.index()];
         c < world_.family_contract_begin[family.index() + 1]; ++c) {
        const std::uint64_t lost = contract_declared_[c] & ~contract_received_[c];
        for (std::int16_t m = 0; m < result_.month_count; ++m) {
            if ((lost & bit(m)) == 0) continue;
            if ((month_flags_[cell(family, m)] & new_workflow_flag) != 0) {
                push(earliest(Phase::declarations), Phase::declarations,
                     Event{EventKind::declaration_intake, 0, m, c, 0, 0});
            } else {
                // A month of the old workflow: the declaration goes on to the CAF, which pays.
                contract_received_[c] |= bit(m);
                push(earliest(Phase::payments), Phase::payments, Event{EventKind::caf_payment, 0, m, c, 0, 0});
            }
        }
    }
    PAJESIM_TRACE(family, "file_fixed", index_of(std::clamp(today_.year_month(), scenario_.first_month, scenario_.last_month)),
          Cents{0}, error ? "rights rewritten from the CAF's decisions, with a keying error in the bracket"
                          : "rights rewritten from the CAF's decisions");
    regularise(family);
    if (options_.observer != nullptr) options_.observer->on_file_fixed(family, view_);
}

void Engine::request_regularisation(FamilyId family) {
    if (!processes_.regularisation || regularisation_pending_[family.index()] != 0) return;
    regularisation_pending_[family.index()] = 1;
    if (regularisation_queue_.empty()) {
        push(nth_business_day_after(today_, 1), Phase::payments,
             Event{EventKind::regularisation_batch, 0, 0, 0, 0, 0});
    }
    regularisation_queue_.push_back(family.value());
}

// The nightly batch: the families whose rights changed over months already taken in.
void Engine::regularisation_batch() {
    std::vector<std::uint32_t> batch;
    batch.swap(regularisation_queue_);
    std::sort(batch.begin(), batch.end());
    for (const std::uint32_t f : batch) {
        regularisation_pending_[f] = 0;
        regularise(FamilyId{f});
    }
}

// Recomputes every month taken in from the current rights and pays what is missing, once:
// what was paid is remembered, so a second pass pays nothing. Contributions left waiting for
// rights are settled, and debits beyond what is due are refunded.
void Engine::regularise(FamilyId family) {
    const std::uint32_t begin = world_.family_contract_begin[family.index()];
    const std::uint32_t end = world_.family_contract_begin[family.index() + 1];
    for (std::int16_t m = 0; m < result_.month_count && month_of(m) <= today_.year_month(); ++m) {
        const std::size_t at = cell(family, m);
        if ((month_flags_[at] & new_workflow_flag) == 0) {
            // The CAF's months: only a debit beyond the due (a double debit) is put right.
            const Cents excess = Cents{contributions_debited_cents_[at] - contributions_due_cents_[at]};
            if ((month_flags_[at] & declared_flag) != 0 && excess > Cents{0}) {
                contributions_debited_cents_[at] -= static_cast<std::int32_t>(excess.value());
                transfer(ledger_.plan().urssaf(), ledger_.plan().family(family), excess, Cause::debit_refund,
                         family, m);
                figures(m).contributions_refunded += excess;
                PAJESIM_TRACE(family, "debit_refunded", m, excess);
            }
            continue;
        }
        const YearMonth month = month_of(m);
        Cents cmg{0};
        Cents due{0};
        bool complete = true;
        for (std::uint32_t c = begin; c < end; ++c) {
            if ((contract_received_[c] & bit(m)) == 0) continue;
            const Contract& contract = world_.contracts[c];
            const std::optional<law::Entitlement> computed = pajemploi_compute(contract, month);
            if (!computed) {
                complete = false;
                continue;
            }
            cmg += computed->cmg_paid;
            const Cents pay = contract.facts.net_salary + contract.facts.maintenance;
            due += computed->contributions.uncovered + (contract.pajemploi_plus ? pay : Cents{0});
            if ((contract_settled_[c] & bit(m)) == 0) {
                contract_settled_[c] |= bit(m);
                transfer(ledger_.plan().caf_fund(), ledger_.plan().urssaf(), computed->contributions.covered,
                         Cause::contributions_covered, family, m);
                figures(m).contributions_covered += computed->contributions.covered;
                const bool taken = (contract_debited_all_[c] & bit(m)) != 0;
                if (!taken && computed->contributions.uncovered > Cents{0}) {
                    push(earliest(Phase::debits), Phase::debits,
                         Event{EventKind::contributions_debit, 0, m, c, computed->contributions.uncovered.value(), 0});
                }
                // Under Pajemploi+ the salary was debited already; only contributions remain.
                // Contributions debited in full without rights are not debited again: what
                // exceeds the due is refunded below.
            }
        }
        if (!complete) continue;
        const Cents missing = cmg - Cents{committed_cents_[at]};
        if (missing > Cents{0}) {
            committed_cents_[at] += static_cast<std::int32_t>(missing.value());
            record_cmg(family, m, missing, Cause::cmg_arrears);
            if (options_.breaks.pay_regularisation_twice) record_cmg(family, m, missing, Cause::cmg_arrears);
            figures(m).arrears_paid += missing;
        }
        const Cents excess = Cents{contributions_debited_cents_[at]} - due;
        if (excess > Cents{0}) {
            contributions_debited_cents_[at] -= static_cast<std::int32_t>(excess.value());
            transfer(ledger_.plan().urssaf(), ledger_.plan().family(family), excess, Cause::debit_refund,
                     family, m);
            figures(m).contributions_refunded += excess;
            PAJESIM_TRACE(family, "debit_refunded", m, excess);
        }
    }
}

void Engine::pay_advance(const Event& event) {
    const FamilyId family{event.subject};
    const Cents amount{event.amount};
    transfer(ledger_.plan().caf_fund(), ledger_.plan().family(family), amount, Cause::advance, family,
             index_of(std::clamp(today_.year_month(), scenario_.first_month, scenario_.last_month)));
    MonthFigures& figure = figures_today();
    ++figure.advances_paid;
    figure.advances_amount += amount;
    PAJESIM_TRACE(family, "advance_paid", index_of(std::clamp(today_.year_month(), scenario_.first_month, scenario_.last_month)),
          amount, "a repayable advance from the CAF");
    const Date recovery = options_.breaks.recover_advances_early
                              ? today_.plus_days(1)
                              : today_.plus_days(processes_.advance_recovery_delay_days);
    if (recovery < horizon_) {
        push(recovery, Phase::debits, Event{EventKind::advance_recovery, 0, 0, family.value(), amount.value(), 0});
    }
}

// The CAF takes its advance back after the delay: in 2019 whether or not the CMG had been paid;
// with `recover_advance_only_after_payment`, only once the family is owed nothing.
void Engine::recover_advance(const Event& event) {
    const FamilyId family{event.subject};
    const bool still_owed = owed_to_family(family, true) > Cents{0};
    if (still_owed && processes_.recover_advance_only_after_payment && !options_.breaks.recover_advances_early) {
        if (today_.plus_days(7) < horizon_) push(today_.plus_days(7), Phase::debits, event);
        return;
    }
    const Cents amount{event.amount};
    if (ledger_.balance(ledger_.plan().family(family)) < amount) {
        ++result_.statistics.debits_rejected;
        ++figures_today().overdrafts;
        if (today_.plus_days(30) < horizon_) push(today_.plus_days(30), Phase::debits, event);
        return;
    }
    transfer(ledger_.plan().family(family), ledger_.plan().caf_fund(), amount, Cause::advance_recovery, family,
             index_of(std::clamp(today_.year_month(), scenario_.first_month, scenario_.last_month)));
    advance_outstanding_[family.index()] = Cents{0};
    MonthFigures& figure = figures_today();
    ++figure.advances_recovered;
    if (still_owed) ++figure.advances_recovered_before_payment;
    PAJESIM_TRACE(family, "advance_recovered", index_of(std::clamp(today_.year_month(), scenario_.first_month, scenario_.last_month)),
          amount, still_owed ? "recovered while the family is still owed money" : "");
}

}  // namespace pajesim::model::detail
