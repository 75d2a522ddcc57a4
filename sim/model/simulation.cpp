#include "sim/model/simulation.hpp"

#include <algorithm>

#include "sim/kernel/business_days.hpp"
#include "sim/kernel/event_queue.hpp"
#include "sim/kernel/random.hpp"
#include "sim/model/rights.hpp"

namespace pajesim::model {
namespace {

// The order of a day: the month's plan first, then the CAF, the rights link, incomes,
// declarations, payments and, last, debits (so a day's credits are there before its debits).
enum class Phase : std::uint8_t { plan, caf, rights_link, income, declarations, payments, debits };
constexpr std::size_t phase_count = 7;

enum class EventKind : std::uint8_t {
    month_plan,        // month
    cutover,           // bulk transfer of rights
    caf_process,       // family, change index
    rights_delivery,   // family, packed record
    income,            // family
    declaration,       // contract, month
    caf_payment,       // contract, month (old workflow)
    cmg_payment,       // contract, month, amount (Pajemploi)
    covered_payment,   // contract, month, amount (CAF -> URSSAF)
    contributions_debit,  // contract, month, amount
    plus_debit,        // contract, month, amount (salary + uncovered), extra = CMG
    carer_payment,     // contract, month, amount (Pajemploi+)
};

struct Event {
    EventKind kind = EventKind::month_plan;
    std::uint8_t flags = 0;
    std::int16_t month = 0;   // month index from the first month
    std::uint32_t subject = 0;  // family or contract id
    std::int64_t amount = 0;
    std::int64_t extra = 0;
};

std::int64_t pack(const RightsRecord& r, bool bulk) {
    return static_cast<std::int64_t>(r.valid_from.index()) << 32 |
           static_cast<std::int64_t>(r.bracket) << 24 | static_cast<std::int64_t>(r.single_parent) << 16 |
           static_cast<std::int64_t>(r.known_children) << 8 | static_cast<std::int64_t>(r.lost_birth_mask) |
           static_cast<std::int64_t>(bulk) << 20;
}

RightsRecord unpack(std::int64_t packed, bool* bulk) {
    RightsRecord r;
    r.valid_from = YearMonth::from_index(static_cast<std::int32_t>(packed >> 32));
    r.bracket = static_cast<std::uint8_t>(packed >> 24 & 0xff);
    r.single_parent = (packed >> 16 & 1) != 0;
    *bulk = (packed >> 20 & 1) != 0;
    r.known_children = static_cast<std::uint8_t>(packed >> 8 & 0xff);
    r.lost_birth_mask = static_cast<std::uint8_t>(packed & 0xff);
    return r;
}

class Simulation {
public:
    Simulation(const Scenario& scenario, const law::LegalParameters& parameters, World& world,
               const RunOptions& options)
        : scenario_(scenario),
          workflow_(scenario.workflow),
          parameters_(parameters),
          world_(world),
          options_(options),
          seams_(options.seams != nullptr ? *options.seams : default_seams_),
          queue_(scenario.first_month.first_day()),
          ledger_(AccountPlan{static_cast<std::uint32_t>(world.families.size()),
                              static_cast<std::uint32_t>(world.carers.size())}),
          rights_(world.families.size()),
          caf_known_(world.families.size(), 0),
          horizon_(scenario.last_month.plus_months(4).first_day()) {
        ledger_.set_journal(options.journal);
        result_.month_count = scenario.month_count();
        result_.months.resize(static_cast<std::size_t>(result_.month_count));
        for (std::int32_t m = 0; m < result_.month_count; ++m) {
            result_.months[static_cast<std::size_t>(m)].month = scenario.first_month.plus_months(m);
        }
        const std::size_t cells = world.families.size() * static_cast<std::size_t>(result_.month_count);
        result_.owed_cents.assign(cells, 0);
        result_.paid_cents.assign(cells, 0);
        declared_.assign(cells, 0);
        result_.families.resize(world.families.size());
    }

