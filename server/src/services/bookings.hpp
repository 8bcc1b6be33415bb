#pragma once
// Bookings: the rules checked before the store has the last word on overlaps; after
// each write the power rules of every instance follow, a staff override tied to a
// booking that ended early ends with it, and the dashboards hear of it (admins and the
// owner in full, other staff only as busy time). Also the lifecycle the sensors drive:
// check-in, no-show release, completion, series flags.
#include "domain/approval.hpp"
#include "domain/booking_rules.hpp"
#include "domain/room_rules.hpp"
#include "domain/terms.hpp"
#include "realtime/hub.hpp"
#include "services/campus_sync.hpp"
#include "services/power.hpp"
#include "storage/booking_store.hpp"
#include "storage/terms.hpp"
#include "storage/users.hpp"
#include "util/clock.hpp"

#include <date/date.h>

#include <vector>

namespace date { class time_zone; }

namespace classroom {

struct BookingSettings {
  BookingLimits limits;
  std::vector<date::year_month_day> holidays;  // closed campus-wide, like the terms' closed ranges
  std::size_t series_max = 200;
  int advance_days = 365;
};

class BookingService {
 public:
  BookingService(BookingStore& store, TermStore& terms, UserStore& users, PowerService& power, CampusSync& sync,
                 Hub& hub, const Clock& clock, const date::time_zone* zone, BookingSettings settings);

  // Reads go straight to the store.
  BookingStore& store() { return store_; }
  const date::time_zone* zone() const { return zone_; }
  std::int64_t now() const { return clock_.now(); }
  const BookingSettings& settings() const { return settings_; }
  // The closed days (holidays, the terms' closed ranges) from `first` to `last`: series skip them.
  std::vector<date::year_month_day> closed_days(date::year_month_day first, date::year_month_day last);
  // Why `first`..`last` belongs to no term, when terms are defined (a weekly series must).
  std::optional<std::string> outside_terms(date::year_month_day first, date::year_month_day last);

  Booking create(const BookingDraft& d, const Caller& by);
  Booking update(const Booking& b, const BookingDraft& next, const Caller& by, const std::string& detail);
  Booking cancel(const Booking& b, const Caller& by);
  SeriesOutcome create_series(const Series& s, const std::vector<BookingSpan>& occurrences, bool skip_conflicts,
                              const Caller& by);
  std::vector<Booking> cancel_series_from(std::int64_t series_id, std::int64_t from, const Caller& by);
  // Gives the series' confirmed sessions that start at or after `from` and have not
  // begun the title and description of `fields` and the wall-clock times `start` to
  // `end` on their own dates. All or nothing: a clash is a SlotTaken, a rule broken a
  // BadRequest naming the session's date.
  std::vector<Booking> edit_series_from(const Series& s, std::int64_t from, SeriesEdit fields,
                                        std::chrono::minutes start, std::chrono::minutes end, const Caller& by);
  Series set_series_flag(std::int64_t series_id, bool flagged);

  // The rules a booking in the room follows: its own, else its building's, else the options.
  EffectiveRules rules_for(std::int64_t classroom_id);

  // Approvals. The caller as an approver: their role and the scopes of their account.
  Approver approver(const Caller& by);
  // The pending requests `by` may decide (all of them for admins), by start.
  std::vector<Booking> approvals_for(const Caller& by);
  // Approves or declines a pending request: a Forbidden naming the rule when `by` may
  // not decide it, a Conflict when it is no longer pending.
  Booking decide(const Booking& b, ApprovalStep step, const Caller& by, const std::string& reason);

  // Check-in, no-show release, completion, lapsed requests, series flags; returns how many changed.
  std::size_t lifecycle_step();

 private:
  void announce(const char* action, const std::vector<Booking>& bookings);
  // A BadRequest naming the rule when [start, end) touches a closed day.
  void check_open(std::int64_t start, std::int64_t end);
  // A BadRequest naming the room rule [start, end) breaks (admins are bound by none);
  // `except` is the booking being edited.
  void check_room_rules(std::int64_t classroom_id, std::int64_t start, std::int64_t end, const Caller& by,
                        std::int64_t except = 0, const std::string& which = "");
  // The campus-wide limits as they bind `by` in the room: where the room or its building
  // sets its own longest booking or reach, that rule binds staff instead.
  BookingLimits limits_for(const Caller& by, std::int64_t classroom_id);
  BookingStore& store_;
  TermStore& terms_;
  UserStore& users_;
  PowerService& power_;
  CampusSync& sync_;
  Hub& hub_;
  const Clock& clock_;
  const date::time_zone* zone_;
  BookingSettings settings_;
};

}  // namespace classroom
