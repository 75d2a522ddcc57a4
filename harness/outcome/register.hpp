#pragma once
// The affected-families register, as a run's outcome carries it to the reports: one episode per
// family and stretch of days during which the family was wrong (owed money, or paid above what
// the law says), the money at stake at each month end, what touched the family (the faults that
// acted on its messages and declarations) and what was done about it (calls, files, fixes,
// advances); the same for carers left unpaid; the counts day by day; and the register as it
// stood on the `--as-of` dates. docs/report-format.md defines every field.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/kernel/cents.hpp"
#include "sim/kernel/date.hpp"
#include "sim/kernel/ids.hpp"

namespace pajesim::harness {

// A family's money at stake on a day: owed to it (CMG due and unpaid, debits beyond what was
// due, over months whose payment is due), and overpaid (CMG paid above the law, net of what was
// recovered or written off, over every month).
struct AtStake {
    Date day;
    Cents owed;
    Cents overpaid;
};

struct Episode {
    FamilyId family;
    CafId caf;
    Date start;               // the first day the family was wrong (its state at the day's end)
    std::optional<Date> end;  // the day it was square again; none: still wrong when the run ended
    std::int32_t days = 0;    // end - start, or the run's last day + 1 - start when still open
    Cents largest_owed;
    Cents largest_overpaid;
    Cents owed_at_end;        // when the run ended (0 for a closed episode)
    Cents overpaid_at_end;
    std::vector<AtStake> month_ends;  // every month end within the episode
    // Faults that touched the family's messages or declarations up to the episode's end:
    // indexes into RunOutcome::faults (the plan's order), ascending.
    std::vector<std::uint32_t> causes;
    // During the episode (from its start to its end, both included).
    std::uint32_t calls = 0;
    std::uint32_t files_opened = 0;
    std::uint32_t fixes = 0;
    std::uint32_t fix_errors = 0;
    std::uint32_t advances_paid = 0;
    Cents advances_amount;
    std::uint32_t advances_recovered = 0;
    Cents advances_recovered_amount;
    std::uint32_t overpayments_notified = 0;
    Cents overpayments_recovered;
    Cents overpayments_written_off;
};

// A family's carers left unpaid for months whose payment was due (Pajemploi+ withholding the pay
// until the debit succeeds, or a parent paying directly who cannot).
struct CarerEpisode {
    FamilyId family;
    std::vector<CarerId> carers;  // the carers of the family's unpaid months, ascending
    Date start;
    std::optional<Date> end;
    std::int32_t days = 0;
    Cents largest_unpaid;
    Cents unpaid_at_end;
    // The longest wait, in days past a month's due date, before the month's pay was complete
    // (still unpaid months count to the run's last day).
    std::int32_t longest_late_days = 0;
    std::vector<AtStake> month_ends;  // owed = the carers' unpaid pay; overpaid unused (0)
};

// The register's counts at the end of one day.
struct RegisterDay {
    Date day;
    std::uint32_t families_owed = 0;
    std::uint32_t families_overpaid = 0;
    std::uint32_t families_wrong = 0;  // owed or overpaid (the families with an open episode)
    Cents money_owed;
    Cents money_overpaid;
    std::uint32_t carers_unpaid = 0;   // families whose carers are unpaid
    Cents carers_money_unpaid;
};

// The register on one day: every family wrong at that day's end, by family id.
struct RegisterAsOf {
    Date day;
    struct Entry {
        FamilyId family;
        CafId caf;
        Date since;  // its episode's start
        Cents owed;
        Cents overpaid;
    };
    std::vector<Entry> families;
    struct CarerEntry {
        FamilyId family;
        std::vector<CarerId> carers;
        Date since;
        Cents unpaid;
    };
    std::vector<CarerEntry> carers;
};

struct Register {
    std::vector<Episode> episodes;             // by family, then start
    std::vector<CarerEpisode> carer_episodes;  // by family, then start
    std::vector<RegisterDay> days;             // every day of the run, in order
    std::vector<RegisterAsOf> as_of;           // the days asked for (--as-of), in order
};

}  // namespace pajesim::harness
