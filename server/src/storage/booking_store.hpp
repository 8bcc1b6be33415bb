#pragma once
// Bookings with their history, term series, calendar tokens, and the lifecycle the
// room sensors drive. No two confirmed bookings of one room overlap: PostgreSQL's
// exclusion constraint guarantees it under any concurrency; on SQLite the check and
// the insert run in one BEGIN IMMEDIATE transaction, so no other writer gets between.
#include "domain/approval.hpp"
#include "domain/errors.hpp"
#include "domain/room_rules.hpp"
#include "domain/states.hpp"
#include "storage/booking_spans.hpp"
#include "storage/page.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace classroom {

class Db;

struct Booking {
  std::int64_t id = 0;
  std::int64_t classroom_id = 0;
  std::string classroom_name;
  std::optional<std::int64_t> user_id;
  std::string username;
  std::string title;
  std::string description;
  std::int64_t start = 0;
  std::int64_t end = 0;
  BookingStatus status = BookingStatus::confirmed;
  std::optional<std::int64_t> series_id;
  bool series_flagged = false;
  std::optional<std::int64_t> checked_in_at;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::string decision_reason;  // why its request was declined
};

// What a booking is to be: a new one, or an existing one after an edit.
struct BookingDraft {
  std::int64_t classroom_id = 0;
  std::int64_t user_id = 0;
  std::string title;
  std::string description;
  std::int64_t start = 0;
  std::int64_t end = 0;
};

struct BookingEvent {
  std::string action;  // created, requested, approved, declined, lapsed, updated, cancelled, checked_in, released, completed
  std::optional<std::int64_t> user_id;
  std::string username;
  std::int64_t at = 0;
  std::string detail;
};

struct BookingQuery {
  std::optional<std::int64_t> classroom_id, user_id, series_id;
  std::optional<BookingStatus> status;
  std::optional<std::int64_t> from, to;  // bookings overlapping [from, to)
  bool flagged_only = false;
  int page = 1;
  int per_page = 50;
};

using BookingPage = Page<Booking>;

// The room is taken: a 409 "Time slot already booked". `other` is the booking in the
// way when it could be read; `wanted` the requested ranges that could not be booked.
struct SlotTaken : Conflict {
  explicit SlotTaken(std::optional<BookingSpan> other, std::vector<BookingSpan> wanted = {});
  std::optional<BookingSpan> other;
  std::vector<BookingSpan> wanted;
};

struct Series {
  std::int64_t id = 0;
  std::int64_t classroom_id = 0;
  std::optional<std::int64_t> user_id;
  std::string title, description;
  std::string weekdays;  // "1,3": ISO weekdays, Monday = 1
  std::string start_date, end_date, start_time, end_time;  // as the timetable names them
  bool flagged = false;
  std::int64_t created_at = 0;
};

// A series edited from a date on: what its row and the sessions edited take, and each
// session's new times (`id` the booking, `start` and `end` its new instants).
struct SeriesEdit {
  std::string title, description;
  std::string start_time, end_time;  // "HH:MM", as the series row keeps them
  std::vector<BookingSpan> sessions;
};

struct SeriesOutcome {
  std::int64_t series_id = 0;
  std::vector<Booking> created;
  std::vector<BookingSpan> conflicts;  // occurrences not booked because the room was taken
};

// What one lifecycle step did.
struct LifecycleOutcome {
  std::vector<Booking> checked_in;
  std::vector<Booking> released;
  std::int64_t completed = 0;
  std::vector<Booking> lapsed;  // requests whose start came undecided
};

// Whose calendar a feed token opens.
struct FeedOwner {
  std::optional<std::int64_t> user_id;
  std::optional<std::int64_t> classroom_id;
  std::string name;  // username or room name
};

class BookingStore {
 public:
  explicit BookingStore(Db& db) : db_(db) {}

