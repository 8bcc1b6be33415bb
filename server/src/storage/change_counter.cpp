#include "storage/change_counter.hpp"

#include "storage/db.hpp"

namespace classroom {

namespace {
const char* kBump = "UPDATE change_counter SET n = n + 1 WHERE id = 1 RETURNING n";
const char* kCurrent = "SELECT n FROM change_counter WHERE id = 1";
}  // namespace

std::int64_t ChangeCounter::bump() {
  return db_.run([](soci::session& s) -> std::int64_t {
    long long n = 0;
    s << kBump, soci::into(n);
    return n;
  });
}

std::int64_t ChangeCounter::current() {
  return db_.run([](soci::session& s) -> std::int64_t {
    long long n = 0;
    s << kCurrent, soci::into(n);
    return n;
  });
}

}  // namespace classroom
