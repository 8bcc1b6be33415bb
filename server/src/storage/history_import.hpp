#pragma once
// History written in bulk, as another system or an earlier deployment kept it:
// hourly roll-ups of rooms' status and bookings with the state they ended in. The
// demo campus uses it to start with a term already lived.
#include "domain/states.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace classroom {

class Db;

struct HourRow {
  std::int64_t classroom_id = 0, hour_start = 0, occupied_s = 0, power_on_s = 0, reports = 0;
};

struct ImportedBooking {
  std::int64_t classroom_id = 0, user_id = 0;
  std::string title;
  std::int64_t start = 0, end = 0;
  BookingStatus status = BookingStatus::completed;
  std::int64_t created_at = 0;
};

class HistoryImport {
 public:
  explicit HistoryImport(Db& db) : db_(db) {}
  void add_hours(const std::vector<HourRow>& rows);         // one transaction
  void add_bookings(const std::vector<ImportedBooking>& rows);  // one transaction; overlaps are the caller's to avoid

 private:
  Db& db_;
};

}  // namespace classroom
