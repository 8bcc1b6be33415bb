// Door display tokens: classrooms.display_token.
#include "storage/classrooms.hpp"
#include "storage/row_token.hpp"

namespace classroom {

std::string ClassroomStore::display_token(std::int64_t id, const std::string& fresh, bool renew) {
  return row_token(db_, "classrooms", "display_token", "classroom", id, fresh, renew);
}

std::vector<DisplayToken> ClassroomStore::display_tokens(const std::function<std::string()>& fresh) {
  return db_.write([&](soci::session& s) {
    std::vector<DisplayToken> out;
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT id, name, display_token FROM classrooms WHERE is_active = 1 ORDER BY name");
    for (const auto& r : rs) out.push_back({row_i64(r, 0), row_str(r, 1), row_str(r, 2)});
    for (auto& t : out) {
      if (!t.token.empty()) continue;
      t.token = fresh();
      long long key = t.classroom_id;
      s << "UPDATE classrooms SET display_token = :t WHERE id = :id", soci::use(t.token), soci::use(key);
    }
    return out;
  });
}

std::optional<std::int64_t> ClassroomStore::display_room(const std::string& token) {
  return db_.run([&](soci::session& s) -> std::optional<std::int64_t> {
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT id FROM classrooms WHERE display_token = :t AND is_active = 1", soci::use(token));
    for (const auto& r : rs) return row_i64(r, 0);
    return std::nullopt;
  });
}

}  // namespace classroom
