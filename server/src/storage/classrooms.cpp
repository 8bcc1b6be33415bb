#include "storage/classrooms.hpp"

#include "storage/db.hpp"
#include "storage/rule_columns.hpp"

#include <algorithm>
#include <map>

namespace classroom {

namespace {

const std::string kSelect =
    "SELECT c.id, c.name, c.location, c.capacity, c.is_active, c.esp_device_id, c.idle_timeout_s, "
    "c.power_off_delay_s, c.auto_power_on, c.rated_load_w, c.no_show_grace_s, c.created_at, "
    "s.is_occupied, s.is_power_on, s.last_movement, s.temperature, s.power_reason, s.last_report_at, c.building_id, c.floor, "
    "c.requires_approval, " + rule_columns::select("c") + " "
    "FROM classrooms c LEFT JOIN room_status s ON s.classroom_id = c.id ";

// Five settings columns from `at`: idle_timeout_s, power_off_delay_s, auto_power_on,
// rated_load_w, no_show_grace_s.
RoomSettings read_settings(const soci::row& r, std::size_t at) {
  return {static_cast<int>(row_i64(r, at)), static_cast<int>(row_i64(r, at + 1)), row_bool(r, at + 2),
          static_cast<int>(row_i64(r, at + 3)), static_cast<int>(row_i64(r, at + 4))};
}

// Six room_status columns from `at`: is_occupied, is_power_on, last_movement,
// temperature, power_reason, last_report_at.
RoomStatus read_status(const soci::row& r, std::size_t at) {
  RoomStatus s;
  s.is_occupied = row_bool(r, at);
  s.is_power_on = row_bool(r, at + 1);
  s.last_movement = row_opt_i64(r, at + 2);
  s.temperature = row_opt_double(r, at + 3);
  s.power_reason = row_str(r, at + 4);
  s.last_report_at = row_opt_i64(r, at + 5);
  return s;
}

Classroom read_room(const soci::row& r) {
  Classroom c;
  c.id = row_i64(r, 0);
  c.name = row_str(r, 1);
  c.location = row_str(r, 2);
  c.capacity = static_cast<int>(row_i64(r, 3));
  c.is_active = row_bool(r, 4);
  if (auto dev = row_str(r, 5); !dev.empty()) c.esp_device_id = dev;
  c.settings = read_settings(r, 6);
  c.created_at = row_i64(r, 11);
  c.status = read_status(r, 12);
  c.building_id = row_opt_i64(r, 18);
  c.floor = row_str(r, 19);
  c.requires_approval = row_bool(r, 20);
  c.rules = rule_columns::read(r, 21);
  return c;
}

void set_requires_approval(soci::session& s, long long id, bool required) {
  int flag = required ? 1 : 0;
  s << "UPDATE classrooms SET requires_approval = :r WHERE id = :id", soci::use(flag), soci::use(id);
}

// Attribute keys per room (all rooms, or one), sorted.
std::map<long long, std::vector<std::string>> attributes_of(soci::session& s, std::optional<long long> room) {
  std::map<long long, std::vector<std::string>> out;
  std::string sql =
      "SELECT ca.classroom_id, a.key FROM classroom_attributes ca JOIN room_attributes a ON a.id = ca.attribute_id ";
  auto collect = [&](soci::rowset<soci::row>& rs) {
    for (const auto& r : rs) out[row_i64(r, 0)].push_back(row_str(r, 1));
  };
  if (room) {
    long long id = *room;
    soci::rowset<soci::row> rs = (s.prepare << sql + "WHERE ca.classroom_id = :id ORDER BY a.key", soci::use(id));
    collect(rs);
  } else {
    soci::rowset<soci::row> rs = (s.prepare << sql + "ORDER BY a.key");
    collect(rs);
  }
  return out;
}

// Replaces a room's attributes; an unknown key is a 400 naming it (the transaction then writes nothing).
void set_attributes(soci::session& s, long long room, const std::vector<std::string>& keys) {
  std::vector<long long> ids;
  for (const auto& k : keys) {
    long long id = 0;
    s << "SELECT id FROM room_attributes WHERE key = :k", soci::use(k), soci::into(id);
    if (!s.got_data()) throw BadRequest("attributes", "unknown room attribute '" + k + "'");
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  s << "DELETE FROM classroom_attributes WHERE classroom_id = :id", soci::use(room);
  for (auto id : ids)
    s << "INSERT INTO classroom_attributes (classroom_id, attribute_id) VALUES (:c, :a)", soci::use(room),
        soci::use(id);
}

std::optional<Classroom> find_in(soci::session& s, long long id) {
  soci::rowset<soci::row> rs = (s.prepare << std::string(kSelect) + "WHERE c.id = :id", soci::use(id));
  for (const auto& r : rs) {
    auto c = read_room(r);
    c.attributes = attributes_of(s, id)[id];
    return c;
  }
  return std::nullopt;
}

Classroom must_find(soci::session& s, long long id) {
  auto c = find_in(s, id);
  if (!c) throw NotFound("No classroom with id " + std::to_string(id));
  return *c;
}

void check_name_free(soci::session& s, const std::string& name, long long except_id) {
  int taken = 0;
  s << "SELECT COUNT(*) FROM classrooms WHERE name = :n AND id <> :id", soci::use(name), soci::use(except_id),
      soci::into(taken);
  if (taken) throw Conflict("Classroom already exists", "a classroom named '" + name + "' exists", "name");
}

// One device per room and one room per device.
void check_device_free(soci::session& s, const std::string& device_id, long long room_id) {
  int known = 0, used = 0;
  s << "SELECT COUNT(*) FROM esp_devices WHERE device_id = :d", soci::use(device_id), soci::into(known);
  if (!known) throw NotFound("No device with device_id '" + device_id + "'");
  s << "SELECT COUNT(*) FROM classrooms WHERE esp_device_id = :d AND id <> :id", soci::use(device_id),
      soci::use(room_id), soci::into(used);
  if (used) throw Conflict("Device in use", "device '" + device_id + "' already serves another room", "esp_device_id");
}

// The building a room goes into: the one named, which must exist, else the first.
std::optional<long long> building_for(soci::session& s, std::optional<std::int64_t> wanted) {
  long long id = 0;
  soci::indicator ind;
  if (wanted) {
    long long w = *wanted;
    s << "SELECT id FROM buildings WHERE id = :id", soci::use(w), soci::into(id, ind);
    if (!s.got_data()) throw NotFound("No building with id " + std::to_string(w));
    return id;
  }
  s << "SELECT MIN(id) FROM buildings", soci::into(id, ind);
  if (ind == soci::i_null) return std::nullopt;
  return id;
}

}  // namespace

std::vector<Classroom> ClassroomStore::list(bool active_only) {
  return db_.run([&](soci::session& s) {
    std::vector<Classroom> out;
    std::string sql = std::string(kSelect) + (active_only ? "WHERE c.is_active = 1 " : "") + "ORDER BY c.name";
    soci::rowset<soci::row> rs = (s.prepare << sql);
    for (const auto& r : rs) out.push_back(read_room(r));
    auto attributes = attributes_of(s, std::nullopt);
    for (auto& c : out)
      if (auto it = attributes.find(c.id); it != attributes.end()) c.attributes = it->second;
    return out;
  });
}

std::size_t ClassroomStore::count() { return db_.count_rows("classrooms"); }

void ClassroomStore::each_live(const std::function<void(LiveRoom&&)>& row) {
  db_.each_page(
      "SELECT c.id, c.is_active, c.esp_device_id, c.idle_timeout_s, c.power_off_delay_s, c.auto_power_on, "
      "c.rated_load_w, c.no_show_grace_s, s.is_occupied, s.is_power_on, s.last_movement, s.temperature, "
      "s.power_reason, s.last_report_at FROM classrooms c LEFT JOIN room_status s ON s.classroom_id = c.id "
      "WHERE c.id > :a ORDER BY c.id",
      0LL, [&](const soci::row& r) {
        LiveRoom l;
        l.setup.id = row_i64(r, 0);
        l.setup.is_active = row_bool(r, 1);
        l.setup.esp_device_id = row_str(r, 2);
        l.setup.settings = read_settings(r, 3);
        l.status = read_status(r, 8);
        long long key = l.setup.id;
        row(std::move(l));
        return key;
      });
}

std::optional<Classroom> ClassroomStore::find(std::int64_t id) {
  return db_.run([&](soci::session& s) { return find_in(s, id); });
}

Classroom ClassroomStore::create(const Classroom& c, std::int64_t at) {
  return db_.write([&](soci::session& s) {
    check_name_free(s, c.name, 0);
    if (c.esp_device_id) check_device_free(s, *c.esp_device_id, 0);
    long long now = at, id = 0;
    int active = c.is_active, auto_on = c.settings.auto_power_on;
    soci::indicator dev_ind = c.esp_device_id ? soci::i_ok : soci::i_null;
    std::string dev = c.esp_device_id.value_or("");
    auto building = building_for(s, c.building_id);
    long long building_id = building.value_or(0);
    soci::indicator building_ind = building ? soci::i_ok : soci::i_null;
    s << "INSERT INTO classrooms (name, location, building_id, floor, capacity, is_active, esp_device_id, "
         "idle_timeout_s, power_off_delay_s, auto_power_on, rated_load_w, no_show_grace_s, created_at, updated_at) "
         "VALUES (:n, :l, :b, :f, :c, :a, :d, :i, :p, :o, :w, :g, :t, :u) RETURNING id",
        soci::use(c.name), soci::use(c.location), soci::use(building_id, building_ind), soci::use(c.floor),
        soci::use(c.capacity),
        soci::use(active), soci::use(dev, dev_ind),
        soci::use(c.settings.idle_timeout_s), soci::use(c.settings.power_off_delay_s), soci::use(auto_on),
        soci::use(c.settings.rated_load_w), soci::use(c.settings.no_show_grace_s), soci::use(now), soci::use(now),
        soci::into(id);
    s << "INSERT INTO room_status (classroom_id, updated_at) VALUES (:id, :t)", soci::use(id), soci::use(now);
    set_requires_approval(s, id, c.requires_approval);
    rule_columns::write(s, "classrooms", id, c.rules);
    set_attributes(s, id, c.attributes);
    return must_find(s, id);
  });
}

Classroom ClassroomStore::update(std::int64_t id, const ClassroomPatch& p, std::int64_t at) {
  long long key = id;
  return db_.write([&](soci::session& s) {
    auto c = must_find(s, key);
    if (p.name && *p.name != c.name) check_name_free(s, *p.name, key);
    c.name = p.name.value_or(c.name);
    c.location = p.location.value_or(c.location);
    if (p.building_id) c.building_id = *building_for(s, p.building_id);
    c.floor = p.floor.value_or(c.floor);
    c.capacity = p.capacity.value_or(c.capacity);
    c.is_active = p.is_active.value_or(c.is_active);
    auto& st = c.settings;
    st.idle_timeout_s = p.idle_timeout_s.value_or(st.idle_timeout_s);
    st.power_off_delay_s = p.power_off_delay_s.value_or(st.power_off_delay_s);
    st.auto_power_on = p.auto_power_on.value_or(st.auto_power_on);
    st.rated_load_w = p.rated_load_w.value_or(st.rated_load_w);
    st.no_show_grace_s = p.no_show_grace_s.value_or(st.no_show_grace_s);
    int active = c.is_active, auto_on = st.auto_power_on;
    long long now = at, building_id = c.building_id.value_or(0);
    soci::indicator building_ind = c.building_id ? soci::i_ok : soci::i_null;
    if (p.attributes) set_attributes(s, key, *p.attributes);
    s << "UPDATE classrooms SET name = :n, location = :l, building_id = :b, floor = :f, capacity = :c, "
         "is_active = :a, idle_timeout_s = :i, "
         "power_off_delay_s = :p, auto_power_on = :o, rated_load_w = :w, no_show_grace_s = :g, updated_at = :u "
         "WHERE id = :id",
        soci::use(c.name), soci::use(c.location), soci::use(building_id, building_ind), soci::use(c.floor),
        soci::use(c.capacity), soci::use(active), soci::use(st.idle_timeout_s), soci::use(st.power_off_delay_s),
        soci::use(auto_on), soci::use(st.rated_load_w), soci::use(st.no_show_grace_s), soci::use(now),
        soci::use(key);
    if (p.requires_approval) set_requires_approval(s, key, *p.requires_approval);
    if (!p.rules.given.empty()) rule_columns::write(s, "classrooms", key, edited(c.rules, p.rules));
    return must_find(s, key);
  });
}

bool ClassroomStore::remove(std::int64_t id, std::int64_t at) {
  long long key = id;
  return db_.write([&](soci::session& s) {
    must_find(s, key);
    int bookings = 0;
    s << "SELECT COUNT(*) FROM bookings WHERE classroom_id = :id", soci::use(key), soci::into(bookings);
    long long now = at;
    if (bookings) {
      s << "UPDATE classrooms SET is_active = 0, esp_device_id = NULL, updated_at = :u WHERE id = :id",
          soci::use(now), soci::use(key);
      return true;
    }
    s << "DELETE FROM classroom_attributes WHERE classroom_id = :id", soci::use(key);
    s << "DELETE FROM classrooms WHERE id = :id", soci::use(key);
    return false;
  });
}

Classroom ClassroomStore::link_device(std::int64_t id, const std::string& device_id, std::int64_t at) {
  long long key = id;
  return db_.write([&](soci::session& s) {
    must_find(s, key);
    check_device_free(s, device_id, key);
    long long now = at;
    s << "UPDATE classrooms SET esp_device_id = :d, updated_at = :u WHERE id = :id", soci::use(device_id),
        soci::use(now), soci::use(key);
    return must_find(s, key);
  });
}

Classroom ClassroomStore::unlink_device(std::int64_t id, std::int64_t at) {
  long long key = id;
  return db_.write([&](soci::session& s) {
    must_find(s, key);
    long long now = at;
    s << "UPDATE classrooms SET esp_device_id = NULL, updated_at = :u WHERE id = :id", soci::use(now),
        soci::use(key);
    return must_find(s, key);
  });
}

}  // namespace classroom
