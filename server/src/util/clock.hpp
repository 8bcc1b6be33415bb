#pragma once
// Wall-clock seconds. Services take a Clock so tests and drills can move time, and
// pass its `now` into the stores.
#include <atomic>
#include <chrono>
#include <cstdint>

namespace classroom {

inline std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

// Wall-clock milliseconds: long-poll deadlines, which the ticker checks.
inline std::int64_t unix_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

class Clock {
 public:
  explicit Clock(std::int64_t offset_s = 0) : offset_(offset_s) {}
  virtual ~Clock() = default;
  virtual std::int64_t now() const { return unix_now() + offset_.load(); }
  // Moves this clock (tests, and the --clock-offset option for demos and drills).
  void shift(std::int64_t seconds) { offset_ += seconds; }

 private:
  std::atomic<std::int64_t> offset_{0};
};

}  // namespace classroom
