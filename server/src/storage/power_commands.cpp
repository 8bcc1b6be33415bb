#include "storage/power_commands.hpp"

#include "storage/db.hpp"

namespace classroom {

namespace {

const char* kCommandColumns =
    "SELECT id, classroom_id, device_id, power_on, source, user_id, state, created_at, expires_at, applied_at, "
    "booking_id "
    "FROM power_commands ";

PowerCommand read_command(const soci::row& r) {
  return {row_i64(r, 0), row_i64(r, 1), row_str(r, 2), row_bool(r, 3), row_str(r, 4), row_opt_i64(r, 5),
          parse_command_state(row_str(r, 6)).value_or(CommandState::expired), row_i64(r, 7), row_i64(r, 8),
          row_opt_i64(r, 9), row_opt_i64(r, 10)};
}

}  // namespace

PowerCommand PowerCommandStore::create_command(const PowerCommand& c) {
  return db_.write([&](soci::session& s) {
    long long room = c.classroom_id, user = c.user_id.value_or(0), created = c.created_at, expires = c.expires_at, id = 0;
    long long booking = c.booking_id.value_or(0);
    int power = c.power_on;
    soci::indicator user_ind = c.user_id ? soci::i_ok : soci::i_null;
    soci::indicator booking_ind = c.booking_id ? soci::i_ok : soci::i_null;
    s << "UPDATE power_commands SET state = 'superseded' WHERE classroom_id = :c AND state IN ('pending', 'applied')",
        soci::use(room);
    s << "INSERT INTO power_commands (classroom_id, device_id, power_on, source, user_id, state, created_at, expires_at, "
         "booking_id) VALUES (:c, :d, :p, :s, :u, 'pending', :t, :e, :b) RETURNING id",
        soci::use(room), soci::use(c.device_id), soci::use(power), soci::use(c.source), soci::use(user, user_ind),
        soci::use(created), soci::use(expires), soci::use(booking, booking_ind), soci::into(id);
    soci::rowset<soci::row> rs = (s.prepare << std::string(kCommandColumns) + "WHERE id = :id", soci::use(id));
    return read_command(*rs.begin());
  });
}

void PowerCommandStore::cancel_live(const char* column, std::int64_t key, std::int64_t now) {
  long long k = key, t = now;
  db_.run([&](soci::session& s) {
    s << std::string("UPDATE power_commands SET state = 'cancelled', expires_at = :t WHERE ") + column +
             " = :k AND state IN ('pending', 'applied')",
        soci::use(t), soci::use(k);
  });
}

void PowerCommandStore::cancel_commands(std::int64_t classroom_id, std::int64_t now) {
  cancel_live("classroom_id", classroom_id, now);
}

std::vector<PowerCommand> PowerCommandStore::live_commands(std::int64_t now) {
  long long t = now;
  return db_.run([&](soci::session& s) {
    std::vector<PowerCommand> out;
    soci::rowset<soci::row> rs = (s.prepare << std::string(kCommandColumns) +
                                                   "WHERE state IN ('pending', 'applied') AND expires_at > :t",
                                  soci::use(t));
    for (const auto& r : rs) out.push_back(read_command(r));
    return out;
  });
}

void PowerCommandStore::expire_commands(std::int64_t now) {
  long long t = now;
  db_.run([&](soci::session& s) {
    s << "UPDATE power_commands SET state = 'expired' WHERE state IN ('pending', 'applied') AND expires_at <= :t",
        soci::use(t);
  });
}

std::map<std::int64_t, std::vector<CommandSpan>> PowerCommandStore::spans_between(std::int64_t from, std::int64_t to) {
  long long f = from, t = to;
  return db_.run([&](soci::session& s) {
    std::map<std::int64_t, std::vector<CommandSpan>> out;
    soci::rowset<soci::row> rs = (s.prepare << "SELECT classroom_id, created_at, expires_at FROM power_commands "
                                               "WHERE created_at < :t AND expires_at > :f ORDER BY classroom_id, created_at",
                                  soci::use(t), soci::use(f));
    for (const auto& r : rs) out[row_i64(r, 0)].push_back({row_i64(r, 1), row_i64(r, 2)});
    return out;
  });
}

void PowerCommandStore::end_for_booking(std::int64_t booking_id, std::int64_t now) {
  cancel_live("booking_id", booking_id, now);
}

}  // namespace classroom
