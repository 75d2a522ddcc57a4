// The centre's own thread (sim/model/centre/centre_thread.hpp): the centre receives every
// message handed over, once, in order, with its date, on another thread than the run's; after
// wait() every message handed over has been received and its actions are there; an exception
// of the centre reaches the run at wait(), the messages after it are not given to the centre,
// and a failed assertion names the run's seed and the date of the message that failed it.
#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "sim/kernel/assert.hpp"
#include "sim/model/centre/centre_thread.hpp"

using namespace pajesim;
using namespace pajesim::model;

namespace {

// A centre that takes messages at once and does nothing else: the tests' centres receive.
class AtOnceCentre : public PajemploiCentre {
public:
    void start(const CentreSetup&) override {}
    void day(Date, bool, std::span<const CentreMessage>, std::vector<CentreAction>&) override {}
    bool takes_messages_at_once() const override { return true; }
    void finish() override {}
};

// Records what it receives, and answers each message with an action naming it.
class RecordingCentre final : public AtOnceCentre {
public:
    void receive(Date date, const CentreMessage& message, std::vector<CentreAction>& actions) override {
        threads.push_back(std::this_thread::get_id());
        const auto family = std::get<Regularise>(message).family;
        if (family.value() == fail_on) throw std::runtime_error("centre down");
        received.push_back({date, family.value()});
        CentreAction action;
        action.family = family;
        actions.push_back(action);
    }
    struct Received {
        Date date;
        std::uint32_t family;
    };
    std::vector<Received> received;
    std::vector<std::thread::id> threads;
    std::uint32_t fail_on = 0xFFFFFFFF;
};

Date day_of_message(std::uint32_t i) { return Date::from_civil(2019, 1, 1).plus_days(static_cast<std::int32_t>(i / 700)); }

}  // namespace

BOOST_AUTO_TEST_CASE(every_message_reaches_the_centre_once_in_order_on_another_thread) {
    RecordingCentre centre;
    std::vector<CentreAction> actions;
    CentreThread thread(centre, actions, 7);
    std::uint32_t handed = 0;
    // Rounds of different sizes: none, fewer than a batch, exactly several batches, and more.
    for (const std::uint32_t round : {0u, 1u, 5u, 255u, 256u, 512u, 1000u, 3u}) {
        for (std::uint32_t i = 0; i < round; ++i, ++handed) {
            thread.receive(day_of_message(handed), Regularise{FamilyId{handed}});
        }
        thread.wait();
        // Everything handed over so far is received, and answered, in the order handed.
        BOOST_TEST_REQUIRE(centre.received.size() == handed);
        BOOST_TEST_REQUIRE(actions.size() == handed);
        for (std::uint32_t i = 0; i < handed; ++i) {
            BOOST_TEST_REQUIRE(centre.received[i].family == i);
            BOOST_TEST_REQUIRE(centre.received[i].date == day_of_message(i));
            BOOST_TEST_REQUIRE(actions[i].family.value() == i);
        }
    }
    for (const std::thread::id id : centre.threads) BOOST_TEST((id != std::this_thread::get_id()));
}

BOOST_AUTO_TEST_CASE(a_failure_of_the_centre_reaches_the_run_and_stops_the_messages_after_it) {
    RecordingCentre centre;
    centre.fail_on = 300;
    std::vector<CentreAction> actions;
    CentreThread thread(centre, actions, 7);
    for (std::uint32_t i = 0; i < 1000; ++i) thread.receive(day_of_message(i), Regularise{FamilyId{i}});
    BOOST_CHECK_THROW(thread.wait(), std::runtime_error);
    // The messages before the failing one were received; none after it.
    BOOST_TEST(centre.received.size() == 300u);
    BOOST_TEST(centre.threads.size() == 301u);
    BOOST_TEST(actions.size() == 300u);
    // The failure was told once: the messages handed over after it are taken again.
    for (std::uint32_t i = 1000; i < 1300; ++i) thread.receive(day_of_message(i), Regularise{FamilyId{i}});
    thread.wait();
    BOOST_TEST_REQUIRE(centre.received.size() == 600u);
    for (std::uint32_t i = 0; i < 300; ++i) BOOST_TEST_REQUIRE(centre.received[300 + i].family == 1000 + i);
}

BOOST_AUTO_TEST_CASE(a_failed_assertion_on_the_thread_names_the_seed_and_the_message_date) {
    // A centre whose check fails on one message: the error names the run's seed and that
    // message's date, as on the run's thread.
    class FailingCentre final : public AtOnceCentre {
    public:
        void receive(Date, const CentreMessage& message, std::vector<CentreAction>&) override {
            PAJESIM_ASSERT(std::get<Regularise>(message).family.value() != 40);
        }
    } centre;
    std::vector<CentreAction> actions;
    CentreThread thread(centre, actions, 4242);
    for (std::uint32_t i = 0; i < 100; ++i) {
        thread.receive(Date::from_civil(2019, 3, 1).plus_days(static_cast<std::int32_t>(i)), Regularise{FamilyId{i}});
    }
    try {
        thread.wait();
        BOOST_FAIL("the failed assertion did not reach the run");
    } catch (const InternalError& error) {
        const std::string what = error.what();
        BOOST_TEST(what.find("4242") != std::string::npos, what);
        BOOST_TEST(what.find("2019-04-10") != std::string::npos, what);  // 1 March + 40 days
    }
}

BOOST_AUTO_TEST_CASE(the_thread_stops_with_messages_not_yet_taken) {
    RecordingCentre centre;
    std::vector<CentreAction> actions;
    {
        CentreThread thread(centre, actions, 7);
        for (std::uint32_t i = 0; i < 10000; ++i) thread.receive(day_of_message(i), Regularise{FamilyId{i}});
    }  // destroyed without wait(): joins, whatever it had taken
    // The last 16 were never handed over (a batch is 256).
    BOOST_TEST(centre.received.size() <= 9984u);
    for (std::size_t i = 0; i < centre.received.size(); ++i) BOOST_TEST_REQUIRE(centre.received[i].family == i);
}
