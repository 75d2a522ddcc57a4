#include "sim/model/scenario.hpp"

#include <algorithm>
#include <filesystem>

#include "sim/kernel/json_input.hpp"
#include "sim/law/parameters.hpp"

namespace pajesim::model {
namespace {

std::int32_t read_int(ObjectReader& reader, std::string_view key, std::int32_t current,
                      std::int32_t low, std::int32_t high) {
    if (auto value = reader.optional(key)) return static_cast<std::int32_t>(value->as_int(low, high));
    return current;
}

Ratio read_probability(ObjectReader& reader, std::string_view key, const Ratio& current) {
    if (auto value = reader.optional(key)) return value->as_probability();
    return current;
}

template <typename T, typename ReadOne>
Range<T> read_range(ObjectReader& reader, std::string_view key, Range<T> current,
                    ReadOne read_one) {
    auto value = reader.optional(key);
    if (!value) return current;
    ObjectReader range(*value);
    const T min = read_one(range.required("min"));
    const JsonValue max_value = range.required("max");
    const T max = read_one(max_value);
    range.finish();
    if (max < min) max_value.fail("max is below min");
    return Range<T>{min, max};
}

template <std::size_t N>
std::array<std::uint32_t, N> read_weights(ObjectReader& reader, std::string_view key,
                                          const std::array<std::uint32_t, N>& current) {
    auto value = reader.optional(key);
    if (!value) return current;
    const std::size_t size = value->array_size(N, N);
    std::array<std::uint32_t, N> weights{};
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < size; ++i) {
        weights[i] = static_cast<std::uint32_t>(value->at(i).as_int(0, 1'000'000));
        total += weights[i];
    }
    if (total == 0) value->fail("at least one weight must be positive");
    return weights;
}

PopulationParameters read_population(const JsonValue& value) {
    ObjectReader reader(value);
    PopulationParameters p;
    p.families = static_cast<std::uint32_t>(read_int(reader, "families", 10'000, 1, max_families));
    p.national_families = static_cast<std::uint32_t>(
        read_int(reader, "national_families", static_cast<std::int32_t>(p.national_families), 1, 10'000'000));
    p.cafs = static_cast<std::uint32_t>(read_int(reader, "cafs", 101, 1, 1000));
    p.home_carer_share = read_probability(reader, "home_carer_share", p.home_carer_share);
    p.single_parent_share = read_probability(reader, "single_parent_share", p.single_parent_share);
    p.bracket_weights = read_weights(reader, "bracket_weights", p.bracket_weights);
    p.children_weights = read_weights(reader, "children_weights", p.children_weights);
    p.pajemploi_plus_share = read_probability(reader, "pajemploi_plus_share", p.pajemploi_plus_share);
    if (auto per_carer = reader.optional("assmat_children_per_carer")) {
        p.assmat_children_per_carer = per_carer->as_ratio();
        if (p.assmat_children_per_carer < Ratio::one() || p.assmat_children_per_carer > Ratio{6, 1}) {
            per_carer->fail("an assmat cares for 1 to 6 children");
        }
    }
    const auto cents = [](const JsonValue& v) { return v.as_cents(Cents{1}, Cents{100'00}); };
    const auto hours = [](const JsonValue& v) { return static_cast<std::int32_t>(v.as_int(1, 250)); };
    p.assmat_net_hourly_per_child =
        read_range(reader, "assmat_net_hourly_per_child", p.assmat_net_hourly_per_child, cents);
    p.assmat_hours_per_month = read_range(reader, "assmat_hours_per_month", p.assmat_hours_per_month, hours);
    p.home_carer_net_hourly = read_range(reader, "home_carer_net_hourly", p.home_carer_net_hourly, cents);
    p.home_carer_hours_per_month =
        read_range(reader, "home_carer_hours_per_month", p.home_carer_hours_per_month, hours);
    if (auto maintenance = reader.optional("maintenance_per_day")) {
        p.maintenance_per_day = maintenance->as_cents(Cents{0}, Cents{50'00});
    }
    p.aeeh_child_share = read_probability(reader, "aeeh_child_share", p.aeeh_child_share);
    p.alternating_residence_share =
        read_probability(reader, "alternating_residence_share", p.alternating_residence_share);
    p.annual_birth_probability =
        read_probability(reader, "annual_birth_probability", p.annual_birth_probability);
    p.annual_separation_probability =
        read_probability(reader, "annual_separation_probability", p.annual_separation_probability);
    p.annual_move_probability =
        read_probability(reader, "annual_move_probability", p.annual_move_probability);
    p.resources_yearly_growth = read_range(reader, "resources_yearly_growth",
                                           p.resources_yearly_growth, [](const JsonValue& v) {
        const Ratio growth = v.as_ratio();
        if (growth < Ratio{-1, 2} || growth > Ratio{1, 1}) v.fail("a yearly growth of -0.5 to 1");
        return growth;
    });
    if (auto rate = reader.optional("new_claims_per_month")) {
        p.new_claims_per_month = rate->as_probability();
        if (p.new_claims_per_month > Ratio{1, 10}) rate->fail("at most 0.1 of the families a month");
    }
    p.new_claims_first_birth_share =
        read_probability(reader, "new_claims_first_birth_share", p.new_claims_first_birth_share);
    p.annual_contract_end_probability =
        read_probability(reader, "annual_contract_end_probability", p.annual_contract_end_probability);
    p.starting_balance = read_range(reader, "starting_balance", p.starting_balance, [](const JsonValue& v) {
        const Cents amount = v.as_cents(Cents{0}, Cents{1'000'000'00});
        if (amount.value() % 100 != 0) v.fail("a starting balance in whole euros");
        return amount;
    });
    p.income_margin_percent = read_range(reader, "income_margin_percent", p.income_margin_percent,
                                         [](const JsonValue& v) { return static_cast<std::int32_t>(v.as_int(0, 500)); });
    if (auto fee = reader.optional("overdraft_fee")) p.overdraft_fee = fee->as_cents(Cents{0}, Cents{100'00});
    p.monthly_hours_spread_percent = static_cast<std::int32_t>(read_int(reader, "monthly_hours_spread_percent", 0, 0, 50));
    p.siblings_one_assmat_share = read_probability(reader, "siblings_one_assmat_share", p.siblings_one_assmat_share);
    reader.finish();
    return p;
}

WorkflowParameters read_workflow(const JsonValue& value) {
    ObjectReader reader(value);
    WorkflowParameters w;
    if (auto cutover = reader.optional("cutover")) w.cutover = cutover->as_date();
    w.bulk_transfer_days_before_cutover = read_int(
        reader, "bulk_transfer_days_before_cutover", w.bulk_transfer_days_before_cutover, 0, 60);
    const auto days = [](const JsonValue& v) { return static_cast<std::int32_t>(v.as_int(0, 120)); };
    w.caf_processing_delay_days =
        read_range(reader, "caf_processing_delay_days", w.caf_processing_delay_days, days);
    w.caf_payment_delay_business_days =
        read_int(reader, "caf_payment_delay_business_days", w.caf_payment_delay_business_days, 1, 120);
    w.rights_link_delay_days = read_int(reader, "rights_link_delay_days", w.rights_link_delay_days, 0, 60);
    w.late_declaration_share = read_probability(reader, "late_declaration_share", w.late_declaration_share);
    w.late_declaration_max_days =
        read_int(reader, "late_declaration_max_days", w.late_declaration_max_days, 1, 20);
    w.cmg_payment_delay_business_days =
        read_int(reader, "cmg_payment_delay_business_days", w.cmg_payment_delay_business_days, 1, 30);
    w.contributions_debit_business_days = read_int(
        reader, "contributions_debit_business_days", w.contributions_debit_business_days, 1, 30);
    w.pajemploi_plus_carer_payment_business_days =
        read_int(reader, "pajemploi_plus_carer_payment_business_days",
                 w.pajemploi_plus_carer_payment_business_days, 1, 20);
    w.pajemploi_plus_carer_payment_deadline_day =
        read_int(reader, "pajemploi_plus_carer_payment_deadline_day",
                 w.pajemploi_plus_carer_payment_deadline_day, 6, 28);
    w.debit_representation_days =
        read_int(reader, "debit_representation_days", w.debit_representation_days, 1, 60);
    w.old_home_carer_contributions_delay_months =
        read_int(reader, "old_home_carer_contributions_delay_months",
                 w.old_home_carer_contributions_delay_months, 0, 6);
    w.newborn_care_start_months =
        read_int(reader, "newborn_care_start_months", w.newborn_care_start_months, 0, 36);
    if (auto carer_pay = reader.optional("pajemploi_plus_carer_pay")) {
        ObjectReader pay(*carer_pay);
        if (auto rule = pay.optional("rule")) {
            const std::string text = rule->as_string();
            if (text == "guarantee") {
                w.carer_pay_rule = CarerPayRule::guarantee;
            } else if (text == "after_debit") {
                w.carer_pay_rule = CarerPayRule::after_debit;
            } else {
                rule->fail("unknown rule \"" + text + "\" (expected guarantee or after_debit)");
            }
        }
        // A key of the other rule would be ignored: refused, as the rollout's are.
        if (const auto given = pay.optional("guaranteed_months"); given && w.carer_pay_rule != CarerPayRule::guarantee) {
            given->fail("only the rule \"guarantee\" has guaranteed_months (this one is \"after_debit\")");
        }
        if (const auto given = pay.optional("represent_after_income");
            given && w.carer_pay_rule != CarerPayRule::after_debit) {
            given->fail("only the rule \"after_debit\" has represent_after_income (this one is \"guarantee\")");
        }
        w.guaranteed_months = read_int(pay, "guaranteed_months", w.guaranteed_months, 0, 24);
        w.escalate_after_rejections = read_int(pay, "escalate_after_rejections", w.escalate_after_rejections, 0, 24);
        if (auto after_income = pay.optional("represent_after_income")) w.represent_after_income = after_income->as_bool();
        pay.finish();
    }
    if (auto short_pay = reader.optional("direct_pay_when_short")) {
        const std::string text = short_pay->as_string();
        if (text == "overdraft") {
            w.direct_pay_when_short = DirectPayWhenShort::overdraft;
        } else if (text == "wait_for_funds") {
            w.direct_pay_when_short = DirectPayWhenShort::wait_for_funds;
        } else {
            short_pay->fail("unknown choice \"" + text + "\" (expected overdraft or wait_for_funds)");
        }
    }
    reader.finish();
    return w;
}

RolloutParameters read_rollout(const JsonValue& value) {
    ObjectReader reader(value);
    RolloutParameters r;
    const JsonValue mode = reader.required("mode");
    const std::string text = mode.as_string();
    if (text == "big_bang") {
        r.mode = RolloutMode::big_bang;
    } else if (text == "phased") {
        r.mode = RolloutMode::phased;
    } else if (text == "parallel_run") {
        r.mode = RolloutMode::parallel_run;
    } else {
        mode.fail("unknown rollout mode \"" + text + "\" (expected big_bang, phased or parallel_run)");
    }
    // A key of another mode would be ignored: refused, as the overpayment policy's are.
    for (const char* key : {"cohorts", "cohort_interval_days"}) {
        if (const auto given = reader.optional(key); given && r.mode != RolloutMode::phased) {
            given->fail(std::string("only a phased rollout has ") + key + " (this one is \"" + text + "\")");
        }
    }
    if (const auto given = reader.optional("parallel_run_months"); given && r.mode != RolloutMode::parallel_run) {
        given->fail("only a parallel run has parallel_run_months (this rollout is \"" + text + "\")");
    }
    r.cohorts = static_cast<std::uint32_t>(read_int(reader, "cohorts", 1, 1, 24));
    r.cohort_interval_days = read_int(reader, "cohort_interval_days", r.cohort_interval_days, 1, 180);
    r.parallel_run_months = read_int(reader, "parallel_run_months", r.parallel_run_months, 1, 12);
    if (r.mode == RolloutMode::phased && r.cohorts < 2) {
        reader.value().fail("a phased rollout needs at least 2 cohorts");
    }
    reader.finish();
    return r;
}

AdvanceRule read_advance_rule(const JsonValue& value) {
    const std::string text = value.as_string();
    if (text == "none") return AdvanceRule::none;
    if (text == "on_request") return AdvanceRule::on_request;
    if (text == "automatic") return AdvanceRule::automatic;
    value.fail("unknown advance rule \"" + text + "\" (expected none, on_request or automatic)");
}

ProcessParameters read_processes(const JsonValue& value, std::uint32_t cafs) {
    ObjectReader reader(value);
    ProcessParameters p;
    p.payment_deadline_day = read_int(reader, "payment_deadline_day", p.payment_deadline_day, 1, 28);
    p.notice_probability = read_probability(reader, "notice_probability", p.notice_probability);
    p.notice_delay_days = read_range(reader, "notice_delay_days", p.notice_delay_days,
                                     [](const JsonValue& v) { return static_cast<std::int32_t>(v.as_int(0, 180)); });
    p.permanent_agents = static_cast<std::uint32_t>(read_int(reader, "permanent_agents",
                                                             static_cast<std::int32_t>(p.permanent_agents), 0, 100'000));
    p.temporary_agents = static_cast<std::uint32_t>(read_int(reader, "temporary_agents",
                                                             static_cast<std::int32_t>(p.temporary_agents), 0, 100'000));
    if (auto from = reader.optional("temporary_agents_from")) p.temporary_agents_from = from->as_date();
    if (auto files = reader.optional("files_per_agent_per_day")) {
        p.files_per_agent_per_day = files->as_ratio();
        if (p.files_per_agent_per_day <= Ratio::zero() || p.files_per_agent_per_day > Ratio{1000, 1}) {
            files->fail("files per agent and day: above 0, at most 1000");
        }
    }
    p.fix_error_probability = read_probability(reader, "fix_error_probability", p.fix_error_probability);
    if (auto regularisation = reader.optional("regularisation")) p.regularisation = regularisation->as_bool();
    AdvancePolicy& advance = p.advance;
    const auto advances = reader.optional("advances");
    if (advances && !advances->as_bool()) advance.rule = AdvanceRule::none;
    if (auto rule = reader.optional("advance_rule")) {
        if (advances && !advances->as_bool()) rule->fail("an advance rule with \"advances\": false");
        advance.rule = read_advance_rule(*rule);
    }
    if (auto threshold = reader.optional("advance_threshold")) {
        advance.threshold = threshold->as_cents(Cents{1}, Cents{100'000'00});
    }
    advance.request_share = read_probability(reader, "advance_request_share", advance.request_share);
    advance.payment_delay_days = read_int(reader, "advance_payment_delay_days", advance.payment_delay_days, 0, 120);
    advance.recovery_delay_days = read_int(reader, "advance_recovery_delay_days", advance.recovery_delay_days, 1, 365);
    if (auto only_after = reader.optional("recover_advance_only_after_payment")) {
        advance.recover_only_after_payment = only_after->as_bool();
    }
    if (auto policies = reader.optional("advance_policies")) {
        std::vector<std::uint8_t> listed(cafs, 0);
        const std::size_t count = policies->array_size(0, 1000);
        for (std::size_t i = 0; i < count; ++i) {
            const JsonValue item = policies->at(i);
            ObjectReader one(item);
            AdvancePolicy policy = advance;
            const JsonValue list = one.required("cafs");
            std::vector<std::uint32_t> ids;
            const std::size_t size = list.array_size(1, cafs);
            for (std::size_t k = 0; k < size; ++k) {
                const JsonValue id = list.at(k);
                const auto caf = static_cast<std::uint32_t>(id.as_int(0, static_cast<std::int64_t>(cafs) - 1));
                if (std::find(ids.begin(), ids.end(), caf) != ids.end()) {
                    id.fail("CAF " + std::to_string(caf) + " is listed twice in this policy");
                }
                if (listed[caf] != 0) id.fail("CAF " + std::to_string(caf) + " already has a policy");
                listed[caf] = 1;
                ids.push_back(caf);
            }
            policy.rule = read_advance_rule(one.required("rule"));
            if (auto threshold = one.optional("threshold")) policy.threshold = threshold->as_cents(Cents{1}, Cents{100'000'00});
            policy.request_share = read_probability(one, "request_share", policy.request_share);
            policy.payment_delay_days = read_int(one, "payment_delay_days", policy.payment_delay_days, 0, 120);
            policy.recovery_delay_days = read_int(one, "recovery_delay_days", policy.recovery_delay_days, 1, 365);
            if (auto only_after = one.optional("recover_only_after_payment")) {
                policy.recover_only_after_payment = only_after->as_bool();
            }
            one.finish();
            p.advance_policies.emplace_back(std::move(ids), policy);
        }
    }
    if (auto reconciliation = reader.optional("reconciliation")) {
        const auto read_campaign = [](const JsonValue& item) {
            ObjectReader batch(item);
            ReconciliationCampaign c;
            c.from = batch.required("from").as_date();
            c.every_days = read_int(batch, "every_days", c.every_days, 1, 365);
            if (auto until = batch.optional("until")) {
                c.until = until->as_date();
                if (*c.until < c.from) {
                    until->fail("dates out of order: " + c.until->to_string() + " is before " + c.from.to_string());
                }
            }
            c.share_detected = read_probability(batch, "share_detected", c.share_detected);
            c.correction_delay_days = read_int(batch, "correction_delay_days", c.correction_delay_days, 0, 365);
            batch.finish();
            return c;
        };
        if (reconciliation->raw().is_array()) {
            const std::size_t count = reconciliation->array_size(1, 20);
            for (std::size_t i = 0; i < count; ++i) p.reconciliations.push_back(read_campaign(reconciliation->at(i)));
        } else {
            p.reconciliations.push_back(read_campaign(*reconciliation));
        }
    }
    if (auto triage = reader.optional("triage")) {
        const std::string text = triage->as_string();
        if (text == "fifo") {
            p.triage = Triage::fifo;
        } else if (text == "oldest_first") {
            p.triage = Triage::oldest_first;
        } else if (text == "hardship_first") {
            p.triage = Triage::hardship_first;
        } else if (text == "largest_arrears_first") {
            p.triage = Triage::largest_arrears_first;
        } else {
            triage->fail("unknown triage \"" + text +
                         "\" (expected fifo, oldest_first, hardship_first or largest_arrears_first)");
        }
    }
    if (auto share = reader.optional("hardship_income_share")) {
        p.hardship_income_share = share->as_probability();
        if (p.hardship_income_share.numerator() == 0) share->fail("a share above 0");
    }
    if (auto contact = reader.optional("outbound_contact")) {
        ObjectReader one(*contact);
        p.contact_from = one.required("from").as_date();
        p.contact_after_days = read_int(one, "after_days", p.contact_after_days, 0, 365);
        one.finish();
    }
    if (auto line = reader.optional("call_centre")) {
        ObjectReader one(*line);
        CallCentre& c = p.call_centre;
        c.calls_per_day = static_cast<std::uint32_t>(one.required("calls_per_day").as_int(1, 10'000'000));
        c.patience_calls = Range<std::int32_t>{2, 6};
        c.retry_days = Range<std::int32_t>{1, 3};
        c.patience_calls = read_range(one, "patience_calls", c.patience_calls,
                                      [](const JsonValue& v) { return static_cast<std::int32_t>(v.as_int(1, 50)); });
        c.retry_days = read_range(one, "retry_days", c.retry_days,
                                  [](const JsonValue& v) { return static_cast<std::int32_t>(v.as_int(1, 60)); });
        if (auto cost = one.optional("cost_per_call")) c.cost_per_call = cost->as_cents(Cents{0}, Cents{100'00});
        one.finish();
    }
    p.answer_deadline_days = read_int(reader, "answer_deadline_days", p.answer_deadline_days, 0, 365);
    if (auto cuts = reader.optional("capacity_cuts")) {
        const std::size_t count = cuts->array_size(0, 1000);
        for (std::size_t i = 0; i < count; ++i) {
            const JsonValue item = cuts->at(i);
            ObjectReader one(item);
            CapacityCut cut;
            cut.from = one.required("from").as_date();
            const JsonValue to = one.required("to");
            cut.to = to.as_date();
            if (cut.to < cut.from) to.fail("dates out of order: " + cut.to.to_string() + " is before " + cut.from.to_string());
            const JsonValue share = one.required("share");
            cut.share = share.as_probability();
            if (cut.share.numerator() == 0) share.fail("a cut of 0 cuts nothing");
            one.finish();
            p.capacity_cuts.push_back(cut);
        }
    }
    p.caf_answer_delay_days = read_range(reader, "caf_answer_delay_days", p.caf_answer_delay_days,
                                         [](const JsonValue& v) { return static_cast<std::int32_t>(v.as_int(0, 120)); });
    if (auto overpayment = reader.optional("overpayment_recovery")) {
        ObjectReader policy(*overpayment);
        const JsonValue mode = policy.required("mode");
        const std::string text = mode.as_string();
        if (text == "debit") {
            p.overpayment.recovery = OverpaymentRecovery::debit;
        } else if (text == "deduct") {
            p.overpayment.recovery = OverpaymentRecovery::deduct;
        } else if (text == "write_off") {
            p.overpayment.recovery = OverpaymentRecovery::write_off;
        } else {
            mode.fail("unknown mode \"" + text + "\" (expected debit, deduct or write_off)");
        }
        if (auto limit = policy.optional("monthly_limit")) {
            if (p.overpayment.recovery != OverpaymentRecovery::deduct) limit->fail("a monthly limit applies to deduct only");
            p.overpayment.monthly_limit = limit->as_cents(Cents{1}, Cents{100'000'00});
        }
        p.overpayment.notice_days = read_int(policy, "notice_days", p.overpayment.notice_days, 0, 365);
        if (auto remainder = policy.optional("debit_remainder_after_days")) {
            if (p.overpayment.recovery != OverpaymentRecovery::deduct) {
                remainder->fail("debit_remainder_after_days applies to deduct only");
            }
            p.overpayment.debit_remainder_after_days = static_cast<std::int32_t>(remainder->as_int(0, 730));
        }
        policy.finish();
    }
    reader.finish();
    return p;
}

}  // namespace

Scenario scenario_from_json(const nlohmann::json& document, const std::string& file,
                            const std::string& folder) {
    const JsonValue root(document, file, "");
    ObjectReader reader(root);
    Scenario scenario;
    scenario.file = file;
    const JsonValue name = reader.required("name");
    scenario.name = name.as_string();
    if (scenario.name.empty() || scenario.name.size() > 100 ||
        scenario.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_.") !=
            std::string::npos ||
        scenario.name.front() == '.') {
        name.fail("a name is 1 to 100 characters among a-z, 0-9, '-', '_' and '.', not starting "
                  "with '.' (it names the output folder)");
    }
    if (auto description = reader.optional("description")) {
        scenario.description = description->as_string();
    }
    const JsonValue period = reader.required("period");
    ObjectReader period_reader(period);
    scenario.first_month = period_reader.required("from").as_year_month();
    const JsonValue to = period_reader.required("to");
    scenario.last_month = to.as_year_month();
    period_reader.finish();
    if (scenario.last_month < scenario.first_month) {
        to.fail("dates out of order: " + scenario.last_month.to_string() + " is before " +
                scenario.first_month.to_string());
    }
    if (scenario.month_count() > max_months) {
        to.fail("a period of " + std::to_string(scenario.month_count()) + " months (at most " +
                std::to_string(max_months) + ")");
    }
    if (auto seed = reader.optional("seed")) {
        scenario.seed = seed->as_uint64();
    }
    scenario.params_file = law::LegalParameters::default_path();
    if (auto params = reader.optional("params")) {
        const std::string relative = params->as_path();
        scenario.params_file = (std::filesystem::path(folder) / relative).lexically_normal().string();
    }
    if (auto population = reader.optional("population")) {
        scenario.population = read_population(*population);
    }
    // A run simulates three months past its last care month (the payments due for it); every
    // day it simulates, and tells an external centre, lies in pajesim's calendar.
    const std::string calendar = ", outside the years " + std::to_string(calendar_first_year) + " to " +
                                 std::to_string(calendar_last_year) + " that pajesim's calendar covers";
    const YearMonth latest_last = YearMonth::from_civil(calendar_last_year, 12).plus_months(-3);
    if (latest_last < scenario.last_month) {
        to.fail("a run simulates three months past its last care month, to " +
                scenario.last_month.plus_months(3).last_day().to_string() + calendar +
                ": the last care month is at the latest " + latest_last.to_string());
    }
    std::optional<JsonValue> workflow_value = reader.optional("workflow");
    if (workflow_value) scenario.workflow = read_workflow(*workflow_value);
    std::optional<JsonValue> rollout_value = reader.optional("rollout");
    if (rollout_value) scenario.rollout = read_rollout(*rollout_value);
    // The first cohort's initial transfer is the earliest day a run simulates, the last
    // cohort's cutover the latest date a scenario names: both lie in the calendar.
    const JsonValue& workflow_at = workflow_value ? *workflow_value : reader.value();
    const Date transfer = scenario.bulk_transfer_date(0);
    if (transfer < Date::from_civil(calendar_first_year, 1, 1)) {
        workflow_at.fail("the initial transfer, " + std::to_string(scenario.workflow.bulk_transfer_days_before_cutover) +
                         " days before the cutover, falls on " + transfer.to_string() + calendar);
    }
    const std::uint32_t last_cohort = scenario.rollout.mode == RolloutMode::phased ? scenario.rollout.cohorts - 1 : 0;
    const Date cutover = scenario.cutover_for(last_cohort);
    if (Date::from_civil(calendar_last_year, 12, 31) < cutover) {
        // A later cohort's cutover past the calendar is the rollout's cohorts and interval.
        if (last_cohort > 0 && rollout_value) {
            rollout_value->fail("the cutover falls on " + cutover.to_string() + " for the cohort " +
                                std::to_string(last_cohort) + calendar);
        }
        workflow_at.fail("the cutover falls on " + cutover.to_string() + calendar);
    }
    if (auto processes = reader.optional("processes")) scenario.processes = read_processes(*processes, scenario.population.cafs);
    if (auto faults = reader.optional("faults")) {
        // Each fault is validated by the fault plan (harness/faults), which knows the catalog.
        faults->array_size(0, 100);
        scenario.faults = faults->raw();
    }
    if (auto expect = reader.optional("expect")) {
        // Validated by the scenario suite (harness/runner/expectations), which knows the
        // invariants' names.
        if (!expect->raw().is_object()) expect->fail("expected an object");
        scenario.expect = expect->raw();
    }
    reader.finish();
    return scenario;
}

Scenario load_scenario(const std::string& path) {
    const nlohmann::json document = parse_json_file(path, 4u << 20);
    const std::string folder = std::filesystem::path(path).parent_path().string();
    return scenario_from_json(document, path, folder.empty() ? "." : folder);
}

}  // namespace pajesim::model