    RunResult run() {
        const Date start = scenario_.first_month.first_day();
        for (std::uint32_t f = 0; f < world_.families.size(); ++f) {
            transfer(start, ledger_.plan().outside(), ledger_.plan().family(FamilyId{f}),
                     world_.families[f].starting_balance, Cause::opening_balance, FamilyId{f}, 0);
            schedule_caf_processing(FamilyId{f});
        }
        push(start, Phase::plan, Event{EventKind::month_plan, 0, 0, 0, 0, 0});
        // The initial transfer of rights runs ahead of the cutover, so that Pajemploi holds
        // rights when the first declarations reach it.
        const Date bulk = scenario_.bulk_transfer_date();
        if (bulk < horizon_) push(std::max(bulk, start), Phase::caf, Event{EventKind::cutover, 0, 0, 0, 0, 0});
        while (auto item = queue_.pop()) {
            today_ = item->date;
            ++result_.statistics.events;
            dispatch(item->event);
        }
        summarise();
        result_.ledger_net = ledger_.net();
        result_.statistics.transfers = ledger_.transfer_count();
        return std::move(result_);
    }

    Date today() const { return today_; }

private:
    // --- plumbing ---------------------------------------------------------------------------
    void push(Date date, Phase phase, Event event) {
        PAJESIM_ASSERT(date >= today_);
        queue_.push(date, static_cast<std::size_t>(phase), event);
    }

    YearMonth month_of(std::int16_t index) const { return scenario_.first_month.plus_months(index); }
    std::int16_t index_of(YearMonth month) const {
        return static_cast<std::int16_t>(scenario_.first_month.months_until(month));
    }
    // Month-major: a day's events touch one month's row in family order, which keeps the
    // national run in cache far better than a family-major layout.
    std::size_t cell(FamilyId family, std::int16_t month) const {
        return static_cast<std::size_t>(month) * world_.families.size() + family.index();
    }
    MonthFigures& figures(std::int16_t month) { return result_.months[static_cast<std::size_t>(month)]; }

    void transfer(Date date, AccountId source, AccountId target, Cents amount, Cause cause,
                  FamilyId family, std::int16_t month) {
        if (amount == Cents{0}) return;
        ledger_.transfer(Transfer{date, source, target, amount, cause, family, month_of(month)});
    }

    bool can_pay(FamilyId family, Cents amount) const {
        return ledger_.balance(ledger_.plan().family(family)) >= amount;
    }

    void dispatch(const Event& event) {
        switch (event.kind) {
            case EventKind::month_plan: return plan_month(event.month);
            case EventKind::cutover: return bulk_transfer();
            case EventKind::caf_process: return caf_process(FamilyId{event.subject}, event.amount);
            case EventKind::rights_delivery: return deliver_rights(event);
            case EventKind::income: return credit_income(FamilyId{event.subject}, event.month);
            case EventKind::declaration: return declare(ContractId{event.subject}, event.month);
            case EventKind::caf_payment: return caf_pay(ContractId{event.subject}, event.month);
            case EventKind::cmg_payment: return pay_cmg(event);
            case EventKind::covered_payment: return pay_covered(event);
            case EventKind::contributions_debit: return debit_contributions(event);
            case EventKind::plus_debit: return debit_pajemploi_plus(event);
            case EventKind::carer_payment: return pay_carer(event);
        }
    }

    // --- the month's plan: declarations and incomes ----------------------------------------
    void plan_month(std::int16_t index) {
        const YearMonth month = month_of(index);
        if (month.month() == 1 && rights_transferred_ && index > 0) january_roll(month);
        const std::uint32_t families = static_cast<std::uint32_t>(world_.families.size());
        for (std::uint32_t f = 0; f < families; ++f) {
            const Family& family = world_.families[f];
            push(month.day_clamped(family.income_day), Phase::income,
                 Event{EventKind::income, 0, index, f, 0, 0});
            for (std::uint32_t c = world_.family_contract_begin[f];
                 c < world_.family_contract_begin[f + 1]; ++c) {
                if (!world_.contract_active(world_.contracts[c], month)) continue;
                push(declaration_date(ContractId{c}, month), Phase::declarations,
                     Event{EventKind::declaration, 0, index, c, 0, 0});
            }
        }
        if (month < scenario_.last_month) {
            push(month.plus_months(1).first_day(), Phase::plan,
                 Event{EventKind::month_plan, 0, static_cast<std::int16_t>(index + 1), 0, 0, 0});
        }
        if (options_.progress) options_.progress(index + 1, result_.month_count);
    }

