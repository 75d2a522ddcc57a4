// The published reference workload "family-month workflow" (v1, ../shared/bench/WORKLOAD.md;
// docs/performance.md) on pajesim's own event queue (sim/kernel/event_queue.hpp: day buckets,
// same-day events in the order they were scheduled), so that its events per second compare
// with any other engine running the same model on the same machine.
//
// usage: workload [--families N] [--months M]     (defaults: 100 000 families, 24 months)
//
// Prints the specification's one line (impl= N= M= c= events= ... events_per_s=). Each event
// touches one family's whole state, so the state is one 48-byte record per family (one or two
// cache lines per event, where one array per field would cost a line per field), all sized
// once; the only shared resource, Pajemploi's c slots, keeps its FIFO queue in a ring sized
// once; no allocation happens in the loop but the event queue's day buckets. Exit code 1 when
// a check fails (violations > 0).

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "sim/kernel/date.hpp"
#include "sim/kernel/event_queue.hpp"

namespace {

using pajesim::Date;
using pajesim::YearMonth;

std::uint32_t lowbias32(std::uint32_t x) {
    x ^= x >> 16;
    x *= 0x7FEB352DU;
    x ^= x >> 15;
    x *= 0x846CA68BU;
    x ^= x >> 16;
    return x;
}

std::uint32_t draw(std::uint32_t f, std::uint32_t m, std::uint32_t s) {
    return lowbias32(f * 0x9E3779B1U + m * 0x85EBCA77U + s * 0xC2B2AE3DU);
}

enum class Kind : std::uint8_t { declare, processed, salary_pay, cmg_pay, caf_refresh };

struct Event {
    std::uint32_t family = 0;
    std::uint16_t month = 0;
    Kind kind = Kind::declare;
};

constexpr std::array<std::uint32_t, 3> cap = {51041, 32196, 19313};
constexpr std::size_t prefetch_distance = 16;

// A family's state: its pending month, its amounts and the days of its steps, in one 32-byte
// record (half a cache line). Days fit 16 bits (600 months at most: 18 262 days) and a
// family's cumulative salary 32 bits (at most 160 h x 6.50 EUR x 600 months = 62.4 M cents).
struct alignas(32) FamilyState {
    std::uint32_t declared_total = 0;
    std::uint32_t paid_total = 0;
    std::uint32_t salary = 0;
    std::uint32_t contrib = 0;
    std::uint32_t cmg = 0;
    std::uint16_t declare_day = 0;
    std::uint16_t start_day = 0;
    std::uint16_t processed_day = 0;
    std::uint16_t salary_day = 0;
    std::uint16_t pending_month = 0;
    std::uint8_t tier = 0;
    std::uint8_t tier_declared = 0;
};
static_assert(sizeof(FamilyState) == 32);

struct Totals {
    std::uint64_t events = 0;
    std::array<std::uint64_t, 5> by_kind{};
    std::uint64_t checked = 0;
    std::uint64_t violations = 0;
    std::uint64_t sum_salary = 0;
    std::uint64_t sum_cmg = 0;
    std::uint64_t sum_contrib = 0;
    std::uint64_t wait_total = 0;
    std::uint64_t wait_max = 0;
    std::uint64_t paydays = 0;
};

class Workload {
public:
    Workload(std::uint32_t families, std::uint32_t months)
        : n_(families),
          m_(months),
          c_(std::max<std::uint32_t>(1, families / 8)),
          k_(std::max<std::uint32_t>(1, static_cast<std::uint32_t>(std::uint64_t{families} * 7 / 24))),
          origin_(Date::from_civil(2024, 1, 1)),
          queue_(origin_) {
        for (std::uint32_t m = 0; m <= months; ++m) {
            const YearMonth month = YearMonth::from_civil(2024, 1).plus_months(static_cast<std::int32_t>(m));
            month_start_.push_back(origin_.days_until(month.first_day()));
        }
        state_.resize(n_);
        received_.resize(k_);
        waiting_.resize(n_);
    }

    std::uint32_t slots() const { return c_; }

    void setup() {
        for (std::uint32_t f = 0; f < n_; ++f) {
            state_[f].tier = static_cast<std::uint8_t>(draw(f, 0, 7) % 3);
            schedule(declare_day(f, 0), {f, 0, Kind::declare});
            if (f % 3 < m_) schedule(refresh_day(f, f % 3), {f, static_cast<std::uint16_t>(f % 3), Kind::caf_refresh});
        }
    }

