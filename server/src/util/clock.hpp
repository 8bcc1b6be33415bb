#pragma once
// Wall-clock seconds. Services take a Clock so tests can move time; storage stamps
// created_at/updated_at with the real time.
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
  virtual ~Clock() = default;
  virtual std::int64_t now() const { return unix_now() + offset_.load(); }
  // Moves this clock (tests, and the --clock-offset option for demos and drills).
  void shift(std::int64_t seconds) { offset_ += seconds; }

 private:
  std::atomic<std::int64_t> offset_{0};
};

}  // namespace classroom