    // Month M is declared between the 25th of M and the 5th of M+1; a share later.
    Date declaration_date(ContractId contract, YearMonth month) const {
        RandomStream stream(scenario_.seed, StreamKind::declarations,
                            std::uint64_t{contract.value()} << 16 |
                                static_cast<std::uint16_t>(index_of(month)));
        const Date window_start = month.day_clamped(25);
        if (stream.bernoulli(workflow_.late_declaration_share)) {
            const Date late_start = month.plus_months(1).day_clamped(6);
            return late_start.plus_days(static_cast<std::int32_t>(
                stream.uniform_below(static_cast<std::uint64_t>(workflow_.late_declaration_max_days))));
        }
        const Date window_end = month.plus_months(1).day_clamped(5);
        return window_start.plus_days(static_cast<std::int32_t>(
            stream.uniform_below(static_cast<std::uint64_t>(window_start.days_until(window_end) + 1))));
    }

    void credit_income(FamilyId family, std::int16_t month) {
        transfer(today_, ledger_.plan().outside(), ledger_.plan().family(family),
                 world_.families[family.index()].monthly_income, Cause::income, family, month);
    }

    // --- the CAF ----------------------------------------------------------------------------
    void schedule_caf_processing(FamilyId id) {
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

    void caf_process(FamilyId id, std::int64_t change) {
        const Family& family = world_.families[id.index()];
        caf_known_[id.index()] |= static_cast<std::uint8_t>(1u << change);
        if (!rights_transferred_) return;
        const YearMonth effect = family.changes[static_cast<std::size_t>(change)].date.year_month().plus_months(1);
        send_rights_from(id, std::max(effect, scenario_.first_month), false);
    }

    // The household as the CAF knows it for care month `month`: the changes it has processed.
    const law::HouseholdFacts& caf_facts(FamilyId id, YearMonth month) {
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
        }
        for (std::uint8_t k = 0; k < family.change_count; ++k) {
            const Change& change = family.changes[k];
            if ((known >> k & 1u) != 0 && change.kind == ChangeKind::birth) {
                // Births are the last children of the family: knowing one means knowing it.
                PAJESIM_ASSERT(change.value == caf_scratch_.children.size());
                caf_scratch_.children.push_back(family.facts.children[change.value]);
            }
        }
        caf_scratch_.resources_n2 = world_.resources_for_year(family, month.year());
        return caf_scratch_;
    }

