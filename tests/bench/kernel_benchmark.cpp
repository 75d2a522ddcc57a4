// Event queue, random stream and family-month table throughput. Run by ci/bench.sh, not by
// the test suite.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <queue>
#include <tuple>
#include <vector>

#include "sim/kernel/event_queue.hpp"
#include "sim/kernel/packed_cells.hpp"
#include "sim/kernel/run_length_cells.hpp"
#include "sim/kernel/random.hpp"

namespace {

using pajesim::Date;
using pajesim::RandomStream;
using pajesim::StreamKind;

struct Payload {
    std::uint32_t entity;
    std::uint32_t kind;
};

// A realistic mix: each popped event schedules one follow-up, mostly on a later day (1 to 40
// days ahead, as declarations and payments are), a few the same day in a later phase.
constexpr std::int64_t initial_events = 100'000;
constexpr std::int64_t total_events = 2'000'000;
constexpr std::size_t phase_count = 6;

void BM_event_queue_day_buckets(benchmark::State& state) {
    for (auto _ : state) {
        RandomStream stream(1, StreamKind::test, 0);
        const Date origin = Date::from_civil(2019, 1, 1);
        pajesim::EventQueue<Payload, phase_count> queue(origin);
        for (std::uint32_t i = 0; i < initial_events; ++i) {
            queue.push(origin.plus_days(static_cast<std::int32_t>(stream.uniform_below(30))),
                       stream.uniform_below(phase_count), Payload{i, 0});
        }
        std::int64_t processed = 0;
        while (auto item = queue.pop()) {
            ++processed;
            if (processed + static_cast<std::int64_t>(queue.size()) >= total_events) continue;
            const bool same_day = stream.uniform_below(10) == 0 && item->phase + 1u < phase_count;
            if (same_day) {
                queue.push(item->date, item->phase + 1u, item->event);
            } else {
                queue.push(item->date.plus_days(1 + static_cast<std::int32_t>(stream.uniform_below(40))),
                           stream.uniform_below(phase_count), item->event);
            }
        }
        benchmark::DoNotOptimize(processed);
    }
    state.SetItemsProcessed(state.iterations() * total_events);
}

// The same workload on std::priority_queue ordered by (day, phase, sequence).
void BM_event_queue_std_priority_queue(benchmark::State& state) {
    using Entry = std::tuple<std::int32_t, std::uint32_t, std::uint64_t, Payload>;
    const auto later = [](const Entry& a, const Entry& b) {
        return std::tie(std::get<0>(a), std::get<1>(a), std::get<2>(a)) >
               std::tie(std::get<0>(b), std::get<1>(b), std::get<2>(b));
    };
    for (auto _ : state) {
        RandomStream stream(1, StreamKind::test, 0);
        std::priority_queue<Entry, std::vector<Entry>, decltype(later)> queue(later);
        std::uint64_t sequence = 0;
        for (std::uint32_t i = 0; i < initial_events; ++i) {
            queue.emplace(static_cast<std::int32_t>(stream.uniform_below(30)),
                          static_cast<std::uint32_t>(stream.uniform_below(phase_count)),
                          sequence++, Payload{i, 0});
        }
        std::int64_t processed = 0;
        while (!queue.empty()) {
            const Entry item = queue.top();
            queue.pop();
            ++processed;
            if (processed + static_cast<std::int64_t>(queue.size()) >= total_events) continue;
            const bool same_day = stream.uniform_below(10) == 0 && std::get<1>(item) + 1 < phase_count;
            if (same_day) {
                queue.emplace(std::get<0>(item), std::get<1>(item) + 1, sequence++, std::get<3>(item));
            } else {
                queue.emplace(std::get<0>(item) + 1 + static_cast<std::int32_t>(stream.uniform_below(40)),
                              static_cast<std::uint32_t>(stream.uniform_below(phase_count)),
                              sequence++, std::get<3>(item));
            }
        }
        benchmark::DoNotOptimize(processed);
    }
    state.SetItemsProcessed(state.iterations() * total_events);
}

void BM_random_next_u64(benchmark::State& state) {
    RandomStream stream(1, StreamKind::test, 0);
    for (auto _ : state) benchmark::DoNotOptimize(stream.next_u64());
    state.SetItemsProcessed(state.iterations());
}

void BM_random_uniform_int(benchmark::State& state) {
    RandomStream stream(1, StreamKind::test, 0);
    for (auto _ : state) benchmark::DoNotOptimize(stream.uniform_int(1, 31));
    state.SetItemsProcessed(state.iterations());
}

void BM_random_bernoulli(benchmark::State& state) {
    RandomStream stream(1, StreamKind::test, 0);
    const pajesim::Ratio probability{8, 100};
    for (auto _ : state) benchmark::DoNotOptimize(stream.bernoulli(probability));
    state.SetItemsProcessed(state.iterations());
}

// A fresh stream per entity, as the population generator does for each family.
void BM_random_new_stream_per_entity(benchmark::State& state) {
    std::uint64_t entity = 0;
    for (auto _ : state) {
        RandomStream stream(1, StreamKind::population_family, entity++);
        benchmark::DoNotOptimize(stream.next_u64());
    }
    state.SetItemsProcessed(state.iterations());
}

// A family-month table as a run writes it: each month, every family's amount added once (a
// declaration, in family order), then read back twice (a payment and an invariant), and a
// few old months written (a regularisation). Amounts change for one family in ten a month.
// The dense three-byte table against the runs with their two-month window.
constexpr std::size_t table_families = 400'000;
constexpr std::int32_t table_months = 27;

template <typename Write, typename Read>
void run_table_months(benchmark::State& state, Write write, Read read) {
    RandomStream stream(7, StreamKind::population_family, 0);
    std::vector<std::int32_t> amount(table_families);
    for (std::int32_t& a : amount) a = static_cast<std::int32_t>(stream.uniform_int(10'000, 60'000));
    std::int64_t sum = 0;
    for (std::int32_t m = 0; m < table_months; ++m) {
        for (std::size_t f = 0; f < table_families; ++f) {
            if (f % 10 == static_cast<std::size_t>(m % 10)) amount[f] += 101;
            write(f, m, amount[f]);
        }
        for (std::size_t f = 0; f < table_families; ++f) sum += read(f, m) + read(f, m);
        for (std::size_t k = 0; k < table_families / 100; ++k) {
            const std::size_t f = static_cast<std::size_t>(stream.uniform_int(0, table_families - 1));
            const std::int32_t old = static_cast<std::int32_t>(stream.uniform_int(0, m));
            write(f, old, 7);
            sum += read(f, old);
        }
    }
    benchmark::DoNotOptimize(sum);
    state.SetItemsProcessed(state.items_processed() + static_cast<std::int64_t>(table_families) * table_months * 3);
}

void BM_family_month_table_dense(benchmark::State& state) {
    for (auto _ : state) {
        pajesim::PackedCells table(table_families * table_months);
        run_table_months(
            state, [&](std::size_t f, std::int32_t m, std::int32_t v) { table.add(static_cast<std::size_t>(m) * table_families + f, v); },
            [&](std::size_t f, std::int32_t m) { return table.get(static_cast<std::size_t>(m) * table_families + f); });
    }
}

void BM_family_month_table_runs(benchmark::State& state) {
    for (auto _ : state) {
        pajesim::RunLengthCells table(table_families, table_months);
        run_table_months(
            state, [&](std::size_t f, std::int32_t m, std::int32_t v) { table.add(f, m, v); },
            [&](std::size_t f, std::int32_t m) { return table.get(f, m); });
    }
}

}  // namespace

BENCHMARK(BM_event_queue_day_buckets)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_event_queue_std_priority_queue)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_random_next_u64);
BENCHMARK(BM_random_uniform_int);
BENCHMARK(BM_random_bernoulli);
BENCHMARK(BM_random_new_stream_per_entity);
BENCHMARK(BM_family_month_table_dense)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_family_month_table_runs)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
