#pragma once
// Fixed-window counters per key (client address, username). Pure apart from its
// own map; `now` is passed in so tests control time.
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace classroom {

class RateLimiter {
 public:
  RateLimiter(int limit, std::int64_t window_s) : limit_(limit), window_s_(window_s) {}
  // 0 when allowed (and counted); otherwise seconds until the window reopens.
  int hit(const std::string& key, std::int64_t now);
  // The same question without counting: 0, or seconds until the window reopens.
  int wait(const std::string& key, std::int64_t now);
  void reset(const std::string& key);

 private:
  struct Window {
    std::int64_t start = 0;
    int count = 0;
  };
  int limit_;
  std::int64_t window_s_;
  std::mutex mu_;
  std::unordered_map<std::string, Window> windows_;
  std::int64_t last_purge_ = 0;
};

}  // namespace classroom
