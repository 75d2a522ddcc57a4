#include "harness/runner/entitlement_io.hpp"

#include <set>

#include <nlohmann/json.hpp>

#include "sim/kernel/json_input.hpp"

namespace pajesim::harness {
namespace {

constexpr std::size_t max_children = 20;
constexpr std::size_t max_id_length = 200;
constexpr std::size_t max_lines = 10'000'000;
const Cents max_resources = Cents::from_euros(max_request_resources_euros);
const Cents max_monthly_amount = Cents::from_euros(max_request_monthly_euros);

law::HouseholdFacts read_household(const JsonValue& value) {
    ObjectReader reader(value);
    law::HouseholdFacts household;
    household.single_parent = reader.required("single_parent").as_bool();
    household.resources_n2 = reader.required("resources_n2").as_cents(Cents{0}, max_resources);
    if (auto activity = reader.optional("activity_condition_met")) {
        household.activity_condition_met = activity->as_bool();
    }
    const JsonValue children = reader.required("children");
    const std::size_t count = children.array_size(1, max_children);
    for (std::size_t i = 0; i < count; ++i) {
        ObjectReader child(children.at(i));
        law::ChildFacts facts;
        facts.birth = child.required("birth").as_date();
        if (auto aeeh = child.optional("aeeh")) facts.aeeh = aeeh->as_bool();
        if (auto alternating = child.optional("alternating")) facts.alternating = alternating->as_bool();
        child.finish();
        household.children.push_back(facts);
    }
    reader.finish();
    return household;
}

// Hours: a number or a string with at most 2 decimals (read like an amount), 0 to 744 (31 x 24).
std::int32_t read_hours(const JsonValue& value) {
    std::optional<Cents> hours;
    try {
        hours = value.as_cents();
    } catch (const InputError&) {
        hours.reset();
    }
    if (!hours) {
        value.fail("not a number of hours: expected a number or a string with at most 2 decimals, such as "
                   "125 or \"37.5\", found " + describe_json(value.raw()));
    }
    if (*hours < Cents{0} || *hours > Cents::from_euros(744)) {
        value.fail("hours out of range: " + hours->to_string() + " (expected 0 to 744, the hours of a month)");
    }
    return static_cast<std::int32_t>(hours->value());
}

law::ContractFacts read_contract(const JsonValue& value, const law::HouseholdFacts& household,
                                 const law::MonthParameters& month) {
    ObjectReader reader(value);
    law::ContractFacts contract;
    const JsonValue mode = reader.required("mode");
    const std::string mode_text = mode.as_string();
    if (mode_text == "assmat") {
        contract.mode = law::CareMode::assmat;
    } else if (mode_text == "home_carer") {
        contract.mode = law::CareMode::home_carer;
    } else {
        mode.fail("unknown care mode \"" + mode_text + "\" (expected assmat or home_carer)");
    }
    const JsonValue children = reader.required("children");
    const std::size_t count = children.array_size(1, max_children);
    std::set<std::int64_t> seen;
    for (std::size_t i = 0; i < count; ++i) {
        const JsonValue index_value = children.at(i);
        const std::int64_t index = index_value.as_int(0, INT32_MAX);
        if (static_cast<std::size_t>(index) >= household.children.size()) {
            index_value.fail("child index " + std::to_string(index) +
                             " out of range (the household has " +
                             std::to_string(household.children.size()) + " children)");
        }
        if (!seen.insert(index).second) {
            index_value.fail("child index " + std::to_string(index) + " listed twice");
        }
        contract.children.push_back(static_cast<std::uint32_t>(index));
    }
    contract.net_salary = reader.required("net_salary").as_cents(Cents{0}, max_monthly_amount);
    // Maintenance allowances and meal costs are an assmat's (indemnités d'entretien, frais de
    // repas): a home carer's are refused rather than left to change the 85 % cap.
    const auto assmat_only = [&](const JsonValue& given, Cents amount, const char* what) {
        if (contract.mode == law::CareMode::home_carer && amount != Cents{0}) {
            given.fail(std::string(what) + " are an assmat's only; a home carer has none (give 0 or leave the key out)");
        }
        return amount;
    };
    if (auto maintenance = reader.optional("maintenance")) {
        contract.maintenance =
            assmat_only(*maintenance, maintenance->as_cents(Cents{0}, max_monthly_amount), "maintenance allowances");
    }
    if (auto meals = reader.optional("meals")) {
        contract.meals = assmat_only(*meals, meals->as_cents(Cents{0}, max_monthly_amount), "meal costs");
    }
    if (auto indemnities = reader.optional("indemnities")) {
        contract.indemnities = indemnities->as_cents(Cents{0}, max_monthly_amount);
        if (contract.indemnities > contract.net_salary) {
            indemnities->fail("indemnities " + contract.indemnities.to_string() +
                              " are part of the net salary and cannot exceed it (" +
                              contract.net_salary.to_string() + ")");
        }
    }
    if (auto hours = reader.optional("hours")) {
        contract.hours_x100 = read_hours(*hours);
        const auto hours_in_month = static_cast<std::int32_t>(24 * month.month.day_count());
        if (contract.hours_x100 > 100 * hours_in_month) {
            hours->fail("more hours than " + month.month.to_string() + " has (" + std::to_string(hours_in_month) +
                        ")");
        }
    } else if (month.hourly()) {
        reader.value().fail("missing required key \"hours\" (paid hours in the month, required "
                            "from " + month.hourly_start.to_string() + " by the hourly CMG)");
    }
    if (auto days = reader.optional("days")) {
        contract.days_worked = static_cast<std::int32_t>(days->as_int(1, 31));
        if (static_cast<unsigned>(contract.days_worked) > month.month.day_count()) {
            days->fail("more days worked than " + month.month.to_string() + " has (" +
                       std::to_string(month.month.day_count()) + ")");
        }
    } else if (contract.mode == law::CareMode::assmat && !month.hourly()) {
        reader.value().fail("missing required key \"days\" (days worked in the month, needed "
                            "for an assmat's daily cap)");
    }
    if (month.hourly() && contract.mode == law::CareMode::assmat && contract.children.size() != 1) {
        reader.required("children").fail(
            "from " + month.hourly_start.to_string() + " an assmat contract names exactly one child "
            "(the hourly CMG is computed per child, as Pajemploi's per-child declarations): found " +
            std::to_string(contract.children.size()));
    }
    reader.finish();
    return contract;
}

EntitlementRequest read_request(const JsonValue& line, const law::LegalParameters& parameters) {
    ObjectReader reader(line);
    EntitlementRequest request;
    const JsonValue id = reader.required("id");
    request.id = id.as_label();
    if (request.id.empty() || request.id.size() > max_id_length) {
        id.fail("an id is 1 to " + std::to_string(max_id_length) + " bytes of UTF-8");
    }
    const JsonValue month = reader.required("month");
    request.month = month.as_year_month();
    if (!parameters.covers(request.month)) {
        month.fail("month " + request.month.to_string() + " is outside the periods covered by "
                   "the legal parameters " + parameters.version() + ": " +
                   parameters.covered_periods());
    }
    const law::MonthParameters& p = parameters.for_month(request.month);
    request.household = read_household(reader.required("household"));
    request.contract = read_contract(reader.required("contract"), request.household, p);
    if (auto transitional = reader.optional("transitional")) {
        if (!p.hourly()) {
            transitional->fail("the complément différentiel exists under the hourly regime only (from " +
                               p.hourly_start.to_string() + ")");
        }
        ObjectReader fields(*transitional);
        law::TransitionalFacts facts;
        facts.old_average = fields.required("old_average").as_cents(Cents{0}, max_monthly_amount);
        facts.new_average = fields.required("new_average").as_cents(Cents{0}, max_monthly_amount);
        if (auto hours = fields.optional("average_hours")) facts.average_hours = read_hours(*hours);
        if (auto typology = fields.optional("typology")) {
            facts.typology = law::parse_transitional_typology(typology->as_string());
            if (!facts.typology) {
                typology->fail("unknown typology \"" + typology->as_string() +
                               "\" (expected assmat_one_child_under_3, assmat_one_child_3_or_over, home_carer, "
                               "assmat_several_all_under_3 or assmat_several_one_3_or_over)");
            }
            if (!facts.average_hours) typology->fail("a typology says which hours average_hours are: give average_hours");
        }
        if (auto resources = fields.optional("resources_2023")) {
            facts.resources_2023 = resources->as_cents(Cents{0}, max_resources);
        }
        fields.finish();
        request.transitional = facts;
    }
    reader.finish();
    return request;
}

std::string quoted(const std::string& text) { return nlohmann::json(text).dump(); }

std::string amount(Cents value) { return "\"" + value.to_string() + "\""; }

}  // namespace

std::vector<EntitlementRequest> parse_entitlement_requests(std::string_view text,
                                                           const std::string& file,
                                                           const law::LegalParameters& parameters) {
    std::vector<EntitlementRequest> requests;
    std::size_t line_number = 0;
    std::size_t position = 0;
    while (position < text.size()) {
        std::size_t end = text.find('\n', position);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(position, end - position);
        position = end + 1;
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const std::string where = file + ":" + std::to_string(line_number);
        if (line_number > max_lines) {
            throw InputError(where, "", "too many lines (at most " + std::to_string(max_lines) + ")");
        }
        if (line.find_first_not_of(" \t") == std::string_view::npos) {
            throw InputError(where, "", "empty line (expected one JSON object per line)");
        }
        const nlohmann::json document = parse_json_line(line, where);
        requests.push_back(read_request(JsonValue(document, where, ""), parameters));
    }
    return requests;
}

std::string format_entitlement(const EntitlementRequest& request, const law::Entitlement& result,
                               const law::Explanation* explanation) {
    std::string line = "{\"id\":" + quoted(request.id);
    line += ",\"eligible\":" + std::string(result.eligible ? "true" : "false");
    const bool hourly = result.regime == law::Regime::hourly;
    line += ",\"bracket\":" + (result.bracket && !hourly ? std::to_string(*result.bracket) : "null");
    line += ",\"cmg_max\":" + (hourly ? std::string("null") : amount(result.cmg_max));
    line += ",\"cmg_remuneration\":" + amount(result.cmg_remuneration);
    line += ",\"crds\":" + amount(result.crds);
    line += ",\"cmg_paid\":" + amount(result.cmg_paid);
    line += ",\"contributions_covered_rate\":\"" +
            result.contributions_covered_rate.to_decimal_string(2) + "\"";
    line += ",\"reason\":" + (result.reason.empty() ? "null" : quoted(result.reason));
    if (result.regime == law::Regime::brackets) {
        line += ",\"regime\":\"brackets\"";
    } else {
        line += ",\"regime\":\"hourly\"";
        line += ",\"resources_monthly\":\"" + std::to_string(result.resources_monthly.value() / 100) + "\"";
        line += ",\"effort_rate\":\"" + (result.effort_rate * Ratio{100, 1}).to_decimal_string(4) + "\"";
        line += ",\"cost_retained\":" + amount(result.cost_retained);
        line += ",\"reference_cost\":" + amount(result.reference_cost);
        line += ",\"transitional_paid\":" + amount(result.transitional_paid);
    }
    if (explanation != nullptr) {
        const law::ContributionsPart& part = result.contributions;
        line += ",\"contributions\":{\"gross_salary\":" + amount(part.gross_salary) +
                ",\"employee\":" + amount(part.employee) + ",\"employer\":" +
                amount(part.employer) + ",\"total\":" + amount(part.total) + ",\"covered\":" +
                amount(part.covered) + ",\"uncovered\":" + amount(part.uncovered) + "}";
        line += ",\"explain\":" + nlohmann::json(explanation->steps()).dump();
    }
    line += "}";
    return line;
}

}  // namespace pajesim::harness
