#pragma once
// Test harness: the real classroomd binary on a free port, a real PostgreSQL
// cluster in a temporary directory, and small HTTP and WebSocket clients.
#include <boost/json.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace testing_support {

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::vector<std::string> set_cookies;         // every Set-Cookie value, in order
  std::string body;
  boost::json::value json() const;  // null when the body is not JSON
  std::string error() const;        // the "error" member, or ""
};

struct Header {
  std::string name, value;
};

// One request on a fresh connection (or raw bytes, for malformed-request tests).
HttpResult http(int port, const std::string& method, const std::string& target, const std::string& body = "",
                const std::vector<Header>& headers = {});
HttpResult http_json(int port, const std::string& method, const std::string& target, const boost::json::value& body,
                     const std::string& token = "");
std::string raw_exchange(int port, const std::string& bytes);

// A WebSocket client that collects text messages.
class WsClient {
 public:
  // Throws on a refused upgrade. `protocols`: the Sec-WebSocket-Protocol offered.
  WsClient(int port, const std::string& target, const std::string& protocols = "");
  ~WsClient();
  // The subprotocol the server chose ("" for none).
  const std::string& protocol() const { return protocol_; }
  // Waits until a message containing `needle` arrives; nullopt after `timeout` or
  // when the server closed the connection (see closed()).
  std::optional<std::string> wait_for(const std::string& needle, std::chrono::milliseconds timeout);
  // True once the server has closed the connection; waits up to `timeout` for it.
  bool closed_within(std::chrono::milliseconds timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string protocol_;
};

// A classroomd process. Args are appended to `serve --listen 127.0.0.1:0 ...`; a
// `--var-dir` among them replaces the server's own temporary one (to restart on it).
// `binary` is today's classroomd unless a test runs another release.
class Server {
 public:
  Server(std::string db_url, std::vector<std::string> extra_args = {}, std::string binary = CLASSROOMD_BIN);
  ~Server();
  Server(const Server&) = delete;
  int port() const { return port_; }
  std::string log() const;
  // SIGTERM and wait; returns the exit status.
  int stop();
  // SIGKILL: a crash, nothing flushed.
  void kill_hard();
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  int pid_ = -1;
  int port_ = 0;
};

// Every server the tests start runs on one pinned campus clock: "now" is kTestEpoch
// plus the time since this test process started, whatever the real date is. Tests
// that book fixed dates stay valid forever; a test's own `--clock-offset N` moves
// that server N seconds further.
inline constexpr std::int64_t kTestEpoch = 1796040000;  // 2026-11-30T12:00:00Z, a Monday
// What the servers take for now (unix seconds).
std::int64_t now();
// The offset that turns the real clock into the pinned one.
std::int64_t clock_offset_s();

// "2027-03-10T09:00:00Z"
std::string iso_utc(std::int64_t unix_seconds);

// A new directory /tmp/<prefix>-XXXXXX, removed with everything in it when the process ends.
std::string make_temp_dir(const std::string& prefix);
// Runs a shell command; returns its exit status.
int run(const std::string& command);
// `s` as one single-quoted shell word.
std::string quote(const std::string& s);
// Starts a helper process (argv[0] a path) with its stderr appended to `stderr_log`,
// waits up to 20 s for a port number in `port_file` and returns it with the pid; throws
// `what` + " did not start" when none came.
struct Started {
  int pid = -1, port = 0;
};
Started start_with_port_file(std::vector<std::string> args, const std::string& stderr_log,
                             const std::string& port_file, const std::string& what);
// A TCP port on 127.0.0.1 that was free a moment ago.
int free_port();
// Creates an account with the CLI (as `classroomd user add`).
void add_user(const std::string& db_url, const std::string& username, const std::string& password,
              const std::string& role);
std::string login(int port, const std::string& username, const std::string& password);

// One PostgreSQL 15 cluster for the whole test process, started on first use.
class Postgres {
 public:
  static Postgres& instance();
  // A fresh, empty database on the cluster; its URL.
  std::string create_database();
  void stop();
  void start();
  int port() const { return port_; }

 private:
  Postgres();
  ~Postgres();
  std::string dir_;
  int port_ = 0;
  int counter_ = 0;
};

// Runs one SQL statement with the database's own client (sqlite3 or psql) and
// returns its output, trimmed: for checking what the API does not show.
std::string sql(const std::string& db_url, const std::string& statement);
// The same with the client's error messages in the output (for checking a refusal's cause).
std::string sql_with_errors(const std::string& db_url, const std::string& statement);

// "sqlite" or "postgresql": a fresh database URL of that kind.
std::string fresh_db(const std::string& backend);

inline const std::string kAdminPassword = "admin-password-1";
inline const std::string kStaffPassword = "staff-password-1";
inline const std::string kJwtSecret = "test-secret-test-secret-test-secret-0123456789";

}  // namespace testing_support
