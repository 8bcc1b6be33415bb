#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace classroom {

class Db;

struct ContactMessage {
  std::int64_t id = 0;
  std::string name, email, subject, message, message_type;
  std::optional<std::int64_t> user_id;
  bool is_read = false;
  std::int64_t created_at = 0;
};

class ContactStore {
 public:
  explicit ContactStore(Db& db) : db_(db) {}
  std::vector<ContactMessage> list();
  std::int64_t create(const ContactMessage& m, std::int64_t now);
  void set_read(std::int64_t id, bool read, std::int64_t now);  // NotFound
  void remove(std::int64_t id);               // NotFound
  // Retention: deletes messages created before `cutoff`, at most `batch` rows.
  std::int64_t delete_older_than(std::int64_t cutoff, int batch);

 private:
  Db& db_;
};

}  // namespace classroom
