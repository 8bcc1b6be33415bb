#pragma once
// Counters per key (client address, username). A fixed limiter allows `limit` hits
// per window. A progressive one (`max_block_s` > 0) locks a key out once it reaches
// the limit, for a window the first time and twice as long each time after, up to
// `max_block_s`, until a reset (a correct password) or a day without lock-outs.
// Pure apart from its own map; `now` is passed in so tests control time.
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace classroom {

class RateLimiter {
 public:
  RateLimiter(int limit, std::int64_t window_s, std::int64_t max_block_s = 0)
      : limit_(limit), window_s_(window_s), max_block_s_(max_block_s) {}
  // 0 when allowed (and counted); otherwise seconds until the key may try again.
  int hit(const std::string& key, std::int64_t now);
  // The same question without counting: 0, or seconds until the key may try again.
  int wait(const std::string& key, std::int64_t now);
  void reset(const std::string& key);

  static constexpr std::int64_t kForgetStrikesS = 86400;

 private:
  struct Window {
    std::int64_t start = 0;
    int count = 0;
    int strikes = 0;                 // lock-outs in a row (progressive)
    std::int64_t blocked_until = 0;  // progressive: refused until then
  };
  int wait_locked(const Window& w, std::int64_t now) const;
  int limit_;
  std::int64_t window_s_, max_block_s_;
  std::mutex mu_;
  std::unordered_map<std::string, Window> windows_;
  std::int64_t last_purge_ = 0;
};

}  // namespace classroom
