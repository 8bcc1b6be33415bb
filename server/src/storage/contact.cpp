#include "storage/contact.hpp"

#include "storage/db.hpp"

namespace classroom {

std::vector<ContactMessage> ContactStore::list() {
  return db_.run([](soci::session& s) {
    std::vector<ContactMessage> out;
    soci::rowset<soci::row> rs =
        (s.prepare << "SELECT id, name, email, subject, message, message_type, user_id, is_read, created_at "
                      "FROM contact_messages ORDER BY created_at DESC, id DESC");
    for (const auto& r : rs)
      out.push_back({row_i64(r, 0), row_str(r, 1), row_str(r, 2), row_str(r, 3), row_str(r, 4), row_str(r, 5),
                     row_opt_i64(r, 6), row_bool(r, 7), row_i64(r, 8)});
    return out;
  });
}

std::int64_t ContactStore::create(const ContactMessage& m, std::int64_t at) {
  return db_.run([&](soci::session& s) {
    long long now = at, id = 0, user = m.user_id.value_or(0);
    soci::indicator user_ind = m.user_id ? soci::i_ok : soci::i_null;
    s << "INSERT INTO contact_messages (name, email, subject, message, message_type, user_id, created_at, updated_at) "
         "VALUES (:n, :e, :s, :m, :t, :u, :c, :w) RETURNING id",
        soci::use(m.name), soci::use(m.email), soci::use(m.subject), soci::use(m.message), soci::use(m.message_type),
        soci::use(user, user_ind), soci::use(now), soci::use(now), soci::into(id);
    return id;
  });
}

void ContactStore::set_read(std::int64_t id, bool read, std::int64_t at) {
  long long key = id, now = at;
  int flag = read;
  db_.run([&](soci::session& s) {
    soci::statement st = (s.prepare << "UPDATE contact_messages SET is_read = :r, updated_at = :u WHERE id = :id",
                          soci::use(flag), soci::use(now), soci::use(key));
    st.execute(true);
    if (st.get_affected_rows() == 0) throw NotFound("No contact message with id " + std::to_string(id));
  });
}

void ContactStore::remove(std::int64_t id) {
  long long key = id;
  db_.run([&](soci::session& s) {
    soci::statement st = (s.prepare << "DELETE FROM contact_messages WHERE id = :id", soci::use(key));
    st.execute(true);
    if (st.get_affected_rows() == 0) throw NotFound("No contact message with id " + std::to_string(id));
  });
}

std::int64_t ContactStore::delete_older_than(std::int64_t cutoff, int batch) {
  long long c = cutoff;
  return db_.run([&](soci::session& s) {
    soci::statement st = (s.prepare << "DELETE FROM contact_messages WHERE id IN (SELECT id FROM contact_messages "
                                       "WHERE created_at < :c ORDER BY id LIMIT :b)",
                          soci::use(c), soci::use(batch));
    st.execute(true);
    return static_cast<std::int64_t>(st.get_affected_rows());
  });
}

}  // namespace classroom
