// Db::write_keeping on a real SQLite file: what a writer keeps with a pooled connection
// (its prepared statements) lives from one write to the next, and goes with a failure.
#include "storage/db.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

using namespace classroom;

namespace {

// One prepared insert, kept; counts how often one is made and dropped.
struct Insert : Db::Kept {
  static inline int made = 0, dropped = 0;
  explicit Insert(soci::session& s) : statement((s.prepare << "INSERT INTO t (v) VALUES (:v)", soci::use(v))) {
    ++made;
  }
  ~Insert() override { ++dropped; }
  int v = 0;
  soci::statement statement;
};

class DbKeep : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string t = "/tmp/db-keep-test-XXXXXX";
    dir_ = mkdtemp(t.data());
    db_ = std::make_unique<Db>("sqlite:" + dir_ + "/t.db", 1);  // one connection: every write on it
    db_->run([](soci::session& s) { s << "CREATE TABLE t (v INTEGER NOT NULL UNIQUE)"; });
    Insert::made = Insert::dropped = 0;
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  void insert(int v) {
    db_->write_keeping<Insert>([&](soci::session&, Insert& in) {
      in.v = v;
      in.statement.execute(true);
    });
  }
  long long rows() {
    return db_->run([](soci::session& s) {
      long long n = 0;
      s << "SELECT COUNT(*) FROM t", soci::into(n);
      return n;
    });
  }
  std::string dir_;
  std::unique_ptr<Db> db_;
};

}  // namespace

TEST_F(DbKeep, AStatementIsPreparedOnceAndRunInEveryLaterWrite) {
  for (int v = 1; v <= 3; ++v) insert(v);
  EXPECT_EQ(rows(), 3);
  EXPECT_EQ(Insert::made, 1);
  EXPECT_EQ(Insert::dropped, 0);
}

TEST_F(DbKeep, AWriteTheDatabaseRefusesRollsBackAndDropsWhatWasKept) {
  insert(1);
  EXPECT_THROW(insert(1), Conflict);  // the unique value again
  EXPECT_EQ(Insert::dropped, 1);
  insert(2);  // a new statement on the same connection
  EXPECT_EQ(Insert::made, 2);
  EXPECT_EQ(rows(), 2);
}

TEST_F(DbKeep, AFailureOfTheCallersOwnRollsBackItsWritesToo) {
  insert(1);
  EXPECT_THROW(db_->write_keeping<Insert>([](soci::session&, Insert& in) {
    in.v = 2;
    in.statement.execute(true);
    throw std::runtime_error("the caller gives up");
  }), std::runtime_error);
  EXPECT_EQ(rows(), 1);
  EXPECT_EQ(Insert::dropped, 1);
  insert(2);
  EXPECT_EQ(rows(), 2);
}

TEST_F(DbKeep, WhatIsKeptIsDroppedWithTheDb) {
  insert(1);
  db_.reset();  // the pool closes its connections; the kept statement goes with them
  EXPECT_EQ(Insert::dropped, 1);
}
