#pragma once
// The population: families, their children, contracts and carers, with every life event of
// the run drawn in advance from entity-keyed streams. The world holds the TRUE facts and is
// immutable during a run (true_facts reuses a scratch object); what the CAF and the centre
// believe lives in the actors themselves (caf/, centre/).

#include <cstdint>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "sim/kernel/cents.hpp"
#include "sim/kernel/date.hpp"
#include "sim/kernel/ids.hpp"
#include "sim/kernel/small_vector.hpp"
#include "sim/law/cmg.hpp"
#include "sim/model/scenario.hpp"

namespace pajesim::model {

enum class ChangeKind : std::uint8_t { birth, separation, move };

// A change of situation the CAF must learn of. Its effect on rights starts with the month
// after `date` (births count from M+1; L552-1 for the others).
struct Change {
    Date date;
    ChangeKind kind : 8 = ChangeKind::birth;
    std::uint32_t value : 24 = 0;  // birth: child index; move: the new CAF (both far below 2^24)
};
static_assert(sizeof(Change) == 8);

// A birth, a separation and a move at most: one change of each kind per run.
inline constexpr std::size_t max_changes = 3;
// A period of at most 48 months spans at most 5 calendar years.
inline constexpr std::int32_t resource_years = 5;
static_assert(resource_years * 12 >= max_months + 11);

inline constexpr std::uint32_t no_family = UINT32_MAX;

// One per family, in the order that leaves the fewest holes.
struct Family {
    std::array<Change, max_changes> changes{};
    Cents monthly_income;
    Cents starting_balance;
    // N-2 resources for care year first_year + i, in whole euros (World::resources): 20 bytes
    // where cents took 40. A family whose resources are not whole euros below 2^32 (a test's
    // edge) holds them in the world's table apart, and `resources_apart`.
    std::array<std::uint32_t, resource_years> resource_euros{};
    // Every child of the run (future births included), eldest first: World::children from
    // first_child on (World::children_of), in one array for the whole population.
    std::uint32_t first_child = 0;
    CafId caf;  // CAF at the start of the run
    // Alternating residence: the other parent's household (a family of its own), or no_family.
    std::uint32_t other_parent = no_family;
    law::CareMode mode = law::CareMode::assmat;
    bool single_parent_at_start = false;
    std::uint8_t child_count = 0;
    std::uint8_t children_at_start = 0;  // children born before the run, the first ones
    std::uint8_t change_count = 0;
    std::uint8_t income_day = 1;
    bool resources_apart = false;

    // The day the parents separate, if they do in the run: its change of situation's.
    std::optional<Date> separation() const {
        for (std::uint8_t k = 0; k < change_count; ++k) {
            if (changes[k].kind == ChangeKind::separation) return changes[k].date;
        }
        return std::nullopt;
    }
};
static_assert(sizeof(Family) <= 80, "one per family: no hole between the fields");

// One month's work under a contract: what the family declares for it.
struct MonthWork {
    std::int32_t hours_x100 = 0;
    std::int32_t days_worked = 0;
    Cents net_salary;
    Cents maintenance;
    Cents pay() const { return net_salary + maintenance; }
    friend bool operator==(const MonthWork&, const MonthWork&) = default;
};

// A contract of the population: who employs whom from when to when, and its mean month (the
// law's ContractFacts). One per contract for the whole run, so its facts are held in 56 bytes
// where a law::ContractFacts takes 72: amounts as 32-bit cents and the children in care as a
// bit per child of the family. Facts that do not fit (an amount beyond 21 474 836.47 euros, a
// child index from 32 on, children not listed in increasing order: a test's edge, never a
// drawn population) are held whole on the heap, and read back the same.
class Contract {
public:
    FamilyId family;
    CarerId carer;
    YearMonth first_month;
    YearMonth last_month;
    // population.monthly_hours_spread_percent: each month's hours are drawn within this share
    // of the mean month's, from a stream keyed by `month_key` and the month.
    std::uint64_t month_key = 0;
    bool pajemploi_plus = false;
    std::uint8_t hours_spread_percent = 0;

    Contract() = default;
    Contract(const Contract& other) : Contract() { *this = other; }
    Contract(Contract&& other) noexcept : Contract() { *this = std::move(other); }
    Contract& operator=(const Contract& other);
    Contract& operator=(Contract&& other) noexcept;
    ~Contract() { release(); }

    // The contract's mean month, and giving it.
    law::ContractFacts facts() const;
    void set_facts(const law::ContractFacts& facts);
    law::CareMode mode() const { return mode_; }
    // The children in care (indexes into the family's children), in increasing order.
    SmallVector<std::uint32_t, 4> children() const;
    std::uint32_t first_child() const;

