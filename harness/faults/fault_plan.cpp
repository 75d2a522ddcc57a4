#include "harness/faults/fault_plan.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include "harness/faults/contributions_debited_without_rights.hpp"
#include "harness/faults/alternating_split_twice.hpp"
#include "harness/faults/declaration_hours_wrong.hpp"
#include "harness/faults/declaration_duplicated.hpp"
#include "harness/faults/declaration_lost.hpp"
#include "harness/faults/double_debit.hpp"
#include "harness/faults/migration_mapping_error.hpp"
#include "harness/faults/payment_file_rejected.hpp"
#include "harness/faults/rights_delayed.hpp"
#include "harness/faults/rights_duplicated.hpp"
#include "harness/faults/rights_link_missing.hpp"
#include "harness/faults/rights_stale.hpp"
#include "harness/faults/server_freeze.hpp"
#include "harness/faults/transitional_wrong_families.hpp"
#include "sim/kernel/assert.hpp"

namespace pajesim::faults {
namespace {

using Parser = std::function<std::unique_ptr<Fault>(ObjectReader&, DateRange, const FaultContext&)>;

struct CatalogEntry {
    std::string kind;
    Parser parse;
    MayViolate may_violate;
};

const std::vector<CatalogEntry>& entries() {
    static const std::vector<CatalogEntry> table{
        {"server_freeze", ServerFreeze::parse, ServerFreeze::may_violate},
        {"rights_link_missing", RightsLinkMissing::parse, RightsLinkMissing::may_violate},
        {"rights_stale", RightsStale::parse, RightsStale::may_violate},
        {"rights_delayed", RightsDelayed::parse_delayed, RightsDelayed::may_violate},
        {"rights_duplicated", RightsDuplicated::parse, RightsDuplicated::may_violate},
        {"rights_reordered", RightsDelayed::parse_reordered, RightsDelayed::may_violate},
        {"migration_mapping_error", MigrationMappingError::parse, MigrationMappingError::may_violate},
        {"declaration_lost", DeclarationLost::parse, DeclarationLost::may_violate},
        {"declaration_duplicated", DeclarationDuplicated::parse, DeclarationDuplicated::may_violate},
        {"declaration_hours_wrong", DeclarationHoursWrong::parse, DeclarationHoursWrong::may_violate},
        {"payment_file_rejected", PaymentFileRejected::parse, PaymentFileRejected::may_violate},
        {"double_debit", DoubleDebit::parse, DoubleDebit::may_violate},
        {"contributions_debited_without_rights", ContributionsDebitedWithoutRights::parse,
         ContributionsDebitedWithoutRights::may_violate},
        {"transitional_wrong_families", TransitionalWrongFamilies::parse, TransitionalWrongFamilies::may_violate},
        {"alternating_split_twice", AlternatingSplitTwice::parse, AlternatingSplitTwice::may_violate},
    };
    return table;
}

}  // namespace

void CauseLog::touch(FamilyId family, std::uint32_t fault, Date date) {
    const std::lock_guard lock(mutex_);
    if (family.index() >= index_.size()) index_.resize(std::max(family.index() + 1, index_.size() + index_.size() / 2), 0);
    std::uint32_t& at_index = index_[family.index()];
    if (at_index == 0) {
        touched_.emplace_back();
        at_index = static_cast<std::uint32_t>(touched_.size());
    }
    SmallVector<Touch, 2>& touches = touched_[at_index - 1];
    const auto at = std::lower_bound(touches.begin(), touches.end(), fault,
                                     [](const Touch& t, std::uint32_t index) { return t.fault < index; });
    if (at != touches.end() && at->fault == fault) {
        at->first = std::min(at->first, date);
        return;
    }
    // In fault order: appended, then moved to its place.
    const auto place = at - touches.begin();
    touches.push_back(Touch{fault, date});
    std::rotate(touches.begin() + place, touches.end() - 1, touches.end());
}

std::span<const CauseLog::Touch> CauseLog::of(FamilyId family) const {
    if (family.index() >= index_.size() || index_[family.index()] == 0) return {};
    const SmallVector<Touch, 2>& touches = touched_[index_[family.index()] - 1];
    return {touches.data(), touches.size()};
}

Ratio read_share(ObjectReader& reader, std::string_view key, const Ratio& fallback) {
    if (auto value = reader.optional(key)) return value->as_probability();
    return fallback;
}

model::Range<std::int32_t> read_days(ObjectReader& reader, std::string_view key,
                                     model::Range<std::int32_t> fallback, std::int32_t max_days) {
    auto value = reader.optional(key);
    if (!value) return fallback;
    ObjectReader range(*value);
    const auto min = static_cast<std::int32_t>(range.required("min").as_int(0, max_days));
    const JsonValue max_value = range.required("max");
    const auto max = static_cast<std::int32_t>(max_value.as_int(0, max_days));
    range.finish();
    if (max < min) max_value.fail("max is below min");
    return {min, max};
}

const std::vector<std::string>& FaultPlan::catalog() {
    static const std::vector<std::string> kinds = [] {
        std::vector<std::string> names;
        for (const CatalogEntry& entry : entries()) names.push_back(entry.kind);
        return names;
    }();
    return kinds;
}

std::unique_ptr<FaultPlan> FaultPlan::from_json(const nlohmann::json& faults, const std::string& file,
                                                std::uint64_t seed, std::uint32_t families, std::uint32_t cafs) {
    auto plan = std::make_unique<FaultPlan>();
    const JsonValue list(faults, file, "/faults");
    const std::size_t size = list.array_size(0, 100);
    for (std::size_t i = 0; i < size; ++i) {
        ObjectReader reader(list.at(i));
        const JsonValue kind_value = reader.required("kind");
        const std::string kind = kind_value.as_string();
        const auto found = std::find_if(entries().begin(), entries().end(),
                                        [&](const CatalogEntry& entry) { return entry.kind == kind; });
        if (found == entries().end()) {
            std::string known;
            for (const auto& name : catalog()) known += (known.empty() ? "" : ", ") + name;
            kind_value.fail("unknown fault kind \"" + kind + "\" (known: " + known + ")");
        }
        ObjectReader window_reader(reader.required("window"));
        const Date from = window_reader.required("from").as_date();
        const JsonValue to_value = window_reader.required("to");
        const Date to = to_value.as_date();
        window_reader.finish();
        if (to <= from) to_value.fail("dates out of order: the window ends on or before it starts");
        if (from.days_until(to) > 366 * 10) to_value.fail("a window of over ten years");
        const FaultContext context{seed, static_cast<std::uint32_t>(i), families, cafs, &plan->causes_};
        plan->faults_.push_back(found->parse(reader, DateRange{from, to}, context));
        reader.finish();
    }
    return plan;
}

MayViolate FaultPlan::may_violate(std::string_view kind) {
    const auto found = std::find_if(entries().begin(), entries().end(),
                                    [&](const CatalogEntry& entry) { return entry.kind == kind; });
    PAJESIM_ASSERT(found != entries().end());
    return found->may_violate;
}

std::vector<FaultSummary> FaultPlan::summary() const {
    std::vector<FaultSummary> result;
    for (const auto& fault : faults_) result.push_back({fault->kind(), fault->window(), fault->firings()});
    return result;
}

std::optional<Date> FaultPlan::last_fault_end() const {
    std::optional<Date> end;
    for (const auto& fault : faults_) {
        if (!end || fault->window().end() > *end) end = fault->window().end();
    }
    return end;
}

void FaultPlan::route_rights(const model::RightsMessage& message, Date sent, model::LinkRoute& route) {
    for (const auto& fault : faults_) fault->route_rights(message, sent, route);
}
void FaultPlan::migrate_record(const model::RightsMessage& message, Date sent, model::RightsRecord& record) {
    for (const auto& fault : faults_) fault->migrate_record(message, sent, record);
}
void FaultPlan::pajemploi_intake(const model::IntakeItem& item, Date arrival, model::Intake& intake) {
    for (const auto& fault : faults_) fault->pajemploi_intake(item, arrival, intake);
}
void FaultPlan::caf_intake(const model::IntakeItem& item, Date arrival, model::Intake& intake) {
    for (const auto& fault : faults_) fault->caf_intake(item, arrival, intake);
}
void FaultPlan::payment_file(model::PaymentFile& file) {
    for (const auto& fault : faults_) fault->payment_file(file);
}
void FaultPlan::debit_copies(FamilyId family, YearMonth month, Date date, std::int32_t& copies) {
    for (const auto& fault : faults_) fault->debit_copies(family, month, date, copies);
}
void FaultPlan::debit_covered_without_rights(FamilyId family, Date date, bool& debit) {
    for (const auto& fault : faults_) fault->debit_covered_without_rights(family, date, debit);
}

void FaultPlan::alternating_split(FamilyId family, Date date, bool& halve) {
    for (const auto& fault : faults_) fault->alternating_split(family, date, halve);
}

void FaultPlan::transitional_decision(FamilyId family, Date date, model::TransitionalError& error) {
    for (const auto& fault : faults_) fault->transitional_decision(family, date, error);
}

}  // namespace pajesim::faults
