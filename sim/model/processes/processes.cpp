#include "sim/model/processes/processes.hpp"

#include <algorithm>

#include "sim/kernel/business_days.hpp"
#include "sim/kernel/int128.hpp"
#include "sim/kernel/random.hpp"

namespace pajesim::model {

Processes::Processes(Context& context, Books& books)
    : context_(context), books_(books), cases_(context.world.families.size()) {}

void Processes::start() {
    Date first_cutover = context_.scenario.workflow.cutover;
    for (std::uint32_t caf = 0; caf < context_.scenario.population.cafs; ++caf) {
        first_cutover = std::min(first_cutover, context_.scenario.cutover_for(caf));
    }
    if (first_cutover < context_.horizon()) {
        context_.post(next_business_day_on_or_after(std::max(first_cutover, context_.today())), Phase::agents,
                      AgentsDay{});
    }
    const auto& campaigns = context_.scenario.processes.reconciliations;
    for (std::size_t i = 0; i < campaigns.size(); ++i) {
        const ReconciliationCampaign& c = campaigns[i];
        const Date first = next_business_day_on_or_after(std::max(c.from, context_.today()));
        if (first < context_.horizon() && (!c.until || first <= *c.until)) {
            context_.post(first, Phase::agents, ReconciliationDay{static_cast<std::uint8_t>(i)});
        }
    }
}

// The periodic reconciliation of rights: the CAF extracts its decisions for every family in
// the centre's workflow, and the centre compares them with its copy (the centre acts on the
// differences; Processes only carries the files). A family's difference is detected with
// `share_detected` (a draw per family and reconciliation) and corrected after
// `correction_delay_days` (the extract is taken then).
void Processes::handle(const ReconciliationDay& message) {
    const ReconciliationCampaign& c = context_.scenario.processes.reconciliations[message.campaign];
    const bool every_one = c.share_detected == Ratio{1, 1};
    const Date correction = context_.today().plus_days(c.correction_delay_days);
    context_.for_each_family([&](std::uint32_t f) {
        if (context_.cutover_of(FamilyId{f}) > context_.today()) return;
        if (!every_one) {
            // Keyed by family, day and campaign (two campaigns on one day draw apart).
            RandomStream stream(context_.scenario.seed, StreamKind::reconciliation,
                                (std::uint64_t{f} << 32 | static_cast<std::uint32_t>(context_.today().day_count())) ^
                                    std::uint64_t{message.campaign} << 58);
            if (!stream.bernoulli(c.share_detected)) return;
        }
        if (c.correction_delay_days == 0) {
            context_.send(ExtractRequest{f, false, true});
        } else if (correction < context_.horizon()) {
            context_.post(correction, Phase::agents, ExtractRequest{f, false, true});
        }
    });
    const Date next = next_business_day_on_or_after(context_.today().plus_days(c.every_days));
    if (next < context_.horizon() && (!c.until || next <= *c.until)) context_.post(next, Phase::agents, message);
}

// Whether a call gets through the line today (always, with no call_centre): the day's
// capacity, scaled like the agents' from the national figure, in thousandths of a call, the
// fraction carried to the next business day; none on a day off.
bool Processes::line_free(FamilyId family, std::uint8_t attempt) {
    const CallCentre& line = context_.scenario.processes.call_centre;
    if (line.calls_per_day == 0) return true;
    const std::uint64_t key = static_cast<std::uint64_t>(context_.today().day_count()) << 8 | attempt;
    return context_.shared(family, SharedSite::line, key, line_takes_call() ? 1 : 0) != 0;
}

bool Processes::line_takes_call() {
    const CallCentre& line = context_.scenario.processes.call_centre;
    const Date today = context_.today();
    if (line_day_ != today.day_count()) {
        line_day_ = today.day_count();
        line_left_thousandths_ = 0;
        if (is_business_day(today)) {
            const Int128 capacity = Int128{line.calls_per_day} * static_cast<Int128>(context_.world.families.size()) *
                                    1000 / context_.scenario.population.national_families;
            line_carry_thousandths_ += static_cast<std::int64_t>(std::min<Int128>(capacity, Int128{1'000'000'000'000}));
            line_left_thousandths_ = line_carry_thousandths_ / 1000 * 1000;
            line_carry_thousandths_ %= 1000;
        }
    }
    if (line_left_thousandths_ < 1000) return false;
    line_left_thousandths_ -= 1000;
    return true;
}

// A call that did not get through: the family tries again after a few days, until its
// patience (a number of attempts drawn once per family) runs out.
void Processes::call_lost(const Call& message) {
    const FamilyId family{message.family};
    const CallCentre& line = context_.scenario.processes.call_centre;
    MonthFigures& figure = context_.figures_today();
    ++figure.calls_lost;
    RandomStream patience(context_.scenario.seed, StreamKind::call_centre, family.value());
    const auto limit = patience.uniform_int(line.patience_calls.min, line.patience_calls.max);
    const auto attempts = static_cast<std::uint8_t>(message.attempt + 1);
    if (attempts >= limit) {
        ++figure.callers_gave_up;
        PAJESIM_TRACE(context_, family, "call_lost", context_.this_month(), Cents{0},
                      "the line is full; the family gives up after " + std::to_string(attempts) + " attempts");
        return;
    }
    RandomStream retry(context_.scenario.seed, StreamKind::call_centre,
                       std::uint64_t{family.value()} << 32 |
                           static_cast<std::uint64_t>(context_.today().day_count()) << 6 | attempts);
    const Date when = context_.today().plus_days(retry.uniform_int(line.retry_days.min, line.retry_days.max));
    PAJESIM_TRACE(context_, family, "call_lost", context_.this_month(), Cents{0},
                  "the line is full; the family tries again on " + when.to_string());
    if (when < context_.horizon()) {
        context_.post(when, Phase::agents, Call{message.family, message.month, message.again, attempts});
    }
}

// A premium-rate call to the centre: it opens an anomaly file, and the family may get an
// advance from its CAF.
void Processes::handle(const Call& message) {
    const FamilyId family{message.family};
    if (message.again && cases_[family.index()].file_state != closed) return;
    const CallCentre& line = context_.scenario.processes.call_centre;
    context_.figures_today().call_costs += line.cost_per_call;
    if (!line_free(family, message.attempt)) return call_lost(message);
    ++context_.figures_today().calls;
    context_.step(family, StepKind::call, context_.this_month());
    // The family says what it is missing: it knows what it is owed.
    const Cents owed = books_.owed_to_family(family, true);
    cases_.at(family.index()).claimed = owed;
    PAJESIM_TRACE(context_, family, "call", context_.this_month(), owed, "the family calls Pajemploi; owed so far");
    open_file(family, "call", message.month);
    promise(family);
    consider_advance(family, true);
}

void Processes::handle(const OpenFile& message) {
    open_file(FamilyId{message.family}, "the centre's request", message.month);
}

void Processes::open_file(FamilyId family, const char* why, std::int16_t month) {
    books_.suspect(family);
    const std::size_t f = family.index();
    if (cases_[f].file_state != closed) {
        cases_.at(f).file_month = std::min(cases_[f].file_month, month);
        return;
    }
    cases_.at(f).file_state = waiting;
    cases_.at(f).file_month = month;
    files_.push_back(family.value());
    ++files_open_;
    const std::int64_t files_waiting = context_.shared(family, SharedSite::files_waiting, cases_[f].fixes,
                                                       static_cast<std::int64_t>(files_.size()));
    PAJESIM_TRACE(context_, family, "file_opened", context_.this_month(), Cents{0},
                  std::string(why) + "; " + std::to_string(files_waiting) + " files waiting");
    ++context_.figures_today().files_opened;
    context_.step(family, StepKind::file_opened, context_.this_month());
    promise(family);
    consider_advance(family, false);
}

// An answer promised within `answer_deadline_days` of a call or of a file's opening (one
// promise at a time: a call while one is pending adds none).
void Processes::promise(FamilyId family) {
    const std::int32_t days = context_.scenario.processes.answer_deadline_days;
    const std::size_t f = family.index();
    if (days == 0 || cases_[f].promise_due != 0 || cases_[f].file_state == closed) return;
    cases_.at(f).promise_due = context_.today().plus_days(days).day_count();
    ++context_.figures_today().promises_made;
}

// The agent's answer: the file keyed into the centre. A promise is kept when the answer comes
// by its day (one found broken at a month end is not counted again).
void Processes::answer(FamilyId family) {
    std::int32_t& due = cases_.at(family.index()).promise_due;
    if (due > 0) {
        if (context_.today().day_count() <= due) {
            ++context_.figures_today().promises_kept;
        } else {
            ++context_.figures_today().promises_broken;
        }
    }
    due = 0;
}

// The CAF of the family (at the start of the run) decides on an advance. On request: when the
// family calls and asks, for what it says it is owed (a family knows what it is owed).
// Automatic: without being asked, for what the CAF estimates the centre holds for the family
// (its own computation of each held month, AdvanceOffer), or for what the family said it was
// owed at its last call, whichever is larger, once that reaches the threshold.
void Processes::consider_advance(FamilyId family, bool asked) {
    const ProcessParameters& p = context_.scenario.processes;
    const AdvancePolicy& policy = p.advance_policy_of(context_.caf_of(family).value());
    if (policy.rule == AdvanceRule::none || cases_[family.index()].advance_outstanding > Cents{0}) return;
    if (policy.rule == AdvanceRule::automatic) {
        advance(family, policy, max(cases_[family.index()].claimed, cases_[family.index()].held_estimate));
        return;
    }
    if (!asked) return;
    const Cents owed = cases_[family.index()].claimed;
    if (owed < policy.threshold) return;
    if (policy.request_share != Ratio{1, 1}) {
        RandomStream stream(context_.scenario.seed, StreamKind::advance_request,
                            std::uint64_t{family.value()} << 32 |
                                static_cast<std::uint32_t>(context_.today().day_count()));
        if (!stream.bernoulli(policy.request_share)) return;
    }
    advance(family, policy, owed);
}

void Processes::advance(FamilyId family, const AdvancePolicy& policy, Cents amount) {
    if (amount < policy.threshold || cases_[family.index()].advance_outstanding > Cents{0}) return;
    cases_.at(family.index()).advance_outstanding = amount;  // promised now, paid after the CAF's delay
    context_.post(std::max(context_.today().plus_days(policy.payment_delay_days), context_.earliest(Phase::payments)),
                  Phase::payments, AdvancePayment{family.value(), static_cast<std::int32_t>(amount.value())});
}

// The CAF's estimate of a held month: added to what the family is held, and advanced when the
// family's CAF advances automatically.
void Processes::handle(const AdvanceOffer& message) {
    const FamilyId family{message.family};
    cases_.at(family.index()).held_estimate += Cents{message.amount};
    consider_advance(family, false);
}

// National staff on `date`.
std::uint32_t Processes::agents_on(Date date) const {
    const ProcessParameters& p = context_.scenario.processes;
    return p.permanent_agents + (date >= p.temporary_agents_from ? p.temporary_agents : 0);
}

// The agents' capacity on `date` in thousandths of a file: agents x files per agent x
// families / national families (exact integer arithmetic in 128 bits), less the largest
// capacity cut covering the day (what it takes is added to `lost_thousandths`).
std::int64_t Processes::capacity_thousandths(Date date, std::int64_t& lost_thousandths) const {
    const ProcessParameters& p = context_.scenario.processes;
    const Ratio& per_agent = p.files_per_agent_per_day;
    const Int128 numerator = Int128{agents_on(date)} * per_agent.numerator() *
                             static_cast<Int128>(context_.world.families.size()) * 1000;
    const Int128 denominator = Int128{per_agent.denominator()} * context_.scenario.population.national_families;
    const auto full = static_cast<std::int64_t>(std::min<Int128>(numerator / denominator, Int128{1'000'000'000'000}));
    const Ratio* cut = nullptr;
    for (const CapacityCut& c : p.capacity_cuts) {
        if (date < c.from || c.to < date) continue;
        if (cut == nullptr || *cut < c.share) cut = &c.share;
    }
    if (cut == nullptr) return full;
    const auto lost = static_cast<std::int64_t>(Int128{full} * cut->numerator() / cut->denominator());
    lost_thousandths += lost;
    return full - lost;
}

// Each business day the agents first make the outbound contacts due, then close as many
// files as their capacity allows; the fraction of a file carries to the next day.
void Processes::handle(const AgentsDay&) {
    make_contacts();
    capacity_carry_thousandths_ += capacity_thousandths(context_.today(), lost_carry_thousandths_);
    context_.figures_today().files_lost_to_cuts += static_cast<std::uint32_t>(lost_carry_thousandths_ / 1000);
    lost_carry_thousandths_ %= 1000;
    const std::int64_t files = capacity_carry_thousandths_ / 1000;
    capacity_carry_thousandths_ %= 1000;
    if (context_.replaying()) {
        take_up_as_recorded();
    } else {
        take_up(files);
    }
    if (files_.empty()) capacity_carry_thousandths_ = 0;  // idle capacity is not saved up
    const Date next = nth_business_day_after(context_.today(), 1);
    if (next < context_.horizon()) context_.post(next, Phase::agents, AgentsDay{});
}

// The agents take up `files` waiting files in the order of the triage; ties (and fifo) go by
// the order the files were opened.
void Processes::take_up(std::int64_t files) {
    const Triage triage = context_.scenario.processes.triage;
    if (triage == Triage::fifo || static_cast<std::size_t>(files) >= files_.size()) {
        while (files > 0 && !files_.empty()) {
            const FamilyId family{files_.front()};
            files_.pop_front();
            fix_file(family);
            --files;
        }
        return;
    }
    if (files <= 0) return;
    const World& world = context_.world;
    const auto first = [&](std::size_t a, std::size_t b) {
        const std::uint32_t fa = files_[a];
        const std::uint32_t fb = files_[b];
        switch (triage) {
            case Triage::oldest_first:
                if (cases_[fa].file_month != cases_[fb].file_month) return cases_[fa].file_month < cases_[fb].file_month;
                break;
            case Triage::largest_arrears_first:
                if (cases_[fa].claimed != cases_[fb].claimed) return cases_[fb].claimed < cases_[fa].claimed;
                break;
            case Triage::hardship_first: {
                const Int128 ia = std::max<std::int64_t>(world.families[fa].monthly_income.value(), 1);
                const Int128 ib = std::max<std::int64_t>(world.families[fb].monthly_income.value(), 1);
                const Int128 left = Int128{cases_[fa].claimed.value()} * ib;
                const Int128 right = Int128{cases_[fb].claimed.value()} * ia;
                if (left != right) return left > right;
                break;
            }
            case Triage::fifo:
                break;
        }
        return a < b;
    };
    std::vector<std::size_t> order(files_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    const auto taken = static_cast<std::size_t>(files);
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(taken), order.end(), first);
    std::vector<std::uint32_t> chosen;
    chosen.reserve(taken);
    std::vector<std::uint8_t> picked(files_.size(), 0);
    for (std::size_t i = 0; i < taken; ++i) {
        chosen.push_back(files_[order[i]]);
        picked[order[i]] = 1;
    }
    std::deque<std::uint32_t> rest;
    for (std::size_t i = 0; i < files_.size(); ++i) {
        if (picked[i] == 0) rest.push_back(files_[i]);
    }
    files_.swap(rest);
    for (const std::uint32_t f : chosen) fix_file(FamilyId{f});
}

// A replay of a few families (histories.hpp): the agents take up each file on the day they
// took it up in the run, whatever the capacity left by the families not replayed.
void Processes::take_up_as_recorded() {
    const std::int32_t today = context_.today().day_count();
    std::deque<std::uint32_t> due;
    std::deque<std::uint32_t> rest;
    for (const std::uint32_t f : files_) {
        std::int64_t day = 0;
        const bool recorded = context_.histories()->peek(FamilyId{f}, SharedSite::take_up, cases_[f].fixes, day);
        (recorded && day <= today ? due : rest).push_back(f);
    }
    files_.swap(rest);
    for (const std::uint32_t f : due) fix_file(FamilyId{f});
}

// An agent takes up the file: asks the CAF for its decisions since the family's cutover (the
// keying of them may go wrong), then keys them and the family's declarations into the centre
// (at once, or when the CAF answers after `caf_answer_delay_days`).
void Processes::fix_file(FamilyId family) {
    const ProcessParameters& p = context_.scenario.processes;
    ++context_.figures_today().files_fixed;
    context_.shared(family, SharedSite::take_up, cases_[family.index()].fixes, context_.today().day_count());
    RandomStream stream(context_.scenario.seed, StreamKind::agent_fix,
                        std::uint64_t{family.value()} << 16 | cases_[family.index()].fixes);
    const bool error = stream.bernoulli(p.fix_error_probability);
    std::int64_t delay = 0;
    if (p.caf_answer_delay_days.max > 0) {
        RandomStream wait(context_.scenario.seed, StreamKind::caf_answer,
                          std::uint64_t{family.value()} << 16 | cases_[family.index()].fixes);
        delay = wait.uniform_int(p.caf_answer_delay_days.min, p.caf_answer_delay_days.max);
    }
    ++cases_.at(family.index()).fixes;
    if (delay == 0) {
        cases_.at(family.index()).file_state = closed;
        --files_open_;
        context_.send(ExtractRequest{family.value(), error});
        return;
    }
    cases_.at(family.index()).file_state = with_caf;
    const Date answer_day = context_.today().plus_days(delay);
    PAJESIM_TRACE(context_, family, "caf_asked", context_.this_month(), Cents{0},
                  "the agent asks the CAF for its data; answer on " + answer_day.to_string());
    if (answer_day < context_.horizon()) context_.post(answer_day, Phase::agents, ExtractRequest{family.value(), error});
}

void Processes::handle(const ExtractRecord& message) {
    const FamilyId family{message.family};
    if (message.reconciliation) {
        if (message.index == 0) {
            reconcile_.family = family;
            reconcile_.rights.clear();
        }
        reconcile_.rights.push_back(RightsIn{family, CafId{}, RightsCause::agent_request, message.record,
                                             context_.world.children_of(family)});
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
    const std::span<const law::ChildFacts> children = context_.world.children_of(family);
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
    if (cases_[family.index()].file_state == with_caf) {
        cases_.at(family.index()).file_state = closed;
        --files_open_;
    }
    answer(family);
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
    if (!context_.scenario.processes.regularisation || cases_[family.index()].regularisation_pending != 0) return;
    const std::int16_t from = std::max<std::int16_t>(0, context_.index_of(message.valid_from));
    bool reaches_back = false;
    for (std::int16_t m = from; m < context_.tally.month_count && context_.month_of(m) <= context_.today().year_month(); ++m) {
        if ((books_.flags(family, m) & new_workflow_flag) != 0) {
            reaches_back = true;
            break;
        }
    }
    if (!reaches_back) return;
    cases_.at(family.index()).regularisation_pending = 1;
    const std::int32_t today = context_.today().day_count();
    std::int64_t batch_day = 0;
    if (context_.replaying()) {
        // A replay of a few families: the batch that took the family up in the run.
        if (context_.histories()->peek(family, SharedSite::regularisation, static_cast<std::uint64_t>(today), batch_day) &&
            batch_day >= today && day_of(static_cast<std::int32_t>(batch_day)) < context_.horizon()) {
            context_.post(day_of(static_cast<std::int32_t>(batch_day)), Phase::agents, RegularisationBatch{});
        }
    } else if (regularisation_queue_.empty()) {
        context_.post(nth_business_day_after(context_.today(), 1), Phase::agents, RegularisationBatch{});
    }
    regularisation_queue_.emplace_back(family.value(), today);
}

void Processes::handle(const RegularisationBatch&) {
    std::vector<std::pair<std::uint32_t, std::int32_t>> batch;
    const std::int32_t today = context_.today().day_count();
    if (context_.replaying()) {
        std::vector<std::pair<std::uint32_t, std::int32_t>> rest;
        for (const auto& queued : regularisation_queue_) {
            std::int64_t day = 0;
            const bool recorded = context_.histories()->peek(FamilyId{queued.first}, SharedSite::regularisation,
                                                             static_cast<std::uint64_t>(queued.second), day);
            (recorded && day <= today ? batch : rest).push_back(queued);
        }
        regularisation_queue_.swap(rest);
    } else {
        batch.swap(regularisation_queue_);
    }
    std::sort(batch.begin(), batch.end());
    for (const auto& [f, queued] : batch) {
        context_.shared(FamilyId{f}, SharedSite::regularisation, static_cast<std::uint64_t>(queued), today);
        cases_.at(f).regularisation_pending = 0;
        context_.to_centre(Regularise{FamilyId{f}});
    }
}

void Processes::handle(const AdvancePayment& message) {
    const FamilyId family{message.family};
    const Cents amount{message.amount};
    const AdvancePolicy& policy =
        context_.scenario.processes.advance_policy_of(context_.caf_of(family).value());
    context_.transfer(context_.accounts().caf_fund(), context_.accounts().family(family), amount, Cause::advance,
                      family, context_.this_month());
    PAJESIM_TRACE(context_, family, "advance_paid", context_.this_month(), amount, "a repayable advance from the CAF");
    const Date recovery = context_.options.breaks.recover_advances_early
                              ? context_.today().plus_days(1)
                              : context_.today().plus_days(policy.recovery_delay_days);
    if (recovery < context_.horizon()) context_.post(recovery, Phase::debits, AdvanceRecovery{message.family, message.amount});
}

// The CAF takes its advance back after the delay: in 2019 whether or not the CMG had been paid;
// with `recover_only_after_payment`, only once the family is owed nothing.
void Processes::handle(const AdvanceRecovery& message) {
    const FamilyId family{message.family};
    const AdvancePolicy& policy =
        context_.scenario.processes.advance_policy_of(context_.caf_of(family).value());
    const bool still_owed = books_.owed_to_family(family, true) > Cents{0};
    const Date today = context_.today();
    if (still_owed && policy.recover_only_after_payment && !context_.options.breaks.recover_advances_early) {
        if (today.plus_days(7) < context_.horizon()) context_.post(today.plus_days(7), Phase::debits, message);
        return;
    }
    const Cents amount{message.amount};
    if (context_.balance(context_.accounts().family(family)) < amount) {
        ++context_.tally.statistics.debits_rejected;
        context_.overdraft();
        if (today.plus_days(30) < context_.horizon()) context_.post(today.plus_days(30), Phase::debits, message);
        return;
    }
    context_.transfer(context_.accounts().family(family), context_.accounts().caf_fund(), amount,
                      Cause::advance_recovery, family, context_.this_month());
    cases_.at(family.index()).advance_outstanding = Cents{0};
    if (still_owed) ++context_.figures_today().advances_recovered_before_payment;
    PAJESIM_TRACE(context_, family, "advance_recovered", context_.this_month(), amount,
                  still_owed ? "recovered while the family is still owed money" : "");
}

// Outbound contact: a payment the centre holds makes a contact due `contact_after_days` later
// (not before `outbound_contact.from`), cancelled if the centre pays the month meanwhile.
void Processes::held(FamilyId family, std::int16_t month) {
    const ProcessParameters& p = context_.scenario.processes;
    const std::size_t f = family.index();
    if (p.advance_policy_of(context_.caf_of(family).value()).rule == AdvanceRule::automatic) {
        context_.send(HeldPayment{family.value(), month});  // the CAF is told of the hold
    }
    if (!p.contact_from || cases_[f].contact_due != 0 || cases_[f].file_state != closed) return;
    const Date due = std::max(context_.today().plus_days(p.contact_after_days), *p.contact_from);
    if (due >= context_.horizon()) return;
    cases_.at(f).contact_due = due.day_count();
    cases_.at(f).contact_month = month;
    contacts_.emplace_back(due.day_count(), family.value());
}

void Processes::paid(FamilyId family, std::int16_t month) {
    const std::size_t f = family.index();
    if (!cases_.holds(f)) return;  // nothing held, no contact planned
    cases_.at(f).held_estimate = Cents{0};  // the centre pays again: what it held is being paid
    if (cases_[f].contact_due != 0 && cases_[f].contact_month == month) cases_.at(f).contact_due = 0;
}

// The contacts due: the centre calls the family (no premium-rate call, no waiting for the
// family to notice) and opens its file, unless one is open already.
void Processes::make_contacts() {
    const std::int32_t today = context_.today().day_count();
    while (!contacts_.empty() && contacts_.front().first <= today) {
        const auto [due, f] = contacts_.front();
        contacts_.pop_front();
        if (cases_[f].contact_due != due) continue;  // cancelled, or replaced by a later one
        cases_.at(f).contact_due = 0;
        if (cases_[f].file_state != closed) continue;
        const FamilyId family{f};
        ++context_.figures_today().contacts;
        context_.step(family, StepKind::contacted, context_.this_month());
        PAJESIM_TRACE(context_, family, "contacted", cases_[f].contact_month, Cents{0},
                      "the centre calls the family about a payment it holds");
        open_file(family, "outbound contact", cases_[f].contact_month);
    }
}

void Processes::month_end(std::int16_t index) {
    MonthFigures& figure = context_.figures(index);
    figure.files_open = files_open();
    figure.agents = agents_on(context_.today());
    if (context_.scenario.processes.answer_deadline_days == 0) return;
    // Promises past their day with no answer yet: broken (counted once).
    const std::int32_t today = context_.today().day_count();
    cases_.for_each([&](Case& record) {
        if (record.promise_due > 0 && record.promise_due < today) {
            ++figure.promises_broken;
            record.promise_due = -1;
        }
    });
}

}  // namespace pajesim::model
