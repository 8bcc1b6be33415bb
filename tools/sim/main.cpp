// classroom-sim: a fleet of virtual classroom nodes, built from the firmware core,
// against one classroomd. Wiring only: options → identities → fleet → summary.
#include <CLI/CLI.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

#include "admin.hpp"
#include "devices.hpp"
#include "fleet.hpp"
#include "open_loop.hpp"

#include <sys/resource.h>

namespace asio = boost::asio;

namespace {

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every node holds sockets: take all the descriptors the hard limit allows.
void raise_file_limit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
}

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "classroom-sim: runs many virtual classroom nodes (the real firmware core) against a classroomd server.\n"
      "Each node has its own device id and key, a simulated room and sensor, and reports, buffers,\n"
      "retries and obeys power commands exactly as an ESP32 node does.\n\n"
      "Examples:\n"
      "  classroom-sim --server http://127.0.0.1:8080 --devices var/demo-devices.json --duration 0\n"
      "  classroom-sim --register 50 --admin-user admin --admin-password-file pw.txt --speed 60 --duration 120\n"
      "  classroom-sim --devices fleet.json --report-interval 10 --speed 10 --no-long-poll --connections 64 --quiet\n"
      "  classroom-sim --devices fleet.json --rate 5000 --duration 20 --connections 64    (open loop)\n"
      "  classroom-sim --devices fleet.json --backlog 3600 --ramp 0 --connections 10000  (reconnect storm)"};
  std::string server = "http://127.0.0.1:8080", devices_file, admin_user = "admin", admin_password_file;
  std::string device_prefix, save_devices, json_summary, scenario_name = "mixed";
  std::size_t register_count = 0, connections = 16;
  sim::FleetOptions opt;
  bool no_long_poll = false;
  std::vector<std::string> sources;
  sim::OpenLoopOptions open_loop;
  double rate = 0;
  int timeout_ms = 10000;

  app.add_option("--server", server, "server base URL (plain http)")->capture_default_str();
  auto* devices_opt = app.add_option("--devices", devices_file,
                                     "JSON file [{device_id, api_key, classroom_id, classroom_name}]")
                          ->check(CLI::ExistingFile);
  auto* reg = app.add_option("--register", register_count, "register N rooms and devices through the admin API first")
                  ->check(CLI::Range(1, 100000));
  reg->excludes(devices_opt);
  app.add_option("--admin-user", admin_user, "admin username for --register")->capture_default_str();
  app.add_option("--admin-password-file", admin_password_file, "file whose first line is the admin password")
      ->check(CLI::ExistingFile);
  app.add_option("--device-prefix", device_prefix, "device id prefix for --register (default: sim-<tag>)");
  app.add_option("--save-devices", save_devices, "write the registered identities to FILE (usable with --devices)");
  app.add_option("--scenario", scenario_name, "lecture, random, faults, outage, sensor-fault or mixed")
      ->check(CLI::IsMember({"lecture", "random", "faults", "outage", "sensor-fault", "mixed"}))
      ->capture_default_str();
  app.add_option("--speed", opt.speed, "simulated time runs X times faster than the wall clock")
      ->check(CLI::Range(0.1, 10000.0))
      ->capture_default_str();
  app.add_option("--duration", opt.duration_s, "stop after S wall-clock seconds (0: run until SIGINT/SIGTERM)")
      ->check(CLI::Range(0.0, 1e7))
      ->capture_default_str();
  app.add_option("--report-interval", opt.report_interval_s,
                 "report every S simulated seconds and ignore the server's next_report_s (default: 120, then the server's)")
      ->check(CLI::Range(10, 3600));
  app.add_option("--ramp", opt.ramp_s,
                 "nodes power up over S simulated seconds (default: one report interval, for an even load)")
      ->check(CLI::Range(0.0, 86400.0));
  app.add_option("--connections", connections, "HTTP keep-alive connections shared by all nodes")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  app.add_option("--seed", opt.seed, "seed for scenarios and jitter; same seed, same run")->capture_default_str();
  app.add_flag("--no-long-poll", no_long_poll, "do not long-poll /api/esp/commands (one socket per node otherwise)");
  app.add_option("--poll-wait", opt.poll_wait_s, "long-poll wait in seconds")->check(CLI::Range(1, 60))->capture_default_str();
  app.add_option("--sample-ms", opt.sample_ms, "simulated sensor period in ms")->check(CLI::Range(100, 5000))->capture_default_str();
  app.add_option("--timeout-ms", timeout_ms, "per-call timeout")->check(CLI::Range(100, 120000))->capture_default_str();
  app.add_option("--reboot-offline", opt.reboot_offline_s,
                 "A B C: each node loses its network A simulated seconds after boot, reboots at B keeping its NVS "
                 "(offline buffer included), and has the network back at C")
      ->expected(3)
      ->check(CLI::Range(0.0, 1e6));
  app.add_option("--backlog", opt.backlog_s,
                 "S: every node starts holding the reports of the last S seconds (one a report interval, kept in "
                 "its NVS within the flash budget), as after an outage that long; with --ramp 0 they all come back at once")
      ->check(CLI::Range(0.0, 86400.0));
  app.add_option("--rate", rate,
                 "open loop: send node reports at this fixed rate (a second, the devices in turn) for --duration "
                 "seconds instead of running the firmware; latency counts from each report's due time")
      ->check(CLI::PositiveNumber);
  app.add_option("--max-outstanding", open_loop.max_outstanding, "open loop: due reports are not sent while this many are unanswered")
      ->capture_default_str();
  app.add_option("--source-address", sources,
                 "connect from these local addresses in turn (e.g. 127.0.0.1 127.0.0.2 ...), to hold more "
                 "connections to one server than one address has ports");
  app.add_option("--json-summary", json_summary, "also write the summary as JSON to FILE");
  app.add_flag("--quiet", opt.quiet, "no live progress, only the summary");
  app.add_flag("--verbose", opt.verbose, "print every node's log lines");
  CLI11_PARSE(app, argc, argv);

  opt.scenario = *sim::scenario_from(scenario_name);
  opt.long_poll = !no_long_poll;
  std::string error;
  auto endpoint = sim::parse_server_url(server, error);
  if (!endpoint) {
    fmt::print(stderr, "classroom-sim: {}\n", error);
    return 2;
  }

  std::vector<sim::DeviceIdentity> devices;
  if (!devices_file.empty()) {
    auto text = read_file(devices_file);
    auto parsed = text ? sim::parse_devices(*text, error) : std::nullopt;
    if (!parsed) {
      fmt::print(stderr, "classroom-sim: {}: {}\n", devices_file, text ? error : "cannot read");
      return 2;
    }
    devices = std::move(*parsed);
  } else if (register_count == 0) {
    fmt::print(stderr, "classroom-sim: give --devices FILE or --register N (see --help)\n");
    return 2;
  }

  raise_file_limit();
  asio::io_context io(1);
  sim::HttpClient http(io, *endpoint, connections, std::chrono::milliseconds(timeout_ms));
  if (!http.resolve(error) || !http.use_sources(sources, error)) {
    fmt::print(stderr, "classroom-sim: {}\n", error);
    return 1;
  }

  std::optional<sim::Fleet> fleet;
  std::optional<sim::OpenLoopResult> open_loop_result;
  int exit_code = 0;
  asio::signal_set signals(io, SIGINT, SIGTERM);
  bool interrupted = false;
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    interrupted = true;
    if (fleet) fleet->stop();
    else http.shutdown();
  });

  auto main_task = [&]() -> asio::awaitable<void> {
    if (register_count > 0) {
      sim::RegisterOptions ro;
      ro.count = register_count;
      ro.username = admin_user;
      if (!admin_password_file.empty()) {
        auto pw = read_file(admin_password_file);
        ro.password = pw ? pw->substr(0, pw->find_first_of("\r\n")) : "";
      }
      ro.run_tag = static_cast<std::uint32_t>(std::chrono::system_clock::now().time_since_epoch().count() / 1000) ^ opt.seed;
      ro.prefix = device_prefix.empty() ? fmt::format("sim-{:06x}", ro.run_tag & 0xffffff) : device_prefix;
      if (!opt.quiet) fmt::print(stderr, "registering {} rooms and devices as {}...\n", register_count, ro.username);
      auto made = co_await sim::register_fleet(http, ro, error);
      if (!made) {
        fmt::print(stderr, "classroom-sim: {}\n", error);
        exit_code = 1;
        signals.cancel();
        co_return;
      }
      devices = std::move(*made);
      if (!save_devices.empty() && !write_file(save_devices, sim::devices_json(devices)))
        fmt::print(stderr, "classroom-sim: cannot write {}\n", save_devices);
    }
    if (interrupted) {
      signals.cancel();
      co_return;
    }
    if (rate > 0) {
      open_loop.rate = rate;
      open_loop.duration_s = opt.duration_s > 0 ? opt.duration_s : 10;
      if (!opt.quiet)
        fmt::print(stderr, "open loop: {} reports/s from {} devices against {} for {} s\n", rate, devices.size(),
                   server, open_loop.duration_s);
      open_loop_result = co_await sim::run_open_loop(http, devices, open_loop, interrupted);
      http.shutdown();
      signals.cancel();
      co_return;
    }
    if (!opt.quiet)
      fmt::print(stderr, "running {} nodes against {} (scenario {}, speed {}x, {})\n", devices.size(), server,
                 scenario_name, opt.speed,
                 opt.duration_s > 0 ? fmt::format("{} s", opt.duration_s) : std::string("until interrupted"));
    fleet.emplace(io, http, std::move(devices), opt);
    co_await fleet->run();
    signals.cancel();
  };
  asio::co_spawn(io, main_task(), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
  io.run();

  if (open_loop_result) {
    fmt::print("{}", sim::open_loop_text(open_loop, *open_loop_result));
    if (!json_summary.empty() && !write_file(json_summary, sim::open_loop_json(open_loop, *open_loop_result))) {
      fmt::print(stderr, "classroom-sim: cannot write {}\n", json_summary);
      return 1;
    }
    return 0;
  }
  if (!fleet) return exit_code;
  const auto info = fleet->info();
  const auto totals = fleet->totals();
  fmt::print("{}", sim::summary_text(info, fleet->stats(), totals));
  if (!json_summary.empty() && !write_file(json_summary, sim::summary_json(info, fleet->stats(), totals))) {
    fmt::print(stderr, "classroom-sim: cannot write {}\n", json_summary);
    return 1;
  }
  return 0;
}