    void run() {
        while (auto next = queue_.pop()) {
            // The families of the events a few places ahead, fetched while this one is handled:
            // a day's events reach families in no particular order, and at national scale their
            // states are far beyond the caches.
            if (const Event* coming = queue_.ahead(prefetch_distance)) {
                __builtin_prefetch(&state_[coming->family], 1);
                if (coming->kind == Kind::salary_pay) __builtin_prefetch(&received_[coming->family % k_], 1);
            }
            const std::int32_t today = origin_.days_until(next->date);
            const Event& e = next->event;
            ++totals_.events;
            ++totals_.by_kind[static_cast<std::size_t>(e.kind)];
            switch (e.kind) {
                case Kind::declare: declare(e.family, e.month, today); break;
                case Kind::processed: processed(e.family, e.month, today); break;
                case Kind::salary_pay: salary_pay(e.family, e.month, today); break;
                case Kind::cmg_pay: cmg_pay(e.family, e.month, today); break;
                case Kind::caf_refresh: caf_refresh(e.family, e.month); break;
            }
        }
        // The end checks: every family-month checked, the carers received what families paid,
        // each kind of event counted as the model makes it.
        const std::uint64_t family_months = std::uint64_t{n_} * m_;
        if (totals_.checked != family_months) ++totals_.violations;
        std::uint64_t received = 0;
        std::uint64_t paid = 0;
        for (const std::uint64_t r : received_) received += r;
        for (const FamilyState& family : state_) paid += family.paid_total;
        if (received != paid) ++totals_.violations;
        for (std::size_t k = 0; k < 4; ++k) {
            if (totals_.by_kind[k] != family_months) ++totals_.violations;
        }
        std::uint64_t refreshes = 0;
        for (std::uint32_t f = 0; f < n_; ++f) {
            if (f % 3 < m_) refreshes += (m_ - 1 - f % 3) / 3 + 1;
        }
        if (totals_.by_kind[4] != refreshes) ++totals_.violations;
    }

    const Totals& totals() const { return totals_; }

private:
    void schedule(std::int32_t day, Event event) { queue_.push(origin_.plus_days(day), 0, event); }

    std::int32_t month_length(std::uint32_t m) const { return month_start_[m + 1] - month_start_[m]; }

    std::int32_t declare_day(std::uint32_t f, std::uint32_t m) const {
        const auto span = static_cast<std::uint32_t>(month_length(m) - 24 + 5);
        return month_start_[m] + 24 + static_cast<std::int32_t>(draw(f, m, 1) % span);
    }

    std::int32_t refresh_day(std::uint32_t f, std::uint32_t m) const {
        return month_start_[m] + 9 + static_cast<std::int32_t>(draw(f, m, 4) % 11);
    }

    static std::uint32_t rate(std::uint32_t f) { return 350 + draw(f, 0, 6) % 301; }
    static std::uint32_t hours(std::uint32_t f, std::uint32_t m) { return 40 + draw(f, m, 2) % 121; }

    void declare(std::uint32_t f, std::uint16_t m, std::int32_t today) {
        FamilyState& s = state_[f];
        const std::uint32_t salary = hours(f, m) * rate(f);
        s.pending_month = m;
        s.salary = salary;
        s.contrib = salary * 45 / 100;
        s.tier_declared = s.tier;
        s.cmg = std::min(cap[s.tier], salary * 85 / 100);
        s.declare_day = static_cast<std::uint16_t>(today);
        s.declared_total += salary;
        if (busy_ < c_) {
            ++busy_;
            start(f, today);
        } else {
            std::uint32_t at = waiting_head_ + waiting_size_++;
            if (at >= n_) at -= n_;
            waiting_[at] = f;
        }
    }

    void start(std::uint32_t f, std::int32_t today) {
        FamilyState& s = state_[f];
        s.start_day = static_cast<std::uint16_t>(today);
        const auto wait = static_cast<std::uint64_t>(today - s.declare_day);
        totals_.wait_total += wait;
        totals_.wait_max = std::max(totals_.wait_max, wait);
        const std::uint16_t m = s.pending_month;
        schedule(today + 1 + static_cast<std::int32_t>(draw(f, m, 3) % 3), {f, m, Kind::processed});
    }

    void processed(std::uint32_t f, std::uint16_t m, std::int32_t today) {
        state_[f].processed_day = static_cast<std::uint16_t>(today);
        totals_.sum_contrib += state_[f].contrib;
        --busy_;
        if (waiting_size_ > 0) {
            const std::uint32_t next = waiting_[waiting_head_];
            if (++waiting_head_ == n_) waiting_head_ = 0;
            --waiting_size_;
            // The queue is served in order: the family it serves a few places on is fetched now.
            if (waiting_size_ > prefetch_distance) {
                std::uint32_t later = waiting_head_ + static_cast<std::uint32_t>(prefetch_distance);
                if (later >= n_) later -= n_;
                __builtin_prefetch(&state_[waiting_[later]], 1);
            }
            ++busy_;
            start(next, today);
        }
        schedule(today + 2, {f, m, Kind::salary_pay});
    }

    void salary_pay(std::uint32_t f, std::uint16_t m, std::int32_t today) {
        FamilyState& s = state_[f];
        received_[f % k_] += s.salary;
        s.paid_total += s.salary;
        s.salary_day = static_cast<std::uint16_t>(today);
        totals_.sum_salary += s.salary;
        schedule(today + 1, {f, m, Kind::cmg_pay});
    }

