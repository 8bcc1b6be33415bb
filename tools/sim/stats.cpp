#include "stats.hpp"

#include "util/json_text.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <boost/json.hpp>
#include <fmt/format.h>

namespace sim {

int LatencyHistogram::bucket_of(std::uint64_t us) {
  if (us < 1024) return static_cast<int>(us);
  const int exp = std::bit_width(us) - 1;  // >= 10
  const int sub = static_cast<int>((us >> (exp - 6)) & (kSub - 1));
  return std::min(kBuckets - 1, 1024 + (exp - 10) * kSub + sub);
}

std::uint64_t LatencyHistogram::upper_of(int b) {
  if (b < 1024) return static_cast<std::uint64_t>(b);
  const int exp = 10 + (b - 1024) / kSub;
  const std::uint64_t sub = static_cast<std::uint64_t>((b - 1024) % kSub);
  return ((std::uint64_t{kSub} + sub + 1) << (exp - 6)) - 1;
}

void LatencyHistogram::add(std::uint64_t us) {
  ++buckets_[static_cast<std::size_t>(bucket_of(us))];
  ++count_;
  max_ = std::max(max_, us);
}

double LatencyHistogram::percentile_ms(double q) const {
  if (count_ == 0) return 0;
  // Nearest rank: the smallest value with at least q of the samples at or below it.
  const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_))));
  std::uint64_t seen = 0;
  for (int b = 0; b < kBuckets; ++b) {
    seen += buckets_[static_cast<std::size_t>(b)];
    if (seen >= rank) return static_cast<double>(std::min(upper_of(b), max_)) / 1000.0;
  }
  return max_ms();
}

void Stats::record(const char* kind, int status, std::uint64_t micros, std::uint64_t wait_micros,
                   const std::string& error) {
  ++calls[kind];
  ++answers[status];
  if (status == 0) {
    ++failures[error.empty() ? std::string("no answer") : error];
    return;
  }
  latency.add(micros);
  connection_wait.add(wait_micros);
}

std::uint64_t Stats::total_calls() const {
  std::uint64_t n = 0;
  for (auto& [k, v] : calls) n += v;
  return n;
}

std::string answers_text(const Stats& s) {
  std::string out;
  for (auto& [k, v] : s.answers)
    out += fmt::format("{}{}={}", out.empty() ? "" : " ", k == 0 ? std::string("no-answer") : std::to_string(k), v);
  return out.empty() ? "none" : out;
}

std::string failures_text(const Stats& s) {
  std::string out;
  for (auto& [k, v] : s.failures) out += fmt::format("{}{}: {}", out.empty() ? "" : "; ", k, v);
  return out;
}

boost::json::object answers_json(const Stats& s) {
  boost::json::object out;
  for (auto& [k, v] : s.answers) out[k == 0 ? std::string("none") : std::to_string(k)] = v;
  return out;
}

double rounded_ms(double ms) { return std::round(ms * 1000.0) / 1000.0; }

