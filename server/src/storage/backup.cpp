#include "storage/backup.hpp"

#include "storage/db.hpp"

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

namespace classroom {

namespace fs = std::filesystem;

namespace {

using Sqlite = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;

Sqlite open_sqlite(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Sqlite db(raw, &sqlite3_close);
  if (rc != SQLITE_OK) throw std::runtime_error("cannot open " + path + ": " + sqlite3_errstr(rc));
  sqlite3_busy_timeout(db.get(), 10000);
  return db;
}

// Tables in the database (SQLite's own excluded); -1 when it is not a SQLite file.
int sqlite_tables(sqlite3* db) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                         -1, &st, nullptr) != SQLITE_OK)
    return -1;
  int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
  sqlite3_finalize(st);
  return n;
}

bool has_table(sqlite3* db, const char* name) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", -1, &st, nullptr) != SQLITE_OK)
    return false;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  bool found = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  return found;
}

// The whole of `from` into `to` in one step: one read transaction on `from`, so the
// copy is of one moment even while the server writes (WAL lets it go on meanwhile).
void sqlite_copy(sqlite3* from, sqlite3* to, const std::string& what) {
  for (int attempt = 0;; ++attempt) {
    sqlite3_backup* b = sqlite3_backup_init(to, "main", from, "main");
    if (!b) throw std::runtime_error(what + ": " + sqlite3_errmsg(to));
    int rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (rc == SQLITE_DONE) return;
    if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && attempt < 50) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    throw std::runtime_error(what + ": " + sqlite3_errstr(rc) +
                             (rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? " (is a classroomd still using it?)" : ""));
  }
}

// Runs a database tool (no shell); its messages go to our standard error.
void run_tool(const std::vector<std::string>& args) {
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("cannot start " + args[0]);
  if (pid == 0) {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    dup2(2, 1);  // our standard output is the command's own answer
    execvp(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) throw std::runtime_error(args[0] + " not found (install postgresql-client)");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw std::runtime_error(args[0] + " failed (see its message above)");
}

std::string partial_name(const std::string& out) { return out + ".partial"; }

void refuse_existing(const std::string& out) {
  if (fs::exists(out)) throw std::runtime_error(out + " exists already: choose a new file");
  fs::remove(partial_name(out));
}

std::uintmax_t finish(const std::string& out) {
  fs::rename(partial_name(out), out);
  return fs::file_size(out);
}

std::uintmax_t backup_sqlite(const DbUrl& db, const std::string& out) {
  if (!fs::exists(db.path)) throw std::runtime_error("no database at " + db.path);
  auto from = open_sqlite(db.path, SQLITE_OPEN_READONLY);
  if (sqlite_tables(from.get()) < 0) throw std::runtime_error(db.path + " is not a SQLite database");
  {
    auto to = open_sqlite(partial_name(out), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    try {
      sqlite_copy(from.get(), to.get(), "backup of " + db.path);
      // The copy takes the server's WAL mode along; a backup is one self-contained file.
      sqlite3_exec(to.get(), "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
    } catch (...) {
      to.reset();
      fs::remove(partial_name(out));
      throw;
    }
  }
  return finish(out);
}

void restore_sqlite(const DbUrl& db, const std::string& in, bool force) {
  auto from = open_sqlite(in, SQLITE_OPEN_READONLY);
  if (sqlite_tables(from.get()) < 0 || !has_table(from.get(), "schema_migrations"))
    throw std::runtime_error(in + " is not a classroomd SQLite backup");
  auto parent = fs::path(db.path).parent_path();
  if (!parent.empty()) fs::create_directories(parent);
  auto to = open_sqlite(db.path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int tables = sqlite_tables(to.get());
  if (tables < 0) throw std::runtime_error(db.path + " is not a SQLite database");
  if (tables > 0 && !force)
    throw std::runtime_error(db.path + " is not empty (" + std::to_string(tables) +
                             " tables): pass --force to replace its content");
  sqlite_copy(from.get(), to.get(), "restore into " + db.path);
}

int postgres_tables(const DbUrl& db) {
  soci::session s(db.backend, db.connection);
  int n = 0;
  s << "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'", soci::into(n);
  return n;
}

std::uintmax_t backup_postgres(const std::string& url, const std::string& out) {
  try {
    run_tool({"pg_dump", "--format=custom", "--no-owner", "--file=" + partial_name(out), "--dbname=" + url});
  } catch (...) {
    fs::remove(partial_name(out));
    throw;
  }
  return finish(out);
}

void restore_postgres(const std::string& url, const DbUrl& db, const std::string& in, bool force) {
  if (!fs::exists(in)) throw std::runtime_error("no backup at " + in);
  try {
    run_tool({"pg_restore", "--list", "--file=/dev/null", in});
  } catch (const std::runtime_error&) {
    throw std::runtime_error(in + " is not a classroomd PostgreSQL backup (pg_dump --format=custom)");
  }
  int tables = postgres_tables(db);
  if (tables > 0 && !force)
    throw std::runtime_error("the database is not empty (" + std::to_string(tables) +
                             " tables): pass --force to replace its content");
  if (tables > 0) {
    soci::session s(db.backend, db.connection);
    s << "SET client_min_messages TO WARNING";
    s << "DROP SCHEMA public CASCADE";
    s << "CREATE SCHEMA public";
  }
  run_tool({"pg_restore", "--no-owner", "--exit-on-error", "--single-transaction", "--dbname=" + url, in});
}

}  // namespace

std::uintmax_t backup_database(const std::string& url, const std::string& out) {
  auto db = parse_db_url(url);
  refuse_existing(out);
  return db.dialect == Dialect::sqlite ? backup_sqlite(db, out) : backup_postgres(url, out);
}

void restore_database(const std::string& url, const std::string& in, bool force) {
  auto db = parse_db_url(url);
  if (db.dialect == Dialect::sqlite) {
    if (!fs::exists(in)) throw std::runtime_error("no backup at " + in);
    restore_sqlite(db, in, force);
  } else {
    restore_postgres(url, db, in, force);
  }
}

}  // namespace classroom
