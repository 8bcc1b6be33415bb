#pragma once
// The timetable import's reads and writes, in one transaction: the rooms, people and
// sections the file is checked against, then everything the import changes, written
// in batches (a 4,500-line file is over a hundred thousand occurrences).
#include "domain/timetable_diff.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <vector>

namespace classroom {

class Db;

// What the database holds that an import is checked against.
struct TimetableState {
  Directory directory;                                 // default_organizer: the first active admin
  std::vector<StoredSection> sections;
  std::map<std::int64_t, std::vector<Slot>> future;    // series id → its confirmed occurrences starting after now
  std::vector<Slot> busy;                              // every confirmed booking ending after now
};

// What to write.
struct TimetableWrite {
  std::int64_t actor = 0;                   // who the booking history names
  struct Section {
    std::optional<std::int64_t> series_id;  // none: a new section
    WantedSection wanted;
    std::int64_t user_id = 0;               // the bookings' owner
    OccurrencePlan plan;
  };
  std::vector<Section> sections;            // created and updated
  struct Removal {
    std::int64_t series_id = 0;
    std::vector<Slot> cancels;
  };
  std::vector<Removal> removals;
};

class TimetableStore {
 public:
  explicit TimetableStore(Db& db) : db_(db) {}
  // Reads the state and hands it to `plan`; writes what it returns, all in one
  // transaction (none when `write` is false: a dry run reads without locking).
  // Returns the booking ids moved or cancelled, whose power overrides end.
  std::vector<std::int64_t> import(std::int64_t now, bool write,
                                   const std::function<std::optional<TimetableWrite>(const TimetableState&)>& plan);

 private:
  Db& db_;
};

}  // namespace classroom
