#pragma once
// Many virtual nodes in one process: each is the firmware core's fw::Node in a
// simulated room, on a simulated clock that runs `speed` times faster than the wall.
// One thread, asynchronous I/O: a pool of connections, not a thread per node.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "devices.hpp"
#include "http_client.hpp"
#include "node.hpp"
#include "scenario.hpp"
#include "stats.hpp"

namespace sim {

struct FleetOptions {
  ScenarioKind scenario = ScenarioKind::Mixed;
  double speed = 1.0;
  double duration_s = 60;         // wall-clock seconds; 0 runs until stop()
  std::int32_t report_interval_s = 0;  // 0: the node default, then what the server asks
  double ramp_s = -1;             // nodes power up over this many simulated seconds; <0: one interval
  std::uint32_t seed = 1;
  bool long_poll = true;
  std::int32_t poll_wait_s = 25;
  std::int32_t sample_ms = 500;   // simulated sensor period
  double progress_every_s = 2;
  bool quiet = false;
  bool verbose = false;           // print every node's log lines
  // Every node loses its network reboot_offline_s[0] simulated seconds after its boot,
  // reboots at [1] (its NVS kept: seq ceiling, booking, offline buffer) and gets the
  // network back at [2]. Empty: no reboots.
  std::vector<double> reboot_offline_s;
  // Every node starts holding the reports it made in the last backlog_s seconds (one a
  // report interval, each with its wall-clock time), as after an outage of that long:
  // the reconnect storm. 0: none.
  double backlog_s = 0;
};

class Fleet {
 public:
  Fleet(boost::asio::io_context& io, HttpClient& http, std::vector<DeviceIdentity> devices,
        FleetOptions options);
  ~Fleet();

  boost::asio::awaitable<void> run();
  void stop();  // from SIGINT: ends run() at its next step

  const Stats& stats() const { return stats_; }
  NodeTotals totals() const;
  RunInfo info() const;

 private:
  struct VirtualNode;
  fw::Millis sim_now() const;
  void step(VirtualNode& v, fw::Millis now);
  bool link_up(VirtualNode& v, fw::Millis now);
  void boot(VirtualNode& v, fw::Millis now);
  boost::asio::awaitable<void> send(VirtualNode& v, fw::Request request);
  boost::asio::awaitable<void> poll(VirtualNode& v);
  void progress(double wall_s);

  boost::asio::io_context& io_;
  HttpClient& http_;
  FleetOptions opt_;
  std::vector<std::unique_ptr<VirtualNode>> nodes_;
  Stats stats_;
  std::chrono::steady_clock::time_point started_;
  double finished_wall_s_ = 0;
  bool stopping_ = false;
  std::size_t in_flight_ = 0;
  std::uint64_t last_progress_calls_ = 0;
};

}  // namespace sim