    void cmg_pay(std::uint32_t f, std::uint16_t m, std::int32_t today) {
        const FamilyState& s = state_[f];
        totals_.sum_cmg += s.cmg;
        totals_.paydays += static_cast<std::uint64_t>(today);
        // The family-month's invariants, recomputed from the draws.
        const std::uint32_t salary = hours(f, m) * rate(f);
        const bool ok = s.pending_month == m && s.salary == salary && s.contrib == salary * 45 / 100 &&
                        s.cmg == std::min(cap[s.tier_declared], salary * 85 / 100) && s.cmg <= s.salary &&
                        s.declare_day <= s.start_day && s.start_day < s.processed_day &&
                        s.salary_day == s.processed_day + 2 && today == s.processed_day + 3 &&
                        s.paid_total == s.declared_total;
        if (!ok) ++totals_.violations;
        ++totals_.checked;
        if (m + 1u < m_) {
            std::int32_t next = declare_day(f, m + 1u);
            if (next <= today) {
                ++totals_.violations;
                next = today + 1;
            }
            schedule(next, {f, static_cast<std::uint16_t>(m + 1), Kind::declare});
        }
    }

    void caf_refresh(std::uint32_t f, std::uint16_t m) {
        state_[f].tier = static_cast<std::uint8_t>(draw(f, m, 5) % 3);
        if (m + 3u < m_) schedule(refresh_day(f, m + 3u), {f, static_cast<std::uint16_t>(m + 3), Kind::caf_refresh});
    }

    std::uint32_t n_;
    std::uint32_t m_;
    std::uint32_t c_;
    std::uint32_t k_;
    Date origin_;
    pajesim::EventQueue<Event, 1> queue_;
    std::vector<std::int32_t> month_start_;
    std::vector<FamilyState> state_;
    std::vector<std::uint64_t> received_;
    std::vector<std::uint32_t> waiting_;  // ring: at most every family waits at once
    std::uint32_t waiting_head_ = 0;
    std::uint32_t waiting_size_ = 0;
    std::uint32_t busy_ = 0;
    Totals totals_;
};

bool read_count(const char* text, std::uint32_t min, std::uint32_t max, std::uint32_t& value) {
    const char* end = text + std::strlen(text);
    const auto [at, error] = std::from_chars(text, end, value);
    return error == std::errc{} && at == end && value >= min && value <= max;
}

}  // namespace

int main(int argc, char** argv) {
    std::uint32_t families = 100'000;
    std::uint32_t months = 24;
    for (int i = 1; i < argc; ++i) {
        const std::string option = argv[i];
        if ((option == "--families" || option == "--months") && i + 1 < argc) {
            const bool ok = option == "--families" ? read_count(argv[++i], 1, 50'000'000, families)
                                                   : read_count(argv[++i], 1, 600, months);
            if (!ok) {
                std::fprintf(stderr, "workload: %s takes a whole number (families 1-50000000, months 1-600)\n",
                             option.c_str());
                return 2;
            }
        } else {
            std::fprintf(stderr, "usage: workload [--families N] [--months M]\n");
            return 2;
        }
    }
    const auto began = std::chrono::steady_clock::now();
    Workload workload(families, months);
    workload.setup();
    const auto ready = std::chrono::steady_clock::now();
    workload.run();
    const auto ended = std::chrono::steady_clock::now();
    const double setup_s = std::chrono::duration<double>(ready - began).count();
    const double run_s = std::chrono::duration<double>(ended - ready).count();
    const Totals& t = workload.totals();
    std::printf(
        "impl=pajesim-kernel N=%u M=%u c=%u events=%llu engine_events=0 declare=%llu processed=%llu salary=%llu "
        "cmg=%llu refresh=%llu checked=%llu violations=%llu sum_salary=%llu sum_cmg=%llu sum_contrib=%llu "
        "wait_total=%llu wait_max=%llu paydays=%llu setup_s=%.3f run_s=%.3f events_per_s=%.0f\n",
        families, months, workload.slots(), static_cast<unsigned long long>(t.events),
        static_cast<unsigned long long>(t.by_kind[0]), static_cast<unsigned long long>(t.by_kind[1]),
        static_cast<unsigned long long>(t.by_kind[2]), static_cast<unsigned long long>(t.by_kind[3]),
        static_cast<unsigned long long>(t.by_kind[4]), static_cast<unsigned long long>(t.checked),
        static_cast<unsigned long long>(t.violations), static_cast<unsigned long long>(t.sum_salary),
        static_cast<unsigned long long>(t.sum_cmg), static_cast<unsigned long long>(t.sum_contrib),
        static_cast<unsigned long long>(t.wait_total), static_cast<unsigned long long>(t.wait_max),
        static_cast<unsigned long long>(t.paydays), setup_s, run_s,
        static_cast<double>(t.events) / std::max(setup_s + run_s, 1e-9));
    return t.violations == 0 ? 0 : 1;
}
