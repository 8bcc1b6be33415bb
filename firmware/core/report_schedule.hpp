#pragma once
// When the next status report is due: every interval, and at once (but not more often
// than min_gap) when the room's state changed.
#include <optional>

#include "clock.hpp"

namespace fw {

class ReportSchedule {
 public:
  ReportSchedule(Millis interval, Millis min_gap) : interval_(interval), min_gap_(min_gap) {}

  bool due(Millis now, bool changed) const {
    if (!last_) return true;
    const Millis since = now - *last_;
    return since >= interval_ || (changed && since >= min_gap_);
  }
  void made(Millis now) { last_ = now; }
  void set_interval(Millis interval) { interval_ = interval; }
  Millis interval() const { return interval_; }

 private:
  Millis interval_;
  Millis min_gap_;
  std::optional<Millis> last_;
};

}  // namespace fw
