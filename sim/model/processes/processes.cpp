#include "sim/model/processes/processes.hpp"

#include <algorithm>

#include "sim/kernel/business_days.hpp"
#include "sim/kernel/int128.hpp"
#include "sim/kernel/random.hpp"

namespace pajesim::model {

Processes::Processes(Context& context, Books& books) : context_(context), books_(books) {
    const std::size_t families = context.world.families.size();
    file_open_.assign(families, 0);
    fixes_of_family_.assign(families, 0);
    regularisation_pending_.assign(families, 0);
    advance_outstanding_.assign(families, Cents{0});
}

void Processes::start() {
    Date first_cutover = context_.scenario.workflow.cutover;
    for (std::uint32_t caf = 0; caf < context_.scenario.population.cafs; ++caf) {
        first_cutover = std::min(first_cutover, context_.scenario.cutover_for(caf));
    }
    if (first_cutover < context_.horizon()) {
        context_.post(next_business_day_on_or_after(std::max(first_cutover, context_.today())), Phase::agents,
                      AgentsDay{});
    }
    if (const auto& from = context_.scenario.processes.reconciliation_from) {
        const Date first = next_business_day_on_or_after(std::max(*from, context_.today()));
        if (first < context_.horizon()) context_.post(first, Phase::agents, ReconciliationDay{});
    }
}

// The periodic reconciliation of rights: the CAF extracts its decisions for every family in
// the centre's workflow, and the centre compares them with its copy (the centre acts on the
// differences; Processes only carries the files).
void Processes::handle(const ReconciliationDay&) {
    const auto families = static_cast<std::uint32_t>(context_.world.families.size());
    for (std::uint32_t f = 0; f < families; ++f) {
        if (context_.cutover_of(FamilyId{f}) > context_.today()) continue;
        context_.send(ExtractRequest{f, false, true});
    }
    const Date next = next_business_day_on_or_after(
        context_.today().plus_days(context_.scenario.processes.reconciliation_every_days));
    if (next < context_.horizon()) context_.post(next, Phase::agents, ReconciliationDay{});
}

// A premium-rate call to the centre: it opens an anomaly file, and a family in hardship may
// get an advance from its CAF.
void Processes::handle(const Call& message) {
    const FamilyId family{message.family};
    if (message.again && file_open_[family.index()] != 0) return;
    ++context_.figures_today().calls;
    context_.step(family, StepKind::call, context_.this_month());
    const Cents owed = books_.owed_to_family(family, true);
    PAJESIM_TRACE(context_, family, "call", context_.this_month(), owed, "the family calls Pajemploi; owed so far");
    open_file(family, "call");
    const ProcessParameters& p = context_.scenario.processes;
    if (!p.advances || advance_outstanding_[family.index()] > Cents{0}) return;
    if (owed < p.advance_threshold) return;
    advance_outstanding_[family.index()] = owed;  // promised now, paid after the CAF's delay
    context_.post(std::max(context_.today().plus_days(p.advance_payment_delay_days), context_.earliest(Phase::payments)),
                  Phase::payments, AdvancePayment{family.value(), static_cast<std::int32_t>(owed.value())});
}

void Processes::handle(const OpenFile& message) { open_file(FamilyId{message.family}, "the centre's request"); }

void Processes::open_file(FamilyId family, const char* why) {
    books_.suspect(family);
    if (file_open_[family.index()] != 0) return;
    file_open_[family.index()] = 1;
    files_.push_back(family.value());
    PAJESIM_TRACE(context_, family, "file_opened", context_.this_month(), Cents{0},
                  std::string(why) + "; " + std::to_string(files_.size()) + " files waiting");
    ++context_.figures_today().files_opened;
    context_.step(family, StepKind::file_opened, context_.this_month());
}

// National staff on `date`.
std::uint32_t Processes::agents_on(Date date) const {
    const ProcessParameters& p = context_.scenario.processes;
    return p.permanent_agents + (date >= p.temporary_agents_from ? p.temporary_agents : 0);
}

// Each business day the agents close as many files as their capacity allows, scaled from the
// national staff to the simulated population; the fraction of a file carries to the next day.
void Processes::handle(const AgentsDay&) {
    // Files a day = agents x files per agent x families / national families, counted in
    // thousandths of a file (exact integer arithmetic in 128 bits); the fraction carries over.
    const ProcessParameters& p = context_.scenario.processes;
    const Ratio& per_agent = p.files_per_agent_per_day;
    const Int128 numerator = Int128{agents_on(context_.today())} * per_agent.numerator() *
                             static_cast<Int128>(context_.world.families.size()) * 1000;
    const Int128 denominator = Int128{per_agent.denominator()} * context_.scenario.population.national_families;
    capacity_carry_thousandths_ +=
        static_cast<std::int64_t>(std::min<Int128>(numerator / denominator, Int128{1'000'000'000'000}));
    std::int64_t files = capacity_carry_thousandths_ / 1000;
    capacity_carry_thousandths_ %= 1000;
    while (files > 0 && !files_.empty()) {
        const FamilyId family{files_.front()};
        files_.pop_front();
        fix_file(family);
        --files;
    }
    if (files_.empty()) capacity_carry_thousandths_ = 0;  // idle capacity is not saved up
    const Date next = nth_business_day_after(context_.today(), 1);
    if (next < context_.horizon()) context_.post(next, Phase::agents, AgentsDay{});
}

// An agent takes up the file: asks the CAF for its decisions since the family's cutover (the
// keying of them may go wrong), then keys them and the family's declarations into the centre.
void Processes::fix_file(FamilyId family) {
    file_open_[family.index()] = 0;
    ++context_.figures_today().files_fixed;
    RandomStream stream(context_.scenario.seed, StreamKind::agent_fix,
                        std::uint64_t{family.value()} << 16 | fixes_of_family_[family.index()]++);
    const bool error = stream.bernoulli(context_.scenario.processes.fix_error_probability);
    context_.send(ExtractRequest{family.value(), error});
}

void Processes::handle(const ExtractRecord& message) {
    const FamilyId family{message.family};
    if (message.reconciliation) {
        if (message.index == 0) {
            reconcile_.family = family;
            reconcile_.rights.clear();
        }
        reconcile_.rights.push_back(RightsIn{family, CafId{}, RightsCause::agent_request, message.record,
                                             &context_.world.families[family.index()].facts.children});
        if (message.index + 1 == message.count) {
            context_.to_centre(std::move(reconcile_));
            reconcile_ = Reconcile{};
        }
        return;
    }
    if (message.index == 0) {
        fix_.family = family;
        fix_.rights.clear();
        fix_.declarations.clear();
    }
    PAJESIM_ASSERT(fix_.family == family);
    const std::vector<law::ChildFacts>* children = &context_.world.families[family.index()].facts.children;
    if (message.count > 0) {
        fix_.rights.push_back(RightsIn{family, CafId{}, RightsCause::agent_request, message.record, children});
    }
    if (message.count > 0 && message.index + 1 < message.count) return;
    const bool wrong = message.keying_error && !fix_.rights.empty() && fix_.rights.back().record.bracket > 0;
    if (wrong) {
        // The wrong key: a bracket off by one from the last decision on.
        RightsIn typed = fix_.rights.back();
        typed.record.bracket = static_cast<std::uint8_t>(typed.record.bracket == 3 ? 2 : typed.record.bracket + 1) & 3u;
        fix_.rights.push_back(typed);
        ++context_.figures_today().fix_errors;
        context_.step(family, StepKind::fix_error, context_.this_month());
    }
    // The family's declarations: the centre's months go in the file (the centre takes in those
    // it never received), the CAF's months go back to the CAF (which ignores those it has).
    const World& world = context_.world;
    for (std::uint32_t c = world.family_contract_begin[family.index()];
         c < world.family_contract_begin[family.index() + 1]; ++c) {
        const std::uint64_t declared = books_.contract_declared(ContractId{c});
        for (std::int16_t m = 0; m < context_.tally.month_count; ++m) {
            if ((declared >> m & 1u) == 0) continue;
            if (context_.new_workflow(family, context_.month_of(m))) {
                fix_.declarations.push_back(declaration_in(context_, c, m, declaration_date(context_.scenario, ContractId{c}, context_.month_of(m))));
            } else {
                context_.post(context_.earliest(Phase::payments), Phase::payments,
                              DeclarationForCaf{c, m, context_.today().day_count()});
            }
        }
    }
    context_.step(family, StepKind::file_fixed, context_.this_month());
    PAJESIM_TRACE(context_, family, "file_fixed", context_.this_month(), Cents{0},
                  wrong ? "rights rewritten from the CAF's decisions, with a keying error in the bracket"
                        : "rights rewritten from the CAF's decisions");
    context_.to_centre(std::move(fix_));
    fix_ = FixFile{};
    books_.suspect(family);
}

// Rights that reach back over months the family already declared in the centre's workflow
// call for a regularisation, in the next nightly batch.
void Processes::handle(const RightsDelivered& message) {
    const FamilyId family{message.family};
    if (!context_.scenario.processes.regularisation || regularisation_pending_[family.index()] != 0) return;
    const std::int16_t from = std::max<std::int16_t>(0, context_.index_of(message.valid_from));
    bool reaches_back = false;
    for (std::int16_t m = from; m < context_.tally.month_count && context_.month_of(m) <= context_.today().year_month(); ++m) {
        if ((books_.flags(family, m) & new_workflow_flag) != 0) {
            reaches_back = true;
            break;
        }
    }
    if (!reaches_back) return;
    regularisation_pending_[family.index()] = 1;
    if (regularisation_queue_.empty()) {
        context_.post(nth_business_day_after(context_.today(), 1), Phase::agents, RegularisationBatch{});
    }
    regularisation_queue_.push_back(family.value());
}

void Processes::handle(const RegularisationBatch&) {
    std::vector<std::uint32_t> batch;
    batch.swap(regularisation_queue_);
    std::sort(batch.begin(), batch.end());
    for (const std::uint32_t f : batch) {
        regularisation_pending_[f] = 0;
        context_.to_centre(Regularise{FamilyId{f}});
    }
}

void Processes::handle(const AdvancePayment& message) {
    const FamilyId family{message.family};
    const Cents amount{message.amount};
    context_.transfer(context_.accounts().caf_fund(), context_.accounts().family(family), amount, Cause::advance,
                      family, context_.this_month());
    PAJESIM_TRACE(context_, family, "advance_paid", context_.this_month(), amount, "a repayable advance from the CAF");
    const Date recovery = context_.options.breaks.recover_advances_early
                              ? context_.today().plus_days(1)
                              : context_.today().plus_days(context_.scenario.processes.advance_recovery_delay_days);
    if (recovery < context_.horizon()) context_.post(recovery, Phase::debits, AdvanceRecovery{message.family, message.amount});
}

// The CAF takes its advance back after the delay: in 2019 whether or not the CMG had been paid;
// with `recover_advance_only_after_payment`, only once the family is owed nothing.
void Processes::handle(const AdvanceRecovery& message) {
    const FamilyId family{message.family};
    const bool still_owed = books_.owed_to_family(family, true) > Cents{0};
    const Date today = context_.today();
    if (still_owed && context_.scenario.processes.recover_advance_only_after_payment &&
        !context_.options.breaks.recover_advances_early) {
        if (today.plus_days(7) < context_.horizon()) context_.post(today.plus_days(7), Phase::debits, message);
        return;
    }
    const Cents amount{message.amount};
    if (context_.balance(context_.accounts().family(family)) < amount) {
        ++context_.tally.statistics.debits_rejected;
        ++context_.figures_today().overdrafts;
        if (today.plus_days(30) < context_.horizon()) context_.post(today.plus_days(30), Phase::debits, message);
        return;
    }
    context_.transfer(context_.accounts().family(family), context_.accounts().caf_fund(), amount,
                      Cause::advance_recovery, family, context_.this_month());
    advance_outstanding_[family.index()] = Cents{0};
    if (still_owed) ++context_.figures_today().advances_recovered_before_payment;
    PAJESIM_TRACE(context_, family, "advance_recovered", context_.this_month(), amount,
                  still_owed ? "recovered while the family is still owed money" : "");
}

void Processes::month_end(std::int16_t index) {
    MonthFigures& figure = context_.figures(index);
    figure.files_open = files_open();
    figure.agents = agents_on(context_.today());
}

}  // namespace pajesim::model
