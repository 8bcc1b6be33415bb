#pragma once
// The one door to the database: a pool of SOCI sessions for SQLite or PostgreSQL.
// Included only by storage/*.cpp; the rest of the server sees the stores' headers.
#include "domain/errors.hpp"
#include "util/metrics.hpp"

#include <soci/soci.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <optional>
#include <string>
#include <vector>

namespace classroom {

enum class Dialect { sqlite, postgresql };

struct DbUrl {
  Dialect dialect;
  std::string backend;     // SOCI backend name
  std::string connection;  // SOCI connect string
  std::string path;        // SQLite file (empty for PostgreSQL)
};
// "sqlite:PATH" or "postgresql://user@host:port/db"; throws std::invalid_argument.
DbUrl parse_db_url(const std::string& url);

enum class DbErrorKind { unique, exclusion, foreign_key, check, busy, connection, other };

class Db {
 public:
  Db(const std::string& url, std::size_t pool_size);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Ends what the connection leased by `thread` is waiting for: on PostgreSQL its socket
  // is shut down, so a call blocked in libpq (which has no client-side timeout: a network
  // that swallows packets while the peer's kernel keeps acknowledging them) fails at once
  // as a lost connection. False when that thread holds no connection, or on SQLite.
  bool interrupt(std::thread::id thread);
  // A safety net for the pool on PostgreSQL: from now on, a connection leased for longer
  // than `limit` (well past the statement timeout) is interrupted the same way, so a
  // stalled network cannot hold the pool's connections for ever. For serving, after the
  // migrations (which may rightly take long).
  void watch_leases(std::chrono::seconds limit);

  Dialect dialect() const { return url_.dialect; }
  bool is_sqlite() const { return url_.dialect == Dialect::sqlite; }

  // Runs f(session) on a pooled session. A lost connection becomes Unavailable (503,
  // the session reconnects on its next use), a unique violation Conflict; other
  // database errors are logged and become a 500 without leaking the database's text.
  template <class F>
  auto run(F&& f) -> decltype(f(std::declval<soci::session&>())) {
    return timed(reads_, [&](Lease& lease) { return f(lease.session()); });
  }

  // Reads the rows of `select` a page at a time in the order of a key, so that no driver
  // holds a large table at once (libpq keeps a whole result in memory: 100,000 rows are
  // 20 MB). `select` ends in "WHERE key > :a ORDER BY key"; read(row) takes a row and
  // returns its key.
  template <class Key, class Read>
  void each_page(const std::string& select, Key after, Read read, std::size_t page = 5000) {
    for (std::size_t got = page; got == page;) {
      got = 0;
      run([&](soci::session& s) {
        soci::rowset<soci::row> rs = (s.prepare << select + " LIMIT " + std::to_string(page), soci::use(after));
        for (const auto& r : rs) {
          after = read(r);
          ++got;
        }
      });
    }
  }

  // Runs f(session) inside a write transaction (SQLite: BEGIN IMMEDIATE, so a
  // check-then-insert cannot interleave with another writer).
  template <class F>
  auto write(F&& f) -> decltype(f(std::declval<soci::session&>())) {
    return timed(writes_, [&](Lease& lease) { return transaction(lease.session(), f); });
  }

  // What a caller keeps with a pooled connection from one write to the next: prepared
  // statements, which on SQLite cost more to parse than a short write costs to run.
  struct Kept {
    virtual ~Kept() = default;
  };
  // write() for f(session, kept): `kept` is the T made from this connection's session
  // at its first such write (a connection keeps one; asking for another type replaces
  // it). It is dropped when a write with it fails and before the connection reconnects
  // or closes, so a statement never outlives its connection. SQLite only: on PostgreSQL
  // it lasts one write, as a server-side prepared statement kept past its transaction
  // is lost behind a transaction-mode pooler (PgBouncer).
  template <class T, class F>
  void write_keeping(F&& f) {
    static_assert(std::is_base_of_v<Kept, T>);
    timed(writes_, [&](Lease& lease) {
      auto& s = lease.session();
      auto& kept = lease.kept();
      auto* mine = dynamic_cast<T*>(kept.get());
      if (!mine) kept = std::unique_ptr<Kept>(mine = new T(s));
      try {
        transaction(s, [&](soci::session&) { f(s, *mine); });
      } catch (...) {
        kept.reset();
        throw;
      }
      if (!is_sqlite()) kept.reset();
    });
  }

  // How long run() and write() calls take, a pooled connection's wait included.
  const Histogram& read_latency() const { return reads_; }
  const Histogram& write_latency() const { return writes_; }

  static DbErrorKind classify(const soci::soci_error& e);
  bool ping();
  // The rows in one of our tables (a name from the code, never from a request).
  std::size_t count_rows(std::string_view table);
  void migrate();

 private:
  class Lease;
  template <class F>
  auto timed(Histogram& h, F&& f) -> decltype(f(std::declval<Lease&>())) {
    struct Observe {
      Histogram& h;
      std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
      ~Observe() { h.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()); }
    } observe{h};
    Lease lease(*this);
    try {
      return f(lease);
    } catch (const soci::soci_error& e) {
      lease.fail(e);
      throw;  // not reached: fail() throws
    }
  }

  template <class F>
  auto transaction(soci::session& s, F&& f) -> decltype(f(s)) {
    s << (is_sqlite() ? "BEGIN IMMEDIATE" : "BEGIN");
    try {
      if constexpr (std::is_void_v<decltype(f(s))>) {
        f(s);
        s << "COMMIT";
      } else {
        auto r = f(s);
        s << "COMMIT";
        return r;
      }
    } catch (...) {
      try { s << "ROLLBACK"; } catch (...) {}
      throw;
    }
  }

  struct Slot {
    std::unique_ptr<soci::session> session;
    std::unique_ptr<Kept> kept;  // after the session: destroyed before it
    bool broken = false;
    std::thread::id leased_by;  // none while free
    std::chrono::steady_clock::time_point leased_at;
  };
  static bool shut_down(Slot& s);
  class Lease {
   public:
    explicit Lease(Db& db);
    ~Lease();
    soci::session& session() { return *db_.slots_[index_].session; }
    std::unique_ptr<Kept>& kept() { return db_.slots_[index_].kept; }
    [[noreturn]] void fail(const soci::soci_error& e);

   private:
    Db& db_;
    std::size_t index_;
  };
  void open_slot(Slot& s);

  DbUrl url_;
  std::vector<Slot> slots_;
  std::vector<std::size_t> free_;
  std::thread watchdog_;
  bool watch_stop_ = false;
  std::condition_variable watch_cv_;
  std::mutex mu_;
  std::condition_variable cv_;
  Histogram reads_, writes_;
};

// Tolerant readers for soci::row: SQLite and PostgreSQL report column types differently.
std::int64_t row_i64(const soci::row& r, std::size_t i);
std::optional<std::int64_t> row_opt_i64(const soci::row& r, std::size_t i);
std::string row_str(const soci::row& r, std::size_t i);
std::optional<double> row_opt_double(const soci::row& r, std::size_t i);
inline bool row_bool(const soci::row& r, std::size_t i) { return row_i64(r, i) != 0; }

}  // namespace classroom
