#include "harness.hpp"

#include <boost/asio.hpp>
#include <boost/beast.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <unistd.h>
#include <sys/wait.h>

#ifndef CLASSROOMD_BIN
#define CLASSROOMD_BIN "classroomd"
#endif

namespace testing_support {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http_ = beast::http;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = asio::ip::tcp;

json::value HttpResult::json() const {
  boost::system::error_code ec;
  auto v = json::parse(body, ec);
  return ec ? json::value(nullptr) : v;
}

std::string HttpResult::error() const {
  auto v = json();
  if (v.is_object())
    if (auto* e = v.as_object().if_contains("error"); e && e->is_string()) return std::string(e->as_string());
  return {};
}

HttpResult http(int port, const std::string& method, const std::string& target, const std::string& body,
                const std::vector<Header>& headers) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(std::chrono::seconds(30));
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  http_::request<http_::string_body> req{http_::string_to_verb(method), target, 11};
  req.set(http_::field::host, "127.0.0.1");
  for (const auto& h : headers) req.set(h.name, h.value);
  if (!body.empty() || method == "POST" || method == "PUT") {
    req.body() = body;
    if (req[http_::field::content_type].empty()) req.set(http_::field::content_type, "application/json");
  }
  req.prepare_payload();
  // A server that refuses a body (413) may answer and stop reading before it all went:
  // the answer is still there to read.
  beast::error_code wec;
  http_::write(stream, req, wec);
  if (wec && wec != asio::error::broken_pipe && wec != asio::error::connection_reset) throw beast::system_error(wec);
  beast::flat_buffer buffer;
  http_::response_parser<http_::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  http_::read(stream, buffer, parser);
  auto& res = parser.get();
  HttpResult out;
  out.status = res.result_int();
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(f.value());
    if (name == "set-cookie") out.set_cookies.emplace_back(f.value());
  }
  out.body = res.body();
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  return out;
}

HttpResult http_json(int port, const std::string& method, const std::string& target, const json::value& body,
                     const std::string& token) {
  std::vector<Header> headers;
  if (!token.empty()) headers.push_back({"Authorization", "Bearer " + token});
  return http(port, method, target, body.is_null() ? "" : json::serialize(body), headers);
}

std::string raw_exchange(int port, const std::string& bytes) {
  asio::io_context ioc;
  tcp::socket s(ioc);
  s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  asio::write(s, asio::buffer(bytes));
  s.shutdown(tcp::socket::shutdown_send);
  std::string out;
  char buf[4096];
  boost::system::error_code ec;
  for (;;) {
    auto n = s.read_some(asio::buffer(buf), ec);
    out.append(buf, n);
    if (ec) break;
  }
  return out;
}

struct WsClient::Impl {
  asio::io_context ioc;
  websocket::stream<beast::tcp_stream> ws{ioc};
};

WsClient::WsClient(int port, const std::string& target, const std::string& protocols)
    : impl_(std::make_unique<Impl>()) {
  auto& ws = impl_->ws;
  beast::get_lowest_layer(ws).connect(
      tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  if (!protocols.empty())
    ws.set_option(websocket::stream_base::decorator([protocols](websocket::request_type& req) {
      req.set(beast::http::field::sec_websocket_protocol, protocols);
    }));
  websocket::response_type res;
  ws.handshake(res, "127.0.0.1", target);
  protocol_ = std::string(res[beast::http::field::sec_websocket_protocol]);
}

WsClient::~WsClient() {
  beast::error_code ec;
  impl_->ws.close(websocket::close_code::normal, ec);
}

namespace {
struct WsRead {
  enum { message, closed, timeout } outcome;
  std::string text;
};
}  // namespace

// Synchronous Beast reads ignore the stream's deadline: read asynchronously and run the
// io_context only until the deadline.
static WsRead read_until(websocket::stream<beast::tcp_stream>& ws, asio::io_context& ioc,
                         std::chrono::steady_clock::time_point deadline) {
  beast::flat_buffer buffer;
  bool done = false;
  beast::error_code ec;
  ws.async_read(buffer, [&](beast::error_code e, std::size_t) {
    ec = e;
    done = true;
  });
  ioc.restart();
  ioc.run_until(deadline);
  if (!done) {
    beast::get_lowest_layer(ws).cancel();
    ioc.restart();
    ioc.run();
    return {WsRead::timeout, {}};
  }
  if (ec) return {WsRead::closed, {}};  // closed by the server (or the connection dropped)
  return {WsRead::message, beast::buffers_to_string(buffer.data())};
}

bool WsClient::closed_within(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto r = read_until(impl_->ws, impl_->ioc, deadline);
    if (r.outcome != WsRead::message) return r.outcome == WsRead::closed;
  }
}