    RightsRecord caf_decision(FamilyId id, YearMonth month) {
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

    // Sends the CAF's decisions from `first` to next month, one message per change of decision.
    void send_rights_from(FamilyId id, YearMonth first, bool bulk) {
        const YearMonth last = std::min(scenario_.last_month, today_.year_month().plus_months(1));
        std::optional<RightsRecord> previous;
        for (YearMonth month = first; month <= last; month = month.plus_months(1)) {
            RightsRecord record = caf_decision(id, month);
            RightsRecord comparable = record;
            if (previous) comparable.valid_from = previous->valid_from;
            if (previous && comparable == *previous) continue;
            previous = record;
            if (bulk) seams_.migrate_record(id, record);
            send_rights(RightsMessage{id, record, bulk});
        }
    }

    void send_rights(const RightsMessage& message) {
        ++result_.statistics.rights_messages_sent;
        if (today_.year_month() >= scenario_.first_month && today_.year_month() <= scenario_.last_month) {
            ++figures(index_of(today_.year_month())).rights_messages;
        }
        const LinkRoute route = seams_.route_rights(message, today_, workflow_.rights_link_delay_days);
        if (route.dropped) return;
        const Event event{EventKind::rights_delivery, 0, 0, message.family.value(),
                          pack(message.record, message.bulk), 0};
        push(today_.plus_days(route.delay_days), Phase::rights_link, event);
        if (route.duplicated) {
            push(today_.plus_days(route.delay_days + route.duplicate_delay_days), Phase::rights_link, event);
        }
    }

    void bulk_transfer() {
        rights_transferred_ = true;
        const YearMonth first = std::max(scenario_.first_month, workflow_.cutover.year_month().plus_months(-1));
        for (std::uint32_t f = 0; f < world_.families.size(); ++f) {
            send_rights_from(FamilyId{f}, first, true);
        }
    }

    // Each 1 January the N-2 year rolls: new brackets for every family.
    void january_roll(YearMonth january) {
        for (std::uint32_t f = 0; f < world_.families.size(); ++f) {
            send_rights_from(FamilyId{f}, january, false);
        }
    }

    void deliver_rights(const Event& event) {
        bool bulk = false;
        const RightsRecord record = unpack(event.amount, &bulk);
        rights_.apply(RightsMessage{FamilyId{event.subject}, record, bulk});
        ++result_.statistics.rights_messages_delivered;
    }

    // --- declarations -----------------------------------------------------------------------
    void declare(ContractId id, std::int16_t index) {
        const Contract& contract = world_.contracts[id.index()];
        const FamilyId family = contract.family;
        const YearMonth month = month_of(index);
        const law::MonthParameters& p = parameters_.for_month(month);
        const law::Entitlement owed =
            law::compute_entitlement(world_.true_facts(family, month), contract.facts, p, nullptr,
                                   law::Detail::amounts_only);
        const std::size_t at = cell(family, index);
        result_.owed_cents[at] += static_cast<std::int32_t>(owed.cmg_paid.value());
        if (declared_[at]++ == 0) ++figures(index).families;
        MonthFigures& figure = figures(index);
        ++figure.declarations;
        figure.cmg_owed += owed.cmg_paid;
        const Cents pay = contract.facts.net_salary + contract.facts.maintenance;
        figure.carers_due += pay;
        result_.families[family.index()].carers_due += pay;

        if (today_ < workflow_.cutover) {
            pay_salary_directly(contract, index);
            push(nth_business_day_after(today_, workflow_.caf_payment_delay_business_days),
                 Phase::payments, Event{EventKind::caf_payment, 0, index, id.value(), 0, 0});
            return;
        }
        if (!seams_.declaration_received(id, month, today_)) return;
        const law::Entitlement computed = pajemploi_compute(contract, month, p);
        const Cents covered = computed.contributions.covered;
        const Cents uncovered = computed.contributions.uncovered;
        const Date debit_date = nth_business_day_after(today_, workflow_.contributions_debit_business_days);
        if (covered > Cents{0}) {
            push(debit_date, Phase::payments,
                 Event{EventKind::covered_payment, 0, index, id.value(), covered.value(), 0});
        }
        if (!contract.pajemploi_plus) {
            pay_salary_directly(contract, index);
            if (computed.cmg_paid > Cents{0}) {
                push(nth_business_day_after(today_, workflow_.cmg_payment_delay_business_days),
                     Phase::payments,
                     Event{EventKind::cmg_payment, 0, index, id.value(), computed.cmg_paid.value(), 0});
            }
            if (uncovered > Cents{0}) {
                push(debit_date, Phase::debits,
                     Event{EventKind::contributions_debit, 0, index, id.value(), uncovered.value(), 0});
            }
            return;
        }
        push(debit_date, Phase::debits,
             Event{EventKind::plus_debit, 0, index, id.value(), (pay + uncovered).value(),
                   computed.cmg_paid.value()});
        push(pajemploi_plus_carer_date(month), Phase::payments,
             Event{EventKind::carer_payment, 0, index, id.value(), pay.value(), 0});
    }

    // Pajemploi+ pays the carer ~3 business days after the declaration, by the 8th of M+1 at
    // the latest (when the declaration was on time), never before the next business day.
    Date pajemploi_plus_carer_date(YearMonth month) const {
        const Date usual = nth_business_day_after(today_, workflow_.pajemploi_plus_carer_payment_business_days);
        Date deadline = month.plus_months(1).day_clamped(
            static_cast<unsigned>(workflow_.pajemploi_plus_carer_payment_deadline_day));
        while (!is_business_day(deadline)) deadline = deadline.plus_days(-1);
        const Date earliest = nth_business_day_after(today_, 1);
        if (usual <= deadline) return usual;
        return std::max(deadline, earliest);
    }

    void pay_salary_directly(const Contract& contract, std::int16_t index) {
        const Cents pay = contract.facts.net_salary + contract.facts.maintenance;
        if (!can_pay(contract.family, pay)) ++figures(index).overdrafts;  // the bank lets it through
        carer_paid(contract, index, pay, Cause::salary, ledger_.plan().family(contract.family));
    }

    void carer_paid(const Contract& contract, std::int16_t index, Cents amount, Cause cause,
                    AccountId source) {
        transfer(today_, source, ledger_.plan().carer(contract.carer), amount, cause,
                 contract.family, index);
        figures(index).carers_paid += amount;
        result_.families[contract.family.index()].carers_paid += amount;
    }

    // Pajemploi's computation, from its own copy of the rights only.
    law::Entitlement pajemploi_compute(const Contract& contract, YearMonth month,
                                       const law::MonthParameters& p) {
        const std::optional<RightsRecord> rights = rights_.lookup(contract.family, month);
        law::Entitlement none;
        none.contributions_covered_rate = Ratio::zero();
        if (!rights || rights->bracket == 0) {
            // No rights: nothing paid and nothing debited until rights arrive.
            return none;
        }
        const Family& family = world_.families[contract.family.index()];
        pajemploi_household_.single_parent = rights->single_parent;
        pajemploi_household_.resources_n2 = Cents{0};
        pajemploi_household_.children.clear();
        for (std::uint8_t c = 0; c < rights->known_children; ++c) {
            law::ChildFacts child = family.facts.children[c];
            // A lost birth date reads as a child born after the month: not counted.
            if ((rights->lost_birth_mask >> c & 1u) != 0) child.birth = month.plus_months(1).first_day();
            pajemploi_household_.children.push_back(child);
        }
        pajemploi_contract_ = contract.facts;
        std::erase_if(pajemploi_contract_.children,
                      [&](std::uint32_t c) { return c >= rights->known_children; });
        if (pajemploi_contract_.children.empty()) return none;
        return law::compute_entitlement_for_bracket(rights->bracket, pajemploi_household_,
                                                    pajemploi_contract_, p, nullptr,
                                                    law::Detail::amounts_only);
    }

    // --- payments ---------------------------------------------------------------------------
    void caf_pay(ContractId id, std::int16_t index) {
        const Contract& contract = world_.contracts[id.index()];
        const YearMonth month = month_of(index);
        const law::MonthParameters& p = parameters_.for_month(month);
        caf_contract_ = contract.facts;
        const law::HouseholdFacts& facts = caf_facts(contract.family, month);
        std::erase_if(caf_contract_.children,
                      [&](std::uint32_t c) { return c >= facts.children.size(); });
        if (caf_contract_.children.empty()) return;
        const law::Entitlement decided =
            law::compute_entitlement(facts, caf_contract_, p, nullptr, law::Detail::amounts_only);
        record_cmg(contract, index, decided.cmg_paid, ledger_.plan().caf_fund());
        transfer(today_, ledger_.plan().caf_fund(), ledger_.plan().urssaf(),
                 decided.contributions.covered, Cause::contributions_covered, contract.family, index);
        figures(index).contributions_covered += decided.contributions.covered;
        if (decided.contributions.uncovered > Cents{0}) {
            // Before the reform, home-care contributions were debited about two months later.
            const Date when = next_business_day_on_or_after(
                month.plus_months(1 + workflow_.old_home_carer_contributions_delay_months).day_clamped(5));
            push(std::max(when, today_), Phase::debits,
                 Event{EventKind::contributions_debit, 0, index, id.value(),
                       decided.contributions.uncovered.value(), 0});
        }
    }

    void record_cmg(const Contract& contract, std::int16_t index, Cents amount, AccountId source) {
        if (amount == Cents{0}) return;
        transfer(today_, source, ledger_.plan().family(contract.family), amount, Cause::cmg,
                 contract.family, index);
        result_.paid_cents[cell(contract.family, index)] += static_cast<std::int32_t>(amount.value());
        figures(index).cmg_paid += amount;
    }

    void pay_cmg(const Event& event) {
        const Contract& contract = world_.contracts[event.subject];
        // Pajemploi pays the CMG on the CAF's behalf: the money is the CAF's.
        record_cmg(contract, event.month, Cents{event.amount}, ledger_.plan().caf_fund());
    }

    void pay_covered(const Event& event) {
        const Contract& contract = world_.contracts[event.subject];
        transfer(today_, ledger_.plan().caf_fund(), ledger_.plan().urssaf(), Cents{event.amount},
                 Cause::contributions_covered, contract.family, event.month);
        figures(event.month).contributions_covered += Cents{event.amount};
    }

    // A rejected debit is presented again the business day after the family's next income.
    bool try_debit(const Event& event, Cents amount) {
        const Contract& contract = world_.contracts[event.subject];
        if (can_pay(contract.family, amount)) return true;
        ++result_.statistics.debits_rejected;
        if (today_.year_month() <= scenario_.last_month) {
            ++figures(std::min<std::int16_t>(index_of(today_.year_month()),
                                             static_cast<std::int16_t>(result_.month_count - 1))).overdrafts;
        }
        const Family& family = world_.families[contract.family.index()];
        YearMonth income_month = today_.year_month();
        if (today_.day() >= family.income_day) income_month = income_month.plus_months(1);
        const Date retry = nth_business_day_after(income_month.day_clamped(family.income_day), 1);
        if (retry >= horizon_ || income_month > scenario_.last_month) {
            ++result_.statistics.debits_abandoned;
            return false;
        }
        push(retry, Phase::debits, event);
        return false;
    }

    void debit_contributions(const Event& event) {
        const Cents amount{event.amount};
        if (amount == Cents{0}) return;
        const Contract& contract = world_.contracts[event.subject];
        if (!try_debit(event, amount)) return;
        transfer(today_, ledger_.plan().family(contract.family), ledger_.plan().urssaf(), amount,
                 Cause::contributions_debit, contract.family, event.month);
        figures(event.month).contributions_debited += amount;
    }

    // Pajemploi+: the CMG is credited, then salary + uncovered contributions are debited.
    void debit_pajemploi_plus(const Event& event) {
        const Contract& contract = world_.contracts[event.subject];
        if (event.extra > 0) {
            record_cmg(contract, event.month, Cents{event.extra}, ledger_.plan().caf_fund());
            Event rest = event;
            rest.extra = 0;
            if (!try_debit(rest, Cents{event.amount})) return;
        } else if (!try_debit(event, Cents{event.amount})) {
            return;
        }
        transfer(today_, ledger_.plan().family(contract.family), ledger_.plan().pajemploi(),
                 Cents{event.amount}, Cause::pajemploi_plus_debit, contract.family, event.month);
    }

    void pay_carer(const Event& event) {
        const Contract& contract = world_.contracts[event.subject];
        carer_paid(contract, event.month, Cents{event.amount}, Cause::carer_payment,
                   ledger_.plan().pajemploi());
    }

    // --- end of run -------------------------------------------------------------------------
    void summarise() {
        for (std::uint32_t f = 0; f < world_.families.size(); ++f) {
            FamilySummary& summary = result_.families[f];
            for (std::int16_t m = 0; m < result_.month_count; ++m) {
                const std::size_t at = cell(FamilyId{f}, m);
                if (declared_[at] == 0) continue;
                ++summary.months_declared;
                const Cents owed{result_.owed_cents[at]};
                const Cents paid{result_.paid_cents[at]};
                summary.cmg_owed += owed;
                summary.cmg_paid += paid;
                if (owed != paid) {
                    if (summary.first_month_wrong < 0) summary.first_month_wrong = m;
                    summary.last_month_wrong = m;
                }
                summary.largest_arrears = max(summary.largest_arrears, owed - paid);
            }
        }
    }

    const Scenario& scenario_;
    const WorkflowParameters& workflow_;
    const law::LegalParameters& parameters_;
    World& world_;
    const RunOptions& options_;
    Seams default_seams_;
    Seams& seams_;
    EventQueue<Event, phase_count> queue_;
    Ledger ledger_;
    RightsStore rights_;
    std::vector<std::uint8_t> caf_known_;   // bit k: the CAF has processed change k
    std::vector<std::uint8_t> declared_;    // per family and month: declarations
    Date horizon_;
    Date today_;
    bool rights_transferred_ = false;  // the CAF sends every change once the bulk is sent
    RunResult result_;
    law::HouseholdFacts caf_scratch_;
    law::HouseholdFacts pajemploi_household_;
    law::ContractFacts pajemploi_contract_;
    law::ContractFacts caf_contract_;
};

std::string describe_today(const void* simulation) {
    return static_cast<const Simulation*>(simulation)->today().to_string();
}

}  // namespace

RunResult run_simulation(const Scenario& scenario, const law::LegalParameters& parameters,
                         World& world, const RunOptions& options) {
    PAJESIM_ASSERT(parameters.covers(scenario.first_month));
    PAJESIM_ASSERT(parameters.covers(scenario.last_month));
    Simulation simulation(scenario, parameters, world, options);
    const RunContext context{scenario.seed, &describe_today, &simulation};
    const RunContextScope scope(context);
    return simulation.run();
}

}  // namespace pajesim::model
