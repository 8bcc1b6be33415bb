#include "storage/row_token.hpp"

namespace classroom {

std::string row_token(Db& db, const char* table, const char* column, const char* what, std::int64_t id,
                      const std::string& fresh, bool renew) {
  return db.write([&](soci::session& s) {
    long long key = id;
    std::string token;
    soci::indicator ind = soci::i_null;
    s << std::string("SELECT ") + column + " FROM " + table + " WHERE id = :id", soci::use(key), soci::into(token, ind);
    if (!s.got_data()) throw NotFound(std::string("No ") + what + " with id " + std::to_string(id));
    if (ind == soci::i_ok && !token.empty() && !renew) return token;
    s << std::string("UPDATE ") + table + " SET " + column + " = :t WHERE id = :id", soci::use(fresh), soci::use(key);
    return fresh;
  });
}

}  // namespace classroom