std::optional<std::string> WsClient::wait_for(const std::string& needle, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto r = read_until(impl_->ws, impl_->ioc, deadline);
    if (r.outcome != WsRead::message) return std::nullopt;
    if (r.text.find(needle) != std::string::npos) return r.text;
  }
}

namespace {
// Every directory make_temp_dir made, removed when the test process ends. Made on the
// first call, so it outlives (and cleans up after) any static that makes one, such as the
// PostgreSQL cluster. CLASSROOM_KEEP_TEST_DIRS=1 keeps them for a look after a failure.
class TempDirs {
 public:
  void add(std::string dir) {
    std::lock_guard lock(mutex_);
    dirs_.push_back(std::move(dir));
  }
  ~TempDirs() {
    if (std::getenv("CLASSROOM_KEEP_TEST_DIRS")) return;
    for (const auto& dir : dirs_) {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> dirs_;
};
}  // namespace

std::string make_temp_dir(const std::string& prefix) {
  static TempDirs made;
  std::string tmpl = "/tmp/" + prefix + "-XXXXXX";
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  made.add(tmpl);
  return tmpl;
}

std::string iso_utc(std::int64_t unix_seconds) {
  std::time_t tt = unix_seconds;
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

int run(const std::string& command) {
  int rc = std::system(command.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

namespace {
std::int64_t real_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}
}  // namespace

std::int64_t clock_offset_s() {
  static const std::int64_t offset = kTestEpoch - real_now();
  return offset;
}

std::int64_t now() { return real_now() + clock_offset_s(); }

namespace {
// The extra arguments with the pinned clock's offset added to (or put in place of) the test's own.
std::vector<std::string> with_pinned_clock(std::vector<std::string> args) {
  std::int64_t extra = 0;
  for (auto it = args.begin(); it != args.end();) {
    if (*it == "--clock-offset" && std::next(it) != args.end()) {
      extra += std::stoll(*std::next(it));
      it = args.erase(it, it + 2);
    } else {
      ++it;
    }
  }
  args.push_back("--clock-offset");
  args.push_back(std::to_string(clock_offset_s() + extra));
  return args;
}

}  // namespace

Started start_with_port_file(std::vector<std::string> args, const std::string& stderr_log,
                             const std::string& port_file, const std::string& what) {
  Started out;
  out.pid = fork();
  if (out.pid == 0) {
    freopen(stderr_log.c_str(), "a", stderr);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(port_file);
    if (in >> out.port && out.port > 0) return out;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error(what + " did not start");
}

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

int free_port() {
  asio::io_context ioc;
  tcp::acceptor a(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return a.local_endpoint().port();
}

Server::Server(std::string db_url, std::vector<std::string> extra_args, std::string binary) {
  dir_ = make_temp_dir("classroomd");
  std::string port_file = dir_ + "/port";
  std::vector<std::string> args = {std::move(binary), "serve", "--listen", "127.0.0.1:0", "--db", db_url,
                                   "--port-file", port_file, "--jwt-secret", kJwtSecret};
  if (std::find(extra_args.begin(), extra_args.end(), "--var-dir") == extra_args.end()) {
    args.push_back("--var-dir");
    args.push_back(dir_ + "/var");
  }
  auto extra = with_pinned_clock(std::move(extra_args));
  args.insert(args.end(), extra.begin(), extra.end());
  pid_ = fork();
  if (pid_ == 0) {
    std::string log = dir_ + "/log";
    freopen(log.c_str(), "w", stdout);
    dup2(fileno(stdout), 2);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(port_file);
    if (in >> port_ && port_ > 0) return;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("classroomd exited at start-up:\n" + log());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("classroomd did not start:\n" + log());
}

Server::~Server() {
  stop();
  run("rm -rf " + quote(dir_));
}

int Server::stop() {
  if (pid_ <= 0) return 0;
  kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 300; ++i) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return -1;
}

void Server::kill_hard() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string Server::log() const {
  std::ifstream in(dir_ + "/log");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void add_user(const std::string& db_url, const std::string& username, const std::string& password,
              const std::string& role) {
  auto cmd = "printf '%s' " + quote(password) + " | " + CLASSROOMD_BIN + " user add --db " + quote(db_url) +
             " --username " + quote(username) + " --email " + quote(username + "@campus.test") + " --role " + role +
             " --password-stdin > /dev/null";
  if (run(cmd) != 0) throw std::runtime_error("user add failed for " + username);
}

std::string login(int port, const std::string& username, const std::string& password) {
  auto res = http_json(port, "POST", "/api/auth/login", json::object{{"username", username}, {"password", password}});
  if (res.status != 200) throw std::runtime_error("login failed: " + res.body);
  return std::string(res.json().at("access_token").as_string());
}

// --- PostgreSQL ------------------------------------------------------------

namespace {
const std::string kPgBin = "/usr/lib/postgresql/15/bin/";
const std::string kPgUser = "classroomtest";
std::string as_pg(const std::string& cmd) { return "runuser -u " + kPgUser + " -- " + cmd; }
}  // namespace

Postgres& Postgres::instance() {
  static Postgres pg;
  return pg;
}

Postgres::Postgres() {
  // PostgreSQL refuses to run as root: a system user owns the cluster.
  // Test processes run side by side: the look and the add are one step under a lock.
  if (run("flock /tmp/classroom-test-user.lock sh -c 'id -u " + kPgUser + " > /dev/null 2>&1 || useradd --system "
          "--no-create-home --shell /usr/sbin/nologin " + kPgUser + "'") != 0)
    throw std::runtime_error("cannot create the " + kPgUser + " user for PostgreSQL");
  dir_ = make_temp_dir("classroom-pg");
  if (run("chown " + kPgUser + " " + dir_ + " && chmod 755 " + dir_) != 0)
    throw std::runtime_error("cannot give " + dir_ + " to " + kPgUser);
  if (run(as_pg(kPgBin + "initdb -D " + dir_ + "/data -U app --auth=trust -E UTF8 --locale=C.UTF-8 > " + dir_ +
                "/initdb.log 2>&1")) != 0)
    throw std::runtime_error("initdb failed; see " + dir_ + "/initdb.log");
  port_ = free_port();
  start();
}

Postgres::~Postgres() {
  stop();
  run("rm -rf " + quote(dir_));
}

void Postgres::start() {
  auto opts = "-k " + dir_ + " -h 127.0.0.1 -p " + std::to_string(port_) + " -c fsync=off -c max_connections=300";
  if (run(as_pg(kPgBin + "pg_ctl -D " + dir_ + "/data -o \"" + opts + "\" -l " + dir_ + "/pg.log -w start > /dev/null")) != 0)
    throw std::runtime_error("pg_ctl start failed; see " + dir_ + "/pg.log");
}

void Postgres::stop() {
  run(as_pg(kPgBin + "pg_ctl -D " + dir_ + "/data -m fast -w stop > /dev/null 2>&1"));
}

std::string Postgres::create_database() {
  auto name = "t" + std::to_string(getpid()) + "_" + std::to_string(++counter_);
  if (run(kPgBin + "psql -q -h 127.0.0.1 -p " + std::to_string(port_) + " -U app -d postgres -c 'CREATE DATABASE " +
          name + "' > /dev/null") != 0)
    throw std::runtime_error("CREATE DATABASE failed");
  return "postgresql://app@127.0.0.1:" + std::to_string(port_) + "/" + name;
}

namespace {
std::string sql_command(const std::string& db_url, const std::string& statement) {
  if (db_url.rfind("sqlite:", 0) == 0) return "sqlite3 -cmd \".timeout 5000\" " + quote(db_url.substr(7)) + " " + quote(statement);
  return kPgBin + "psql -qtA " + quote(db_url) + " -c " + quote(statement);
}
std::string run_sql(const std::string& cmd);
}  // namespace

std::string sql(const std::string& db_url, const std::string& statement) { return run_sql(sql_command(db_url, statement)); }

std::string sql_with_errors(const std::string& db_url, const std::string& statement) {
  return run_sql(sql_command(db_url, statement) + " 2>&1");
}

namespace {
std::string run_sql(const std::string& cmd) {
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[4096];
    while (auto n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    pclose(p);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}
}  // namespace

std::string fresh_db(const std::string& backend) {
  if (backend == "postgresql") return Postgres::instance().create_database();
  static int n = 0;
  return "sqlite:" + make_temp_dir("classroom-sqlite") + "/db" + std::to_string(++n) + ".sqlite";
}

}  // namespace testing_support