  // BadRequest naming classroom_id when the room is missing or inactive; SlotTaken.
  // `status` is confirmed, or pending for a request awaiting approval (it holds the slot too).
  Booking create(const BookingDraft& d, std::int64_t actor, std::int64_t now,
                 BookingStatus status = BookingStatus::confirmed);
  std::optional<Booking> find(std::int64_t id);
  // Applies `next` to a confirmed booking or a pending request, which then has `status`
  // (Conflict when it is neither any more).
  Booking update(std::int64_t id, const BookingDraft& next, std::int64_t actor, const std::string& detail,
                 std::int64_t now, BookingStatus status = BookingStatus::confirmed);
  // Cancels a confirmed booking or a pending request; a cancelled one is answered as it is.
  Booking cancel(std::int64_t id, std::int64_t actor, std::int64_t now);
  std::vector<BookingEvent> history(std::int64_t id);

  std::vector<Booking> of_user(std::int64_t user_id);
  BookingPage page(const BookingQuery& q);
  // Bookings holding one room over [from, to) (confirmed or pending), by start.
  std::vector<Booking> taken_in(std::int64_t classroom_id, std::int64_t from, std::int64_t to);
  // Rooms with a booking holding them (confirmed or pending) overlapping [from, to).
  std::vector<std::int64_t> busy_rooms(std::int64_t from, std::int64_t to);
  // Bookings of a user or a room for a calendar feed: every status, [from, to).
  std::vector<Booking> for_feed(const FeedOwner& owner, std::int64_t from, std::int64_t to);

  // One transaction: without skip_conflicts any taken occurrence is a SlotTaken and
  // nothing is written; with it the free occurrences are booked and the rest reported.
  SeriesOutcome create_series(const Series& s, const std::vector<BookingSpan>& occurrences, bool skip_conflicts,
                              std::int64_t actor, std::int64_t now, BookingStatus status = BookingStatus::confirmed);

  // Approvals (storage/approvals.cpp). The room's approval flags and the names scopes use.
  ApprovalGate approval_gate(std::int64_t classroom_id);
  // The booking rules the room sets, and its building's (empty without one).
  std::pair<RuleSet, RuleSet> rule_sets(std::int64_t classroom_id);
  // Every pending request, by start.
  std::vector<Booking> pending();
  // Moves a pending request to `to` (confirmed or declined) with the reason; a
  // Conflict when it is no longer pending.
  Booking decide(std::int64_t id, BookingStatus to, std::int64_t actor, const std::string& reason, std::int64_t now);
  std::optional<Series> find_series(std::int64_t id);
  std::vector<Booking> series_bookings(std::int64_t series_id);  // every status, by start
  std::vector<Series> list_series(bool flagged_only);
  Series set_series_flag(std::int64_t id, bool flagged, std::int64_t now);
  // One transaction: every session in `e` takes its new times, title and description,
  // the series row the new fields. A session that would overlap another booking is a
  // SlotTaken naming each such session, and nothing is written; so is a session that
  // is not a confirmed occurrence of the series (Conflict).
  std::vector<Booking> edit_series(std::int64_t id, const SeriesEdit& e, std::int64_t actor, std::int64_t now);
  // Cancels the series' confirmed occurrences starting at or after `from`.
  std::vector<Booking> cancel_series_from(std::int64_t id, std::int64_t from, std::int64_t actor, std::int64_t now);

  // Checks in bookings whose room reported occupancy from `check_in_lead_s` before
  // the start, releases those nobody came to within the room's grace (only where the
  // room's sensor reported since the start: no data is no evidence), completes those
  // that ended. With several instances one of them does it at a time.
  LifecycleOutcome lifecycle_step(std::int64_t now, std::int64_t check_in_lead_s);

  // The feed token of a user or room; `fresh` becomes it when there is none yet or
  // `renew` is set. Tokens are capabilities shown again on request, so kept as they are.
  std::string user_feed_token(std::int64_t user_id, const std::string& fresh, bool renew);
  std::string room_feed_token(std::int64_t classroom_id, const std::string& fresh, bool renew);
  std::optional<FeedOwner> feed_owner(const std::string& token);

 private:
  Db& db_;
};

}  // namespace classroom
