#include "storage/sign_ins.hpp"

#include "storage/db.hpp"
#include "util/json_text.hpp"

#include <boost/json.hpp>

namespace classroom {

namespace json = boost::json;

namespace {

std::string strings_text(const std::vector<std::string>& v) { return json::serialize(string_array(v)); }

std::vector<std::string> strings_from(const std::string& text) {
  std::vector<std::string> out;
  auto parsed = json::parse(text);
  for (const auto& v : parsed.as_array()) out.emplace_back(v.as_string());
  return out;
}

// Attributes as [[name, value], ...]: a directory may send one name several times.
std::string pairs_text(const std::vector<std::pair<std::string, std::string>>& v) {
  json::array a;
  for (const auto& [k, val] : v) a.emplace_back(json::array{json::string(k), json::string(val)});
  return json::serialize(a);
}

std::vector<std::pair<std::string, std::string>> pairs_from(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  auto parsed = json::parse(text);
  for (const auto& v : parsed.as_array())
    out.emplace_back(std::string(v.as_array()[0].as_string()), std::string(v.as_array()[1].as_string()));
  return out;
}

}  // namespace

void SignInStore::record(const SignInRecord& r) {
  long long at = r.at;
  auto attributes = pairs_text(r.attributes), groups = strings_text(r.groups), rules = strings_text(r.matched_rules);
  db_.write([&](soci::session& s) {
    s << "INSERT INTO sign_in_diagnostics (username, at, source, outcome, attributes, groups, matched_rules, role, "
         "reason, error) VALUES (:u, :at, :s, :o, :a, :g, :m, :r, :re, :e) "
         "ON CONFLICT (username) DO UPDATE SET at = excluded.at, source = excluded.source, "
         "outcome = excluded.outcome, attributes = excluded.attributes, groups = excluded.groups, "
         "matched_rules = excluded.matched_rules, role = excluded.role, reason = excluded.reason, "
         "error = excluded.error",
        soci::use(r.username), soci::use(at), soci::use(r.source), soci::use(r.outcome), soci::use(attributes),
        soci::use(groups), soci::use(rules), soci::use(r.role), soci::use(r.reason), soci::use(r.error);
  });
}

std::optional<SignInRecord> SignInStore::find(const std::string& username) {
  return db_.run([&](soci::session& s) -> std::optional<SignInRecord> {
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT username, at, source, outcome, attributes, groups, matched_rules, role, reason, error "
                      "FROM sign_in_diagnostics WHERE username = :u",
         soci::use(username));
    for (const auto& row : rs) {
      SignInRecord r;
      r.username = row_str(row, 0);
      r.at = row_i64(row, 1);
      r.source = row_str(row, 2);
      r.outcome = row_str(row, 3);
      r.attributes = pairs_from(row_str(row, 4));
      r.groups = strings_from(row_str(row, 5));
      r.matched_rules = strings_from(row_str(row, 6));
      r.role = row_str(row, 7);
      r.reason = row_str(row, 8);
      r.error = row_str(row, 9);
      return r;
    }
    return std::nullopt;
  });
}

}  // namespace classroom
