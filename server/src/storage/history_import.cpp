#include "storage/history_import.hpp"

#include "storage/db.hpp"

namespace classroom {

void HistoryImport::add_hours(const std::vector<HourRow>& rows) {
  db_.write([&](soci::session& s) {
    long long room = 0, hour = 0, occupied = 0, on = 0, reports = 0;
    soci::statement st = (s.prepare << "INSERT INTO status_hourly (classroom_id, hour_start, occupied_s, power_on_s, "
                                       "reports) VALUES (:c, :h, :o, :p, :n)",
                          soci::use(room), soci::use(hour), soci::use(occupied), soci::use(on), soci::use(reports));
    for (const auto& r : rows) {
      room = r.classroom_id, hour = r.hour_start, occupied = r.occupied_s, on = r.power_on_s, reports = r.reports;
      st.execute(true);
    }
  });
}

void HistoryImport::add_bookings(const std::vector<ImportedBooking>& rows) {
  db_.write([&](soci::session& s) {
    long long room = 0, user = 0, start = 0, end = 0, at = 0;
    std::string title, status;
    soci::statement st = (s.prepare << "INSERT INTO bookings (classroom_id, user_id, title, start_time, end_time, status, "
                                       "created_by, created_at, updated_at) VALUES (:c, :u, :t, :s, :e, :st, :u2, :a, :a2)",
                          soci::use(room), soci::use(user), soci::use(title), soci::use(start), soci::use(end),
                          soci::use(status), soci::use(user), soci::use(at), soci::use(at));
    for (const auto& b : rows) {
      room = b.classroom_id, user = b.user_id, start = b.start, end = b.end, at = b.created_at;
      title = b.title;
      status = std::string(status_name(b.status));
      st.execute(true);
    }
  });
}

}  // namespace classroom
