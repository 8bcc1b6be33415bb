#include "open_loop.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <fmt/format.h>
#include <memory>

#include "util/json_text.hpp"
#include "wire.hpp"

namespace sim {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

struct Shared {
  OpenLoopResult result;
  std::size_t outstanding = 0;
};

std::int64_t unix_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

asio::awaitable<void> one(HttpClient& http, std::shared_ptr<Shared> shared, HttpRequest req, Clock::time_point due) {
  auto res = co_await http.send(std::move(req));
  // Timed from its due time, not from when a connection took it.
  const auto late = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - due).count();
  shared->result.stats.record("status", res.status, static_cast<std::uint64_t>(late), res.wait_micros, res.error);
  --shared->outstanding;
}

}  // namespace

asio::awaitable<OpenLoopResult> run_open_loop(HttpClient& http, const std::vector<DeviceIdentity>& devices,
                                              OpenLoopOptions o, const bool& stopping) {
  auto shared = std::make_shared<Shared>();
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer timer(executor);
  // Each device's seq starts at this run's start in unix ms, above every earlier run's.
  const std::int64_t seq_base = unix_now_ms();
  std::vector<std::int64_t> sent_to(devices.size(), 0);
  const auto start = Clock::now();
  const auto period = std::chrono::duration<double>(1.0 / o.rate);
  const auto total = static_cast<std::uint64_t>(o.rate * o.duration_s);
  std::uint64_t next = 0;
  while (next < total && !stopping) {
    const auto now = Clock::now();
    // Every report due by now goes out now; a late wake-up sends several at once.
    for (; next < total; ++next) {
      const auto due = start + std::chrono::duration_cast<Clock::duration>(period * static_cast<double>(next));
      if (due > now) break;
      ++shared->result.due;
      if (shared->outstanding >= o.max_outstanding) {
        ++shared->result.not_sent;
        continue;
      }
      const auto i = next % devices.size();
      const auto& d = devices[i];
      fw::StatusReport r;
      r.seq = seq_base + sent_to[i]++;
      r.is_occupied = next % 3 == 0;
      r.last_movement_s = r.is_occupied ? 5 : 600;
      r.temperature = 21.5;
      ++shared->outstanding;
      asio::co_spawn(executor,
                     one(http, shared, post_as_device("/api/esp/status", fw::status_body(d.device_id, r, unix_now_ms() / 1000),
                                                      d.device_id, d.api_key),
                         due),
                     asio::detached);
    }
    if (next >= total) break;
    timer.expires_at(start + std::chrono::duration_cast<Clock::duration>(period * static_cast<double>(next)));
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  // The answers still owed, for as long as a call may take.
  for (int i = 0; i < 3000 && shared->outstanding > 0 && !stopping; ++i) {
    timer.expires_after(std::chrono::milliseconds(10));
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  shared->result.wall_s = std::chrono::duration<double>(Clock::now() - start).count();
  co_return shared->result;
}

std::string open_loop_text(const OpenLoopOptions& o, const OpenLoopResult& r) {
  auto failures = failures_text(r.stats);
  if (!failures.empty()) failures = "; " + failures;
  const auto& l = r.stats.latency;
  return fmt::format(
      "classroom-sim open loop: {:.0f} reports/s asked for {:.0f} s; {} due, {} not sent ({} or more unanswered)\n"
      "  answers:  {}{}\n"
      "  latency from each report's due time: p50 {:.2f} ms, p90 {:.2f} ms, p99 {:.2f} ms, p99.9 {:.2f} ms, max {:.2f} ms\n"
      "  waiting for a connection: p99 {:.2f} ms\n",
      o.rate, o.duration_s, r.due, r.not_sent, o.max_outstanding, answers_text(r.stats), failures,
      l.percentile_ms(0.5), l.percentile_ms(0.9), l.percentile_ms(0.99), l.percentile_ms(0.999), l.max_ms(),
      r.stats.connection_wait.percentile_ms(0.99));
}

std::string open_loop_json(const OpenLoopOptions& o, const OpenLoopResult& r) {
  const auto ms = rounded_ms;
  const auto& l = r.stats.latency;
  boost::json::object out{
      {"mode", "open_loop"},
      {"rate_per_s", o.rate},
      {"duration_s", o.duration_s},
      {"due", r.due},
      {"not_sent", r.not_sent},
      {"wall_seconds", ms(r.wall_s)},
      {"answers", answers_json(r.stats)},
      {"latency_ms", boost::json::object{{"p50", ms(l.percentile_ms(0.5))},
                                         {"p90", ms(l.percentile_ms(0.9))},
                                         {"p99", ms(l.percentile_ms(0.99))},
                                         {"p999", ms(l.percentile_ms(0.999))},
                                         {"max", ms(l.max_ms())},
                                         {"connection_wait_p99", ms(r.stats.connection_wait.percentile_ms(0.99))}}},
  };
  return classroom::to_json_text(out) + "\n";
}

}  // namespace sim
