// Invariant::report (harness/invariants/invariant.hpp): a family-month is counted once per
// invariant; violations are kept with their texts up to max_kept_violations and counted beyond;
// a text given as a function is made only for a violation kept.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <string>

#include "harness/invariants/invariant.hpp"

using namespace pajesim;

namespace {

class Probe final : public invariants::Invariant {
public:
    Probe() : Invariant("probe") {}
    // Reports family `f`'s month with a text made by a function; returns whether it was made.
    bool report_made(std::uint32_t f, YearMonth month) {
        bool made = false;
        report(FamilyId{f}, month, Cents{1}, Cents{2}, month.first_day(), [&] {
            made = true;
            return "family " + std::to_string(f);
        }, Cents{1});
        return made;
    }
    void report_text(std::uint32_t f, YearMonth month, const char* text) {
        report(FamilyId{f}, month, Cents{1}, Cents{2}, month.first_day(), text, Cents{1});
    }
};

const YearMonth june = YearMonth::from_civil(2019, 6);

}  // namespace

BOOST_AUTO_TEST_CASE(a_family_month_counts_once_another_month_or_family_again) {
    Probe probe;
    BOOST_TEST(probe.report_made(7, june));
    BOOST_TEST(!probe.report_made(7, june));  // the same family-month: neither counted nor made
    probe.report_text(7, june, "again");
    BOOST_TEST(probe.report_made(7, june.plus_months(1)));
    BOOST_TEST(probe.report_made(8, june));
    probe.report_text(9, june, "a text");
    BOOST_TEST(probe.violation_count() == 4u);
    BOOST_TEST_REQUIRE(probe.violations().size() == 4u);
    BOOST_TEST(probe.violations()[0].reason == "family 7");
    BOOST_TEST(probe.violations()[2].family == FamilyId{8});
    BOOST_TEST(probe.violations()[3].reason == "a text");
    BOOST_TEST(probe.violations()[3].invariant == "probe");
}

BOOST_AUTO_TEST_CASE(violations_beyond_those_kept_are_counted_without_their_texts) {
    Probe probe;
    constexpr std::size_t kept = invariants::Invariant::max_kept_violations;
    std::size_t made = 0;
    for (std::uint32_t f = 0; f < kept + 10; ++f) made += probe.report_made(f, june) ? 1 : 0;
    BOOST_TEST(probe.violation_count() == kept + 10);
    BOOST_TEST(probe.violations().size() == kept);
    BOOST_TEST(made == kept);
    BOOST_TEST(probe.violations().back().family == FamilyId{static_cast<std::uint32_t>(kept - 1)});
}

// A reason given as a literal is kept by its address (no copy); any other text is the
// violation's own copy, which outlives the text it was made from, through copies and moves.
BOOST_AUTO_TEST_CASE(reasons_are_literals_by_address_or_their_own_copies) {
    static constexpr char literal[] = "a literal reason";
    const invariants::ReasonText kept(literal);
    BOOST_TEST(static_cast<const void*>(kept.view().data()) == static_cast<const void*>(literal));
    invariants::ReasonText copy;
    {
        std::string made = "made for family " + std::to_string(12);
        invariants::ReasonText own{std::string_view(made)};
        BOOST_TEST(static_cast<const void*>(own.view().data()) != static_cast<const void*>(made.data()));
        copy = own;
        made.assign(made.size(), '?');  // the text it was made from, overwritten
        BOOST_TEST(own == "made for family 12");
    }
    BOOST_TEST(copy == "made for family 12");
    invariants::ReasonText moved = std::move(copy);
    BOOST_TEST(moved == "made for family 12");
    invariants::ReasonText copied_literal = kept;
    BOOST_TEST(static_cast<const void*>(copied_literal.view().data()) == static_cast<const void*>(literal));
    moved = copied_literal;
    BOOST_TEST(static_cast<const void*>(moved.view().data()) == static_cast<const void*>(literal));
    BOOST_TEST(moved.find("literal") == 2u);
    BOOST_TEST(static_cast<std::string>(moved) == "a literal reason");
}
