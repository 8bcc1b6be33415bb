#pragma once
// Teaching terms and their closed ranges (domain/terms.hpp decides what they mean).
#include "domain/terms.hpp"

#include <cstdint>
#include <vector>

namespace classroom {

class Db;

class TermStore {
 public:
  explicit TermStore(Db& db) : db_(db) {}
  std::vector<Term> list();                                         // by first day
  Term create(const Term& t, std::int64_t now);                     // Conflict on a taken name
  Term update(std::int64_t id, const Term& t, std::int64_t now);    // replaces it all; NotFound, Conflict
  void remove(std::int64_t id);                                     // NotFound

 private:
  Db& db_;
};

}  // namespace classroom
