#pragma once
// The node protocol's service: a report is judged against the live campus (the pure
// report rule and power rule), written durably, and only then announced to the
// dashboards and answered. Heartbeats, power logs and command long-polls too.
#include "live/campus.hpp"
#include "live/report_writer.hpp"
#include "realtime/hub.hpp"
#include "util/clock.hpp"
#include "util/metrics.hpp"

#include <functional>
#include <optional>
#include <vector>

namespace date { class time_zone; }

namespace classroom {

struct BatchOutcome {
  ReportOutcome last;  // the newest report's answer
  std::int64_t accepted = 0, duplicates = 0, last_seq = 0;
};

class ReportService {
 public:
  // nullopt: refused (the database is down and the outage journal is full): 503.
  template <class T>
  using Done = std::function<void(std::optional<T>)>;

  ReportService(Campus& campus, ReportWriter& writer, Hub& hub, Metrics& metrics, const Clock& clock,
                const date::time_zone* zone);

  void report(const std::string& device_id, const Report& r, Done<ReportOutcome> done);
  // Reports buffered by the node, in sequence order; stored all or none.
  void batch(const std::string& device_id, std::vector<Report> reports, Done<BatchOutcome> done);
  void heartbeat(const std::string& device_id, const std::string& firmware, const NodeHealth& health,
                 Done<std::int64_t> done);
  void power_log(PowerLogWrite log, std::optional<std::int64_t> command_id, Done<bool> done);
  // The node's pending command at once, or as soon as one is given within wait_s.
  void wait_for_command(const std::string& device_id, std::int64_t wait_s,
                        std::function<void(std::optional<PowerCommand>)> done);

  std::int64_t now() const { return clock_.now(); }
  const date::time_zone* zone() const { return zone_; }

 private:
  void announce(const std::optional<RoomLive>& live);
  void count(const char* outcome, const ReportOutcome& out, std::uint64_t n = 1);
  Campus& campus_;
  ReportWriter& writer_;
  Hub& hub_;
  Metrics& metrics_;
  const Clock& clock_;
  const date::time_zone* zone_;
};

}  // namespace classroom
