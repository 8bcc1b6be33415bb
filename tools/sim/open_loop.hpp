#pragma once
// Open-loop load: node reports (POST /api/esp/status, the firmware's own body) at a fixed
// rate, whatever the server does, each timed from the moment it was due to be sent. A
// server that stalls shows as latency of every report due during the stall, not as a
// lower rate (no coordinated omission); waiting for a free connection counts too.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "devices.hpp"
#include "http_client.hpp"
#include "stats.hpp"

namespace sim {

struct OpenLoopOptions {
  double rate = 1000;          // reports a second, over all devices in turn
  double duration_s = 10;      // wall-clock seconds of sending
  std::size_t max_outstanding = 100000;  // due reports beyond this many unanswered are not sent
};

struct OpenLoopResult {
  Stats stats;  // latency from each report's due time
  std::uint64_t due = 0, not_sent = 0;
  double wall_s = 0;
};

boost::asio::awaitable<OpenLoopResult> run_open_loop(HttpClient& http, const std::vector<DeviceIdentity>& devices,
                                                     OpenLoopOptions options, const bool& stopping);

std::string open_loop_text(const OpenLoopOptions& o, const OpenLoopResult& r);
std::string open_loop_json(const OpenLoopOptions& o, const OpenLoopResult& r);

}  // namespace sim
