#include "storage/room_attributes.hpp"

#include "domain/errors.hpp"
#include "storage/db.hpp"

#include <map>

namespace classroom {

namespace {

// Names of the rooms per attribute id.
std::map<long long, std::vector<std::string>> rooms_by_attribute(soci::session& s) {
  std::map<long long, std::vector<std::string>> out;
  soci::rowset<soci::row> rs = (s.prepare << "SELECT ca.attribute_id, c.name FROM classroom_attributes ca "
                                             "JOIN classrooms c ON c.id = ca.classroom_id ORDER BY c.name");
  for (const auto& r : rs) out[row_i64(r, 0)].push_back(row_str(r, 1));
  return out;
}

std::vector<RoomAttribute> list_in(soci::session& s, std::optional<long long> only) {
  auto rooms = rooms_by_attribute(s);
  std::vector<RoomAttribute> out;
  soci::rowset<soci::row> rs = (s.prepare << "SELECT id, key, label FROM room_attributes ORDER BY label, key");
  for (const auto& r : rs) {
    RoomAttribute a{row_i64(r, 0), row_str(r, 1), row_str(r, 2), rooms[row_i64(r, 0)]};
    if (!only || a.id == *only) out.push_back(std::move(a));
  }
  return out;
}

RoomAttribute must_find(soci::session& s, long long id) {
  auto found = list_in(s, id);
  if (found.empty()) throw NotFound("No room attribute with id " + std::to_string(id));
  return found.front();
}

void check_key_free(soci::session& s, const std::string& key, long long except_id) {
  int taken = 0;
  s << "SELECT COUNT(*) FROM room_attributes WHERE key = :k AND id <> :id", soci::use(key), soci::use(except_id),
      soci::into(taken);
  if (taken) throw Conflict("Room attribute already exists", "a room attribute with key '" + key + "' exists", "key");
}

}  // namespace

std::vector<RoomAttribute> RoomAttributeStore::list() {
  return db_.run([&](soci::session& s) { return list_in(s, std::nullopt); });
}

RoomAttribute RoomAttributeStore::create(const RoomAttribute& a, std::int64_t at) {
  return db_.write([&](soci::session& s) {
    check_key_free(s, a.key, 0);
    long long now = at, id = 0;
    s << "INSERT INTO room_attributes (key, label, created_at, updated_at) VALUES (:k, :l, :t, :u) RETURNING id",
        soci::use(a.key), soci::use(a.label), soci::use(now), soci::use(now), soci::into(id);
    return must_find(s, id);
  });
}

RoomAttribute RoomAttributeStore::update(std::int64_t id, const RoomAttributePatch& p, std::int64_t at) {
  long long key_id = id, now = at;
  return db_.write([&](soci::session& s) {
    auto a = must_find(s, key_id);
    if (p.key && *p.key != a.key) check_key_free(s, *p.key, key_id);
    a.key = p.key.value_or(a.key);
    a.label = p.label.value_or(a.label);
    s << "UPDATE room_attributes SET key = :k, label = :l, updated_at = :u WHERE id = :id", soci::use(a.key),
        soci::use(a.label), soci::use(now), soci::use(key_id);
    return must_find(s, key_id);
  });
}

void RoomAttributeStore::remove(std::int64_t id, bool force) {
  long long key_id = id;
  db_.write([&](soci::session& s) {
    auto a = must_find(s, key_id);
    if (!a.rooms.empty() && !force) {
      std::string names;
      for (const auto& n : a.rooms) names += (names.empty() ? "" : ", ") + n;
      Conflict c("Room attribute in use", "'" + a.key + "' is set on " + std::to_string(a.rooms.size()) +
                                              " rooms: " + names + " (add ?force=1 to delete it anyway)");
      boost::json::array rooms;
      for (const auto& n : a.rooms) rooms.push_back(boost::json::string(n));
      c.extra["rooms"] = std::move(rooms);
      throw c;
    }
    s << "DELETE FROM classroom_attributes WHERE attribute_id = :id", soci::use(key_id);
    s << "DELETE FROM room_attributes WHERE id = :id", soci::use(key_id);
  });
}

std::vector<std::string> RoomAttributeStore::unknown(const std::vector<std::string>& keys) {
  return db_.run([&](soci::session& s) {
    std::vector<std::string> out;
    for (const auto& k : keys) {
      int known = 0;
      s << "SELECT COUNT(*) FROM room_attributes WHERE key = :k", soci::use(k), soci::into(known);
      if (!known) out.push_back(k);
    }
    return out;
  });
}

}  // namespace classroom
