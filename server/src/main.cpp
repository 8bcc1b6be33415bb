// classroomd: wiring only. config → storage → services → router → listener.
#include "app/demo.hpp"
#include "app/wiring.hpp"
#include "domain/time.hpp"
#include "present/timetable.hpp"
#include "auth/password.hpp"
#include "http/dispatcher.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "storage/backup.hpp"
#include "storage/db.hpp"
#include "util/log_format.hpp"

#include <CLI/CLI.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>

#include <fstream>
#include <iterator>
#include <iostream>
#include <malloc.h>
#include <sys/resource.h>

using namespace classroom;

namespace {

// Long-polling nodes hold a connection each: take all the descriptors we may.
void raise_fd_limit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
}

ServerOptions server_options(const Config& cfg) {
  ServerOptions o{parse_listen(cfg.listen), cfg.threads, cfg.body_limit, std::chrono::seconds(cfg.read_timeout_s)};
  o.max_connections = cfg.max_connections;
  o.path_body_limits.emplace_back("/api/admin/imports/timetable", static_cast<std::size_t>(cfg.import_max_mb) << 20);
  o.path_body_limits.emplace_back("/api/admin/firmware/images", static_cast<std::size_t>(cfg.firmware_max_mb) << 20);
  for (const auto& cidr : cfg.trusted_proxies) o.trusted_proxies.push_back(*parse_cidr(cidr));  // checked by CLI11
  return o;
}

int serve(const Config& cfg) {
  // Many threads each get their own malloc arena by default; two keep RSS low with
  // no measurable cost for this allocation pattern.
  mallopt(M_ARENA_MAX, 2);
  raise_fd_limit();
  Wiring w(cfg);
  // Loading the campus made and freed tens of MB of rows at 100,000 devices; give the
  // pages back rather than keep them as the process's high-water mark.
  malloc_trim(0);
  Router router;
  add_routes(router, w);
  boost::asio::thread_pool workers(static_cast<std::size_t>(cfg.workers));
  Dispatcher dispatcher(
      router, DispatchOptions{cfg.cors_origins, cfg.web_root, [&w] { w.reads.written(); }},
      [&w](const std::string& token) { return w.accounts.authenticate(token); },
      [&w](const Request& req) { return w.campus.authenticate(req.header("x-device-id"), req.header("x-api-key")); },
      [&workers](std::function<void()> job) { boost::asio::post(workers, std::move(job)); },
      [&w](const std::string& token) { return w.displays.room_of(token); });
  auto options = server_options(cfg);
  options.metrics = &w.metrics;
  options.on_shutdown = [&w] { w.campus.end_long_polls(); };
  HttpServer server(options, dispatcher, w.hub);
  auto port = server.bind();
  if (!cfg.port_file.empty()) std::ofstream(cfg.port_file) << port << "\n";
  spdlog::info("event=listening address={}:{} db={} timezone={}", parse_listen(cfg.listen).host, port,
               parse_db_url(cfg.db).dialect == Dialect::sqlite ? "sqlite" : "postgresql", cfg.timezone);
  w.start();
  server.run();
  w.stop();
  workers.join();
  spdlog::info("event=stopped");
  return 0;
}

// `classroomd import timetable`: the JSON the API answers, on stdout; exit 1 when the
// file had errors and nothing was written. A running server follows within a minute
// (it reloads the bookings every minute); the API route tells it at once.
int import_timetable(const Config& cfg, const std::string& path, const ImportOptions& options) {
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Db db(cfg.db, 1);
  db.migrate();
  TimetableStore store(db);
  TermStore terms(db);
  Clock clock(cfg.clock_offset_s);
  TimetableImportService imports(store, terms, clock, find_zone(cfg.timezone), booking_settings(cfg));
  auto report = imports.run(text, options, std::nullopt);
  std::cout << boost::json::serialize(import_report_json(report)) << "\n";
  return refused(report, options) ? 1 : 0;
}

