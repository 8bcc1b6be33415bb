#include "storage/terms.hpp"

#include "domain/errors.hpp"
#include "storage/db.hpp"

#include <map>

namespace classroom {

namespace {

date::year_month_day day_of(const std::string& text) { return parse_date(text).value; }  // written by format_date

std::vector<Term> list_in(soci::session& s) {
  std::map<long long, std::vector<ClosedRange>> closed;
  soci::rowset<soci::row> cs =
      (s.prepare << "SELECT term_id, label, first_day, last_day FROM term_closures ORDER BY first_day, id");
  for (const auto& r : cs) closed[row_i64(r, 0)].push_back({row_str(r, 1), day_of(row_str(r, 2)), day_of(row_str(r, 3))});
  std::vector<Term> out;
  soci::rowset<soci::row> ts = (s.prepare << "SELECT id, name, first_day, last_day FROM terms ORDER BY first_day, name");
  for (const auto& r : ts)
    out.push_back({row_i64(r, 0), row_str(r, 1), day_of(row_str(r, 2)), day_of(row_str(r, 3)), closed[row_i64(r, 0)]});
  return out;
}

Term must_find(soci::session& s, long long id) {
  for (auto& t : list_in(s))
    if (t.id == id) return t;
  throw NotFound("No term with id " + std::to_string(id));
}

void check_name_free(soci::session& s, const std::string& name, long long except_id) {
  int taken = 0;
  s << "SELECT COUNT(*) FROM terms WHERE name = :n AND id <> :id", soci::use(name), soci::use(except_id),
      soci::into(taken);
  if (taken) throw Conflict("Term already exists", "a term named '" + name + "' exists", "name");
}

void write_closures(soci::session& s, long long id, const std::vector<ClosedRange>& closed) {
  s << "DELETE FROM term_closures WHERE term_id = :id", soci::use(id);
  for (const auto& c : closed) {
    auto first = format_date(c.first), last = format_date(c.last);
    s << "INSERT INTO term_closures (term_id, label, first_day, last_day) VALUES (:t, :l, :f, :e)", soci::use(id),
        soci::use(c.label), soci::use(first), soci::use(last);
  }
}

}  // namespace

std::vector<Term> TermStore::list() {
  return db_.run([&](soci::session& s) { return list_in(s); });
}

Term TermStore::create(const Term& t, std::int64_t at) {
  return db_.write([&](soci::session& s) {
    check_name_free(s, t.name, 0);
    long long now = at, id = 0;
    auto first = format_date(t.first_day), last = format_date(t.last_day);
    s << "INSERT INTO terms (name, first_day, last_day, created_at, updated_at) VALUES (:n, :f, :l, :t, :u) "
         "RETURNING id",
        soci::use(t.name), soci::use(first), soci::use(last), soci::use(now), soci::use(now), soci::into(id);
    write_closures(s, id, t.closed);
    return must_find(s, id);
  });
}

Term TermStore::update(std::int64_t id, const Term& t, std::int64_t at) {
  long long key = id, now = at;
  return db_.write([&](soci::session& s) {
    must_find(s, key);
    check_name_free(s, t.name, key);
    auto first = format_date(t.first_day), last = format_date(t.last_day);
    s << "UPDATE terms SET name = :n, first_day = :f, last_day = :l, updated_at = :u WHERE id = :id",
        soci::use(t.name), soci::use(first), soci::use(last), soci::use(now), soci::use(key);
    write_closures(s, key, t.closed);
    return must_find(s, key);
  });
}

void TermStore::remove(std::int64_t id) {
  long long key = id;
  db_.write([&](soci::session& s) {
    must_find(s, key);
    s << "DELETE FROM term_closures WHERE term_id = :id", soci::use(key);
    s << "DELETE FROM terms WHERE id = :id", soci::use(key);
  });
}

}  // namespace classroom