    // The month's hours, days worked, net salary and allowances: the mean month's unless the
    // hours vary, else the hours drawn for the month, days from the hours as at the draw, the
    // salary at the contract's hourly pay and the allowances at its rate per day.
    MonthWork work_in(YearMonth month) const;
    Cents pay_in(YearMonth month) const { return work_in(month).pay(); }
    // The contract's facts for `month`, written into `scratch`: the mean month with the month's
    // work (the same every month unless the hours vary).
    const law::ContractFacts& facts_in(YearMonth month, law::ContractFacts& scratch) const;

private:
    MonthWork mean_work() const;
    void release();
    void copy_plain(const Contract& other);  // every field but the facts held (apart_, held_)
    law::CareMode mode_ = law::CareMode::assmat;
    bool apart_ = false;  // the facts are whole in `held_.apart`
    std::int32_t hours_x100_ = 0;
    union Held {
        struct Compact {
            std::int32_t net_salary;
            std::int32_t maintenance;
            std::int32_t meals;
            std::int32_t indemnities;
            std::uint32_t children;  // bit c: child c of the family is in care
            std::int32_t days_worked;
        } compact;
        law::ContractFacts* apart;
    } held_{Held::Compact{0, 0, 0, 0, 0, 0}};
};
static_assert(sizeof(Contract) <= 56, "one per contract: no hole between the fields");

enum class CarerKind : std::uint8_t { assmat, home_carer };

struct Carer {
    CarerKind kind = CarerKind::assmat;
};

// A caller's copy of a family's true facts for a month (World::true_facts).
struct HouseholdScratch {
    law::HouseholdFacts facts;
    std::uint32_t family = UINT32_MAX;  // whose children `facts` holds
};

class World {
public:
    // Draws the population of `scenario` (population.families families). Family f's draws
    // come from its own stream, so they do not depend on how many families there are; only
    // the assmat each contract is given depends on the number of assmat.
    // `threads`: the families are drawn in as many ranges at once (the same world on any number).
    static World generate(const Scenario& scenario, const law::LegalParameters& parameters, unsigned threads = 1);

    std::vector<Family> families;
    // Every family's children, family after family (Family::first_child, child_count).
    std::vector<law::ChildFacts> children;
    std::vector<Contract> contracts;
    std::vector<Carer> carers;
    // contracts_by_family[family_contract_begin[f] .. family_contract_begin[f+1]) are f's.
    std::vector<std::uint32_t> family_contract_begin;
    YearMonth first_month;
    YearMonth last_month;

    std::span<const law::ChildFacts> children_of(FamilyId family) const {
        const Family& f = families[family.index()];
        return std::span<const law::ChildFacts>(children).subspan(f.first_child, f.child_count);
    }
    // Gives a family its children, appended to `children` (a world built by hand, in tests).
    void set_children(FamilyId family, std::span<const law::ChildFacts> list);

    // The true facts of `family` for care month `month`: single-parent status as on the 1st
    // of the month, N-2 resources of the month's year, written into `scratch` (the caller's:
    // the world is never written during a run, so that runs may share it across threads; the
    // children are copied only when `scratch` last held another family).
    const law::HouseholdFacts& true_facts(FamilyId family, YearMonth month, HouseholdScratch& scratch) const;
    // Whether true_facts gives equal facts for both months: of a family's facts, only whether
    // it is a single parent and its N-2 resources vary from month to month.
    bool same_true_facts(FamilyId family, YearMonth first, YearMonth second) const {
        const Family& f = families[family.index()];
        return single_parent_in(f, first) == single_parent_in(f, second) &&
               resources_for_year(f, first.year()) == resources_for_year(f, second.year());
    }
    // The same, as a copy (tests, benchmarks).
    law::HouseholdFacts true_facts(FamilyId family, YearMonth month) const {
        HouseholdScratch scratch;
        return true_facts(family, month, scratch);
    }
    Cents resources_for_year(const Family& family, int year) const;
    // The family's N-2 resources of care year first_year + index, and all of them; giving
    // them, held in whole euros or apart (Family::resource_euros).
    Cents resources(FamilyId family, int index) const;
    std::array<Cents, resource_years> resources_of(FamilyId family) const;
    void set_resources(FamilyId family, const std::array<Cents, resource_years>& resources);
    // The same for resources in whole euros below 2^32 only, which touch nothing but the
    // family's record (families drawn on threads); false, and nothing set, for others.
    bool set_whole_euro_resources(FamilyId family, const std::array<Cents, resource_years>& resources);

private:
    // The resources of the families whose resources are not whole euros below 2^32.
    std::unordered_map<std::uint32_t, std::array<Cents, resource_years>> resources_apart_;

public:
    bool single_parent_in(const Family& family, YearMonth month) const;
    bool contract_active(const Contract& contract, YearMonth month) const {
        return contract.first_month <= month && month <= contract.last_month;
    }
};

// When the family declares a contract's month: between the 25th of M and the 5th of M+1, a
// share later (drawn from the contract's own stream: the population's plan, fixed in advance).
Date declaration_date(const Scenario& scenario, ContractId contract, YearMonth month);
// The same for every contract of one care month, its window's dates computed once.
class DeclarationWindow {
public:
    DeclarationWindow(const Scenario& scenario, YearMonth month);
    Date date_of(ContractId contract) const;

private:
    const Scenario* scenario_;
    std::uint16_t month_offset_;  // the stream's key: months since the scenario's first
    Date window_start_;           // the 25th of the month
    Date late_start_;             // the 6th of the next month
    std::uint64_t window_days_;   // the 25th to the 5th of the next month, both included
};

}  // namespace pajesim::model