std::string read_password_stdin() {
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"classroomd: the Smart Classroom Utilization Tracker server"};
  cli.set_version_flag("--version", CLASSROOM_VERSION);
  cli.require_subcommand(1);
  std::string log_level = "info";
  cli.add_option("--log-level", log_level, "trace, debug, info, warn, error")->envname("CLASSROOM_LOG_LEVEL");

  Config cfg;
  add_log_format_option(cli, cfg);
  auto* serve_cmd = cli.add_subcommand("serve", "Run the server (REST, WebSocket, web app, power rules)");
  bind_config(*serve_cmd, cfg);

  auto* user_cmd = cli.add_subcommand("user", "Manage accounts from the command line");
  user_cmd->require_subcommand(1);
  auto* add_cmd = user_cmd->add_subcommand("add", "Create an account (creates and migrates the database if needed)");
  std::string username, email, role = "staff";
  bool password_stdin = false;
  add_cmd->add_option("--db", cfg.db, "Database URL")->envname("CLASSROOM_DB")->capture_default_str();
  add_cmd->add_option("--username", username, "Login name")->envname("CLASSROOM_USERNAME")->required();
  add_cmd->add_option("--email", email, "E-mail address")->envname("CLASSROOM_EMAIL")->required();
  add_cmd->add_option("--role", role, "admin or staff")->envname("CLASSROOM_ROLE")->check(CLI::IsMember({"admin", "staff"}))->capture_default_str();
  add_cmd->add_flag("--password-stdin", password_stdin, "Read the password from standard input")->required();
  add_cmd->add_option("--var-dir", cfg.var_dir, "Directory for generated secrets")->envname("CLASSROOM_VAR_DIR");

  DemoOptions demo;
  auto* demo_cmd = cli.add_subcommand("seed-demo", "Fill an empty database with a demo campus (buildings, rooms, devices, accounts, weeks of history)");
  demo_cmd->add_option("--db", cfg.db, "Database URL")->envname("CLASSROOM_DB")->capture_default_str();
  demo_cmd->add_option("--var-dir", cfg.var_dir, "Where the demo's credentials are written")->envname("CLASSROOM_VAR_DIR")->capture_default_str();
  demo_cmd->add_option("--timezone", cfg.timezone, "Campus time zone")->envname("CLASSROOM_TIMEZONE")->capture_default_str();
  demo_cmd->add_option("--rooms", demo.rooms, "Number of rooms")->check(CLI::Range(1, 200000))->capture_default_str();
  demo_cmd->add_option("--history-weeks", demo.history_weeks, "Weeks of lived history: timetable, reports, power logs (0: none)")->check(CLI::Range(0, 52))->capture_default_str();
  demo_cmd->add_option("--raw-days", demo.raw_days, "Of the history, the most recent days kept as raw reports (older ones as hourly roll-ups)")->check(CLI::Range(0, 366))->capture_default_str();
  demo_cmd->add_option("--clock-offset", cfg.clock_offset_s, "Seconds added to the clock the history ends at")->envname("CLASSROOM_CLOCK_OFFSET");

  std::string backup_file;
  bool force = false;
  auto* backup_cmd = cli.add_subcommand("backup", "Copy the database to a file (SQLite: online, while the server runs; PostgreSQL: pg_dump)");
  backup_cmd->add_option("--db", cfg.db, "Database URL")->envname("CLASSROOM_DB")->capture_default_str();
  backup_cmd->add_option("--out", backup_file, "The backup file to write (must not exist)")->required();
  auto* restore_cmd = cli.add_subcommand("restore", "Load a backup into an empty database (stop the server first)");
  restore_cmd->add_option("--db", cfg.db, "Database URL")->envname("CLASSROOM_DB")->capture_default_str();
  restore_cmd->add_option("--in", backup_file, "The backup file")->required();
  restore_cmd->add_flag("--force", force, "Replace what the database holds");

  auto* import_cmd = cli.add_subcommand("import", "Import campus data from files");
  import_cmd->require_subcommand(1);
  auto* timetable_cmd = import_cmd->add_subcommand("timetable", "Import the registrar's timetable (CSV; README \"Campus set-up\"); prints the outcome as JSON");
  std::string timetable_file;
  ImportOptions import_options;
  timetable_cmd->add_option("--db", cfg.db, "Database URL")->envname("CLASSROOM_DB")->capture_default_str();
  timetable_cmd->add_option("--file", timetable_file, "The CSV file")->required()->check(CLI::ExistingFile);
  timetable_cmd->add_flag("--dry-run", import_options.dry_run, "Check the file and show what would change; write nothing");
  timetable_cmd->add_flag("--skip-errors", import_options.skip_errors, "Import the lines without errors, skip the others");
  timetable_cmd->add_option("--timezone", cfg.timezone, "Campus time zone")->envname("CLASSROOM_TIMEZONE")->capture_default_str();
  timetable_cmd->add_option("--holiday", cfg.holidays, "A date (YYYY-MM-DD) series skip (repeatable)")
      ->envname("CLASSROOM_HOLIDAYS")->delimiter(',')
      ->check(CLI::Validator([](std::string& v) { return parse_date(v).error; }, "YYYY-MM-DD"));
  timetable_cmd->add_option("--series-max", cfg.series_max, "Most occurrences in one series")->envname("CLASSROOM_SERIES_MAX")->capture_default_str();
  timetable_cmd->add_option("--booking-max-hours", cfg.booking_max_hours, "Longest booking in hours")->envname("CLASSROOM_BOOKING_MAX_HOURS")->capture_default_str();
  timetable_cmd->add_option("--booking-advance-days", cfg.booking_advance_days, "How many days ahead a booking may start")->envname("CLASSROOM_BOOKING_ADVANCE_DAYS")->capture_default_str();
  timetable_cmd->add_option("--clock-offset", cfg.clock_offset_s, "Seconds added to the clock (drills and demos)")->envname("CLASSROOM_CLOCK_OFFSET");

  CLI11_PARSE(cli, argc, argv);
  // The import's JSON owns stdout: its logs go to stderr.
  if (*timetable_cmd) spdlog::set_default_logger(spdlog::stderr_logger_mt("classroomd"));
  setup_logging(*parse_log_format(cfg.log_format), cfg.log_level != "info" ? cfg.log_level : log_level);

  try {
    if (*serve_cmd) return serve(cfg);
    if (*add_cmd) {
      std::string password = read_password_stdin();
      if (auto problem = password_problem(password); !problem.empty()) {
        std::cerr << "error: " << problem << "\n";
        return 2;
      }
      Db db(cfg.db, 1);
      db.migrate();
      User u;
      u.username = username;
      u.email = email;
      u.role = *parse_role(role);
      u.password_hash = hash_password(password);
      auto created = UserStore(db).create(u, unix_now());
      std::cout << "created " << role << " '" << created.username << "' (id " << created.id << ")\n";
      return 0;
    }
    if (*demo_cmd) return seed_demo(cfg, demo);
    if (*timetable_cmd) return import_timetable(cfg, timetable_file, import_options);
    if (*backup_cmd) {
      auto bytes = backup_database(cfg.db, backup_file);
      std::cout << "backup written to " << backup_file << " (" << bytes << " bytes)\n";
    }
    if (*restore_cmd) {
      restore_database(cfg.db, backup_file, force);
      std::cout << "restored " << backup_file << "; the next start migrates it if it is older\n";
    }
  } catch (const HttpError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
