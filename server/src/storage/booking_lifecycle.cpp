// What the room sensors do to bookings: check-in, no-show release, completion.
#include "storage/booking_sql.hpp"

#include "domain/approval.hpp"

namespace classroom {

using namespace booking_sql;

namespace {

struct Due {
  long long id;
  long long at;  // check-in: when occupancy was first seen; release: the room's grace
};

void bind_all(soci::statement& st, std::vector<long long>& values) {
  for (auto& v : values) st.exchange(soci::use(v));
}

std::vector<Due> select_due(soci::session& s, const std::string& sql, std::vector<long long> values) {
  std::vector<Due> out;
  soci::row row;
  soci::statement st(s);
  st.alloc();
  bind_all(st, values);
  st.exchange(soci::into(row));
  st.prepare(sql);
  st.define_and_bind();
  st.execute();
  while (st.fetch()) out.push_back({row_i64(row, 0), row_i64(row, 1)});
  return out;
}

// Runs an UPDATE guarded by the state it expects; true when it changed the row.
bool changed_row(soci::session& s, const std::string& sql, std::vector<long long> values) {
  soci::statement st(s);
  st.alloc();
  bind_all(st, values);
  st.prepare(sql);
  st.define_and_bind();
  st.execute(true);
  return st.get_affected_rows() > 0;
}

// Occupancy reported from `lead` before the start until the end, up to now.
const char* kCheckInsDue =
    "SELECT b.id, MIN(l.reported_at) FROM bookings b JOIN status_logs l ON l.classroom_id = b.classroom_id "
    "AND l.is_occupied = 1 AND l.reported_at >= b.start_time - :lead AND l.reported_at < b.end_time "
    "WHERE b.status = 'confirmed' AND b.checked_in_at IS NULL AND b.start_time <= :horizon "
    "GROUP BY b.id ORDER BY b.id";

// Grace over, nobody checked in, and the room's node reported since the start.
const char* kReleasesDue =
    "SELECT b.id, c.no_show_grace_s FROM bookings b JOIN classrooms c ON c.id = b.classroom_id "
    "JOIN room_status rs ON rs.classroom_id = b.classroom_id "
    "WHERE b.status = 'confirmed' AND b.checked_in_at IS NULL AND b.start_time <= :now "
    "AND b.start_time + c.no_show_grace_s <= :now2 AND c.esp_device_id IS NOT NULL "
    "AND rs.last_report_at >= b.start_time ORDER BY b.id";

}  // namespace

LifecycleOutcome BookingStore::lifecycle_step(std::int64_t now, std::int64_t check_in_lead_s) {
  return db_.write([&](soci::session& s) {
    LifecycleOutcome out;
    long long at = now;
    // Every instance runs the step; one at a time does the work, the others skip.
    if (!db_.is_sqlite()) {
      int mine = 0;
      s << "SELECT CASE WHEN pg_try_advisory_xact_lock(727275) THEN 1 ELSE 0 END", soci::into(mine);
      if (!mine) return out;
    }
    for (auto [id, seen] : select_due(s, kCheckInsDue, {check_in_lead_s, at + check_in_lead_s})) {
      if (seen > at) continue;
      if (!changed_row(s, "UPDATE bookings SET checked_in_at = :c, updated_at = :u WHERE id = :id "
                          "AND status = 'confirmed' AND checked_in_at IS NULL", {seen, at, id}))
        continue;
      log_event(s, id, "checked_in", std::nullopt, at, "occupancy reported");
      out.checked_in.push_back(must_find(s, id));
    }
    for (auto [id, grace] : select_due(s, kReleasesDue, {at, at})) {
      if (!changed_row(s, "UPDATE bookings SET status = 'released', updated_at = :u WHERE id = :id "
                          "AND status = 'confirmed' AND checked_in_at IS NULL", {at, id}))
        continue;
      log_event(s, id, "released", std::nullopt, at,
                "no occupancy within " + std::to_string(grace / 60) + " min of the start");
      out.released.push_back(must_find(s, id));
    }
    for (auto [id, end] : select_due(s, "SELECT id, end_time FROM bookings WHERE status = 'confirmed' "
                                        "AND end_time <= :now ORDER BY id", {at})) {
      if (!changed_row(s, "UPDATE bookings SET status = 'completed', updated_at = :u WHERE id = :id "
                          "AND status = 'confirmed'", {at, id}))
        continue;
      log_event(s, id, "completed", std::nullopt, at, "");
      ++out.completed;
    }
    for (auto [id, start] : select_due(s, "SELECT id, start_time FROM bookings WHERE status = 'pending' "
                                          "AND start_time <= :now ORDER BY id", {at})) {
      if (!lapses(BookingStatus::pending, start, at)) continue;
      if (!changed_row(s, "UPDATE bookings SET status = 'lapsed', updated_at = :u WHERE id = :id "
                          "AND status = 'pending'", {at, id}))
        continue;
      log_event(s, id, "lapsed", std::nullopt, at, "not decided before its start");
      out.lapsed.push_back(must_find(s, id));
    }
    return out;
  });
}

}  // namespace classroom
