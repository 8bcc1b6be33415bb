// Requests in rooms that need approval: the gate a room sets, the pending ones, the decisions.
#include "storage/booking_sql.hpp"
#include "storage/rule_columns.hpp"

namespace classroom {

using namespace booking_sql;

ApprovalGate BookingStore::approval_gate(std::int64_t classroom_id) {
  return db_.run([&](soci::session& s) { return booking_sql::approval_gate(s, classroom_id); });
}

std::pair<RuleSet, RuleSet> BookingStore::rule_sets(std::int64_t classroom_id) {
  long long room = classroom_id;
  return db_.run([&](soci::session& s) {
    std::pair<RuleSet, RuleSet> out;
    soci::rowset<soci::row> rs = (s.prepare << "SELECT " + rule_columns::select("c") + ", " + rule_columns::select("b") +
                                                   " FROM classrooms c LEFT JOIN buildings b ON b.id = c.building_id "
                                                   "WHERE c.id = :id",
                                  soci::use(room));
    for (const auto& r : rs) out = {rule_columns::read(r, 0), rule_columns::read(r, rule_columns::kCount)};
    return out;
  });
}

std::vector<Booking> BookingStore::pending() {
  return db_.run([&](soci::session& s) {
    return select_where(s, "WHERE b.status = 'pending' ORDER BY b.start_time, b.id", {});
  });
}

Booking BookingStore::decide(std::int64_t id, BookingStatus to, std::int64_t actor, const std::string& reason,
                             std::int64_t now) {
  return db_.write([&](soci::session& s) {
    long long key = id, at = now;
    auto current = must_find(s, key);
    if (current.status != BookingStatus::pending)
      throw Conflict("Booking not pending",
                     "The booking is " + std::string(status_name(current.status)) + " and awaits no decision");
    std::string state(status_name(to));
    s << "UPDATE bookings SET status = :s, decision_reason = :r, updated_at = :u WHERE id = :id",
        soci::use(state), soci::use(reason), soci::use(at), soci::use(key);
    log_event(s, key, to == BookingStatus::confirmed ? "approved" : "declined", actor, at, reason);
    return must_find(s, key);
  });
}

}  // namespace classroom
