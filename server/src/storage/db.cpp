#include "storage/db.hpp"

#include <boost/url/parse.hpp>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <mutex>
#include <stdexcept>

namespace classroom {

namespace {

// SOCI rewrites its connect string as key=value pairs, which mangles a libpq URI:
// hand it libpq's keyword form instead.
std::string pg_keywords(const std::string& url) {
  auto u = boost::urls::parse_uri(url);
  if (!u) throw std::invalid_argument("malformed PostgreSQL URL");
  auto quote = [](std::string v) {
    std::string out = "'";
    for (char c : v) out += (c == '\\' || c == '\'') ? std::string("\\") + c : std::string(1, c);
    return out + "'";
  };
  std::string out;
  auto add = [&](const char* key, const std::string& value) {
    if (!value.empty()) out += std::string(out.empty() ? "" : " ") + key + "=" + quote(value);
  };
  add("host", u->host());
  add("port", u->port());
  add("user", u->user());
  add("password", u->password());
  auto path = u->path();
  add("dbname", path.size() > 1 ? path.substr(1) : "");
  bool has_options = false;
  std::vector<std::string> given;
  for (auto p : u->params()) {
    add(p.key.c_str(), p.value);
    given.push_back(p.key);
    has_options = has_options || p.key == "options";
  }
  // A server that stops answering (packets dropped, not refused) must look like an
  // outage within seconds, not after the kernel's minutes: bound connect, idle
  // connections and statements unless the URL says otherwise.
  static const std::pair<const char*, const char*> defaults[] = {
      {"connect_timeout", "5"},   {"keepalives", "1"},       {"keepalives_idle", "10"},
      {"keepalives_interval", "5"}, {"keepalives_count", "3"}, {"tcp_user_timeout", "10000"}};
  for (auto [key, value] : defaults)
    if (std::find(given.begin(), given.end(), key) == given.end()) add(key, value);
  if (!has_options) add("options", "-c statement_timeout=15000");
  return out;
}

}  // namespace

DbUrl parse_db_url(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);  // sqlite://PATH
    if (path.empty()) throw std::invalid_argument("sqlite URL needs a path: sqlite:PATH");
    // timeout: seconds SQLite waits for another writer before giving up.
    return {Dialect::sqlite, "sqlite3", "db=\"" + path + "\" timeout=10", path};
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0)
    return {Dialect::postgresql, "postgresql", pg_keywords(url), ""};
  throw std::invalid_argument("database URL must start with sqlite: or postgresql://");
}

Db::Db(const std::string& url, std::size_t pool_size) : url_(parse_db_url(url)) {
  if (pool_size == 0) pool_size = 1;
  if (url_.dialect == Dialect::sqlite) {
    // A connection is only ever used under its lease, by one thread at a time: SQLite's
    // own per-call locking (serialized mode) is a mutex round trip for every column read.
    // Only possible before SQLite's first use in the process; refused (and harmless) after.
    static std::once_flag multithread;
    std::call_once(multithread, [] { sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD); });
    auto parent = std::filesystem::path(url_.path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
  }
  slots_.resize(pool_size);
  for (std::size_t i = 0; i < pool_size; ++i) {
    open_slot(slots_[i]);
    free_.push_back(i);
  }
}

Db::~Db() {
  {
    std::lock_guard g(mu_);
    watch_stop_ = true;
  }
  watch_cv_.notify_all();
  if (watchdog_.joinable()) watchdog_.join();
}

void Db::watch_leases(std::chrono::seconds limit) {
  if (is_sqlite() || watchdog_.joinable()) return;
  watchdog_ = std::thread([this, limit] {
    std::unique_lock lock(mu_);
    while (!watch_cv_.wait_for(lock, std::chrono::seconds(1), [&] { return watch_stop_; })) {
      auto now = std::chrono::steady_clock::now();
      for (auto& slot : slots_)
        if (slot.leased_by != std::thread::id{} && now - slot.leased_at > limit && shut_down(slot))
          spdlog::warn("event=db_lease_interrupted held_s={}",
                       std::chrono::duration_cast<std::chrono::seconds>(now - slot.leased_at).count());
    }
  });
}

void Db::open_slot(Slot& s) {
  s.session = std::make_unique<soci::session>(url_.backend, url_.connection);
  if (url_.dialect == Dialect::sqlite) {
    *s.session << "PRAGMA journal_mode=WAL";
    *s.session << "PRAGMA synchronous=FULL";  // a commit is on disk before the node hears 200
    *s.session << "PRAGMA foreign_keys=ON";
    // 20 pooled connections × SQLite's default 2 MiB page cache would dominate RSS;
    // lookups here go by index and the OS page cache holds the file anyway.
    *s.session << "PRAGMA cache_size=-512";
    // A batch's multi-row statements need statement journals; on disk each was a temp
    // file created, unlinked and closed per statement.
    *s.session << "PRAGMA temp_store=MEMORY";
  } else {
    *s.session << "SET client_min_messages TO WARNING";
  }
  s.broken = false;
}

Db::Lease::Lease(Db& db) : db_(db) {
  std::unique_lock lock(db_.mu_);
  if (!db_.cv_.wait_for(lock, std::chrono::seconds(10), [&] { return !db_.free_.empty(); }))
    throw Unavailable("All database connections are busy", 2);
  index_ = db_.free_.back();
  db_.free_.pop_back();
  db_.slots_[index_].leased_by = std::this_thread::get_id();
  db_.slots_[index_].leased_at = std::chrono::steady_clock::now();
  lock.unlock();
  auto& slot = db_.slots_[index_];
  if (slot.broken) {
    slot.kept.reset();  // its statements belong to the connection that broke
    try {
      slot.session->reconnect();
      slot.broken = false;
      spdlog::info("event=db_reconnected");
    } catch (const std::exception&) {
      std::lock_guard g(db_.mu_);
      db_.slots_[index_].leased_by = {};
      db_.free_.push_back(index_);
      db_.cv_.notify_one();
      throw Unavailable("Database unavailable", 5);
    }
  }
}

