#pragma once
// What a timetable import changes: the file's sections against those a previous import
// stored, and for each changed section which future occurrences move, appear or go.
// Past occurrences are history and never touched. Pure: now, the zone and the stored
// state are arguments.
#include "domain/recurrence.hpp"
#include "domain/timetable.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace classroom {

// A section a previous import stored (a booking series with a section key).
struct StoredSection {
  std::int64_t series_id = 0;
  std::string section;
  Named room;
  std::optional<Named> organizer;
  std::string title;
  std::string weekdays;                 // "1,3"
  std::string start_date, end_date;     // YYYY-MM-DD
  std::string start_time, end_time;     // HH:MM
};

enum class SectionAction { created, updated, unchanged, removed };
const char* action_name(SectionAction a);

struct FieldChange {
  std::string field;  // room, time, days, dates, title, organizer
  std::string from, to;
  friend bool operator==(const FieldChange&, const FieldChange&) = default;
};

struct SectionChange {
  SectionAction action = SectionAction::unchanged;
  std::string section;
  std::size_t line = 0;                      // 0 for a removed section (it is not in the file)
  const WantedSection* wanted = nullptr;     // created, updated, unchanged
  const StoredSection* stored = nullptr;     // updated, unchanged, removed
  std::vector<FieldChange> fields;           // updated: what differs
};

// In file order, then the removed ones by section. Only sections of `stored` that no
// line of the file names (`named`, lines with errors included) are removed.
std::vector<SectionChange> diff_timetable(const std::vector<WantedSection>& wanted,
                                          const std::vector<StoredSection>& stored,
                                          const std::set<std::string>& named);

// A booking as the import sees it.
struct Slot {
  std::int64_t booking_id = 0;  // 0 for one not written yet
  std::int64_t classroom_id = 0;
  std::int64_t start = 0, end = 0;
  friend bool operator==(const Slot&, const Slot&) = default;
};

// One future occurrence of a stored section, with its local date.
struct PlacedOccurrence {
  Slot slot;
  date::year_month_day date;
};

struct OccurrencePlan {
  std::vector<Slot> inserts;                  // new occurrences
  std::vector<std::pair<Slot, Slot>> moves;   // (as stored, as it becomes); same booking id
  std::vector<Slot> cancels;                  // stored occurrences no date of the file keeps
  std::size_t touched() const { return inserts.size() + moves.size() + cancels.size(); }
};

// Pairs the wanted occurrences with the stored future ones by local date: one on the
// same date moves there (when its room or times differ, or `retitle` says the booking's
// title or owner change), a stored date the file no longer has is cancelled, a new date
// is inserted. Wanted occurrences starting at or before `now` are left out.
OccurrencePlan plan_occurrences(const std::vector<Occurrence>& wanted, std::int64_t classroom_id,
                                const std::vector<PlacedOccurrence>& stored_future, std::int64_t now, bool retitle);

// The confirmed bookings of the campus, kept as non-overlapping intervals per room.
class RoomCalendar {
 public:
  void add(const Slot& s);
  void remove(const Slot& s);
  // The booking in the way of `s`, if any.
  std::optional<Slot> clash(const Slot& s) const;

 private:
  std::map<std::int64_t, std::map<std::int64_t, Slot>> rooms_;  // room → start → slot
};

// What an import did (or, for a dry run or a refused file, would do), for the answer.
struct ChangeSummary {
  std::string section;
  std::size_t line = 0;
  SectionAction action = SectionAction::unchanged;
  std::vector<FieldChange> fields;
  std::size_t inserted = 0, moved = 0, cancelled = 0;  // future occurrences
};

struct ImportReport {
  std::size_t created = 0, updated = 0, unchanged = 0, removed = 0;
  std::vector<ImportError> errors;     // by line
  std::vector<ChangeSummary> changes;  // every section but the unchanged ones
  bool dry_run = false;
  bool written = false;  // the database was changed
};

}  // namespace classroom
