#pragma once
// Reports waiting for the server, oldest first. Bounded: when full, the oldest report
// gives way, so the server still learns how the room is now.
#include <cstddef>
#include <cstdint>
#include <deque>

#include "protocol.hpp"

namespace fw {

class OfflineBuffer {
 public:
  explicit OfflineBuffer(std::size_t capacity) : capacity_(capacity ? capacity : 1) {}

  // Returns true when an older report had to be dropped to make room.
  bool push(const StatusReport& r) {
    bool dropped = false;
    if (items_.size() >= capacity_) {
      items_.pop_front();
      ++dropped_;
      dropped = true;
    }
    items_.push_back(r);
    return dropped;
  }
  // Drops every report the server has (seq up to and including `seq`).
  void acknowledge_through(std::int64_t seq) {
    while (!items_.empty() && items_.front().seq <= seq) items_.pop_front();
  }
  void pop_front(std::size_t n) {
    while (n-- && !items_.empty()) items_.pop_front();
  }

  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  std::size_t capacity() const { return capacity_; }
  std::uint64_t dropped() const { return dropped_; }
  const std::deque<StatusReport>& items() const { return items_; }

 private:
  std::size_t capacity_;
  std::deque<StatusReport> items_;
  std::uint64_t dropped_ = 0;
};

}  // namespace fw
