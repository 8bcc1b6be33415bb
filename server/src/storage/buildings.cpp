#include "storage/buildings.hpp"

#include "domain/errors.hpp"
#include "storage/db.hpp"
#include "storage/rule_columns.hpp"

namespace classroom {

namespace {

const std::string kSelect =
    "SELECT b.id, b.name, b.code, b.address, b.opening_hours, "
    "(SELECT COUNT(*) FROM classrooms c WHERE c.building_id = b.id), b.requires_approval, " +
    rule_columns::select("b") + " FROM buildings b ";

Building read_building(const soci::row& r) {
  return {row_i64(r, 0),        row_str(r, 1), row_str(r, 2), row_str(r, 3), row_str(r, 4),
          static_cast<int>(row_i64(r, 5)), row_bool(r, 6), rule_columns::read(r, 7)};
}

Building must_find(soci::session& s, long long id) {
  soci::rowset<soci::row> rs = (s.prepare << std::string(kSelect) + "WHERE b.id = :id", soci::use(id));
  for (const auto& r : rs) return read_building(r);
  throw NotFound("No building with id " + std::to_string(id));
}

void set_requires_approval(soci::session& s, long long id, bool required) {
  int flag = required ? 1 : 0;
  s << "UPDATE buildings SET requires_approval = :r WHERE id = :id", soci::use(flag), soci::use(id);
}

void check_name_free(soci::session& s, const std::string& name, long long except_id) {
  int taken = 0;
  s << "SELECT COUNT(*) FROM buildings WHERE name = :n AND id <> :id", soci::use(name), soci::use(except_id),
      soci::into(taken);
  if (taken) throw Conflict("Building already exists", "a building named '" + name + "' exists", "name");
}

}  // namespace

std::vector<Building> BuildingStore::list() {
  return db_.run([&](soci::session& s) {
    std::vector<Building> out;
    soci::rowset<soci::row> rs = (s.prepare << std::string(kSelect) + "ORDER BY b.name");
    for (const auto& r : rs) out.push_back(read_building(r));
    return out;
  });
}

Building BuildingStore::create(const Building& b, std::int64_t at) {
  return db_.write([&](soci::session& s) {
    check_name_free(s, b.name, 0);
    long long now = at, id = 0;
    s << "INSERT INTO buildings (name, code, address, opening_hours, created_at, updated_at) "
         "VALUES (:n, :c, :a, :h, :t, :u) RETURNING id",
        soci::use(b.name), soci::use(b.code), soci::use(b.address), soci::use(b.opening_hours), soci::use(now),
        soci::use(now), soci::into(id);
    set_requires_approval(s, id, b.requires_approval);
    rule_columns::write(s, "buildings", id, b.rules);
    return must_find(s, id);
  });
}

Building BuildingStore::update(std::int64_t id, const BuildingPatch& p, std::int64_t at) {
  long long key = id, now = at;
  return db_.write([&](soci::session& s) {
    auto b = must_find(s, key);
    if (p.name && *p.name != b.name) check_name_free(s, *p.name, key);
    b.name = p.name.value_or(b.name);
    b.code = p.code.value_or(b.code);
    b.address = p.address.value_or(b.address);
    b.opening_hours = p.opening_hours.value_or(b.opening_hours);
    s << "UPDATE buildings SET name = :n, code = :c, address = :a, opening_hours = :h, updated_at = :u WHERE id = :id",
        soci::use(b.name), soci::use(b.code), soci::use(b.address), soci::use(b.opening_hours), soci::use(now),
        soci::use(key);
    if (p.requires_approval) set_requires_approval(s, key, *p.requires_approval);
    if (!p.rules.given.empty()) rule_columns::write(s, "buildings", key, edited(b.rules, p.rules));
    return must_find(s, key);
  });
}

void BuildingStore::remove(std::int64_t id) {
  long long key = id;
  db_.write([&](soci::session& s) {
    auto b = must_find(s, key);
    if (b.rooms)
      throw Conflict("Building has rooms", "move or delete the " + std::to_string(b.rooms) +
                                               " rooms in '" + b.name + "' first");
    s << "DELETE FROM buildings WHERE id = :id", soci::use(key);
  });
}

}  // namespace classroom
