#pragma once
// What a run did: calls by kind, answers by status, latency percentiles.
#include <array>
#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>
#include <string>

#include "protocol.hpp"

namespace sim {

// Latency histogram: 1 µs resolution below 1 ms, then 64 steps per power of two, so
// a percentile is within ~1.1% of the truth at any size of run.
class LatencyHistogram {
 public:
  void add(std::uint64_t micros);
  std::uint64_t count() const { return count_; }
  // q in [0, 1]; in milliseconds.
  double percentile_ms(double q) const;
  double max_ms() const { return static_cast<double>(max_) / 1000.0; }

 private:
  static constexpr int kSub = 64;
  static constexpr int kBuckets = 1024 + 32 * kSub;
  static int bucket_of(std::uint64_t micros);
  static std::uint64_t upper_of(int bucket);
  std::array<std::uint64_t, kBuckets> buckets_{};
  std::uint64_t count_ = 0;
  std::uint64_t max_ = 0;
};

struct NodeTotals {
  std::uint64_t reports_made = 0, reports_delivered = 0, reports_dropped = 0, buffered = 0;
  std::uint64_t commands_applied = 0, relay_switches = 0, answers_malformed = 0;
  std::uint64_t occupied = 0, power_on = 0, reachable = 0, nodes = 0;
  std::uint64_t sensor_faulted = 0, faulted_and_dark = 0;  // now
  std::uint64_t refused = 0;     // nodes answered 503 at least once
  std::uint64_t unanswered = 0;  // nodes with a call that got no answer
};

struct Stats {
  std::map<std::string, std::uint64_t> calls;   // by request kind
  std::map<int, std::uint64_t> answers;         // by HTTP status, 0 = no answer
  std::map<std::string, std::uint64_t> failures;  // calls without an answer, by what went wrong
  std::uint64_t scenario_drops = 0;             // calls a simulated network drop ate
  std::uint64_t faulted_dark_samples = 0;       // samples a node spent dark with a faulted sensor
  std::uint64_t polls = 0, poll_commands = 0;  // long-polls started; commands they brought
  LatencyHistogram latency;                     // every call except the long-poll
  LatencyHistogram connection_wait;             // of that, waiting for a pooled connection
  // --reboot-offline: reports each node took back from its NVS at the reboot.
  std::uint64_t reboots = 0;
  std::vector<std::pair<std::string, std::int64_t>> restored;  // device_id, unix time
  // --backlog: nodes that started with a backlog, those that delivered all of it, and
  // when the last of them did (wall seconds from the start).
  std::uint64_t backlog_nodes = 0, backlog_reports = 0, backlog_delivered = 0;
  double backlog_last_s = 0;

  void record(const char* kind, int status, std::uint64_t micros, std::uint64_t wait_micros,
              const std::string& error = {});
  std::uint64_t total_calls() const;
};

struct RunInfo {
  std::string scenario;
  double wall_s = 0;
  double simulated_s = 0;
  double speed = 1;
};

// The parts every summary shows alike: answers by status ("200=12 503=1", "none"), the
// failures by cause ("connect: ...: 2; ..."), the answers as JSON, milliseconds to 3 places.
std::string answers_text(const Stats& s);
std::string failures_text(const Stats& s);
boost::json::object answers_json(const Stats& s);
double rounded_ms(double ms);

std::string summary_text(const RunInfo& run, const Stats& s, const NodeTotals& n);
std::string summary_json(const RunInfo& run, const Stats& s, const NodeTotals& n);

}  // namespace sim
