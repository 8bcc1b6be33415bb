#pragma once
// One counter in the database, bumped with every change other instances must follow.
// Change notes carry it; an instance that finds the counter ahead of the notes it has
// seen lost one, and reloads.
#include <cstdint>

namespace classroom {

class Db;

class ChangeCounter {
 public:
  explicit ChangeCounter(Db& db) : db_(db) {}
  std::int64_t bump();     // the new value
  std::int64_t current();

 private:
  Db& db_;
};

}  // namespace classroom