std::string summary_text(const RunInfo& run, const Stats& s, const NodeTotals& n) {
  std::string calls;
  for (auto& [k, v] : s.calls) calls += fmt::format("{}{} {}", calls.empty() ? "" : ", ", k, v);
  const double rate = run.wall_s > 0 ? static_cast<double>(s.total_calls()) / run.wall_s : 0;
  const auto failures = failures_text(s);
  std::string backlog;
  if (!failures.empty()) backlog = "  failures: " + failures + "\n";
  if (s.backlog_nodes)
    backlog += fmt::format("  backlog:  {} of {} nodes delivered all {} reports they held, the last {:.1f} s after the start\n",
                          s.backlog_delivered, s.backlog_nodes, s.backlog_reports, s.backlog_last_s);
  return backlog + fmt::format(
      "classroom-sim summary: {} nodes, scenario {}, {:.1f} s ({:.0f} s simulated at {}x)\n"
      "  calls:    {} ({:.1f}/s): {}\n"
      "  answers:  {}{}; nodes ever answered 503: {} ({:.2f} %), with a call unanswered: {}\n"
      "  reports:  made {}, delivered {}, dropped {}, still buffered {}\n"
      "  commands: applied {} ({} long-polls); relay switches {}; malformed answers {}\n"
      "  rooms:    occupied {}, power on {}, server reachable {}\n"
      "  sensors:  faulted {}, faulted and dark {} (dark samples while faulted {})\n"
      "  latency:  p50 {:.2f} ms, p90 {:.2f} ms, p99 {:.2f} ms, max {:.2f} ms (waiting for a connection: p99 {:.2f} ms)\n",
      n.nodes, run.scenario, run.wall_s, run.simulated_s, run.speed, s.total_calls(), rate,
      calls.empty() ? "none" : calls, answers_text(s),
      s.scenario_drops ? fmt::format(" (+{} dropped by the scenario's network)", s.scenario_drops) : "",
      n.refused, n.nodes ? 100.0 * static_cast<double>(n.refused) / static_cast<double>(n.nodes) : 0.0, n.unanswered,
      n.reports_made, n.reports_delivered, n.reports_dropped, n.buffered, n.commands_applied, s.polls,
      n.relay_switches, n.answers_malformed, n.occupied, n.power_on, n.reachable,
      n.sensor_faulted, n.faulted_and_dark, s.faulted_dark_samples,
      s.latency.percentile_ms(0.5), s.latency.percentile_ms(0.9), s.latency.percentile_ms(0.99),
      s.latency.max_ms(), s.connection_wait.percentile_ms(0.99));
}

std::string summary_json(const RunInfo& run, const Stats& s, const NodeTotals& n) {
  boost::json::object calls, failures;
  for (auto& [k, v] : s.calls) calls[k] = v;
  for (auto& [k, v] : s.failures) failures[k] = v;
  const auto ms = rounded_ms;
  boost::json::object o{
      {"nodes", n.nodes},
      {"scenario", run.scenario},
      {"wall_seconds", ms(run.wall_s)},
      {"simulated_seconds", ms(run.simulated_s)},
      {"speed", run.speed},
      {"calls", calls},
      {"calls_total", s.total_calls()},
      {"calls_per_second", run.wall_s > 0 ? ms(static_cast<double>(s.total_calls()) / run.wall_s) : 0.0},
      {"answers", answers_json(s)},
      {"failures", failures},
      {"scenario_drops", s.scenario_drops},
      {"nodes_refused", n.refused},
      {"nodes_unanswered", n.unanswered},
      {"reports", boost::json::object{{"made", n.reports_made}, {"delivered", n.reports_delivered},
                                      {"dropped", n.reports_dropped}, {"buffered", n.buffered}}},
      {"commands_applied", n.commands_applied},
      {"long_polls", s.polls},
      {"relay_switches", n.relay_switches},
      {"malformed_answers", n.answers_malformed},
      {"rooms", boost::json::object{{"occupied", n.occupied}, {"power_on", n.power_on}, {"reachable", n.reachable}}},
      {"sensors", boost::json::object{{"faulted", n.sensor_faulted},
                                      {"faulted_and_dark", n.faulted_and_dark},
                                      {"faulted_dark_samples", s.faulted_dark_samples}}},
      {"latency_ms", boost::json::object{{"p50", ms(s.latency.percentile_ms(0.5))},
                                         {"p90", ms(s.latency.percentile_ms(0.9))},
                                         {"p99", ms(s.latency.percentile_ms(0.99))},
                                         {"max", ms(s.latency.max_ms())},
                                         {"connection_wait_p99", ms(s.connection_wait.percentile_ms(0.99))}}},
  };
  if (s.backlog_nodes)
    o["backlog"] = boost::json::object{{"nodes", s.backlog_nodes},
                                       {"reports", s.backlog_reports},
                                       {"nodes_delivered", s.backlog_delivered},
                                       {"last_delivered_s", ms(s.backlog_last_s)}};
  if (s.reboots) {
    boost::json::array restored;
    for (const auto& [device, unix_s] : s.restored)
      restored.push_back(boost::json::object{{"device_id", device}, {"timestamp", unix_s}});
    o["reboots"] = s.reboots;
    o["restored_reports"] = std::move(restored);
  }
  std::string out;
  out += classroom::to_json_text(o);
  return out + "\n";
}

}  // namespace sim
