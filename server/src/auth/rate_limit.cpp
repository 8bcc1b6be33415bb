#include "auth/rate_limit.hpp"

namespace classroom {

int RateLimiter::hit(const std::string& key, std::int64_t now) {
  std::lock_guard g(mu_);
  if (now - last_purge_ > window_s_) {  // forget finished windows so the map stays small
    std::erase_if(windows_, [&](const auto& kv) { return now - kv.second.start >= window_s_; });
    last_purge_ = now;
  }
  auto& w = windows_[key];
  if (now - w.start >= window_s_) w = Window{now, 0};
  if (w.count >= limit_) return static_cast<int>(w.start + window_s_ - now);
  ++w.count;
  return 0;
}

int RateLimiter::wait(const std::string& key, std::int64_t now) {
  std::lock_guard g(mu_);
  auto it = windows_.find(key);
  if (it == windows_.end() || now - it->second.start >= window_s_ || it->second.count < limit_) return 0;
  return static_cast<int>(it->second.start + window_s_ - now);
}

void RateLimiter::reset(const std::string& key) {
  std::lock_guard g(mu_);
  windows_.erase(key);
}

}  // namespace classroom