Db::Lease::~Lease() {
  std::lock_guard g(db_.mu_);
  db_.slots_[index_].leased_by = {};
  db_.free_.push_back(index_);
  db_.cv_.notify_one();
}

void Db::Lease::fail(const soci::soci_error& e) {
  auto kind = classify(e);
  auto& slot = db_.slots_[index_];
  switch (kind) {
    case DbErrorKind::unique:
      throw Conflict("Already exists", "A record with the same unique value already exists");
    case DbErrorKind::exclusion:
      throw Conflict("Time slot already booked", "The room is already booked at that time");
    case DbErrorKind::foreign_key:
      throw Conflict("In use", "The record is referenced by other records");
    case DbErrorKind::check:
      throw BadRequest("", "A value is outside its allowed range");
    case DbErrorKind::busy:
      throw Unavailable("Database busy", 1);
    case DbErrorKind::connection:
      slot.broken = true;
      spdlog::warn("event=db_connection_lost");
      throw Unavailable("Database unavailable", 5);
    case DbErrorKind::other:
      break;
  }
  // Unknown failure: if the connection died underneath, treat it as an outage.
  if (db_.url_.dialect == Dialect::postgresql) {
    bool alive = false;
    try {
      int one = 0;
      slot.session->once << "SELECT 1", soci::into(one);
      alive = one == 1;
    } catch (...) {
    }
    if (!alive) {
      slot.broken = true;
      spdlog::warn("event=db_connection_lost");
      throw Unavailable("Database unavailable", 5);
    }
  }
  spdlog::error("event=db_error what=\"{}\"", e.get_error_message());
  throw HttpError(500, "Internal error", "The database failed to answer");
}

bool Db::interrupt(std::thread::id thread) {
  if (is_sqlite()) return false;
  std::lock_guard g(mu_);
  for (auto& slot : slots_)
    if (slot.leased_by == thread) return shut_down(slot);
  return false;
}

// PostgreSQL only: the blocked libpq call wakes with an error, the slot reconnects on
// its next lease.
bool Db::shut_down(Slot& slot) {
  auto* backend = static_cast<soci::postgresql_session_backend*>(slot.session->get_backend());
  int fd = backend && backend->conn_ ? PQsocket(backend->conn_) : -1;
  if (fd < 0) return false;
  return ::shutdown(fd, SHUT_RDWR) == 0;
}

DbErrorKind Db::classify(const soci::soci_error& e) {
  if (auto* s = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    switch (s->result() & 0xff) {
      case SQLITE_CONSTRAINT: {
        std::string m = e.get_error_message();
        if (m.find("FOREIGN KEY") != std::string::npos) return DbErrorKind::foreign_key;
        if (m.find("CHECK") != std::string::npos) return DbErrorKind::check;
        return DbErrorKind::unique;
      }
      case SQLITE_BUSY:
      case SQLITE_LOCKED: return DbErrorKind::busy;
      default: return DbErrorKind::other;
    }
  }
  if (auto* p = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    auto state = p->sqlstate();
    if (state == "23505") return DbErrorKind::unique;
    if (state == "23P01") return DbErrorKind::exclusion;
    if (state == "23503") return DbErrorKind::foreign_key;
    if (state == "23514") return DbErrorKind::check;
    if (state.rfind("08", 0) == 0 || state.rfind("57P", 0) == 0) return DbErrorKind::connection;
    return DbErrorKind::other;
  }
  return DbErrorKind::other;
}

std::size_t Db::count_rows(std::string_view table) {
  return run([&](soci::session& s) {
    long long n = 0;
    s << "SELECT COUNT(*) FROM " + std::string(table), soci::into(n);
    return static_cast<std::size_t>(n);
  });
}

bool Db::ping() {
  try {
    return run([](soci::session& s) {
      int one = 0;
      s << "SELECT 1", soci::into(one);
      return one == 1;
    });
  } catch (...) {
    return false;
  }
}

namespace {
bool is_null(const soci::row& r, std::size_t i) { return r.get_indicator(i) == soci::i_null; }
}  // namespace

std::int64_t row_i64(const soci::row& r, std::size_t i) {
  if (is_null(r, i)) return 0;
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_integer: return r.get<int>(i);
    case soci::dt_long_long: return r.get<long long>(i);
    case soci::dt_unsigned_long_long: return static_cast<std::int64_t>(r.get<unsigned long long>(i));
    case soci::dt_double: return std::llround(r.get<double>(i));
    case soci::dt_string: return std::stoll(r.get<std::string>(i));
    default: throw std::runtime_error("column is not a number");
  }
}

std::optional<std::int64_t> row_opt_i64(const soci::row& r, std::size_t i) {
  if (is_null(r, i)) return std::nullopt;
  return row_i64(r, i);
}

std::string row_str(const soci::row& r, std::size_t i) {
  if (is_null(r, i)) return {};
  if (r.get_properties(i).get_data_type() == soci::dt_string) return r.get<std::string>(i);
  return std::to_string(row_i64(r, i));
}

std::optional<double> row_opt_double(const soci::row& r, std::size_t i) {
  if (is_null(r, i)) return std::nullopt;
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_double: return r.get<double>(i);
    case soci::dt_string: return std::stod(r.get<std::string>(i));
    default: return static_cast<double>(row_i64(r, i));
  }
}

}  // namespace classroom
